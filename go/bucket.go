package main

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

type bucketFunc func(p *uplink.Project, ctx context.Context, bucket string) (*uplink.Bucket, error)

// bucketCall runs one of the five bucket operations. As in uplink-c, the
// result carries the bucket storj.io/uplink returned even beside an error:
// CreateBucket on an existing bucket returns that bucket together with
// ErrBucketAlreadyExists, and a caller written against uplink-c reads it.
func bucketCall(project *C.UplinkProject, bucketName *C.uplink_const_char, call bucketFunc) C.UplinkBucketResult {
	p, err := getOpenProject(project)
	if err != nil {
		return C.UplinkBucketResult{error: mallocError(err)}
	}
	name, err := requiredString(cstr(bucketName), "bucket_name")
	if err != nil {
		return C.UplinkBucketResult{error: mallocError(err)}
	}
	bucket, err := call(p.project, p.ctx, name)
	return C.UplinkBucketResult{bucket: mallocBucket(bucket), error: mallocError(err)}
}

//export uplink_stat_bucket
func uplink_stat_bucket(project *C.UplinkProject, bucket_name *C.uplink_const_char) (res C.UplinkBucketResult) {
	defer recoverError(&res.error)
	return bucketCall(project, bucket_name, (*uplink.Project).StatBucket)
}

//export uplink_create_bucket
func uplink_create_bucket(project *C.UplinkProject, bucket_name *C.uplink_const_char) (res C.UplinkBucketResult) {
	defer recoverError(&res.error)
	return bucketCall(project, bucket_name, (*uplink.Project).CreateBucket)
}

//export uplink_ensure_bucket
func uplink_ensure_bucket(project *C.UplinkProject, bucket_name *C.uplink_const_char) (res C.UplinkBucketResult) {
	defer recoverError(&res.error)
	return bucketCall(project, bucket_name, (*uplink.Project).EnsureBucket)
}

//export uplink_delete_bucket
func uplink_delete_bucket(project *C.UplinkProject, bucket_name *C.uplink_const_char) (res C.UplinkBucketResult) {
	defer recoverError(&res.error)
	return bucketCall(project, bucket_name, (*uplink.Project).DeleteBucket)
}

//export uplink_delete_bucket_with_objects
func uplink_delete_bucket_with_objects(project *C.UplinkProject, bucket_name *C.uplink_const_char) (res C.UplinkBucketResult) {
	defer recoverError(&res.error)
	return bucketCall(project, bucket_name, (*uplink.Project).DeleteBucketWithObjects)
}

//export uplink_free_bucket_result
func uplink_free_bucket_result(result C.UplinkBucketResult) {
	defer recoverQuietly()
	freeBucket(result.bucket)
	freeError(result.error)
}

//export uplink_free_bucket
func uplink_free_bucket(bucket *C.UplinkBucket) {
	defer recoverQuietly()
	freeBucket(bucket)
}

// ---- bucket iterator ----------------------------------------------------------

//export uplink_list_buckets
func uplink_list_buckets(project *C.UplinkProject, options *C.UplinkListBucketsOptions) (it *C.UplinkBucketIterator) {
	defer recoverQuietly()
	p, err := getOpenProject(project)
	if err != nil {
		return (*C.UplinkBucketIterator)(newIterator[uplink.Bucket](nil, err))
	}
	var opts *uplink.ListBucketsOptions
	if options != nil {
		opts = &uplink.ListBucketsOptions{Cursor: optionalString(options.cursor)}
	}
	return (*C.UplinkBucketIterator)(newIterator[uplink.Bucket](p.project.ListBuckets(p.ctx, opts), nil))
}

//export uplink_bucket_iterator_next
func uplink_bucket_iterator_next(iterator *C.UplinkBucketIterator) (ok C.bool) {
	defer recoverQuietly()
	return iteratorNext[uplink.Bucket](unsafe.Pointer(iterator))
}

//export uplink_bucket_iterator_err
func uplink_bucket_iterator_err(iterator *C.UplinkBucketIterator) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	return iteratorErr[uplink.Bucket](unsafe.Pointer(iterator))
}

//export uplink_bucket_iterator_item
func uplink_bucket_iterator_item(iterator *C.UplinkBucketIterator) (item *C.UplinkBucket) {
	defer recoverQuietly()
	return mallocBucket(iteratorItem[uplink.Bucket](unsafe.Pointer(iterator)))
}

//export uplink_free_bucket_iterator
func uplink_free_bucket_iterator(iterator *C.UplinkBucketIterator) {
	defer recoverQuietly()
	freeHandle[*iteratorState[uplink.Bucket]](unsafe.Pointer(iterator))
}
