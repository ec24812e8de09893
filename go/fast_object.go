package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_fast.h"
*/
import "C"

import (
	"context"
	"errors"
	"io"
	"time"
	"unsafe"

	"storj.io/uplink"
	"storj.io/uplink/private/object"
)

// A small put or get does in one C call, on one goroutine off the C thread
// (see unlocked), what the streaming calls do in four or five: one hand-off
// instead of one per blocking call, and the commit's and the download's
// round trips waited for on an ordinary goroutine.

// putWhole sets the metadata, writes data and commits an upload that has
// begun; on failure the upload is aborted (nothing is committed).
func putWhole(ctx context.Context, upload objectUpload, custom uplink.CustomMetadata, data []byte) (*uplink.Object, error) {
	fail := func(err error) (*uplink.Object, error) {
		_ = upload.Abort()
		return nil, err
	}
	if len(custom) > 0 {
		if err := upload.SetCustomMetadata(ctx, custom); err != nil {
			return fail(err)
		}
	}
	if len(data) > 0 {
		if _, err := upload.Write(data); err != nil {
			return fail(err)
		}
	}
	if err := upload.Commit(); err != nil {
		return fail(err)
	}
	return upload.Info(), nil
}

// committedInfo is a committed upload's information with its version (the
// object was the latest when committed).
func committedInfo(plain *uplink.Object) *object.VersionedObject {
	if plain == nil {
		return nil
	}
	return &object.VersionedObject{Object: *plain, Version: objectVersion(plain),
		IsVersioned: objectIsVersioned(plain), IsLatest: true}
}

// goPutOptions converts UplinkFastPutOptions (NULL: none).
func goPutOptions(options *C.UplinkFastPutOptions) (*uplink.UploadOptions, uplink.CustomMetadata, error) {
	opts := &uplink.UploadOptions{}
	if options == nil {
		return opts, nil, nil
	}
	if options.expires > 0 { // as uplink_upload_object: <= 0 is never
		opts.Expires = time.Unix(int64(options.expires), 0)
	}
	custom, err := goCustomMetadata(options.custom, "options.custom")
	return opts, custom, err
}

//export uplink_fast_put_object
func uplink_fast_put_object(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, bytes unsafe.Pointer, length C.size_t, options *C.UplinkFastPutOptions) (res C.UplinkExtObjectResult) {
	defer recoverError(&res.error)
	failed := func(err error) C.UplinkExtObjectResult { // the codes of uplink-c's upload calls
		return C.UplinkExtObjectResult{error: mallocError(err)}
	}
	p, err := getOpenProject(project)
	if err != nil {
		return failed(err)
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"))
	if err != nil {
		return failed(err)
	}
	data, err := bufferView(bytes, length, "bytes")
	if err != nil {
		return failed(err)
	}
	opts, custom, err := goPutOptions(options)
	if err != nil {
		return failed(err)
	}
	sc := newScope(p.ctx)
	defer sc.stop()
	info, err := unlocked2(func() (*uplink.Object, error) {
		upload, err := p.project.UploadObject(sc.ctx, args[0], args[1], opts)
		if err != nil {
			return nil, err
		}
		return putWhole(sc.ctx, upload, custom, data)
	})
	if err != nil {
		return failed(err)
	}
	return extObjectResult(committedInfo(info), nil)
}

// A download with more or fewer bytes than its information said.
var (
	errLongerThanInfo  = errors.New("the object is longer than its content length")
	errShorterThanInfo = errors.New("the object is shorter than its content length")
)

// readWhole reads d to its end into buf, which has the length d's
// information gives; an object shorter or longer than that is an error.
func readWhole(d objectDownload, buf []byte) (int, error) {
	n, err := io.ReadFull(d, buf)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return n, errShorterThanInfo
		}
		return n, err
	}
	var probe [1]byte
	for {
		m, err := d.Read(probe[:])
		if m > 0 {
			return n, errLongerThanInfo
		}
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// getResult is a whole small object (data, n) or a larger object's open download.
type getResult struct {
	data     unsafe.Pointer // malloc'd, nil when n is 0
	n        int
	download *downloadState // the object is larger than max: read it as a stream
}

// getWhole downloads key whole into malloc'd memory when it holds at most max
// bytes, else leaves its download open for the caller.
func getWhole(p *projectState, bucket, key string, max int64) (getResult, error) {
	sc := newScope(p.ctx)
	download, err := p.project.DownloadObject(sc.ctx, bucket, key, nil)
	if err != nil {
		sc.stop()
		return getResult{}, err
	}
	state := &downloadState{download: download, scope: sc}
	size := download.Info().System.ContentLength
	if size > max || size < 0 {
		return getResult{download: state}, nil
	}
	var r getResult
	if size > 0 {
		r.data = C.malloc(C.size_t(size))
		r.n, err = readWhole(download, unsafe.Slice((*byte)(r.data), int(size)))
	}
	if cerr := state.close(); err == nil {
		err = cerr
	}
	if err != nil {
		C.free(r.data)
		return getResult{}, err
	}
	return r, nil
}

//export uplink_fast_get_object
func uplink_fast_get_object(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, max_length C.size_t) (res C.UplinkFastGetResult) {
	defer recoverError(&res.error)
	p, err := getOpenProject(project)
	if err != nil {
		return C.UplinkFastGetResult{error: mallocError(err)}
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"))
	if err != nil {
		return C.UplinkFastGetResult{error: mallocError(err)}
	}
	max, err := checkLength(max_length, "max_length")
	if err != nil {
		return C.UplinkFastGetResult{error: mallocError(err)}
	}
	r, err := unlocked2(func() (getResult, error) { return getWhole(p, args[0], args[1], int64(max)) })
	if err != nil {
		return C.UplinkFastGetResult{error: mallocError(err)}
	}
	if r.download != nil {
		return C.UplinkFastGetResult{download: (*C.UplinkDownload)(newHandle(r.download))}
	}
	return C.UplinkFastGetResult{data: (*C.uint8_t)(r.data), length: C.size_t(r.n)}
}

//export uplink_fast_free_get_result
func uplink_fast_free_get_result(result C.UplinkFastGetResult) {
	defer recoverQuietly()
	C.free(unsafe.Pointer(result.data))
	freeError(result.error)
}
