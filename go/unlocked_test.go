package main

import (
	"errors"
	"runtime"
	"testing"
)

func TestUnlockedReturnsValueAndError(t *testing.T) {
	want := errors.New("boom")
	v, err := unlocked2(func() (int, error) { return 42, want })
	if v != 42 || !errors.Is(err, want) {
		t.Fatalf("got (%d, %v), want (42, %v)", v, err, want)
	}
}

func TestUnlockedRunsOffTheLockedGoroutine(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var inner uint64
	outer := goroutineID()
	unlocked(func() { inner = goroutineID() })
	if inner == 0 || inner == outer {
		t.Fatalf("f ran on goroutine %d, the caller is %d", inner, outer)
	}
}

func TestUnlockedRepanicsInTheCaller(t *testing.T) {
	defer func() {
		if r := recover(); r != "part bug" {
			t.Fatalf("recovered %v, want the panic of f", r)
		}
	}()
	unlocked(func() { panic("part bug") })
	t.Fatal("unlocked returned after f panicked")
}

// goroutineID parses the current goroutine's id from its stack header.
func goroutineID() uint64 {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	var id uint64
	for _, c := range buf[len("goroutine "):] {
		if c < '0' || c > '9' {
			break
		}
		id = id*10 + uint64(c-'0')
	}
	return id
}
