package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_ext.h"
*/
import "C"

import (
	"context"
	"time"
	"unsafe"

	"storj.io/uplink"
	"storj.io/uplink/private/project"
)

// uplink_ext_get_project_info asks the satellite for the project's public id
// and creation time (with the default uplink.Config).
//
//export uplink_ext_get_project_info
func uplink_ext_get_project_info(access *C.UplinkAccess) (res C.UplinkExtProjectInfoResult) {
	defer recoverError(&res.error)
	a, err := getAccess(access, "access")
	if err != nil {
		return C.UplinkExtProjectInfoResult{error: mallocError(err)}
	}
	info, err := unlocked2(func() (project.Info, error) {
		return project.GetProjectInfo(context.Background(), uplink.Config{}, a)
	})
	if err != nil {
		return C.UplinkExtProjectInfoResult{error: mallocExtError(err)}
	}
	c := (*C.UplinkExtProjectInfo)(C.calloc(1, C.sizeof_UplinkExtProjectInfo))
	c.public_id = mallocString(info.PublicId.String())
	c.created = C.int64_t(unixSeconds(info.CreatedAt))
	return C.UplinkExtProjectInfoResult{info: c}
}

//export uplink_ext_free_project_info_result
func uplink_ext_free_project_info_result(result C.UplinkExtProjectInfoResult) {
	defer recoverQuietly()
	if result.info != nil {
		C.free(unsafe.Pointer(result.info.public_id))
		C.free(unsafe.Pointer(result.info))
	}
	freeError(result.error)
}

// goExtPermission converts an UplinkExtPermission: uplink-c's four flags and
// time window, the Object Lock flags and max_object_ttl_seconds (0: no limit).
func goExtPermission(p C.UplinkExtPermission) (uplink.Permission, error) {
	perm := uplink.Permission{
		AllowDownload:                         bool(p.allow_download),
		AllowUpload:                           bool(p.allow_upload),
		AllowList:                             bool(p.allow_list),
		AllowDelete:                           bool(p.allow_delete),
		AllowPutObjectRetention:               bool(p.allow_put_object_retention),
		AllowGetObjectRetention:               bool(p.allow_get_object_retention),
		AllowPutObjectLegalHold:               bool(p.allow_put_object_legal_hold),
		AllowGetObjectLegalHold:               bool(p.allow_get_object_legal_hold),
		AllowBypassGovernanceRetention:        bool(p.allow_bypass_governance_retention),
		AllowPutBucketObjectLockConfiguration: bool(p.allow_put_bucket_object_lock_configuration),
		AllowGetBucketObjectLockConfiguration: bool(p.allow_get_bucket_object_lock_configuration),
		NotBefore:                             timeFromUnix(int64(p.not_before)),
		NotAfter:                              timeFromUnix(int64(p.not_after)),
	}
	ttl := int64(p.max_object_ttl_seconds)
	if ttl < 0 || ttl > int64(maxTTLSeconds) {
		return perm, errInvalidTTL(ttl)
	}
	if ttl > 0 {
		d := time.Duration(ttl) * time.Second
		perm.MaxObjectTTL = &d
	}
	return perm, nil
}

//export uplink_ext_access_share
func uplink_ext_access_share(access *C.UplinkAccess, permission C.UplinkExtPermission, prefixes *C.UplinkSharePrefix, prefixes_count C.int64_t) (res C.UplinkAccessResult) {
	defer recoverError(&res.error)
	a, err := getAccess(access, "access")
	if err != nil {
		return accessResult(nil, err)
	}
	perm, err := goExtPermission(permission)
	if err != nil {
		return accessResult(nil, err)
	}
	sharePrefixes, err := goSharePrefixes(prefixes, prefixes_count)
	if err != nil {
		return accessResult(nil, err)
	}
	return accessResult(a.Share(perm, sharePrefixes...))
}
