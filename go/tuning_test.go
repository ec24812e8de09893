package main

import (
	"runtime"
	"testing"
	"time"
)

func TestHeapFloorFromEnv(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	cases := []struct {
		vars  map[string]string
		floor uint64
		ok    bool
	}{
		{nil, defaultHeapFloor, true},
		{map[string]string{"GOGC": "200"}, 0, false},
		{map[string]string{"GOGC": "off"}, 0, false},
		{map[string]string{"GOMEMLIMIT": "1GiB"}, 0, false},
		{map[string]string{"STORJ_UPLINK_GC_FLOOR": "0"}, 0, false},
		{map[string]string{"STORJ_UPLINK_GC_FLOOR": "junk"}, 0, false},
		{map[string]string{"STORJ_UPLINK_GC_FLOOR": "64"}, 64 << 20, true},
	}
	for _, c := range cases {
		floor, ok := heapFloorFromEnv(env(c.vars))
		if floor != c.floor || ok != c.ok {
			t.Errorf("%v: got (%d, %v), want (%d, %v)", c.vars, floor, ok, c.floor, c.ok)
		}
	}
}

func TestPercentFor(t *testing.T) {
	const MiB = 1 << 20
	cases := []struct {
		live, floor uint64
		want        int
	}{
		{0, 32 * MiB, 800},           // capped: the runtime minimum (4 MiB x 8) reaches the floor
		{1 * MiB, 32 * MiB, 800},     // a tiny heap: the cap
		{8 * MiB, 32 * MiB, 300},     // 8 MiB x 4 = 32 MiB
		{16 * MiB, 32 * MiB, 100},    // 2 x live reaches the floor: the default
		{70 * MiB, 32 * MiB, 100},    // an upload's segment buffer: the default
		{1 * MiB, 4 * MiB, 100},      // a floor at the runtime minimum changes nothing
		{1 * MiB, 2 * MiB, 100},      // nor does a lower one
		{10 * MiB, 64 * MiB, 540},    // 10 MiB x 6.4 = 64 MiB
		{100 * MiB, 64 * MiB, 100},   // large heaps keep GOGC=100
		{3 * MiB, 16 * MiB, 400},     // 16 MiB / 4 MiB: cap 400
		{5 * MiB, 16 * MiB, 220},     // 5 MiB x 3.2 = 16 MiB
		{2 * MiB, 1 << 40, 26214400}, // a huge floor: the cap, no overflow
	}
	for _, c := range cases {
		if got := percentFor(c.live, c.floor); got != c.want {
			t.Errorf("percentFor(%d MiB, %d MiB) = %d, want %d", c.live/MiB, c.floor/MiB, got, c.want)
		}
	}
}

func TestGCTunerFollowsCollections(t *testing.T) {
	var set []int
	tuner := newGCTuner(1 << 40) // a floor far above any test heap: the cap applies
	tuner.setGC = func(p int) int { set = append(set, p); return 100 }
	tuner.adjust()
	if len(set) != 1 || set[0] != percentFor(0, 1<<40) {
		t.Fatalf("first adjust set %v", set)
	}
	tuner.adjust() // unchanged: no call
	if len(set) != 1 {
		t.Fatalf("an unchanged percentage was set again: %v", set)
	}

	// arm: the finalizer runs adjust after a collection, and re-arms.
	tuner.mu.Lock()
	tuner.percent = 100 // make the next adjust call setGC again
	tuner.mu.Unlock()
	tuner.arm()
	deadline := time.Now().Add(10 * time.Second)
	for {
		runtime.GC()
		tuner.mu.Lock()
		n := len(set)
		tuner.mu.Unlock()
		if n >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the GC hook never ran")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
