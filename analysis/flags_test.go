package analysis_test

import (
	"encoding/json"
	"math"
	"slices"
	"testing"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// run is a session on day d: 30 min at 6:10/km, effort 0.65 from heart rate, none above the
// ceiling.
func run(d int64, c analysis.Class) analysis.Session {
	return analysis.Session{Day: d, Sport: activity.SportRunning, Class: c, Hard: c.Hard(), Effort: 0.65,
		EffortSource: analysis.EffortFromHR, EffortS: 1800, MovingS: 1800, PaceSPerKm: 370}
}

// TestFlagRules: the flag rules as data, numbers in SI units, without words.
func TestFlagRules(t *testing.T) {
	p := analysis.DefaultProfile()
	p.MaxHR, p.MarathonPace = 190, 290
	hardRec := run(2, analysis.ClassRecovery)
	hardRec.Effort, hardRec.AboveCeilingS = 0.74, 1200
	shareRec := run(2, analysis.ClassRecovery)
	shareRec.AboveCeilingS = 378 // 21% of 1800 s
	fastRec := run(2, analysis.ClassRecovery)
	fastRec.PaceSPerKm = 330
	longRec := run(2, analysis.ClassRecovery)
	longRec.MovingS = 2401
	walk := run(2, analysis.ClassCross)
	walk.Sport = activity.SportWalking
	greyEasy := run(2, analysis.ClassEasy)
	greyEasy.Effort, greyEasy.AboveEasyS = 0.76, 1500
	shareEasy := run(2, analysis.ClassEasy)
	shareEasy.Effort, shareEasy.AboveEasyS = 0.74, 541 // 30.06% of 1800 s
	okEasy := run(2, analysis.ClassEasy)
	okEasy.Effort, okEasy.AboveEasyS = 0.75, 540 // at both limits
	downhillRec := run(2, analysis.ClassRecovery)
	downhillRec.PaceSPerKm, downhillRec.GAPSPerKm = 320, 420 // fast on the clock, easy for the slope
	gentleRec := run(2, analysis.ClassRecovery)
	gentleRec.PaceSPerKm, gentleRec.GAPSPerKm = 320, 347
	for _, tc := range []struct {
		name     string
		sessions []analysis.Session
		want     []analysis.Flag
	}{
		{"easy too hard on average", []analysis.Session{greyEasy},
			[]analysis.Flag{{Kind: analysis.FlagEasyTooHard, Severity: analysis.SeverityWarning, Session: 0, Value: 0.76, Limit: 0.75, OverAverage: true, AboveS: 1500, TotalS: 1800, Previous: -1}}},
		{"easy too hard by share", []analysis.Session{shareEasy},
			[]analysis.Flag{{Kind: analysis.FlagEasyTooHard, Severity: analysis.SeverityWarning, Session: 0, Value: 541.0 / 1800, Limit: 0.30, AboveS: 541, TotalS: 1800, Previous: -1}}},
		{"easy at the ceiling", []analysis.Session{okEasy}, nil},
		{"recovery downhill: grade-adjusted pace judges", []analysis.Session{run(1, analysis.ClassIntervals), downhillRec}, nil},
		{"recovery down a gentle slope, still too fast", []analysis.Session{run(1, analysis.ClassIntervals), gentleRec},
			[]analysis.Flag{{Kind: analysis.FlagRecoveryTooFast, Severity: analysis.SeverityWarning, Session: 1, Value: 347, Limit: 350, Previous: -1}}},
		{"recovery too hard on average", []analysis.Session{run(1, analysis.ClassIntervals), hardRec},
			[]analysis.Flag{{Kind: analysis.FlagRecoveryTooHard, Severity: analysis.SeverityWarning, Session: 1, Value: 0.74, Limit: 0.70, OverAverage: true, AboveS: 1200, TotalS: 1800, Previous: -1}}},
		{"recovery too hard by share", []analysis.Session{run(1, analysis.ClassIntervals), shareRec},
			[]analysis.Flag{{Kind: analysis.FlagRecoveryTooHard, Severity: analysis.SeverityWarning, Session: 1, Value: 0.21, Limit: 0.20, AboveS: 378, TotalS: 1800, Previous: -1}}},
		{"recovery too fast", []analysis.Session{run(1, analysis.ClassIntervals), fastRec},
			[]analysis.Flag{{Kind: analysis.FlagRecoveryTooFast, Severity: analysis.SeverityWarning, Session: 1, Value: 330, Limit: 350, Previous: -1}}},
		{"recovery too long", []analysis.Session{run(1, analysis.ClassIntervals), longRec},
			[]analysis.Flag{{Kind: analysis.FlagRecoveryTooLong, Severity: analysis.SeverityWarning, Session: 1, Value: 2401, Limit: 2400, Previous: -1}}},
		{"back to back", []analysis.Session{run(1, analysis.ClassIntervals), run(2, analysis.ClassTempo)},
			[]analysis.Flag{{Kind: analysis.FlagBackToBackHard, Severity: analysis.SeverityWarning, Session: 1, Value: math.NaN(), Limit: math.NaN(), Previous: 0,
				Classes: []analysis.Class{analysis.ClassIntervals, analysis.ClassTempo}}}},
		{"an easy walk between", []analysis.Session{run(1, analysis.ClassIntervals), walk, run(2, analysis.ClassTempo)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cal := analysis.NewCalendar(tc.sessions)
			var got []analysis.Flag
			for i := range tc.sessions {
				got = append(got, cal.Flags(i, p)...)
			}
			if !slices.EqualFunc(got, tc.want, sameFlag) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestNoRecovery: a week with a hard session and no recovery session is flagged, naming the hard
// sessions: advice when a rest day followed each, a warning otherwise; a restful walk the day
// after a hard session counts as recovery.
func TestNoRecovery(t *testing.T) {
	p := analysis.DefaultProfile()
	walk := run(2, analysis.ClassCross)
	for _, tc := range []struct {
		name     string
		sessions []analysis.Session
		flag     bool
		hard     []int
		severity analysis.Severity
	}{
		{"hard, then easy", []analysis.Session{run(0, analysis.ClassIntervals), run(2, analysis.ClassEasy), run(4, analysis.ClassLong)}, true, []int{0, 2}, analysis.SeverityAdvice},
		{"hard, then easy the day after", []analysis.Session{run(0, analysis.ClassIntervals), run(1, analysis.ClassEasy)}, true, []int{0}, analysis.SeverityWarning},
		{"hard, then hard the day after", []analysis.Session{run(0, analysis.ClassIntervals), run(1, analysis.ClassTempo), run(3, analysis.ClassEasy)}, true, []int{0, 1}, analysis.SeverityWarning},
		{"hard, then a recovery run", []analysis.Session{run(0, analysis.ClassIntervals), run(1, analysis.ClassRecovery)}, false, nil, ""},
		{"hard, then a walk the day after", []analysis.Session{run(1, analysis.ClassIntervals), walk}, false, nil, ""},
		{"no hard session", []analysis.Session{run(0, analysis.ClassEasy)}, false, nil, ""},
		{"hard in the week after", []analysis.Session{run(7, analysis.ClassIntervals)}, false, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, ok := analysis.NewCalendar(tc.sessions).NoRecovery(0, p)
			if ok != tc.flag {
				t.Fatalf("flag %v, want %v", ok, tc.flag)
			}
			if ok && (f.Kind != analysis.FlagNoRecovery || f.Session != -1 || f.Value != 0 || f.Limit != 1 || !slices.Equal(f.Hard, tc.hard) || f.Severity != tc.severity) {
				t.Errorf("got %+v, want no_recovery 0 of 1 over sessions %v, %s", f, tc.hard, tc.severity)
			}
		})
	}
}

// sameFlag compares flags, NaN equal to NaN and values to 1e-9.
func sameFlag(a, b analysis.Flag) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 || (math.IsNaN(x) && math.IsNaN(y)) }
	return a.Kind == b.Kind && a.Severity == b.Severity && a.Session == b.Session && near(a.Value, b.Value) && near(a.Limit, b.Limit) &&
		a.OverAverage == b.OverAverage && near(a.AboveS, b.AboveS) && near(a.TotalS, b.TotalS) &&
		a.Previous == b.Previous && slices.Equal(a.Classes, b.Classes) && slices.Equal(a.Hard, b.Hard)
}

// TestReasonJSON: a reason keeps its code, values (NaN as null) and words through JSON; a
// reason an earlier version stored in words reads back as ReasonText.
func TestReasonJSON(t *testing.T) {
	in := []analysis.Reason{
		{Code: analysis.ReasonWorkBouts, Values: map[string]float64{"bouts": 5, "work_effort": math.NaN()}, Words: map[string]string{"from": "detected"}},
		{Code: analysis.ReasonAfterHard, Classes: []analysis.Class{analysis.ClassLong}},
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out []analysis.Reason
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !analysis.SameReasons(out, in) {
		t.Errorf("got %+v, want %+v (JSON %s)", out, in, b)
	}
	var old []analysis.Reason
	if err := json.Unmarshal([]byte(`["moving time 1:30:00 ≥ long run threshold 90 min"]`), &old); err != nil {
		t.Fatal(err)
	}
	if len(old) != 1 || old[0].Code != analysis.ReasonText || old[0].Words["text"] != "moving time 1:30:00 ≥ long run threshold 90 min" {
		t.Errorf("an earlier version's reason: got %+v", old)
	}
}
