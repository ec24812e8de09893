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

// uplink_fast_object_iterator_page packs the next items into one page. The
// steps run on the C thread, as uplink_object_iterator_next does: most of them
// return an item already in memory. Run off the C thread (see unlocked), a
// page of a 100-object listing measured slower.
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
	items, done := s.page(int(max_items))
	page.done = C.bool(done)
	if done {
		page.error = mallocError(s.failure())
	}
	if len(items) > 0 {
		packObjects(&page, items)
	}
	return page
}

// pageFields is UPLINK_FAST_PAGE_FIELDS: the numbers per item of a page.
const pageFields = C.UPLINK_FAST_PAGE_FIELDS

// packObjects fills the page's key bytes, numbers and (when any item has
// some) custom metadata with items: three allocations for the whole page.
func packObjects(page *C.UplinkFastObjectPage, items []*uplink.Object) {
	size, anyCustom := 0, false
	for _, o := range items {
		size += len(o.Key)
		anyCustom = anyCustom || len(o.Custom) > 0
	}
	page.count = C.size_t(len(items))
	page.keys = (*C.char)(C.malloc(C.size_t(max(size, 1))))
	page.numbers = (*C.int64_t)(C.malloc(C.size_t(len(items) * pageFields * C.sizeof_int64_t)))
	keys := unsafe.Slice((*byte)(unsafe.Pointer(page.keys)), size)
	numbers := unsafe.Slice((*int64)(unsafe.Pointer(page.numbers)), len(items)*pageFields)
	var custom []C.UplinkCustomMetadata
	if anyCustom {
		page.custom = (*C.UplinkCustomMetadata)(C.calloc(C.size_t(len(items)), C.sizeof_UplinkCustomMetadata))
		custom = unsafe.Slice(page.custom, len(items))
	}
	end := 0
	for i, o := range items {
		end += copy(keys[end:], o.Key)
		n := numbers[i*pageFields : (i+1)*pageFields]
		n[0] = int64(end)
		n[1] = 0
		if o.IsPrefix {
			n[1] = 1
		}
		n[2] = o.System.ContentLength
		n[3] = unixSeconds(o.System.Created)
		n[4] = unixSeconds(o.System.Expires)
		if custom != nil {
			custom[i] = cCustomMetadata(o.Custom)
		}
	}
}

//export uplink_fast_free_object_page
func uplink_fast_free_object_page(page C.UplinkFastObjectPage) {
	defer recoverQuietly()
	if page.custom != nil {
		custom := unsafe.Slice(page.custom, int(page.count))
		for i := range custom {
			freeCustomMetadata(&custom[i])
		}
		C.free(unsafe.Pointer(page.custom))
	}
	C.free(unsafe.Pointer(page.keys))
	C.free(unsafe.Pointer(page.numbers))
	freeError(page.error)
}
