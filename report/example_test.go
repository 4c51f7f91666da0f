package report_test

import (
	"math"
	"os"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/report"
)

// A week with intervals on Tuesday 17 November and a recovery run on Thursday 19 November that
// was too hard.
func ExampleBuild() {
	p := analysis.DefaultProfile()
	p.MaxHR, p.MarathonPace = 195, 290
	run := func(id int64, day int, c analysis.Class, avg, above float64) report.Input {
		return report.Input{
			ID:    id,
			Start: time.Date(2026, 11, day, 7, 0, 0, 0, time.UTC),
			Activity: report.ActivitySummary{File: "run.fit", Sport: "running", MovingS: 2280,
				DistanceM: 6000, PaceSPerKm: 380, AvgHR: report.Float(avg * 195), MaxHR: 170},
			Result: analysis.Result{Class: c, Hard: c.Hard(), Effort: analysis.Effort{Avg: avg,
				Source: analysis.EffortFromHR, Model: analysis.ModelHRMax, MovingS: 2280,
				AboveCeilingS: above, TRIMP: math.NaN()}},
		}
	}
	in := []report.Input{
		run(1, 17, analysis.ClassIntervals, 0.8, 2000),
		run(2, 19, analysis.ClassRecovery, 0.78, 31*60),
	}
	week := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	r, err := report.Build(in, p, nil, time.UTC, week, week).Worded(report.Options{Units: "metric"})
	if err != nil {
		panic(err)
	}
	for _, f := range r.Weeks[0].Flags {
		os.Stdout.WriteString(string(f.Kind) + ": " + f.Message + "\n")
	}
	// Output:
	// recovery_too_hard: Thu 19 Nov recovery run: average HR 152 bpm = 78% of max 195, above your 70% ceiling for 31 of 38 min. Slow down to below 137 bpm.
}
