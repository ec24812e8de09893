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
	count := int(page.count)
	if count > 0 {
		numbers := unsafe.Slice((*int64)(unsafe.Pointer(page.numbers)), count*pageFields)
		keys := C.GoStringN(page.keys, C.int(numbers[(count-1)*pageFields]))
		start := 0
		for i := 0; i < count; i++ {
			n := numbers[i*pageFields : (i+1)*pageFields]
			item := pageItem{key: keys[start:n[0]], isPrefix: n[1] == 1, contentLength: n[2], created: n[3]}
			start = int(n[0])
			if page.custom != nil && unsafe.Slice(page.custom, count)[i].count > 0 {
				c := unsafe.Slice(page.custom, count)[i]
				item.custom = map[string]string{}
				for _, e := range unsafe.Slice(c.entries, int(c.count)) {
					item.custom[C.GoStringN(e.key, C.int(e.key_length))] = C.GoStringN(e.value, C.int(e.value_length))
				}
			}
			items = append(items, item)
		}
	} else if page.keys != nil || page.numbers != nil || page.custom != nil {
		failed = true // an empty page must not have arrays
	}
	code, message, ok := cErr(page.error)
	return items, bool(page.done), code, message, failed || ok
}
