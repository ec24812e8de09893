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

// goIterator is the shape shared by storj.io/uplink's four iterators
// (buckets, objects, multipart uploads, parts).
type goIterator[T any] interface {
	Next() bool
	Err() error
	Item() *T
}

// iteratorState is the handle value of every C iterator. Its type parameter
// makes the four iterator kinds distinct dynamic types, so a bucket iterator
// handle passed as an object iterator is an invalid handle.
type iteratorState[T any] struct {
	mu   sync.Mutex
	it   goIterator[T] // nil when the iterator could not be created
	err  error         // why it could not be created, or a recovered panic
	item *T            // current item: nil before the first next and after the end
	done bool
}

// newIterator registers an iterator (or the error that prevented creating
// one: the C API always returns an iterator and reports errors through
// *_iterator_err) and returns its malloc'd handle struct.
func newIterator[T any](it goIterator[T], err error) unsafe.Pointer {
	return newHandle(&iteratorState[T]{it: it, err: err})
}

func (s *iteratorState[T]) next() (ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			s.err, s.item, s.done, ok = &panicError{value: r}, nil, true, false
		}
	}()
	if s.done || s.it == nil || s.err != nil {
		s.item, s.done = nil, true
		return false
	}
	if !s.it.Next() {
		s.item, s.done = nil, true
		return false
	}
	s.item = s.it.Item()
	return true
}

func (s *iteratorState[T]) current() *T {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.item
}

func (s *iteratorState[T]) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	if s.it == nil {
		return nil
	}
	return s.it.Err()
}

// iteratorNext implements *_iterator_next: false for NULL or invalid handles.
func iteratorNext[T any](p unsafe.Pointer) C.bool {
	s, err := getHandle[*iteratorState[T]](p, "iterator")
	if err != nil {
		return false
	}
	return C.bool(s.next())
}

// iteratorErr implements *_iterator_err.
func iteratorErr[T any](p unsafe.Pointer) *C.UplinkError {
	s, err := getHandle[*iteratorState[T]](p, "iterator")
	if err != nil {
		return mallocError(err)
	}
	return mallocError(s.failure())
}

// iteratorItem returns the current item, nil for NULL or invalid handles.
func iteratorItem[T any](p unsafe.Pointer) *T {
	s, err := getHandle[*iteratorState[T]](p, "iterator")
	if err != nil {
		return nil
	}
	return s.current()
}
