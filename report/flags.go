package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// FlagKind names a recovery mistake (DESIGN.md "Weekly report").
type FlagKind string

// The flags, in the order an activity lists them.
const (
	// FlagRecoveryTooHard: a recovery run's average effort is above the recovery ceiling
	// (value: the average effort, limit: the ceiling), or over MaxShareAboveCeiling of its
	// moving time was above it (value: that share, limit: 0.20). Moving time here is the time the
	// effort was measured over (analysis.Effort.MovingS). Unknown effort is never flagged.
	FlagRecoveryTooHard FlagKind = "recovery_too_hard"
	// FlagRecoveryTooFast: a recovery run's pace is faster than marathon pace + 60 s/km
	// (value: the pace, limit: marathon pace + 60, both s/km): its grade-adjusted pace where
	// it has elevation, so that a run downhill is not too fast for its speed alone. Only with
	// a known marathon pace.
	FlagRecoveryTooFast FlagKind = "recovery_too_fast"
	// FlagRecoveryTooLong: a recovery run's moving time is beyond recovery_max_min (value: the
	// moving time, limit: recovery_max_min, both in seconds).
	FlagRecoveryTooLong FlagKind = "recovery_too_long"
	// FlagBackToBackHard: a hard session on the calendar day after a hard session, with no
	// recovery session between them (value: the two classes, earlier first; limit: null).
	FlagBackToBackHard FlagKind = "back_to_back_hard"
	// FlagNoRecovery: a week with hard sessions and not one recovery session (value: the
	// recovery sessions, 0; limit: the fewest wanted, 1). A week flag: no date, no activity. A
	// warning when a hard session was followed by neither rest nor recovery; advice when rest
	// days followed every one of them (rest is recovery; an easy run instead of one of them
	// clears fatigue faster).
	FlagNoRecovery FlagKind = "no_recovery"
	// FlagEasyTooHard: an easy run's average effort is above the easy ceiling (value: the
	// average effort, limit: the ceiling), or over MaxShareAboveEasy of its moving time was
	// above it (value: that share, limit: 0.30): the grey zone between easy and tempo. Unknown
	// effort is never flagged.
	FlagEasyTooHard FlagKind = "easy_too_hard"
)

// Severity says how much a flag matters: a mistake to correct, or advice on what would work
// better.
type Severity string

// The severities, in the order reports list them.
const (
	SeverityWarning Severity = "warning"
	SeverityAdvice  Severity = "advice"
)

// Flag rules beyond the profile's own limits.
const (
	// MaxShareAboveCeiling: a recovery run may spend up to this share of its moving time above
	// the recovery ceiling.
	MaxShareAboveCeiling = 0.20
	// RecoveryPaceMarginS: a recovery run should be slower than marathon pace plus this, s/km.
	RecoveryPaceMarginS = 60.0
	// MaxShareAboveEasy: an easy run may spend up to this share of its moving time above the
	// easy ceiling.
	MaxShareAboveEasy = 0.30
	// RecoveryMinMin is the shortest recovery run worth going for, minutes (DESIGN.md: 20–45
	// min by level).
	RecoveryMinMin = 20.0
)

// Flag is one recovery mistake with its number and limit, and a coach's note in words. Value and
// Limit are numbers in SI units (Fraction for efforts and shares, Float for seconds and s/km),
// []analysis.Class for back_to_back_hard's two classes, or nil.
type Flag struct {
	Kind     FlagKind `json:"kind"`
	Severity Severity `json:"severity"`           // SeverityWarning or SeverityAdvice, on every flag
	Week     string   `json:"week"`               // ISO week of the activity (or the week)
	Date     string   `json:"date,omitempty"`     // the activity's date; absent on week flags
	Activity *int64   `json:"activity,omitempty"` // the activity's id; absent on week flags
	Message  string   `json:"message"`
	Value    any      `json:"value"`
	Limit    any      `json:"limit"`
}

// calendar indexes activities by local calendar day.
type calendar struct {
	acts  []Activity
	byDay map[int64][]int // day number → indices into acts, in start order
}

func newCalendar(acts []Activity) *calendar {
	c := &calendar{acts: acts, byDay: make(map[int64][]int)}
	for i := range acts {
		n := dayNumber(acts[i].Day)
		c.byDay[n] = append(c.byDay[n], i)
	}
	return c
}

// hardDayBefore returns the index of the last hard session on the calendar day before acts[i]'s,
// or -1.
func (c *calendar) hardDayBefore(i int) int {
	prev := c.byDay[dayNumber(c.acts[i].Day)-1]
	for k := len(prev) - 1; k >= 0; k-- {
		if c.acts[prev[k]].Hard {
			return prev[k]
		}
	}
	return -1
}

// restful reports whether a is a recovery-like session: a recovery run, or a
// cross-training session (walk, hike, ride, swim, other) whose average effort is at or below
// the recovery ceiling, or unknown.
func restful(a *Activity, p analysis.Profile) bool {
	switch a.Class {
	case analysis.ClassRecovery:
		return true
	case analysis.ClassCross:
		e := float64(a.Effort)
		return math.IsNaN(e) || e <= p.RecoveryCeiling
	}
	return false
}

// recoverySession reports whether acts[i] counts as recovery for no_recovery: a recovery run,
// or a restful cross-training session on the day after a hard session.
func (c *calendar) recoverySession(i int, p analysis.Profile) bool {
	a := &c.acts[i]
	if a.Class == analysis.ClassRecovery {
		return true
	}
	return a.Class == analysis.ClassCross && restful(a, p) && c.hardDayBefore(i) >= 0
}

// activityFlags returns the flags of acts[i], in FlagKind order.
func activityFlags(c *calendar, i int, p analysis.Profile) []Flag {
	a := &c.acts[i]
	out := []Flag{}
	add := func(k FlagKind, value, limit any, msg string) {
		id := a.ID
		out = append(out, Flag{Kind: k, Severity: SeverityWarning, Week: isoWeek(monday(a.Day)), Date: a.Date,
			Activity: &id, Message: msg, Value: value, Limit: limit})
	}
	if a.Class == analysis.ClassEasy {
		if f, ok := tooHard(a, p, easyRule(a, p)); ok {
			add(FlagEasyTooHard, f.Value, f.Limit, f.Message)
		}
	}
	if a.Class == analysis.ClassRecovery {
		if f, ok := tooHard(a, p, recoveryRule(a, p)); ok {
			add(FlagRecoveryTooHard, f.Value, f.Limit, f.Message)
		}
		pace, what, mp := judgedPace(a), "pace", p.MarathonPace
		if gapDiffers(a) {
			what = "grade-adjusted pace" // within GAPShownS of the pace it is the pace, for words
		}
		if limit := mp + RecoveryPaceMarginS; !math.IsNaN(pace) && !math.IsNaN(mp) && pace < limit {
			add(FlagRecoveryTooFast, Float(pace), Float(limit), fmt.Sprintf(
				"%s recovery run: %s %s/km%s, faster than your recovery limit of %s/km (marathon pace %s/km + %s). Run slower than %s/km.",
				day(a), what, paceVs(pace, limit), onTheClock(a), clock(limit), clock(mp), clock(RecoveryPaceMarginS), clock(limit)))
		}
		mv, maxS := float64(a.MovingS), p.RecoveryMaxMin*60
		if !math.IsNaN(mv) && !math.IsNaN(maxS) && mv > maxS {
			lim := minutes(p.RecoveryMaxMin)
			add(FlagRecoveryTooLong, Float(mv), Float(maxS), fmt.Sprintf(
				"%s recovery run: %s moving, beyond your %s limit for recovery runs. Keep recovery runs under %s.",
				day(a), clockVs(mv, maxS), lim, lim))
		}
	}
	if a.Hard {
		if j := c.hardDayBefore(i); j >= 0 && !c.restBetween(j, i, p) {
			b := &c.acts[j]
			add(FlagBackToBackHard, []analysis.Class{b.Class, a.Class}, nil, fmt.Sprintf(
				"%s %s the day after %s %s, with no recovery or rest between. Put a rest day or a recovery run between hard sessions.",
				day(a), noun(a), day(b), noun(b)))
		}
	}
	return out
}

// judgedPace is the pace that judges a's effort (s/km): its grade-adjusted pace where it has
// elevation, else its pace; NaN without either.
func judgedPace(a *Activity) float64 {
	if g := float64(a.GAPSPerKm); !math.IsNaN(g) {
		return g
	}
	return float64(a.PaceSPerKm)
}

// GAPShownS: reports show the grade-adjusted pace beside the pace when the two differ by more
// than this, s/km.
const GAPShownS = 5.0

// gapDiffers reports whether a's grade-adjusted pace is worth showing beside its pace.
func gapDiffers(a *Activity) bool {
	return math.Abs(float64(a.GAPSPerKm)-float64(a.PaceSPerKm)) > GAPShownS
}

// onTheClock names a's raw pace after its grade-adjusted one, where they differ by more than
// GAPShownS: " (5:10/km on the clock, 80 m down)"; "" otherwise.
func onTheClock(a *Activity) string {
	if !gapDiffers(a) {
		return ""
	}
	return fmt.Sprintf(" (%s/km on the clock, %.0f m up, %.0f m down)", clock(float64(a.PaceSPerKm)),
		float64(a.AscentM), float64(a.DescentM))
}

// restBetween reports whether a restful session started after acts[j] and before acts[i].
func (c *calendar) restBetween(j, i int, p analysis.Profile) bool {
	for k := j + 1; k < i; k++ {
		if restful(&c.acts[k], p) {
			return true
		}
	}
	return false
}

// ceilingRule is a ceiling a run's effort is held to: recoveryRule or easyRule.
type ceilingRule struct {
	run      string  // "recovery run", "easy run"
	ceiling  float64 // effort 0–1
	name     string  // "ceiling", "easy ceiling"
	aboveS   float64 // the run's moving time above it
	maxShare float64 // of the moving time
	hr       float64 // the heart rate at the ceiling under the run's model; NaN unknown
	advice   string  // after the numbers, before how to stay under it; "" for none
}

// recoveryRule holds a recovery run to the recovery ceiling.
func recoveryRule(a *Activity, p analysis.Profile) ceilingRule {
	return ceilingRule{run: "recovery run", ceiling: p.RecoveryCeiling, name: "ceiling", aboveS: a.AboveCeilingS,
		maxShare: MaxShareAboveCeiling, hr: a.CeilingHR}
}

// easyRule holds an easy run to the easy ceiling.
func easyRule(a *Activity, p analysis.Profile) ceilingRule {
	hr := analysis.HRAtEffort(p, a.EffortModel, p.EasyCeiling)
	if a.EffortSource != analysis.EffortFromHR {
		hr = math.NaN()
	}
	return ceilingRule{run: "easy run", ceiling: p.EasyCeiling, name: "easy ceiling", aboveS: a.AboveEasyS,
		maxShare: MaxShareAboveEasy, hr: hr,
		advice: "That is the grey zone between easy and tempo: too hard to recover from, too easy to make you faster."}
}

// tooHard applies a ceiling rule to a run: its average effort above the ceiling, or over the
// rule's share of its moving time. Unknown effort is never flagged.
func tooHard(a *Activity, p analysis.Profile, r ceilingRule) (Flag, bool) {
	avg, ceil := float64(a.Effort), r.ceiling
	if math.IsNaN(avg) || math.IsNaN(ceil) || a.EffortSource == analysis.EffortFromUnknown {
		return Flag{}, false
	}
	total := a.EffortS
	if math.IsNaN(total) || total <= 0 {
		total = float64(a.MovingS)
	}
	above := r.aboveS
	share := math.NaN()
	if total > 0 && !math.IsNaN(above) {
		share = above / total
	}
	overAvg := avg > ceil
	overShare := share > r.maxShare
	if !overAvg && !overShare {
		return Flag{}, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %s", day(a), r.run, effortPhrase(a, p, ceil))
	span := ""
	if share > 0 {
		span = fmt.Sprintf("%.0f of %.0f min", math.Round(above/60), math.Round(total/60))
	}
	var f Flag
	if overAvg {
		f.Value, f.Limit = Fraction(avg), Fraction(ceil)
		fmt.Fprintf(&b, ", above your %s %s", pct(ceil), r.name)
		if span != "" {
			fmt.Fprintf(&b, " for %s", span)
		}
		b.WriteString(".")
	} else {
		f.Value, f.Limit = Fraction(share), Fraction(r.maxShare)
		fmt.Fprintf(&b, ", within your %s %s on average, but above it for %s (%s of the time; at most %s).",
			pct(ceil), r.name, span, pctVs(share, r.maxShare), pct(r.maxShare))
	}
	if r.advice != "" {
		b.WriteString(" " + r.advice)
	}
	b.WriteString(" " + slowDown(a, p, overAvg, ceil, r.hr))
	f.Message = b.String()
	return f, true
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
func slowDown(a *Activity, p analysis.Profile, overAvg bool, ceiling, hr float64) string {
	verb := "Slow down to"
	if !overAvg {
		verb = "Stay"
	}
	if a.EffortSource == analysis.EffortFromHR && !math.IsNaN(hr) {
		return fmt.Sprintf("%s below %.0f bpm.", verb, math.Round(hr))
	}
	if pace := analysis.PaceAtEffort(ceiling, p.MarathonPace); a.EffortSource == analysis.EffortFromPace && !math.IsNaN(pace) {
		if overAvg {
			return fmt.Sprintf("Slow down to slower than %s/km.", clock(pace))
		}
		return fmt.Sprintf("Stay slower than %s/km.", clock(pace))
	}
	return fmt.Sprintf("%s below %s effort.", verb, pct(ceiling))
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

// noRecoveryFlag returns week w's no_recovery flag, if it has one: a warning when a hard
// session was followed by neither rest nor recovery (the next calendar day held a session, and
// not a restful one), advice when rest days followed every one.
func noRecoveryFlag(c *calendar, w *Week, p analysis.Profile) (Flag, bool) {
	var hard []string
	rested := true // every hard session followed by a rest day or a restful session
	for i := range w.Activities {
		a := &w.Activities[i]
		if !a.Hard {
			continue
		}
		hard = append(hard, a.Time.Format("Mon")+" "+noun(a))
		if !c.restedAfter(a, p) {
			rested = false
		}
	}
	if len(hard) == 0 {
		return Flag{}, false
	}
	first := dayNumber(weekMonday(w))
	for d := first; d < first+7; d++ {
		for _, i := range c.byDay[d] {
			if c.recoverySession(i, p) {
				return Flag{}, false
			}
		}
	}
	var limits []string
	if !math.IsNaN(p.RecoveryMaxMin) {
		limits = append(limits, "under "+minutes(p.RecoveryMaxMin))
	}
	if hr := ceilingHR(p, ""); !math.IsNaN(hr) {
		limits = append(limits, fmt.Sprintf("below %.0f bpm", math.Round(hr)))
	}
	sessions := plural(len(hard), "hard session", "hard sessions")
	f := Flag{Kind: FlagNoRecovery, Severity: SeverityWarning, Week: w.Week, Value: Float(0), Limit: Float(1)}
	if rested {
		easy := "an easy run"
		if !math.IsNaN(p.RecoveryMaxMin) {
			easy = fmt.Sprintf("an easy %g–%s run", RecoveryMinMin, minutes(p.RecoveryMaxMin))
		}
		if hr := ceilingHR(p, ""); !math.IsNaN(hr) {
			easy += fmt.Sprintf(" below %.0f bpm", math.Round(hr))
		}
		f.Severity = SeverityAdvice
		f.Message = fmt.Sprintf("Week %s: %s (%s), each followed by a rest day: that is recovery. Next time, %s (or an easy walk, swim or ride) instead of one of the rest days clears fatigue faster than rest alone.",
			w.Week, sessions, strings.Join(hard, ", "), easy)
		return f, true
	}
	advice := strings.Join(append([]string{"a recovery run"}, strings.Join(limits, " and ")), " ")
	f.Message = fmt.Sprintf("Week %s: %s (%s) and not one recovery session. After a hard day, go for %s, or an easy walk, swim or ride.",
		w.Week, sessions, strings.Join(hard, ", "), advice)
	return f, true
}

// restedAfter reports whether the calendar day after a hard session a held rest (no session)
// or only restful ones (a recovery run, an easy walk, swim or ride).
func (c *calendar) restedAfter(a *Activity, p analysis.Profile) bool {
	for _, k := range c.byDay[dayNumber(a.Day)+1] {
		if !restful(&c.acts[k], p) {
			return false
		}
	}
	return true
}

// bySeverity orders flags warnings first, advice after, each kind keeping its order.
func bySeverity(fs []Flag) {
	slices.SortStableFunc(fs, func(a, b Flag) int { return severityRank(a.Severity) - severityRank(b.Severity) })
}

func severityRank(s Severity) int {
	if s == SeverityAdvice {
		return 1
	}
	return 0
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
