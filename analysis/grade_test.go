package analysis_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/demo"
)

func TestMinettiCost(t *testing.T) {
	for _, c := range []struct {
		grade, want float64
	}{
		{0, 3.6},
		{0.10, 5.968},    // 155.4e-5 − 30.4e-4 − 43.3e-3 + 0.463 + 1.95 + 3.6
		{-0.10, 2.152},   // −155.4e-5 − 30.4e-4 + 43.3e-3 + 0.463 − 1.95 + 3.6
		{-0.20, 1.8000},  // Minetti's minimum lies near −20%
		{-0.30, 2.4622},  // steeper downhill costs more again
		{0.45, 19.426},   // the steepest he measured
		{0.90, 19.426},   // clamped to it
		{-0.45, 4.0323},  // −155.4·0.45⁵ − 30.4·0.45⁴ + 43.3·0.45³ + 46.3·0.45² − 19.5·0.45 + 3.6
		{-0.90, 4.0323},  // clamped to −0.45
		{0.04, 4.4512},   // a gentle climb
		{-0.04, 2.8968},  // a gentle descent
		{0.001, 3.61955}, // almost flat
	} {
		if got := analysis.MinettiCost(c.grade); math.Abs(got-c.want) > 0.005*c.want {
			t.Errorf("MinettiCost(%g) = %.4f, want %.4f", c.grade, got, c.want)
		}
	}
	if got := analysis.GradeFactor(0); got != 1 {
		t.Errorf("GradeFactor(0) = %g, want 1", got)
	}
}

// hilly gives the synthetic run a (FIT-quantised, 0.2 m) altitude that rises at grade from
// 100 m over its distance stream, plus noise metres of uniform noise (GPS altitude) when
// noise > 0.
func hilly(a *activity.Activity, grade, noise float64) *activity.Activity {
	r := rand.New(rand.NewPCG(7, 11))
	for i := range a.Samples {
		alt := 100 + grade*a.Samples[i].Distance
		if noise > 0 {
			alt += (2*r.Float64() - 1) * noise
		}
		a.Samples[i].Altitude = math.Round(alt*5) / 5
	}
	return a
}

func TestHills(t *testing.T) {
	p := athlete()
	const secs, speed = 1200, 3.0 // 20 min at 5:33/km: 3,600 m
	dist := secs * speed
	for _, c := range []struct {
		name         string
		grade, noise float64
		from         string
		up, down     float64 // metres, within tol
		tol          float64
	}{
		{"flat", 0, 0, "barometric", 0, 0, 0.5},
		{"uphill 8%", 0.08, 0, "barometric", 0.08 * dist, 0, 2},
		{"downhill 8%", -0.08, 0, "barometric", 0, 0.08 * dist, 2},
		{"uphill 3%", 0.03, 0, "barometric", 0.03 * dist, 0, 2},
		{"flat, GPS altitude ±4 m", 0, 4, "gps", 0, 0, 6},
		{"downhill 5%, GPS altitude ±4 m", -0.05, 4, "gps", 0, 0.05 * dist, 8},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := hilly(synth(leg{secs: secs, speed: speed, hr: 140}), c.grade, c.noise)
			s := analysis.Summarize(a)
			h := analysis.Analyze(a, s, analysis.Context{}, p).Hills
			if h.From != c.from {
				t.Errorf("elevation from %q, want %q", h.From, c.from)
			}
			if math.Abs(h.AscentM-c.up) > c.tol || math.Abs(h.DescentM-c.down) > c.tol {
				t.Errorf("ascent %.1f m, descent %.1f m; want %.0f and %.0f (±%g)", h.AscentM, h.DescentM, c.up, c.down, c.tol)
			}
			// On a steady grade every metre costs GradeFactor(grade) metres of the flat.
			want := s.PaceSPerKm / analysis.GradeFactor(c.grade)
			if math.Abs(h.GAPSPerKm-want) > 0.02*want {
				t.Errorf("grade-adjusted pace %.1f s/km (pace %.1f), want %.1f ±2%%", h.GAPSPerKm, s.PaceSPerKm, want)
			}
			switch {
			case c.grade > 0 && !(h.GAPSPerKm < s.PaceSPerKm-30):
				t.Errorf("uphill: grade-adjusted pace %.1f s/km not well faster than pace %.1f", h.GAPSPerKm, s.PaceSPerKm)
			case c.grade < 0 && !(h.GAPSPerKm > s.PaceSPerKm+30):
				t.Errorf("downhill: grade-adjusted pace %.1f s/km not well slower than pace %.1f", h.GAPSPerKm, s.PaceSPerKm)
			}
		})
	}
}

func TestHillsWithoutElevation(t *testing.T) {
	a := synth(leg{secs: 600, speed: 3, hr: 140}) // a distance stream, no altitude
	h := analysis.Analyze(a, analysis.Summarize(a), analysis.Context{}, athlete()).Hills
	if !math.IsNaN(h.AscentM) || !math.IsNaN(h.DescentM) || !math.IsNaN(h.GAPSPerKm) || h.From != "" {
		t.Errorf("hills without elevation = %+v, want every value NaN", h)
	}
}

// TestPaceEffortOnHills: without heart rate, effort from pace is taken on the flat-equivalent
// speed: the same speed is less effort downhill and more uphill.
func TestPaceEffortOnHills(t *testing.T) {
	p := athlete()
	p.MaxHR, p.MarathonPace = math.NaN(), 290
	effort := func(grade float64) float64 {
		a := hilly(synth(leg{secs: 1200, speed: 1000.0 / 320, hr: math.NaN()}), grade, 0) // 5:20/km
		e := analysis.Analyze(a, analysis.Summarize(a), analysis.Context{}, p).Effort
		if e.Source != analysis.EffortFromPace {
			t.Fatalf("grade %g: effort from %s, want pace", grade, e.Source)
		}
		return e.Avg
	}
	flat, down, up := effort(0), effort(-0.06), effort(0.06)
	if want := analysis.PaceEffort(1000.0/320, 290); math.Abs(flat-want) > 0.005 {
		t.Errorf("flat effort %.3f, want %.3f", flat, want)
	}
	if !(down < flat-0.05) || !(up > flat+0.05) {
		t.Errorf("effort downhill %.3f, flat %.3f, uphill %.3f: want downhill well below flat, uphill well above", down, flat, up)
	}
}

// TestDemoHills: the demo's runs over its hill (about 120 m up and down a loop of 5.8 km)
// climb and descend about that much per loop (a run starts anywhere on the loop, so ascent
// and descent differ by up to a loop's), and their grade-adjusted pace is faster than the pace
// by more than reports' 5 s/km (a loop of climbs costs more than the flat); its other routes
// roll by a few metres (at most 4 m a km) and their grade-adjusted pace stays within 5 s/km of the pace.
func TestDemoHills(t *testing.T) {
	p := demoProfile()
	season := demoSeason(t, demo.Options{Weeks: 12, Seed: 1, End: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)})
	hilly, flat := 0, 0
	for i := range season {
		pl := &season[i]
		a := &pl.Activity
		if a.Sport != activity.SportRunning || a.SubSport == "treadmill" {
			continue
		}
		s := analysis.Summarize(a)
		h := analysis.Analyze(a, s, analysis.Context{}, p).Hills
		loops := s.DistanceM / 5826
		if slices.ContainsFunc(pl.Notes, func(n string) bool { return strings.HasPrefix(n, "hilly") }) {
			hilly++
			if per := h.AscentM / loops; per < 100 || per > 140 || math.Abs(h.AscentM-h.DescentM) > 130 {
				t.Errorf("%s: ascent %.0f m, descent %.0f m over %.1f loops of 120 m", a.Source.Path, h.AscentM, h.DescentM, loops)
			}
			if !(h.GAPSPerKm < s.PaceSPerKm-5) {
				t.Errorf("%s: grade-adjusted pace %.1f s/km, pace %.1f: want it over 5 s/km faster", a.Source.Path, h.GAPSPerKm, s.PaceSPerKm)
			}
			continue
		}
		flat++
		if h.AscentM > 4*s.DistanceM/1000 || math.Abs(h.GAPSPerKm-s.PaceSPerKm) > 5 {
			t.Errorf("%s: ascent %.0f m over %.0f m, grade-adjusted pace %.1f against pace %.1f s/km: want a flat route",
				a.Source.Path, h.AscentM, s.DistanceM, h.GAPSPerKm, s.PaceSPerKm)
		}
	}
	if hilly == 0 || flat == 0 {
		t.Fatalf("%d hilly and %d flat runs in the demo season: want some of each", hilly, flat)
	}
}
