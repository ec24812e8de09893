#!/usr/bin/env bash
# Build go/ as a C library for C programs: the uplink-c v1.14 API as a shared
# library, its headers and a pkg-config file, all in one folder.
#
#   bash scripts/build-c-library.sh [DIR]        (DIR defaults to build/c-library)
#
# DIR/lib/libuplink.so                 the library (Go runtime inside; -buildmode=c-shared)
# DIR/include/uplink/*.h               uplink.h, uplink_definitions.h (and any extension headers)
# DIR/lib/pkgconfig/libuplink.pc       relocatable (paths relative to the .pc file)
#
# Then:  PKG_CONFIG_PATH=DIR/lib/pkgconfig cc app.c $(pkg-config --cflags --libs libuplink)
# and run with LD_LIBRARY_PATH=DIR/lib (or link with -Wl,-rpath,DIR/lib).
# Needs Go >= 1.25 (go on PATH, $STORJ_UPLINK_GO, or what build_go.py finds) and a C compiler.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/build/c-library}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

go_bin="${STORJ_UPLINK_GO:-$(command -v go || true)}"
if [ -z "$go_bin" ]; then
    go_bin="$(cd "$ROOT" && python3 -c 'import build_go; print(build_go.find_go())')"
fi

mkdir -p "$OUT/lib/pkgconfig" "$OUT/include/uplink"
(cd "$ROOT/go" && CGO_ENABLED=1 GOTOOLCHAIN=local "$go_bin" build -buildmode=c-shared -trimpath \
    -ldflags='-extldflags=-Wl,-soname,libuplink.so' -o "$OUT/lib/libuplink.so" .)
# cgo writes its own view of the exports beside the library; the real
# headers are go/include's (the contract cgo compiles the Go side against)
rm -f "$OUT/lib/libuplink.h"
cp "$ROOT"/go/include/*.h "$OUT/include/uplink/"

uplink_version="$(sed -n 's/^\tstorj\.io\/uplink v\([^ ]*\).*/\1/p' "$ROOT/go/go.mod")"
cat > "$OUT/lib/pkgconfig/libuplink.pc" <<PC
prefix=\${pcfiledir}/../..
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: libuplink
Description: The uplink-c v1.14 C API of Storj, from storj_uplink's go/ (storj.io/uplink v${uplink_version})
Version: ${uplink_version}
Cflags: -I\${includedir}/uplink
Libs: -L\${libdir} -luplink
Libs.private: -lpthread
PC
echo "C library in $OUT: lib/libuplink.so, include/uplink/, lib/pkgconfig/libuplink.pc" >&2
