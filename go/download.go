package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink.h"
*/
import "C"

import (
	"errors"
	"io"
	"sync"
	"unsafe"

	"storj.io/uplink"
)

// objectDownload is the part of *uplink.Download the C API uses (an
// interface so tests can substitute a fake).
type objectDownload interface {
	Read(p []byte) (int, error)
	Close() error
	Info() *uplink.Object
}

// downloadState is the handle value of an UplinkDownload.
type downloadState struct {
	download objectDownload
	// pending is an error (io.EOF included) met after some bytes were already
	// read into the caller's buffer: those bytes are returned first, the
	// error next time.
	pending error
	scope   scope // cancelled by uplink_cancel_download and when the download is closed

	mu     sync.Mutex
	closed bool
}

// read fills the caller's buffer (no copy: storj.io/uplink decrypts straight
// into it). storj.io/uplink's Read returns one encryption block (~7.4 KiB)
// per call, so one Read per C call would cost one cgo round trip, and one
// Python call, per 7.4 KiB (36 000 of them per 256 MiB); this loop makes it
// one per caller buffer. It stops when the buffer is full, at the end, or at
// an error. As in uplink-c, bytes never come with an error: bytes read before
// the end or an error are returned alone, and the end (code EOF, -1) or the
// error comes with 0 bytes on the next call. A caller that checks the error
// before bytes_read therefore never loses the tail of a download.
func (d *downloadState) read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if err := d.scope.err("download"); err != nil {
		return 0, err
	}
	n, err := 0, d.pending
	if err != nil {
		d.pending = nil
	} else {
		n, err = unlocked2(func() (int, error) { return d.fill(p) })
	}
	if err == nil || errors.Is(err, io.EOF) {
		return n, err
	}
	return n, d.scope.wrap(err, "download")
}

// fill is the loop of read, run off the C thread (see unlocked).
func (d *downloadState) fill(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		m, err := d.download.Read(p[n:])
		n += m
		if err != nil {
			if n > 0 {
				d.pending = err
				return n, nil
			}
			return 0, err
		}
		if m == 0 {
			break // (0, nil): give the caller what there is rather than spin
		}
	}
	return n, nil
}

// close closes the download; only the first call closes, later calls return nil.
func (d *downloadState) close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	defer d.scope.stop()
	return d.download.Close()
}

// release closes a download whose handle is freed without uplink_close_download.
func (d *downloadState) release() { _ = d.close() }

func getDownload(p *C.UplinkDownload) (*downloadState, error) {
	return getHandle[*downloadState](unsafe.Pointer(p), "download")
}

// readResult builds a C read result; io.EOF becomes code EOF (-1).
func readResult(n int, err error) C.UplinkReadResult {
	return C.UplinkReadResult{bytes_read: C.size_t(n), error: mallocError(err)}
}

//export uplink_download_object
func uplink_download_object(project *C.UplinkProject, bucket_name, object_key *C.uplink_const_char, options *C.UplinkDownloadOptions) (res C.UplinkDownloadResult) {
	defer recoverError(&res.error)
	p, err := getOpenProject(project)
	if err != nil {
		return C.UplinkDownloadResult{error: mallocError(err)}
	}
	args, err := requiredStrings(arg(bucket_name, "bucket_name"), arg(object_key, "object_key"))
	if err != nil {
		return C.UplinkDownloadResult{error: mallocError(err)}
	}
	var opts *uplink.DownloadOptions // NULL: the whole object
	if options != nil {
		opts = &uplink.DownloadOptions{Offset: int64(options.offset), Length: int64(options.length)}
	}
	sc := newScope(p.ctx)
	download, err := p.project.DownloadObject(sc.ctx, args[0], args[1], opts)
	if err != nil {
		sc.stop()
		return C.UplinkDownloadResult{error: mallocError(err)}
	}
	state := &downloadState{download: download, scope: sc}
	return C.UplinkDownloadResult{download: (*C.UplinkDownload)(newHandle(state))}
}

// uplink_download_read reads directly into the caller's buffer.
//
//export uplink_download_read
func uplink_download_read(download *C.UplinkDownload, bytes unsafe.Pointer, length C.size_t) (res C.UplinkReadResult) {
	defer recoverError(&res.error)
	d, err := getDownload(download)
	if err != nil {
		return readResult(0, err)
	}
	buf, err := bufferView(bytes, length, "bytes")
	if err != nil {
		return readResult(0, err)
	}
	return readResult(d.read(buf))
}

//export uplink_download_info
func uplink_download_info(download *C.UplinkDownload) (res C.UplinkObjectResult) {
	defer recoverError(&res.error)
	d, err := getDownload(download)
	if err != nil {
		return objectResult(nil, err)
	}
	return objectResult(d.download.Info(), nil)
}

//export uplink_close_download
func uplink_close_download(download *C.UplinkDownload) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	if download == nil {
		return nil // as in uplink-c: nothing to close
	}
	d, err := getDownload(download)
	if err != nil {
		return mallocError(err)
	}
	return mallocError(d.close())
}

//export uplink_free_read_result
func uplink_free_read_result(result C.UplinkReadResult) {
	defer recoverQuietly()
	freeError(result.error)
}

//export uplink_free_download_result
func uplink_free_download_result(result C.UplinkDownloadResult) {
	defer recoverQuietly()
	freeHandle[*downloadState](unsafe.Pointer(result.download))
	freeError(result.error)
}
