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

	"storj.io/uplink"
)

// getAccess returns the access grant behind an UplinkAccess handle.
func getAccess(p *C.UplinkAccess, name string) (*uplink.Access, error) {
	return getHandle[*uplink.Access](unsafe.Pointer(p), name)
}

// accessResult registers access (on success) and builds the C result.
func accessResult(access *uplink.Access, err error) C.UplinkAccessResult {
	if err != nil {
		return C.UplinkAccessResult{error: mallocError(err)}
	}
	return C.UplinkAccessResult{access: (*C.UplinkAccess)(newHandle(access))}
}

// stringResult builds a C string result.
func stringResult(s string, err error) C.UplinkStringResult {
	if err != nil {
		return C.UplinkStringResult{error: mallocError(err)}
	}
	return C.UplinkStringResult{string: mallocString(s)}
}

//export uplink_parse_access
func uplink_parse_access(accessString *C.uplink_const_char) (res C.UplinkAccessResult) {
	defer recoverError(&res.error)
	s, err := requiredString(cstr(accessString), "accessString")
	if err != nil {
		return accessResult(nil, err)
	}
	return accessResult(uplink.ParseAccess(s))
}

func requestAccess(config uplink.Config, satelliteAddress, apiKey, passphrase *C.uplink_const_char) C.UplinkAccessResult {
	args, err := requiredStrings(
		arg(satelliteAddress, "satellite_address"),
		arg(apiKey, "api_key"),
		arg(passphrase, "passphrase"),
	)
	if err != nil {
		return accessResult(nil, err)
	}
	return accessResult(config.RequestAccessWithPassphrase(context.Background(), args[0], args[1], args[2]))
}

//export uplink_request_access_with_passphrase
func uplink_request_access_with_passphrase(satellite_address, api_key, passphrase *C.uplink_const_char) (res C.UplinkAccessResult) {
	defer recoverError(&res.error)
	return requestAccess(uplink.Config{}, satellite_address, api_key, passphrase)
}

//export uplink_config_request_access_with_passphrase
func uplink_config_request_access_with_passphrase(config C.UplinkConfig, satellite_address, api_key, passphrase *C.uplink_const_char) (res C.UplinkAccessResult) {
	defer recoverError(&res.error)
	return requestAccess(goConfig(config), satellite_address, api_key, passphrase)
}

//export uplink_access_satellite_address
func uplink_access_satellite_address(access *C.UplinkAccess) (res C.UplinkStringResult) {
	defer recoverError(&res.error)
	a, err := getAccess(access, "access")
	if err != nil {
		return stringResult("", err)
	}
	return stringResult(a.SatelliteAddress(), nil)
}

//export uplink_access_serialize
func uplink_access_serialize(access *C.UplinkAccess) (res C.UplinkStringResult) {
	defer recoverError(&res.error)
	a, err := getAccess(access, "access")
	if err != nil {
		return stringResult("", err)
	}
	return stringResult(a.Serialize())
}

//export uplink_access_share
func uplink_access_share(access *C.UplinkAccess, permission C.UplinkPermission, prefixes *C.UplinkSharePrefix, prefixes_count C.int64_t) (res C.UplinkAccessResult) {
	defer recoverError(&res.error)
	a, err := getAccess(access, "access")
	if err != nil {
		return accessResult(nil, err)
	}
	sharePrefixes, err := goSharePrefixes(prefixes, prefixes_count)
	if err != nil {
		return accessResult(nil, err)
	}
	return accessResult(a.Share(goPermission(permission), sharePrefixes...))
}

//export uplink_free_string_result
func uplink_free_string_result(result C.UplinkStringResult) {
	defer recoverQuietly()
	C.free(unsafe.Pointer(result.string))
	freeError(result.error)
}

//export uplink_free_access_result
func uplink_free_access_result(result C.UplinkAccessResult) {
	defer recoverQuietly()
	freeHandle[*uplink.Access](unsafe.Pointer(result.access))
	freeError(result.error)
}
