package importer

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/easyday/easyday/activity"
)

// maxPlausibleSpeed (m/s, 180 km/h) is analysis.MaxPlausibleSpeed, beyond which a GPS step is a
// jump, not movement: faster than any human moves, on foot, by bike or swimming. The importer
// knows nothing of analysis, so the number is repeated here; TestStillSpeed keeps the two equal.
const maxPlausibleSpeed = 50.0

// tidyTrack fixes what real GPX and TCX recordings get wrong about their points, in place,
// saying so in a.Notes:
//
//   - A position of exactly (0, 0) is no position: apps write it for a point before the GPS
//     fix, as FIT devices write 0 semicircles (fitSample). Such a point keeps its time, heart
//     rate and other values.
//   - A point whose time is earlier than the one before it (phone-app exports, at the start)
//     is left out (orderTimes), so that it distorts neither moving time nor the time-weighted
//     heart rate.
func tidyTrack(a *activity.Activity) {
	nullIsland := 0
	for i := range a.Samples {
		s := &a.Samples[i]
		if s.Lat == 0 && s.Lon == 0 {
			s.Lat, s.Lon = math.NaN(), math.NaN()
			nullIsland++
		}
	}
	if nullIsland > 0 {
		a.Notes = append(a.Notes, fmt.Sprintf("%d point(s) at latitude 0, longitude 0 (no GPS fix) taken as without position", nullIsland))
	}
	orderTimes(a)
}

// orderTimes makes a.Samples' times non-decreasing, keeping a.Breaks in step. Where some time
// steps back, it keeps the longest run of points in order (the longest non-decreasing
// subsequence of times) and leaves the others out: a point stamped too late, or too early,
// goes, and the track around it stays as recorded. When that would leave out more than a
// quarter of the points, the track is not a few stray stamps but pieces written out of order
// (segments swapped): then every point is kept and the points are sorted by time instead.
func orderTimes(a *activity.Activity) {
	smp := a.Samples
	if sort.SliceIsSorted(smp, func(i, j int) bool { return smp[i].Time.Before(smp[j].Time) }) {
		return
	}
	// segment of each sample, to give the kept samples their breaks again
	seg := make([]int, len(smp))
	for i, b := 0, 0; i < len(smp); i++ {
		for b < len(a.Breaks) && a.Breaks[b] <= i {
			b++
		}
		seg[i] = b
	}
	keep := longestInOrder(smp)
	var order []int
	var note string
	if dropped := len(smp) - len(keep); dropped*4 <= len(smp) {
		order = keep
		first := firstBackStep(smp)
		note = fmt.Sprintf("%d point(s) whose time steps back left out (the first at %s, after %s)",
			dropped, smp[first].Time.Format(time.RFC3339), smp[first-1].Time.Format(time.RFC3339))
	} else {
		order = make([]int, len(smp))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(i, j int) bool { return smp[order[i]].Time.Before(smp[order[j]].Time) })
		note = fmt.Sprintf("the points' times step back %d time(s): points sorted by time", backSteps(smp))
	}
	out := make([]activity.Sample, len(order))
	var breaks []int
	for k, i := range order {
		out[k] = smp[i]
		if k > 0 && seg[i] != seg[order[k-1]] {
			breaks = append(breaks, k)
		}
	}
	a.Samples, a.Breaks = out, breaks
	a.Notes = append(a.Notes, note)
}

// longestInOrder returns the indices, ascending, of a longest subsequence of smp whose times
// do not decrease (patience sorting, O(n log n)); among equally long ones it keeps the one
// ending earliest in time.
func longestInOrder(smp []activity.Sample) []int {
	var tails []int // tails[k]: index of the smallest last time of an ordered run of length k+1
	prev := make([]int, len(smp))
	for i := range smp {
		t := smp[i].Time
		// the first run whose last time is after t: t extends the run before it
		k := sort.Search(len(tails), func(k int) bool { return smp[tails[k]].Time.After(t) })
		prev[i] = -1
		if k > 0 {
			prev[i] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	out := make([]int, len(tails))
	for k, i := len(tails)-1, tails[len(tails)-1]; k >= 0; k, i = k-1, prev[i] {
		out[k] = i
	}
	return out
}

func firstBackStep(smp []activity.Sample) int {
	for i := 1; i < len(smp); i++ {
		if smp[i].Time.Before(smp[i-1].Time) {
			return i
		}
	}
	return 0
}

func backSteps(smp []activity.Sample) int {
	n := 0
	for i := 1; i < len(smp); i++ {
		if smp[i].Time.Before(smp[i-1].Time) {
			n++
		}
	}
	return n
}

// noteImpossibleSteps adds a note to every activity whose GPS track moves faster than any
// human somewhere: a step between consecutive positioned samples (within a track segment)
// faster than maxPlausibleSpeed, whatever the cause (a point at a false position, a clock
// that jumped, two recordings run together). The analysis skips a lone fix thrown off so; the
// note says the track is not to be trusted as it stands.
func noteImpossibleSteps(acts []activity.Activity) {
	for i := range acts {
		if note := impossibleSteps(&acts[i]); note != "" {
			acts[i].Notes = append(slices.Clip(acts[i].Notes), note)
		}
	}
}

func impossibleSteps(a *activity.Activity) string {
	var (
		n            int
		worstD       float64
		worstT       float64
		last         = -1
		nextBreak    int
		segmentStart bool
	)
	for i := range a.Samples {
		for nextBreak < len(a.Breaks) && a.Breaks[nextBreak] <= i {
			if a.Breaks[nextBreak] == i {
				segmentStart = true
			}
			nextBreak++
		}
		q := &a.Samples[i]
		if !q.HasPosition() {
			continue
		}
		if last >= 0 && !segmentStart {
			p := &a.Samples[last]
			d := activity.Haversine(p.Lat, p.Lon, q.Lat, q.Lon)
			dt := q.Time.Sub(p.Time).Seconds()
			if d > maxPlausibleSpeed*math.Max(dt, 1) {
				n++
				if d > worstD {
					worstD, worstT = d, dt
				}
			}
		}
		last, segmentStart = i, false
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("GPS track physically impossible: %d step(s) faster than %.0f m/s (the largest %.1f km in %.0f s)",
		n, maxPlausibleSpeed, worstD/1000, worstT)
}
