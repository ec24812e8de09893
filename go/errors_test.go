package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/zeebo/errs"

	"storj.io/uplink"
	"storj.io/uplink/edge"
)

// The codes must be the values of the facts file, whatever the header says.
func TestErrorCodeValues(t *testing.T) {
	want := map[string][2]int32{
		"INTERNAL":                 {codeInternal, 0x02},
		"CANCELED":                 {codeCanceled, 0x03},
		"INVALID_HANDLE":           {codeInvalidHandle, 0x04},
		"TOO_MANY_REQUESTS":        {codeTooManyRequests, 0x05},
		"BANDWIDTH_LIMIT_EXCEEDED": {codeBandwidthLimitExceeded, 0x06},
		"STORAGE_LIMIT_EXCEEDED":   {codeStorageLimitExceeded, 0x07},
		"SEGMENTS_LIMIT_EXCEEDED":  {codeSegmentsLimitExceeded, 0x08},
		"PERMISSION_DENIED":        {codePermissionDenied, 0x09},
		"BUCKET_NAME_INVALID":      {codeBucketNameInvalid, 0x10},
		"BUCKET_ALREADY_EXISTS":    {codeBucketAlreadyExists, 0x11},
		"BUCKET_NOT_EMPTY":         {codeBucketNotEmpty, 0x12},
		"BUCKET_NOT_FOUND":         {codeBucketNotFound, 0x13},
		"OBJECT_KEY_INVALID":       {codeObjectKeyInvalid, 0x20},
		"OBJECT_NOT_FOUND":         {codeObjectNotFound, 0x21},
		"UPLOAD_DONE":              {codeUploadDone, 0x22},
		"EDGE_AUTH_DIAL_FAILED":    {codeEdgeAuthDialFailed, 0x30},
		"EDGE_REGISTER_ACCESS":     {codeEdgeRegisterAccess, 0x31},
		"EOF":                      {codeEOF, -1},
	}
	for name, c := range want {
		if c[0] != c[1] {
			t.Errorf("%s = %#x, want %#x", name, c[0], c[1])
		}
	}
}

func TestErrorMappingSentinels(t *testing.T) {
	cases := []struct {
		err  error
		code int32
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
		{io.EOF, codeEOF},
		{&invalidHandleError{name: "project"}, codeInvalidHandle},
		{&nilArgError{name: "project"}, codeInternal},
		{&panicError{value: "boom"}, codeInternal},
		{errors.New("something else"), codeInternal},
		{context.DeadlineExceeded, codeInternal},
		{io.ErrUnexpectedEOF, codeInternal},
		{uplink.ErrUploadIDInvalid, codeInternal}, // no code in the C API
	}
	class := errs.Class("uplink")
	cls := &class
	for _, c := range cases {
		// bare, wrapped the way storj.io/uplink wraps (errwrapf, errs.Class), and doubly wrapped
		variants := []error{
			c.err,
			fmt.Errorf("%w (%q)", c.err, "key"),
			cls.Wrap(fmt.Errorf("%w: more", c.err)),
			cls.New("%w: %v", c.err, "dial"), // edge's style
		}
		for _, err := range variants {
			if got := errorCode(err); got != c.code {
				t.Errorf("errorCode(%q) = %#x, want %#x", err, got, c.code)
			}
			code, message, ok := shimError(err)
			if !ok || code != c.code || message != err.Error() {
				t.Errorf("C error for %q: ok=%v code=%#x message=%q", err, ok, code, message)
			}
		}
	}
}

func TestErrorMessageHasNoStack(t *testing.T) {
	class := errs.Class("uplink")
	err := class.Wrap(uplink.ErrBucketNotFound)
	_, message, _ := shimError(err)
	if message != "uplink: bucket not found" {
		t.Fatalf("message %q", message)
	}
}

func TestNilErrorIsNull(t *testing.T) {
	if _, _, ok := shimError(nil); ok {
		t.Fatal("nil error gave a C error")
	}
	uplink_free_error(nil) // must not crash
}

func TestEOFMapping(t *testing.T) {
	code, message, ok := shimError(io.EOF)
	if !ok || code != -1 || message != "EOF" {
		t.Fatalf("EOF: ok=%v code=%d message=%q", ok, code, message)
	}
	// storj.io/uplink returns io.EOF unwrapped; a wrapped EOF is still the end.
	if errorCode(fmt.Errorf("read: %w", io.EOF)) != codeEOF {
		t.Fatal("wrapped EOF")
	}
}

func TestRecoverError(t *testing.T) {
	code, message, ok := takeErr(panicky())
	if !ok || code != codeInternal || message != "internal error: panic: boom" {
		t.Fatalf("recovered: ok=%v code=%#x message=%q", ok, code, message)
	}
}
