package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_cancel.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"unsafe"

	"storj.io/uplink"
)

// scope is the context of one upload, part upload or download: a child of
// its project's context that uplink_cancel_* cancels without touching the
// project. The zero scope (fakes in tests) is never cancelled.
type scope struct {
	ctx       context.Context
	cancel    context.CancelFunc
	cancelled *atomic.Bool // set by uplink_cancel_*: the caller's own cancellation
}

// newScope returns a cancellable child of parent.
func newScope(parent context.Context) scope {
	ctx, cancel := context.WithCancel(parent)
	return scope{ctx: ctx, cancel: cancel, cancelled: new(atomic.Bool)}
}

// stop cancels the scope's context (idempotent). Freeing a handle stops its
// scope, so the child context is released from its parent.
func (s scope) stop() {
	if s.cancel != nil {
		s.cancel()
	}
}

// cancelNow is uplink_cancel_*: the caller's cancellation, reported as such by
// err and wrap. (A project closed under a transfer cancels the context too, but
// its errors stay exactly what uplink-c reports.)
func (s scope) cancelNow() {
	if s.cancelled != nil {
		s.cancelled.Store(true)
	}
	s.stop()
}

// context is the scope's context (Background for the zero scope).
func (s scope) context() context.Context {
	if s.ctx == nil {
		return context.Background()
	}
	return s.ctx
}

// err is an error wrapping context.Canceled (UPLINK_ERROR_CANCELED) once the
// scope was cancelled by uplink_cancel_*, else nil.
func (s scope) err(what string) error {
	if s.cancelled == nil || !s.cancelled.Load() {
		return nil
	}
	return fmt.Errorf("%s canceled: %w", what, context.Canceled)
}

// wrap reports an error met while the scope was cancelled as the
// cancellation: storj.io/uplink may surface it as a network error that does
// not wrap context.Canceled. An upload already committed or aborted keeps
// its UPLOAD_DONE error.
func (s scope) wrap(err error, what string) error {
	if err == nil || errors.Is(err, uplink.ErrUploadDone) {
		return err
	}
	if cerr := s.err(what); cerr != nil {
		return cerr
	}
	return err
}

// canceler is a handle value with a scope.
type canceler interface{ scopeOf() scope }

func (u *uploadState) scopeOf() scope     { return u.scope }
func (u *partUploadState) scopeOf() scope { return u.scope }
func (d *downloadState) scopeOf() scope   { return d.scope }

// cancelHandle cancels the scope of the handle struct p (of kind T).
func cancelHandle[T canceler](p unsafe.Pointer, name string) *C.UplinkError {
	v, err := getHandle[T](p, name)
	if err != nil {
		return mallocError(err)
	}
	v.scopeOf().cancelNow()
	return nil
}

//export uplink_cancel_upload
func uplink_cancel_upload(upload *C.UplinkUpload) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	return cancelHandle[*uploadState](unsafe.Pointer(upload), "upload")
}

//export uplink_cancel_part_upload
func uplink_cancel_part_upload(part_upload *C.UplinkPartUpload) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	return cancelHandle[*partUploadState](unsafe.Pointer(part_upload), "part_upload")
}

//export uplink_cancel_download
func uplink_cancel_download(download *C.UplinkDownload) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	return cancelHandle[*downloadState](unsafe.Pointer(download), "download")
}
