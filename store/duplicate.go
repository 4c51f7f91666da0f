package store

import (
	"math"
	"time"

	"github.com/easyday/easyday/activity"
)

// The duplicate rule of DESIGN.md: the same activity arriving twice has the same sport, starts
// within DuplicateStartWithin, and the two durations overlap by DuplicateOverlap or more of the
// shorter one.
const (
	DuplicateStartWithin = 60 * time.Second
	DuplicateOverlap     = 0.8
)

// formatRank orders the sources by richness: FIT over TCX over GPX.
func formatRank(f activity.Format) int {
	switch f {
	case activity.FormatFIT:
		return 3
	case activity.FormatTCX:
		return 2
	case activity.FormatGPX:
		return 1
	}
	return 0
}

// richer reports whether a is a strictly richer source than b.
func richer(aFormat activity.Format, aSamples int, bFormat activity.Format, bSamples int) bool {
	ra, rb := formatRank(aFormat), formatRank(bFormat)
	if ra != rb {
		return ra > rb
	}
	return aSamples > bSamples
}

// richest returns the richest of cs; on a tie the one with the lowest id.
func richest(cs []cand) cand {
	best := cs[0]
	for _, c := range cs[1:] {
		if richer(c.format, c.samples, best.format, best.samples) ||
			(!richer(best.format, best.samples, c.format, c.samples) && c.id < best.id) {
			best = c
		}
	}
	return best
}

// sameActivity applies the overlap part of the duplicate rule to two activities that start
// within DuplicateStartWithin: their spans overlap by DuplicateOverlap or more of the shorter
// one's duration (two instants only when they coincide).
func sameActivity(startA int64, elapsedA float64, startB int64, elapsedB float64) bool {
	ea, eb := elapsedA*1000, elapsedB*1000
	sa, sb := float64(startA), float64(startB)
	overlap := math.Min(sa+ea, sb+eb) - math.Max(sa, sb)
	return overlap >= 0 && overlap >= DuplicateOverlap*math.Min(ea, eb)
}
