// Package analysis holds easyday's pure functions over activities: moving time, distance,
// heart-rate cleaning, effort, zones and load, the estimate of the athlete's profile, and the
// classifier of sessions with its reasons. It does no I/O and imports neither the importer
// nor the store.
package analysis

import (
	"math"
	"sort"
	"time"

	"github.com/easyday/easyday/activity"
)

// Rules of DESIGN.md "Analysis rules".
const (
	// PauseGap: a gap between samples longer than this is a pause.
	PauseGap = 10 * time.Second
	// StillSpeed: below this speed (m/s) the athlete is standing still.
	StillSpeed = 0.5
	// StillFor: a still stretch counts as a pause only when it lasts longer than this.
	StillFor = 10 * time.Second
	// MaxPlausibleSpeed (m/s, 180 km/h): a GPS step faster than this is a jump, not movement.
	MaxPlausibleSpeed = 50.0
)

// Summary is an activity's metrics recomputed from its samples. Missing values are NaN.
type Summary struct {
	ElapsedS   float64 // from the start to the last sample
	MovingS    float64 // timer-running time (FIT timer events), else time not paused
	DistanceM  float64
	PaceSPerKm float64 // over moving time; NaN without distance
	AvgHR      float64 // time average of the cleaned samples over the recorded time (averageHR)
	MaxHR      float64 // of cleaned samples
	HRSamples  int     // samples with a usable heart rate after cleaning
	// HR tells what cleaning removed.
	HR HRCleaning
	// MovingFrom says how moving time was found: "timer" (FIT timer events) or "pauses".
	MovingFrom string
	// DistanceFrom says how distance was found: "device" (the recorded distance stream),
	// "gps" (geodesic over positions), "laps" (a TCX file's laps, which cover time its
	// points do not: lapsWithoutPoints), or "" when there is none.
	DistanceFrom string
}

// Summarize recomputes an activity's metrics from its samples, per DESIGN.md.
func Summarize(a *activity.Activity) Summary {
	s := emptySummary(a)
	if len(a.Samples) == 0 {
		return s
	}
	moving := Moving(a)
	hr, cleaning := CleanHR(a.Samples)
	return summarize(a, s, moving, hr, cleaning)
}

// emptySummary is a Summary with every metric unknown but the elapsed time.
func emptySummary(a *activity.Activity) Summary {
	s := Summary{ElapsedS: math.NaN(), MovingS: math.NaN(), DistanceM: math.NaN(),
		PaceSPerKm: math.NaN(), AvgHR: math.NaN(), MaxHR: math.NaN()}
	n := len(a.Samples)
	if n == 0 {
		return s
	}
	s.ElapsedS = a.Samples[n-1].Time.Sub(a.Begin()).Seconds()
	return s
}

// summarize finishes Summarize with the moving time and cleaned heart rate found already.
func summarize(a *activity.Activity, s Summary, moving MovingTime, hr []float64, cleaning HRCleaning) Summary {
	s.MovingS, s.MovingFrom = moving.Seconds, moving.From
	s.DistanceM, s.DistanceFrom = Distance(a)
	if extra, ok := lapsWithoutPoints(a, moving); ok {
		// The laps are the device's record of the whole activity, the points of a part.
		s.MovingS += extra
		var laps float64
		for _, l := range a.Laps {
			laps += l.DistanceM
		}
		if laps > s.DistanceM || math.IsNaN(s.DistanceM) {
			s.DistanceM, s.DistanceFrom = laps, "laps"
		}
	}
	if s.DistanceM > 0 && s.MovingS > 0 {
		s.PaceSPerKm = s.MovingS / (s.DistanceM / 1000)
	}
	s.HR = cleaning
	for _, v := range hr {
		if math.IsNaN(v) {
			continue
		}
		s.HRSamples++
		if math.IsNaN(s.MaxHR) || v > s.MaxHR {
			s.MaxHR = v
		}
	}
	s.AvgHR = averageHR(a, hr, moving)
	return s
}

// averageHR is the time average of the cleaned heart rate hr over the time the recording ran
// (MovingTime.Recorded: the timer's running time, or without timer events all but the gaps):
// the integral of the heart rate, taken as linear between samples (a device recording
// sparsely, "smart recording", writes a record when the value changes), divided by the time
// it covers. Standing still is counted, as the device's running timer counts it, so that a
// FIT file and the same run as GPX or TCX (which fall to the pause rule) agree; pace, not
// heart rate, is what moving time is for. A step with a heart rate at one end only counts
// that value when it is no longer than PauseGap; a longer one had no heart rate for most of
// it. In a pool swim the rest between intervals (swimRest) is left out, as swim watches do.
// Without any usable step (a single sample), it is the mean of the samples' heart rates (but
// a pool swim's rest).
func averageHR(a *activity.Activity, hr []float64, moving MovingTime) float64 {
	smp := a.Samples
	rest := swimRest(a)
	var sum, wsum float64
	for i := range smp {
		w := moving.Recorded[i]
		if w <= 0 || rest[i] {
			continue
		}
		var v float64
		if i == 0 { // timer time before the first sample: the first value, held back
			v = oneSided(math.NaN(), hr[0], w)
		} else {
			v = stepHR(hr[i-1], hr[i], smp[i].Time.Sub(smp[i-1].Time))
		}
		if math.IsNaN(v) {
			continue
		}
		sum += v * w
		wsum += w
	}
	if wsum > 0 {
		return sum / wsum
	}
	var n float64
	for i, v := range hr {
		if !math.IsNaN(v) && !rest[i] {
			sum += v
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / n
}

// stepHR is the mean heart rate over a step from a sample with heart rate p to one with q,
// dt apart: their mean when both are known, else the known one on a step up to PauseGap.
func stepHR(p, q float64, dt time.Duration) float64 {
	if !math.IsNaN(p) && !math.IsNaN(q) {
		return (p + q) / 2
	}
	return oneSided(p, q, dt.Seconds())
}

// oneSided is the heart rate over a step of the given seconds with a value at one end at
// most (the other NaN): that value on a step up to PauseGap, else NaN.
func oneSided(p, q, seconds float64) float64 {
	if seconds > PauseGap.Seconds() {
		return math.NaN()
	}
	if math.IsNaN(p) {
		return q
	}
	return p
}

// swimRest marks the steps (as in MovingTime.Step: step i reaches sample i) that fall in the
// rest between the intervals of a pool swim: within a lap that is rest (FIT intensity rest,
// or no distance in a swim whose other laps have some) and not within a lap swum. Outside
// swimming, and in a swim without any lap with distance, nothing is rest.
func swimRest(a *activity.Activity) []bool {
	rest := make([]bool, len(a.Samples))
	if a.Sport != activity.SportSwimming {
		return rest
	}
	type window struct{ from, to time.Time }
	var swum, idle []window
	for _, l := range a.Laps {
		d := l.ElapsedS
		if math.IsNaN(d) {
			d = l.TimerS
		}
		if math.IsNaN(d) || d <= 0 || l.Start.IsZero() {
			continue
		}
		w := window{l.Start, l.Start.Add(time.Duration(d * float64(time.Second)))}
		switch {
		case l.Intensity == "rest" || l.DistanceM == 0:
			idle = append(idle, w)
		case l.DistanceM > 0:
			swum = append(swum, w)
		}
	}
	if len(swum) == 0 || len(idle) == 0 {
		return rest
	}
	within := func(ws []window, t time.Time) bool {
		for _, w := range ws {
			if !t.Before(w.from) && t.Before(w.to) {
				return true
			}
		}
		return false
	}
	smp := a.Samples
	for i := range smp {
		t := smp[i].Time // the step's middle
		if i > 0 {
			t = smp[i-1].Time.Add(smp[i].Time.Sub(smp[i-1].Time) / 2)
		}
		rest[i] = within(idle, t) && !within(swum, t)
	}
	return rest
}

// MovingTime is the result of Moving.
type MovingTime struct {
	Seconds float64
	From    string // "timer" or "pauses"
	// Step holds, for each sample i > 0, the moving seconds of the step from sample i-1 to
	// sample i; Step[0] holds the moving seconds before the first sample (a timer started
	// before the first record). They add up to Seconds.
	Step []float64
	// Recorded holds, step by step like Step, the seconds in which the recording ran: the
	// timer's running time, or without timer events every step that is not a gap in the
	// recording (over PauseGap without movement, or with a track break in it). Unlike Step,
	// it keeps the stretches of standing still, which the device's timer counted too.
	Recorded []float64
}

// Moving finds the moving time: from FIT timer start/stop events where the file has them,
// otherwise by the pause rule (gaps over PauseGap, or stretches below StillSpeed lasting over
// StillFor, are pauses; in a multisport transition only the gaps are). A gap with movement
// across it is sparse recording, not a pause, unless a track break lies in it; a track break
// without a gap over PauseGap is no pause.
func Moving(a *activity.Activity) MovingTime {
	if m, ok := movingByTimer(a); ok {
		return m
	}
	return movingByPauses(a)
}

// movingByTimer sums the intervals in which the device's timer ran, clipped to the samples.
func movingByTimer(a *activity.Activity) (MovingTime, bool) {
	ev := a.Timer
	smp := a.Samples
	if len(ev) == 0 || len(smp) == 0 {
		return MovingTime{}, false
	}
	first, last := smp[0].Time, smp[len(smp)-1].Time
	if !a.Start.IsZero() && a.Start.Before(first) {
		first = a.Start // the timer ran before the first record (a pool swim's first length)
	}
	// implicit spans: records after a stop, ended by another stop with no start between (the
	// Garmin Oregon resumes so): the timer ran, and the pause rule finds where within.
	type span struct {
		from, to time.Time
		implicit bool
	}
	var spans []span
	running := !ev[0].Start // a file whose first event is a stop started its timer unannounced
	from := first
	var lastStop time.Time
	for _, e := range ev {
		switch {
		case e.Start && !running:
			running, from = true, e.Time
		case !e.Start && running:
			running, lastStop = false, e.Time
			spans = append(spans, span{from: from, to: e.Time})
		case !e.Start && !running && !lastStop.IsZero():
			spans = append(spans, span{from: lastStop, to: e.Time, implicit: true})
			lastStop = e.Time
		}
	}
	if running {
		spans = append(spans, span{from: from, to: last})
	}
	step := make([]float64, len(smp))
	rec := make([]float64, len(smp))
	for _, sp := range spans {
		f, t := sp.from, sp.to
		if f.Before(first) {
			f = first
		}
		if t.After(last) {
			t = last
		}
		if !t.After(f) {
			continue
		}
		i := sort.Search(len(smp), func(i int) bool { return !smp[i].Time.Before(f) })
		j := sort.Search(len(smp), func(j int) bool { return smp[j].Time.After(t) })
		if !sp.implicit {
			// the steps the span overlaps: from the one reaching sample i to the one leaving j-1
			for k := max(i, 1); k <= j && k < len(smp); k++ {
				ov := overlap(smp[k-1].Time, smp[k].Time, f, t)
				step[k] += ov
				rec[k] += ov
			}
			if i == 0 {
				ov := overlap(first, smp[0].Time, f, t)
				step[0] += ov
				rec[0] += ov
			}
			continue
		}
		if j-i < 2 {
			continue
		}
		sub := *a
		sub.Samples = smp[i:j]
		sub.Breaks = nil
		m := movingByPauses(&sub)
		for k := 1; k < len(m.Step); k++ {
			step[i+k] += m.Step[k]
			rec[i+k] += m.Recorded[k]
		}
	}
	var total float64
	for _, s := range step {
		total += s
	}
	if total <= 0 {
		return MovingTime{}, false
	}
	return MovingTime{Seconds: total, From: "timer", Step: step, Recorded: rec}, true
}

// overlap returns the seconds that [a, b] and [c, d] have in common.
func overlap(a, b, c, d time.Time) float64 {
	if c.After(a) {
		a = c
	}
	if d.Before(b) {
		b = d
	}
	if !b.After(a) {
		return 0
	}
	return b.Sub(a).Seconds()
}

// movingByPauses applies the pause rule to the samples.
func movingByPauses(a *activity.Activity) MovingTime {
	smp := a.Samples
	n := len(smp)
	step := make([]float64, n)
	rec := make([]float64, n)
	if n == 0 {
		return MovingTime{From: "pauses"}
	}
	speed := sampleSpeeds(a)
	// A multisport transition is timed whole: standing at the rack is transition time, and
	// the watch's multisport timer does not pause there. Gaps in the recording still are.
	timedWhole := a.SubSport == activity.SubSportTransition
	var total float64
	i := 1
	for i < n {
		dt := smp[i].Time.Sub(smp[i-1].Time)
		if dt <= 0 {
			i++
			continue
		}
		if dt > PauseGap && (!movedAcross(smp[i-1], smp[i], dt) || brokenOff(a, i-1, i)) {
			// The recording stopped: the time since the previous sample is a pause.
			i++
			continue
		}
		if !math.IsNaN(speed[i]) && speed[i] < StillSpeed {
			// find the end of this still stretch
			j := i
			for j+1 < n && !math.IsNaN(speed[j+1]) && speed[j+1] < StillSpeed &&
				smp[j+1].Time.Sub(smp[j].Time) <= PauseGap {
				j++
			}
			dur := smp[j].Time.Sub(smp[i-1].Time)
			paused := dur > StillFor && !timedWhole
			for k := i; k <= j; k++ {
				rec[k] = smp[k].Time.Sub(smp[k-1].Time).Seconds()
				if !paused {
					step[k] = rec[k]
					total += step[k]
				}
			}
			i = j + 1
			continue
		}
		step[i] = dt.Seconds()
		rec[i] = step[i]
		total += step[i]
		i++
	}
	return MovingTime{Seconds: total, From: "pauses", Step: step, Recorded: rec}
}

// movedAcross reports whether the athlete covered ground at StillSpeed or more between two
// samples dt apart: a long gap with movement is a device recording sparsely ("smart
// recording"), not a pause.
func movedAcross(a, b activity.Sample, dt time.Duration) bool {
	var d float64
	switch {
	case !math.IsNaN(a.Distance) && !math.IsNaN(b.Distance):
		d = b.Distance - a.Distance
	case a.HasPosition() && b.HasPosition():
		d = activity.Haversine(a.Lat, a.Lon, b.Lat, b.Lon)
	default:
		return false
	}
	return d/dt.Seconds() >= StillSpeed
}

// sampleSpeeds gives each sample's speed over the step that reaches it (m/s): the device's
// speed where recorded, else the distance stream's or the positions' change over the step.
func sampleSpeeds(a *activity.Activity) []float64 {
	smp := a.Samples
	out := make([]float64, len(smp))
	var net []float64 // the stream's net steps (deviceSteps), computed when first needed
	for i := range smp {
		out[i] = smp[i].Speed
		if !math.IsNaN(out[i]) || i == 0 {
			continue
		}
		dt := smp[i].Time.Sub(smp[i-1].Time).Seconds()
		if dt <= 0 {
			out[i] = math.NaN()
			continue
		}
		switch {
		case !math.IsNaN(smp[i].Distance) && !math.IsNaN(smp[i-1].Distance):
			if net == nil {
				net = make([]float64, len(smp))
				deviceSteps(a, func(k int, d float64) { net[k] = d })
			}
			out[i] = net[i] / dt
		case smp[i].HasPosition() && smp[i-1].HasPosition():
			out[i] = activity.Haversine(smp[i-1].Lat, smp[i-1].Lon, smp[i].Lat, smp[i].Lon) / dt
		default:
			out[i] = math.NaN()
		}
	}
	if len(out) > 0 && math.IsNaN(out[0]) && len(out) > 1 {
		out[0] = out[1]
	}
	return out
}

// Distance returns the distance covered: the device's distance stream where the samples carry
// one (summing its forward steps, so that a stream continued from an earlier session of a
// multisport file or reset mid-way still counts right), else the geodesic length
// of the positions, skipping lone fixes thrown off faster than MaxPlausibleSpeed (GPS jumps)
// and the step across a track break with a gap over PauseGap; a break without such a gap is
// bridged.
func Distance(a *activity.Activity) (float64, string) {
	var total float64
	if deviceSteps(a, func(_ int, d float64) { total += d }) {
		return total, "device"
	}
	pos := positioned(a.Samples)
	if len(pos) == 0 {
		return math.NaN(), ""
	}
	gpsSteps(a, pos, func(_ int, d float64) { total += d })
	return total, "gps"
}

// deviceSteps walks the device's distance stream and calls step, in order, for each sample
// that carries a distance, with its index and the metres covered since the previous one: the
// net progress of the stream. Some devices correct their cumulative distance backwards by a
// few metres now and then: what the stream gives back is not counted again, only progress
// beyond the furthest it had reached. A lone record that jumps ahead and falls back at once,
// its step far faster than its own speed and its GPS step (distanceSpike), is passed over. A
// fall back to near zero (streamResetM) is a restart, from which the stream counts anew. The
// first value counts when it is what was covered since the start (a pool swim's first record
// comes after its first length), not a stream carried over from an earlier session of a
// multisport file. It reports false, calling nothing, when fewer than two samples carry a
// distance.
func deviceSteps(a *activity.Activity, step func(to int, d float64)) bool {
	smp := a.Samples
	idx := make([]int, 0, len(smp))
	for i := range smp {
		if !math.IsNaN(smp[i].Distance) {
			idx = append(idx, i)
		}
	}
	if len(idx) < 2 {
		return false
	}
	reached := math.NaN() // the furthest the stream got since its last restart
	for k, i := range idx {
		d := smp[i].Distance
		var covered float64
		switch {
		case math.IsNaN(reached):
			since := smp[i].Time.Sub(a.Start).Seconds()
			if d > 0 && !a.Start.IsZero() && d <= MaxPlausibleSpeed*math.Max(since, 1) {
				covered = d
			}
			reached = d
		case k+1 < len(idx) && distanceSpike(smp[idx[k-1]], smp[i], smp[idx[k+1]]):
			// passed over: reached stays
		case d > reached:
			covered = d - reached
			reached = d
		case d <= streamResetM && d < reached/2:
			reached = d
		}
		step(i, covered)
	}
	return true
}

// positioned returns the indices of the samples with a position.
func positioned(smp []activity.Sample) []int {
	var pos []int
	for i := range smp {
		if smp[i].HasPosition() {
			pos = append(pos, i)
		}
	}
	return pos
}

// gpsSteps walks the GPS track through the positioned samples pos (ascending indices into
// a.Samples) and calls step, in order, for each stretch that counts as distance covered, with
// the index of the sample it reaches and its length in metres. A new track segment after a
// gap over PauseGap is not bridged (brokenOff), and a lone fix thrown far off is skipped.
func gpsSteps(a *activity.Activity, pos []int, step func(to int, d float64)) {
	smp := a.Samples
	if len(pos) == 0 {
		return
	}
	last := pos[0]
	for k := 1; k < len(pos); k++ {
		i := pos[k]
		if brokenOff(a, last, i) {
			last = i
			continue
		}
		if k+1 < len(pos) && gpsOutlier(smp[last], smp[i], smp[pos[k+1]]) {
			continue // skip it, keep measuring from last
		}
		step(i, activity.Haversine(smp[last].Lat, smp[last].Lon, smp[i].Lat, smp[i].Lon))
		last = i
	}
}

// gpsOutlier reports whether b is a lone bad fix between a and c: reaching it and leaving it
// both need more than MaxPlausibleSpeed, while going from a to c straight does not.
func gpsOutlier(a, b, c activity.Sample) bool {
	fast := func(p, q activity.Sample) bool {
		dt := q.Time.Sub(p.Time).Seconds()
		d := activity.Haversine(p.Lat, p.Lon, q.Lat, q.Lon)
		if dt <= 0 {
			return d > MaxPlausibleSpeed
		}
		return d/dt > MaxPlausibleSpeed
	}
	return fast(a, b) && fast(b, c) && !fast(a, c)
}

// brokenOff reports whether the recording stopped between samples from and to (from < to): a
// track break lies in (from, to] and they lie over PauseGap apart. A break without such a gap
// is bridged: Garmin's TCX writers start a new track at every lap with no pause between.
func brokenOff(a *activity.Activity, from, to int) bool {
	if a.Samples[to].Time.Sub(a.Samples[from].Time) <= PauseGap {
		return false
	}
	for _, b := range a.Breaks {
		if b > from && b <= to {
			return true
		}
	}
	return false
}
