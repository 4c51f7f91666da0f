package analysis

import (
	"math"
	"sort"
	"time"

	"github.com/easyday/easyday/activity"
)

// What the device recorded beside the samples, and how far to trust it: TCX laps that cover
// time without track points, and a device distance stream's corrections and spikes.

// streamResetM: a device distance stream that falls back to within this many metres of zero
// (and below half the furthest it had reached) restarted (a new session's stream, a device
// reset); any other step back is a correction.
const streamResetM = 50

// distanceSpike reports whether b's distance is a lone spike between a and c: it jumps ahead
// of a and c falls back below it, at a speed far beyond b's own speed field and its GPS step
// from a (where the samples carry them; beyond MaxPlausibleSpeed without either).
func distanceSpike(a, b, c activity.Sample) bool {
	up := b.Distance - a.Distance
	dt := b.Time.Sub(a.Time).Seconds()
	if up <= 0 || dt <= 0 || c.Distance >= b.Distance {
		return false
	}
	v := up / dt
	known := false
	if !math.IsNaN(b.Speed) {
		known = true
		if v <= 2*b.Speed+5 {
			return false
		}
	}
	if a.HasPosition() && b.HasPosition() {
		known = true
		if v <= 2*activity.Haversine(a.Lat, a.Lon, b.Lat, b.Lon)/dt+5 {
			return false
		}
	}
	return known || v > MaxPlausibleSpeed
}

// lapsWithoutPoints returns the seconds of a TCX activity's laps that have no track point to
// show them (a lap written without a track, the stretch of a lap before the GPS fix), when they
// come to more than PauseGap: time the device's timer ran, which counts as moving. A lap runs
// from its start to the next lap's (the last, for its TimerS or ElapsedS); its stretches
// without points are the whole lap when no sample lies in it, else the time before its first
// sample and after its last where the recording did not run across (the step there is a gap
// or a track break, or there is no step); no lap is given more than its TimerS less the moving
// time its samples already count, so that a pause within a lap adds nothing. Every lap must
// give its start, TimerS and DistanceM, and laps must follow one another without overlap (a
// lap's own points ending before the next lap's start): otherwise nothing is added.
func lapsWithoutPoints(a *activity.Activity, moving MovingTime) (float64, bool) {
	smp := a.Samples
	laps := a.Laps
	if a.Source.Format != activity.FormatTCX || len(laps) == 0 || len(smp) == 0 {
		return 0, false
	}
	var extra float64
	for i, l := range laps {
		if l.Start.IsZero() || math.IsNaN(l.TimerS) || math.IsNaN(l.DistanceM) || l.TimerS < 0 {
			return 0, false
		}
		from := l.Start
		to := from.Add(time.Duration(math.Max(l.TimerS, nanTo(l.ElapsedS, 0)) * float64(time.Second)))
		if i+1 < len(laps) {
			to = laps[i+1].Start
			if to.Before(from) || l.ElapsedS > to.Sub(from).Seconds()+1 {
				return 0, false // laps that overlap, or whose points run into the next: no record
			}
		}
		first := sort.Search(len(smp), func(k int) bool { return !smp[k].Time.Before(from) })
		last := sort.Search(len(smp), func(k int) bool { return !smp[k].Time.Before(to) }) - 1
		var bare, counted float64 // seconds without points; moving seconds of the samples
		for k := max(first, 1); k < len(smp) && smp[k-1].Time.Before(to); k++ {
			counted += moving.Step[k] * overlap(smp[k-1].Time, smp[k].Time, from, to) /
				math.Max(smp[k].Time.Sub(smp[k-1].Time).Seconds(), 1e-9)
		}
		if last < first { // no sample in the lap
			if first == 0 || first >= len(smp) || moving.Recorded[first] == 0 {
				bare = to.Sub(from).Seconds()
			}
		} else {
			if first == 0 || moving.Recorded[first] == 0 {
				bare += smp[first].Time.Sub(from).Seconds()
			}
			if last+1 >= len(smp) || moving.Recorded[last+1] == 0 {
				bare += to.Sub(smp[last].Time).Seconds()
			}
		}
		extra += math.Min(bare, math.Max(l.TimerS-counted, 0))
	}
	if extra <= PauseGap.Seconds() {
		return 0, false
	}
	return extra, true
}

// nanTo returns v, or def when v is NaN.
func nanTo(v, def float64) float64 {
	if math.IsNaN(v) {
		return def
	}
	return v
}
