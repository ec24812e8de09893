package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink_ext.h"
*/
import "C"

import (
	"errors"
	"net"
)

// uplink_ext_close_project closes a project exactly as uplink_close_project
// does (same error, same code, same message) and also tells whether that
// error is made only of net.ErrClosed: storj.io/uplink's Project.Close closes
// the idle connections of its pools, and closing one whose transport was
// already closed reports "use of closed network connection", which says
// nothing about any operation of the project.
//
//export uplink_ext_close_project
func uplink_ext_close_project(project *C.UplinkProject) (res C.UplinkExtCloseResult) {
	defer recoverError(&res.error)
	if project == nil {
		return res // as uplink_close_project: nothing to close
	}
	p, err := getProject(project)
	if err != nil {
		return C.UplinkExtCloseResult{error: mallocError(err)}
	}
	err = p.close()
	return C.UplinkExtCloseResult{
		error:                   mallocError(err),
		only_closed_connections: C.bool(onlyClosedConnections(err)),
	}
}

//export uplink_ext_free_close_result
func uplink_ext_free_close_result(result C.UplinkExtCloseResult) {
	defer recoverQuietly()
	freeError(result.error)
}

// onlyClosedConnections reports whether err is not nil and every error it is
// made of (following Unwrap, into each error of a combined one) ends in
// net.ErrClosed. One other error anywhere in it makes the answer false.
func onlyClosedConnections(err error) bool {
	switch e := err.(type) {
	case nil:
		return false
	case interface{ Unwrap() []error }:
		inner := e.Unwrap()
		if len(inner) == 0 {
			return false
		}
		for _, one := range inner {
			if !onlyClosedConnections(one) {
				return false
			}
		}
		return true
	case interface{ Unwrap() error }:
		if inner := e.Unwrap(); inner != nil {
			return onlyClosedConnections(inner)
		}
	}
	return errors.Is(err, net.ErrClosed)
}
