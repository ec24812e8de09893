package main

// Go garbage-collector pacing for a Go runtime that lives inside a Python
// process.
//
// When Python streams an object, the bytes live in the caller's buffers (C
// memory, see upload.go and download.go): the Go heap of this library stays
// at a few MB. With the default GOGC=100 the collector then runs every time
// the heap grows by its live size, i.e. every ~4 MB allocated (the runtime's
// minimum heap goal): ~30 collections per 64 MiB downloaded, 5-7% of the
// client's CPU in the benchmarks. A program that keeps more data in the Go
// heap gets proportionally fewer collections for the same work.
//
// The policy here is a heap floor: after every collection it sets the GC
// percentage so that the next collection comes when the heap reaches
// max(heapFloor, 2 x live heap). Small heaps are collected every heapFloor
// bytes instead of every ~4 MB; large heaps (an upload buffers a 64 MiB
// segment in the Go heap) keep the default GOGC=100 pacing, so the peak
// memory of big transfers is the same as with plain Go.
//
// The floor is 16 MiB: measured on the local network (benchmarks/, 256 MiB
// downloads, 3 runs each) it saves as much client CPU as 32 MiB did (~15%
// against no floor) while adding half as much to the resident memory of a
// process doing small operations (~12 MiB instead of ~27 MiB).
//
// A user's own GOGC or GOMEMLIMIT environment variable turns this off (the Go
// runtime then paces exactly as the user asked); so does
// STORJ_UPLINK_GC_FLOOR=0. STORJ_UPLINK_GC_FLOOR=<MiB> sets another floor.

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync"
)

const (
	// defaultHeapFloor is the heap size below which no collection is started.
	defaultHeapFloor = 16 << 20
	// runtimeHeapMinimum is the Go runtime's minimum heap goal at GOGC=100;
	// it scales with GOGC, which bounds the percentage used for the floor.
	runtimeHeapMinimum = 4 << 20
)

func init() {
	floor, ok := heapFloorFromEnv(os.Getenv)
	if !ok {
		return
	}
	tuner := newGCTuner(floor)
	tuner.adjust()
	tuner.arm()
}

// heapFloorFromEnv returns the floor to use, or false when the user's
// environment asks for the runtime's own pacing.
func heapFloorFromEnv(getenv func(string) string) (uint64, bool) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return 0, false
	}
	v := getenv("STORJ_UPLINK_GC_FLOOR")
	if v == "" {
		return defaultHeapFloor, true
	}
	mib, err := strconv.ParseUint(v, 10, 32)
	if err != nil || mib == 0 {
		return 0, false
	}
	return mib << 20, true
}

// gcTuner re-computes the GC percentage after every collection.
type gcTuner struct {
	mu      sync.Mutex
	floor   uint64
	percent int
	setGC   func(int) int
	sample  []metrics.Sample
}

func newGCTuner(floor uint64) *gcTuner {
	return &gcTuner{
		floor:   floor,
		percent: 100,
		setGC:   debug.SetGCPercent,
		sample:  []metrics.Sample{{Name: "/gc/heap/live:bytes"}},
	}
}

// percentFor is the GC percentage that puts the next heap goal at
// max(floor, 2 x live): between 100 and floor/runtimeHeapMinimum x 100 (above
// that the runtime's own minimum goal, which grows with the percentage,
// would exceed the floor).
func percentFor(live, floor uint64) int {
	maxPercent := int(floor * 100 / runtimeHeapMinimum)
	if maxPercent <= 100 {
		return 100
	}
	if live == 0 {
		return maxPercent
	}
	p := int(floor*100/live) - 100
	if p < 100 {
		return 100
	}
	if p > maxPercent {
		return maxPercent
	}
	return p
}

// adjust reads the live heap and updates the GC percentage when it changed by
// more than a tenth.
func (t *gcTuner) adjust() {
	t.mu.Lock()
	defer t.mu.Unlock()
	metrics.Read(t.sample)
	if t.sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	p := percentFor(t.sample[0].Value.Uint64(), t.floor)
	if d := p - t.percent; d*10 > t.percent || -d*10 > t.percent {
		t.setGC(p)
		t.percent = p
	}
}

// sentinel is an object whose finalizer runs after the collection that
// finds it unreachable (large enough not to come from the tiny allocator,
// whose objects may never be finalized).
type sentinel struct {
	next *sentinel
	_    [48]byte
}

// arm makes adjust run after the next collection (and re-arms itself).
func (t *gcTuner) arm() {
	s := &sentinel{}
	runtime.SetFinalizer(s, func(*sentinel) {
		t.adjust()
		t.arm()
	})
}
