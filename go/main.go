// Package main is the native core of storj_uplink: an implementation of the
// uplink-c v1.14 C API (the 85 functions declared in include/uplink.h) over the
// Go library storj.io/uplink.
//
// Build mode. The package is built with
//
//	go build -buildmode=c-archive -trimpath -o libuplink.a .
//
// and the Python build links that archive statically into the cffi extension
// module. The result is one self-contained shared object: the Go runtime, this
// package and storj.io/uplink all live inside the extension, there is no rpath
// and no separate libuplink.so to install or locate, so the extension can never
// pick up a foreign (older, newer or differently built) libuplink.so that
// happens to be on the loader's search path. The header in include/ is the
// contract: every Go file includes it in its cgo preamble, so cgo's generated
// _cgo_export.h (which repeats that preamble) fails to compile if an exported
// Go signature ever drifts from a prototype in uplink.h.
//
// Ownership. Go values never cross into C: every handle is a malloc'd struct
// holding a size_t key into a mutex-protected table (handles.go). Every
// non-NULL pointer in a result is C-malloc'd and released only by the matching
// uplink_free_* function. See README.md for the rules and the error mapping.
package main

import "C"

func main() {}
