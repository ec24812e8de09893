//go:build tools

// Package planet's tools file: it is never compiled. It keeps the Go `uplink`
// CLI (storj.io/storj/cmd/uplink, at the storj.io/storj version this module
// pins) in go.mod and go.sum, so storj_uplink.testnet.gocli can build the CLI
// the local network's satellite speaks with, for interoperability tests and
// benchmarks.
package planet

import _ "storj.io/storj/cmd/uplink"
