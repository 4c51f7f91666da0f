package importer

import (
	"bytes"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/demo"
)

// roundTrip writes a with the demo's writer for format and decodes it back: the recording as
// a file holds it.
func roundTrip(t *testing.T, a *activity.Activity, format activity.Format) activity.Activity {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case activity.FormatFIT:
		err = demo.WriteFIT(&b, a)
	case activity.FormatTCX:
		err = demo.WriteTCX(&b, a)
	case activity.FormatGPX:
		err = demo.WriteGPX(&b, a)
	}
	if err != nil {
		t.Fatal(err)
	}
	acts, err := Decode("run."+string(format), b.Bytes(), Options{})
	if err != nil || len(acts) != 1 {
		t.Fatalf("decode %s: %d activities, %v", format, len(acts), err)
	}
	return acts[0]
}

// standStill makes the athlete stand for the given seconds from sample i on, the timer
// running and the watch recording on: speed 0, position and distance held.
func standStill(a *activity.Activity, i, seconds int) {
	for k := i + 1; k <= i+seconds && k < len(a.Samples); k++ {
		s := &a.Samples[k]
		s.Lat, s.Lon, s.Distance, s.Speed = a.Samples[i].Lat, a.Samples[i].Lon, a.Samples[i].Distance, 0
	}
}

// TestTCXSingleTrackTimer: a run paused twice, with a stand at lights (timer running) between,
// written as FIT and as a TCX whose one track per lap runs across the pauses (its timer's stops
// are gaps in it): both give the same moving time, the timer's, stand included.
func TestTCXSingleTrackTimer(t *testing.T) {
	a := demo.Run(time.Date(2026, 5, 3, 7, 0, 0, 0, time.UTC), 900, 10000, 2, 31)
	if len(a.Timer) != 6 {
		t.Fatalf("the demo run has %d timer events, want 2 pauses", len(a.Timer))
	}
	standStill(&a, 200, 40)
	fit := roundTrip(t, &a, activity.FormatFIT)
	oneTrack := a
	oneTrack.Timer = nil // the demo writer then keeps one track across the pauses
	tcx := roundTrip(t, &oneTrack, activity.FormatTCX)
	if len(tcx.Breaks) != 0 {
		t.Fatalf("the TCX has %d track breaks, want one track", len(tcx.Breaks))
	}
	fm, tm := analysis.Summarize(&fit), analysis.Summarize(&tcx)
	if fm.MovingFrom != "timer" || tm.MovingFrom != "timer" {
		t.Errorf("moving time from %q (FIT) and %q (TCX), want the timer for both", fm.MovingFrom, tm.MovingFrom)
	}
	if math.Abs(fm.MovingS-tm.MovingS) > 1 {
		t.Errorf("moving time: TCX %.0f s, FIT %.0f s; want the same", tm.MovingS, fm.MovingS)
	}
	if timer := fit.Summary.TimerS; math.Abs(tm.MovingS-timer) > 2 {
		t.Errorf("TCX moving time %.0f s, the device's timer %.0f s", tm.MovingS, timer)
	}
	if pausesOnly := analysis.Moving(&activity.Activity{Samples: tcx.Samples}); pausesOnly.Seconds > tm.MovingS-30 {
		t.Errorf("the pause rule gives %.0f s, the timer %.0f s: the test's stand at lights did not count", pausesOnly.Seconds, tm.MovingS)
	}
}

// TestTCXLapsWithoutPoints: a TCX run whose first 90 s have no points (before the GPS fix) and
// whose third lap has no track counts those stretches from its laps: moving time and distance
// agree with the whole run's FIT twin, where the bare points fall well short; with the watch's
// distance stream in the points and without (positions only, as Suunto's exports).
func TestTCXLapsWithoutPoints(t *testing.T) {
	a := demo.Run(time.Date(2026, 5, 5, 18, 0, 0, 0, time.UTC), 900, 500, 0, 32)
	if len(a.Laps) < 4 {
		t.Fatalf("the demo run has %d laps, want 4 or more", len(a.Laps))
	}
	whole := analysis.Summarize(ptr(roundTrip(t, &a, activity.FormatFIT)))
	for _, stream := range []bool{true, false} {
		cut := a
		cut.Samples = nil
		for _, s := range a.Samples {
			if s.Time.Sub(a.Start) < 90*time.Second || (!s.Time.Before(a.Laps[2].Start) && s.Time.Before(a.Laps[3].Start)) {
				continue
			}
			if !stream {
				s.Distance = math.NaN()
			}
			cut.Samples = append(cut.Samples, s)
		}
		tcx := roundTrip(t, &cut, activity.FormatTCX)
		got := analysis.Summarize(&tcx)
		bare := analysis.Summarize(&activity.Activity{Samples: tcx.Samples, Breaks: tcx.Breaks})
		if bare.MovingS > whole.MovingS-150 || (!stream && bare.DistanceM > whole.DistanceM-300) {
			t.Fatalf("the points alone give %.0f s, %.0f m of %.0f s, %.0f m: the test cut too little",
				bare.MovingS, bare.DistanceM, whole.MovingS, whole.DistanceM)
		}
		if math.Abs(got.MovingS-whole.MovingS) > 0.02*whole.MovingS {
			t.Errorf("stream %v: moving time %.0f s, the whole run's %.0f s (points alone: %.0f s)", stream, got.MovingS, whole.MovingS, bare.MovingS)
		}
		if math.Abs(got.DistanceM-whole.DistanceM) > 0.01*whole.DistanceM {
			t.Errorf("stream %v: distance %.0f m (%s), the whole run's %.0f m (points alone: %.0f m)", stream, got.DistanceM, got.DistanceFrom, whole.DistanceM, bare.DistanceM)
		}
		if !(math.Abs(got.AvgHR-bare.AvgHR) < 0.01) {
			t.Errorf("stream %v: average HR %.1f, the points' own %.1f: stretches without points carry no HR", stream, got.AvgHR, bare.AvgHR)
		}
	}
}

// TestDistanceStreamCorrections: a FIT run whose distance stream steps back a few metres now
// and then (63, 60, 67 ...), and one with a lone record that jumps 300 m ahead and falls back,
// measure as their clean twin does: distance, pace and the marathon estimate from best efforts.
func TestDistanceStreamCorrections(t *testing.T) {
	clean := demo.Run(time.Date(2026, 6, 7, 8, 0, 0, 0, time.UTC), 2400, 1000, 0, 33)
	back := clean
	back.Samples = append([]activity.Sample(nil), clean.Samples...)
	corrections := 0
	for k := 60; k < len(back.Samples)-1; k += 60 {
		back.Samples[k].Distance = back.Samples[k-1].Distance - float64(3+k/60%5) // 63, 60, 67: the next goes on
		corrections++
	}
	spike := clean
	spike.Samples = append([]activity.Sample(nil), clean.Samples...)
	spike.Samples[700].Distance += 300

	measure := func(a *activity.Activity) (analysis.Summary, analysis.Estimated) {
		got := roundTrip(t, a, activity.FormatFIT)
		s := analysis.Summarize(&got)
		e := analysis.Estimate([]analysis.EstimateInput{{ID: 1, Activity: &got, Summary: s}}, got.Start.Add(time.Hour), math.NaN())
		return s, e.MarathonPace
	}
	want, wantPace := measure(&clean)
	if math.IsNaN(wantPace.Value) {
		t.Fatalf("the clean run gives no marathon estimate: %s", wantPace.Detail)
	}
	for name, a := range map[string]*activity.Activity{
		fmt.Sprintf("%d corrections back", corrections): &back,
		"a lone spike": &spike,
	} {
		got, pace := measure(a)
		if math.Abs(got.DistanceM-want.DistanceM) > 1 {
			t.Errorf("%s: distance %.1f m, the clean twin's %.1f m", name, got.DistanceM, want.DistanceM)
		}
		if math.Abs(got.PaceSPerKm-want.PaceSPerKm) > 0.5 {
			t.Errorf("%s: pace %.1f s/km, the clean twin's %.1f", name, got.PaceSPerKm, want.PaceSPerKm)
		}
		if math.Abs(pace.Value-wantPace.Value) > 0.01*wantPace.Value {
			t.Errorf("%s: marathon estimate %.0f s/km (%s), the clean twin's %.0f (%s)", name, pace.Value, pace.Detail, wantPace.Value, wantPace.Detail)
		}
	}
}

// TestDistanceStreamRestart: a stream that restarts near zero mid-way (a device reset) still
// counts both parts, as before: a restart is not a correction.
func TestDistanceStreamRestart(t *testing.T) {
	a := demo.Run(time.Date(2026, 6, 8, 8, 0, 0, 0, time.UTC), 1200, 1000, 0, 34)
	want := analysis.Summarize(ptr(roundTrip(t, &a, activity.FormatFIT)))
	reset := a
	reset.Samples = append([]activity.Sample(nil), a.Samples...)
	at := reset.Samples[600].Distance
	for k := 600; k < len(reset.Samples); k++ {
		reset.Samples[k].Distance -= at - 1 // from 1 m on
	}
	got := analysis.Summarize(ptr(roundTrip(t, &reset, activity.FormatFIT)))
	// the step into the restart is lost (a few metres): as the device itself would count it
	if d := want.DistanceM - got.DistanceM; d < 0 || d > 10 {
		t.Errorf("distance %.1f m with a restart, %.1f m without", got.DistanceM, want.DistanceM)
	}
}

// TestFITClockJump: a FIT run whose device clock was corrected mid-run (the records after it
// 5 h, or 3 weeks, ahead, with no timer stop and an ordinary step of distance and position)
// reads as its twin without the jump: moving and elapsed time, average HR and the date, with a
// note. The same step with the timer stopped across it is a pause, left alone.
func TestFITClockJump(t *testing.T) {
	clean := demo.Run(time.Date(2026, 3, 29, 6, 30, 0, 0, time.UTC), 1800, 1000, 0, 35)
	want := analysis.Summarize(ptr(roundTrip(t, &clean, activity.FormatFIT)))
	jumped := func(at int, by time.Duration) activity.Activity {
		a := clean
		a.Samples = append([]activity.Sample(nil), clean.Samples...)
		a.Timer = append([]activity.TimerEvent(nil), clean.Timer...)
		a.Laps = append([]activity.Lap(nil), clean.Laps...)
		cut := a.Samples[at].Time
		for k := at; k < len(a.Samples); k++ {
			a.Samples[k].Time = a.Samples[k].Time.Add(by)
		}
		for k := range a.Timer {
			if !a.Timer[k].Time.Before(cut) {
				a.Timer[k].Time = a.Timer[k].Time.Add(by)
			}
		}
		for k := range a.Laps {
			if !a.Laps[k].Start.Before(cut) {
				a.Laps[k].Start = a.Laps[k].Start.Add(by)
			}
		}
		return a
	}
	for _, by := range []time.Duration{5 * time.Hour, 21 * 24 * time.Hour} {
		a := jumped(900, by)
		got := roundTrip(t, &a, activity.FormatFIT)
		s := analysis.Summarize(&got)
		if math.Abs(s.MovingS-want.MovingS) > 0.02*want.MovingS || math.Abs(s.ElapsedS-want.ElapsedS) > 0.02*want.ElapsedS {
			t.Errorf("jump %s: moving %.0f s, elapsed %.0f s; the twin's %.0f, %.0f", by, s.MovingS, s.ElapsedS, want.MovingS, want.ElapsedS)
		}
		if math.Abs(s.AvgHR-want.AvgHR) > 1 || math.Abs(s.DistanceM-want.DistanceM) > 1 {
			t.Errorf("jump %s: average HR %.1f, distance %.0f m; the twin's %.1f, %.0f", by, s.AvgHR, s.DistanceM, want.AvgHR, want.DistanceM)
		}
		if !got.Start.Equal(clean.Start) {
			t.Errorf("jump %s: start %s, want %s (the date from before the jump)", by, got.Start, clean.Start)
		}
		if !hasNote(got, "clock was corrected") {
			t.Errorf("jump %s: notes %q, want one saying the clock was corrected", by, got.Notes)
		}
	}

	// A pause of 5 h with the timer stopped is a pause.
	paused := jumped(900, 5*time.Hour)
	stop := clean.Samples[899].Time
	paused.Timer = append([]activity.TimerEvent{paused.Timer[0], {Time: stop}, {Time: paused.Samples[900].Time, Start: true}}, paused.Timer[1:]...)
	got := roundTrip(t, &paused, activity.FormatFIT)
	if hasNote(got, "clock was corrected") || got.Samples[900].Time.Sub(got.Samples[899].Time) < 5*time.Hour {
		t.Errorf("a timer stop across the step: notes %q, step %s; want it left as a pause", got.Notes, got.Samples[900].Time.Sub(got.Samples[899].Time))
	}
	if s := analysis.Summarize(&got); math.Abs(s.MovingS-want.MovingS) > 0.02*want.MovingS {
		t.Errorf("a timer stop across the step: moving %.0f s, want %.0f", s.MovingS, want.MovingS)
	}
}

// TestFITTimerNote: records whose timer runs far beyond the device's own total_timer_time get
// a note saying so.
func TestFITTimerNote(t *testing.T) {
	a := demo.Run(time.Date(2026, 3, 30, 6, 30, 0, 0, time.UTC), 1200, 1000, 0, 36)
	sum := *a.Summary
	sum.TimerS = 400 // what a device that lost its timer's running time writes
	a.Summary = &sum
	got := roundTrip(t, &a, activity.FormatFIT)
	if !hasNote(got, "far beyond the device's own total_timer_time of 400 s") {
		t.Errorf("notes %q, want one on the timer", got.Notes)
	}
	clean := demo.Run(time.Date(2026, 3, 30, 6, 30, 0, 0, time.UTC), 1200, 1000, 0, 36)
	if got := roundTrip(t, &clean, activity.FormatFIT); hasNote(got, "total_timer_time") {
		t.Errorf("a run whose timer agrees: notes %q", got.Notes)
	}
}
