package analysis

import (
	"math"

	"github.com/easyday/easyday/activity"
)

// FlagKind names a recovery mistake (DESIGN.md "Weekly report").
type FlagKind string

// The flags, in the order an activity lists them.
const (
	// FlagRecoveryTooHard: a recovery run's average effort is above the recovery ceiling
	// (value: the average effort, limit: the ceiling), or over MaxShareAboveCeiling of its
	// moving time was above it (value: that share, limit: 0.20). Moving time here is the time the
	// effort was measured over (Effort.MovingS). Unknown effort is never flagged.
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
	// recovery session between them (Classes: the two classes, earlier first; no value, no limit).
	FlagBackToBackHard FlagKind = "back_to_back_hard"
	// FlagNoRecovery: a week with hard sessions and not one recovery session (value: the
	// recovery sessions, 0; limit: the fewest wanted, 1). A week flag: no session. A warning
	// when a hard session was followed by neither rest nor recovery; advice when rest days
	// followed every one of them (rest is recovery; an easy run instead of one of them clears
	// fatigue faster).
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

// Rank orders severities for reports: warnings (0) before advice (1).
func (s Severity) Rank() int {
	if s == SeverityAdvice {
		return 1
	}
	return 0
}

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

// Session is one activity as the flag rules see it: its calendar day and its analysis.
type Session struct {
	// Day numbers the calendar day in the athlete's zone; consecutive days differ by one.
	Day   int64
	Sport activity.Sport
	Class Class
	Hard  bool
	// Effort is the average effort (NaN when unknown), from EffortSource; EffortS the moving
	// time it was measured over, AboveCeilingS the part above the recovery ceiling and
	// AboveEasyS the part above the easy ceiling.
	Effort                             float64
	EffortSource                       EffortSource
	EffortS, AboveCeilingS, AboveEasyS float64
	MovingS, PaceSPerKm                float64
	// GAPSPerKm is the grade-adjusted pace, s/km; NaN without elevation.
	GAPSPerKm float64
}

// JudgedPace is the pace that judges s's effort (s/km): its grade-adjusted pace where it has
// elevation, else its pace; NaN without either.
func (s *Session) JudgedPace() float64 {
	if !math.IsNaN(s.GAPSPerKm) && s.GAPSPerKm > 0 {
		return s.GAPSPerKm
	}
	return s.PaceSPerKm
}

// Flag is one recovery mistake as data: what, where, its number and its limit in SI units (an
// effort or share 0–1, seconds, seconds per km), and how much it matters. report words it.
type Flag struct {
	Kind     FlagKind
	Severity Severity
	// Session is the index of the flagged session in the calendar; -1 for a week flag.
	Session int
	// Value and Limit are the number and its limit (NaN for back_to_back_hard).
	Value, Limit float64
	// OverAverage says, for recovery_too_hard and easy_too_hard, that the average effort was above the ceiling
	// (Value the average); otherwise the share of time above it was too large (Value the
	// share). AboveS is the time above the ceiling, TotalS the time measured.
	OverAverage    bool
	AboveS, TotalS float64
	// Previous is, for back_to_back_hard, the index of the hard session the day before; -1
	// otherwise. Classes are the two classes, earlier first.
	Previous int
	Classes  []Class
	// Hard holds, for no_recovery, the indices of the week's hard sessions.
	Hard []int
}

// Calendar indexes sessions by calendar day, for the flag rules.
type Calendar struct {
	sessions []Session
	byDay    map[int64][]int // day → indices into sessions, in start order
}

// NewCalendar indexes sessions, given in start order.
func NewCalendar(sessions []Session) *Calendar {
	c := &Calendar{sessions: sessions, byDay: make(map[int64][]int)}
	for i := range sessions {
		c.byDay[sessions[i].Day] = append(c.byDay[sessions[i].Day], i)
	}
	return c
}

// hardDayBefore returns the index of the last hard session on the calendar day before
// session i's, or -1.
func (c *Calendar) hardDayBefore(i int) int {
	prev := c.byDay[c.sessions[i].Day-1]
	for k := len(prev) - 1; k >= 0; k-- {
		if c.sessions[prev[k]].Hard {
			return prev[k]
		}
	}
	return -1
}

// restful reports whether s is a recovery-like session: a recovery run, or a cross-training
// session (walk, hike, ride, swim, other) whose average effort is at or below the recovery
// ceiling, or unknown.
func restful(s *Session, p Profile) bool {
	switch s.Class {
	case ClassRecovery:
		return true
	case ClassCross:
		return math.IsNaN(s.Effort) || s.Effort <= p.RecoveryCeiling
	}
	return false
}

// Restful reports whether session i is recovery-like: a recovery run, or cross-training at or
// below the recovery ceiling (or of unknown effort).
func (c *Calendar) Restful(i int, p Profile) bool { return restful(&c.sessions[i], p) }

// recoverySession reports whether session i counts as recovery for no_recovery: a recovery
// run, or a restful cross-training session on the day after a hard session.
func (c *Calendar) recoverySession(i int, p Profile) bool {
	s := &c.sessions[i]
	if s.Class == ClassRecovery {
		return true
	}
	return s.Class == ClassCross && restful(s, p) && c.hardDayBefore(i) >= 0
}

// restBetween reports whether a restful session started after session j and before i.
func (c *Calendar) restBetween(j, i int, p Profile) bool {
	for k := j + 1; k < i; k++ {
		if restful(&c.sessions[k], p) {
			return true
		}
	}
	return false
}

// Flags returns the flags of session i under profile p, in FlagKind order.
func (c *Calendar) Flags(i int, p Profile) []Flag {
	s := &c.sessions[i]
	var out []Flag
	flag := func(k FlagKind, value, limit float64) Flag {
		return Flag{Kind: k, Severity: SeverityWarning, Session: i, Value: value, Limit: limit, Previous: -1}
	}
	if s.Class == ClassEasy {
		if f, ok := tooHard(s, FlagEasyTooHard, p.EasyCeiling, s.AboveEasyS, MaxShareAboveEasy); ok {
			f.Session = i
			out = append(out, f)
		}
	}
	if s.Class == ClassRecovery {
		if f, ok := tooHard(s, FlagRecoveryTooHard, p.RecoveryCeiling, s.AboveCeilingS, MaxShareAboveCeiling); ok {
			f.Session = i
			out = append(out, f)
		}
		pace, mp := s.JudgedPace(), p.MarathonPace
		if limit := mp + RecoveryPaceMarginS; !math.IsNaN(pace) && !math.IsNaN(mp) && pace < limit {
			out = append(out, flag(FlagRecoveryTooFast, pace, limit))
		}
		mv, maxS := s.MovingS, p.RecoveryMaxMin*60
		if !math.IsNaN(mv) && !math.IsNaN(maxS) && mv > maxS {
			out = append(out, flag(FlagRecoveryTooLong, mv, maxS))
		}
	}
	if s.Hard {
		if j := c.hardDayBefore(i); j >= 0 && !c.restBetween(j, i, p) {
			f := flag(FlagBackToBackHard, math.NaN(), math.NaN())
			f.Previous, f.Classes = j, []Class{c.sessions[j].Class, s.Class}
			out = append(out, f)
		}
	}
	return out
}

// tooHard holds a run to a ceiling (kind's): its average effort above it, or over maxShare
// of its moving time (above: the time above it). Unknown effort is never flagged.
func tooHard(s *Session, kind FlagKind, ceil, above, maxShare float64) (Flag, bool) {
	avg := s.Effort
	if math.IsNaN(avg) || math.IsNaN(ceil) || s.EffortSource == EffortFromUnknown {
		return Flag{}, false
	}
	total := s.EffortS
	if math.IsNaN(total) || total <= 0 {
		total = s.MovingS
	}
	share := math.NaN()
	if total > 0 && !math.IsNaN(above) {
		share = above / total
	}
	f := Flag{Kind: kind, Severity: SeverityWarning, Previous: -1, OverAverage: avg > ceil, AboveS: above, TotalS: total}
	switch {
	case f.OverAverage:
		f.Value, f.Limit = avg, ceil
	case share > maxShare:
		f.Value, f.Limit = share, maxShare
	default:
		return Flag{}, false
	}
	return f, true
}

// NoRecovery returns the no_recovery flag of the week whose Monday is day monday, if it has
// one: hard sessions, and not one recovery session. It is a warning when a hard session was
// followed by neither rest nor recovery (the next calendar day held a session, and not a
// restful one), advice when rest days followed every one.
func (c *Calendar) NoRecovery(monday int64, p Profile) (Flag, bool) {
	var hard []int
	rested := true
	for d := monday; d < monday+7; d++ {
		for _, i := range c.byDay[d] {
			if c.sessions[i].Hard {
				hard = append(hard, i)
				rested = rested && c.restedAfter(i, p)
			}
		}
	}
	if len(hard) == 0 {
		return Flag{}, false
	}
	for d := monday; d < monday+7; d++ {
		for _, i := range c.byDay[d] {
			if c.recoverySession(i, p) {
				return Flag{}, false
			}
		}
	}
	sev := SeverityWarning
	if rested {
		sev = SeverityAdvice
	}
	return Flag{Kind: FlagNoRecovery, Severity: sev, Session: -1, Previous: -1, Value: 0, Limit: 1, Hard: hard}, true
}

// restedAfter reports whether the calendar day after session i held rest (no session) or only
// restful ones (a recovery run, an easy walk, swim or ride).
func (c *Calendar) restedAfter(i int, p Profile) bool {
	for _, k := range c.byDay[c.sessions[i].Day+1] {
		if !restful(&c.sessions[k], p) {
			return false
		}
	}
	return true
}
