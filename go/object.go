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

// objectResult builds a C object result (a nil object gives a NULL object).
func objectResult(obj *uplink.Object, err error) C.UplinkObjectResult {
	if err != nil {
		return C.UplinkObjectResult{error: mallocError(err)}
	}
	return C.UplinkObjectResult{object: mallocObject(obj)}
}

//export uplink_stat_object
func uplink_stat_object(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char) (res C.UplinkObjectResult) {
	defer recoverError(&res.error)
	p, err := getOpenProject(project)
	if err != nil {
		return objectResult(nil, err)
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"))
	if err != nil {
		return objectResult(nil, err)
	}
	// one round trip: run in place (see unlocked.go)
	return objectResult(p.project.StatObject(p.ctx, args[0], args[1]))
}

// uplink_delete_object returns a NULL object without error when there was
// nothing to delete (or the access cannot read what it deleted).
//
//export uplink_delete_object
func uplink_delete_object(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char) (res C.UplinkObjectResult) {
	defer recoverError(&res.error)
	p, err := getOpenProject(project)
	if err != nil {
		return objectResult(nil, err)
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"))
	if err != nil {
		return objectResult(nil, err)
	}
	return objectResult(p.project.DeleteObject(p.ctx, args[0], args[1]))
}

func moveCopyArgs(oldBucket, oldKey, newBucket, newKey *C.uplink_const_char) ([]string, error) {
	return requiredStrings(
		arg(oldBucket, "old_bucket_name"),
		arg(oldKey, "old_object_key"),
		arg(newBucket, "new_bucket_name"),
		arg(newKey, "new_object_key"),
	)
}

// uplink_copy_object ignores options: UplinkCopyObjectOptions has no fields.
//
//export uplink_copy_object
func uplink_copy_object(project *C.UplinkProject, old_bucket_name, old_object_key, new_bucket_name, new_object_key *C.uplink_const_char, options *C.UplinkCopyObjectOptions) (res C.UplinkObjectResult) {
	defer recoverError(&res.error)
	p, err := getOpenProject(project)
	if err != nil {
		return objectResult(nil, err)
	}
	args, err := moveCopyArgs(old_bucket_name, old_object_key, new_bucket_name, new_object_key)
	if err != nil {
		return objectResult(nil, err)
	}
	return objectResult(p.project.CopyObject(p.ctx, args[0], args[1], args[2], args[3], nil))
}

// uplink_move_object ignores options: UplinkMoveObjectOptions has no fields.
//
//export uplink_move_object
func uplink_move_object(project *C.UplinkProject, old_bucket_name, old_object_key, new_bucket_name, new_object_key *C.uplink_const_char, options *C.UplinkMoveObjectOptions) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	p, err := getOpenProject(project)
	if err != nil {
		return mallocError(err)
	}
	args, err := moveCopyArgs(old_bucket_name, old_object_key, new_bucket_name, new_object_key)
	if err != nil {
		return mallocError(err)
	}
	return mallocError(p.project.MoveObject(p.ctx, args[0], args[1], args[2], args[3], nil))
}

// uplink_update_object_metadata replaces the object's custom metadata;
// options are ignored (UplinkUploadObjectMetadataOptions has no fields).
//
//export uplink_update_object_metadata
func uplink_update_object_metadata(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, new_metadata C.UplinkCustomMetadata, options *C.UplinkUploadObjectMetadataOptions) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	p, err := getOpenProject(project)
	if err != nil {
		return mallocError(err)
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"))
	if err != nil {
		return mallocError(err)
	}
	custom, err := goCustomMetadata(new_metadata, "new_metadata")
	if err != nil {
		return mallocError(err)
	}
	return mallocError(p.project.UpdateObjectMetadata(p.ctx, args[0], args[1], custom, nil))
}

//export uplink_free_object_result
func uplink_free_object_result(obj C.UplinkObjectResult) {
	defer recoverQuietly()
	freeObject(obj.object)
	freeError(obj.error)
}

//export uplink_free_object
func uplink_free_object(obj *C.UplinkObject) {
	defer recoverQuietly()
	freeObject(obj)
}

// ---- object iterator -------------------------------------------------------------

//export uplink_list_objects
func uplink_list_objects(project *C.UplinkProject, bucket_name *C.uplink_const_char, options *C.UplinkListObjectsOptions) (it *C.UplinkObjectIterator) {
	defer recoverQuietly()
	p, err := getOpenProject(project)
	if err != nil {
		return (*C.UplinkObjectIterator)(newIterator[uplink.Object](nil, err))
	}
	bucket, err := requiredString(cstr(bucket_name), "bucket_name")
	if err != nil {
		return (*C.UplinkObjectIterator)(newIterator[uplink.Object](nil, err))
	}
	var opts *uplink.ListObjectsOptions
	if options != nil {
		opts = &uplink.ListObjectsOptions{
			Prefix:    optionalString(options.prefix),
			Cursor:    optionalString(options.cursor),
			Recursive: bool(options.recursive),
			System:    bool(options.system),
			Custom:    bool(options.custom),
		}
	}
	return (*C.UplinkObjectIterator)(newIterator[uplink.Object](p.project.ListObjects(p.ctx, bucket, opts), nil))
}

//export uplink_object_iterator_next
func uplink_object_iterator_next(iterator *C.UplinkObjectIterator) (ok C.bool) {
	defer recoverQuietly()
	return iteratorNext[uplink.Object](unsafe.Pointer(iterator))
}

//export uplink_object_iterator_err
func uplink_object_iterator_err(iterator *C.UplinkObjectIterator) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	return iteratorErr[uplink.Object](unsafe.Pointer(iterator))
}

//export uplink_object_iterator_item
func uplink_object_iterator_item(iterator *C.UplinkObjectIterator) (item *C.UplinkObject) {
	defer recoverQuietly()
	return mallocObject(iteratorItem[uplink.Object](unsafe.Pointer(iterator)))
}

//export uplink_free_object_iterator
func uplink_free_object_iterator(iterator *C.UplinkObjectIterator) {
	defer recoverQuietly()
	freeHandle[*iteratorState[uplink.Object]](unsafe.Pointer(iterator))
}
