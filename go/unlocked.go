package main

// unlocked runs f on an ordinary goroutine and waits for it; a panic in f is
// re-raised in the caller (where the exported function's recoverError turns
// it into an UplinkError, as if f had run in place).
//
// Why: a call from C runs Go on a goroutine locked to the calling C thread.
// Every time a locked goroutine blocks (on the network, a pipe, a channel)
// and is readied again, the scheduler must hand it back to its own thread:
// a thread wake-up and two context switches, where an ordinary goroutine
// just runs on whichever thread readied it. Run here, the locked goroutine
// blocks once per C call, which costs two hand-offs (starting f on another
// thread, and waking the C thread when f is done) even when f never blocks.
// So it pays for calls that block many times: a download read blocks once
// per ~7.4 KiB encryption block, an upload write per piece buffer, and
// client CPU per GB streamed fell below Go's own on the local network
// (benchmarks/). A stat, one round trip to the satellite, runs in place: it
// blocks about once, and measured 3-6% faster in place (paired C callers on
// one local network); so do a listing's steps (a listing of 100 objects took
// 30% longer with every step run here). A whole small put or get
// (fast_object.go) measured the same either way.
func unlocked(f func()) {
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	if p := <-done; p != nil {
		panic(p)
	}
}

// unlocked2 is unlocked for a function returning a value and an error.
func unlocked2[T any](f func() (T, error)) (v T, err error) {
	unlocked(func() { v, err = f() })
	return v, err
}
