package squad

import (
	"context"
	"math"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/athlete"
	"github.com/easyday/easyday/report"
)

// This file is where the squad meets the season (package season, through report): a flag's
// severity, the form and tomorrow's advice.

// Severity says how much a flag matters (DESIGN.md: "warning" or "advice"): the flags' own.
type Severity = analysis.Severity

// The severities.
const (
	// SeverityWarning: a mistake to correct.
	SeverityWarning = analysis.SeverityWarning
	// SeverityAdvice: advice on what would work better.
	SeverityAdvice = analysis.SeverityAdvice
)

// severity is a flag's severity: the report's, and a warning where the report does not say.
func severity(f report.Flag) Severity {
	if f.Severity == analysis.SeverityAdvice {
		return SeverityAdvice
	}
	return SeverityWarning
}

// form is the athlete's form (TSB, the season's) on the morning of today, from the season
// a.Report builds with the report; NaN without a season or while it has no such day.
func form(r report.Report, today time.Time) float64 {
	if r.Season == nil {
		return math.NaN()
	}
	date := today.Format(time.DateOnly)
	for i := len(r.Season.Days) - 1; i >= 0; i-- {
		if d := r.Season.Days[i]; d.Date == date {
			return float64(d.TSB)
		}
	}
	return math.NaN()
}

// advice is what the day after today should be (report.NewAdvice over the athlete's season),
// in words, in units.
func advice(ctx context.Context, a *athlete.Athlete, today time.Time, units string) (string, error) {
	inputs, err := a.Inputs(ctx, today.AddDate(0, 0, 2))
	if err != nil {
		return "", err
	}
	sessions := report.Sessions(inputs, a.Profile, a.Loc)
	adv, err := report.NewAdvice(sessions, a.Profile, today.AddDate(0, 0, 1), today, report.Options{Units: units, Loc: a.Loc})
	if err != nil {
		return "", err
	}
	return adv.Text, nil
}
