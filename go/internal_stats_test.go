package main

import (
	"runtime"
	"sync"
	"testing"
)

func TestHandleCountFollowsTheUniverse(t *testing.T) {
	before := int64(uplink_internal_handle_count())
	if before != int64(universe.count()) {
		t.Fatalf("handle count %d, universe holds %d", before, universe.count())
	}
	a, b := newHandle(&kindA{}), newHandle(&kindB{})
	if got := int64(uplink_internal_handle_count()); got != before+2 {
		t.Fatalf("two new handles: count %d, want %d", got, before+2)
	}
	freeHandle[*kindA](a)
	if got := int64(uplink_internal_handle_count()); got != before+1 {
		t.Fatalf("one freed: count %d, want %d", got, before+1)
	}
	freeHandle[*kindB](b)
	if got := int64(uplink_internal_handle_count()); got != before {
		t.Fatalf("both freed: count %d, want %d", got, before)
	}
}

func TestGoroutineCountSeesEachGoroutine(t *testing.T) {
	const n = 3
	before := settledGoroutineCount()
	release := make(chan struct{})
	var started, ended sync.WaitGroup
	started.Add(n)
	ended.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer ended.Done()
			started.Done()
			<-release
		}()
	}
	started.Wait()
	if got := int64(uplink_internal_goroutine_count()); got != before+n {
		t.Fatalf("%d goroutines started: count %d, want %d", n, got, before+n)
	}
	close(release)
	ended.Wait()
	// A goroutine that returned is gone once the scheduler has run its exit.
	for int64(uplink_internal_goroutine_count()) != before {
		runtime.Gosched()
	}
}

// settledGoroutineCount waits until goroutines of earlier tests that are
// still exiting are gone: the count is read until it stops changing.
func settledGoroutineCount() int64 {
	last := int64(uplink_internal_goroutine_count())
	for {
		for i := 0; i < 100; i++ {
			runtime.Gosched()
		}
		now := int64(uplink_internal_goroutine_count())
		if now == last {
			return now
		}
		last = now
	}
}
