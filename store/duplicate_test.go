package store

import (
	"testing"

	"github.com/easyday/easyday/activity"
)

// TestRicher: FIT over TCX over GPX, then more samples; never richer than itself.
func TestRicher(t *testing.T) {
	fit, tcx, gpx := activity.FormatFIT, activity.FormatTCX, activity.FormatGPX
	for _, c := range []struct {
		name       string
		a          activity.Format
		aN         int
		b          activity.Format
		bN         int
		aRicher    bool
		bRicherToo bool
	}{
		{"FIT over GPX with fewer samples", fit, 10, gpx, 1000, true, false},
		{"FIT over TCX", fit, 10, tcx, 10, true, false},
		{"TCX over GPX", tcx, 10, gpx, 10, true, false},
		{"same format: more samples", gpx, 11, gpx, 10, true, false},
		{"same format and samples: neither", fit, 10, fit, 10, false, false},
		{"an unknown format below GPX", "", 1000, gpx, 1, false, true},
	} {
		if got := richer(c.a, c.aN, c.b, c.bN); got != c.aRicher {
			t.Errorf("%s: richer(a, b) %v, want %v", c.name, got, c.aRicher)
		}
		if got := richer(c.b, c.bN, c.a, c.aN); got != c.bRicherToo {
			t.Errorf("%s: richer(b, a) %v, want %v", c.name, got, c.bRicherToo)
		}
	}
	cs := []cand{{id: 3, format: gpx, samples: 900}, {id: 2, format: fit, samples: 5}, {id: 1, format: fit, samples: 5}}
	if got := richest(cs); got.id != 1 {
		t.Errorf("richest: got id %d, want 1 (FIT, the lowest id of a tie)", got.id)
	}
}

// TestSameActivity: spans overlapping by DuplicateOverlap of the shorter one are the same
// activity; less, or apart, are not.
func TestSameActivity(t *testing.T) {
	const min = 60 * 1000 // ms
	for _, c := range []struct {
		name     string
		startA   int64
		elapsedA float64
		startB   int64
		elapsedB float64
		same     bool
	}{
		{"the same span", 0, 3600, 0, 3600, true},
		{"30 s later, same length", 0, 3600, min / 2, 3600, true},
		{"a 10 min file inside a 60 min one", 0, 3600, 20 * min, 600, true},
		{"80% of the shorter", 0, 1000, 200 * 1000, 1000, true},
		{"79% of the shorter", 0, 1000, 210 * 1000, 1000, false},
		{"one after the other", 0, 600, 10 * min, 600, false},
		{"two instants that coincide", 5, 0, 5, 0, true},
		{"two instants apart", 5, 0, 6, 0, false},
	} {
		if got := sameActivity(c.startA, c.elapsedA, c.startB, c.elapsedB); got != c.same {
			t.Errorf("%s: got %v, want %v", c.name, got, c.same)
		}
		if got := sameActivity(c.startB, c.elapsedB, c.startA, c.elapsedA); got != c.same {
			t.Errorf("%s, the other way round: got %v, want %v", c.name, got, c.same)
		}
	}
}
