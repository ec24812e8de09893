package main

// Test hooks of the extension functions (see testhooks.go for why they exist).

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_ext.h"
*/
import "C"

import (
	"time"
	"unsafe"

	"storj.io/uplink/private/metaclient"
	"storj.io/uplink/private/object"
)

// shimExtCallsWithProject calls every extension function that takes a
// project with the given project handle (nil: a NULL pointer) and valid
// other arguments, and returns each call's error code and message.
func shimExtCallsWithProject(project *C.UplinkProject) map[string][2]any {
	out := map[string][2]any{}
	put := func(name string, e *C.UplinkError) {
		code, msg, ok := takeErr(e)
		if !ok {
			out[name] = [2]any{int32(0), ""}
			return
		}
		out[name] = [2]any{code, msg}
	}
	b, k := C.CString("bucket"), C.CString("key")
	defer C.free(unsafe.Pointer(b))
	defer C.free(unsafe.Pointer(k))

	r1 := uplink_ext_stat_object(project, b, k, nil, 0)
	put("stat_object", r1.error)
	r1.error = nil
	uplink_ext_free_object_result(r1)
	r2 := uplink_ext_delete_object(project, b, k, nil, 0, nil)
	put("delete_object", r2.error)
	r2.error = nil
	uplink_ext_free_object_result(r2)
	r1 = uplink_ext_copy_object(project, b, k, nil, 0, b, k)
	put("copy_object", r1.error)
	r3 := uplink_ext_download_object(project, b, k, nil, 0, nil)
	put("download_object", r3.error)
	r4 := uplink_ext_upload_object(project, b, k, nil)
	put("upload_object", r4.error)
	r5 := uplink_ext_get_object_retention(project, b, k, nil, 0)
	put("get_object_retention", r5.error)
	put("set_object_retention", uplink_ext_set_object_retention(project, b, k, nil, 0, C.UplinkExtRetention{}, false))
	r6 := uplink_ext_get_object_legal_hold(project, b, k, nil, 0)
	put("get_object_legal_hold", r6.error)
	put("set_object_legal_hold", uplink_ext_set_object_legal_hold(project, b, k, nil, 0, true))
	r7 := uplink_ext_create_bucket(project, b, nil)
	put("create_bucket", r7.error)
	r8 := uplink_ext_get_bucket_versioning(project, b)
	put("get_bucket_versioning", r8.error)
	put("set_bucket_versioning", uplink_ext_set_bucket_versioning(project, b, true))
	r9 := uplink_ext_get_bucket_object_lock_configuration(project, b)
	put("get_bucket_object_lock_configuration", r9.error)
	put("set_bucket_object_lock_configuration", uplink_ext_set_bucket_object_lock_configuration(project, b, C.UplinkExtObjectLockConfiguration{}))
	r10 := uplink_ext_get_bucket_tagging(project, b)
	put("get_bucket_tagging", r10.error)
	put("set_bucket_tagging", uplink_ext_set_bucket_tagging(project, b, nil, 0))
	r11 := uplink_ext_get_bucket_location(project, b)
	put("get_bucket_location", r11.error)
	r12 := uplink_ext_delete_bucket_with_objects(project, b, true)
	put("delete_bucket_with_objects", r12.error)
	item := C.UplinkExtDeleteObjectsItem{object_key: k}
	r13 := uplink_ext_delete_objects(project, b, &item, 1, nil)
	put("delete_objects", r13.error)
	it := uplink_ext_list_object_versions(project, b, nil)
	if uplink_ext_object_iterator_next(it) {
		out["list_object_versions"] = [2]any{int32(-100), "next was true"}
	} else {
		put("list_object_versions", uplink_ext_object_iterator_err(it))
	}
	uplink_ext_free_object_iterator(it)
	return out
}

// shimExtCallsWithNilProject is shimExtCallsWithProject(NULL).
func shimExtCallsWithNilProject() map[string][2]any { return shimExtCallsWithProject(nil) }

// shimExtCallsWithFreedProject registers a value of another kind, frees its
// handle and uses that stale handle as a project.
func shimExtCallsWithFreedProject() map[string][2]any {
	p := (*C.UplinkProject)(newHandle("not a project"))
	defer C.free(unsafe.Pointer(p))
	universe.del(handleOf(unsafe.Pointer(p)))
	return shimExtCallsWithProject(p)
}

// shimGoRetention converts a C retention built from mode and until.
func shimGoRetention(mode int32, until int64) (metaclient.Retention, error) {
	return goRetention(C.UplinkExtRetention{mode: C.int32_t(mode), retain_until: C.int64_t(until)}, "retention")
}

// shimRetentionRoundTrip converts a Go retention to C and back.
func shimRetentionRoundTrip(r *metaclient.Retention) (int32, int64) {
	c := cRetention(r)
	return int32(c.mode), int64(c.retain_until)
}

// shimLockConfiguration converts a C Object Lock configuration.
func shimLockConfiguration(enabled bool, mode, days, years int32) (*metaclient.BucketObjectLockConfiguration, error) {
	return goObjectLockConfiguration(C.UplinkExtObjectLockConfiguration{
		enabled: C.bool(enabled), default_retention_mode: C.int32_t(mode),
		default_retention_days: C.int32_t(days), default_retention_years: C.int32_t(years),
	})
}

// shimExtPermissionTTL converts a permission with the given TTL and one Object Lock flag.
func shimExtPermissionTTL(ttlSeconds int64) (ttl *time.Duration, bypass bool, err error) {
	perm, err := goExtPermission(C.UplinkExtPermission{
		allow_bypass_governance_retention: true, max_object_ttl_seconds: C.int64_t(ttlSeconds),
	})
	return perm.MaxObjectTTL, perm.AllowBypassGovernanceRetention, err
}

// shimExtObjectRoundTrip converts a versioned object to C, reads back the
// fields the C struct carries and frees it.
func shimExtObjectRoundTrip(o *object.VersionedObject) (key string, version []byte, latest, marker bool, mode int32, legalHold int32, isNil bool) {
	c := mallocExtObject(o)
	if c == nil {
		return "", nil, false, false, 0, 0, true
	}
	defer uplink_ext_free_object(c)
	if c.version_length > 0 {
		version = C.GoBytes(unsafe.Pointer(c.version), C.int(c.version_length))
	}
	return C.GoString(c.key), version, bool(c.is_latest), bool(c.is_delete_marker), int32(c.retention.mode), int32(c.legal_hold), false
}

// shimDeleteObjectsItems converts keys (an empty string: a NULL key) and
// versions into C items and back to Go. nilItems passes a NULL array.
func shimDeleteObjectsItems(keys []string, versions [][]byte, nilItems bool) ([]object.DeleteObjectsItem, error) {
	n := len(keys)
	var items *C.UplinkExtDeleteObjectsItem
	if n > 0 && !nilItems {
		items = (*C.UplinkExtDeleteObjectsItem)(C.calloc(C.size_t(n), C.sizeof_UplinkExtDeleteObjectsItem))
		defer C.free(unsafe.Pointer(items))
		slots := unsafe.Slice(items, n)
		for i := range slots {
			slot := &slots[i]
			if keys[i] != "" {
				slot.object_key = C.CString(keys[i])
				defer C.free(unsafe.Pointer(slot.object_key))
			}
			if len(versions[i]) > 0 {
				slot.version = (*C.uplink_ext_const_byte)(C.CBytes(versions[i]))
				slot.version_length = C.size_t(len(versions[i]))
				defer C.free(unsafe.Pointer(slot.version))
			}
		}
	}
	return goDeleteObjectsItems(items, C.size_t(n))
}

// shimDeleteObjectsResult converts Go result items to C, reads them back and frees them.
func shimDeleteObjectsResult(items []object.DeleteObjectsResultItem) (keys []string, statuses []int32, markers [][]byte) {
	res := deleteObjectsResult(items, nil)
	defer uplink_ext_free_delete_objects_result(res)
	if res.items == nil {
		return nil, nil, nil
	}
	for _, item := range unsafe.Slice(res.items, int(res.count)) {
		keys = append(keys, C.GoString(item.object_key))
		statuses = append(statuses, int32(item.status))
		markers = append(markers, C.GoBytes(unsafe.Pointer(item.marker_version), C.int(item.marker_version_length)))
	}
	return keys, statuses, markers
}

// shimVersionIteratorKeys drains a version iterator over the fake pager
// (installed by the caller) and returns the keys seen and the error.
func shimVersionIteratorKeys(prefix string) ([]string, error) {
	it := &versionIterator{opts: object.ListObjectVersionsOptions{Prefix: prefix}}
	var keys []string
	for it.Next() {
		keys = append(keys, it.Item().Key)
	}
	return keys, it.Err()
}

// shimExtClose calls uplink_ext_close_project on handle h (a NULL handle when
// null is set), reads its result and frees it.
func shimExtClose(h uint64, null bool) (code int32, message string, ok, onlyClosed bool) {
	withHandleStruct(h, null, func(p unsafe.Pointer) {
		res := uplink_ext_close_project((*C.UplinkProject)(p))
		code, message, ok = cErr(res.error)
		onlyClosed = bool(res.only_closed_connections)
		uplink_ext_free_close_result(res)
	})
	return
}
