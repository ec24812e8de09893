package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runHeaderSmoke compiles testdata/<name>.c against its extension header
// (with -Wall -Wextra -Werror: the header is valid C on its own) and the
// archive, and runs it with an access grant.
func runHeaderSmoke(t *testing.T, name string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the archive")
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	dir := t.TempDir()
	archive := buildArchive(t, dir)
	smoke := filepath.Join(dir, name)
	run(t, "gcc", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-Iinclude", "-Itestdata",
		"-o", smoke, "testdata/"+name+".c", archive, "-lpthread")
	access, _ := testAccessGrant(t)
	t.Log(strings.TrimSpace(run(t, smoke, access)))
}

// TestCSmokeExt runs testdata/smoke_ext.c (include/uplink_ext.h).
func TestCSmokeExt(t *testing.T) { runHeaderSmoke(t, "smoke_ext") }

// TestCSmokeFast runs testdata/smoke_fast.c (include/uplink_fast.h).
func TestCSmokeFast(t *testing.T) { runHeaderSmoke(t, "smoke_fast") }
