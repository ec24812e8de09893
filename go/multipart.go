package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink.h"
*/
import "C"

import (
	"unsafe"

	"storj.io/uplink"
)

// partUpload is the part of *uplink.PartUpload the C API uses (an interface
// so tests can substitute a fake).
type partUpload interface {
	Write(p []byte) (int, error)
	Commit() error
	Abort() error
	SetETag(eTag []byte) error
	Info() *uplink.Part
}

// partUploadState is the handle value of an UplinkPartUpload.
type partUploadState struct {
	upload partUpload
	scope  scope // cancelled by uplink_cancel_part_upload and when the handle is freed
	done   doneState
}

func (u *partUploadState) write(p []byte) (int, error) {
	if err := u.scope.err("part upload"); err != nil {
		return 0, err
	}
	n, err := u.done.guardWrite(u.upload.Write, p)
	return n, u.scope.wrap(err, "part upload")
}

// commit commits unless the part upload was cancelled (see uploadState.commit).
func (u *partUploadState) commit() error {
	if err := u.scope.err("part upload"); err != nil {
		return err
	}
	if err := u.done.finish("committed"); err != nil {
		return err
	}
	return u.upload.Commit()
}

func (u *partUploadState) abort() error {
	if err := u.done.finish("aborted"); err != nil {
		return err
	}
	return u.upload.Abort()
}

// release aborts a part upload whose handle is freed while still running.
func (u *partUploadState) release() {
	if u.done.finish("aborted") == nil {
		_ = u.upload.Abort()
	}
	u.scope.stop()
}

func getPartUpload(p *C.UplinkPartUpload) (*partUploadState, error) {
	return getHandle[*partUploadState](unsafe.Pointer(p), "upload")
}

//export uplink_begin_upload
func uplink_begin_upload(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, options *C.UplinkUploadOptions) (res C.UplinkUploadInfoResult) {
	defer recoverError(&res.error)
	p, err := getOpenProject(project)
	if err != nil {
		return C.UplinkUploadInfoResult{error: mallocError(err)}
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"))
	if err != nil {
		return C.UplinkUploadInfoResult{error: mallocError(err)}
	}
	info, err := p.project.BeginUpload(p.ctx, args[0], args[1], goUploadOptions(options))
	if err != nil {
		return C.UplinkUploadInfoResult{error: mallocError(err)}
	}
	return C.UplinkUploadInfoResult{info: mallocUploadInfo(&info)}
}

//export uplink_free_upload_info_result
func uplink_free_upload_info_result(result C.UplinkUploadInfoResult) {
	defer recoverQuietly()
	freeUploadInfo(result.info)
	freeError(result.error)
}

//export uplink_free_upload_info
func uplink_free_upload_info(info *C.UplinkUploadInfo) {
	defer recoverQuietly()
	freeUploadInfo(info)
}

//export uplink_commit_upload
func uplink_commit_upload(project *C.UplinkProject, bucket_name, object_key, upload_id *C.uplink_const_char, options *C.UplinkCommitUploadOptions) (res C.UplinkCommitUploadResult) {
	defer recoverError(&res.error)
	p, err := getOpenProject(project)
	if err != nil {
		return C.UplinkCommitUploadResult{error: mallocError(err)}
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"), arg(upload_id, "upload_id"))
	if err != nil {
		return C.UplinkCommitUploadResult{error: mallocError(err)}
	}
	var opts *uplink.CommitUploadOptions
	if options != nil {
		custom, err := goCustomMetadata(options.custom_metadata, "options.custom_metadata")
		if err != nil {
			return C.UplinkCommitUploadResult{error: mallocError(err)}
		}
		opts = &uplink.CommitUploadOptions{CustomMetadata: custom}
	}
	obj, err := p.project.CommitUpload(p.ctx, args[0], args[1], args[2], opts)
	if err != nil {
		return C.UplinkCommitUploadResult{error: mallocError(err)}
	}
	return C.UplinkCommitUploadResult{object: mallocObject(obj)}
}

//export uplink_free_commit_upload_result
func uplink_free_commit_upload_result(result C.UplinkCommitUploadResult) {
	defer recoverQuietly()
	freeObject(result.object)
	freeError(result.error)
}

//export uplink_abort_upload
func uplink_abort_upload(project *C.UplinkProject, bucket_name, object_key, upload_id *C.uplink_const_char) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	p, err := getOpenProject(project)
	if err != nil {
		return mallocError(err)
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"), arg(upload_id, "upload_id"))
	if err != nil {
		return mallocError(err)
	}
	return mallocError(p.project.AbortUpload(p.ctx, args[0], args[1], args[2]))
}

//export uplink_upload_part
func uplink_upload_part(project *C.UplinkProject, bucket_name, object_key, upload_id *C.uplink_const_char, part_number C.uint32_t) (res C.UplinkPartUploadResult) {
	defer recoverError(&res.error)
	p, err := getOpenProject(project)
	if err != nil {
		return C.UplinkPartUploadResult{error: mallocError(err)}
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"), arg(upload_id, "upload_id"))
	if err != nil {
		return C.UplinkPartUploadResult{error: mallocError(err)}
	}
	sc := newScope(p.ctx)
	upload, err := p.project.UploadPart(sc.ctx, args[0], args[1], args[2], uint32(part_number))
	if err != nil {
		sc.stop()
		return C.UplinkPartUploadResult{error: mallocError(err)}
	}
	state := &partUploadState{upload: upload, scope: sc}
	return C.UplinkPartUploadResult{part_upload: (*C.UplinkPartUpload)(newHandle(state))}
}

// uplink_part_upload_write writes directly from the caller's buffer.
//
//export uplink_part_upload_write
func uplink_part_upload_write(upload *C.UplinkPartUpload, bytes unsafe.Pointer, length C.size_t) (res C.UplinkWriteResult) {
	defer recoverError(&res.error)
	u, err := getPartUpload(upload)
	if err != nil {
		return writeResult(0, err)
	}
	buf, err := bufferView(bytes, length, "bytes")
	if err != nil {
		return writeResult(0, err)
	}
	return writeResult(u.write(buf))
}

//export uplink_part_upload_commit
func uplink_part_upload_commit(upload *C.UplinkPartUpload) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	u, err := getPartUpload(upload)
	if err != nil {
		return mallocError(err)
	}
	return mallocError(u.commit())
}

//export uplink_part_upload_abort
func uplink_part_upload_abort(upload *C.UplinkPartUpload) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	u, err := getPartUpload(upload)
	if err != nil {
		return mallocError(err)
	}
	return mallocError(u.abort())
}

//export uplink_part_upload_set_etag
func uplink_part_upload_set_etag(upload *C.UplinkPartUpload, etag *C.uplink_const_char) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	u, err := getPartUpload(upload)
	if err != nil {
		return mallocError(err)
	}
	tag, err := requiredString(cstr(etag), "etag")
	if err != nil {
		return mallocError(err)
	}
	if err := u.done.err(); err != nil {
		return mallocError(err)
	}
	return mallocError(u.upload.SetETag([]byte(tag)))
}

//export uplink_part_upload_info
func uplink_part_upload_info(upload *C.UplinkPartUpload) (res C.UplinkPartResult) {
	defer recoverError(&res.error)
	u, err := getPartUpload(upload)
	if err != nil {
		return C.UplinkPartResult{error: mallocError(err)}
	}
	return C.UplinkPartResult{part: mallocPart(u.upload.Info())}
}

//export uplink_free_part_result
func uplink_free_part_result(result C.UplinkPartResult) {
	defer recoverQuietly()
	freePart(result.part)
	freeError(result.error)
}

//export uplink_free_part_upload_result
func uplink_free_part_upload_result(result C.UplinkPartUploadResult) {
	defer recoverQuietly()
	freeHandle[*partUploadState](unsafe.Pointer(result.part_upload))
	freeError(result.error)
}

//export uplink_free_part
func uplink_free_part(part *C.UplinkPart) {
	defer recoverQuietly()
	freePart(part)
}

// ---- multipart upload iterator ------------------------------------------------------

//export uplink_list_uploads
func uplink_list_uploads(project *C.UplinkProject, bucket_name *C.uplink_const_char, options *C.UplinkListUploadsOptions) (it *C.UplinkUploadIterator) {
	defer recoverQuietly()
	p, err := getOpenProject(project)
	if err != nil {
		return (*C.UplinkUploadIterator)(newIterator[uplink.UploadInfo](nil, err))
	}
	bucket, err := requiredString(cstr(bucket_name), "bucket_name")
	if err != nil {
		return (*C.UplinkUploadIterator)(newIterator[uplink.UploadInfo](nil, err))
	}
	var opts *uplink.ListUploadsOptions
	if options != nil {
		opts = &uplink.ListUploadsOptions{
			Prefix:    optionalString(options.prefix),
			Cursor:    optionalString(options.cursor),
			Recursive: bool(options.recursive),
			System:    bool(options.system),
			Custom:    bool(options.custom),
		}
	}
	return (*C.UplinkUploadIterator)(newIterator[uplink.UploadInfo](p.project.ListUploads(p.ctx, bucket, opts), nil))
}

//export uplink_upload_iterator_next
func uplink_upload_iterator_next(iterator *C.UplinkUploadIterator) (ok C.bool) {
	defer recoverQuietly()
	return iteratorNext[uplink.UploadInfo](unsafe.Pointer(iterator))
}

//export uplink_upload_iterator_err
func uplink_upload_iterator_err(iterator *C.UplinkUploadIterator) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	return iteratorErr[uplink.UploadInfo](unsafe.Pointer(iterator))
}

//export uplink_upload_iterator_item
func uplink_upload_iterator_item(iterator *C.UplinkUploadIterator) (item *C.UplinkUploadInfo) {
	defer recoverQuietly()
	return mallocUploadInfo(iteratorItem[uplink.UploadInfo](unsafe.Pointer(iterator)))
}

//export uplink_free_upload_iterator
func uplink_free_upload_iterator(iterator *C.UplinkUploadIterator) {
	defer recoverQuietly()
	freeHandle[*iteratorState[uplink.UploadInfo]](unsafe.Pointer(iterator))
}

// ---- part iterator ----------------------------------------------------------------------

//export uplink_list_upload_parts
func uplink_list_upload_parts(project *C.UplinkProject, bucket_name, object_key, upload_id *C.uplink_const_char, options *C.UplinkListUploadPartsOptions) (it *C.UplinkPartIterator) {
	defer recoverQuietly()
	p, err := getOpenProject(project)
	if err != nil {
		return (*C.UplinkPartIterator)(newIterator[uplink.Part](nil, err))
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"), arg(upload_id, "upload_id"))
	if err != nil {
		return (*C.UplinkPartIterator)(newIterator[uplink.Part](nil, err))
	}
	var opts *uplink.ListUploadPartsOptions
	if options != nil {
		opts = &uplink.ListUploadPartsOptions{Cursor: uint32(options.cursor)}
	}
	return (*C.UplinkPartIterator)(newIterator[uplink.Part](p.project.ListUploadParts(p.ctx, args[0], args[1], args[2], opts), nil))
}

//export uplink_part_iterator_next
func uplink_part_iterator_next(iterator *C.UplinkPartIterator) (ok C.bool) {
	defer recoverQuietly()
	return iteratorNext[uplink.Part](unsafe.Pointer(iterator))
}

//export uplink_part_iterator_err
func uplink_part_iterator_err(iterator *C.UplinkPartIterator) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	return iteratorErr[uplink.Part](unsafe.Pointer(iterator))
}

//export uplink_part_iterator_item
func uplink_part_iterator_item(iterator *C.UplinkPartIterator) (item *C.UplinkPart) {
	defer recoverQuietly()
	return mallocPart(iteratorItem[uplink.Part](unsafe.Pointer(iterator)))
}

//export uplink_free_part_iterator
func uplink_free_part_iterator(iterator *C.UplinkPartIterator) {
	defer recoverQuietly()
	freeHandle[*iteratorState[uplink.Part]](unsafe.Pointer(iterator))
}
