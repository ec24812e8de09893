package main

import (
	"errors"
	"testing"
	"unsafe"

	"storj.io/uplink"
)

type kindA struct{ n int }
type kindB struct{ n int }

func TestHandleTableAddGetDelete(t *testing.T) {
	tbl := newHandleTable()
	if !tbl.empty() {
		t.Fatal("new table not empty")
	}
	a := &kindA{1}
	h1 := tbl.add(a)
	h2 := tbl.add(&kindB{2})
	if h1 == 0 || h2 == 0 {
		t.Fatal("handle 0 issued")
	}
	if h2 <= h1 {
		t.Fatalf("handles not increasing: %d then %d", h1, h2)
	}
	got, err := lookup[*kindA](tbl, h1, "a")
	if err != nil || got != a {
		t.Fatalf("lookup: %v %v", got, err)
	}
	if tbl.count() != 2 || tbl.empty() {
		t.Fatal("count")
	}

	if v, ok := tbl.del(h1); !ok || v != a {
		t.Fatal("del did not return the value")
	}
	if _, ok := tbl.del(h1); ok {
		t.Fatal("double delete reported success")
	}
	h3 := tbl.add(&kindA{3})
	if h3 == h1 || h3 <= h2 {
		t.Fatalf("handle reused or not monotonic: %d (after %d, %d)", h3, h1, h2)
	}
	tbl.del(h2)
	tbl.del(h3)
	if !tbl.empty() {
		t.Fatal("table not empty after deleting everything")
	}
}

func TestHandleTableLookupErrors(t *testing.T) {
	tbl := newHandleTable()
	h := tbl.add(&kindA{1})

	// wrong kind
	_, err := lookup[*kindB](tbl, h, "access")
	var invalid *invalidHandleError
	if !errors.As(err, &invalid) || errorCode(err) != codeInvalidHandle {
		t.Fatalf("wrong type: %v", err)
	}
	if err.Error() != "invalid handle: access" {
		t.Fatalf("message %q", err.Error())
	}
	// unknown, zero, freed
	for _, bad := range []handle{0, h + 100} {
		if _, err := lookup[*kindA](tbl, bad, "x"); errorCode(err) != codeInvalidHandle {
			t.Fatalf("handle %d: %v", bad, err)
		}
	}
	tbl.del(h)
	if _, err := lookup[*kindA](tbl, h, "x"); errorCode(err) != codeInvalidHandle {
		t.Fatalf("freed handle: %v", err)
	}
}

func TestGetHandleNullAndWrongKind(t *testing.T) {
	_, err := getHandle[*uplink.Access](nil, "access")
	if err == nil || err.Error() != "access is nil" || errorCode(err) != codeInternal {
		t.Fatalf("NULL: %v", err)
	}

	// A project-kind value passed where an access is expected.
	h := universe.add(&projectState{})
	defer universe.del(h)
	withHandleStruct(uint64(h), false, func(p unsafe.Pointer) {
		if _, err := getHandle[*uplink.Access](p, "access"); errorCode(err) != codeInvalidHandle {
			t.Fatalf("project handle as access: %v", err)
		}
		if _, err := getHandle[*projectState](p, "project"); err != nil {
			t.Fatalf("project handle as project: %v", err)
		}
	})
}

type releaseCounter struct{ released int }

func (r *releaseCounter) release() { r.released++ }

func TestFreeHandle(t *testing.T) {
	before := universe.count()
	r := &releaseCounter{}
	p := newHandle(r)
	h := handleOf(p)

	// Freed as another kind: the struct is freed, the handle stays live.
	freeHandle[*kindA](p)
	if _, ok := universe.get(h); !ok || r.released != 0 {
		t.Fatal("wrong-kind free removed or released the value")
	}

	// Freed as its own kind: deleted and released.
	freeHandle[*releaseCounter](newHandleStructFor(h))
	if _, ok := universe.get(h); ok || r.released != 1 {
		t.Fatalf("free: present=%v released=%d", ok, r.released)
	}
	// Freeing a struct whose handle is already gone frees just the struct.
	freeHandle[*releaseCounter](newHandleStructFor(h))
	if r.released != 1 {
		t.Fatal("released twice")
	}
	freeHandle[*releaseCounter](nil) // NULL is a no-op
	if universe.count() != before {
		t.Fatalf("universe leaked: %d -> %d", before, universe.count())
	}
}

func TestUniverseIsEmpty(t *testing.T) {
	if shimUniverseIsEmpty() != 1 {
		t.Fatalf("universe not empty at start: %d handles", universe.count())
	}
	p := newHandle(&kindA{})
	if shimUniverseIsEmpty() != 0 {
		t.Fatal("universe empty with a live handle")
	}
	freeHandle[*kindA](p)
	if shimUniverseIsEmpty() != 1 {
		t.Fatal("universe not empty after free")
	}
}

func TestHandleTableConcurrent(t *testing.T) {
	tbl := newHandleTable()
	const workers, per = 8, 500
	done := make(chan map[handle]bool, workers)
	for w := 0; w < workers; w++ {
		go func() {
			seen := map[handle]bool{}
			for i := 0; i < per; i++ {
				h := tbl.add(&kindA{i})
				if v, err := lookup[*kindA](tbl, h, "a"); err != nil || v.n != i {
					t.Errorf("lookup %d: %v", h, err)
				}
				seen[h] = true
				if i%2 == 0 {
					tbl.del(h)
				}
			}
			done <- seen
		}()
	}
	all := map[handle]bool{}
	for w := 0; w < workers; w++ {
		for h := range <-done {
			if all[h] || h == 0 {
				t.Fatalf("handle %d issued twice (or zero)", h)
			}
			all[h] = true
		}
	}
	if tbl.count() != workers*per/2 {
		t.Fatalf("count %d", tbl.count())
	}
}
