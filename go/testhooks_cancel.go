package main

// Test hooks of cancel.go (cgo cannot be used in _test.go files).

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_cancel.h"
*/
import "C"

import "unsafe"

// shimCancel calls uplink_cancel_upload, _part_upload or _download (kind
// "upload", "part", "download") on handle h (a NULL handle when null is set).
func shimCancel(h uint64, kind string, null bool) (code int32, message string, ok bool) {
	withHandleStruct(h, null, func(p unsafe.Pointer) {
		switch kind {
		case "upload":
			code, message, ok = takeErr(uplink_cancel_upload((*C.UplinkUpload)(p)))
		case "part":
			code, message, ok = takeErr(uplink_cancel_part_upload((*C.UplinkPartUpload)(p)))
		default:
			code, message, ok = takeErr(uplink_cancel_download((*C.UplinkDownload)(p)))
		}
	})
	return
}
