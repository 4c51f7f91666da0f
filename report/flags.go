package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// Flag is one recovery mistake as the reports print it: where (week, date, activity), its
// number and limit, and a coach's note in words (Message, worded in the rendering's units).
// Value and Limit are numbers in SI units (Fraction for efforts and shares, Float for seconds
// and s/km), []analysis.Class for back_to_back_hard's two classes, or nil.
type Flag struct {
	Kind     analysis.FlagKind `json:"kind"`
	Severity analysis.Severity `json:"severity"`           // warning or advice, on every flag
	Week     string            `json:"week"`               // ISO week of the activity (or the week)
	Date     string            `json:"date,omitempty"`     // the activity's date; absent on week flags
	Activity *int64            `json:"activity,omitempty"` // the activity's id; absent on week flags
	Message  string            `json:"message"`
	Value    any               `json:"value"`
	Limit    any               `json:"limit"`

	// Data is the flag as analysis found it, but for the activities it names: its indices
	// into one build's calendar (Session, Previous, Hard) are cleared, since a report of a
	// window of weeks numbers them otherwise (BuildWindow), and the activities are here as the
	// report has them.
	Data              analysis.Flag `json:"-"`
	subject, previous *Activity
	hard              []*Activity
}

// newFlag renders a flag of analysis about acts (the report's activities, in the calendar's
// order), in week.
func newFlag(f analysis.Flag, acts []Activity, week string) Flag {
	out := Flag{Kind: f.Kind, Severity: f.Severity, Week: week, Data: f}
	if f.Session >= 0 {
		a := &acts[f.Session]
		id := a.ID
		out.subject, out.Date, out.Activity = a, a.Date, &id
	}
	if f.Previous >= 0 {
		out.previous = &acts[f.Previous]
	}
	for _, i := range f.Hard {
		out.hard = append(out.hard, &acts[i])
	}
	out.Data.Session, out.Data.Previous, out.Data.Hard = -1, -1, nil
	switch f.Kind {
	case analysis.FlagRecoveryTooHard, analysis.FlagEasyTooHard:
		out.Value, out.Limit = Fraction(f.Value), Fraction(f.Limit)
	case analysis.FlagBackToBackHard:
		out.Value = f.Classes
	default:
		out.Value, out.Limit = Float(f.Value), Float(f.Limit)
	}
	return out
}

// session is an activity as the flag rules see it.
func session(a *Activity) analysis.Session {
	return analysis.Session{Day: dayNumber(a.Day), Sport: activity.Sport(a.Sport), Class: a.Class, Hard: a.Hard,
		Effort: float64(a.Effort), EffortSource: a.EffortSource, EffortS: a.EffortS, AboveCeilingS: a.AboveCeilingS,
		AboveEasyS: a.AboveEasyS, MovingS: float64(a.MovingS), PaceSPerKm: float64(a.PaceSPerKm), GAPSPerKm: float64(a.GAPSPerKm)}
}

// message words a flag as a coach's note, in units u, under profile p. A flag the season made
// (load_spike, fatigued) came worded: its message stays.
func (u units) message(f *Flag, p analysis.Profile) string {
	a, d := f.subject, f.Data
	if d.Kind == "" {
		return f.Message
	}
	switch f.Kind {
	case analysis.FlagRecoveryTooHard:
		return u.tooHard(a, d, p, recoveryRule(a, p))
	case analysis.FlagEasyTooHard:
		return u.tooHard(a, d, p, easyRule(a, p))
	case analysis.FlagRecoveryTooFast:
		pace, limit, what := d.Value, d.Limit, "pace"
		if gapDiffers(a) {
			what = "grade-adjusted pace" // within GAPShownS of the pace it is the pace, for words
		}
		return fmt.Sprintf("%s recovery run: %s %s%s, faster than your recovery limit of %s (marathon pace %s + %s). Run slower than %s.",
			day(a), what, u.paceVs(pace, limit), u.onTheClock(a), u.paceWords(limit), u.paceWords(p.MarathonPace), clock(u.perUnit(analysis.RecoveryPaceMarginS)), u.paceWords(limit))
	case analysis.FlagRecoveryTooLong:
		lim := minutes(d.Limit / 60)
		return fmt.Sprintf("%s recovery run: %s moving, beyond your %s limit for recovery runs. Keep recovery runs under %s.",
			day(a), clockVs(d.Value, d.Limit), lim, lim)
	case analysis.FlagBackToBackHard:
		b := f.previous
		return fmt.Sprintf("%s %s the day after %s %s, with no recovery or rest between. Put a rest day or a recovery run between hard sessions.",
			day(a), noun(a), day(b), noun(b))
	case analysis.FlagNoRecovery:
		return noRecoveryMessage(f, p)
	}
	return string(f.Kind)
}

// GAPShownS: reports show the grade-adjusted pace beside the pace when the two differ by more
// than this, s/km.
const GAPShownS = 5.0

// gapDiffers reports whether a's grade-adjusted pace is worth showing beside its pace.
func gapDiffers(a *Activity) bool {
	return math.Abs(float64(a.GAPSPerKm)-float64(a.PaceSPerKm)) > GAPShownS
}

// onTheClock names a's raw pace after its grade-adjusted one, where they differ by more than
// GAPShownS: " (5:10/km on the clock, 80 m up, 80 m down)"; "" otherwise.
func (u units) onTheClock(a *Activity) string {
	if !gapDiffers(a) {
		return ""
	}
	return fmt.Sprintf(" (%s on the clock, %s up, %s down)", u.paceWords(float64(a.PaceSPerKm)),
		u.elevation(float64(a.AscentM)), u.elevation(float64(a.DescentM)))
}

// ceilingRule is a ceiling a run's effort is held to: recoveryRule or easyRule.
type ceilingRule struct {
	run     string  // "recovery run", "easy run"
	ceiling float64 // effort 0–1
	name    string  // "ceiling", "easy ceiling"
	hr      float64 // the heart rate at the ceiling under the run's model; NaN unknown
	advice  string  // after the numbers, before how to stay under it; "" for none
}

// recoveryRule holds a recovery run to the recovery ceiling.
func recoveryRule(a *Activity, p analysis.Profile) ceilingRule {
	return ceilingRule{run: "recovery run", ceiling: p.RecoveryCeiling, name: "ceiling", hr: a.CeilingHR}
}

// easyRule holds an easy run to the easy ceiling.
func easyRule(a *Activity, p analysis.Profile) ceilingRule {
	hr := analysis.HRAtEffort(p, a.EffortModel, p.EasyCeiling)
	if a.EffortSource != analysis.EffortFromHR {
		hr = math.NaN()
	}
	return ceilingRule{run: "easy run", ceiling: p.EasyCeiling, name: "easy ceiling", hr: hr,
		advice: "That is the grey zone between easy and tempo: too hard to recover from, too easy to make you faster."}
}

// tooHard words a recovery_too_hard or easy_too_hard flag under its rule.
func (u units) tooHard(a *Activity, d analysis.Flag, p analysis.Profile, r ceilingRule) string {
	ceil := r.ceiling
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s", day(a), r.run, effortPhrase(a, p, ceil))
	span := ""
	if d.TotalS > 0 && d.AboveS > 0 {
		span = fmt.Sprintf("%.0f of %.0f min", math.Round(d.AboveS/60), math.Round(d.TotalS/60))
	}
	if d.OverAverage {
		fmt.Fprintf(&b, ", above your %s %s", pct(ceil), r.name)
		if span != "" {
			fmt.Fprintf(&b, " for %s", span)
		}
		b.WriteString(".")
	} else {
		fmt.Fprintf(&b, ", within your %s %s on average, but above it for %s (%s of the time; at most %s).",
			pct(ceil), r.name, span, pctVs(d.Value, d.Limit), pct(d.Limit))
	}
	if r.advice != "" {
		b.WriteString(" " + r.advice)
	}
	b.WriteString(" " + u.slowDown(a, p, d.OverAverage, ceil, r.hr))
	return b.String()
}

// noRecoveryMessage words a week's no_recovery flag: as advice when rest days followed every
// hard session, as a warning otherwise.
func noRecoveryMessage(f *Flag, p analysis.Profile) string {
	hard := make([]string, len(f.hard))
	for i, a := range f.hard {
		hard[i] = a.Time.Format("Mon") + " " + noun(a)
	}
	if f.Severity == analysis.SeverityAdvice {
		easy := "an easy run"
		if !math.IsNaN(p.RecoveryMaxMin) {
			easy = fmt.Sprintf("an easy %g–%s run", analysis.RecoveryMinMin, minutes(p.RecoveryMaxMin))
		}
		if hr := ceilingHR(p, ""); !math.IsNaN(hr) {
			easy += fmt.Sprintf(" below %.0f bpm", math.Round(hr))
		}
		return fmt.Sprintf("Week %s: %s (%s), each followed by a rest day: that is recovery. Next time, %s (or an easy walk, swim or ride) instead of one of the rest days clears fatigue faster than rest alone.",
			f.Week, plural(len(hard), "hard session", "hard sessions"), strings.Join(hard, ", "), easy)
	}
	var limits []string
	if !math.IsNaN(p.RecoveryMaxMin) {
		limits = append(limits, "under "+minutes(p.RecoveryMaxMin))
	}
	if hr := ceilingHR(p, ""); !math.IsNaN(hr) {
		limits = append(limits, fmt.Sprintf("below %.0f bpm", math.Round(hr)))
	}
	advice := strings.Join(append([]string{"a recovery run"}, strings.Join(limits, " and ")), " ")
	return fmt.Sprintf("Week %s: %s (%s) and not one recovery session. After a hard day, go for %s, or an easy walk, swim or ride.",
		f.Week, plural(len(hard), "hard session", "hard sessions"), strings.Join(hard, ", "), advice)
}

// effortPhrase says what the average effort of a was, in the words of its effort model, to
// the precision that tells it from the ceiling.
func effortPhrase(a *Activity, p analysis.Profile, ceiling float64) string {
	avg, hr := float64(a.Effort), float64(a.AvgHR)
	e := pctVs(avg, ceiling)
	if a.EffortSource == analysis.EffortFromPace {
		return fmt.Sprintf("average effort %s by pace (no heart rate)", e)
	}
	if math.IsNaN(hr) {
		return "average effort " + e
	}
	switch model(a, p) {
	case analysis.ModelHRR:
		if !math.IsNaN(p.MaxHR) {
			return fmt.Sprintf("average HR %.0f bpm = %s of %s", hr, e, heartRateReserve(p))
		}
	case analysis.ModelLTHR:
		if !math.IsNaN(p.LTHR) {
			return fmt.Sprintf("average HR %.0f bpm (%s of LTHR %.0f) = effort %s", hr, pct(hr/p.LTHR), p.LTHR, e)
		}
	default:
		if !math.IsNaN(p.MaxHR) {
			return fmt.Sprintf("average HR %.0f bpm = %s of max %.0f", hr, e, p.MaxHR)
		}
	}
	return fmt.Sprintf("average HR %.0f bpm = effort %s", hr, e)
}

// slowDown advises how to stay under the ceiling (an effort; hr the heart rate at it, NaN when
// unknown): a heart rate with HR-based effort, a (grade-adjusted) pace with pace-based effort.
// overAvg says the average itself was too high (else only part of the run).
func (u units) slowDown(a *Activity, p analysis.Profile, overAvg bool, ceiling, hr float64) string {
	verb := "Slow down to"
	if !overAvg {
		verb = "Stay"
	}
	if a.EffortSource == analysis.EffortFromHR && !math.IsNaN(hr) {
		return fmt.Sprintf("%s below %.0f bpm.", verb, math.Round(hr))
	}
	if pace := analysis.PaceAtEffort(ceiling, p.MarathonPace); a.EffortSource == analysis.EffortFromPace && !math.IsNaN(pace) {
		if overAvg {
			return fmt.Sprintf("Slow down to slower than %s.", u.paceWords(pace))
		}
		return fmt.Sprintf("Stay slower than %s.", u.paceWords(pace))
	}
	return fmt.Sprintf("%s below %s effort.", verb, pct(ceiling))
}

// bySeverity orders flags warnings first, advice after, each kind keeping its order.
func bySeverity(fs []Flag) {
	slices.SortStableFunc(fs, func(a, b Flag) int { return a.Severity.Rank() - b.Severity.Rank() })
}

// heartRateReserve names the range of the hrr model: "your heart-rate reserve (50–190 bpm)".
// The resting HR is the one the analysis takes (analysis.Profile.Resting): without one in the
// profile, analysis.DefaultRestingHR, said to be assumed: "(60–190 bpm, resting HR 60 assumed)".
func heartRateReserve(p analysis.Profile) string {
	rest := p.Resting()
	if p.RestingHR > 0 {
		return fmt.Sprintf("your heart-rate reserve (%.0f–%.0f bpm)", rest, p.MaxHR)
	}
	return fmt.Sprintf("your heart-rate reserve (%.0f–%.0f bpm, resting HR %.0f assumed)", rest, p.MaxHR, rest)
}

// effortScale says what an effort measures a heart rate against under effort model m (hrmax
// when empty), for the legends: "of your maximum", "of your heart-rate reserve", "heart rate /
// LTHR × 0.90".
func effortScale(m analysis.EffortModel) string {
	switch m {
	case analysis.ModelHRR:
		return "of your heart-rate reserve"
	case analysis.ModelLTHR:
		return fmt.Sprintf("heart rate / LTHR × %.2f", analysis.LTHREffort)
	}
	return "of your maximum"
}

// model is the effort model a's effort was measured with.
func model(a *Activity, p analysis.Profile) analysis.EffortModel {
	if a.EffortModel != "" {
		return a.EffortModel
	}
	return p.EffortModel
}

// ceilingHR is the heart rate at the recovery ceiling under effort model m (the profile's when
// empty); NaN when the profile lacks what the model needs.
func ceilingHR(p analysis.Profile, m analysis.EffortModel) float64 {
	return analysis.HRAtEffort(p, m, p.RecoveryCeiling)
}

// day names an activity's date as a coach writes it: "Thu 20 Nov".
func day(a *Activity) string { return a.Day.Format("Mon 2 Jan") }

// noun names a session: "recovery run", "interval session", "walk", ...
func noun(a *Activity) string {
	switch a.Class {
	case analysis.ClassRace:
		return "race"
	case analysis.ClassIntervals:
		return "interval session"
	case analysis.ClassLong:
		return "long run"
	case analysis.ClassRecovery:
		return "recovery run"
	case analysis.ClassTempo:
		return "tempo run"
	case analysis.ClassEasy:
		return "easy run"
	}
	if n := activity.Sport(a.Sport).Noun(); n != "" {
		return n
	}
	return "session"
}
