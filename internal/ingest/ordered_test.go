package ingest

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// TestOrdered: results reach write in item order whatever order the workers finish in, no
// more items are in flight than the window holds, and write's error stops the run.
func TestOrdered(t *testing.T) {
	const n, jobs, window = 200, 4, 8
	var inFlight, most atomic.Int64
	var got []int
	err := Ordered(context.Background(), n, jobs, window, func(int) int64 { return 1 },
		func(i int) int {
			if f := inFlight.Add(1); f > most.Load() {
				most.Store(f)
			}
			time.Sleep(time.Duration((i*7919)%5) * time.Millisecond) // finish out of order
			return i
		},
		func(i, v int) error {
			inFlight.Add(-1)
			if v != i {
				t.Errorf("item %d got the result of %d", i, v)
			}
			got = append(got, v)
			return nil
		})
	if err != nil || len(got) != n {
		t.Fatalf("%d results, %v; want %d, nil", len(got), err, n)
	}
	// The window frees an item's room just before write takes it: window+1 at most.
	if m := most.Load(); m > window+1 {
		t.Errorf("%d items in flight at once, the window holds %d", m, window)
	}

	stop := errors.New("stop")
	calls := 0
	err = Ordered(context.Background(), n, jobs, window, func(int) int64 { return 1 },
		func(i int) int { return i },
		func(i, v int) error {
			calls++
			if i == 10 {
				return stop
			}
			return nil
		})
	if !errors.Is(err, stop) || calls != 11 {
		t.Errorf("write failing at item 10: %v after %d calls; want stop after 11", err, calls)
	}
}
