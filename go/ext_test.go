package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"storj.io/common/storj"
	"storj.io/uplink"
	"storj.io/uplink/private/bucket"
	"storj.io/uplink/private/metaclient"
	"storj.io/uplink/private/object"
	"storj.io/uplink/private/project"
)

func TestExtErrorCodeValues(t *testing.T) {
	want := map[string][2]int32{
		"OBJECT_LOCKED":           {codeExtObjectLocked, 0x40},
		"OBJECT_ALREADY_EXISTS":   {codeExtObjectExists, 0x41},
		"PRECONDITION_FAILED":     {codeExtPreconditionFailed, 0x42},
		"OBJECT_LOCK_NOT_ENABLED": {codeExtLockNotEnabled, 0x43},
		"OBJECT_LOCK_INVALID":     {codeExtLockInvalid, 0x44},
		"OBJECT_VERSION_INVALID":  {codeExtVersionInvalid, 0x45},
		"BUCKET_TAG_INVALID":      {codeExtBucketTagInvalid, 0x46},
		"METHOD_NOT_ALLOWED":      {codeExtMethodNotAllowed, 0x47},
		"UNIMPLEMENTED":           {codeExtUnimplemented, 0x48},
	}
	for name, c := range want {
		if c[0] != c[1] {
			t.Errorf("%s = %#x, want %#x", name, c[0], c[1])
		}
	}
}

// Extension errors get their codes; the same errors from uplink-c's functions
// (plain mallocError) keep uplink-c's INTERNAL code.
func TestExtErrorMapping(t *testing.T) {
	cases := []struct {
		err  error
		code int32
	}{
		{object.ErrObjectProtected, codeExtObjectLocked},
		{object.ErrFailedPrecondition, codeExtPreconditionFailed},
		{bucket.ErrBucketNoLock, codeExtLockNotEnabled},
		{project.ErrProjectNoLock, codeExtLockNotEnabled},
		{object.ErrNoObjectLockConfiguration, codeExtLockNotEnabled},
		{object.ErrObjectLockInvalidObjectState, codeExtLockInvalid},
		{bucket.ErrBucketInvalidStateObjectLock, codeExtLockInvalid},
		{object.ErrObjectVersionInvalid, codeExtVersionInvalid},
		{bucket.ErrTagKeyDuplicate, codeExtBucketTagInvalid},
		{object.ErrMethodNotAllowed, codeExtMethodNotAllowed},
		{object.ErrUnimplemented, codeExtUnimplemented},
		{fmt.Errorf("wrapped: %w", object.ErrObjectProtected), codeExtObjectLocked},
		{uplink.ErrObjectNotFound, codeObjectNotFound},
		{errors.New("other"), codeInternal},
	}
	for _, c := range cases {
		code, msg, ok := takeErr(mallocExtError(c.err))
		if !ok || code != c.code || msg != c.err.Error() {
			t.Errorf("%v: got (%#x, %q, %v), want code %#x", c.err, code, msg, ok, c.code)
		}
		if c.code >= 0x40 {
			if code, _, _ := shimError(c.err); code != codeInternal {
				t.Errorf("%v through uplink-c's mapping: code %#x, want INTERNAL", c.err, code)
			}
		}
	}
	if code, _, ok := takeErr(mallocExtError(nil)); ok || code != 0 {
		t.Errorf("nil error gave a C error")
	}
}

func checkAllCalls(t *testing.T, got map[string][2]any, code int32, message string) {
	t.Helper()
	if len(got) != 20 {
		t.Errorf("%d calls checked, want 20", len(got))
	}
	for name, r := range got {
		if r[0].(int32) != code || r[1].(string) != message {
			t.Errorf("%s: (%#x, %q), want (%#x, %q)", name, r[0], r[1], code, message)
		}
	}
}

func TestExtNilProject(t *testing.T) {
	checkAllCalls(t, shimExtCallsWithNilProject(), codeInternal, "project is nil")
	if !universe.empty() {
		t.Errorf("handles leaked: %d", universe.count())
	}
}

func TestExtStaleProject(t *testing.T) {
	checkAllCalls(t, shimExtCallsWithFreedProject(), codeInvalidHandle, "invalid handle: project")
	if !universe.empty() {
		t.Errorf("handles leaked: %d", universe.count())
	}
}

func TestGoRetention(t *testing.T) {
	until := time.Now().Add(time.Hour).Unix()
	r, err := shimGoRetention(1, until)
	if err != nil || r.Mode != storj.ComplianceMode || r.RetainUntil.Unix() != until {
		t.Errorf("compliance: %+v %v", r, err)
	}
	r, err = shimGoRetention(0, 0)
	if err != nil || r.Mode != storj.NoRetention || !r.RetainUntil.IsZero() {
		t.Errorf("none: %+v %v", r, err)
	}
	if _, err := shimGoRetention(7, until); err == nil || !strings.Contains(err.Error(), "unknown retention mode 7") {
		t.Errorf("unknown mode: %v", err)
	}
	if _, err := shimGoRetention(2, 0); err == nil || !strings.Contains(err.Error(), "retain_until must be set") {
		t.Errorf("governance without a date: %v", err)
	}
	mode, back := shimRetentionRoundTrip(&metaclient.Retention{Mode: storj.GovernanceMode, RetainUntil: time.Unix(until, 0)})
	if mode != 2 || back != until {
		t.Errorf("round trip: %d %d", mode, back)
	}
	if mode, back := shimRetentionRoundTrip(nil); mode != 0 || back != 0 {
		t.Errorf("nil retention: %d %d", mode, back)
	}
}

func TestGoObjectLockConfiguration(t *testing.T) {
	c, err := shimLockConfiguration(true, 2, 3, 0)
	if err != nil || !c.Enabled || c.DefaultRetention == nil || c.DefaultRetention.Days != 3 || c.DefaultRetention.Mode != storj.GovernanceMode {
		t.Errorf("governance 3 days: %+v %v", c, err)
	}
	c, err = shimLockConfiguration(true, 0, 0, 0)
	if err != nil || c.DefaultRetention != nil {
		t.Errorf("no default: %+v %v", c, err)
	}
	for _, bad := range [][3]int32{{1, 0, 0}, {1, 2, 3}, {1, -1, 0}, {0, 5, 0}, {9, 1, 0}} {
		if _, err := shimLockConfiguration(true, bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("mode %d days %d years %d accepted", bad[0], bad[1], bad[2])
		}
	}
}

func TestGoExtPermission(t *testing.T) {
	ttl, bypass, err := shimExtPermissionTTL(3600)
	if err != nil || ttl == nil || *ttl != time.Hour || !bypass {
		t.Errorf("ttl 3600: %v %v %v", ttl, bypass, err)
	}
	if ttl, _, err := shimExtPermissionTTL(0); err != nil || ttl != nil {
		t.Errorf("ttl 0: %v %v", ttl, err)
	}
	for _, bad := range []int64{-1, maxTTLSeconds + 1} {
		if _, _, err := shimExtPermissionTTL(bad); err == nil {
			t.Errorf("ttl %d accepted", bad)
		}
	}
}

func TestExtObjectConversion(t *testing.T) {
	hold := true
	key, version, latest, marker, mode, legal, isNil := shimExtObjectRoundTrip(&object.VersionedObject{
		Object:    uplink.Object{Key: "a/b"},
		Version:   []byte{1, 0, 2},
		IsLatest:  true,
		LegalHold: &hold,
		Retention: &metaclient.Retention{Mode: storj.ComplianceMode, RetainUntil: time.Unix(5, 0)},
	})
	if isNil || key != "a/b" || string(version) != "\x01\x00\x02" || !latest || marker || mode != 1 || legal != 1 {
		t.Errorf("got %q %v %v %v %d %d", key, version, latest, marker, mode, legal)
	}
	_, version, _, _, mode, legal, _ = shimExtObjectRoundTrip(&object.VersionedObject{IsDeleteMarker: true})
	if version != nil || mode != 0 || legal != -1 {
		t.Errorf("empty: %v %d %d", version, mode, legal)
	}
	if _, _, _, _, _, _, isNil := shimExtObjectRoundTrip(nil); !isNil {
		t.Errorf("nil object gave a C object")
	}
}

func TestDeleteObjectsItems(t *testing.T) {
	version := []byte("0123456789abcdef")
	items, err := shimDeleteObjectsItems([]string{"a", "b"}, [][]byte{nil, version}, false)
	if err != nil || len(items) != 2 || items[0].ObjectKey != "a" || items[0].Version != nil || string(items[1].Version) != string(version) {
		t.Errorf("items: %+v %v", items, err)
	}
	_, err = shimDeleteObjectsItems([]string{"a"}, [][]byte{{9, 9}}, false)
	if !errors.Is(err, object.ErrObjectVersionInvalid) || errorCode(extError(err)) != codeExtVersionInvalid ||
		!strings.Contains(err.Error(), "items[0].version is 2 bytes long, not 16") {
		t.Errorf("short version: %v", err)
	}
	if _, err := shimDeleteObjectsItems(nil, nil, false); err == nil || !strings.Contains(err.Error(), "items_count is 0") {
		t.Errorf("no items: %v", err)
	}
	if _, err := shimDeleteObjectsItems([]string{"a"}, [][]byte{nil}, true); err == nil || err.Error() != "items is nil" {
		t.Errorf("NULL items: %v", err)
	}
	if _, err := shimDeleteObjectsItems([]string{"a", ""}, [][]byte{nil, nil}, false); err == nil || err.Error() != "items[1].object_key is nil" {
		t.Errorf("NULL key: %v", err)
	}
}

func TestDeleteObjectsResult(t *testing.T) {
	keys, statuses, markers := shimDeleteObjectsResult([]object.DeleteObjectsResultItem{
		{ObjectKey: "x", Status: storj.DeleteObjectsStatusOK, Marker: &metaclient.DeleteObjectsResultItemMarker{Version: []byte{7}}},
		{ObjectKey: "y", Status: storj.DeleteObjectsStatusNotFound},
		{ObjectKey: "z", Status: storj.DeleteObjectsStatusLocked},
	})
	if fmt.Sprint(keys) != "[x y z]" || fmt.Sprint(statuses) != "[3 2 4]" || string(markers[0]) != "\x07" || len(markers[1]) != 0 {
		t.Errorf("got %v %v %v", keys, statuses, markers)
	}
	if keys, _, _ := shimDeleteObjectsResult(nil); keys != nil {
		t.Errorf("empty result: %v", keys)
	}
}

// The version iterator pages with the last item's key and version as the
// cursor, joins the prefix to the keys and stops on an empty page.
func TestVersionIteratorPaging(t *testing.T) {
	saved := listVersionsPage
	defer func() { listVersionsPage = saved }()
	var cursors []string
	pages := [][]*object.VersionedObject{
		{{Object: uplink.Object{Key: "a"}, Version: []byte{1}}, {Object: uplink.Object{Key: "a"}, Version: []byte{2}}},
		{{Object: uplink.Object{Key: "b"}, Version: []byte{3}}},
		{},
	}
	listVersionsPage = func(ctx context.Context, p *uplink.Project, bucket string, opts *object.ListObjectVersionsOptions) ([]*object.VersionedObject, bool, error) {
		cursors = append(cursors, fmt.Sprintf("%s/%v", opts.Cursor, opts.VersionCursor))
		page := pages[0]
		pages = pages[1:]
		return page, true, nil // always "more": the empty page must stop it
	}
	keys, err := shimVersionIteratorKeys("dir/")
	if err != nil || fmt.Sprint(keys) != "[dir/a dir/a dir/b]" {
		t.Errorf("keys %v err %v", keys, err)
	}
	if fmt.Sprint(cursors) != "[/[] a/[2] b/[3]]" {
		t.Errorf("cursors %v", cursors)
	}

	listVersionsPage = func(context.Context, *uplink.Project, string, *object.ListObjectVersionsOptions) ([]*object.VersionedObject, bool, error) {
		return nil, false, object.ErrObjectVersionInvalid
	}
	keys, err = shimVersionIteratorKeys("")
	if len(keys) != 0 || errorCode(err) != codeExtVersionInvalid {
		t.Errorf("failing page: %v %v", keys, err)
	}
}
