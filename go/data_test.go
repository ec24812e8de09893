package main

import (
	"context"
	"errors"
	"io"
	"testing"
	"unsafe"

	"storj.io/uplink"
)

// fakeUpload stands in for *uplink.Upload / *uplink.PartUpload.
type fakeUpload struct {
	data     []byte
	addrs    []uintptr // address of each Write's first byte
	commits  int
	aborts   int
	writeErr error
	etag     []byte
}

func (f *fakeUpload) Write(p []byte) (int, error) {
	if f.writeErr != nil {
		return 0, f.writeErr
	}
	if len(p) > 0 {
		f.addrs = append(f.addrs, uintptr(unsafe.Pointer(&p[0])))
	}
	f.data = append(f.data, p...)
	return len(p), nil
}
func (f *fakeUpload) Commit() error { f.commits++; return nil }
func (f *fakeUpload) Abort() error  { f.aborts++; return nil }
func (f *fakeUpload) Info() *uplink.Object {
	return &uplink.Object{Key: "k", System: uplink.SystemMetadata{ContentLength: int64(len(f.data))}}
}
func (f *fakeUpload) SetCustomMetadata(ctx context.Context, custom uplink.CustomMetadata) error {
	return nil
}

type fakePartUpload struct{ fakeUpload }

func (f *fakePartUpload) SetETag(eTag []byte) error { f.etag = eTag; return nil }
func (f *fakePartUpload) Info() *uplink.Part {
	return &uplink.Part{PartNumber: 1, Size: int64(len(f.data)), ETag: f.etag}
}

func TestUploadWriteZeroCopyAndDone(t *testing.T) {
	for _, part := range []bool{false, true} {
		for _, finish := range []string{"commit", "abort"} {
			fake := &fakePartUpload{}
			var h handle
			if part {
				h = universe.add(&partUploadState{upload: fake})
			} else {
				h = universe.add(&uploadState{upload: &fake.fakeUpload})
			}

			res, addr := shimUploadWrite(uint64(h), []byte("hello "), false, part)
			if res.hasErr || res.n != 6 {
				t.Fatalf("write: %+v", res)
			}
			// zero copy: Go's Write received the C buffer itself
			if len(fake.addrs) != 1 || fake.addrs[0] != addr {
				t.Fatalf("write did not receive the caller's buffer: %x vs %x", fake.addrs, addr)
			}
			res, _ = shimUploadWrite(uint64(h), []byte("world"), false, part)
			if res.hasErr || res.n != 5 || string(fake.data) != "hello world" {
				t.Fatalf("second write: %+v %q", res, fake.data)
			}

			var code int32
			var ok bool
			if finish == "commit" {
				code, _, ok = shimCommit(uint64(h), part)
			} else {
				code, _, ok = shimAbort(uint64(h), part)
			}
			if ok {
				t.Fatalf("%s failed: %#x", finish, code)
			}

			// after commit/abort every write (even of 0 bytes) is UPLOAD_DONE
			for _, data := range [][]byte{[]byte("late"), nil} {
				res, _ = shimUploadWrite(uint64(h), data, false, part)
				if !res.hasErr || res.code != codeUploadDone || res.n != 0 {
					t.Fatalf("write after %s: %+v", finish, res)
				}
			}
			// and so is a second commit or abort
			if code, msg, ok := shimCommit(uint64(h), part); !ok || code != codeUploadDone {
				t.Fatalf("commit after %s: %#x %q", finish, code, msg)
			}
			if code, msg, ok := shimAbort(uint64(h), part); !ok || code != codeUploadDone {
				t.Fatalf("abort after %s: %#x %q", finish, code, msg)
			}
			if fake.commits+fake.aborts != 1 {
				t.Fatalf("Go upload finished %d times", fake.commits+fake.aborts)
			}
			universe.del(h)
		}
	}
}

func TestUploadWriteErrorAfterConcurrentFinish(t *testing.T) {
	fake := &fakeUpload{writeErr: errors.New("upload already done")}
	u := &uploadState{upload: fake}
	_ = u.done.finish("committed")
	// the done flag wins over storj.io/uplink's generic error
	if _, err := u.done.guardWrite(fake.Write, []byte("x")); errorCode(err) != codeUploadDone {
		t.Fatalf("%v", err)
	}
}

func TestFreeRunningUploadAborts(t *testing.T) {
	fake := &fakeUpload{}
	h := universe.add(&uploadState{upload: fake})
	shimFreeUpload(uint64(h))
	if fake.aborts != 1 {
		t.Fatalf("aborts = %d", fake.aborts)
	}
	fake = &fakeUpload{}
	h = universe.add(&uploadState{upload: fake})
	if _, _, ok := shimCommit(uint64(h), false); ok {
		t.Fatal("commit failed")
	}
	shimFreeUpload(uint64(h))
	if fake.aborts != 0 || fake.commits != 1 {
		t.Fatalf("committed upload aborted on free: %+v", fake)
	}
	if shimUniverseIsEmpty() != 1 {
		t.Fatal("leak")
	}
}

// fakeDownload returns its data in chunks, with io.EOF on the last one.
type fakeDownload struct {
	data   []byte
	closes int
	addrs  []uintptr
}

func (f *fakeDownload) Read(p []byte) (int, error) {
	if len(p) > 0 {
		f.addrs = append(f.addrs, uintptr(unsafe.Pointer(&p[0])))
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	if len(f.data) == 0 {
		return n, io.EOF
	}
	return n, nil
}
func (f *fakeDownload) Close() error         { f.closes++; return nil }
func (f *fakeDownload) Info() *uplink.Object { return &uplink.Object{Key: "k"} }

func TestDownloadReadEOF(t *testing.T) {
	fake := &fakeDownload{data: []byte("0123456789")}
	h := universe.add(&downloadState{download: fake})

	res, data, addr := shimDownloadRead(uint64(h), 4, false)
	if res.hasErr || res.n != 4 || string(data) != "0123" {
		t.Fatalf("first read: %+v %q", res, data)
	}
	if len(fake.addrs) != 1 || fake.addrs[0] != addr {
		t.Fatal("read did not receive the caller's buffer")
	}
	// as in uplink-c: the last bytes come with no error (although the Go
	// Read returned them together with io.EOF), then EOF (-1) with 0 bytes
	res, data, _ = shimDownloadRead(uint64(h), 100, false)
	if res.hasErr || res.n != 6 || string(data) != "456789" {
		t.Fatalf("last read: %+v %q, want the 6 tail bytes and no error", res, data)
	}
	for i := 0; i < 2; i++ {
		res, _, _ = shimDownloadRead(uint64(h), 100, false)
		if !res.hasErr || res.code != -1 || res.message != "EOF" || res.n != 0 {
			t.Fatalf("read %d after the end: %+v, want EOF with 0 bytes", i, res)
		}
	}
	// length 0 and NULL-with-length
	if res, _, _ = shimDownloadRead(uint64(h), 0, true); res.hasErr || res.n != 0 {
		t.Fatalf("length 0: %+v", res)
	}
	if res, _, _ = shimDownloadRead(uint64(h), 8, true); !res.hasErr || res.code != codeInternal || res.message != "bytes is nil" {
		t.Fatalf("NULL buffer: %+v", res)
	}
	// free closes a download that was not closed
	shimFreeDownload(uint64(h))
	if fake.closes != 1 {
		t.Fatalf("closes = %d", fake.closes)
	}
	if res, _, _ = shimDownloadRead(uint64(h), 8, false); !res.hasErr || res.code != codeInvalidHandle {
		t.Fatalf("read after free: %+v", res)
	}
}

func TestDownloadCloseIsIdempotent(t *testing.T) {
	fake := &fakeDownload{}
	d := &downloadState{download: fake}
	if d.close() != nil || d.close() != nil {
		t.Fatal("close failed")
	}
	d.release()
	if fake.closes != 1 {
		t.Fatalf("closes = %d", fake.closes)
	}
}

// blockDownload returns at most block bytes per Read (as storj.io/uplink does,
// one encryption block per call), then err once its data is gone.
type blockDownload struct {
	data  []byte
	block int
	err   error
	reads int
}

func (f *blockDownload) Read(p []byte) (int, error) {
	f.reads++
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p[:min(len(p), f.block)], f.data)
	f.data = f.data[n:]
	return n, nil
}
func (f *blockDownload) Close() error         { return nil }
func (f *blockDownload) Info() *uplink.Object { return &uplink.Object{Key: "k"} }

func TestDownloadReadFillsTheBufferAcrossBlocks(t *testing.T) {
	fake := &blockDownload{data: []byte("abcdefghij"), block: 3, err: io.EOF}
	d := &downloadState{download: fake}
	buf := make([]byte, 8)
	if n, err := d.read(buf); n != 8 || err != nil || string(buf) != "abcdefgh" {
		t.Fatalf("first read: %d %v %q", n, err, buf[:n])
	}
	if fake.reads != 3 {
		t.Fatalf("8 bytes of 3-byte blocks took %d Reads, want 3", fake.reads)
	}
	if n, err := d.read(buf); n != 2 || err != nil || string(buf[:2]) != "ij" {
		t.Fatalf("last read: %d %v %q, want the 2 tail bytes and no error", n, err, buf[:n])
	}
	if n, err := d.read(buf); n != 0 || !errors.Is(err, io.EOF) {
		t.Fatalf("read at the end: %d %v, want EOF with 0 bytes", n, err)
	}
}

// A buffer exactly as long as what is left: the bytes, then EOF alone.
func TestDownloadReadExactFitThenEOF(t *testing.T) {
	d := &downloadState{download: &fakeDownload{data: []byte("abcdef")}}
	buf := make([]byte, 6)
	if n, err := d.read(buf); n != 6 || err != nil || string(buf) != "abcdef" {
		t.Fatalf("read: %d %v %q", n, err, buf[:n])
	}
	if n, err := d.read(buf); n != 0 || !errors.Is(err, io.EOF) {
		t.Fatalf("read at the end: %d %v, want EOF with 0 bytes", n, err)
	}
}

func TestDownloadReadReturnsBytesBeforeAnError(t *testing.T) {
	broken := errors.New("node went away")
	d := &downloadState{download: &blockDownload{data: []byte("abcde"), block: 2, err: broken}}
	buf := make([]byte, 16)
	if n, err := d.read(buf); n != 5 || err != nil || string(buf[:5]) != "abcde" {
		t.Fatalf("first read: %d %v %q, want the 5 bytes before the error", n, err, buf[:n])
	}
	if n, err := d.read(buf); n != 0 || !errors.Is(err, broken) {
		t.Fatalf("second read: %d %v, want the error", n, err)
	}
}
