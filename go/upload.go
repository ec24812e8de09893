package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink.h"
*/
import "C"

import (
	"context"
	"fmt"
	"sync"
	"time"
	"unsafe"

	"storj.io/uplink"
)

// doneState records whether an upload (object or part) was committed or
// aborted. storj.io/uplink reports a write after Commit/Abort with a generic
// "upload already done" error, so the C layer tracks it itself and answers
// with uplink.ErrUploadDone (UPLINK_ERROR_UPLOAD_DONE).
type doneState struct {
	mu  sync.Mutex
	how string // "" while the upload runs, else "committed" or "aborted"
}

// err returns an ErrUploadDone error once the upload is finished, else nil.
func (d *doneState) err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.how == "" {
		return nil
	}
	return fmt.Errorf("%w: already %s", uplink.ErrUploadDone, d.how)
}

// finish marks the upload finished; it fails if it already was.
func (d *doneState) finish(how string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.how != "" {
		return fmt.Errorf("%w: already %s", uplink.ErrUploadDone, d.how)
	}
	d.how = how
	return nil
}

// guardWrite runs a write, off the C thread (see unlocked), unless the
// upload is finished. The data slice is
// the caller's memory: storj.io/uplink copies it (into the splitter's
// temporary buffer or the encrypting writer's block buffer) before Write
// returns and keeps no reference to it.
func (d *doneState) guardWrite(write func([]byte) (int, error), p []byte) (int, error) {
	if err := d.err(); err != nil {
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	n, err := unlocked2(func() (int, error) { return write(p) })
	if err != nil {
		if derr := d.err(); derr != nil { // committed or aborted meanwhile
			return n, derr
		}
	}
	return n, err
}

// objectUpload is the part of *uplink.Upload the C API uses (an interface so
// tests can substitute a fake).
type objectUpload interface {
	Write(p []byte) (int, error)
	Commit() error
	Abort() error
	Info() *uplink.Object
	SetCustomMetadata(ctx context.Context, custom uplink.CustomMetadata) error
}

// uploadState is the handle value of an UplinkUpload.
type uploadState struct {
	upload objectUpload
	scope  scope // cancelled by uplink_cancel_upload and when the handle is freed
	done   doneState
}

func (u *uploadState) write(p []byte) (int, error) {
	if err := u.scope.err("upload"); err != nil {
		return 0, err
	}
	n, err := u.done.guardWrite(u.upload.Write, p)
	return n, u.scope.wrap(err, "upload")
}

// commit commits unless the upload was cancelled: a cancelled upload is
// never committed (it can still be aborted).
func (u *uploadState) commit() error {
	if err := u.scope.err("upload"); err != nil {
		return err
	}
	if err := u.done.finish("committed"); err != nil {
		return err
	}
	return u.upload.Commit()
}

func (u *uploadState) abort() error {
	if err := u.done.finish("aborted"); err != nil {
		return err
	}
	return u.upload.Abort()
}

// release aborts an upload whose handle is freed while still running.
func (u *uploadState) release() {
	if u.done.finish("aborted") == nil {
		_ = u.upload.Abort()
	}
	u.scope.stop()
}

func getUpload(p *C.UplinkUpload) (*uploadState, error) {
	return getHandle[*uploadState](unsafe.Pointer(p), "upload")
}

// goUploadOptions converts UplinkUploadOptions (NULL gives nil). As in
// uplink-c, expires <= 0 means no expiration (a negative value is not a time
// in the past).
func goUploadOptions(options *C.UplinkUploadOptions) *uplink.UploadOptions {
	if options == nil {
		return nil
	}
	opts := &uplink.UploadOptions{}
	if options.expires > 0 {
		opts.Expires = time.Unix(int64(options.expires), 0)
	}
	return opts
}

// writeResult builds a C write result.
func writeResult(n int, err error) C.UplinkWriteResult {
	return C.UplinkWriteResult{bytes_written: C.size_t(n), error: mallocError(err)}
}

//export uplink_upload_object
func uplink_upload_object(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, options *C.UplinkUploadOptions) (res C.UplinkUploadResult) {
	defer recoverError(&res.error)
	p, err := getOpenProject(project)
	if err != nil {
		return C.UplinkUploadResult{error: mallocError(err)}
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"))
	if err != nil {
		return C.UplinkUploadResult{error: mallocError(err)}
	}
	sc := newScope(p.ctx)
	upload, err := p.project.UploadObject(sc.ctx, args[0], args[1], goUploadOptions(options))
	if err != nil {
		sc.stop()
		return C.UplinkUploadResult{error: mallocError(err)}
	}
	state := &uploadState{upload: upload, scope: sc}
	return C.UplinkUploadResult{upload: (*C.UplinkUpload)(newHandle(state))}
}

// uplink_upload_write writes directly from the caller's buffer (no copy on
// this side; see doneState.guardWrite).
//
//export uplink_upload_write
func uplink_upload_write(upload *C.UplinkUpload, bytes unsafe.Pointer, length C.size_t) (res C.UplinkWriteResult) {
	defer recoverError(&res.error)
	u, err := getUpload(upload)
	if err != nil {
		return writeResult(0, err)
	}
	buf, err := bufferView(bytes, length, "bytes")
	if err != nil {
		return writeResult(0, err)
	}
	return writeResult(u.write(buf))
}

//export uplink_upload_commit
func uplink_upload_commit(upload *C.UplinkUpload) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	u, err := getUpload(upload)
	if err != nil {
		return mallocError(err)
	}
	return mallocError(u.commit())
}

//export uplink_upload_abort
func uplink_upload_abort(upload *C.UplinkUpload) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	u, err := getUpload(upload)
	if err != nil {
		return mallocError(err)
	}
	return mallocError(u.abort())
}

//export uplink_upload_info
func uplink_upload_info(upload *C.UplinkUpload) (res C.UplinkObjectResult) {
	defer recoverError(&res.error)
	u, err := getUpload(upload)
	if err != nil {
		return objectResult(nil, err)
	}
	return objectResult(u.upload.Info(), nil)
}

//export uplink_upload_set_custom_metadata
func uplink_upload_set_custom_metadata(upload *C.UplinkUpload, custom C.UplinkCustomMetadata) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	u, err := getUpload(upload)
	if err != nil {
		return mallocError(err)
	}
	metadata, err := goCustomMetadata(custom, "custom")
	if err != nil {
		return mallocError(err)
	}
	return mallocError(u.upload.SetCustomMetadata(u.scope.context(), metadata))
}

//export uplink_free_write_result
func uplink_free_write_result(result C.UplinkWriteResult) {
	defer recoverQuietly()
	freeError(result.error)
}

//export uplink_free_upload_result
func uplink_free_upload_result(result C.UplinkUploadResult) {
	defer recoverQuietly()
	freeHandle[*uploadState](unsafe.Pointer(result.upload))
	freeError(result.error)
}
