package main

import (
	"errors"
	"testing"

	"storj.io/uplink"
)

// fakeObjects iterates over keys and then fails with err (if set).
type fakeObjects struct {
	keys []string
	pos  int
	err  error
}

func (f *fakeObjects) Next() bool {
	if f.pos >= len(f.keys) {
		return false
	}
	f.pos++
	return true
}
func (f *fakeObjects) Err() error {
	if f.pos >= len(f.keys) {
		return f.err
	}
	return nil
}
func (f *fakeObjects) Item() *uplink.Object {
	if f.pos == 0 || f.pos > len(f.keys) {
		return nil
	}
	return &uplink.Object{Key: f.keys[f.pos-1]}
}

func TestIteratorProtocol(t *testing.T) {
	p := newIterator[uplink.Object](&fakeObjects{keys: []string{"a", "b"}, err: uplink.ErrBucketNotFound}, nil)
	defer freeObjectIterator(p)

	if _, ok := objectIteratorItemKey(p); ok {
		t.Fatal("item before next")
	}
	var keys []string
	for objectIteratorNext(p) {
		k1, ok1 := objectIteratorItemKey(p)
		k2, ok2 := objectIteratorItemKey(p) // each call gives a fresh copy
		if !ok1 || !ok2 || k1 != k2 {
			t.Fatal("item")
		}
		keys = append(keys, k1)
	}
	if len(keys) != 2 || keys[0] != "a" || keys[1] != "b" {
		t.Fatalf("keys %q", keys)
	}
	if _, ok := objectIteratorItemKey(p); ok {
		t.Fatal("item after the end")
	}
	if objectIteratorNext(p) {
		t.Fatal("next after the end")
	}
	if code, _, ok := objectIteratorErr(p); !ok || code != codeBucketNotFound {
		t.Fatalf("err %#x %v", code, ok)
	}
}

func TestIteratorWithoutError(t *testing.T) {
	p := newIterator[uplink.Object](&fakeObjects{}, nil)
	defer freeObjectIterator(p)
	if objectIteratorNext(p) {
		t.Fatal("next on empty")
	}
	if _, _, ok := objectIteratorErr(p); ok {
		t.Fatal("error on a clean end")
	}
}

func TestIteratorSetupError(t *testing.T) {
	// what uplink_list_objects returns for a NULL or invalid project
	p := newIterator[uplink.Object](nil, &nilArgError{name: "project"})
	defer freeObjectIterator(p)
	if objectIteratorNext(p) {
		t.Fatal("next")
	}
	if code, msg, ok := objectIteratorErr(p); !ok || code != codeInternal || msg != "project is nil" {
		t.Fatalf("err %#x %q", code, msg)
	}
}

func TestIteratorWrongKindAndNull(t *testing.T) {
	p := newIterator[uplink.Bucket](nil, errors.New("x"))
	defer freeHandle[*iteratorState[uplink.Bucket]](p)

	// a bucket iterator passed to the object iterator functions
	if objectIteratorNext(p) {
		t.Fatal("next")
	}
	if _, ok := objectIteratorItemKey(p); ok {
		t.Fatal("item")
	}
	if code, msg, ok := objectIteratorErr(p); !ok || code != codeInvalidHandle || msg != "invalid handle: iterator" {
		t.Fatalf("err %#x %q", code, msg)
	}
	// the right kind works
	if code, msg, ok := bucketIteratorErr(p); !ok || code != codeInternal || msg != "x" {
		t.Fatalf("bucket err %#x %q", code, msg)
	}
	// NULL
	if objectIteratorNext(nil) {
		t.Fatal("next NULL")
	}
	if code, msg, ok := objectIteratorErr(nil); !ok || code != codeInternal || msg != "iterator is nil" {
		t.Fatalf("err NULL %#x %q", code, msg)
	}
	freeObjectIterator(nil)
}

type panickyObjects struct{ fakeObjects }

func (p *panickyObjects) Next() bool { panic("iterator bug") }

func TestIteratorPanicBecomesError(t *testing.T) {
	p := newIterator[uplink.Object](&panickyObjects{}, nil)
	defer freeObjectIterator(p)
	if objectIteratorNext(p) {
		t.Fatal("next")
	}
	if code, msg, ok := objectIteratorErr(p); !ok || code != codeInternal || msg != "internal error: panic: iterator bug" {
		t.Fatalf("err %#x %q", code, msg)
	}
}
