package analysis

import (
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

// Classify decides an activity's class in DESIGN.md's order, with its reasons as data (report
// words them), the decisive one first:
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
func Classify(a *activity.Activity, s Summary, e Effort, st Structure, ctx Context, p Profile) (Class, []Reason) {
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

func classify(sr *series, s Summary, e Effort, st Structure, ctx Context, p Profile) (Class, []Reason) {
	a := sr.a
	var notes []Reason // what the decisive reason is followed by
	done := func(c Class, why ...Reason) (Class, []Reason) {
		why = append(why, notes...)
		why = append(why, effortReason(sr, e, p))
		if !ctx.Known {
			why = append(why, Reason{Code: ReasonAlone})
		}
		return c, why
	}
	long := p.LongRunMin * 60
	longWhy := func(code ReasonCode) Reason {
		return Reason{Code: code, Values: map[string]float64{"moving_s": s.MovingS, "limit_s": long}}
	}

	if a.Sport != activity.SportRunning {
		return done(ClassCross, Reason{Code: ReasonNotRunning, Words: map[string]string{"sport": string(a.Sport), "sub_sport": a.SubSport}})
	}

	if w := nameSays(a.Name, raceWords, notRaceAfter, notRaceBefore); w != "" {
		return done(ClassRace, Reason{Code: ReasonNameSaysRace, Words: map[string]string{"name": a.Name, "word": w}})
	}
	known := e.Source != EffortFromUnknown
	if known {
		r := sr.longestStretch(RaceEffort)
		if r.dur >= RaceMinS && r.dur >= RaceShare*e.MovingS {
			return done(ClassRace, Reason{Code: ReasonNearMaximal, Values: map[string]float64{"duration_s": r.dur,
				"level": RaceEffort, "avg": r.avg, "moving_s": e.MovingS, "min_share": RaceShare, "min_s": RaceMinS}})
		}
	}

	if st.WorkBouts >= MinWorkBouts && st.ClearlyHarder() {
		return done(ClassIntervals, structureReason(ReasonWorkBouts, st))
	}
	if st.WorkBouts > 0 {
		code := ReasonTooFewBouts
		if st.WorkBouts >= MinWorkBouts {
			code = ReasonBoutsNotHarder
		}
		notes = append(notes, structureReason(code, st))
	}

	if s.MovingS >= long {
		return done(ClassLong, longWhy(ReasonLong))
	}

	if ctx.Known {
		var hard []Class
		for _, c := range ctx.PreviousDay {
			if c.Hard() && !slices.Contains(hard, c) {
				hard = append(hard, c)
			}
		}
		if len(hard) > 0 {
			return done(ClassRecovery, Reason{Code: ReasonAfterHard, Classes: hard})
		}
	}
	if w := nameSays(a.Name, recoveryWords, nil, nil); w != "" {
		return done(ClassRecovery, Reason{Code: ReasonNameSaysRecovery, Words: map[string]string{"name": a.Name, "word": w}})
	}
	if ctx.Known {
		notes = append(notes, Reason{Code: ReasonDayBefore, Classes: slices.Clone(ctx.PreviousDay)})
	}

	if !known {
		return done(ClassEasy, Reason{Code: ReasonNoEffort}, longWhy(ReasonNotLong))
	}
	t := sr.longestStretch(TempoEffort)
	if t.dur >= TempoMinS {
		return done(ClassTempo, Reason{Code: ReasonTempo, Values: map[string]float64{"level": TempoEffort,
			"duration_s": t.dur, "avg": t.avg, "min_s": TempoMinS}})
	}
	return done(ClassEasy, Reason{Code: ReasonNotSustained, Values: map[string]float64{"level": TempoEffort,
		"duration_s": t.dur, "min_s": TempoMinS}}, longWhy(ReasonNotLong))
}

// effortReason says how the effort was measured, or why it is unknown.
func effortReason(sr *series, e Effort, p Profile) Reason {
	switch e.Source {
	case EffortFromHR:
		assumed := 0.0
		if !(p.RestingHR > 0) {
			assumed = 1
		}
		return Reason{Code: ReasonEffortHR, Words: map[string]string{"model": string(e.Model)},
			Values: map[string]float64{"avg": e.Avg, "above_ceiling_s": e.AboveCeilingS, "ceiling": p.RecoveryCeiling,
				"max_hr": p.MaxHR, "resting_hr": p.Resting(), "resting_assumed": assumed, "lthr": p.LTHR, "lthr_factor": LTHREffort}}
	case EffortFromPace:
		return Reason{Code: ReasonEffortPace, Words: map[string]string{"why": sr.why},
			Values: map[string]float64{"avg": e.Avg, "marathon_pace_s_per_km": p.MarathonPace, "marathon_effort": PaceEffortMarathon,
				"easy_pace_s_per_km": p.MarathonPace + PaceEasyOffsetS, "easy_effort": PaceEffortEasy}}
	}
	why := map[string]string{"why": sr.why}
	switch {
	case sr.a.Sport != activity.SportRunning:
		return Reason{Code: ReasonEffortNotRun, Words: why}
	case !(p.MarathonPace > 0):
		return Reason{Code: ReasonEffortNoPace, Words: why}
	}
	return Reason{Code: ReasonEffortNoSpeed, Words: why}
}

// structureReason cites the bouts found, under code.
func structureReason(code ReasonCode, st Structure) Reason {
	return Reason{Code: code, Words: map[string]string{"from": st.From}, Values: map[string]float64{
		"bouts": float64(st.WorkBouts), "work_s": st.WorkS, "recovery_s": st.RecoveryS,
		"work_pace_s_per_km": st.WorkPaceSPerKm, "recovery_pace_s_per_km": st.RecoveryPaceSPerKm,
		"work_hr": st.WorkHR, "recovery_hr": st.RecoveryHR, "work_effort": st.WorkEffort,
		"recovery_effort": st.RecoveryEffort, "min_bouts": MinWorkBouts}}
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
