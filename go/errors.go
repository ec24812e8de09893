package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"io"
	"unsafe"

	"storj.io/uplink"
	"storj.io/uplink/edge"
)

// Error codes of the C API (uplink_definitions.h), as Go constants.
const (
	codeEOF                    int32 = -1 // C's EOF: the end of a download
	codeInternal               int32 = C.UPLINK_ERROR_INTERNAL
	codeCanceled               int32 = C.UPLINK_ERROR_CANCELED
	codeInvalidHandle          int32 = C.UPLINK_ERROR_INVALID_HANDLE
	codeTooManyRequests        int32 = C.UPLINK_ERROR_TOO_MANY_REQUESTS
	codeBandwidthLimitExceeded int32 = C.UPLINK_ERROR_BANDWIDTH_LIMIT_EXCEEDED
	codeStorageLimitExceeded   int32 = C.UPLINK_ERROR_STORAGE_LIMIT_EXCEEDED
	codeSegmentsLimitExceeded  int32 = C.UPLINK_ERROR_SEGMENTS_LIMIT_EXCEEDED
	codePermissionDenied       int32 = C.UPLINK_ERROR_PERMISSION_DENIED
	codeBucketNameInvalid      int32 = C.UPLINK_ERROR_BUCKET_NAME_INVALID
	codeBucketAlreadyExists    int32 = C.UPLINK_ERROR_BUCKET_ALREADY_EXISTS
	codeBucketNotEmpty         int32 = C.UPLINK_ERROR_BUCKET_NOT_EMPTY
	codeBucketNotFound         int32 = C.UPLINK_ERROR_BUCKET_NOT_FOUND
	codeObjectKeyInvalid       int32 = C.UPLINK_ERROR_OBJECT_KEY_INVALID
	codeObjectNotFound         int32 = C.UPLINK_ERROR_OBJECT_NOT_FOUND
	codeUploadDone             int32 = C.UPLINK_ERROR_UPLOAD_DONE
	codeEdgeAuthDialFailed     int32 = C.EDGE_ERROR_AUTH_DIAL_FAILED
	codeEdgeRegisterAccess     int32 = C.EDGE_ERROR_REGISTER_ACCESS_FAILED
)

// errorClasses maps Go sentinel errors to codes, tested in order with errors.Is.
var errorClasses = []struct {
	target error
	code   int32
}{
	{uplink.ErrTooManyRequests, codeTooManyRequests},
	{uplink.ErrBandwidthLimitExceeded, codeBandwidthLimitExceeded},
	{uplink.ErrStorageLimitExceeded, codeStorageLimitExceeded},
	{uplink.ErrSegmentsLimitExceeded, codeSegmentsLimitExceeded},
	{uplink.ErrPermissionDenied, codePermissionDenied},
	{uplink.ErrBucketNameInvalid, codeBucketNameInvalid},
	{uplink.ErrBucketAlreadyExists, codeBucketAlreadyExists},
	{uplink.ErrBucketNotEmpty, codeBucketNotEmpty},
	{uplink.ErrBucketNotFound, codeBucketNotFound},
	{uplink.ErrObjectKeyInvalid, codeObjectKeyInvalid},
	{uplink.ErrObjectNotFound, codeObjectNotFound},
	{uplink.ErrUploadDone, codeUploadDone},
	{edge.ErrAuthDialFailed, codeEdgeAuthDialFailed},
	{edge.ErrRegisterAccessFailed, codeEdgeRegisterAccess},
	{context.Canceled, codeCanceled},
}

// errorCode returns the C API code for err (which must not be nil).
func errorCode(err error) int32 {
	var coded *codedError // only extension functions make these (ext_errors.go)
	if errors.As(err, &coded) {
		return coded.code
	}
	var invalid *invalidHandleError
	if errors.As(err, &invalid) {
		return codeInvalidHandle
	}
	if errors.Is(err, io.EOF) {
		return codeEOF
	}
	for _, class := range errorClasses {
		if errors.Is(err, class.target) {
			return class.code
		}
	}
	return codeInternal
}

// mallocError converts err to a malloc'd UplinkError (NULL for nil). The
// message is err.Error(): the error text only, never a stack trace.
func mallocError(err error) *C.UplinkError {
	if err == nil {
		return nil
	}
	cerr := (*C.UplinkError)(C.calloc(1, C.sizeof_UplinkError))
	cerr.code = C.int32_t(errorCode(err))
	cerr.message = C.CString(err.Error())
	return cerr
}

// panicError carries a recovered panic; it maps to UPLINK_ERROR_INTERNAL.
type panicError struct{ value any }

func (e *panicError) Error() string { return fmt.Sprintf("internal error: panic: %v", e.value) }

// recoverError is deferred by exported functions that return an error: a
// panic becomes an INTERNAL error instead of crossing into C. It must be
// deferred directly (defer recoverError(&res.error)) for recover to work.
func recoverError(dst **C.UplinkError) {
	if r := recover(); r != nil {
		*dst = mallocError(&panicError{value: r})
	}
}

// recoverQuietly is deferred by exported functions that cannot report an
// error (free functions, item accessors): a panic leaves their zero result.
func recoverQuietly() { _ = recover() }

// freeError frees an UplinkError and its message.
func freeError(err *C.UplinkError) {
	if err == nil {
		return
	}
	C.free(unsafe.Pointer(err.message))
	C.free(unsafe.Pointer(err))
}

//export uplink_free_error
func uplink_free_error(err *C.UplinkError) {
	defer recoverQuietly()
	freeError(err)
}
