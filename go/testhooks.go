package main

// Test hooks. cgo cannot be used in _test.go files, so the Go tests drive the
// C-typed code through these small Go-typed shims. They are unexported and
// unused by the C API; they cost a few hundred bytes in the archive.

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include <string.h>
#include "uplink.h"
*/
import "C"

import (
	"unsafe"

	"storj.io/uplink"
)

// cErr reads (without freeing) a C error: ok is false for NULL.
func cErr(e *C.UplinkError) (code int32, message string, ok bool) {
	if e == nil {
		return 0, "", false
	}
	return int32(e.code), C.GoString(e.message), true
}

// takeErr reads and frees a C error.
func takeErr(e *C.UplinkError) (code int32, message string, ok bool) {
	code, message, ok = cErr(e)
	uplink_free_error(e)
	return code, message, ok
}

// shimError converts err to a C error, reads it back and frees it.
func shimError(err error) (code int32, message string, ok bool) {
	return takeErr(mallocError(err))
}

// shimMetadataRoundTrip converts Go metadata to C, checks the C lengths
// against the Go strings, converts back to Go and frees the C side. keys is
// the order of the C entries.
func shimMetadataRoundTrip(m uplink.CustomMetadata) (back uplink.CustomMetadata, keys []string, lengthsOK bool, err error) {
	c := cCustomMetadata(m)
	defer freeCustomMetadata(&c)
	lengthsOK = int(c.count) == len(m)
	if c.count > 0 {
		for _, e := range unsafe.Slice(c.entries, int(c.count)) {
			k := C.GoStringN(e.key, C.int(e.key_length))
			v := C.GoStringN(e.value, C.int(e.value_length))
			keys = append(keys, k)
			// NUL-terminated after the explicit length, for C callers' comfort
			if *(*byte)(unsafe.Add(unsafe.Pointer(e.key), int(e.key_length))) != 0 ||
				*(*byte)(unsafe.Add(unsafe.Pointer(e.value), int(e.value_length))) != 0 ||
				int(e.key_length) != len(k) || m[k] != v {
				lengthsOK = false
			}
		}
	} else if c.entries != nil {
		lengthsOK = false
	}
	back, err = goCustomMetadata(c, "custom")
	return back, keys, lengthsOK, err
}

// metadataEntry is a test description of one C metadata entry.
type metadataEntry struct {
	key, value       string
	nilKey, nilValue bool // NULL pointer (with the length of key/value)
	keyLen, valueLen *int // explicit length; nil means len(key)/len(value)
}

// shimGoCustomMetadata builds C metadata from entries (nilEntries: a NULL
// entries array with count = len(entries)) and converts it to Go.
func shimGoCustomMetadata(entries []metadataEntry, nilEntries bool) (uplink.CustomMetadata, error) {
	var c C.UplinkCustomMetadata
	c.count = C.size_t(len(entries))
	var allocs []unsafe.Pointer
	defer func() {
		for _, p := range allocs {
			C.free(p)
		}
	}()
	if !nilEntries && len(entries) > 0 {
		c.entries = (*C.UplinkCustomMetadataEntry)(C.calloc(C.size_t(len(entries)), C.sizeof_UplinkCustomMetadataEntry))
		allocs = append(allocs, unsafe.Pointer(c.entries))
		for i, e := range unsafe.Slice(c.entries, len(entries)) {
			d := entries[i]
			if !d.nilKey {
				e.key = (*C.char)(C.CBytes(append([]byte(d.key), 0)))
				allocs = append(allocs, unsafe.Pointer(e.key))
			}
			if !d.nilValue {
				e.value = (*C.char)(C.CBytes(append([]byte(d.value), 0)))
				allocs = append(allocs, unsafe.Pointer(e.value))
			}
			e.key_length, e.value_length = C.size_t(len(d.key)), C.size_t(len(d.value))
			if d.keyLen != nil {
				e.key_length = C.size_t(*d.keyLen)
			}
			if d.valueLen != nil {
				e.value_length = C.size_t(*d.valueLen)
			}
			unsafe.Slice(c.entries, len(entries))[i] = e
		}
	}
	return goCustomMetadata(c, "custom")
}

// shimSharePrefixes builds a C UplinkSharePrefix array (a nil *string is a
// NULL char*; nilArray passes a NULL array) and converts it.
func shimSharePrefixes(buckets, prefixes []*string, count int64, nilArray bool) ([]uplink.SharePrefix, error) {
	var arr *C.UplinkSharePrefix
	var allocs []unsafe.Pointer
	defer func() {
		for _, p := range allocs {
			C.free(p)
		}
	}()
	cs := func(s *string) *C.char {
		if s == nil {
			return nil
		}
		p := C.CString(*s)
		allocs = append(allocs, unsafe.Pointer(p))
		return p
	}
	if !nilArray && len(buckets) > 0 {
		arr = (*C.UplinkSharePrefix)(C.calloc(C.size_t(len(buckets)), C.sizeof_UplinkSharePrefix))
		allocs = append(allocs, unsafe.Pointer(arr))
		items := unsafe.Slice(arr, len(buckets))
		for i := range buckets {
			items[i].bucket = cs(buckets[i])
			items[i].prefix = cs(prefixes[i])
		}
	}
	return goSharePrefixes(arr, C.int64_t(count))
}

// shimConfig converts a C config built from Go values.
func shimConfig(userAgent *string, dialTimeoutMS int32, tempDir *string) uplink.Config {
	var c C.UplinkConfig
	if userAgent != nil {
		c.user_agent = C.CString(*userAgent)
		defer C.free(unsafe.Pointer(c.user_agent))
	}
	if tempDir != nil {
		c.temp_directory = C.CString(*tempDir)
		defer C.free(unsafe.Pointer(c.temp_directory))
	}
	c.dial_timeout_milliseconds = C.int32_t(dialTimeoutMS)
	return goConfig(c)
}

// withHandleStruct calls f with a malloc'd handle struct holding h (or NULL
// when null is set) and frees it afterwards.
func withHandleStruct(h uint64, null bool, f func(p unsafe.Pointer)) {
	if null {
		f(nil)
		return
	}
	p := (*C.UplinkHandle)(C.calloc(1, C.sizeof_UplinkHandle))
	defer C.free(unsafe.Pointer(p))
	p._handle = C.size_t(h)
	f(unsafe.Pointer(p))
}

// ioResult is a Go view of a C write or read result.
type ioResult struct {
	n       int
	hasErr  bool
	code    int32
	message string
}

// shimUploadWrite calls uplink_upload_write (or uplink_part_upload_write when
// part is set) on handle h with data copied into C memory (a NULL buffer when
// nilBuffer is set, length len(data) either way). bufAddr is the C buffer's
// address, to check that Go wrote from it without a copy.
func shimUploadWrite(h uint64, data []byte, nilBuffer, part bool) (res ioResult, bufAddr uintptr) {
	var buf unsafe.Pointer
	if !nilBuffer && len(data) > 0 {
		buf = C.CBytes(data)
		defer C.free(buf)
	}
	withHandleStruct(h, false, func(p unsafe.Pointer) {
		var r C.UplinkWriteResult
		if part {
			r = uplink_part_upload_write((*C.UplinkPartUpload)(p), buf, C.size_t(len(data)))
		} else {
			r = uplink_upload_write((*C.UplinkUpload)(p), buf, C.size_t(len(data)))
		}
		res.n = int(r.bytes_written)
		res.code, res.message, res.hasErr = cErr(r.error)
		uplink_free_write_result(r)
	})
	return res, uintptr(buf)
}

// shimDownloadRead calls uplink_download_read on handle h with a C buffer
// of length bytes (NULL when nilBuffer is set) and returns what was read.
func shimDownloadRead(h uint64, length int, nilBuffer bool) (res ioResult, data []byte, bufAddr uintptr) {
	var buf unsafe.Pointer
	if !nilBuffer && length > 0 {
		buf = C.malloc(C.size_t(length))
		defer C.free(buf)
	}
	withHandleStruct(h, false, func(p unsafe.Pointer) {
		r := uplink_download_read((*C.UplinkDownload)(p), buf, C.size_t(length))
		res.n = int(r.bytes_read)
		res.code, res.message, res.hasErr = cErr(r.error)
		uplink_free_read_result(r)
	})
	if buf != nil {
		data = C.GoBytes(buf, C.int(res.n))
	}
	return res, data, uintptr(buf)
}

// shimCommit / shimAbort call uplink_upload_commit / _abort (or the part
// upload variants) on handle h.
func shimCommit(h uint64, part bool) (code int32, message string, ok bool) {
	withHandleStruct(h, false, func(p unsafe.Pointer) {
		if part {
			code, message, ok = takeErr(uplink_part_upload_commit((*C.UplinkPartUpload)(p)))
		} else {
			code, message, ok = takeErr(uplink_upload_commit((*C.UplinkUpload)(p)))
		}
	})
	return
}

func shimAbort(h uint64, part bool) (code int32, message string, ok bool) {
	withHandleStruct(h, false, func(p unsafe.Pointer) {
		if part {
			code, message, ok = takeErr(uplink_part_upload_abort((*C.UplinkPartUpload)(p)))
		} else {
			code, message, ok = takeErr(uplink_upload_abort((*C.UplinkUpload)(p)))
		}
	})
	return
}

// shimFreeUpload / shimFreeDownload free a malloc'd handle struct holding h
// through the C API's free functions.
func shimFreeUpload(h uint64) {
	p := (*C.UplinkHandle)(C.calloc(1, C.sizeof_UplinkHandle))
	p._handle = C.size_t(h)
	uplink_free_upload_result(C.UplinkUploadResult{upload: (*C.UplinkUpload)(unsafe.Pointer(p))})
}

func shimFreeDownload(h uint64) {
	p := (*C.UplinkHandle)(C.calloc(1, C.sizeof_UplinkHandle))
	p._handle = C.size_t(h)
	uplink_free_download_result(C.UplinkDownloadResult{download: (*C.UplinkDownload)(unsafe.Pointer(p))})
}

// objectIteratorItemKey calls uplink_object_iterator_item on p and returns
// the key of the item (ok false for NULL), freeing the item.
func objectIteratorItemKey(p unsafe.Pointer) (key string, ok bool) {
	item := uplink_object_iterator_item((*C.UplinkObjectIterator)(p))
	if item == nil {
		return "", false
	}
	defer uplink_free_object(item)
	return C.GoString(item.key), true
}

func objectIteratorNext(p unsafe.Pointer) bool {
	return bool(uplink_object_iterator_next((*C.UplinkObjectIterator)(p)))
}

func objectIteratorErr(p unsafe.Pointer) (code int32, message string, ok bool) {
	return takeErr(uplink_object_iterator_err((*C.UplinkObjectIterator)(p)))
}

func bucketIteratorErr(p unsafe.Pointer) (code int32, message string, ok bool) {
	return takeErr(uplink_bucket_iterator_err((*C.UplinkBucketIterator)(p)))
}

func freeObjectIterator(p unsafe.Pointer) { uplink_free_object_iterator((*C.UplinkObjectIterator)(p)) }

// shimPart converts a Go part to C and back to Go values.
func shimPart(p *uplink.Part) (number uint32, size uint64, modified int64, etag []byte, etagNULTerminated, isNil bool) {
	c := mallocPart(p)
	if c == nil {
		return 0, 0, 0, nil, false, true
	}
	defer uplink_free_part(c)
	etag = C.GoBytes(unsafe.Pointer(c.etag), C.int(c.etag_length))
	etagNULTerminated = *(*byte)(unsafe.Add(unsafe.Pointer(c.etag), int(c.etag_length))) == 0
	return uint32(c.part_number), uint64(c.size), int64(c.modified), etag, etagNULTerminated, false
}

// shimObject converts a Go object to C and reads it back.
func shimObject(o *uplink.Object) (key string, isPrefix bool, created, expires, length int64, custom uplink.CustomMetadata, isNil bool, err error) {
	c := mallocObject(o)
	if c == nil {
		return "", false, 0, 0, 0, nil, true, nil
	}
	defer uplink_free_object(c)
	custom, err = goCustomMetadata(c.custom, "custom")
	return C.GoString(c.key), bool(c.is_prefix), int64(c.system.created), int64(c.system.expires), int64(c.system.content_length), custom, false, err
}

// shimUniverseIsEmpty calls uplink_internal_UniverseIsEmpty.
func shimUniverseIsEmpty() uint8 { return uint8(uplink_internal_UniverseIsEmpty()) }

// newHandleStructFor mallocs a handle struct for an existing handle.
func newHandleStructFor(h handle) unsafe.Pointer {
	p := (*C.UplinkHandle)(C.calloc(1, C.sizeof_UplinkHandle))
	p._handle = h
	return unsafe.Pointer(p)
}

// panicky panics and lets recoverError turn the panic into an error.
func panicky() (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	panic("boom")
}

// goPermissionFromGo converts a C permission built from Go values.
func goPermissionFromGo(download, upload, list, del bool, notBefore, notAfter int64) uplink.Permission {
	return goPermission(C.UplinkPermission{
		allow_download: C.bool(download),
		allow_upload:   C.bool(upload),
		allow_list:     C.bool(list),
		allow_delete:   C.bool(del),
		not_before:     C.int64_t(notBefore),
		not_after:      C.int64_t(notAfter),
	})
}
