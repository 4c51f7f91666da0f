package importer

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/easyday/easyday/activity"
)

// Clock corrections in FIT recordings. A device whose clock is set mid-activity (a GPS time
// fix, a time-zone sync) writes the records after it hours or weeks ahead of those before,
// with no pause of its timer and an ordinary step of distance and position between them.
const (
	// clockJumpMin: a step between two records longer than this may be a clock correction.
	clockJumpMin = time.Hour
	// clockStepSpeed (m/s): the distance or GPS step across a clock correction, over the
	// recording's ordinary record interval, is no faster than this.
	clockStepSpeed = 50.0
	// maxClockJumps bounds the corrections taken back in one recording (a device sets its
	// clock once or twice), and so the work: each shifts every record after it.
	maxClockJumps = 4
)

// fixClockJumps finds the clock corrections among a recording's records (sorted by time) and
// shifts everything after each back (records, timer events, laps, sessions' ends, the strap's
// HR readings), so that the step across it is the recording's ordinary record interval; the
// recording keeps the date from before the jump. A step over clockJumpMin is a correction when
// no timer stop lies within it and its distance or position step (at least one known) is one
// an ordinary interval could cover; at most maxClockJumps are taken back. It returns a note
// per correction.
func fixClockJumps(g *fitGroup, hr []hrPoint) []string {
	smp := g.samples
	if len(smp) < 3 {
		return nil
	}
	var notes []string
	var typical time.Duration
	for i := 1; i < len(smp) && len(notes) < maxClockJumps; i++ {
		step := smp[i].Time.Sub(smp[i-1].Time)
		if step <= clockJumpMin {
			continue
		}
		if typical == 0 {
			typical = ordinaryStep(smp)
		}
		if !clockJump(g, smp[i-1], smp[i], typical) {
			continue
		}
		at, shift := smp[i].Time, step-typical
		for k := i; k < len(smp); k++ {
			smp[k].Time = smp[k].Time.Add(-shift)
		}
		back := func(t *time.Time) {
			if !t.IsZero() && !t.Before(at) {
				*t = t.Add(-shift)
			}
		}
		for k := range g.timer {
			back(&g.timer[k].Time)
		}
		for k := range g.laps {
			back(&g.laps[k].lap.Start)
			back(&g.laps[k].end)
		}
		for k := range g.sessions {
			s := &g.sessions[k]
			back(&s.start)
			back(&s.stamp)
			back(&s.end)
			if el := s.summary.ElapsedS; !math.IsNaN(el) && !s.start.IsZero() {
				if e := s.start.Add(time.Duration(el * float64(time.Second))); e.After(s.end) {
					s.end = e
				}
			}
		}
		for k := range hr {
			back(&hr[k].t)
		}
		notes = append(notes, fmt.Sprintf("the device's clock was corrected mid-activity: the records from %s jump %s ahead with no pause; later times shifted back %s",
			smp[i-1].Time.UTC().Format(time.RFC3339), step, shift))
	}
	return notes
}

// ordinaryStep is the recording's ordinary interval between records: the median step.
func ordinaryStep(smp []activity.Sample) time.Duration {
	steps := make([]time.Duration, 0, len(smp)-1)
	for i := 1; i < len(smp); i++ {
		if d := smp[i].Time.Sub(smp[i-1].Time); d > 0 && d <= clockJumpMin {
			steps = append(steps, d)
		}
	}
	if len(steps) == 0 {
		return time.Second
	}
	slices.Sort(steps)
	return steps[len(steps)/2]
}

// clockJump reports whether the step from record a to record b is a clock correction: no timer
// stop within it, and a distance or GPS step (at least one known) an ordinary interval covers.
func clockJump(g *fitGroup, a, b activity.Sample, typical time.Duration) bool {
	i := sort.Search(len(g.timer), func(i int) bool { return !g.timer[i].Time.Before(a.Time) })
	for ; i < len(g.timer) && g.timer[i].Time.Before(b.Time); i++ {
		if !g.timer[i].Start {
			return false // the timer stopped: a pause, however long
		}
	}
	limit := clockStepSpeed * math.Max(typical.Seconds(), 1)
	known := false
	if !math.IsNaN(a.Distance) && !math.IsNaN(b.Distance) {
		if d := b.Distance - a.Distance; d < 0 || d > limit {
			return false
		}
		known = true
	}
	if a.HasPosition() && b.HasPosition() {
		if activity.Haversine(a.Lat, a.Lon, b.Lat, b.Lon) > limit {
			return false
		}
		known = true
	}
	return known
}

// timerRunning is the time a recording's timer ran, as its events say, clipped to its records;
// without events, the records' steps up to 10 s. It is what the analysis will make of moving
// time, near enough to tell one far beyond the device's own timer.
func timerRunning(a *activity.Activity) float64 {
	smp := a.Samples
	if len(smp) < 2 {
		return 0
	}
	first, last := smp[0].Time, smp[len(smp)-1].Time
	if len(a.Timer) == 0 {
		var s float64
		for i := 1; i < len(smp); i++ {
			if d := smp[i].Time.Sub(smp[i-1].Time); d <= 10*time.Second {
				s += d.Seconds()
			}
		}
		return s
	}
	var s float64
	span := func(f, t time.Time) { // the timer ran from f to t: what of it lies in the records
		if f.Before(first) {
			f = first
		}
		if t.After(last) {
			t = last
		}
		if t.After(f) {
			s += t.Sub(f).Seconds()
		}
	}
	running, from := !a.Timer[0].Start, first
	for _, e := range a.Timer {
		if e.Start && !running {
			running, from = true, e.Time
		} else if !e.Start && running {
			running = false
			span(from, e.Time)
		}
	}
	if running {
		span(from, last)
	}
	return s
}

// timerNote is the note for an activity whose records make the timer run far beyond the
// device's own timer total (total_timer_time): more than half as much again and 5 minutes.
func timerNote(a *activity.Activity) string {
	if a.Summary == nil || math.IsNaN(a.Summary.TimerS) || a.Summary.TimerS <= 0 {
		return ""
	}
	run, own := timerRunning(a), a.Summary.TimerS
	if run <= 1.5*own || run-own <= 300 {
		return ""
	}
	return fmt.Sprintf("the records give %.0f s of timer time, far beyond the device's own total_timer_time of %.0f s", run, own)
}
