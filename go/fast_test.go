package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"storj.io/uplink"
)

// fakeRichObjects iterates over n objects with system and custom metadata,
// then fails with err (if set).
type fakeRichObjects struct {
	n, pos int
	err    error
}

func (f *fakeRichObjects) Next() bool {
	if f.pos >= f.n {
		return false
	}
	f.pos++
	return true
}
func (f *fakeRichObjects) Err() error {
	if f.pos >= f.n {
		return f.err
	}
	return nil
}
func (f *fakeRichObjects) Item() *uplink.Object {
	i := f.pos - 1
	o := &uplink.Object{Key: fmt.Sprintf("k%03d", i), IsPrefix: i%7 == 0,
		System: uplink.SystemMetadata{ContentLength: int64(i * 10), Created: time.Unix(int64(1_700_000_000+i), 0)}}
	if i%3 == 0 {
		o.Custom = uplink.CustomMetadata{"n": fmt.Sprint(i), "empty": ""}
	}
	return o
}

func TestObjectPagesMatchTheItems(t *testing.T) {
	for _, tc := range []struct {
		n, max int
		err    error
	}{{0, 5, nil}, {1, 5, nil}, {5, 5, nil}, {12, 5, nil}, {12, 1, nil}, {12, 100, nil},
		{7, 3, uplink.ErrBucketNotFound}, {0, 3, uplink.ErrBucketNotFound}} {
		p := newIterator[uplink.Object](&fakeRichObjects{n: tc.n, err: tc.err}, nil)
		var got []pageItem
		done, pages := false, 0
		var code int32
		for !done {
			items, d, c, _, failed := shimObjectPage(p, tc.max)
			if len(items) > tc.max {
				t.Fatalf("%+v: page of %d items", tc, len(items))
			}
			if failed != (c != 0) || (failed && !d) {
				t.Fatalf("%+v: an error must come only with the end", tc)
			}
			got, done, code = append(got, items...), d, c
			pages++
		}
		if len(got) != tc.n {
			t.Fatalf("%+v: %d items", tc, len(got))
		}
		if want := tc.n/tc.max + 1; pages != want {
			t.Fatalf("%+v: %d pages, want %d", tc, pages, want)
		}
		for i, item := range got {
			want := (&fakeRichObjects{pos: i + 1}).Item()
			if item.key != want.Key || item.isPrefix != want.IsPrefix ||
				item.contentLength != want.System.ContentLength || item.created != want.System.Created.Unix() ||
				len(item.custom) != len(want.Custom) || item.custom["n"] != want.Custom["n"] {
				t.Fatalf("%+v: item %d = %+v", tc, i, item)
			}
		}
		if (tc.err != nil) != (code != 0) {
			t.Fatalf("%+v: error code %d", tc, code)
		}
		// after the end: empty, done, the same error again (as uplink_object_iterator_err)
		items, d, c, _, _ := shimObjectPage(p, tc.max)
		if len(items) != 0 || !d || c != code {
			t.Fatalf("%+v: after the end %d items, done %v, code %d", tc, len(items), d, c)
		}
		freeObjectIterator(p)
	}
	if shimUniverseIsEmpty() != 1 {
		t.Fatal("leak")
	}
}

func TestObjectPageBadArguments(t *testing.T) {
	if _, done, code, _, failed := shimObjectPage(nil, 10); !failed || !done || code == 0 {
		t.Fatal("NULL iterator")
	}
	p := newIterator[uplink.Object](&fakeRichObjects{n: 3}, nil)
	defer freeObjectIterator(p)
	for _, max := range []int{0, maxPageItems + 1} {
		if items, done, _, _, failed := shimObjectPage(p, max); !failed || done || len(items) != 0 {
			t.Fatalf("max %d accepted", max)
		}
	}
	if items, done, _, _, _ := shimObjectPage(p, maxPageItems); len(items) != 3 || !done {
		t.Fatal("the iterator moved on a refused page")
	}
	// an iterator that could not be created reports its error on the first page
	q := newIterator[uplink.Object](nil, uplink.ErrBucketNotFound)
	defer freeObjectIterator(q)
	if items, done, code, _, failed := shimObjectPage(q, 10); len(items) != 0 || !done || !failed || code == 0 {
		t.Fatal("creation error")
	}
}

// metadataUpload records the metadata it is given and can fail at each step.
type metadataUpload struct {
	fakeUpload
	custom     uplink.CustomMetadata
	customErr  error
	commitErr  error
	commitSeen bool
}

func (f *metadataUpload) SetCustomMetadata(ctx context.Context, custom uplink.CustomMetadata) error {
	f.custom = custom
	return f.customErr
}
func (f *metadataUpload) Commit() error {
	f.commitSeen = true
	if f.commitErr != nil {
		return f.commitErr
	}
	return f.fakeUpload.Commit()
}

func TestPutWhole(t *testing.T) {
	boom := errors.New("boom")
	ok := &metadataUpload{}
	info, err := putWhole(context.Background(), ok, uplink.CustomMetadata{"a": "b"}, []byte("hello"))
	if err != nil || string(ok.data) != "hello" || ok.commits != 1 || ok.aborts != 0 || ok.custom["a"] != "b" ||
		info.System.ContentLength != 5 {
		t.Fatalf("put: %v %+v", err, ok)
	}
	empty := &metadataUpload{}
	if _, err := putWhole(context.Background(), empty, nil, nil); err != nil || empty.custom != nil ||
		empty.commits != 1 || len(empty.addrs) != 0 {
		t.Fatalf("empty put: %v %+v", err, empty)
	}
	for name, f := range map[string]*metadataUpload{
		"metadata": {customErr: boom},
		"write":    {fakeUpload: fakeUpload{writeErr: boom}},
		"commit":   {commitErr: boom},
	} {
		if _, err := putWhole(context.Background(), f, uplink.CustomMetadata{"a": "b"}, []byte("x")); !errors.Is(err, boom) {
			t.Fatalf("%s: %v", name, err)
		}
		if f.aborts != 1 || f.commits != 0 {
			t.Fatalf("%s: not aborted: %+v", name, f)
		}
		if name == "metadata" && (f.commitSeen || len(f.data) != 0) {
			t.Fatalf("went on after failing metadata")
		}
	}
}

// countingDownload returns its data a few bytes per Read, then err (io.EOF by default).
type countingDownload struct {
	data  []byte
	step  int
	err   error
	reads int
}

func (f *countingDownload) Read(p []byte) (int, error) {
	f.reads++
	n := copy(p[:min(len(p), f.step)], f.data)
	f.data = f.data[n:]
	if n == 0 {
		if f.err != nil {
			return 0, f.err
		}
		return 0, io.EOF
	}
	return n, nil
}
func (f *countingDownload) Close() error         { return nil }
func (f *countingDownload) Info() *uplink.Object { return &uplink.Object{} }

func TestReadWhole(t *testing.T) {
	data := []byte("0123456789abcdef")
	buf := make([]byte, len(data))
	if n, err := readWhole(&countingDownload{data: data, step: 3}, buf); err != nil || n != len(data) || string(buf) != string(data) {
		t.Fatalf("whole: %d %v %q", n, err, buf)
	}
	if _, err := readWhole(&countingDownload{data: data, step: 3}, make([]byte, 10)); !errors.Is(err, errLongerThanInfo) {
		t.Fatalf("longer: %v", err)
	}
	if _, err := readWhole(&countingDownload{data: data, step: 3}, make([]byte, 20)); !errors.Is(err, errShorterThanInfo) {
		t.Fatalf("shorter: %v", err)
	}
	boom := errors.New("boom")
	if _, err := readWhole(&countingDownload{data: data, step: 3, err: boom}, make([]byte, 20)); !errors.Is(err, boom) {
		t.Fatalf("failing: %v", err)
	}
	if _, err := readWhole(&countingDownload{data: data[:4], step: 4, err: boom}, make([]byte, 4)); !errors.Is(err, boom) {
		t.Fatalf("failing at the end: %v", err)
	}
}
