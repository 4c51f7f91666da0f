package report

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// testProfile is an athlete with max HR 190, resting 50, LTHR 170, marathon pace 4:50/km and
// the defaults: hrmax, ceiling 0.70 (133 bpm), recovery runs up to 40 min.
func testProfile() analysis.Profile {
	p := analysis.DefaultProfile()
	p.MaxHR, p.RestingHR, p.LTHR, p.MarathonPace = 190, 50, 170, 290
	return p
}

// sessionInput builds an input: a run (or, for cross, a walk) of the given class on the given day
// (2026-11-16 is a Monday) at 07:00 UTC, 30 min at 6:10/km, effort 0.65 from heart rate, none
// of it above the ceiling, TRIMP 40.
func sessionInput(id int64, day int, class analysis.Class) Input {
	start := time.Date(2026, 11, day, 7, 0, 0, 0, time.UTC)
	moving := 30 * 60.0
	pace := 370.0
	sport := "running"
	if class == analysis.ClassCross {
		sport, pace = "walking", 660
	}
	in := Input{
		ID:    id,
		Start: start,
		Activity: ActivitySummary{File: "f.fit", Sport: sport, MovingS: Float(moving), ElapsedS: Float(moving),
			DistanceM: Float(moving / pace * 1000), PaceSPerKm: Float(pace), AvgHR: 124, MaxHR: 140},
		Result: analysis.Result{Class: class, Hard: class.Hard(), Reasons: []analysis.Reason{{Code: "test"}},
			Effort: analysis.Effort{Avg: 0.65, Source: analysis.EffortFromHR, Model: analysis.ModelHRMax,
				ZonesS: [5]float64{600, 1200}, MovingS: moving, TRIMP: 40}},
	}
	return in
}

// flagsOf builds a report of the inputs' week (16–22 Nov 2026, UTC) and returns every flag.
func flagsOf(t *testing.T, p analysis.Profile, in ...Input) []Flag {
	t.Helper()
	d := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	r, err := Build(in, p, nil, time.UTC, d, d).Worded(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Weeks) != 1 {
		t.Fatalf("got %d weeks, want 1", len(r.Weeks))
	}
	return r.Weeks[0].Flags
}

// flagOf returns the one flag of kind k in fs, and fails the test when fs has none or more.
func flagOf(t *testing.T, fs []Flag, k analysis.FlagKind) Flag {
	t.Helper()
	var of []Flag
	for _, f := range fs {
		if f.Kind == k {
			of = append(of, f)
		}
	}
	if len(of) != 1 {
		t.Fatalf("flags %v: %d %s, want 1", kinds(fs), len(of), k)
	}
	return of[0]
}

func kinds(fs []Flag) []analysis.FlagKind {
	out := []analysis.FlagKind{}
	for _, f := range fs {
		out = append(out, f.Kind)
	}
	return out
}

// withEffort gives a session the average effort avg, measured from source (the session's own,
// hr, when empty) under effort model (the profile's when empty), and returns it with the
// profile to judge it by. An effort from pace has no heart rate.
func withEffort(in Input, p analysis.Profile, avg float64, source analysis.EffortSource, model analysis.EffortModel) (Input, analysis.Profile) {
	in.Result.Effort.Avg = avg
	if source != "" {
		in.Result.Effort.Source = source
	}
	if source == analysis.EffortFromPace {
		in.Result.Effort.Model, in.Activity.AvgHR = "", Float(math.NaN())
	}
	if model != "" {
		p.EffortModel, in.Result.Effort.Model = model, model
	}
	return in, p
}

func TestRecoveryTooHard(t *testing.T) {
	p := testProfile()
	for _, tc := range []struct {
		name    string
		avg     float64
		aboveS  float64 // of 1800 s
		source  analysis.EffortSource
		model   analysis.EffortModel
		noRest  bool // the profile has no resting HR
		flag    bool
		value   Fraction
		limit   Fraction
		message string // a part of it
	}{
		{name: "at the ceiling", avg: 0.70, aboveS: 0, flag: false},
		{name: "above the ceiling", avg: 0.7001, aboveS: 360, flag: true, value: 0.7001, limit: 0.70,
			message: "average HR 124 bpm = 70.01% of max 190, above your 70% ceiling for 6 of 30 min. Slow down to below 133 bpm."},
		{name: "20% above", avg: 0.65, aboveS: 360, flag: false},
		{name: "21% above", avg: 0.65, aboveS: 378, flag: true, value: 0.21, limit: 0.20,
			message: "within your 70% ceiling on average, but above it for 6 of 30 min (21% of the time; at most 20%). Stay below 133 bpm."},
		{name: "unknown effort", avg: math.NaN(), aboveS: 900, source: analysis.EffortFromUnknown, flag: false},
		{name: "hrr", avg: 0.75, aboveS: 1200, model: analysis.ModelHRR, flag: true, value: 0.75, limit: 0.70,
			message: "= 75% of your heart-rate reserve (50–190 bpm), above your 70% ceiling for 20 of 30 min. Slow down to below 148 bpm."},
		{name: "hrr, resting HR unknown", avg: 0.75, aboveS: 1200, model: analysis.ModelHRR, noRest: true, flag: true, value: 0.75, limit: 0.70,
			message: "average HR 124 bpm = 75% of your heart-rate reserve (60–190 bpm, resting HR 60 assumed), above your 70% ceiling for 20 of 30 min. Slow down to below 151 bpm."},
		{name: "lthr", avg: 0.75, aboveS: 1200, model: analysis.ModelLTHR, flag: true, value: 0.75, limit: 0.70,
			message: "(73% of LTHR 170) = effort 75%, above your 70% ceiling for 20 of 30 min. Slow down to below 132 bpm."},
		{name: "pace", avg: 0.74, aboveS: 1500, source: analysis.EffortFromPace, flag: true, value: 0.74, limit: 0.70,
			message: "average effort 74% by pace (no heart rate), above your 70% ceiling for 25 of 30 min. Slow down to slower than 5:50/km."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, pp := withEffort(sessionInput(1, 18, analysis.ClassRecovery), p, tc.avg, tc.source, tc.model)
			in.Result.Effort.AboveCeilingS = tc.aboveS
			if tc.noRest {
				pp.RestingHR = math.NaN()
			}
			fs := flagsOf(t, pp, sessionInput(0, 17, analysis.ClassIntervals), in)
			got := slices.Contains(kinds(fs), analysis.FlagRecoveryTooHard)
			if got != tc.flag {
				t.Fatalf("flags %v, want recovery_too_hard: %v", kinds(fs), tc.flag)
			}
			if !got {
				return
			}
			f := flagOf(t, fs, analysis.FlagRecoveryTooHard)
			if f.Value != tc.value || f.Limit != tc.limit {
				t.Errorf("value %v limit %v, want %v and %v", f.Value, f.Limit, tc.value, tc.limit)
			}
			if !strings.Contains(f.Message, tc.message) || !strings.HasPrefix(f.Message, "Wed 18 Nov recovery run: ") {
				t.Errorf("message %q, want it to hold %q", f.Message, tc.message)
			}
			if f.Date != "2026-11-18" || f.Activity == nil || *f.Activity != 1 || f.Week != "2026-W47" {
				t.Errorf("date %q activity %v week %q", f.Date, f.Activity, f.Week)
			}
		})
	}
}

func TestRecoveryTooFast(t *testing.T) {
	for _, tc := range []struct {
		name string
		pace float64
		mp   float64
		want bool
	}{
		{"marathon pace + 60 exactly", 350, 290, false},
		{"1 s faster", 349, 290, true},
		{"a tenth faster", 349.6, 290, true},
		{"marathon pace unknown", 300, math.NaN(), false},
		{"pace unknown", math.NaN(), 290, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := testProfile()
			p.MarathonPace = tc.mp
			in := sessionInput(1, 18, analysis.ClassRecovery)
			in.Activity.PaceSPerKm = Float(tc.pace)
			fs := flagsOf(t, p, sessionInput(0, 17, analysis.ClassTempo), in)
			got := slices.Contains(kinds(fs), analysis.FlagRecoveryTooFast)
			if got != tc.want {
				t.Fatalf("flags %v, want recovery_too_fast: %v", kinds(fs), tc.want)
			}
			if !got {
				return
			}
			f := flagOf(t, fs, analysis.FlagRecoveryTooFast)
			if f.Value != Float(tc.pace) || f.Limit != Float(350) {
				t.Errorf("value %v limit %v, want %v and 350", f.Value, f.Limit, tc.pace)
			}
			want := "Wed 18 Nov recovery run: pace 5:49/km, faster than your recovery limit of 5:50/km (marathon pace 4:50/km + 1:00). Run slower than 5:50/km."
			if tc.pace == 349.6 {
				want = strings.Replace(want, "5:49/km", "5:49.6/km", 1)
			}
			if f.Message != want {
				t.Errorf("message\n%q, want\n%q", f.Message, want)
			}
		})
	}
}

func TestRecoveryTooLong(t *testing.T) {
	for _, tc := range []struct {
		name   string
		moving float64
		want   bool
	}{
		{"40:00", 2400, false},
		{"40:01", 2401, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := sessionInput(1, 18, analysis.ClassRecovery)
			in.Activity.MovingS = Float(tc.moving)
			fs := flagsOf(t, testProfile(), sessionInput(0, 17, analysis.ClassLong), in)
			got := slices.Contains(kinds(fs), analysis.FlagRecoveryTooLong)
			if got != tc.want {
				t.Fatalf("flags %v, want recovery_too_long: %v", kinds(fs), tc.want)
			}
			if !got {
				return
			}
			f := flagOf(t, fs, analysis.FlagRecoveryTooLong)
			want := "Wed 18 Nov recovery run: 40:01 moving, beyond your 40 min limit for recovery runs. Keep recovery runs under 40 min."
			if f.Message != want || f.Value != Float(2401) || f.Limit != Float(2400) {
				t.Errorf("got %q %v %v, want %q 2401 2400", f.Message, f.Value, f.Limit, want)
			}
		})
	}
}

func TestBackToBackHard(t *testing.T) {
	p := testProfile()
	t.Run("back to back", func(t *testing.T) {
		fs := flagsOf(t, p, sessionInput(1, 21, analysis.ClassTempo), sessionInput(2, 22, analysis.ClassLong))
		if got := kinds(fs); !slices.Equal(got, []analysis.FlagKind{analysis.FlagBackToBackHard, analysis.FlagNoRecovery}) {
			t.Fatalf("flags %v, want back_to_back_hard and no_recovery", got)
		}
		f := fs[0]
		want := "Sun 22 Nov long run the day after Sat 21 Nov tempo run, with no recovery or rest between. Put a rest day or a recovery run between hard sessions."
		if f.Message != want || *f.Activity != 2 || f.Date != "2026-11-22" || f.Limit != nil {
			t.Errorf("got %+v, want message %q on activity 2", f, want)
		}
		if v, ok := f.Value.([]analysis.Class); !ok || !slices.Equal(v, []analysis.Class{analysis.ClassTempo, analysis.ClassLong}) {
			t.Errorf("value %v, want [tempo long]", f.Value)
		}
	})
	t.Run("a rest day between", func(t *testing.T) {
		fs := flagsOf(t, p, sessionInput(1, 20, analysis.ClassTempo), sessionInput(2, 22, analysis.ClassLong))
		if slices.Contains(kinds(fs), analysis.FlagBackToBackHard) {
			t.Errorf("flags %v, want no back_to_back_hard", kinds(fs))
		}
	})
	t.Run("a walk between", func(t *testing.T) {
		walk := sessionInput(3, 22, analysis.ClassCross)
		walk.Start = walk.Start.Add(-2 * time.Hour) // 05:00, before the long run at 07:00
		fs := flagsOf(t, p, sessionInput(1, 21, analysis.ClassTempo), walk, sessionInput(2, 22, analysis.ClassLong))
		if got := kinds(fs); len(got) != 0 {
			t.Errorf("flags %v, want none (the walk the day after the tempo is recovery)", got)
		}
	})
	t.Run("across weeks", func(t *testing.T) {
		// Sunday's long run of the week before, Monday's intervals: the history gives the day before.
		long := sessionInput(1, 15, analysis.ClassLong)
		fs := flagsOf(t, p, long, sessionInput(2, 16, analysis.ClassIntervals), sessionInput(3, 17, analysis.ClassRecovery))
		if got := kinds(fs); !slices.Equal(got, []analysis.FlagKind{analysis.FlagBackToBackHard}) {
			t.Errorf("flags %v, want back_to_back_hard only", got)
		}
	})
}

func TestNoRecovery(t *testing.T) {
	p := testProfile()
	t.Run("without", func(t *testing.T) {
		fs := flagsOf(t, p, sessionInput(1, 17, analysis.ClassIntervals), sessionInput(2, 19, analysis.ClassCross),
			sessionInput(3, 20, analysis.ClassTempo), sessionInput(4, 21, analysis.ClassEasy))
		if got := kinds(fs); !slices.Equal(got, []analysis.FlagKind{analysis.FlagNoRecovery}) {
			t.Fatalf("flags %v, want no_recovery", got)
		}
		f := fs[0]
		want := "Week 2026-W47: 2 hard sessions (Tue interval session, Fri tempo run) and not one recovery session. After a hard day, go for a recovery run under 40 min and below 133 bpm, or an easy walk, swim or ride."
		if f.Message != want || f.Activity != nil || f.Date != "" || f.Week != "2026-W47" || f.Value != Float(0) || f.Limit != Float(1) {
			t.Errorf("got %+v, want message %q and no date or activity", f, want)
		}
	})

	hardWalk := sessionInput(2, 18, analysis.ClassCross)
	hardWalk.Result.Effort.Avg = 0.72
	unknownWalk := sessionInput(2, 18, analysis.ClassCross)
	unknownWalk.Result.Effort = analysis.Effort{Avg: math.NaN(), Source: analysis.EffortFromUnknown, TRIMP: math.NaN()}
	hardRecovery := sessionInput(2, 18, analysis.ClassRecovery)
	hardRecovery.Result.Effort.Avg = 0.8
	for _, tc := range []struct {
		name string
		in   []Input
		want []analysis.FlagKind
	}{
		{"a walk the day after intervals", []Input{sessionInput(1, 17, analysis.ClassIntervals),
			sessionInput(2, 18, analysis.ClassCross), sessionInput(3, 20, analysis.ClassTempo)}, nil},
		{"a hard walk the day after is no recovery", []Input{sessionInput(1, 17, analysis.ClassIntervals), hardWalk},
			[]analysis.FlagKind{analysis.FlagNoRecovery}},
		{"a walk of unknown effort counts", []Input{sessionInput(1, 17, analysis.ClassIntervals), unknownWalk}, nil},
		{"a recovery run too hard still counts", []Input{sessionInput(1, 17, analysis.ClassIntervals), hardRecovery},
			[]analysis.FlagKind{analysis.FlagRecoveryTooHard}},
		{"no hard sessions", []Input{sessionInput(1, 17, analysis.ClassEasy)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := kinds(flagsOf(t, p, tc.in...)); !slices.Equal(got, tc.want) {
				t.Errorf("flags %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCeilingHR(t *testing.T) {
	p := testProfile()
	for _, tc := range []struct {
		model analysis.EffortModel
		rest  float64
		want  float64
	}{
		{analysis.ModelHRMax, 50, 133},
		{analysis.ModelHRR, 50, 148},
		{analysis.ModelHRR, math.NaN(), 60 + 0.7*130}, // analysis.DefaultRestingHR
		{analysis.ModelLTHR, 50, 0.7 / 0.9 * 170},
	} {
		p.RestingHR = tc.rest
		if got := ceilingHR(p, tc.model); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s (resting %v): got %v, want %v", tc.model, tc.rest, got, tc.want)
		}
	}
}

// TestCeilingPhrase: the HR chart's caption names the ceiling in the words of each effort model,
// and says when the resting HR is assumed, as effortPhrase does.
func TestCeilingPhrase(t *testing.T) {
	for _, tc := range []struct {
		model analysis.EffortModel
		rest  float64
		want  string
	}{
		{analysis.ModelHRMax, 50, "Ceiling 133 bpm: 70% of max HR 190."},
		{"", 50, "Ceiling 133 bpm: 70% of max HR 190."},
		{analysis.ModelHRR, 50, "Ceiling 148 bpm: 70% of your heart-rate reserve (50–190 bpm)."},
		{analysis.ModelHRR, math.NaN(), "Ceiling 151 bpm: 70% of your heart-rate reserve (60–190 bpm, resting HR 60 assumed)."},
		{analysis.ModelLTHR, 50, "Ceiling 132 bpm: 70% effort on LTHR 170."},
	} {
		p := testProfile()
		p.EffortModel, p.RestingHR = tc.model, tc.rest
		if got := ceilingPhrase(&Activity{}, p, ceilingHR(p, "")); got != tc.want {
			t.Errorf("%q (resting %v): got %q, want %q", tc.model, tc.rest, got, tc.want)
		}
	}
}

// TestRecoveryTooFastOnHills: recovery_too_fast judges the grade-adjusted pace. A recovery run
// down a 6% slope at 5:20/km on the clock costs what about 7:00/km costs on the flat: not too
// fast; the same speed on the flat is. Inputs come from the analysis of built runs.
func TestRecoveryTooFastOnHills(t *testing.T) {
	p := testProfile()
	run := func(grade float64) Input {
		start := time.Date(2026, 11, 18, 7, 0, 0, 0, time.UTC)
		a := &activity.Activity{Sport: activity.SportRunning, Start: start, Source: activity.Source{Path: "hill.fit", Format: activity.FormatFIT}}
		const speed = 1000.0 / 320 // 5:20/km
		for s := range 1801 {
			smp := activity.NewSample(start.Add(time.Duration(s) * time.Second))
			smp.Speed, smp.Distance, smp.HeartRate = speed, speed*float64(s), 120+float64(s%2)
			smp.Altitude = math.Round((300+grade*smp.Distance)*5) / 5
			a.Samples = append(a.Samples, smp)
		}
		sum := analysis.Summarize(a)
		res := analysis.Analyze(a, sum, analysis.Context{Known: true, PreviousDay: []analysis.Class{analysis.ClassTempo}}, p)
		if res.Class != analysis.ClassRecovery {
			t.Fatalf("grade %g: class %s, want recovery", grade, res.Class)
		}
		return Input{ID: 1, Start: start, Activity: NewActivitySummary(a, sum), Result: res}
	}
	down := flagsOf(t, p, sessionInput(0, 17, analysis.ClassTempo), run(-0.06))
	if slices.Contains(kinds(down), analysis.FlagRecoveryTooFast) {
		t.Errorf("downhill at 5:20/km: flags %v, want no recovery_too_fast", kinds(down))
	}
	flat := flagOf(t, flagsOf(t, p, sessionInput(0, 17, analysis.ClassTempo), run(0)), analysis.FlagRecoveryTooFast)
	if v, l := flat.Data.Value, flat.Data.Limit; math.Abs(v-320) > 1 || l != 350 {
		t.Errorf("flat at 5:20/km: value %v, limit %v; want 320 (the pace) and 350", v, l)
	}
	// Down a gentle 1.5% slope at 5:20/km: faster than the limit still, judged by the
	// grade-adjusted pace (5:47/km), and the message names the pace on the clock too, in the
	// report's units.
	gentleIn := []Input{sessionInput(0, 17, analysis.ClassTempo), run(-0.015)}
	gentle := flagOf(t, flagsOf(t, p, gentleIn...), analysis.FlagRecoveryTooFast)
	if v := gentle.Data.Value; math.Abs(v-347) > 1 || gentle.Severity != analysis.SeverityWarning {
		t.Errorf("down 1.5%% at 5:20/km: value %v (%s), want the grade-adjusted pace 347 s/km, a warning", v, gentle.Severity)
	}
	if !strings.Contains(gentle.Message, "5:20/km on the clock, 0 m up, 84 m down") {
		t.Errorf("down 1.5%% at 5:20/km: message %q, want the clock's pace", gentle.Message)
	}
	d := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	r, err := Build(gentleIn, p, nil, time.UTC, d, d).Worded(Options{Units: "imperial"})
	if err != nil {
		t.Fatal(err)
	}
	msg := flagOf(t, r.Weeks[0].Flags, analysis.FlagRecoveryTooFast).Message
	if kmWords.MatchString(msg) || !strings.Contains(msg, "8:35/mi on the clock, 0 ft up, 276 ft down") {
		t.Errorf("imperial: message %q, want miles and feet only", msg)
	}
}

func TestEasyTooHard(t *testing.T) {
	p := testProfile() // easy ceiling 0.75: 142.5 bpm of max 190
	for _, tc := range []struct {
		name    string
		avg     float64
		aboveS  float64 // of 1800 s
		source  analysis.EffortSource
		model   analysis.EffortModel
		class   analysis.Class
		flag    bool
		value   Fraction
		limit   Fraction
		message string // a part of it
	}{
		{name: "at the ceiling", avg: 0.75, aboveS: 0},
		{name: "above the ceiling", avg: 0.7501, aboveS: 700, flag: true, value: 0.7501, limit: 0.75,
			message: "Wed 18 Nov easy run: average HR 124 bpm = 75.01% of max 190, above your 75% easy ceiling for 12 of 30 min. That is the grey zone between easy and tempo: too hard to recover from, too easy to make you faster. Slow down to below 143 bpm."},
		{name: "30% above", avg: 0.70, aboveS: 540},
		{name: "31% above", avg: 0.70, aboveS: 558, flag: true, value: 0.31, limit: 0.30,
			message: "within your 75% easy ceiling on average, but above it for 9 of 30 min (31% of the time; at most 30%). That is the grey zone between easy and tempo: too hard to recover from, too easy to make you faster. Stay below 143 bpm."},
		{name: "unknown effort", avg: math.NaN(), aboveS: 1800, source: analysis.EffortFromUnknown},
		{name: "hrr", avg: 0.80, aboveS: 1200, model: analysis.ModelHRR, flag: true, value: 0.80, limit: 0.75,
			message: "= 80% of your heart-rate reserve (50–190 bpm), above your 75% easy ceiling for 20 of 30 min." /* 50 + 0.75 × 140 = 155 */},
		{name: "lthr", avg: 0.80, aboveS: 1200, model: analysis.ModelLTHR, flag: true, value: 0.80, limit: 0.75,
			message: "Slow down to below 142 bpm." /* 0.75 / 0.90 × 170 */},
		{name: "pace", avg: 0.78, aboveS: 1500, source: analysis.EffortFromPace, flag: true, value: 0.78, limit: 0.75,
			message: "average effort 78% by pace (no heart rate), above your 75% easy ceiling for 25 of 30 min. That is the grey zone between easy and tempo: too hard to recover from, too easy to make you faster. Slow down to slower than 5:17/km." /* 1000 / (3.448 − 0.5 × (3.448 − 2.857)) = 317 s */},
		{name: "a recovery run is held to the recovery ceiling instead", avg: 0.80, aboveS: 1800, class: analysis.ClassRecovery},
		{name: "a tempo run is not checked", avg: 0.85, aboveS: 1800, class: analysis.ClassTempo},
	} {
		t.Run(tc.name, func(t *testing.T) {
			class := analysis.ClassEasy
			if tc.class != "" {
				class = tc.class
			}
			in, pp := withEffort(sessionInput(1, 18, class), p, tc.avg, tc.source, tc.model)
			in.Result.Effort.AboveEasyS = tc.aboveS
			fs := flagsOf(t, pp, in)
			got := slices.Contains(kinds(fs), analysis.FlagEasyTooHard)
			if got != tc.flag {
				t.Fatalf("flags %v, want easy_too_hard: %v", kinds(fs), tc.flag)
			}
			if !got {
				return
			}
			f := flagOf(t, fs, analysis.FlagEasyTooHard)
			if f.Value != tc.value || f.Limit != tc.limit || f.Severity != analysis.SeverityWarning || !strings.Contains(f.Message, tc.message) {
				t.Errorf("got %v / %v (%s): %q\nwant %v / %v (warning), message containing %q", f.Value, f.Limit, f.Severity, f.Message, tc.value, tc.limit, tc.message)
			}
		})
	}
}

// TestNoRecoverySeverity: hard sessions each followed by a rest day are recovery of a kind:
// advice, which says so and suggests an easy run instead of one rest day; a hard session
// followed by neither rest nor recovery is a warning. Warnings come first in a week's list.
func TestNoRecoverySeverity(t *testing.T) {
	p := testProfile()
	hardRide := sessionInput(5, 18, analysis.ClassCross)
	hardRide.Result.Effort.Avg = 0.78
	for _, tc := range []struct {
		name string
		in   []Input
		want analysis.Severity
		msg  string
	}{
		{"rest after each", []Input{sessionInput(1, 17, analysis.ClassIntervals), sessionInput(2, 19, analysis.ClassTempo),
			sessionInput(3, 21, analysis.ClassEasy), sessionInput(4, 22, analysis.ClassLong)}, analysis.SeverityAdvice,
			"Week 2026-W47: 3 hard sessions (Tue interval session, Thu tempo run, Sun long run), each followed by a rest day: that is recovery. Next time, an easy 20–40 min run below 133 bpm (or an easy walk, swim or ride) instead of one of the rest days clears fatigue faster than rest alone."},
		{"an easy run after one", []Input{sessionInput(1, 17, analysis.ClassIntervals), sessionInput(2, 18, analysis.ClassEasy),
			sessionInput(3, 20, analysis.ClassTempo)}, analysis.SeverityWarning,
			"Week 2026-W47: 2 hard sessions (Tue interval session, Fri tempo run) and not one recovery session. After a hard day, go for a recovery run under 40 min and below 133 bpm, or an easy walk, swim or ride."},
		{"a hard ride after one", []Input{sessionInput(1, 17, analysis.ClassIntervals), hardRide}, analysis.SeverityWarning, "and not one recovery session"},
		{"hard the next day", []Input{sessionInput(1, 17, analysis.ClassIntervals), sessionInput(2, 18, analysis.ClassTempo)}, analysis.SeverityWarning, "and not one recovery session"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flagsOf(t, p, tc.in...)
			f := flagOf(t, fs, analysis.FlagNoRecovery)
			if f.Severity != tc.want || !strings.Contains(f.Message, tc.msg) {
				t.Errorf("no_recovery %s: %q\nwant %s containing %q", f.Severity, f.Message, tc.want, tc.msg)
			}
			for i := 1; i < len(fs); i++ {
				if fs[i-1].Severity == analysis.SeverityAdvice && fs[i].Severity == analysis.SeverityWarning {
					t.Errorf("flags %v: advice before a warning", kinds(fs))
				}
			}
		})
	}
	// In JSON every flag carries its severity.
	r := Build([]Input{sessionInput(1, 17, analysis.ClassIntervals), sessionInput(2, 18, analysis.ClassTempo)}, p, nil, time.UTC,
		time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC))
	var b strings.Builder
	if err := WriteJSON(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), `"severity": "warning"`); n != 3 { // b2b in the activity's list and the week's, no_recovery in the week's
		t.Errorf("%d flags with severity warning in JSON, want 3:\n%s", n, b.String())
	}
}
