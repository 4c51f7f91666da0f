package squad

import (
	"math"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/report"
)

// This file is where the squad meets what the weekly report does not yet give: a flag's
// severity (issue 12 adds report.Flag.Severity), the form and tomorrow's advice (issue 13's
// season package: TSB and season.Advise). Until they land, severity follows DESIGN.md's rule
// for the flags the report has, form is unknown and there is no advice; each is one function
// to wire.

// Severity says how much a flag matters (DESIGN.md: "warning" or "advice").
type Severity string

// The severities.
const (
	// SeverityWarning: a mistake to correct.
	SeverityWarning Severity = "warning"
	// SeverityAdvice: advice on what would work better.
	SeverityAdvice Severity = "advice"
)

// severity is a flag's severity. Every flag the report has today is a warning, except
// no_recovery, which DESIGN.md makes advice when rest days followed the hard sessions: the
// report does not say so yet, so it is a warning here too.
func severity(report.Flag) Severity { return SeverityWarning }

// form is the athlete's form (TSB) on the morning of today; NaN while the season model is not
// there.
func form(report.Report, time.Time) float64 { return math.NaN() }

// advice is what the athlete's tomorrow should be, in words; empty while the season model is
// not there.
func advice(report.Report, analysis.Profile, time.Time) string { return "" }
