package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/easyday/easyday/analysis"
)

// Reasons words an analysis's reasons in units (Options.Units: "metric", "" or "imperial"):
// what list, inspect and the reports print.
func Reasons(rs []analysis.Reason, opts Options) ([]string, error) {
	u, err := opts.units()
	if err != nil {
		return nil, err
	}
	return u.reasons(rs), nil
}

func (u units) reasons(rs []analysis.Reason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = u.reason(r)
	}
	return out
}

// Worded returns a copy of r whose activities' reasons and flags' messages are worded in
// opts.Units. The renderers word what they print; Build leaves the words empty.
func (r Report) Worded(opts Options) (Report, error) {
	u, err := opts.units()
	if err != nil {
		return r, err
	}
	weeks := make([]Week, len(r.Weeks))
	for i := range r.Weeks {
		weeks[i] = u.wordWeek(r.Weeks[i], r.Limits)
	}
	r.Weeks = weeks
	return r, nil
}

// wordWeek returns a copy of wk with its reasons and messages worded in u, under profile p.
func (u units) wordWeek(wk Week, p analysis.Profile) Week {
	wk.Activities = slices.Clone(wk.Activities)
	for i := range wk.Activities {
		a := &wk.Activities[i]
		a.Reasons = u.reasons(a.Why)
		a.Flags = slices.Clone(a.Flags)
		for j := range a.Flags {
			a.Flags[j].Message = u.message(&a.Flags[j], p)
		}
	}
	wk.Flags = slices.Clone(wk.Flags)
	for i := range wk.Flags {
		wk.Flags[i].Message = u.message(&wk.Flags[i], p)
	}
	return wk
}

// reason words one reason of a class: "moving time 1:42:10 ≥ long run threshold 90 min".
func (u units) reason(r analysis.Reason) string {
	v, w := r.V, r.Words
	switch r.Code {
	case analysis.ReasonNotRunning:
		sport := w["sport"]
		if sport == "" {
			sport = "unknown"
		}
		if sub := w["sub_sport"]; sub != "" && sub != "generic" {
			sport += " (" + sub + ")"
		}
		return fmt.Sprintf("sport %s is not running: cross-training", sport)
	case analysis.ReasonNameSaysRace:
		return fmt.Sprintf("name %q says race (%q)", w["name"], w["word"])
	case analysis.ReasonNearMaximal:
		return fmt.Sprintf("near-maximal sustained effort: %s at ≥ %.2f (average %.2f), %.0f%% of moving time ≥ %.0f%% and ≥ %s",
			hms(v("duration_s")), v("level"), v("avg"), 100*v("duration_s")/v("moving_s"), 100*v("min_share"), minuteWords(v("min_s")))
	case analysis.ReasonWorkBouts:
		return u.bouts(r)
	case analysis.ReasonTooFewBouts:
		return u.bouts(r) + fmt.Sprintf(": fewer than %.0f work bouts", v("min_bouts"))
	case analysis.ReasonBoutsNotHarder:
		return u.bouts(r) + ": not clearly harder than the recoveries"
	case analysis.ReasonLong, analysis.ReasonNotLong:
		cmp := "≥"
		if r.Code == analysis.ReasonNotLong {
			cmp = "<"
		}
		return fmt.Sprintf("moving time %s %s long run threshold %s", hms(v("moving_s")), cmp, minuteWords(v("limit_s")))
	case analysis.ReasonAfterHard:
		return fmt.Sprintf("the day before held %s (hard): a recovery run, whatever its effort", classList(r.Classes, " and "))
	case analysis.ReasonNameSaysRecovery:
		return fmt.Sprintf("name %q says recovery (%q), whatever its effort", w["name"], w["word"])
	case analysis.ReasonDayBefore:
		if len(r.Classes) == 0 {
			return "no session the day before"
		}
		return "the day before held " + classList(r.Classes, ", ") + ": none hard"
	case analysis.ReasonNoEffort:
		return "effort unknown: no sustained effort can be told"
	case analysis.ReasonTempo:
		return fmt.Sprintf("sustained effort ≥ %.2f for %s (average %.2f) ≥ %s",
			v("level"), hms(v("duration_s")), v("avg"), minuteWords(v("min_s")))
	case analysis.ReasonNotSustained:
		return fmt.Sprintf("no sustained effort: the longest at ≥ %.2f lasts %s < %s",
			v("level"), hms(v("duration_s")), minuteWords(v("min_s")))
	case analysis.ReasonEffortHR:
		var how string
		switch analysis.EffortModel(w["model"]) {
		case analysis.ModelLTHR:
			how = fmt.Sprintf("lthr: HR / LTHR %.0f bpm × %.2f", v("lthr"), v("lthr_factor"))
		case analysis.ModelHRR:
			how = fmt.Sprintf("hrr: (HR − resting %.0f) / (max %.0f − resting) bpm", v("resting_hr"), v("max_hr"))
			if v("resting_assumed") == 1 {
				how += fmt.Sprintf(", resting HR unknown: %.0f bpm assumed", v("resting_hr"))
			}
		default:
			how = fmt.Sprintf("hrmax: HR / max %.0f bpm", v("max_hr"))
		}
		return fmt.Sprintf("average effort %.2f from heart rate (%s), %s above the recovery ceiling %.2f",
			v("avg"), how, hms(v("above_ceiling_s")), v("ceiling"))
	case analysis.ReasonEffortPace:
		mp := u.paceWords(v("marathon_pace_s_per_km"))
		return fmt.Sprintf("%s: average effort %.2f from pace against marathon pace %s (%s = %.2f, %s = %.2f)",
			w["why"], v("avg"), mp, mp, v("marathon_effort"), u.paceWords(v("easy_pace_s_per_km")), v("easy_effort"))
	case analysis.ReasonEffortNotRun:
		return w["why"] + ": effort unknown (effort from pace is for runs only)"
	case analysis.ReasonEffortNoPace:
		return w["why"] + " and no marathon pace: effort unknown"
	case analysis.ReasonEffortNoSpeed:
		return w["why"] + " and no speed: effort unknown"
	case analysis.ReasonAlone:
		return "calendar context unknown: classified alone, without the day before"
	case analysis.ReasonText:
		return w["text"]
	}
	return string(r.Code) // a code this build does not know (a newer store)
}

// bouts words the work bouts a reason cites: "5 work bouts (lap intensity, 15:00 of work, 8:00
// of recovery): 3:58/km vs 6:40/km recoveries, heart rate 170 vs 140 bpm".
func (u units) bouts(r analysis.Reason) string {
	v := r.V
	b := fmt.Sprintf("%.0f work bouts (%s", v("bouts"), r.Words["from"])
	if v("bouts") == 1 {
		b = fmt.Sprintf("1 work bout (%s", r.Words["from"])
	}
	b += fmt.Sprintf(", %s of work, %s of recovery)", hms(v("work_s")), hms(v("recovery_s")))
	var parts []string
	if wp, rp := v("work_pace_s_per_km"), v("recovery_pace_s_per_km"); wp > 0 && rp > 0 {
		parts = append(parts, fmt.Sprintf("%s vs %s recoveries", u.paceWords(wp), u.paceWords(rp)))
	}
	if wh, rh := v("work_hr"), v("recovery_hr"); wh > 0 && rh > 0 {
		parts = append(parts, fmt.Sprintf("heart rate %.0f vs %.0f bpm", wh, rh))
	}
	if we, re := v("work_effort"), v("recovery_effort"); !math.IsNaN(we) && !math.IsNaN(re) {
		parts = append(parts, fmt.Sprintf("effort %.2f vs %.2f", we, re))
	}
	if len(parts) > 0 {
		b += ": " + strings.Join(parts, ", ")
	}
	return b
}

// paceWords formats seconds per km as m:ss/km or m:ss/mi; "?" when unknown.
func (u units) paceWords(sPerKm float64) string {
	if !(sPerKm > 0) || math.IsInf(sPerKm, 0) {
		return "?"
	}
	return u.pace(sPerKm) + "/" + u.distanceUnit()
}

// hms formats seconds as clock does, "?" when unknown.
func hms(s float64) string {
	if math.IsNaN(s) {
		return "?"
	}
	return clock(s)
}

// minuteWords formats seconds as whole or fractional minutes: "90 min".
func minuteWords(s float64) string { return strconv.FormatFloat(s/60, 'g', -1, 64) + " min" }

// classList joins classes: "intervals and long".
func classList(cs []analysis.Class, sep string) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, sep)
}
