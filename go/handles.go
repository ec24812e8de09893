package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink.h"
*/
import "C"

import (
	"sync"
	"unsafe"
)

// handle is the key of a live Go value in the handle table. It is what the
// C handle structs (UplinkAccess, UplinkProject, ...) carry in _handle.
// 0 is never a valid handle.
type handle = C.size_t

// handleTable maps handles to Go values. Handles increase monotonically and
// are never reused, so a stale handle can never alias a newer value.
type handleTable struct {
	mu     sync.Mutex
	last   handle
	values map[handle]any
}

func newHandleTable() *handleTable {
	return &handleTable{values: make(map[handle]any)}
}

// universe is the process-wide table behind every handle given to C.
var universe = newHandleTable()

// add registers v and returns its new handle.
func (t *handleTable) add(v any) handle {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last++
	if t.last == 0 { // wrapped around (not reachable with a 64-bit size_t)
		t.last++
	}
	t.values[t.last] = v
	return t.last
}

// get returns the value of h.
func (t *handleTable) get(h handle) (any, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.values[h]
	return v, ok
}

// del removes h and returns the value it held.
func (t *handleTable) del(h handle) (any, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.values[h]
	delete(t.values, h)
	return v, ok
}

// delIf removes h if it is live and match(value) is true, and returns the
// value it held.
func (t *handleTable) delIf(h handle, match func(any) bool) (any, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.values[h]
	if !ok || !match(v) {
		return nil, false
	}
	delete(t.values, h)
	return v, true
}

// count returns how many handles are live.
func (t *handleTable) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.values)
}

func (t *handleTable) empty() bool { return t.count() == 0 }

// invalidHandleError reports a handle that is unknown, already freed, or
// that refers to a value of another kind. It maps to UPLINK_ERROR_INVALID_HANDLE.
type invalidHandleError struct{ name string }

func (e *invalidHandleError) Error() string { return "invalid handle: " + e.name }

// nilArgError reports a NULL pointer where an argument is required. It maps
// to UPLINK_ERROR_INTERNAL.
type nilArgError struct{ name string }

func (e *nilArgError) Error() string { return e.name + " is nil" }

// lookup returns the value of h if it is live and of type T.
func lookup[T any](t *handleTable, h handle, name string) (T, error) {
	var zero T
	v, ok := t.get(h)
	if !ok {
		return zero, &invalidHandleError{name: name}
	}
	typed, ok := v.(T)
	if !ok {
		return zero, &invalidHandleError{name: name}
	}
	return typed, nil
}

// releaser is implemented by handle values that own resources (an open
// project, a running upload, ...) which must be released when their handle
// is freed without having been closed.
type releaser interface{ release() }

// newHandle registers v and returns a malloc'd handle struct holding it. All
// handle structs share the layout of UplinkHandle ({size_t _handle}), so the
// caller casts the result to the concrete C type.
func newHandle(v any) unsafe.Pointer {
	p := (*C.UplinkHandle)(C.calloc(1, C.sizeof_UplinkHandle))
	p._handle = universe.add(v)
	return unsafe.Pointer(p)
}

// handleOf reads the handle of a (non-NULL) handle struct.
func handleOf(p unsafe.Pointer) handle { return (*C.UplinkHandle)(p)._handle }

// getHandle returns the value behind the handle struct p, checking it is of
// type T. A NULL p is an internal error naming the argument.
func getHandle[T any](p unsafe.Pointer, name string) (T, error) {
	if p == nil {
		var zero T
		return zero, &nilArgError{name: name}
	}
	return lookup[T](universe, handleOf(p), name)
}

// freeHandle frees the handle struct p and, if its handle is live and holds
// a T, deletes it from the table and releases the value's resources. A handle
// of another kind is left alone (freeing it belongs to its own free function).
// NULL is a no-op.
func freeHandle[T any](p unsafe.Pointer) {
	if p == nil {
		return
	}
	v, ok := universe.delIf(handleOf(p), func(v any) bool { _, ok := v.(T); return ok })
	C.free(p)
	if r, isReleaser := v.(releaser); ok && isReleaser {
		r.release()
	}
}
