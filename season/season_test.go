package season

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/analysis"
)

var day0 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // a Monday

// run is an easy session of load l on day i (NaN: no heart rate).
func run(i int, l float64) Session {
	return Session{Day: day0.AddDate(0, 0, i), Class: analysis.ClassEasy, Load: l,
		MovingS: 3000, DistanceM: 9000, AvgHR: 140, Decoupling: math.NaN()}
}

func hard(i int, l float64) Session {
	s := run(i, l)
	s.Class, s.Hard = analysis.ClassIntervals, true
	return s
}

func near(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) < 5e-6
}

// TestFitnessFatigueFormByHand checks CTL, ATL, TSB and the acute:chronic ratio against values
// worked out by hand with the closed form CTL_n = s(1−λ)^(n+1) + Σ_k λ(1−λ)^(n−k) L_k
// (λ = 1 − e^(−1/N): 0.0235283 for 42 days, 0.1331221 for 7; s the seed, the mean load of
// the first 42 days, 2070 / 42 = 49.2857) on a series with a single day, a rest gap, two
// sessions a day, a session without heart rate, a step to 60 a day and a day off in it.
func TestFitnessFatigueFormByHand(t *testing.T) {
	var ss []Session
	ss = append(ss, run(0, 100), run(3, 30), run(3, 20), run(4, math.NaN()))
	for d := 10; d < 50; d++ {
		if d != 45 {
			ss = append(ss, run(d, 60))
		}
	}
	s := Compute(ss, day0.AddDate(0, 0, 49))
	if len(s.Days) != 50 {
		t.Fatalf("days = %d, want 50", len(s.Days))
	}
	if !math.IsNaN(s.Days[4].Load) || s.Days[4].LoadUnknown != 1 || s.Days[3].Load != 50 || s.Days[1].Load != 0 {
		t.Errorf("loads day 1, 3, 4 = %v, %v, %v (unknown %d), want 0, 50, NaN (1)",
			s.Days[1].Load, s.Days[3].Load, s.Days[4].Load, s.Days[4].LoadUnknown)
	}
	nan := math.NaN()
	for _, c := range []struct {
		i                   int
		ctl, atl, tsb, acwr float64
	}{
		{5, nan, nan, nan, nan}, // not 7 days yet
		{6, nan, 28.116588, nan, nan},
		{26, nan, 0 /* checked below */, nan, nan},
		{27, nan, 56.814265, nan, 1.365854},
		{41, 51.487049, 59.568858, nan, 1},
		{42, 51.687344, 59.626252, -8.081809, 1},
		{45, 50.848697, 51.769200, -7.645229, 0.888889},
		{49, 51.680034, 55.351918, -3.158573, 0.888889},
	} {
		d := s.Days[c.i]
		if c.i == 26 {
			if !math.IsNaN(d.ACWR) || !math.IsNaN(d.CTL) {
				t.Errorf("day 26: ctl %v acwr %v, want both unknown (27 days of history)", d.CTL, d.ACWR)
			}
			continue
		}
		if !near(d.CTL, c.ctl) || !near(d.ATL, c.atl) || !near(d.TSB, c.tsb) || math.Abs(d.ACWR-c.acwr) > 5e-6 && !(math.IsNaN(d.ACWR) && math.IsNaN(c.acwr)) {
			t.Errorf("day %d: ctl %.6f atl %.6f tsb %.6f acwr %.6f, want %.6f %.6f %.6f %.6f",
				c.i, d.CTL, d.ATL, d.TSB, d.ACWR, c.ctl, c.atl, c.tsb, c.acwr)
		}
	}
	// The morning's form is yesterday's fitness minus yesterday's fatigue.
	if got, want := s.Days[46].TSB, s.Days[45].CTL-s.Days[45].ATL; got != want {
		t.Errorf("tsb day 46 = %v, want yesterday's ctl − atl %v", got, want)
	}
}

// TestComputeThrough: days run from the first session through the date given, decaying over
// days without activities; sessions after it are left out.
func TestComputeThrough(t *testing.T) {
	s := Compute([]Session{run(0, 70), run(9, 70)}, day0.AddDate(0, 0, 4))
	if len(s.Days) != 5 || len(s.Sessions) != 1 {
		t.Fatalf("days %d sessions %d, want 5 and 1", len(s.Days), len(s.Sessions))
	}
	if s := Compute(nil, day0); len(s.Days) != 0 || len(s.Signals) != 0 || !math.IsNaN(s.Trend.RefHR) || s.Trend.Known() {
		t.Errorf("empty season: %d days %d signals, trend %+v", len(s.Days), len(s.Signals), s.Trend)
	}
}

// steady is n days of load l from day 0 on, each an easy run.
func steady(n int, l float64) []Session {
	var ss []Session
	for d := range n {
		ss = append(ss, run(d, l))
	}
	return ss
}

func signalsOf(s Season, kind string) []Signal {
	var out []Signal
	for _, g := range s.Signals {
		if g.Kind == kind {
			out = append(out, g)
		}
	}
	return out
}

// TestLoadSpikeThreshold: 21 days of 50 then 7 of 90 gives 630 / (1680 / 4) = 1.5 exactly on
// day 27, a spike; 7 of 89 gives 1.49, none. A spike before 28 days of history is none.
func TestLoadSpikeThreshold(t *testing.T) {
	for _, c := range []struct {
		name   string
		before int
		burst  float64
		want   bool
	}{
		{"at 1.5", 21, 90, true},
		{"just below", 21, 89, false},
		{"young history", 14, 400, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			ss := steady(c.before, 50)
			for d := c.before; d < c.before+7; d++ {
				ss = append(ss, run(d, c.burst))
			}
			s := Compute(ss, day0.AddDate(0, 0, c.before+6))
			got := signalsOf(s, KindLoadSpike)
			if (len(got) > 0) != c.want {
				t.Fatalf("load_spike signals %+v, want %v", got, c.want)
			}
			if c.want && (got[0].Value != 1.5 || got[0].Limit != SpikeRatio || !got[0].Date.Equal(day0.AddDate(0, 0, 27))) {
				t.Errorf("spike %v on %v, want 1.5 on day 27", got[0].Value, got[0].Date)
			}
		})
	}
}

// TestFatiguedThreshold: form at −30% of fitness is not fatigue, just below it is; a hard
// session is needed; and a five-week season, however hard, is still being learned.
func TestFatiguedThreshold(t *testing.T) {
	d := Day{TSB: -30}
	if fatigued(&d, 100) {
		t.Errorf("form −30 at fitness 100 counted fatigued; the line is strictly below −30")
	}
	d.TSB = -30.001
	if !fatigued(&d, 100) {
		t.Errorf("form −30.001 at fitness 100 not fatigued")
	}
	// At a low fitness the line is −10, not −30% of it.
	for _, c := range []struct {
		tsb, ctl float64
		want     bool
	}{{-8, 20, false}, {-10, 20, false}, {-10.5, 20, true}, {-11.5, 40, false}, {-12.5, 40, true}} {
		if got := fatigued(&Day{TSB: c.tsb}, c.ctl); got != c.want {
			t.Errorf("form %v at fitness %v: fatigued %v, want %v (line %v)", c.tsb, c.ctl, got, c.want, FatigueLine(c.ctl))
		}
	}
	d.TSB = math.NaN()
	if fatigued(&d, 100) {
		t.Errorf("unknown form counted fatigued")
	}
	// Seeded fitness: steady training from the first day on is not fatigue (from zero, form
	// would stay below −30% of fitness until day 62).
	for n := 43; n < 90; n += 3 {
		if s := Compute(append(steady(n, 50), hard(n, 50)), day0.AddDate(0, 0, n)); len(signalsOf(s, KindFatigued)) != 0 {
			t.Errorf("%d days of steady training came out fatigued: %+v", n, s.Signals)
		}
	}

	// 80 steady days, then a block of 150 a day with a hard session on day 85.
	block := func(n int, hardDay bool) Season {
		ss := steady(n, 50)
		for d := n; d < n+5; d++ {
			ss = append(ss, run(d, 150))
		}
		if hardDay {
			ss = append(ss, hard(n+5, 100))
		} else {
			ss = append(ss, run(n+5, 100))
		}
		return Compute(ss, day0.AddDate(0, 0, n+5))
	}
	s := block(80, true)
	got := signalsOf(s, KindFatigued)
	if len(got) != 1 {
		t.Fatalf("fatigued signals %+v, want 1", got)
	}
	i := s.DayOf(got[0].Date)
	if want := FatiguedForm * s.Days[i-1].CTL; got[0].Limit != want || !(got[0].Value < want) {
		t.Errorf("fatigued value %v limit %v, want below %v", got[0].Value, got[0].Limit, want)
	}
	if got := signalsOf(block(80, false), KindFatigued); len(got) != 0 {
		t.Errorf("fatigued without a hard session: %+v", got)
	}
	// five weeks: 30 steady days and the same block: form is not yet known.
	young := block(29, true)
	if got := signalsOf(young, KindFatigued); len(got) != 0 {
		t.Errorf("a five-week season came out fatigued: %+v", got)
	}
	if last := len(young.Days) - 1; !young.Learning(last) {
		t.Errorf("a %d-day season is not learning", young.Days[last].History)
	}
}

// TestCompliance counts recovery runs within their limits and hard sessions followed by
// recovery or rest, the last hard session's next day not yet in the season.
func TestCompliance(t *testing.T) {
	rec := func(i int, ok bool) Session {
		s := run(i, 30)
		s.Class, s.Restful, s.RecoveryOK = analysis.ClassRecovery, true, ok
		return s
	}
	ss := []Session{
		hard(0, 100), rec(1, true), // followed by a recovery run
		hard(2, 100),               // followed by rest (day 3 empty)
		hard(4, 100), hard(5, 120), // back to back: not followed
		rec(6, false),
		hard(8, 100), // week 2: its next day is after the season
	}
	s := Compute(ss, day0.AddDate(0, 0, 8))
	if len(s.Weeks) != 2 {
		t.Fatalf("weeks %d, want 2", len(s.Weeks))
	}
	w := s.Weeks[0]
	if w.RecoveryRuns != 2 || w.RecoveryRunsOK != 1 || w.Hard != 4 || w.HardFollowed != 3 || w.HardPending != 0 {
		t.Errorf("week 1: recovery %d ok %d hard %d followed %d pending %d, want 2 1 4 3 0",
			w.RecoveryRuns, w.RecoveryRunsOK, w.Hard, w.HardFollowed, w.HardPending)
	}
	// day 5's hard session is followed by day 6's recovery run: 3 followed of 4 (day 4's is not).
	if w := s.Weeks[1]; w.Hard != 1 || w.HardPending != 1 || w.HardFollowed != 0 {
		t.Errorf("week 2: hard %d pending %d followed %d, want 1 1 0", w.Hard, w.HardPending, w.HardFollowed)
	}
	if w.Load != 100+30+100+100+120+30 {
		t.Errorf("week 1 load %v", w.Load)
	}
}

// TestEfficiencyTrend: easy runs whose pace at 140 bpm improves from 6:00 to 5:30/km across
// the two 12-week halves: the factor is metres per heartbeat and the trend says the paces.
func TestEfficiencyTrend(t *testing.T) {
	var ss []Session
	for w := range 24 {
		pace := 360.0
		if w >= 12 {
			pace = 330
		}
		for _, d := range []int{1, 3} {
			x := run(7*w+d, 50)
			x.MovingS, x.AvgHR = 3600, 140
			x.DistanceM = 3600 / pace * 1000
			ss = append(ss, x)
		}
	}
	s := Compute(ss, day0.AddDate(0, 0, 7*24-1))
	tr := s.Trend
	if !tr.Known() || tr.RunsBefore != 24 || tr.RunsNow != 24 || tr.RefHR != 140 {
		t.Fatalf("trend %+v, want 24 runs each side at 140 bpm", tr)
	}
	if !near(tr.PaceBefore, 360) || !near(tr.PaceNow, 330) {
		t.Errorf("paces at 140 bpm %.3f → %.3f, want 360 → 330", tr.PaceBefore, tr.PaceNow)
	}
	// 10,000 m in 3600 s at 140 bpm is 8,400 beats: 1.190 m a beat.
	if got, want := s.Weeks[0].Efficiency, (3600/360.0*1000)/(140*60); !near(got, want) {
		t.Errorf("week 1 efficiency %v, want %v", got, want)
	}
	// A recovery run outside its limits (too fast) was not run easy: it is left out; one within
	// them counts.
	fast := run(2, 30)
	fast.Class, fast.DistanceM = analysis.ClassRecovery, 20000
	ok := fast
	ok.Day, ok.RecoveryOK = day0.AddDate(0, 0, 4), true
	s2 := Compute(append(slices.Clone(ss), fast), ss[len(ss)-1].Day)
	if got := s2.Weeks[0]; got.Efficiency != s.Weeks[0].Efficiency || got.EfficiencyRuns != 2 {
		t.Errorf("a too-fast recovery run changed the efficiency: %v (%d runs)", got.Efficiency, got.EfficiencyRuns)
	}
	if got := Compute(append(slices.Clone(ss), ok), ss[len(ss)-1].Day).Weeks[0]; got.EfficiencyRuns != 3 {
		t.Errorf("a recovery run within its limits not counted: %d runs", got.EfficiencyRuns)
	}
	if s := Compute(ss[:10], ss[9].Day); s.Trend.Known() {
		t.Errorf("a trend from 10 runs in one half: %+v", s.Trend)
	}
}

// TestEfficiencyGradeAdjusted: a block of hilly runs, slower on the clock at the same heart
// rate but as fast grade-adjusted, is no loss of aerobic efficiency; a run without elevation
// (NaN) counts its plain distance.
func TestEfficiencyGradeAdjusted(t *testing.T) {
	var ss []Session
	for w := range 24 {
		for _, d := range []int{1, 3} {
			x := run(7*w+d, 50)
			x.MovingS, x.AvgHR, x.GAPSPerKm = 3600, 140, math.NaN()
			x.DistanceM = 3600 / 330.0 * 1000 // flat: 5:30/km
			if w >= 12 {
				x.DistanceM, x.GAPSPerKm = 3600/360.0*1000, 330 // hills: 6:00/km on the clock
			}
			ss = append(ss, x)
		}
	}
	s := Compute(ss, day0.AddDate(0, 0, 7*24-1))
	tr := s.Trend
	if !tr.Known() || !near(tr.PaceBefore, 330) || !near(tr.PaceNow, 330) {
		t.Errorf("trend %+v, want 330 s/km at 140 bpm in both halves", tr)
	}
	want := (3600 / 330.0 * 1000) / (140 * 60)
	if got := s.Weeks[20].Efficiency; !near(got, want) {
		t.Errorf("a hilly week's efficiency %v, want the grade-adjusted %v", got, want)
	}
	if got := s.Weeks[0].Efficiency; !near(got, want) {
		t.Errorf("a flat week's efficiency %v, want %v", got, want)
	}
}

// TestAdvise: after a hard day a recovery run by the profile; after rest, free; when
// fatigued, rest or cross-training.
func TestAdvise(t *testing.T) {
	rx := Rx{MaxMin: 40, HRMax: 133, PaceFloor: 350}
	ss := steady(80, 50)
	ss = append(ss, hard(80, 120))
	a := Advise(ss, day0.AddDate(0, 0, 81), rx)
	if a.Kind != AdviceRecovery || a.Minutes == nil || *a.Minutes != [2]float64{30, 40} || a.HRMax != 133 || a.PaceFloor != 350 {
		t.Errorf("after a hard day: %+v, want recovery 30–40 min under 133 bpm slower than 350 s/km", a)
	}
	a = Advise(ss, day0.AddDate(0, 0, 82), rx)
	if a.Kind != AdviceFree || a.Minutes != nil || !math.IsNaN(a.HRMax) {
		t.Errorf("after a rest day: %+v, want free", a)
	}
	// Sessions on or after the day are not counted: day 80's own advice sees day 79, easy.
	if a := Advise(ss, day0.AddDate(0, 0, 80), rx); a.Kind != AdviceFree {
		t.Errorf("day 80: %v, want free (its own hard session is not before it)", a.Kind)
	}
	tired := steady(80, 50)
	for d := 80; d < 86; d++ {
		tired = append(tired, hard(d, 160))
	}
	if a := Advise(tired, day0.AddDate(0, 0, 86), rx); a.Kind != AdviceRestOrCross {
		t.Errorf("after six hard days of 160: %v (%v), want rest_or_cross", a.Kind, a.Reasons)
	}
	if a := Advise(nil, day0, rx); a.Kind != AdviceFree || len(a.Reasons) != 1 {
		t.Errorf("no history: %+v", a)
	}
}

// TestRatioAfterBreak: two 8-week blocks of uneven loads with a 6-week break between them, and
// days far past the last activity. The ratio is never negative; it is unknown (NaN) on every
// day whose 28 days hold no load, and 0 where only the last 7 days are empty. A running sum
// that took the oldest day away again left a residue there: −0.00 in the break and −60 after
// the season (a residue over a smaller one).
func TestRatioAfterBreak(t *testing.T) {
	ss, last := twoBlocks()
	s := Compute(ss, day0.AddDate(0, 0, last+400))
	raw := make([]float64, len(s.Days))
	for _, x := range ss {
		raw[dayIndex(day0, x.Day)] += x.Load
	}
	sum := func(i, n int) float64 { // the window's load, summed in the other direction
		var l float64
		for k := i; k > i-n && k >= 0; k-- {
			l += raw[k]
		}
		return l
	}
	unknown, zero := 0, 0
	for i, d := range s.Days {
		if d.History < ChronicDays {
			continue
		}
		if d.ACWR < 0 || d.Acute < 0 || d.Chronic < 0 {
			t.Fatalf("day %d (%s): acute %g, chronic %g, ratio %g; want none negative",
				i, d.Date.Format(time.DateOnly), d.Acute, d.Chronic, d.ACWR)
		}
		switch chronic := sum(i, ChronicDays); {
		case chronic == 0:
			unknown++
			if !math.IsNaN(d.ACWR) || d.Chronic != 0 {
				t.Fatalf("day %d (%s), no load in 28 days: chronic %g, ratio %g; want 0 and unknown",
					i, d.Date.Format(time.DateOnly), d.Chronic, d.ACWR)
			}
		case sum(i, AcuteDays) == 0:
			zero++
			if d.ACWR != 0 {
				t.Fatalf("day %d (%s), no load in 7 days: ratio %g, want 0", i, d.Date.Format(time.DateOnly), d.ACWR)
			}
		default:
			if want := sum(i, AcuteDays) / (chronic / 4); math.Abs(d.ACWR-want) > 1e-9 {
				t.Fatalf("day %d (%s): ratio %g, want %g", i, d.Date.Format(time.DateOnly), d.ACWR, want)
			}
		}
	}
	// The break's last days and the days after the season's 28th day without load.
	if unknown == 0 || zero == 0 || !math.IsNaN(s.Days[56+41].ACWR) || !math.IsNaN(s.Days[last+400].ACWR) {
		t.Errorf("%d days of unknown ratio, %d of ratio 0, the break's last day %g, the last %g; want some, some, NaN, NaN",
			unknown, zero, s.Days[56+41].ACWR, s.Days[last+400].ACWR)
	}
}

// twoBlocks is two 8-week blocks of uneven loads, six days a week, with a 6-week break between
// them, and the day of the second block's end.
func twoBlocks() (ss []Session, last int) {
	block := func(start int) {
		for d := range 56 {
			if d%7 != 6 {
				ss = append(ss, run(start+d, 35.3+float64((d*37)%23)*2.71))
			}
		}
	}
	block(0)
	block(56 + 42)
	return ss, 56 + 42 + 55
}

// TestAdviseAfterBreak: the advice's ratio after a break is 0.00 while the last 28 days hold
// some load, "–" once they hold none, and never negative ("-0.00", "-60.00").
func TestAdviseAfterBreak(t *testing.T) {
	ss, last := twoBlocks()
	for _, c := range []struct {
		day  int
		want string
	}{
		{56 + 10, "acute:chronic load 0.00 over the last 7 days"}, // a week and more into the break
		{56 + 41, "acute:chronic load –: no load in the last 28 days"},
		{last + 400, "acute:chronic load –: no load in the last 28 days"},
		{last + 1, "acute:chronic load "},
	} {
		a := Advise(ss, day0.AddDate(0, 0, c.day), Rx{})
		var got string
		for _, r := range a.Reasons {
			if strings.HasPrefix(r, "acute:chronic") {
				got = r
			}
		}
		if !strings.HasPrefix(got, c.want) || strings.Contains(got, "-") {
			t.Errorf("day %d: ratio reason %q, want %q… and nothing negative (reasons %q)", c.day, got, c.want, a.Reasons)
		}
	}
}
