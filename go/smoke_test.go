package main

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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
	return testAccessGrantFor(t, testSatellite)
}

// testAccessGrantFor makes a valid serialized access grant for a satellite URL.
func testAccessGrantFor(t *testing.T, satellite string) (access, apiKey string) {
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
	serialized, err := (&grant.Access{SatelliteAddress: satellite, APIKey: key, EncAccess: encAccess}).Serialize()
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

// buildCSmoke builds the C library into dir with scripts/build-c-library.sh
// and links testdata/smoke.c against it with pkg-config's flags; it checks
// that the program needs that libuplink.so (not a static copy).
func buildCSmoke(t *testing.T, dir string) string {
	t.Helper()
	run(t, "bash", "../scripts/build-c-library.sh", dir)
	pc := exec.Command("pkg-config", "--cflags", "--libs", "libuplink")
	pc.Env = append(os.Environ(), "PKG_CONFIG_PATH="+filepath.Join(dir, "lib", "pkgconfig"))
	flags, err := pc.Output()
	if err != nil {
		t.Fatalf("pkg-config --cflags --libs libuplink: %v (install pkg-config or pkgconf)", err)
	}
	smoke := filepath.Join(dir, "smoke")
	args := append([]string{"-std=gnu11", "-Wall", "-Wextra", "-Werror", "-o", smoke, "testdata/smoke.c"},
		strings.Fields(string(flags))...)
	run(t, "gcc", append(args, "-lpthread")...)
	if dynamic := run(t, "readelf", "-d", smoke); !strings.Contains(dynamic, "[libuplink.so]") {
		t.Fatalf("smoke does not need libuplink.so:\n%s", dynamic)
	}
	// the library exports exactly the C API (besides the Go runtime's own symbols):
	// uplink-c's functions and those of the extension headers beside uplink.h
	api, err := os.ReadFile("../tests/data/uplink_c_functions.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := append(strings.Fields(string(api)), extensionFunctions(t)...)
	var got []string
	for _, line := range strings.Split(run(t, "nm", "-D", "--defined-only", filepath.Join(dir, "lib", "libuplink.so")), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[1] == "T" && (strings.HasPrefix(f[2], "uplink_") || strings.HasPrefix(f[2], "edge_")) {
			got = append(got, f[2])
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("libuplink.so exports %d API functions, want the %d of uplink_c_functions.txt and the extension headers:\n%v", len(got), len(want), got)
	}
	return smoke
}

// declaredFunction matches a prototype of the C API in a header.
var declaredFunction = regexp.MustCompile(`(?m)^extern\s+[\w\s*]+?\b((?:uplink|edge)_\w+)\s*\(`)

// extensionFunctions returns the functions declared by include/'s headers
// other than uplink-c's two (uplink.h, uplink_definitions.h).
func extensionFunctions(t *testing.T) []string {
	t.Helper()
	headers, err := filepath.Glob("include/*.h")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, h := range headers {
		if base := filepath.Base(h); base == "uplink.h" || base == "uplink_definitions.h" {
			continue
		}
		text, err := os.ReadFile(h)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range declaredFunction.FindAllStringSubmatch(string(text), -1) {
			names = append(names, m[1])
		}
	}
	return names
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestCSmoke builds the C library with scripts/build-c-library.sh, compiles
// testdata/smoke.c against it with the flags pkg-config gives (and -Wall
// -Wextra -Werror), and runs it, with a silent satellite for the dial
// timeout check (see smoke.c).
func TestCSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the library")
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	dir := t.TempDir()
	smoke := buildCSmoke(t, dir)

	// the silent satellite: a listener that accepts (through its backlog)
	// and never answers; the smoke program gets its socket as fd 3
	listener, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = listener.Close() }()
	listenFile, err := listener.File()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = listenFile.Close() }()
	silentSatellite := strings.Split(testSatellite, "@")[0] + "@" + listener.Addr().String()
	silentAccess, _ := testAccessGrantFor(t, silentSatellite)

	access, apiKey := testAccessGrant(t)
	cmd := exec.Command(smoke, access, testSatellite, apiKey)
	cmd.Env = append(os.Environ(), "LD_LIBRARY_PATH="+filepath.Join(dir, "lib"), "SMOKE_SILENT_ACCESS="+silentAccess)
	cmd.ExtraFiles = []*os.File{listenFile}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("smoke: %v\n%s", err, out)
	}
	t.Log(strings.TrimSpace(string(out)))
	archive := buildArchive(t, dir)

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
