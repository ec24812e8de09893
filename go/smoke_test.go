package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"storj.io/common/grant"
	"storj.io/common/macaroon"
	"storj.io/common/storj"
)

// testSatellite is a satellite URL on a port nothing listens on: calls that
// need the network fail fast with "connection refused".
const testSatellite = "12EayRS2V1kEsWESU9QMRseFhdxYxKicsiFmxrsLZHeLUtdps3S@127.0.0.1:1"

// testAccessGrant makes a valid serialized access grant offline.
func testAccessGrant(t *testing.T) (access, apiKey string) {
	t.Helper()
	secret, err := macaroon.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	key, err := macaroon.NewAPIKey(secret)
	if err != nil {
		t.Fatal(err)
	}
	rootKey := storj.Key{1, 2, 3, 4}
	encAccess := grant.NewEncryptionAccessWithDefaultKey(&rootKey)
	encAccess.SetDefaultPathCipher(storj.EncAESGCM)
	serialized, err := (&grant.Access{SatelliteAddress: testSatellite, APIKey: key, EncAccess: encAccess}).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return serialized, key.Serialize()
}

// buildArchive builds the c-archive exactly as the Python build does.
func buildArchive(t *testing.T, dir string) string {
	t.Helper()
	archive := filepath.Join(dir, "libuplink.a")
	cmd := exec.Command("go", "build", "-buildmode=c-archive", "-trimpath", "-o", archive, ".")
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return archive
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestCSmoke compiles testdata/smoke.c against include/ (with -Wall -Wextra
// -Werror) and the archive, and runs it.
func TestCSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the archive")
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	dir := t.TempDir()
	archive := buildArchive(t, dir)
	smoke := filepath.Join(dir, "smoke")
	run(t, "gcc", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-Iinclude",
		"-o", smoke, "testdata/smoke.c", archive, "-lpthread")

	access, apiKey := testAccessGrant(t)
	out := run(t, smoke, access, testSatellite, apiKey)
	t.Log(strings.TrimSpace(out))

	// The same archive, linked into a shared object and loaded with ctypes.
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("no python3")
	}
	so := filepath.Join(dir, "libsmoke.so")
	stub := filepath.Join(dir, "stub.c")
	if err := os.WriteFile(stub, []byte("#include \"uplink.h\"\nvoid *keep(void) { return (void *)&uplink_parse_access; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, "gcc", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-Iinclude", "-o", so, stub, archive, "-lpthread")
	t.Log(strings.TrimSpace(run(t, "python3", "testdata/ctypes_check.py", so)))
}
