package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include "uplink.h"
*/
import "C"

// uplink_internal_UniverseIsEmpty returns 1 when no handle is live: the leak
// check of the test suites (every handle-bearing result must have been freed).
//
//export uplink_internal_UniverseIsEmpty
func uplink_internal_UniverseIsEmpty() C.uint8_t {
	if universe.empty() {
		return 1
	}
	return 0
}
