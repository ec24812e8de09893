package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_ext.h"
*/
import "C"

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"unsafe" // also for go:linkname

	"storj.io/uplink"
	"storj.io/uplink/private/object"
)

//export uplink_ext_stat_object
func uplink_ext_stat_object(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, version *C.uplink_ext_const_byte, version_length C.size_t) (res C.UplinkExtObjectResult) {
	defer recoverError(&res.error)
	p, bucket, key, ver, err := versionArgs(project, bucket_name, object_key, version, version_length)
	if err != nil {
		return extObjectResult(nil, err)
	}
	// one round trip: run in place (see unlocked.go)
	obj, err := object.StatObject(p.ctx, p.project, bucket, key, ver)
	if err != nil {
		return extObjectResult(nil, err)
	}
	return extObjectResult(obj, matchVersion(obj.Version, ver, key))
}

// The satellite addresses a version by its number alone (the first 8 of its
// 16 bytes), so a version of another object that happens to have the same
// number would silently address this object's version of that number. The
// functions taking a version therefore check that the version they reach is
// the one given (the whole 16 bytes), and report another object's version as
// not found.

// matchVersion checks a version read back from the satellite against the one asked for.
func matchVersion(got, want []byte, key string) error {
	if want != nil && !bytes.Equal(got, want) {
		return fmt.Errorf("%w: %x is not a version of %q", uplink.ErrObjectNotFound, want, key)
	}
	return nil
}

// verifyVersion checks, before an operation on version ver of bucket/key,
// that the version exists as given. A delete marker cannot be read
// (ErrMethodNotAllowed): it is then addressed by its number, as the satellite does.
func verifyVersion(p *projectState, bucket, key string, ver []byte) error {
	if ver == nil {
		return nil
	}
	obj, err := object.StatObject(p.ctx, p.project, bucket, key, ver)
	if errors.Is(err, object.ErrMethodNotAllowed) {
		return nil
	}
	if err != nil {
		return err
	}
	return matchVersion(obj.Version, ver, key)
}

// uplink_ext_delete_object deletes one version (or, with no version, the
// latest: in a versioned bucket that adds a delete marker, which is returned).
//
//export uplink_ext_delete_object
func uplink_ext_delete_object(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, version *C.uplink_ext_const_byte, version_length C.size_t, options *C.UplinkExtDeleteObjectOptions) (res C.UplinkExtObjectResult) {
	defer recoverError(&res.error)
	p, bucket, key, ver, err := versionArgs(project, bucket_name, object_key, version, version_length)
	if err != nil {
		return extObjectResult(nil, err)
	}
	opts := &object.DeleteObjectOptions{}
	if options != nil {
		opts.BypassGovernanceRetention = bool(options.bypass_governance_retention)
	}
	return extObjectResult(unlocked2(func() (*object.VersionedObject, error) {
		if err := verifyVersion(p, bucket, key, ver); err != nil {
			return nil, err
		}
		return object.DeleteObject(p.ctx, p.project, bucket, key, ver, opts)
	}))
}

//export uplink_ext_copy_object
func uplink_ext_copy_object(project *C.UplinkProject, old_bucket_name, old_object_key *C.uplink_const_char, version *C.uplink_ext_const_byte, version_length C.size_t, new_bucket_name, new_object_key *C.uplink_const_char) (res C.UplinkExtObjectResult) {
	defer recoverError(&res.error)
	p, err := getOpenProject(project)
	if err != nil {
		return extObjectResult(nil, err)
	}
	args, err := moveCopyArgs(old_bucket_name, old_object_key, new_bucket_name, new_object_key)
	if err != nil {
		return extObjectResult(nil, err)
	}
	ver, err := goVersion(version, version_length, "version")
	if err != nil {
		return extObjectResult(nil, err)
	}
	return extObjectResult(unlocked2(func() (*object.VersionedObject, error) {
		if err := verifyVersion(p, args[0], args[1], ver); err != nil {
			return nil, err
		}
		return object.CopyObject(p.ctx, p.project, args[0], args[1], ver, args[2], args[3], object.CopyObjectOptions{})
	}))
}

// versionedDownload adapts *object.VersionedDownload to the download handle,
// so uplink_download_read/info/close/free work on it unchanged.
type versionedDownload struct{ *object.VersionedDownload }

func (d versionedDownload) Info() *uplink.Object {
	if info := d.VersionedDownload.Info(); info != nil {
		return &info.Object
	}
	return nil
}

//export uplink_ext_download_object
func uplink_ext_download_object(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, version *C.uplink_ext_const_byte, version_length C.size_t, options *C.UplinkDownloadOptions) (res C.UplinkDownloadResult) {
	defer recoverError(&res.error)
	p, bucket, key, ver, err := versionArgs(project, bucket_name, object_key, version, version_length)
	if err != nil {
		return C.UplinkDownloadResult{error: mallocExtError(err)}
	}
	var opts *object.DownloadObjectOptions // NULL: the whole object
	if options != nil {
		opts = &object.DownloadObjectOptions{Offset: int64(options.offset), Length: int64(options.length)}
	}
	sc := newScope(p.ctx)
	download, err := unlocked2(func() (*object.VersionedDownload, error) {
		d, err := object.DownloadObject(sc.ctx, p.project, bucket, key, ver, opts)
		if err != nil {
			return nil, err
		}
		var got []byte
		if info := d.Info(); info != nil {
			got = info.Version
		}
		if err := matchVersion(got, ver, key); err != nil {
			_ = d.Close()
			return nil, err
		}
		return d, nil
	})
	if err != nil {
		sc.stop()
		return C.UplinkDownloadResult{error: mallocExtError(err)}
	}
	state := &downloadState{download: versionedDownload{download}, scope: sc}
	return C.UplinkDownloadResult{download: (*C.UplinkDownload)(newHandle(state))}
}

// versionedUpload adapts *object.VersionedUpload to the upload handle, so
// uplink_upload_write/commit/abort/free work on it unchanged. A commit refused
// because of if_none_match reports UPLINK_EXT_ERROR_OBJECT_ALREADY_EXISTS.
type versionedUpload struct {
	*object.VersionedUpload
	ifNoneMatch bool
}

func (u versionedUpload) Info() *uplink.Object {
	if info := u.VersionedUpload.Info(); info != nil {
		return &info.Object
	}
	return nil
}

func (u versionedUpload) Commit() error {
	err := u.VersionedUpload.Commit()
	if u.ifNoneMatch && errors.Is(err, object.ErrFailedPrecondition) {
		return &codedError{code: codeExtObjectExists, err: fmt.Errorf("%w: %w", errObjectExists, err)}
	}
	return extError(err)
}

func (u versionedUpload) versioned() *object.VersionedObject { return u.VersionedUpload.Info() }

// goExtUploadOptions converts UplinkExtUploadOptions (NULL: no options).
func goExtUploadOptions(options *C.UplinkExtUploadOptions) (*object.UploadOptions, error) {
	opts := &object.UploadOptions{}
	if options == nil {
		return opts, nil
	}
	retention, err := goRetention(options.retention, "options.retention")
	if err != nil {
		return nil, err
	}
	opts.Expires = timeFromUnix(int64(options.expires))
	opts.Retention = retention
	opts.LegalHold = bool(options.legal_hold)
	if options.if_none_match {
		opts.IfNoneMatch = []string{"*"}
	}
	return opts, nil
}

//export uplink_ext_upload_object
func uplink_ext_upload_object(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, options *C.UplinkExtUploadOptions) (res C.UplinkUploadResult) {
	defer recoverError(&res.error)
	p, err := getOpenProject(project)
	if err != nil {
		return C.UplinkUploadResult{error: mallocExtError(err)}
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"))
	if err != nil {
		return C.UplinkUploadResult{error: mallocExtError(err)}
	}
	opts, err := goExtUploadOptions(options)
	if err != nil {
		return C.UplinkUploadResult{error: mallocExtError(err)}
	}
	sc := newScope(p.ctx)
	upload, err := object.UploadObject(sc.ctx, p.project, args[0], args[1], opts)
	if err != nil {
		sc.stop()
		return C.UplinkUploadResult{error: mallocExtError(err)}
	}
	state := &uploadState{upload: versionedUpload{upload, len(opts.IfNoneMatch) > 0}, scope: sc}
	return C.UplinkUploadResult{upload: (*C.UplinkUpload)(newHandle(state))}
}

// uplink_ext_upload_info is uplink_upload_info with the version, known once
// the upload (of uplink_upload_object or uplink_ext_upload_object) is
// committed. is_latest is true: the object was the latest when committed.
//
//export uplink_ext_upload_info
func uplink_ext_upload_info(upload *C.UplinkUpload) (res C.UplinkExtObjectResult) {
	defer recoverError(&res.error)
	u, err := getUpload(upload)
	if err != nil {
		return extObjectResult(nil, err)
	}
	if v, ok := u.upload.(versionedUpload); ok {
		info := v.versioned()
		if info != nil {
			info.IsLatest = true
		}
		return extObjectResult(info, nil)
	}
	return extObjectResult(committedInfo(u.upload.Info()), nil)
}

// The version fields of an uplink.Object are unexported; storj.io/uplink
// exposes them to its private packages by linkname, as used here.
//
//go:linkname objectVersion storj.io/uplink.objectVersion
func objectVersion(object *uplink.Object) []byte

//go:linkname objectIsVersioned storj.io/uplink.objectIsVersioned
func objectIsVersioned(object *uplink.Object) bool

//export uplink_ext_free_object_result
func uplink_ext_free_object_result(result C.UplinkExtObjectResult) {
	defer recoverQuietly()
	freeExtObject(result.object)
	freeError(result.error)
}

//export uplink_ext_free_object
func uplink_ext_free_object(obj *C.UplinkExtObject) {
	defer recoverQuietly()
	freeExtObject(obj)
}

// ---- batch delete --------------------------------------------------------------

func goDeleteObjectsItems(items *C.UplinkExtDeleteObjectsItem, count C.size_t) ([]object.DeleteObjectsItem, error) {
	n, err := checkLength(count, "items_count")
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errors.New("items_count is 0: at least one object must be given")
	}
	if items == nil {
		return nil, &nilArgError{name: "items"}
	}
	out := make([]object.DeleteObjectsItem, n)
	for i, item := range unsafe.Slice(items, n) {
		name := fmt.Sprintf("items[%d]", i)
		key, err := requiredString(item.object_key, name+".object_key")
		if err != nil {
			return nil, err
		}
		ver, err := goVersion(item.version, item.version_length, name+".version")
		if err != nil {
			return nil, err
		}
		out[i] = object.DeleteObjectsItem{ObjectKey: key, Version: ver}
	}
	return out, nil
}

func deleteObjectsResult(items []object.DeleteObjectsResultItem, err error) C.UplinkExtDeleteObjectsResult {
	if err != nil {
		return C.UplinkExtDeleteObjectsResult{error: mallocExtError(err)}
	}
	var res C.UplinkExtDeleteObjectsResult
	if len(items) == 0 {
		return res
	}
	res.items = (*C.UplinkExtDeleteObjectsResultItem)(C.calloc(C.size_t(len(items)), C.sizeof_UplinkExtDeleteObjectsResultItem))
	res.count = C.size_t(len(items))
	out := unsafe.Slice(res.items, len(items))
	for i, src := range items {
		item := &out[i]
		item.object_key = mallocString(src.ObjectKey)
		item.requested_version, item.requested_version_length = mallocBytes(src.RequestedVersion)
		item.status = C.int32_t(src.Status)
		if src.Removed != nil {
			item.removed_version, item.removed_version_length = mallocBytes(src.Removed.Version)
		}
		if src.Marker != nil {
			item.marker_version, item.marker_version_length = mallocBytes(src.Marker.Version)
		}
	}
	return res
}

// uplink_ext_delete_objects deletes up to the satellite's limit (1000) of
// objects in one request, reporting each key's outcome.
//
//export uplink_ext_delete_objects
func uplink_ext_delete_objects(project *C.UplinkProject, bucket_name *C.uplink_const_char, items *C.UplinkExtDeleteObjectsItem, items_count C.size_t, options *C.UplinkExtDeleteObjectsOptions) (res C.UplinkExtDeleteObjectsResult) {
	defer recoverError(&res.error)
	p, err := getOpenProject(project)
	if err != nil {
		return deleteObjectsResult(nil, err)
	}
	bucket, err := requiredString(cstr(bucket_name), "bucket_name")
	if err != nil {
		return deleteObjectsResult(nil, err)
	}
	goItems, err := goDeleteObjectsItems(items, items_count)
	if err != nil {
		return deleteObjectsResult(nil, err)
	}
	opts := &object.DeleteObjectsOptions{}
	if options != nil {
		opts.BypassGovernanceRetention = bool(options.bypass_governance_retention)
		opts.Quiet = bool(options.quiet)
	}
	return deleteObjectsResult(unlocked2(func() ([]object.DeleteObjectsResultItem, error) {
		return object.DeleteObjects(p.ctx, p.project, bucket, goItems, opts)
	}))
}

//export uplink_ext_free_delete_objects_result
func uplink_ext_free_delete_objects_result(result C.UplinkExtDeleteObjectsResult) {
	defer recoverQuietly()
	if result.items != nil {
		for _, item := range unsafe.Slice(result.items, int(result.count)) {
			C.free(unsafe.Pointer(item.object_key))
			C.free(unsafe.Pointer(item.requested_version))
			C.free(unsafe.Pointer(item.removed_version))
			C.free(unsafe.Pointer(item.marker_version))
		}
		C.free(unsafe.Pointer(result.items))
	}
	freeError(result.error)
}

// ---- version listing -------------------------------------------------------------

// listVersionsPage is object.ListObjectVersions (a variable so tests can page
// through a fake).
var listVersionsPage = object.ListObjectVersions

// versionIterator pages through object.ListObjectVersions. Item keys are
// full keys (the prefix joined to what the satellite returns, as uplink's
// ListObjects does); the cursor of the next page is the last item's relative
// key and version.
type versionIterator struct {
	ctx     context.Context
	project *uplink.Project
	bucket  string
	opts    object.ListObjectVersionsOptions

	page    []*object.VersionedObject
	index   int
	started bool
	more    bool
	err     error
	item    *object.VersionedObject
}

func (it *versionIterator) Next() bool {
	for {
		if it.index < len(it.page) {
			src := *it.page[it.index]
			it.index++
			src.Key = it.opts.Prefix + src.Key
			it.item = &src
			return true
		}
		it.item = nil
		if it.err != nil || (it.started && !it.more) {
			return false
		}
		if len(it.page) > 0 {
			last := it.page[len(it.page)-1]
			it.opts.Cursor, it.opts.VersionCursor = last.Key, last.Version
		}
		it.started = true
		page, more, err := listVersionsPage(it.ctx, it.project, it.bucket, &it.opts)
		if err != nil {
			it.err = err
			return false
		}
		if len(page) == 0 {
			more = false // nothing to advance the cursor with: stop rather than spin
		}
		it.page, it.index, it.more = page, 0, more
	}
}

func (it *versionIterator) Err() error                    { return extError(it.err) }
func (it *versionIterator) Item() *object.VersionedObject { return it.item }

//export uplink_ext_list_object_versions
func uplink_ext_list_object_versions(project *C.UplinkProject, bucket_name *C.uplink_const_char, options *C.UplinkExtListObjectVersionsOptions) (it *C.UplinkExtObjectIterator) {
	defer recoverQuietly()
	p, err := getOpenProject(project)
	if err != nil {
		return (*C.UplinkExtObjectIterator)(newIterator[object.VersionedObject](nil, err))
	}
	bucket, err := requiredString(cstr(bucket_name), "bucket_name")
	if err != nil {
		return (*C.UplinkExtObjectIterator)(newIterator[object.VersionedObject](nil, err))
	}
	vit := &versionIterator{ctx: p.ctx, project: p.project, bucket: bucket}
	if options != nil {
		vit.opts = object.ListObjectVersionsOptions{
			Prefix:    optionalString(options.prefix),
			Cursor:    optionalString(options.cursor),
			Recursive: bool(options.recursive),
			System:    bool(options.system),
			Custom:    bool(options.custom),
		}
	}
	return (*C.UplinkExtObjectIterator)(newIterator[object.VersionedObject](vit, nil))
}

//export uplink_ext_object_iterator_next
func uplink_ext_object_iterator_next(iterator *C.UplinkExtObjectIterator) (ok C.bool) {
	defer recoverQuietly()
	return iteratorNext[object.VersionedObject](unsafe.Pointer(iterator))
}

//export uplink_ext_object_iterator_err
func uplink_ext_object_iterator_err(iterator *C.UplinkExtObjectIterator) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	return iteratorErr[object.VersionedObject](unsafe.Pointer(iterator))
}

//export uplink_ext_object_iterator_item
func uplink_ext_object_iterator_item(iterator *C.UplinkExtObjectIterator) (item *C.UplinkExtObject) {
	defer recoverQuietly()
	return mallocExtObject(iteratorItem[object.VersionedObject](unsafe.Pointer(iterator)))
}

//export uplink_ext_free_object_iterator
func uplink_ext_free_object_iterator(iterator *C.UplinkExtObjectIterator) {
	defer recoverQuietly()
	freeHandle[*iteratorState[object.VersionedObject]](unsafe.Pointer(iterator))
}
