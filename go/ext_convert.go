package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_ext.h"
*/
import "C"

import (
	"fmt"
	"time"
	"unsafe"

	"storj.io/common/storj"
	"storj.io/uplink/private/metaclient"
	"storj.io/uplink/private/object"
)

// versionLength is the length of an object version (the satellite's
// StreamVersionID: an 8-byte version number and 8 bytes of the stream id).
const versionLength = 16

// goVersion copies a version argument; length 0 gives nil (the latest). Any
// other length than versionLength is an ErrObjectVersionInvalid error.
func goVersion(p *C.uplink_ext_const_byte, n C.size_t, name string) ([]byte, error) {
	b, err := bufferView(unsafe.Pointer(p), n, name)
	if err != nil || b == nil {
		return nil, err
	}
	if len(b) != versionLength {
		return nil, fmt.Errorf("%w: %s is %d bytes long, not %d", object.ErrObjectVersionInvalid, name, len(b), versionLength)
	}
	return append([]byte(nil), b...), nil
}

// mallocBytes copies b into malloc'd memory (NULL for an empty b).
func mallocBytes(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		return nil, 0
	}
	return (*C.uint8_t)(C.CBytes(b)), C.size_t(len(b))
}

// goRetentionMode checks a C retention mode.
func goRetentionMode(mode C.int32_t, name string) (storj.RetentionMode, error) {
	switch mode {
	case C.UPLINK_EXT_RETENTION_NONE, C.UPLINK_EXT_RETENTION_COMPLIANCE, C.UPLINK_EXT_RETENTION_GOVERNANCE:
		return storj.RetentionMode(mode), nil
	}
	return 0, fmt.Errorf("%s: unknown retention mode %d", name, int32(mode))
}

// goRetention converts a C retention: mode NONE needs no date, the others
// need one.
func goRetention(r C.UplinkExtRetention, name string) (metaclient.Retention, error) {
	mode, err := goRetentionMode(r.mode, name+".mode")
	if err != nil {
		return metaclient.Retention{}, err
	}
	if mode == storj.NoRetention {
		return metaclient.Retention{}, nil
	}
	if r.retain_until <= 0 {
		return metaclient.Retention{}, fmt.Errorf("%s.retain_until must be set with a retention mode", name)
	}
	return metaclient.Retention{Mode: mode, RetainUntil: time.Unix(int64(r.retain_until), 0)}, nil
}

func cRetention(r *metaclient.Retention) C.UplinkExtRetention {
	if r == nil || r.Mode == storj.NoRetention {
		return C.UplinkExtRetention{}
	}
	return C.UplinkExtRetention{mode: C.int32_t(r.Mode), retain_until: C.int64_t(unixSeconds(r.RetainUntil))}
}

// mallocExtObject converts a versioned object (nil gives NULL).
func mallocExtObject(o *object.VersionedObject) *C.UplinkExtObject {
	if o == nil {
		return nil
	}
	c := (*C.UplinkExtObject)(C.calloc(1, C.sizeof_UplinkExtObject))
	c.key = mallocString(o.Key)
	c.is_prefix = C.bool(o.IsPrefix)
	c.system = cSystemMetadata(o.System)
	c.custom = cCustomMetadata(o.Custom)
	c.version, c.version_length = mallocBytes(o.Version)
	c.is_versioned = C.bool(o.IsVersioned)
	c.is_latest = C.bool(o.IsLatest)
	c.is_delete_marker = C.bool(o.IsDeleteMarker)
	c.retention = cRetention(o.Retention)
	c.legal_hold = -1
	if o.LegalHold != nil {
		c.legal_hold = 0
		if *o.LegalHold {
			c.legal_hold = 1
		}
	}
	return c
}

func freeExtObject(o *C.UplinkExtObject) {
	if o == nil {
		return
	}
	C.free(unsafe.Pointer(o.key))
	freeCustomMetadata(&o.custom)
	C.free(unsafe.Pointer(o.version))
	C.free(unsafe.Pointer(o))
}

// extObjectResult builds a C result (a nil object gives a NULL object).
func extObjectResult(obj *object.VersionedObject, err error) C.UplinkExtObjectResult {
	if err != nil {
		return C.UplinkExtObjectResult{error: mallocExtError(err)}
	}
	return C.UplinkExtObjectResult{object: mallocExtObject(obj)}
}

// versionArgs resolves the (project, bucket, key, version) arguments shared by
// the per-version functions.
func versionArgs(project *C.UplinkProject, bucketName, objectKey *C.uplink_const_char, version *C.uplink_ext_const_byte, versionLength C.size_t) (p *projectState, bucket, key string, ver []byte, err error) {
	p, err = getOpenProject(project)
	if err != nil {
		return nil, "", "", nil, err
	}
	args, err := requiredStrings(arg(bucketName, "bucket_name"), arg(objectKey, "object_key"))
	if err != nil {
		return nil, "", "", nil, err
	}
	ver, err = goVersion(version, versionLength, "version")
	return p, args[0], args[1], ver, err
}

// maxTTLSeconds is the largest max_object_ttl_seconds a time.Duration holds.
const maxTTLSeconds = int64(1<<63-1) / int64(time.Second)

func errInvalidTTL(ttl int64) error {
	return fmt.Errorf("max_object_ttl_seconds must be between 0 and %d, got %d", maxTTLSeconds, ttl)
}
