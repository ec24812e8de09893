package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_ext.h"
*/
import "C"

import (
	"errors"

	"storj.io/uplink/private/bucket"
	"storj.io/uplink/private/object"
	"storj.io/uplink/private/project"
)

// Error codes of the extension functions (uplink_ext.h), as Go constants.
const (
	codeExtObjectLocked       int32 = C.UPLINK_EXT_ERROR_OBJECT_LOCKED
	codeExtObjectExists       int32 = C.UPLINK_EXT_ERROR_OBJECT_ALREADY_EXISTS
	codeExtPreconditionFailed int32 = C.UPLINK_EXT_ERROR_PRECONDITION_FAILED
	codeExtLockNotEnabled     int32 = C.UPLINK_EXT_ERROR_OBJECT_LOCK_NOT_ENABLED
	codeExtLockInvalid        int32 = C.UPLINK_EXT_ERROR_OBJECT_LOCK_INVALID
	codeExtVersionInvalid     int32 = C.UPLINK_EXT_ERROR_OBJECT_VERSION_INVALID
	codeExtBucketTagInvalid   int32 = C.UPLINK_EXT_ERROR_BUCKET_TAG_INVALID
	codeExtMethodNotAllowed   int32 = C.UPLINK_EXT_ERROR_METHOD_NOT_ALLOWED
	codeExtUnimplemented      int32 = C.UPLINK_EXT_ERROR_UNIMPLEMENTED
)

// extErrorClasses maps the sentinel errors of storj.io/uplink's private
// packages to the extension codes, tested in order with errors.Is. They are
// only consulted for errors of extension functions (see extError), so the 85
// uplink-c functions keep exactly uplink-c's codes.
var extErrorClasses = []struct {
	target error
	code   int32
}{
	{object.ErrObjectProtected, codeExtObjectLocked},
	{object.ErrFailedPrecondition, codeExtPreconditionFailed},
	{bucket.ErrBucketNoLock, codeExtLockNotEnabled},
	{project.ErrProjectNoLock, codeExtLockNotEnabled},
	{project.ErrLockNotEnabled, codeExtLockNotEnabled},
	{object.ErrNoObjectLockConfiguration, codeExtLockNotEnabled},
	{object.ErrObjectLockInvalidObjectState, codeExtLockInvalid},
	{object.ErrObjectLockUploadWithTTLAndDefaultRetention, codeExtLockInvalid},
	{object.ErrObjectLockUploadWithTTLAPIKeyAndDefaultRetention, codeExtLockInvalid},
	{bucket.ErrBucketInvalidObjectLockConfig, codeExtLockInvalid},
	{bucket.ErrBucketInvalidStateObjectLock, codeExtLockInvalid},
	{object.ErrObjectVersionInvalid, codeExtVersionInvalid},
	{bucket.ErrTooManyTags, codeExtBucketTagInvalid},
	{bucket.ErrTagKeyInvalid, codeExtBucketTagInvalid},
	{bucket.ErrTagKeyDuplicate, codeExtBucketTagInvalid},
	{bucket.ErrTagValueInvalid, codeExtBucketTagInvalid},
	{object.ErrMethodNotAllowed, codeExtMethodNotAllowed},
	{object.ErrUnimplemented, codeExtUnimplemented},
	{object.ErrDeleteObjectsUnimplemented, codeExtUnimplemented},
	{bucket.ErrUnimplemented, codeExtUnimplemented},
}

// codedError carries an extension code chosen for an error of an extension
// function; errorCode honours it before anything else.
type codedError struct {
	code int32
	err  error
}

func (e *codedError) Error() string { return e.err.Error() }
func (e *codedError) Unwrap() error { return e.err }

// extError gives err the extension code of its class, if it has one
// (nil stays nil; other errors keep their uplink-c code).
func extError(err error) error {
	if err == nil {
		return nil
	}
	var coded *codedError
	if errors.As(err, &coded) {
		return err
	}
	for _, class := range extErrorClasses {
		if errors.Is(err, class.target) {
			return &codedError{code: class.code, err: err}
		}
	}
	return err
}

// errObjectExists reports an upload refused by if_none_match: an object
// already exists at the key.
var errObjectExists = errors.New("object already exists (if-none-match: *)")

// mallocExtError is mallocError for the errors of extension functions.
func mallocExtError(err error) *C.UplinkError { return mallocError(extError(err)) }
