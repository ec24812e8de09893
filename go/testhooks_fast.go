package main

// Test hooks of fast_page.go (cgo cannot be used in _test.go files).

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_fast.h"
*/
import "C"

import "unsafe"

// pageItem is one C item of a page, read back as Go values.
type pageItem struct {
	key           string
	isPrefix      bool
	contentLength int64
	created       int64
	custom        map[string]string
}

// shimObjectPage calls uplink_fast_object_iterator_page on the iterator p,
// reads the page back and frees it.
func shimObjectPage(p unsafe.Pointer, max int) (items []pageItem, done bool, code int32, message string, failed bool) {
	page := uplink_fast_object_iterator_page((*C.UplinkObjectIterator)(p), C.size_t(max))
	defer uplink_fast_free_object_page(page)
	if page.count > 0 {
		for _, c := range unsafe.Slice(page.items, int(page.count)) {
			item := pageItem{key: C.GoString(c.key), isPrefix: bool(c.is_prefix),
				contentLength: int64(c.system.content_length), created: int64(c.system.created)}
			if c.custom.count > 0 {
				item.custom = map[string]string{}
				for _, e := range unsafe.Slice(c.custom.entries, int(c.custom.count)) {
					item.custom[C.GoStringN(e.key, C.int(e.key_length))] = C.GoStringN(e.value, C.int(e.value_length))
				}
			}
			items = append(items, item)
		}
	} else if page.items != nil {
		failed = true // an empty page must not have an array
	}
	code, message, ok := cErr(page.error)
	return items, bool(page.done), code, message, failed || ok
}
