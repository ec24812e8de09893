package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink.h"
*/
import "C"

import (
	"context"
	"unsafe"

	"storj.io/uplink/edge"
)

// mallocCredentials converts edge credentials (nil gives NULL).
func mallocCredentials(c *edge.Credentials) *C.EdgeCredentials {
	if c == nil {
		return nil
	}
	out := (*C.EdgeCredentials)(C.calloc(1, C.sizeof_EdgeCredentials))
	out.access_key_id = mallocString(c.AccessKeyID)
	out.secret_key = mallocString(c.SecretKey)
	out.endpoint = mallocString(c.Endpoint)
	return out
}

func freeCredentials(c *C.EdgeCredentials) {
	if c == nil {
		return
	}
	C.free(unsafe.Pointer(c.access_key_id))
	C.free(unsafe.Pointer(c.secret_key))
	C.free(unsafe.Pointer(c.endpoint))
	C.free(unsafe.Pointer(c))
}

// goEdgeConfig converts an EdgeConfig. A NULL auth_service_address becomes ""
// (which storj.io/uplink/edge rejects with "AuthServiceAddress is missing");
// a NULL or empty certificate_pem means the system roots.
func goEdgeConfig(c C.EdgeConfig) edge.Config {
	cfg := edge.Config{
		AuthServiceAddress:            optionalString(c.auth_service_address),
		InsecureUnencryptedConnection: bool(c.insecure_unencrypted_connection),
	}
	if pem := optionalString(c.certificate_pem); pem != "" {
		cfg.CertificatePEM = []byte(pem)
	}
	return cfg
}

//export edge_register_access
func edge_register_access(config C.EdgeConfig, access *C.UplinkAccess, options *C.EdgeRegisterAccessOptions) (res C.EdgeCredentialsResult) {
	defer recoverError(&res.error)
	a, err := getAccess(access, "access")
	if err != nil {
		return C.EdgeCredentialsResult{error: mallocError(err)}
	}
	var opts *edge.RegisterAccessOptions
	if options != nil {
		opts = &edge.RegisterAccessOptions{Public: bool(options.is_public)}
	}
	cfg := goEdgeConfig(config)
	credentials, err := cfg.RegisterAccess(context.Background(), a, opts)
	if err != nil {
		return C.EdgeCredentialsResult{error: mallocError(err)}
	}
	return C.EdgeCredentialsResult{credentials: mallocCredentials(credentials)}
}

//export edge_free_credentials_result
func edge_free_credentials_result(result C.EdgeCredentialsResult) {
	defer recoverQuietly()
	freeCredentials(result.credentials)
	freeError(result.error)
}

//export edge_free_credentials
func edge_free_credentials(credentials *C.EdgeCredentials) {
	defer recoverQuietly()
	freeCredentials(credentials)
}

// edge_join_share_url builds a linksharing URL. baseURL and accessKeyID are
// required; a NULL bucket or key means "" (share the whole access, or the
// whole bucket).
//
//export edge_join_share_url
func edge_join_share_url(baseURL, accessKeyID, bucket, key *C.uplink_const_char, options *C.EdgeShareURLOptions) (res C.UplinkStringResult) {
	defer recoverError(&res.error)
	args, err := requiredStrings(arg(baseURL, "baseURL"), arg(accessKeyID, "accessKeyID"))
	if err != nil {
		return stringResult("", err)
	}
	var opts *edge.ShareURLOptions
	if options != nil {
		opts = &edge.ShareURLOptions{Raw: bool(options.raw)}
	}
	return stringResult(edge.JoinShareURL(args[0], args[1], optionalString(cstr(bucket)), optionalString(cstr(key)), opts))
}
