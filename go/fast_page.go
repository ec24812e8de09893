package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_fast.h"
*/
import "C"

import (
	"errors"
	"unsafe"

	"storj.io/uplink"
)

// maxPageItems bounds one page (its C array is count * sizeof(UplinkObject)).
const maxPageItems = 1 << 16

// page advances the iterator up to max times and returns the items met, and
// whether the iterator has ended. The whole loop takes the iterator's lock
// once per step, as max calls of next would.
func (s *iteratorState[T]) page(max int) (items []*T, done bool) {
	items = make([]*T, 0, min(max, 1024))
	for len(items) < max {
		if !s.next() {
			return items, true
		}
		items = append(items, s.current())
	}
	return items, false
}

// uplink_fast_object_iterator_page fills one C array with the next items. The
// steps run on the C thread, as uplink_object_iterator_next does: most of them
// return an item already in memory, and the Python listing takes its first
// item (the one that waits for the satellite) with the per-item calls. Run off
// the C thread (see unlocked), a page of a 100-object listing measured slower.
//
//export uplink_fast_object_iterator_page
func uplink_fast_object_iterator_page(iterator *C.UplinkObjectIterator, max_items C.size_t) (page C.UplinkFastObjectPage) {
	defer recoverError(&page.error)
	s, err := getHandle[*iteratorState[uplink.Object]](unsafe.Pointer(iterator), "iterator")
	if err != nil {
		return C.UplinkFastObjectPage{done: true, error: mallocError(err)}
	}
	if max_items == 0 || max_items > maxPageItems {
		return C.UplinkFastObjectPage{error: mallocError(errors.New("max_items must be between 1 and 65536"))}
	}
	var items []*uplink.Object
	var done bool
	items, done = s.page(int(max_items))
	page.done = C.bool(done)
	if done {
		page.error = mallocError(s.failure())
	}
	if len(items) > 0 {
		page.items = (*C.UplinkObject)(C.calloc(C.size_t(len(items)), C.sizeof_UplinkObject))
		page.count = C.size_t(len(items))
		cItems := unsafe.Slice(page.items, len(items))
		for i := range cItems {
			fillObject(&cItems[i], items[i])
		}
	}
	return page
}

//export uplink_fast_free_object_page
func uplink_fast_free_object_page(page C.UplinkFastObjectPage) {
	defer recoverQuietly()
	if page.items != nil {
		cItems := unsafe.Slice(page.items, int(page.count))
		for i := range cItems {
			clearObject(&cItems[i])
		}
		C.free(unsafe.Pointer(page.items))
	}
	freeError(page.error)
}
