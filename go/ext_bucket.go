package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_ext.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"unsafe"

	"storj.io/common/storj"
	"storj.io/uplink"
	"storj.io/uplink/private/bucket"
	"storj.io/uplink/private/metaclient"
)

// bucketArgs resolves the (project, bucket name) arguments of the bucket
// extension functions.
func bucketArgs(project *C.UplinkProject, bucketName *C.uplink_const_char) (*projectState, string, error) {
	p, err := getOpenProject(project)
	if err != nil {
		return nil, "", err
	}
	name, err := requiredString(cstr(bucketName), "bucket_name")
	return p, name, err
}

func extBucketResult(b *uplink.Bucket, err error) C.UplinkBucketResult {
	if err != nil {
		return C.UplinkBucketResult{error: mallocExtError(err)}
	}
	return C.UplinkBucketResult{bucket: mallocBucket(b)}
}

// uplink_ext_create_bucket creates a bucket, with Object Lock (which also
// enables versioning) when options ask for it. NULL options: as uplink_create_bucket.
//
//export uplink_ext_create_bucket
func uplink_ext_create_bucket(project *C.UplinkProject, bucket_name *C.uplink_const_char, options *C.UplinkExtCreateBucketOptions) (res C.UplinkBucketResult) {
	defer recoverError(&res.error)
	p, name, err := bucketArgs(project, bucket_name)
	if err != nil {
		return extBucketResult(nil, err)
	}
	params := bucket.CreateBucketWithObjectLockParams{Name: name}
	if options != nil {
		params.ObjectLockEnabled = bool(options.object_lock_enabled)
	}
	b, err := bucket.CreateBucketWithObjectLock(p.ctx, p.project, params)
	if err != nil {
		return extBucketResult(nil, err)
	}
	return extBucketResult(&uplink.Bucket{Name: b.Name, Created: b.Created}, nil)
}

// uplink_ext_delete_bucket_with_objects is uplink_delete_bucket_with_objects,
// optionally bypassing governance retention of the objects.
//
//export uplink_ext_delete_bucket_with_objects
func uplink_ext_delete_bucket_with_objects(project *C.UplinkProject, bucket_name *C.uplink_const_char, bypass_governance_retention C.bool) (res C.UplinkBucketResult) {
	defer recoverError(&res.error)
	p, name, err := bucketArgs(project, bucket_name)
	if err != nil {
		return extBucketResult(nil, err)
	}
	if bypass_governance_retention {
		return extBucketResult(bucket.DeleteBucketWithObjectsBypassGovernanceRetention(p.ctx, p.project, name))
	}
	return extBucketResult(p.project.DeleteBucketWithObjects(p.ctx, name))
}

//export uplink_ext_get_bucket_versioning
func uplink_ext_get_bucket_versioning(project *C.UplinkProject, bucket_name *C.uplink_const_char) (res C.UplinkExtIntResult) {
	defer recoverError(&res.error)
	p, name, err := bucketArgs(project, bucket_name)
	if err != nil {
		return C.UplinkExtIntResult{error: mallocError(err)}
	}
	state, err := bucket.GetBucketVersioning(p.ctx, p.project, name)
	if err != nil {
		return C.UplinkExtIntResult{error: mallocExtError(err)}
	}
	return C.UplinkExtIntResult{value: C.int64_t(state)}
}

// uplink_ext_set_bucket_versioning enables (true) or suspends (false) versioning.
//
//export uplink_ext_set_bucket_versioning
func uplink_ext_set_bucket_versioning(project *C.UplinkProject, bucket_name *C.uplink_const_char, enabled C.bool) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	p, name, err := bucketArgs(project, bucket_name)
	if err != nil {
		return mallocError(err)
	}
	return mallocExtError(bucket.SetBucketVersioning(p.ctx, p.project, name, bool(enabled)))
}

//export uplink_ext_get_bucket_object_lock_configuration
func uplink_ext_get_bucket_object_lock_configuration(project *C.UplinkProject, bucket_name *C.uplink_const_char) (res C.UplinkExtObjectLockConfigurationResult) {
	defer recoverError(&res.error)
	p, name, err := bucketArgs(project, bucket_name)
	if err != nil {
		return C.UplinkExtObjectLockConfigurationResult{error: mallocError(err)}
	}
	config, err := bucket.GetBucketObjectLockConfiguration(p.ctx, p.project, name)
	if err != nil {
		return C.UplinkExtObjectLockConfigurationResult{error: mallocExtError(err)}
	}
	res.configuration.enabled = C.bool(config.Enabled)
	if d := config.DefaultRetention; d != nil && d.Mode != storj.NoRetention {
		res.configuration.default_retention_mode = C.int32_t(d.Mode)
		res.configuration.default_retention_days = C.int32_t(d.Days)
		res.configuration.default_retention_years = C.int32_t(d.Years)
	}
	return res
}

// goObjectLockConfiguration checks a configuration: a default retention
// needs a mode and exactly one positive period (days or years).
func goObjectLockConfiguration(c C.UplinkExtObjectLockConfiguration) (*metaclient.BucketObjectLockConfiguration, error) {
	mode, err := goRetentionMode(c.default_retention_mode, "configuration.default_retention_mode")
	if err != nil {
		return nil, err
	}
	days, years := int32(c.default_retention_days), int32(c.default_retention_years)
	config := &metaclient.BucketObjectLockConfiguration{Enabled: bool(c.enabled)}
	if mode == storj.NoRetention {
		if days != 0 || years != 0 {
			return nil, errors.New("configuration: a default retention period needs a retention mode")
		}
		return config, nil
	}
	if days < 0 || years < 0 || (days > 0) == (years > 0) {
		return nil, fmt.Errorf("configuration: a default retention needs either days or years (> 0), got days=%d years=%d", days, years)
	}
	config.DefaultRetention = &metaclient.DefaultRetention{Mode: mode, Days: days, Years: years}
	return config, nil
}

//export uplink_ext_set_bucket_object_lock_configuration
func uplink_ext_set_bucket_object_lock_configuration(project *C.UplinkProject, bucket_name *C.uplink_const_char, configuration C.UplinkExtObjectLockConfiguration) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	p, name, err := bucketArgs(project, bucket_name)
	if err != nil {
		return mallocError(err)
	}
	config, err := goObjectLockConfiguration(configuration)
	if err != nil {
		return mallocError(err)
	}
	return mallocExtError(bucket.SetBucketObjectLockConfiguration(p.ctx, p.project, name, config))
}

//export uplink_ext_free_object_lock_configuration_result
func uplink_ext_free_object_lock_configuration_result(result C.UplinkExtObjectLockConfigurationResult) {
	defer recoverQuietly()
	freeError(result.error)
}

// ---- tags and location -----------------------------------------------------------

// uplink_ext_get_bucket_tagging gives {NULL, 0} for a bucket without tags.
//
//export uplink_ext_get_bucket_tagging
func uplink_ext_get_bucket_tagging(project *C.UplinkProject, bucket_name *C.uplink_const_char) (res C.UplinkExtBucketTagsResult) {
	defer recoverError(&res.error)
	p, name, err := bucketArgs(project, bucket_name)
	if err != nil {
		return C.UplinkExtBucketTagsResult{error: mallocError(err)}
	}
	tags, err := bucket.GetBucketTagging(p.ctx, p.project, name)
	if errors.Is(err, bucket.ErrTagsNotFound) {
		return res
	}
	if err != nil {
		return C.UplinkExtBucketTagsResult{error: mallocExtError(err)}
	}
	if len(tags) == 0 {
		return res
	}
	res.tags = (*C.UplinkExtBucketTag)(C.calloc(C.size_t(len(tags)), C.sizeof_UplinkExtBucketTag))
	res.count = C.size_t(len(tags))
	out := unsafe.Slice(res.tags, len(tags))
	for i, tag := range tags {
		out[i].key = mallocString(tag.Key)
		out[i].value = mallocString(tag.Value)
	}
	return res
}

func goBucketTags(tags *C.UplinkExtBucketTag, count C.size_t) ([]bucket.Tag, error) {
	n, err := checkLength(count, "tags_count")
	if err != nil || n == 0 {
		return []bucket.Tag{}, err
	}
	if tags == nil {
		return nil, &nilArgError{name: "tags"}
	}
	out := make([]bucket.Tag, n)
	for i, tag := range unsafe.Slice(tags, n) {
		key, err := requiredString(tag.key, fmt.Sprintf("tags[%d].key", i))
		if err != nil {
			return nil, err
		}
		out[i] = bucket.Tag{Key: key, Value: optionalString(tag.value)}
	}
	return out, nil
}

// uplink_ext_set_bucket_tagging replaces the bucket's tags (count 0 removes them).
//
//export uplink_ext_set_bucket_tagging
func uplink_ext_set_bucket_tagging(project *C.UplinkProject, bucket_name *C.uplink_const_char, tags *C.UplinkExtBucketTag, tags_count C.size_t) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	p, name, err := bucketArgs(project, bucket_name)
	if err != nil {
		return mallocError(err)
	}
	goTags, err := goBucketTags(tags, tags_count)
	if err != nil {
		return mallocError(err)
	}
	return mallocExtError(bucket.SetBucketTagging(p.ctx, p.project, name, goTags))
}

//export uplink_ext_free_bucket_tags_result
func uplink_ext_free_bucket_tags_result(result C.UplinkExtBucketTagsResult) {
	defer recoverQuietly()
	if result.tags != nil {
		for _, tag := range unsafe.Slice(result.tags, int(result.count)) {
			C.free(unsafe.Pointer(tag.key))
			C.free(unsafe.Pointer(tag.value))
		}
		C.free(unsafe.Pointer(result.tags))
	}
	freeError(result.error)
}

// uplink_ext_get_bucket_location gives the bucket's placement location ("" when
// none); free the result with uplink_free_string_result.
//
//export uplink_ext_get_bucket_location
func uplink_ext_get_bucket_location(project *C.UplinkProject, bucket_name *C.uplink_const_char) (res C.UplinkStringResult) {
	defer recoverError(&res.error)
	p, name, err := bucketArgs(project, bucket_name)
	if err != nil {
		return stringResult("", err)
	}
	location, err := bucket.GetBucketLocation(p.ctx, p.project, name)
	return stringResult(location, extError(err))
}
