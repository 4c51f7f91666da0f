package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/easyday/easyday/activity"
)

// Classification rules (DESIGN.md "Analysis rules", classes). Efforts are on the 0–1 scale of
// EffortOf.
const (
	// TempoEffort and TempoMinS: a tempo run holds TempoEffort or more for TempoMinS or longer.
	TempoEffort = 0.80
	TempoMinS   = 15 * 60.0
	// RaceEffort, RaceMinS and RaceShare: a near-maximal sustained effort, a race even when the
	// file does not say so, holds RaceEffort or more (at 10K to half-marathon effort: about
	// 0.88–0.95 of max HR) for RaceMinS or longer and over RaceShare of the moving time, so
	// that a threshold block inside a workout, with its warm-up and cool-down, is not one.
	RaceEffort = 0.88
	RaceMinS   = 15 * 60.0
	RaceShare  = 0.6
	// DipS: a sustained effort may dip below its level for at most this long at a time (a
	// corner, a drink, a traffic light with the timer running) without ending.
	DipS = 30.0
)

// raceWords are the words in an activity's name that say race. A word followed by one of
// notRaceAfter ("marathon pace", "10k tempo") or preceded by one of notRaceBefore ("pre-race
// shakeout", "easy 10k") does not count.
var (
	raceWords = []string{"race", "racing", "wettkampf", "rennen", "parkrun", "marathon", "halfmarathon",
		"halbmarathon", "half", "volkslauf", "5k", "10k", "15k", "21k", "42k"}
	notRaceAfter = []string{"pace", "tempo", "effort", "sim", "simulation", "prep", "training", "plan",
		"specific", "hour", "way", "recovery", "shakeout", "easy", "jog", "steady", "long"}
	notRaceBefore = []string{"pre", "post", "after", "before", "vor", "nach", "easy", "jog", "steady",
		"long", "recovery", "training"}
	// recoveryWords are the words in an activity's name that say recovery ("shake out" and
	// "shake-out" are read as "shakeout").
	recoveryWords = []string{"recovery", "regeneration", "regen", "regenerative", "regenerationslauf",
		"shakeout", "erholung", "erholungslauf", "recuperation", "récupération", "recup", "récup",
		"recuperación"}
)

// Classify decides an activity's class in DESIGN.md's order, with its reasons in words and
// numbers, the decisive one first:
//
//  1. cross: the sport is not running (walking, hiking, cycling, swimming, other).
//  2. race: the name says race (raceWords as words: "10K race", "Parkrun", "Halbmarathon"), or
//     a near-maximal sustained effort (RaceEffort for RaceMinS and RaceShare of moving time).
//  3. intervals: MinWorkBouts or more work bouts (st) clearly harder than the recoveries
//     between them (Structure.ClearlyHarder).
//  4. long: moving time at or beyond the profile's long_run_min.
//  5. recovery: the calendar day before (ctx) held a hard session, or the name says recovery
//     (recoveryWords), whatever the effort.
//  6. tempo: TempoEffort or more sustained for TempoMinS or longer: the longest stretch of
//     moving time whose effort, smoothed by a 20 s rolling median, stays at or above the
//     level, dips of up to DipS each allowed; from heart rate or, without it, from pace.
//  7. easy: every other run.
//
// Without calendar context (ctx.Known false) a reason says so; the effort reason says where
// the effort came from, or why it is unknown (it is never guessed into a class).
func Classify(a *activity.Activity, s Summary, e Effort, st Structure, ctx Context, p Profile) (Class, []string) {
	return classify(newSeries(a, p), s, e, st, ctx, p)
}

// Analyze analyses one activity: its effort, its structure and its class.
func Analyze(a *activity.Activity, s Summary, ctx Context, p Profile) Result {
	sr := newSeries(a, p)
	e := sr.summary(p)
	st := sr.structure()
	c, why := classify(sr, s, e, st, ctx, p)
	return Result{Class: c, Hard: c.Hard(), Reasons: why, Effort: e, Structure: st, Hills: sr.hills}
}

func classify(sr *series, s Summary, e Effort, st Structure, ctx Context, p Profile) (Class, []string) {
	a := sr.a
	var notes []string // what the decisive reason is followed by
	done := func(c Class, why ...string) (Class, []string) {
		why = append(why, notes...)
		why = append(why, effortReason(sr, e, p))
		if !ctx.Known {
			why = append(why, "calendar context unknown: classified alone, without the day before")
		}
		return c, why
	}
	long := p.LongRunMin * 60
	longWhy := func(cmp string) string {
		return fmt.Sprintf("moving time %s %s long run threshold %s", hms(s.MovingS), cmp, minutesWords(p.LongRunMin))
	}

	if a.Sport != activity.SportRunning {
		sport := string(a.Sport)
		if sport == "" {
			sport = "unknown"
		}
		if a.SubSport != "" && a.SubSport != "generic" {
			sport += " (" + a.SubSport + ")"
		}
		return done(ClassCross, fmt.Sprintf("sport %s is not running: cross-training", sport))
	}

	if w := nameSays(a.Name, raceWords, notRaceAfter, notRaceBefore); w != "" {
		return done(ClassRace, fmt.Sprintf("name %q says race (%q)", a.Name, w))
	}
	known := e.Source != EffortFromUnknown
	if known {
		r := sr.longestStretch(RaceEffort)
		if r.dur >= RaceMinS && r.dur >= RaceShare*e.MovingS {
			return done(ClassRace, fmt.Sprintf("near-maximal sustained effort: %s at ≥ %.2f (average %.2f), %.0f%% of moving time ≥ %.0f%% and ≥ %s",
				hms(r.dur), RaceEffort, r.avg, 100*r.dur/e.MovingS, 100*RaceShare, minutesWords(RaceMinS/60)))
		}
	}

	if st.WorkBouts >= MinWorkBouts && st.ClearlyHarder() {
		return done(ClassIntervals, structureReason(st))
	}
	if st.WorkBouts > 0 {
		why := fmt.Sprintf("fewer than %d work bouts", MinWorkBouts)
		if st.WorkBouts >= MinWorkBouts {
			why = "not clearly harder than the recoveries"
		}
		notes = append(notes, structureReason(st)+": "+why)
	}

	if s.MovingS >= long {
		return done(ClassLong, longWhy("≥"))
	}

	if ctx.Known {
		var hard []string
		for _, c := range ctx.PreviousDay {
			if c.Hard() && !slices.Contains(hard, string(c)) {
				hard = append(hard, string(c))
			}
		}
		if len(hard) > 0 {
			return done(ClassRecovery, fmt.Sprintf("the day before held %s (hard): a recovery run, whatever its effort", strings.Join(hard, " and ")))
		}
	}
	if w := nameSays(a.Name, recoveryWords, nil, nil); w != "" {
		return done(ClassRecovery, fmt.Sprintf("name %q says recovery (%q), whatever its effort", a.Name, w))
	}
	if ctx.Known {
		day := "no session the day before"
		if len(ctx.PreviousDay) > 0 {
			var cs []string
			for _, c := range ctx.PreviousDay {
				cs = append(cs, string(c))
			}
			day = "the day before held " + strings.Join(cs, ", ") + ": none hard"
		}
		notes = append(notes, day)
	}

	if !known {
		return done(ClassEasy, "effort unknown: no sustained effort can be told", longWhy("<"))
	}
	t := sr.longestStretch(TempoEffort)
	if t.dur >= TempoMinS {
		return done(ClassTempo, fmt.Sprintf("sustained effort ≥ %.2f for %s (average %.2f) ≥ %s",
			TempoEffort, hms(t.dur), t.avg, minutesWords(TempoMinS/60)))
	}
	return done(ClassEasy, fmt.Sprintf("no sustained effort: the longest at ≥ %.2f lasts %s < %s",
		TempoEffort, hms(t.dur), minutesWords(TempoMinS/60)), longWhy("<"))
}

// effortReason says how the effort was measured, or why it is unknown.
func effortReason(sr *series, e Effort, p Profile) string {
	switch e.Source {
	case EffortFromHR:
		var how string
		switch e.Model {
		case ModelLTHR:
			how = fmt.Sprintf("lthr: HR / LTHR %.0f bpm × %.2f", p.LTHR, LTHREffort)
		case ModelHRR:
			how = fmt.Sprintf("hrr: (HR − resting %.0f) / (max %.0f − resting) bpm", p.Resting(), p.MaxHR)
			if !(p.RestingHR > 0) {
				how += fmt.Sprintf(", resting HR unknown: %.0f bpm assumed", DefaultRestingHR)
			}
		default:
			how = fmt.Sprintf("hrmax: HR / max %.0f bpm", p.MaxHR)
		}
		return fmt.Sprintf("average effort %.2f from heart rate (%s), %s above the recovery ceiling %.2f",
			e.Avg, how, hms(e.AboveCeilingS), p.RecoveryCeiling)
	case EffortFromPace:
		return fmt.Sprintf("%s: average effort %.2f from pace against marathon pace %s (%s = %.2f, %s = %.2f)",
			sr.why, e.Avg, paceWords(p.MarathonPace), paceWords(p.MarathonPace), PaceEffortMarathon,
			paceWords(p.MarathonPace+PaceEasyOffsetS), PaceEffortEasy)
	}
	switch {
	case sr.a.Sport != activity.SportRunning:
		return sr.why + ": effort unknown (effort from pace is for runs only)"
	case !(p.MarathonPace > 0):
		return sr.why + " and no marathon pace: effort unknown"
	}
	return sr.why + " and no speed: effort unknown"
}

// structureReason describes the bouts found: "5 work bouts (lap intensity): 4:02/km vs
// 6:10/km recoveries, heart rate 171 vs 138 bpm".
func structureReason(st Structure) string {
	b := fmt.Sprintf("%d work bouts (%s", st.WorkBouts, st.From)
	if st.WorkBouts == 1 {
		b = fmt.Sprintf("1 work bout (%s", st.From)
	}
	b += fmt.Sprintf(", %s of work, %s of recovery)", hms(st.WorkS), hms(st.RecoveryS))
	var parts []string
	if st.WorkPaceSPerKm > 0 && st.RecoveryPaceSPerKm > 0 {
		parts = append(parts, fmt.Sprintf("%s vs %s recoveries", paceWords(st.WorkPaceSPerKm), paceWords(st.RecoveryPaceSPerKm)))
	}
	if st.WorkHR > 0 && st.RecoveryHR > 0 {
		parts = append(parts, fmt.Sprintf("heart rate %.0f vs %.0f bpm", st.WorkHR, st.RecoveryHR))
	}
	if !math.IsNaN(st.WorkEffort) && !math.IsNaN(st.RecoveryEffort) {
		parts = append(parts, fmt.Sprintf("effort %.2f vs %.2f", st.WorkEffort, st.RecoveryEffort))
	}
	if len(parts) > 0 {
		b += ": " + strings.Join(parts, ", ")
	}
	return b
}

// sustained is a stretch of sustained effort: its length (moving seconds, dips included) and average.
type sustained struct{ dur, avg float64 }

// longestStretch returns the longest stretch of moving time whose smoothed effort stays at or
// above level, with dips below it of at most DipS each.
func (sr *series) longestStretch(level float64) sustained {
	t := sr.t
	sm := sr.smoothedEffort()
	var best sustained
	first, last := -1, -1 // samples of the current stretch
	var end float64       // axis time where its last sample above the level ends
	closeCur := func() {
		if first < 0 {
			return
		}
		if d := end - t[first]; d > best.dur {
			best = sustained{dur: d, avg: weightedMean(sr.effort[first:last+1], sr.w[first:last+1])}
		}
		first = -1
	}
	for i, v := range sm {
		if sr.w[i] <= 0 || !(v >= level) {
			continue
		}
		if first >= 0 && t[i]-end > DipS {
			closeCur()
		}
		if first < 0 {
			first = i
		}
		last, end = i, t[i]+sr.w[i]
	}
	closeCur()
	return best
}

// nameSays returns the first of words that the name holds as a word (case-insensitive), not
// followed by one of notAfter nor preceded by one of notBefore; "" when none.
func nameSays(name string, words, notAfter, notBefore []string) string {
	if name == "" {
		return ""
	}
	ws := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	// "shake out" and "shake-out" are "shakeout"
	for k := 0; k+1 < len(ws); k++ {
		if ws[k] == "shake" && ws[k+1] == "out" {
			ws = slices.Replace(ws, k, k+2, "shakeout")
		}
	}
	for k, w := range ws {
		if !slices.Contains(words, w) {
			continue
		}
		if k+1 < len(ws) && slices.Contains(notAfter, ws[k+1]) {
			continue
		}
		if k > 0 && slices.Contains(notBefore, ws[k-1]) {
			continue
		}
		return w
	}
	return ""
}

// hms formats seconds as m:ss, or h:mm:ss from an hour on; "?" for NaN.
func hms(sec float64) string {
	if math.IsNaN(sec) {
		return "?"
	}
	s := int(math.Round(sec))
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// minutesWords formats a number of minutes: "90 min".
func minutesWords(m float64) string { return fmt.Sprintf("%g min", m) }

// paceWords formats seconds per km as m:ss/km; "?" when unknown.
func paceWords(spk float64) string {
	if !(spk > 0) || math.IsInf(spk, 0) {
		return "?"
	}
	s := int(math.Round(spk))
	return fmt.Sprintf("%d:%02d/km", s/60, s%60)
}
