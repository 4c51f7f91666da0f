package analysis_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/corpus"
)

// at190 returns the heart rate of an effort for max HR 190.
func at190(effort float64) float64 { return effort * 190 }

// named returns a with its name set.
func named(a *activity.Activity, name string) *activity.Activity {
	a.Name = name
	return a
}

// sport returns a with its sport set.
func sport(a *activity.Activity, s activity.Sport) *activity.Activity {
	a.Sport = s
	return a
}

// easy is a leg at effort 0.65 and an easy pace, so many seconds long.
func easy(secs int) leg { return leg{secs: secs, speed: 2.8, hr: at190(0.65)} }

// at is a leg at the effort, so many seconds long.
func effortLeg(secs int, effort float64) leg { return leg{secs: secs, speed: 3.4, hr: at190(effort)} }

// holds reports whether reason got has want's code and every value, word and class want names:
// times within half a second, other numbers within 0.005 (as they are worded).
func holds(got, want analysis.Reason) bool {
	if got.Code != want.Code {
		return false
	}
	for k, v := range want.Values {
		tol := 0.005
		if strings.HasSuffix(k, "_s") || strings.HasSuffix(k, "_s_per_km") {
			tol = 0.5
		}
		if !(math.Abs(got.V(k)-v) <= tol) {
			return false
		}
	}
	for k, v := range want.Words {
		if got.Words[k] != v {
			return false
		}
	}
	return want.Classes == nil || slices.Equal(got.Classes, want.Classes)
}

func TestClassify(t *testing.T) {
	nan := math.NaN()
	known := func(prev ...analysis.Class) analysis.Context {
		return analysis.Context{Known: true, PreviousDay: prev}
	}
	alone := analysis.Context{}
	p := athlete()
	withMP := athlete()
	withMP.MarathonPace = 290
	lthr := athlete()
	lthr.EffortModel, lthr.MaxHR = analysis.ModelLTHR, nan
	none := mark{step: -1}
	fast := leg{secs: 180, speed: 4.2, hr: 170}
	jog := leg{secs: 120, speed: 2.5, hr: 140}
	session := func(n int, work, rest leg) *activity.Activity {
		return lapped(reps(n, work, rest, mark{"warmup", 0, 1}, mark{"active", 1, 1}, mark{"rest", 2, 1}, mark{"cooldown", 3, 1}))
	}
	hard := effortLeg(25*60, 0.85) // a tempo-like effort
	tests := []struct {
		name  string
		a     *activity.Activity
		ctx   analysis.Context
		p     analysis.Profile
		class analysis.Class
		why   analysis.Reason // the first reason holds its code, values and words
	}{
		// cross, whatever the effort or the name
		{"walking", sport(synth(effortLeg(3600, 0.9)), activity.SportWalking), known(), p, analysis.ClassCross, analysis.Reason{Code: analysis.ReasonNotRunning, Words: map[string]string{"sport": "walking"}}},
		{"hiking", sport(synth(effortLeg(3600, 0.9)), activity.SportHiking), known(), p, analysis.ClassCross, analysis.Reason{Code: analysis.ReasonNotRunning, Words: map[string]string{"sport": "hiking"}}},
		{"cycling", sport(named(synth(effortLeg(3600, 0.9)), "Race"), activity.SportCycling), known(), p, analysis.ClassCross, analysis.Reason{Code: analysis.ReasonNotRunning, Words: map[string]string{"sport": "cycling"}}},
		{"swimming", sport(synth(effortLeg(3600, 0.9)), activity.SportSwimming), known(), p, analysis.ClassCross, analysis.Reason{Code: analysis.ReasonNotRunning, Words: map[string]string{"sport": "swimming"}}},
		{"other", sport(synth(effortLeg(3600, 0.9)), activity.SportOther), known(), p, analysis.ClassCross, analysis.Reason{Code: analysis.ReasonNotRunning, Words: map[string]string{"sport": "other"}}},

		// race by name, as a word
		{"10K race", named(synth(easy(2400)), "10K race"), known(), p, analysis.ClassRace, analysis.Reason{Code: analysis.ReasonNameSaysRace, Words: map[string]string{"name": "10K race", "word": "10k"}}},
		{"parkrun", named(synth(easy(1500)), "Parkrun #112"), known(analysis.ClassIntervals), p, analysis.ClassRace, analysis.Reason{Code: analysis.ReasonNameSaysRace, Words: map[string]string{"word": "parkrun"}}},
		{"Halbmarathon", named(synth(easy(6000)), "Berliner Halbmarathon"), known(), p, analysis.ClassRace, analysis.Reason{Code: analysis.ReasonNameSaysRace, Words: map[string]string{"word": "halbmarathon"}}},
		{"Wettkampf", named(synth(easy(2400)), "Stadtlauf (Wettkampf)"), known(), p, analysis.ClassRace, analysis.Reason{Code: analysis.ReasonNameSaysRace, Words: map[string]string{"word": "wettkampf"}}},
		{"half marathon", named(synth(easy(6000)), "Hamburg Half Marathon"), known(), p, analysis.ClassRace, analysis.Reason{Code: analysis.ReasonNameSaysRace, Words: map[string]string{"word": "half"}}},
		{"marathon pace is no race", named(synth(easy(2400)), "Marathon pace run"), known(), p, analysis.ClassEasy, analysis.Reason{Code: analysis.ReasonNotSustained}},
		{"easy 10k is no race", named(synth(easy(2400)), "Easy 10k"), known(), p, analysis.ClassEasy, analysis.Reason{Code: analysis.ReasonNotSustained}},
		{"a word within a word is no race", named(synth(easy(2400)), "Gracefield loop"), known(), p, analysis.ClassEasy, analysis.Reason{Code: analysis.ReasonNotSustained}},
		{"pre-race shakeout is recovery", named(synth(easy(1200)), "Pre-race shakeout"), known(), p, analysis.ClassRecovery, analysis.Reason{Code: analysis.ReasonNameSaysRecovery, Words: map[string]string{"word": "shakeout"}}},

		// race by a near-maximal sustained effort
		{"25 min at 0.92 of a 28 min run", synth(effortLeg(180, 0.78), effortLeg(1500, 0.92)), known(), p, analysis.ClassRace,
			analysis.Reason{Code: analysis.ReasonNearMaximal, Values: map[string]float64{"duration_s": 1500, "level": 0.88}}},
		{"20 min at 0.92 inside 50 min is tempo", synth(easy(900), effortLeg(1200, 0.92), easy(900)), known(), p, analysis.ClassTempo,
			analysis.Reason{Code: analysis.ReasonTempo, Values: map[string]float64{"level": 0.8, "duration_s": 1200}}},
		{"30 min at 0.87 is tempo", synth(effortLeg(1800, 0.87)), known(), p, analysis.ClassTempo, analysis.Reason{Code: analysis.ReasonTempo, Values: map[string]float64{"duration_s": 1800}}},
		{"near-maximal but 14 min", synth(effortLeg(840, 0.93)), known(), p, analysis.ClassEasy, analysis.Reason{Code: analysis.ReasonNotSustained, Values: map[string]float64{"level": 0.8, "duration_s": 840}}},

		// intervals
		{"5 marked work bouts", session(5, fast, jog), known(), p, analysis.ClassIntervals,
			analysis.Reason{Code: analysis.ReasonWorkBouts, Values: map[string]float64{"bouts": 5, "work_s": 900, "recovery_s": 480, "work_pace_s_per_km": 238, "recovery_pace_s_per_km": 400, "work_hr": 170, "recovery_hr": 140}, Words: map[string]string{"from": "lap intensity"}}},
		{"3 bouts detected", synth(must(reps(3, fast, jog, none, none, none, none))...), known(), p, analysis.ClassIntervals, analysis.Reason{Code: analysis.ReasonWorkBouts, Values: map[string]float64{"bouts": 3}, Words: map[string]string{"from": "detected"}}},
		{"2 bouts are too few", session(2, fast, jog), known(), p, analysis.ClassEasy, analysis.Reason{Code: analysis.ReasonNotSustained}},
		{"bouts not clearly harder", session(5, leg{secs: 180, speed: 3.0, hr: 150}, leg{secs: 120, speed: 2.8, hr: 145}),
			known(), p, analysis.ClassEasy, analysis.Reason{Code: analysis.ReasonNotSustained}},
		{"intervals the day after intervals", session(5, fast, jog), known(analysis.ClassIntervals), p, analysis.ClassIntervals, analysis.Reason{Code: analysis.ReasonWorkBouts, Values: map[string]float64{"bouts": 5}}},

		// long
		{"89:59 moving is not long", synth(easy(5399)), known(), p, analysis.ClassEasy, analysis.Reason{Code: analysis.ReasonNotSustained}},
		{"90:00 moving is long", synth(easy(5400)), known(), p, analysis.ClassLong, analysis.Reason{Code: analysis.ReasonLong, Values: map[string]float64{"moving_s": 5400, "limit_s": 5400}}},
		{"long the day after a race", synth(easy(6000)), known(analysis.ClassRace), p, analysis.ClassLong, analysis.Reason{Code: analysis.ReasonLong, Values: map[string]float64{"moving_s": 6000}}},

		// recovery, whatever its effort
		{"the day after intervals", synth(easy(300), hard), known(analysis.ClassIntervals), p, analysis.ClassRecovery,
			analysis.Reason{Code: analysis.ReasonAfterHard, Classes: []analysis.Class{analysis.ClassIntervals}}},
		{"the day after a long run and a ride", synth(easy(1800)), known(analysis.ClassCross, analysis.ClassLong), p, analysis.ClassRecovery,
			analysis.Reason{Code: analysis.ReasonAfterHard, Classes: []analysis.Class{analysis.ClassLong}}},
		{"the day after easy and cross: not recovery", synth(easy(300), hard), known(analysis.ClassEasy, analysis.ClassCross), p,
			analysis.ClassTempo, analysis.Reason{Code: analysis.ReasonTempo, Values: map[string]float64{"duration_s": 1500}}},
		{"the calendar unknown: not recovery", synth(easy(300), hard), alone, p, analysis.ClassTempo, analysis.Reason{Code: analysis.ReasonTempo}},
		{"named Recovery run", named(synth(easy(300), hard), "Recovery run"), known(), p, analysis.ClassRecovery,
			analysis.Reason{Code: analysis.ReasonNameSaysRecovery, Words: map[string]string{"name": "Recovery run", "word": "recovery"}}},
		{"named Shake-out", named(synth(easy(1200)), "Shake-out 20'"), alone, p, analysis.ClassRecovery, analysis.Reason{Code: analysis.ReasonNameSaysRecovery, Words: map[string]string{"word": "shakeout"}}},
		{"named Regeneration", named(synth(easy(1200)), "Regeneration"), alone, p, analysis.ClassRecovery, analysis.Reason{Code: analysis.ReasonNameSaysRecovery, Words: map[string]string{"word": "regeneration"}}},

		// tempo: 15 min at 0.80 or more, on smoothed effort, short dips allowed
		{"14:50 at 0.81", synth(easy(600), effortLeg(890, 0.81), easy(600)), known(), p, analysis.ClassEasy,
			analysis.Reason{Code: analysis.ReasonNotSustained, Values: map[string]float64{"duration_s": 890, "min_s": 900}}},
		{"15:10 at 0.81", synth(easy(600), effortLeg(910, 0.81), easy(600)), known(), p, analysis.ClassTempo,
			analysis.Reason{Code: analysis.ReasonTempo, Values: map[string]float64{"duration_s": 910, "avg": 0.81, "min_s": 900}}},
		{"15:10 at 0.81 with a 5 s dip", synth(easy(600), effortLeg(450, 0.81), easy(5), effortLeg(455, 0.81), easy(600)),
			known(), p, analysis.ClassTempo, analysis.Reason{Code: analysis.ReasonTempo, Values: map[string]float64{"duration_s": 910}}},
		{"15:10 at 0.81 with a 25 s dip", synth(easy(600), effortLeg(445, 0.81), easy(25), effortLeg(440, 0.81), easy(600)),
			known(), p, analysis.ClassTempo, analysis.Reason{Code: analysis.ReasonTempo, Values: map[string]float64{"duration_s": 910}}},
		{"15:10 at 0.81 broken by a 60 s dip", synth(easy(600), effortLeg(425, 0.81), easy(60), effortLeg(425, 0.81), easy(600)),
			known(), p, analysis.ClassEasy, analysis.Reason{Code: analysis.ReasonNotSustained}},
		{"16 min at 0.79", synth(easy(600), effortLeg(960, 0.79), easy(600)), known(), p, analysis.ClassEasy, analysis.Reason{Code: analysis.ReasonNotSustained}},

		// effort from pace, without heart rate
		{"pace: 20 min at 4:40/km is tempo", synth(leg{secs: 600, speed: 1000.0 / 360, hr: nan}, leg{secs: 1200, speed: 1000.0 / 280, hr: nan},
			leg{secs: 600, speed: 1000.0 / 360, hr: nan}), known(), withMP, analysis.ClassTempo, analysis.Reason{Code: analysis.ReasonTempo, Values: map[string]float64{"level": 0.8, "duration_s": 1200}}},
		{"pace: 20 min at 5:00/km is easy", synth(leg{secs: 600, speed: 1000.0 / 360, hr: nan}, leg{secs: 1200, speed: 1000.0 / 300, hr: nan},
			leg{secs: 600, speed: 1000.0 / 360, hr: nan}), known(), withMP, analysis.ClassEasy, analysis.Reason{Code: analysis.ReasonNotSustained}},
		{"no heart rate, no marathon pace", synth(leg{secs: 1200, speed: 1000.0 / 280, hr: nan}), known(), p, analysis.ClassEasy,
			analysis.Reason{Code: analysis.ReasonNoEffort}},

		// the lthr model: HR / LTHR × 0.9
		{"lthr: 20 min at 152 bpm (0.805)", synth(easy(300), leg{secs: 1200, speed: 3.4, hr: 152}, easy(300)), known(), lthr,
			analysis.ClassTempo, analysis.Reason{Code: analysis.ReasonTempo, Values: map[string]float64{"duration_s": 1200, "avg": 0.8}}},
		{"lthr: 20 min at 150 bpm (0.794)", synth(easy(300), leg{secs: 1200, speed: 3.4, hr: 150}, easy(300)), known(), lthr,
			analysis.ClassEasy, analysis.Reason{Code: analysis.ReasonNotSustained}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := analysis.Analyze(tt.a, analysis.Summarize(tt.a), tt.ctx, tt.p)
			if r.Class != tt.class || r.Hard != tt.class.Hard() {
				t.Errorf("class %s (hard %v); want %s\n%+v", r.Class, r.Hard, tt.class, r.Reasons)
			}
			if len(r.Reasons) == 0 || !holds(r.Reasons[0], tt.why) {
				t.Errorf("reasons:\n%+v\nwant the first to hold %+v", r.Reasons, tt.why)
			}
			unknown := slices.ContainsFunc(r.Reasons, func(r analysis.Reason) bool { return r.Code == analysis.ReasonAlone })
			if unknown == tt.ctx.Known {
				t.Errorf("calendar known %v, yet reasons say unknown %v:\n%+v", tt.ctx.Known, unknown, r.Reasons)
			}
			// Classify alone gives what Analyze gives.
			c, why := analysis.Classify(tt.a, analysis.Summarize(tt.a), r.Effort, r.Structure, tt.ctx, tt.p)
			if c != r.Class || !analysis.SameReasons(why, r.Reasons) {
				t.Errorf("Classify %s %+v; Analyze %s %+v", c, why, r.Class, r.Reasons)
			}
		})
	}
}

// TestEffortReasons: the reasons say where the effort came from, or why it is unknown.
func TestEffortReasons(t *testing.T) {
	nan := math.NaN()
	noMax := athlete()
	noMax.MaxHR = nan
	withMP := noMax
	withMP.MarathonPace = 290
	hrr := athlete()
	hrr.EffortModel, hrr.RestingHR = analysis.ModelHRR, nan
	tests := []struct {
		name string
		a    *activity.Activity
		p    analysis.Profile
		want analysis.Reason
	}{
		{"heart rate", synth(easy(1200)), athlete(), analysis.Reason{Code: analysis.ReasonEffortHR, Values: map[string]float64{"avg": 0.65, "max_hr": 190}, Words: map[string]string{"model": "hrmax"}}},
		{"hrr without resting HR", synth(easy(1200)), hrr, analysis.Reason{Code: analysis.ReasonEffortHR, Values: map[string]float64{"resting_assumed": 1, "resting_hr": 60}, Words: map[string]string{"model": "hrr"}}},
		{"no heart rate, no marathon pace", synth(leg{secs: 1200, speed: 3, hr: nan}), athlete(), analysis.Reason{Code: analysis.ReasonEffortNoPace, Words: map[string]string{"why": "no heart rate"}}},
		{"no max HR, no marathon pace", synth(easy(1200)), noMax, analysis.Reason{Code: analysis.ReasonEffortNoPace, Words: map[string]string{"why": "heart rate but no max HR in the profile"}}},
		{"pace", synth(leg{secs: 1200, speed: 1000.0 / 350, hr: nan}), withMP, analysis.Reason{Code: analysis.ReasonEffortPace, Values: map[string]float64{"avg": 0.7, "marathon_pace_s_per_km": 290}, Words: map[string]string{"why": "no heart rate"}}},
		{"a ride without heart rate", sport(synth(leg{secs: 1200, speed: 8, hr: nan}), activity.SportCycling), withMP,
			analysis.Reason{Code: analysis.ReasonEffortNotRun, Words: map[string]string{"why": "no heart rate"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := analysis.Analyze(tt.a, analysis.Summarize(tt.a), analysis.Context{Known: true}, tt.p)
			if !slices.ContainsFunc(r.Reasons, func(r analysis.Reason) bool { return holds(r, tt.want) }) {
				t.Errorf("reasons:\n%+v\nwant one holding %+v", r.Reasons, tt.want)
			}
		})
	}
}

// corpusIntervals are the runs of the corpus whose laps or workout steps show intervals:
//   - fitparserjs running-with-developer-data: 4 × 1000 m (workout step 1, 4:21–4:38/km) with
//     60 s recoveries (step 2, standing to walking), a warm-up step and a cool-down step;
//   - sportslib 6914538454 (Suunto 9, no heart rate): 5 × ~200 s at 3:57–4:28/km with 60 s
//     standing recoveries, by manual laps, the timer running;
//   - dblocktcx running_workout_1: 2 × 1 mile warm-up, 6 × 800 m at 4:07–4:52/km with 400 m jog
//     recoveries at 6:02–6:39/km, then cool-down laps (all laps Active in the TCX).
//
// The other lapped runs are not: gpsbabel gtrnctr-lap_s.tcx (14 manual laps at 5:07–6:40/km
// with no alternation, and a heart rate of 255 in every record), sportslib unknown_example.tcx
// (32 manual laps: a steady 4:50–5:20/km broken by standing stops of 2 to 40 s), dblocktcx
// multiple_running_activities (manual 1 km laps of a steady hard run), and the auto-laps of
// compressed-speed-distance.fit, 2013-02-06-12-11-14.fit and mornindew-broken.fit.
var corpusIntervals = []string{
	"fit/fitparserjs__running-with-developer-data.fit#0",
	"fit/sportslib__6914538454.fit#0",
	"tcx/dblocktcx__running_workout_1.tcx#0",
}

// TestCorpusRuns classifies every run of the real corpus alone (without calendar), with max HR
// 190 where the file shows no higher heart rate (else the file's highest cleaned heart rate):
// every run gets a class and its reasons, logged; the runs whose laps or workout steps show
// intervals are intervals, and no other run is.
func TestCorpusRuns(t *testing.T) {
	dir := corpus.Dir(t)
	counts := map[analysis.Class]int{}
	seen := map[string]bool{}
	for _, e := range corpus.Manifest(t) {
		if e.Bad() || e.NonActivity() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		acts, err := importer.Decode(e.File, data, importer.Options{})
		if err != nil && len(acts) == 0 {
			continue // files no decoder reads are the importer's tests' business
		}
		for i := range acts {
			a := &acts[i]
			if a.Sport != activity.SportRunning {
				continue
			}
			s := analysis.Summarize(a)
			p := analysis.DefaultProfile()
			p.MaxHR = 190
			if s.MaxHR > p.MaxHR {
				p.MaxHR = s.MaxHR
			}
			r := analysis.Analyze(a, s, analysis.Context{}, p)
			id := fmt.Sprintf("%s#%d", e.File, a.Source.Session)
			counts[r.Class]++
			seen[id] = true
			t.Logf("%s: %s (max HR %.0f)\n\t%+v", id, r.Class, p.MaxHR, r.Reasons)
			if r.Class == "" || len(r.Reasons) < 2 {
				t.Errorf("%s: class %q with reasons %+v", id, r.Class, r.Reasons)
			}
			if want := slices.Contains(corpusIntervals, id); want != (r.Class == analysis.ClassIntervals) {
				t.Errorf("%s: class %s; intervals expected: %v\n\t%+v", id, r.Class, want, r.Reasons)
			}
		}
	}
	t.Logf("classes of the corpus runs: %v", counts)
	for _, id := range corpusIntervals {
		if !seen[id] {
			t.Errorf("%s: not among the corpus runs classified", id)
		}
	}
}
