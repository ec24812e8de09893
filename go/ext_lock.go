package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_ext.h"
*/
import "C"

import (
	"errors"

	"storj.io/uplink/private/metaclient"
	"storj.io/uplink/private/object"
)

// lockCall resolves the arguments shared by the four per-object Object Lock
// functions and runs call with them off the C thread.
func lockCall(project *C.UplinkProject, bucketName, objectKey *C.uplink_const_char, version *C.uplink_ext_const_byte, versionLength C.size_t,
	call func(p *projectState, bucket, key string, ver []byte) error) error {
	p, bucket, key, ver, err := versionArgs(project, bucketName, objectKey, version, versionLength)
	if err != nil {
		return err
	}
	_, err = unlocked2(func() (struct{}, error) {
		if err := verifyVersion(p, bucket, key, ver); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, call(p, bucket, key, ver)
	})
	return err
}

// uplink_ext_get_object_retention reports mode NONE for an object without
// retention (the Go library's ErrRetentionNotFound is not a failure here).
//
//export uplink_ext_get_object_retention
func uplink_ext_get_object_retention(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, version *C.uplink_ext_const_byte, version_length C.size_t) (res C.UplinkExtRetentionResult) {
	defer recoverError(&res.error)
	var retention *metaclient.Retention
	err := lockCall(project, bucket_name, object_key, version, version_length, func(p *projectState, bucket, key string, ver []byte) (err error) {
		retention, err = object.GetObjectRetention(p.ctx, p.project, bucket, key, ver)
		return err
	})
	if errors.Is(err, object.ErrRetentionNotFound) {
		return res
	}
	if err != nil {
		return C.UplinkExtRetentionResult{error: mallocExtError(err)}
	}
	return C.UplinkExtRetentionResult{retention: cRetention(retention)}
}

//export uplink_ext_set_object_retention
func uplink_ext_set_object_retention(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, version *C.uplink_ext_const_byte, version_length C.size_t, retention C.UplinkExtRetention, bypass_governance_retention C.bool) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	r, err := goRetention(retention, "retention")
	if err != nil {
		return mallocError(err)
	}
	opts := &object.SetObjectRetentionOptions{BypassGovernanceRetention: bool(bypass_governance_retention)}
	return mallocExtError(lockCall(project, bucket_name, object_key, version, version_length, func(p *projectState, bucket, key string, ver []byte) error {
		return object.SetObjectRetention(p.ctx, p.project, bucket, key, ver, r, opts)
	}))
}

// uplink_ext_get_object_legal_hold gives value 1 (on) or 0 (off).
//
//export uplink_ext_get_object_legal_hold
func uplink_ext_get_object_legal_hold(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, version *C.uplink_ext_const_byte, version_length C.size_t) (res C.UplinkExtIntResult) {
	defer recoverError(&res.error)
	var enabled bool
	err := lockCall(project, bucket_name, object_key, version, version_length, func(p *projectState, bucket, key string, ver []byte) (err error) {
		enabled, err = object.GetObjectLegalHold(p.ctx, p.project, bucket, key, ver)
		return err
	})
	if err != nil {
		return C.UplinkExtIntResult{error: mallocExtError(err)}
	}
	if enabled {
		res.value = 1
	}
	return res
}

//export uplink_ext_set_object_legal_hold
func uplink_ext_set_object_legal_hold(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, version *C.uplink_ext_const_byte, version_length C.size_t, enabled C.bool) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	return mallocExtError(lockCall(project, bucket_name, object_key, version, version_length, func(p *projectState, bucket, key string, ver []byte) error {
		return object.SetObjectLegalHold(p.ctx, p.project, bucket, key, ver, bool(enabled))
	}))
}

//export uplink_ext_free_retention_result
func uplink_ext_free_retention_result(result C.UplinkExtRetentionResult) {
	defer recoverQuietly()
	freeError(result.error)
}

//export uplink_ext_free_int_result
func uplink_ext_free_int_result(result C.UplinkExtIntResult) {
	defer recoverQuietly()
	freeError(result.error)
}
