package analysis_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

var estimateNow = time.Date(2026, time.November, 25, 12, 0, 0, 0, time.UTC)

// synthRun builds a run of dur seconds at 1 Hz starting at start: heart rate hr(s) (nil: none),
// a distance stream at speed m/s (0: none).
func synthRun(id int64, start time.Time, dur int, speed float64, hr func(s int) float64) analysis.EstimateInput {
	return synthRunBy(id, start, dur, func(int) float64 { return speed }, hr)
}

// synthRunBy is synthRun with the speed in the second after s given by speed(s).
func synthRunBy(id int64, start time.Time, dur int, speed func(s int) float64, hr func(s int) float64) analysis.EstimateInput {
	a := &activity.Activity{Sport: activity.SportRunning, SubSport: "generic", Start: start}
	dist := 0.0
	for s := 0; s <= dur; s++ {
		smp := activity.NewSample(start.Add(time.Duration(s) * time.Second))
		if hr != nil {
			smp.HeartRate = hr(s)
		}
		if speed(0) > 0 {
			smp.Distance = dist
		}
		dist += speed(s)
		a.Samples = append(a.Samples, smp)
	}
	return analysis.EstimateInput{ID: id, Activity: a, Summary: analysis.Summarize(a)}
}

// withArtefacts wraps a heart rate with what straps and optical sensors do: a single
// reading of 230 bpm every 45 s, and three zeros every 100 s.
func withArtefacts(hr func(s int) float64) func(s int) float64 {
	return func(s int) float64 {
		switch {
		case s%45 == 22:
			return 230
		case s%100 >= 60 && s%100 < 63:
			return 0
		}
		return hr(s)
	}
}

// block is a heart rate of base with a block of peak bpm from second from to second to,
// wobbling by ±2 bpm.
func block(base, peak float64, from, to int) func(s int) float64 {
	return func(s int) float64 {
		v := base
		if s >= from && s < to {
			v = peak
		}
		return math.Round(v + 2*math.Sin(float64(s)/7))
	}
}

func TestEstimateMaxHRIgnoresSpikesAndDropouts(t *testing.T) {
	day := func(n int) time.Time { return estimateNow.AddDate(0, 0, -n) }
	acts := []analysis.EstimateInput{
		synthRun(1, day(30), 1800, 3, withArtefacts(block(140, 170, 600, 780))),
		synthRun(2, day(20), 1800, 3, withArtefacts(block(140, 176, 600, 780))),
		synthRun(3, day(10), 1800, 3, withArtefacts(block(140, 182, 600, 780))),
		synthRun(4, day(5), 1800, 3, withArtefacts(block(140, 184, 600, 780))),
		// a 20-s surge to 205 is not held for 30 s
		synthRun(5, day(2), 1800, 3, withArtefacts(block(140, 205, 900, 920))),
	}
	e := analysis.Estimate(acts, estimateNow, math.NaN())
	// The highest held heart rates are 184 (run 4), 182 (run 3), ...: the highest is left
	// out, so 182 (±2 for the wobble).
	if math.Abs(e.MaxHR.Value-182) > 2 {
		t.Errorf("max HR %.1f, want 182 ± 2 (%s)", e.MaxHR.Value, e.MaxHR.Detail)
	}
	if diff := cmp.Diff(e.MaxHR.Activities, []int64{3}); diff != "" {
		t.Errorf("max HR activities (-got +want):\n%s", diff)
	}
	for _, w := range []string{"id 3", "id 4", "2026-11-15", "5 activities"} {
		if !strings.Contains(e.MaxHR.Detail, w) {
			t.Errorf("max HR detail %q does not say %q", e.MaxHR.Detail, w)
		}
	}

	// One activity of spikes, dropouts and a surge alone: its steady heart rate, not 230.
	e = analysis.Estimate(acts[4:], estimateNow, math.NaN())
	if e.MaxHR.Value > 145 || e.MaxHR.Value < 137 {
		t.Errorf("max HR of an easy run with spikes %.1f, want about 140 (%s)", e.MaxHR.Value, e.MaxHR.Detail)
	}
}

func TestEstimateLTHRFromTempo(t *testing.T) {
	// 10 min warm-up at 130, 30 min tempo at 165, 10 min cool-down at 125.
	hr := func(s int) float64 {
		switch {
		case s < 600:
			return 130
		case s < 2400:
			return 165 + float64(s%3) - 1 // 164, 165, 166
		}
		return 125
	}
	e := analysis.Estimate([]analysis.EstimateInput{synthRun(7, estimateNow.AddDate(0, 0, -3), 3000, 3.5, hr)},
		estimateNow, math.NaN())
	want := 0.95 * 165
	if math.Abs(e.LTHR.Value-want) > 0.1 {
		t.Errorf("LTHR %.2f, want %.2f (%s)", e.LTHR.Value, want, e.LTHR.Detail)
	}
	for _, w := range []string{"0.95 × 165 bpm", "20 min", "id 7", "Friel"} {
		if !strings.Contains(e.LTHR.Detail, w) {
			t.Errorf("LTHR detail %q does not say %q", e.LTHR.Detail, w)
		}
	}
	if diff := cmp.Diff(e.LTHR.Activities, []int64{7}); diff != "" {
		t.Errorf("LTHR activities (-got +want):\n%s", diff)
	}
}

func TestEstimateMarathonPaceRiegel(t *testing.T) {
	// 10 km at 4:30/km between 2 km of jogging at 6:00/km either side.
	const pace = 270.0
	want := pace * math.Pow(42.195/10, 0.06) // s/km; 294.36
	start := estimateNow.AddDate(0, 0, -6)
	speed := func(s int) float64 {
		if s < 720 || s >= 720+2700 {
			return 1000 / 360.0
		}
		return 1000 / pace
	}
	const dur = 720 + 2700 + 720

	t.Run("distance stream", func(t *testing.T) {
		e := analysis.Estimate([]analysis.EstimateInput{synthRunBy(9, start, dur, speed, nil)}, estimateNow, math.NaN())
		if math.Abs(e.MarathonPace.Value-want) > 0.01 {
			t.Errorf("marathon pace %.3f s/km, want %.3f (%s)", e.MarathonPace.Value, want, e.MarathonPace.Detail)
		}
		for _, w := range []string{"Riegel", "10 km in 45:00 (4:30/km)", "id 9", "marathon 3:27:0"} {
			if !strings.Contains(e.MarathonPace.Detail, w) {
				t.Errorf("pace detail %q does not say %q", e.MarathonPace.Detail, w)
			}
		}
	})
	t.Run("distance stream reset mid-way", func(t *testing.T) {
		// the stream starts again from 0 where the fast 10 km begin
		in := synthRunBy(14, start, dur, speed, nil)
		reset := in.Activity.Samples[720].Distance
		for i := 720; i < len(in.Activity.Samples); i++ {
			in.Activity.Samples[i].Distance -= reset
		}
		in.Summary = analysis.Summarize(in.Activity)
		e := analysis.Estimate([]analysis.EstimateInput{in}, estimateNow, math.NaN())
		if math.Abs(e.MarathonPace.Value-want) > 0.01 || !strings.Contains(e.MarathonPace.Detail, "10 km in 45:00") {
			t.Errorf("marathon pace %.3f s/km, want %.3f from 10 km in 45:00 (%s)", e.MarathonPace.Value, want, e.MarathonPace.Detail)
		}
	})
	t.Run("gps only", func(t *testing.T) {
		in := synthRun(10, start, dur, 0, nil)
		// Northwards along a meridian.
		const mPerDeg = 6371008.8 * math.Pi / 180
		lat := 48.0
		for i := range in.Activity.Samples {
			in.Activity.Samples[i].Lat, in.Activity.Samples[i].Lon = lat, 11
			lat += speed(i) / mPerDeg
		}
		in.Summary = analysis.Summarize(in.Activity)
		e := analysis.Estimate([]analysis.EstimateInput{in}, estimateNow, math.NaN())
		if math.Abs(e.MarathonPace.Value-want) > 0.1 {
			t.Errorf("marathon pace %.3f s/km, want %.3f (%s)", e.MarathonPace.Value, want, e.MarathonPace.Detail)
		}
	})
	t.Run("treadmill ignored", func(t *testing.T) {
		in := synthRunBy(11, start, dur, speed, nil)
		in.Activity.SubSport = "treadmill"
		e := analysis.Estimate([]analysis.EstimateInput{in}, estimateNow, math.NaN())
		if !math.IsNaN(e.MarathonPace.Value) {
			t.Errorf("marathon pace %.1f from a treadmill run, want none", e.MarathonPace.Value)
		}
	})
	t.Run("best of several", func(t *testing.T) {
		slow := synthRun(12, start.AddDate(0, 0, -1), 3600, 1000/330.0, nil) // 10.9 km at 5:30
		fast := synthRunBy(13, start, dur, speed, nil)
		e := analysis.Estimate([]analysis.EstimateInput{slow, fast}, estimateNow, math.NaN())
		if math.Abs(e.MarathonPace.Value-want) > 0.01 || !cmp.Equal(e.MarathonPace.Activities, []int64{13}) {
			t.Errorf("marathon pace %.3f from %v, want %.3f from [13]", e.MarathonPace.Value, e.MarathonPace.Activities, want)
		}
	})
}

func TestEstimateTanakaFallback(t *testing.T) {
	// Runs without heart rate give no max HR of their own.
	noHR := []analysis.EstimateInput{synthRun(1, estimateNow.AddDate(0, 0, -1), 1800, 3, nil)}
	e := analysis.Estimate(noHR, estimateNow, 40)
	if e.MaxHR.Value != 180 {
		t.Errorf("max HR %.1f at age 40, want 180 (Tanaka)", e.MaxHR.Value)
	}
	if e.MaxHR.Detail != "Tanaka: 208 − 0.7 × age 40" || len(e.MaxHR.Activities) != 0 {
		t.Errorf("max HR detail %q from %v, want Tanaka's formula and no activities", e.MaxHR.Detail, e.MaxHR.Activities)
	}
	e = analysis.Estimate(nil, estimateNow, math.NaN())
	for name, v := range map[string]analysis.Estimated{"max HR": e.MaxHR, "resting HR": e.RestingHR,
		"LTHR": e.LTHR, "marathon pace": e.MarathonPace} {
		if !math.IsNaN(v.Value) || v.Detail == "" || len(v.Activities) != 0 {
			t.Errorf("%s without data or age: %v %q %v; want NaN, a reason, no activities", name, v.Value, v.Detail, v.Activities)
		}
	}
}

func TestEstimateWindow(t *testing.T) {
	recent := synthRun(1, estimateNow.AddDate(0, -2, 0), 1800, 3, block(140, 175, 600, 900))
	old := synthRun(2, estimateNow.AddDate(-1, 0, -1), 1800, 3, block(140, 195, 600, 900))
	future := synthRun(3, estimateNow.Add(24*time.Hour), 1800, 3, block(140, 199, 600, 900))
	e := analysis.Estimate([]analysis.EstimateInput{old, recent, future}, estimateNow, math.NaN())
	if e.Considered != 1 {
		t.Errorf("considered %d activities, want 1 (the one of the last 12 months)", e.Considered)
	}
	if math.Abs(e.MaxHR.Value-175) > 2 || !cmp.Equal(e.MaxHR.Activities, []int64{1}) {
		t.Errorf("max HR %.1f from %v, want 175 ± 2 from [1] (%s)", e.MaxHR.Value, e.MaxHR.Activities, e.MaxHR.Detail)
	}
	if !strings.Contains(e.MaxHR.Detail, "since 2025-11-25") {
		t.Errorf("max HR detail %q does not give the window", e.MaxHR.Detail)
	}
}

func TestEstimateRestingHRUnknown(t *testing.T) {
	acts := []analysis.EstimateInput{synthRun(1, estimateNow.AddDate(0, 0, -1), 1800, 3, block(60, 140, 600, 900))}
	e := analysis.Estimate(acts, estimateNow, 40)
	if !math.IsNaN(e.RestingHR.Value) {
		t.Errorf("resting HR %.1f, want none: activity files do not carry it", e.RestingHR.Value)
	}
}
