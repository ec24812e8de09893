package main

/*
#cgo CFLAGS: -I${SRCDIR}/include
#include <stdlib.h>
#include "uplink.h"
*/
import "C"

import (
	"context"
	"fmt"
	"sync"
	"unsafe"

	"storj.io/uplink"
)

// projectState is the handle value of an UplinkProject: the open project and
// the cancellable context used for all of its calls, uploads, downloads and
// iterators. Closing the project cancels that context.
type projectState struct {
	project *uplink.Project
	ctx     context.Context
	cancel  context.CancelFunc

	mu     sync.Mutex
	closed bool
}

// close cancels the project's context and closes the project. Only the first
// call closes; later calls return nil.
func (p *projectState) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	p.cancel()
	return p.project.Close()
}

// release closes a project whose handle is freed without uplink_close_project.
func (p *projectState) release() { _ = p.close() }

// getProject returns the project behind an UplinkProject handle, open or not
// (for uplink_close_project).
func getProject(p *C.UplinkProject) (*projectState, error) {
	return getHandle[*projectState](unsafe.Pointer(p), "project")
}

// getOpenProject returns the project behind an UplinkProject handle for an
// operation. Once the project is closed its context is canceled, and
// operations fail up front with an error wrapping context.Canceled
// (UPLINK_ERROR_CANCELED); without this check some of storj.io/uplink's lazy
// operations (UploadObject) would seem to succeed and fail only later.
func getOpenProject(p *C.UplinkProject) (*projectState, error) {
	state, err := getProject(p)
	if err != nil {
		return nil, err
	}
	if err := state.ctx.Err(); err != nil {
		return nil, fmt.Errorf("project closed: %w", err)
	}
	return state, nil
}

func openProject(config uplink.Config, access *C.UplinkAccess) C.UplinkProjectResult {
	a, err := getAccess(access, "access")
	if err != nil {
		return C.UplinkProjectResult{error: mallocError(err)}
	}
	ctx, cancel := context.WithCancel(context.Background())
	project, err := config.OpenProject(ctx, a)
	if err != nil {
		cancel()
		return C.UplinkProjectResult{error: mallocError(err)}
	}
	state := &projectState{project: project, ctx: ctx, cancel: cancel}
	return C.UplinkProjectResult{project: (*C.UplinkProject)(newHandle(state))}
}

//export uplink_open_project
func uplink_open_project(access *C.UplinkAccess) (res C.UplinkProjectResult) {
	defer recoverError(&res.error)
	return openProject(uplink.Config{}, access)
}

//export uplink_config_open_project
func uplink_config_open_project(config C.UplinkConfig, access *C.UplinkAccess) (res C.UplinkProjectResult) {
	defer recoverError(&res.error)
	return openProject(goConfig(config), access)
}

//export uplink_close_project
func uplink_close_project(project *C.UplinkProject) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	if project == nil {
		return nil // as in uplink-c: nothing to close
	}
	p, err := getProject(project)
	if err != nil {
		return mallocError(err)
	}
	return mallocError(p.close())
}

//export uplink_revoke_access
func uplink_revoke_access(project *C.UplinkProject, access *C.UplinkAccess) (cerr *C.UplinkError) {
	defer recoverError(&cerr)
	p, err := getOpenProject(project)
	if err != nil {
		return mallocError(err)
	}
	a, err := getAccess(access, "access")
	if err != nil {
		return mallocError(err)
	}
	return mallocError(p.project.RevokeAccess(p.ctx, a))
}

//export uplink_free_project_result
func uplink_free_project_result(result C.UplinkProjectResult) {
	defer recoverQuietly()
	freeHandle[*projectState](unsafe.Pointer(result.project))
	freeError(result.error)
}
