package analysis

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortedWindow slides a window over random values with each operation and compares it
// with the same values sorted afresh.
func TestSortedWindow(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var win sortedWindow
	var vals []float64 // the window's values in arrival order
	for step := range 2000 {
		v := float64(r.IntN(20)) // repeats on purpose
		switch {
		case len(vals) < 5:
			win.insert(v)
			vals = append(vals, v)
		case len(vals) > 12:
			win.remove(vals[0])
			vals = vals[1:]
		case step%2 == 0:
			win.replace(vals[0], v)
			vals = append(vals[1:], v)
		default:
			win.insert(v)
			vals = append(vals, v)
		}
		want := slices.Sorted(slices.Values(vals))
		if !slices.Equal(win, want) {
			t.Fatalf("step %d: window %v, want %v", step, win, want)
		}
		if got, w := win.median(), sortedMedianOf(want); got != w {
			t.Fatalf("step %d: median %v, want %v", step, got, w)
		}
	}
	win.remove(100) // absent: no change
	if len(win) != len(vals) {
		t.Fatalf("removing an absent value: %d values, want %d", len(win), len(vals))
	}
}

func sortedMedianOf(s []float64) float64 {
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
