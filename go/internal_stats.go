package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include "uplink_internal.h"
*/
import "C"

import "runtime"

// uplink_internal_goroutine_count returns how many goroutines exist now: the
// leak checks compare it before and after many open/use/close cycles.
//
//export uplink_internal_goroutine_count
func uplink_internal_goroutine_count() C.int64_t {
	return C.int64_t(runtime.NumGoroutine())
}

// uplink_internal_handle_count returns how many handles are live (given out
// to C and not yet freed).
//
//export uplink_internal_handle_count
func uplink_internal_handle_count() C.int64_t {
	return C.int64_t(universe.count())
}
