package season

import (
	"fmt"
	"math"
	"time"

	"github.com/easyday/easyday/analysis"
)

// AdviceKind is what a day should be.
type AdviceKind string

// The kinds of advice.
const (
	AdviceRecovery    AdviceKind = "recovery"      // a recovery run (or a walk, swim or ride)
	AdviceRestOrCross AdviceKind = "rest_or_cross" // fatigued: rest or easy cross-training
	AdviceFree        AdviceKind = "free"          // free for the plan
)

// Rx is what the profile says of a recovery run: the longest it may last (minutes), the
// heart rate it should stay under (bpm) and the pace it should be slower than (s/km); NaN
// where unknown.
type Rx struct {
	MaxMin, HRMax, PaceFloor float64
}

// RecoveryMinMargin: a recovery run's prescription spans from Rx.MaxMin minus this to Rx.MaxMin
// minutes (20–30, 30–40, 35–45 by level at the defaults).
const RecoveryMinMargin = 10

// Advice is what a day should be, with its reasons. Minutes, HRMax and PaceFloor are set for
// a recovery run only (HRMax and PaceFloor NaN when the profile does not give them).
type Advice struct {
	Date      time.Time
	Kind      AdviceKind
	Reasons   []string
	Minutes   *[2]float64
	HRMax     float64
	PaceFloor float64
	// Day is the morning of Date in the season (form, fitness, fatigue, ratio); Yesterday the
	// hard sessions of the day before.
	Day       Day
	Yesterday []analysis.Class
}

// Advise says what the civil date d should be, from the sessions before it: rest or
// cross-training when the form that morning is below the FatigueLine of fitness; a recovery run
// after a day with a hard session; otherwise free for the plan.
func Advise(sessions []Session, d time.Time, rx Rx) Advice {
	a := Advice{Date: d, Kind: AdviceFree, Reasons: []string{}, HRMax: math.NaN(), PaceFloor: math.NaN()}
	before := make([]Session, 0, len(sessions))
	for _, x := range sessions {
		if x.Day.Before(d) {
			before = append(before, x)
		}
	}
	s := Compute(before, d)
	i := s.DayOf(d)
	if i < 0 {
		a.Reasons = append(a.Reasons, "no activities before "+d.Format("Mon 2 Jan 2006")+": nothing to go on")
		return a
	}
	a.Day = s.Days[i]
	if i > 0 {
		a.Yesterday = s.Days[i-1].Hard
	}
	tired := i > 0 && fatigued(&a.Day, s.Days[i-1].CTL)
	switch {
	case math.IsNaN(a.Day.TSB):
		a.Reasons = append(a.Reasons, fmt.Sprintf("still learning your fitness: %d days of history, form needs %d",
			a.Day.History-1, CTLDays))
	default:
		ctl := s.Days[i-1].CTL
		rel := "above"
		if tired {
			rel = "below"
		}
		a.Reasons = append(a.Reasons, fmt.Sprintf("form %.0f (fitness %.0f, fatigue %.0f): %s your fatigue line of %.0f (%.0f%% of fitness, at most %.0f)",
			math.Round(a.Day.TSB)+0, ctl, s.Days[i-1].ATL, rel, FatigueLine(ctl), FatiguedForm*100, FatiguedFloor))
	}
	switch {
	case i > 0 && !math.IsNaN(s.Days[i-1].ACWR):
		a.Reasons = append(a.Reasons, fmt.Sprintf("acute:chronic load %.2f over the last 7 days (a spike at %.1f)", s.Days[i-1].ACWR, SpikeRatio))
	case i > 0 && s.Days[i-1].History >= ChronicDays:
		a.Reasons = append(a.Reasons, fmt.Sprintf("acute:chronic load –: no load in the last %d days", ChronicDays))
	}
	if len(a.Yesterday) > 0 {
		a.Reasons = append(a.Reasons, fmt.Sprintf("yesterday (%s) was hard: %s", d.AddDate(0, 0, -1).Format("Mon 2 Jan"), classList(a.Yesterday)))
	} else if i > 0 && s.Days[i-1].Activities == 0 {
		a.Reasons = append(a.Reasons, fmt.Sprintf("yesterday (%s) was a rest day", d.AddDate(0, 0, -1).Format("Mon 2 Jan")))
	} else if i > 0 {
		a.Reasons = append(a.Reasons, fmt.Sprintf("yesterday (%s) had no hard session", d.AddDate(0, 0, -1).Format("Mon 2 Jan")))
	}
	switch {
	case tired:
		a.Kind = AdviceRestOrCross
	case len(a.Yesterday) > 0:
		a.Kind = AdviceRecovery
		if rx.MaxMin > 0 {
			a.Minutes = &[2]float64{math.Max(rx.MaxMin-RecoveryMinMargin, math.Ceil(rx.MaxMin/2)), rx.MaxMin}
		}
		a.HRMax, a.PaceFloor = rx.HRMax, rx.PaceFloor
	}
	return a
}

// classList names hard sessions by class: "long run", "interval session and tempo run".
func classList(cs []analysis.Class) string {
	out := ""
	for k, c := range cs {
		switch {
		case k == 0:
		case k == len(cs)-1:
			out += " and "
		default:
			out += ", "
		}
		out += hardNouns[c]
	}
	return out
}

// hardNouns name the hard classes as a coach does.
var hardNouns = map[analysis.Class]string{analysis.ClassRace: "race", analysis.ClassIntervals: "interval session",
	analysis.ClassLong: "long run", analysis.ClassTempo: "tempo run"}
