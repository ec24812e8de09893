package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink.h"
*/
import "C"

import (
	"fmt"
	"math"
	"sort"
	"time"
	"unsafe"

	"storj.io/uplink"
)

// ---- strings and buffers ------------------------------------------------

// cstr views an uplink_const_char* argument as a char*.
func cstr(p *C.uplink_const_char) *C.char { return (*C.char)(unsafe.Pointer(p)) }

// requiredString converts a NUL-terminated string that must not be NULL.
func requiredString(p *C.char, name string) (string, error) {
	if p == nil {
		return "", &nilArgError{name: name}
	}
	return C.GoString(p), nil
}

// optionalString converts a NUL-terminated string; NULL gives "".
func optionalString(p *C.char) string {
	if p == nil {
		return ""
	}
	return C.GoString(p)
}

// requiredStrings converts several required strings at once, in order,
// reporting the first NULL one.
func requiredStrings(args ...namedString) ([]string, error) {
	out := make([]string, len(args))
	for i, a := range args {
		s, err := requiredString(a.p, a.name)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

type namedString struct {
	p    *C.char
	name string
}

func arg(p *C.uplink_const_char, name string) namedString { return namedString{cstr(p), name} }

// checkLength converts a C length to int, rejecting values Go cannot index.
func checkLength(n C.size_t, name string) (int, error) {
	if uint64(n) > uint64(math.MaxInt) {
		return 0, fmt.Errorf("%s is too large: %d", name, uint64(n))
	}
	return int(n), nil
}

// bufferView returns the caller's buffer (p, n) as a Go slice without copying
// it. n == 0 gives a nil slice whatever p is; n > 0 with p == NULL is an error.
// The slice must not be retained after the call that received it returns.
func bufferView(p unsafe.Pointer, n C.size_t, name string) ([]byte, error) {
	if n == 0 {
		return nil, nil
	}
	if p == nil {
		return nil, &nilArgError{name: name}
	}
	length, err := checkLength(n, name+" length")
	if err != nil {
		return nil, err
	}
	return unsafe.Slice((*byte)(p), length), nil
}

// stringWithLength copies (p, n) into a Go string; NUL bytes are preserved.
func stringWithLength(p *C.char, n C.size_t, name string) (string, error) {
	b, err := bufferView(unsafe.Pointer(p), n, name)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// mallocString copies s (NUL bytes included) into a malloc'd, NUL-terminated
// C string.
func mallocString(s string) *C.char { return C.CString(s) }

// ---- times ----------------------------------------------------------------

// unixSeconds converts a Go time to Unix seconds, the zero time giving 0.
func unixSeconds(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// timeFromUnix converts Unix seconds to a Go time, 0 giving the zero time.
func timeFromUnix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0)
}

// ---- custom metadata --------------------------------------------------------

// goCustomMetadata copies C custom metadata (explicit lengths) into Go.
func goCustomMetadata(m C.UplinkCustomMetadata, name string) (uplink.CustomMetadata, error) {
	out := uplink.CustomMetadata{}
	if m.count == 0 {
		return out, nil
	}
	if m.entries == nil {
		return nil, &nilArgError{name: name + ".entries"}
	}
	count, err := checkLength(m.count, name+".count")
	if err != nil {
		return nil, err
	}
	for i, e := range unsafe.Slice(m.entries, count) {
		key, err := stringWithLength(e.key, e.key_length, fmt.Sprintf("%s.entries[%d].key", name, i))
		if err != nil {
			return nil, err
		}
		value, err := stringWithLength(e.value, e.value_length, fmt.Sprintf("%s.entries[%d].value", name, i))
		if err != nil {
			return nil, err
		}
		out[key] = value
	}
	return out, nil
}

// cCustomMetadata copies Go custom metadata into malloc'd C entries, sorted
// by key. Empty metadata gives {NULL, 0}.
func cCustomMetadata(m uplink.CustomMetadata) C.UplinkCustomMetadata {
	var out C.UplinkCustomMetadata
	if len(m) == 0 {
		return out
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	out.entries = (*C.UplinkCustomMetadataEntry)(C.calloc(C.size_t(len(keys)), C.sizeof_UplinkCustomMetadataEntry))
	out.count = C.size_t(len(keys))
	entries := unsafe.Slice(out.entries, len(keys))
	for i, k := range keys {
		v := m[k]
		entries[i].key = mallocString(k)
		entries[i].key_length = C.size_t(len(k))
		entries[i].value = mallocString(v)
		entries[i].value_length = C.size_t(len(v))
	}
	return out
}

// freeCustomMetadata frees the entries of m (not m itself) and zeroes it.
func freeCustomMetadata(m *C.UplinkCustomMetadata) {
	if m == nil || m.entries == nil {
		return
	}
	for _, e := range unsafe.Slice(m.entries, int(m.count)) {
		C.free(unsafe.Pointer(e.key))
		C.free(unsafe.Pointer(e.value))
	}
	C.free(unsafe.Pointer(m.entries))
	m.entries = nil
	m.count = 0
}

// ---- values -------------------------------------------------------------------

func cSystemMetadata(s uplink.SystemMetadata) C.UplinkSystemMetadata {
	return C.UplinkSystemMetadata{
		created:        C.int64_t(unixSeconds(s.Created)),
		expires:        C.int64_t(unixSeconds(s.Expires)),
		content_length: C.int64_t(s.ContentLength),
	}
}

// mallocObject converts an object (nil gives NULL).
func mallocObject(o *uplink.Object) *C.UplinkObject {
	if o == nil {
		return nil
	}
	c := (*C.UplinkObject)(C.calloc(1, C.sizeof_UplinkObject))
	fillObject(c, o)
	return c
}

// fillObject converts o into the C object c (zeroed memory, e.g. one item of a page).
func fillObject(c *C.UplinkObject, o *uplink.Object) {
	c.key = mallocString(o.Key)
	c.is_prefix = C.bool(o.IsPrefix)
	c.system = cSystemMetadata(o.System)
	c.custom = cCustomMetadata(o.Custom)
}

// clearObject frees what fillObject allocated (not c itself).
func clearObject(c *C.UplinkObject) {
	C.free(unsafe.Pointer(c.key))
	c.key = nil
	freeCustomMetadata(&c.custom)
}

func freeObject(o *C.UplinkObject) {
	if o == nil {
		return
	}
	clearObject(o)
	C.free(unsafe.Pointer(o))
}

// mallocBucket converts a bucket (nil gives NULL).
func mallocBucket(b *uplink.Bucket) *C.UplinkBucket {
	if b == nil {
		return nil
	}
	c := (*C.UplinkBucket)(C.calloc(1, C.sizeof_UplinkBucket))
	c.name = mallocString(b.Name)
	c.created = C.int64_t(unixSeconds(b.Created))
	return c
}

func freeBucket(b *C.UplinkBucket) {
	if b == nil {
		return
	}
	C.free(unsafe.Pointer(b.name))
	C.free(unsafe.Pointer(b))
}

// mallocUploadInfo converts a multipart upload's info (nil gives NULL).
func mallocUploadInfo(u *uplink.UploadInfo) *C.UplinkUploadInfo {
	if u == nil {
		return nil
	}
	c := (*C.UplinkUploadInfo)(C.calloc(1, C.sizeof_UplinkUploadInfo))
	c.upload_id = mallocString(u.UploadID)
	c.key = mallocString(u.Key)
	c.is_prefix = C.bool(u.IsPrefix)
	c.system = cSystemMetadata(u.System)
	c.custom = cCustomMetadata(u.Custom)
	return c
}

func freeUploadInfo(u *C.UplinkUploadInfo) {
	if u == nil {
		return
	}
	C.free(unsafe.Pointer(u.upload_id))
	C.free(unsafe.Pointer(u.key))
	freeCustomMetadata(&u.custom)
	C.free(unsafe.Pointer(u))
}

// mallocPart converts a part (nil gives NULL). etag is always a malloc'd,
// NUL-terminated buffer (possibly empty) of etag_length bytes.
func mallocPart(p *uplink.Part) *C.UplinkPart {
	if p == nil {
		return nil
	}
	c := (*C.UplinkPart)(C.calloc(1, C.sizeof_UplinkPart))
	c.part_number = C.uint32_t(p.PartNumber)
	if p.Size > 0 {
		c.size = C.size_t(p.Size)
	}
	c.modified = C.int64_t(unixSeconds(p.Modified))
	c.etag = mallocString(string(p.ETag))
	c.etag_length = C.size_t(len(p.ETag))
	return c
}

func freePart(p *C.UplinkPart) {
	if p == nil {
		return
	}
	C.free(unsafe.Pointer(p.etag))
	C.free(unsafe.Pointer(p))
}

// ---- arguments ----------------------------------------------------------------

// goConfig converts an UplinkConfig. dial_timeout_milliseconds passes through
// with its sign, as in uplink-c: storj.io/uplink reads 0 as its default (10 s
// for projects) and a negative timeout as no timeout. temp_directory is
// accepted and ignored: storj.io/uplink v1.14.5's Config has no
// temporary-directory setting (uploads buffer in memory).
func goConfig(c C.UplinkConfig) uplink.Config {
	return uplink.Config{
		UserAgent:   optionalString(c.user_agent),
		DialTimeout: time.Duration(c.dial_timeout_milliseconds) * time.Millisecond,
	}
}

// goSharePrefixes converts the prefixes of uplink_access_share. Each bucket is
// required; a NULL prefix means the whole bucket.
func goSharePrefixes(p *C.UplinkSharePrefix, count C.int64_t) ([]uplink.SharePrefix, error) {
	if count < 0 {
		return nil, fmt.Errorf("prefixes_count is negative: %d", int64(count))
	}
	if count == 0 {
		return nil, nil
	}
	if p == nil {
		return nil, &nilArgError{name: "prefixes"}
	}
	if uint64(count) > math.MaxInt32 {
		return nil, fmt.Errorf("prefixes_count is too large: %d", int64(count))
	}
	out := make([]uplink.SharePrefix, int(count))
	for i, sp := range unsafe.Slice(p, int(count)) {
		bucket, err := requiredString(sp.bucket, fmt.Sprintf("prefixes[%d].bucket", i))
		if err != nil {
			return nil, err
		}
		out[i] = uplink.SharePrefix{Bucket: bucket, Prefix: optionalString(sp.prefix)}
	}
	return out, nil
}

// goPermission converts an UplinkPermission (times in Unix seconds, 0 = unset).
func goPermission(p C.UplinkPermission) uplink.Permission {
	return uplink.Permission{
		AllowDownload: bool(p.allow_download),
		AllowUpload:   bool(p.allow_upload),
		AllowList:     bool(p.allow_list),
		AllowDelete:   bool(p.allow_delete),
		NotBefore:     timeFromUnix(int64(p.not_before)),
		NotAfter:      timeFromUnix(int64(p.not_after)),
	}
}
