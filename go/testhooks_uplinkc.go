package main

// Test hooks for the uplink-c semantics (see uplinkc_semantics_test.go):
// Go-typed shims, since cgo cannot be used in _test.go files.

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

// shimBucketResult is a Go view of a C bucket result.
type shimBucketResult struct {
	hasBucket bool
	name      string
	created   int64
	hasErr    bool
	code      int32
	message   string
}

// shimBucketCall runs bucketCall with call standing in for storj.io/uplink
// (on an open project handle that has no *uplink.Project behind it) and
// reads the C result back, freeing it.
func shimBucketCall(call bucketFunc) (res shimBucketResult) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h := universe.add(&projectState{ctx: ctx, cancel: cancel})
	defer universe.del(h)
	withHandleStruct(uint64(h), false, func(p unsafe.Pointer) {
		name := C.CString("bucket")
		defer C.free(unsafe.Pointer(name))
		r := bucketCall((*C.UplinkProject)(p), name, call)
		defer uplink_free_bucket_result(r)
		if r.bucket != nil {
			res.hasBucket, res.name, res.created = true, C.GoString(r.bucket.name), int64(r.bucket.created)
		}
		res.code, res.message, res.hasErr = cErr(r.error)
	})
	return res
}

// shimUploadOptions converts C upload options with the given expires (NULL
// options when null is set).
func shimUploadOptions(expires int64, null bool) *uplink.UploadOptions {
	if null {
		return goUploadOptions(nil)
	}
	return goUploadOptions(&C.UplinkUploadOptions{expires: C.int64_t(expires)})
}

// shimCloseNil calls uplink_close_project(NULL) and uplink_close_download(NULL)
// and reports whether each returned an error (freeing it).
func shimCloseNil() (projectErr, downloadErr bool) {
	_, _, projectErr = takeErr(uplink_close_project(nil))
	_, _, downloadErr = takeErr(uplink_close_download(nil))
	return projectErr, downloadErr
}
