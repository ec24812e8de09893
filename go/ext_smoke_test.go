package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCSmokeExt compiles testdata/smoke_ext.c against include/uplink_ext.h
// (with -Wall -Wextra -Werror: the extension header is valid C on its own)
// and the archive, and runs it.
func TestCSmokeExt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the archive")
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	dir := t.TempDir()
	archive := buildArchive(t, dir)
	smoke := filepath.Join(dir, "smoke_ext")
	run(t, "gcc", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-Iinclude",
		"-o", smoke, "testdata/smoke_ext.c", archive, "-lpthread")
	access, _ := testAccessGrant(t)
	t.Log(strings.TrimSpace(run(t, smoke, access)))
}
