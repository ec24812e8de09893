package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/zeebo/errs"

	"storj.io/drpc/drpcconn"
)

// closedTwice returns the error of closing a loopback TCP connection a second
// time, and the error drpc reports when it closes a connection whose socket
// was already closed under it: the errors an idle pooled connection gives.
func closedTwice(t *testing.T) (second, viaDRPC error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer func() { _ = c.Close() }()
		}
	}()
	dial := func() net.Conn {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	c := dial()
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	second = c.Close()

	raw := dial()
	conn := drpcconn.New(raw)
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	viaDRPC = conn.Close()
	if second == nil || viaDRPC == nil {
		t.Fatalf("closing again gave no error: %v, %v", second, viaDRPC)
	}
	return second, viaDRPC
}

func TestOnlyClosedConnections(t *testing.T) {
	second, viaDRPC := closedTwice(t)
	uplinkClass := errs.Class("uplink") // how storj.io/uplink's Project.Close wraps
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}

	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"a second close", second, true},
		{"drpc over a closed socket", viaDRPC, true},
		{"wrapped as Project.Close does", uplinkClass.Wrap(errs.Combine(viaDRPC, nil)), true},
		{"two pools, both closed", uplinkClass.Wrap(errs.Combine(errs.Combine(second), viaDRPC)), true},
		{"fmt wrapped", fmt.Errorf("close: %w", second), true},
		{"net.ErrClosed itself", net.ErrClosed, true},
		{"another error", uplinkClass.New("tracker: boom"), false},
		{"a refused dial", refused, false},
		{"closed and another", uplinkClass.Wrap(errs.Combine(second, io.ErrUnexpectedEOF)), false},
		{"another and closed", errs.Combine(refused, viaDRPC), false},
		{"an empty combination", errors.Join(), false},
	} {
		if got := onlyClosedConnections(c.err); got != c.want {
			t.Errorf("%s (%v): %v, want %v", c.name, c.err, got, c.want)
		}
	}
	// the text the lead saw in CI, from the genuine error
	if msg := viaDRPC.Error(); !errors.Is(viaDRPC, net.ErrClosed) {
		t.Errorf("%q is not net.ErrClosed", msg)
	}
}

// uplink_ext_close_project treats a NULL and a freed handle as
// uplink_close_project does.
func TestExtCloseProjectHandles(t *testing.T) {
	if _, _, ok, only := shimExtClose(0, true); ok || only {
		t.Errorf("NULL project: error %v, only closed %v; want neither", ok, only)
	}
	code, message, ok, only := shimExtClose(123456789, false)
	if !ok || code != codeInvalidHandle || only {
		t.Errorf("freed project: (%#x, %q, %v, %v)", code, message, ok, only)
	}
	if !universe.empty() {
		t.Errorf("handles leaked: %d", universe.count())
	}
}
