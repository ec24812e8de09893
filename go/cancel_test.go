package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"storj.io/uplink"
)

// blockingUpload's Write blocks until its context is cancelled, then fails
// with a network-looking error (as storj.io/uplink may), not context.Canceled.
type blockingUpload struct {
	fakeUpload
	ctx     context.Context
	started chan struct{}
}

func (b *blockingUpload) Write(p []byte) (int, error) {
	close(b.started)
	<-b.ctx.Done()
	return 0, errors.New("piece upload failed: connection closed")
}

// blockingPart is a blockingUpload as a part upload.
type blockingPart struct{ *blockingUpload }

func (b blockingPart) SetETag(eTag []byte) error { return nil }
func (b blockingPart) Info() *uplink.Part        { return &uplink.Part{PartNumber: 1} }

// blockingDownload's Read blocks the same way.
type blockingDownload struct {
	fakeDownload
	ctx     context.Context
	started chan struct{}
}

func (b *blockingDownload) Read(p []byte) (int, error) {
	close(b.started)
	<-b.ctx.Done()
	return 0, errors.New("piece download failed: connection closed")
}

// addBlocking registers a state of the given kind whose transfer blocks on its scope.
func addBlocking(kind string) (h handle, sc scope, started chan struct{}, up *blockingUpload) {
	sc = newScope(context.Background())
	started = make(chan struct{})
	switch kind {
	case "download":
		h = universe.add(&downloadState{download: &blockingDownload{ctx: sc.ctx, started: started}, scope: sc})
	case "part":
		up = &blockingUpload{ctx: sc.ctx, started: started}
		h = universe.add(&partUploadState{upload: blockingPart{up}, scope: sc})
	default:
		up = &blockingUpload{ctx: sc.ctx, started: started}
		h = universe.add(&uploadState{upload: up, scope: sc})
	}
	return h, sc, started, up
}

func TestCancelStopsABlockedTransferPromptly(t *testing.T) {
	for _, kind := range []string{"upload", "part", "download"} {
		h, _, started, up := addBlocking(kind)
		done := make(chan ioResult, 1)
		go func() {
			if kind == "download" {
				res, _, _ := shimDownloadRead(uint64(h), 64, false)
				done <- res
			} else {
				res, _ := shimUploadWrite(uint64(h), []byte("data"), false, kind == "part")
				done <- res
			}
		}()
		<-started
		if code, msg, ok := shimCancel(uint64(h), kind, false); ok {
			t.Fatalf("%s: cancel failed: %d %s", kind, code, msg)
		}
		select {
		case res := <-done:
			if !res.hasErr || res.code != codeCanceled {
				t.Fatalf("%s: the blocked call returned %+v, want CANCELED", kind, res)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the blocked call did not return after cancel", kind)
		}
		// later calls fail up front; a cancelled upload cannot be committed
		if kind == "download" {
			if res, _, _ := shimDownloadRead(uint64(h), 8, false); res.code != codeCanceled {
				t.Fatalf("read after cancel: %+v", res)
			}
		} else {
			if res, _ := shimUploadWrite(uint64(h), []byte("x"), false, kind == "part"); res.code != codeCanceled {
				t.Fatalf("%s: write after cancel: %+v", kind, res)
			}
			if code, _, ok := shimCommit(uint64(h), kind == "part"); !ok || code != codeCanceled {
				t.Fatalf("%s: commit after cancel: %d %v", kind, code, ok)
			}
			if up.commits != 0 {
				t.Fatalf("%s: a cancelled upload reached Commit", kind)
			}
			if _, _, ok := shimAbort(uint64(h), kind == "part"); ok || up.aborts != 1 {
				t.Fatalf("%s: abort after cancel: ok=%v aborts=%d", kind, ok, up.aborts)
			}
		}
		// cancelling again is a no-op
		if _, _, ok := shimCancel(uint64(h), kind, false); ok {
			t.Fatalf("%s: second cancel failed", kind)
		}
		universe.del(h)
	}
}

func TestCancelChecksTheHandle(t *testing.T) {
	if code, msg, ok := shimCancel(0, "upload", true); !ok || code != codeInternal || msg != "upload is nil" {
		t.Fatalf("NULL upload: %d %q %v", code, msg, ok)
	}
	if code, _, ok := shimCancel(987654321, "download", false); !ok || code != codeInvalidHandle {
		t.Fatalf("unknown handle: %d %v", code, ok)
	}
	// a download handle is not an upload (the kind is checked)
	h, sc, _, _ := addBlocking("download")
	defer universe.del(h)
	for _, kind := range []string{"upload", "part"} {
		if code, _, ok := shimCancel(uint64(h), kind, false); !ok || code != codeInvalidHandle {
			t.Fatalf("cancel_%s of a download: %d %v", kind, code, ok)
		}
	}
	if sc.ctx.Err() != nil {
		t.Fatal("a refused cancel cancelled the download")
	}
}

func TestCancelOnlyTouchesItsOwnHandle(t *testing.T) {
	project, cancelProject := context.WithCancel(context.Background())
	defer cancelProject()
	a, b := newScope(project), newScope(project)
	ha := universe.add(&uploadState{upload: &fakeUpload{}, scope: a})
	hb := universe.add(&uploadState{upload: &fakeUpload{}, scope: b})
	defer universe.del(hb)
	if _, _, ok := shimCancel(uint64(ha), "upload", false); ok {
		t.Fatal("cancel failed")
	}
	if a.ctx.Err() == nil || b.ctx.Err() != nil || project.Err() != nil {
		t.Fatal("cancel must cancel its own handle only")
	}
	// the other upload still writes and commits
	if res, _ := shimUploadWrite(uint64(hb), []byte("ok"), false, false); res.hasErr {
		t.Fatalf("write of the other upload: %+v", res)
	}
	if _, _, ok := shimCommit(uint64(hb), false); ok {
		t.Fatal("commit of the other upload failed")
	}
	// freeing a handle stops its scope (the child context is released)
	shimFreeUpload(uint64(ha))
	c := newScope(project)
	hc := universe.add(&uploadState{upload: &fakeUpload{}, scope: c})
	shimFreeUpload(uint64(hc))
	if c.ctx.Err() == nil {
		t.Fatal("freeing an upload did not stop its scope")
	}
}

func TestCancelledErrorsWrapContextCanceled(t *testing.T) {
	s := newScope(context.Background())
	if s.wrap(errors.New("x"), "upload").Error() != "x" || s.err("upload") != nil {
		t.Fatal("a live scope changes nothing")
	}
	s.stop() // freeing, or the project closing: errors stay uplink's own
	if s.ctx.Err() == nil || s.err("upload") != nil || s.wrap(errors.New("x"), "upload").Error() != "x" {
		t.Fatal("stop must cancel the context without changing the errors")
	}
	s.cancelNow()
	if err := s.wrap(errors.New("x"), "upload"); !errors.Is(err, context.Canceled) {
		t.Fatalf("after cancelNow: %v", err)
	}
	done := errors.Join(uplink.ErrUploadDone)
	if err := s.wrap(done, "upload"); !errors.Is(err, uplink.ErrUploadDone) {
		t.Fatalf("UPLOAD_DONE must stay: %v", err)
	}
	var zero scope
	zero.stop()
	if zero.err("upload") != nil || zero.context() == nil {
		t.Fatal("the zero scope is never cancelled")
	}
}
