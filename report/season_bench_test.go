package report

import (
	"io"
	"testing"
	"time"

	"github.com/easyday/easyday/analysis"
)

// tenYearInputs is ten years of stored activities as the season reads them: six a week, every
// other one hard, with heart rate and load.
func tenYearInputs() []Input {
	classes := []analysis.Class{analysis.ClassEasy, analysis.ClassIntervals, analysis.ClassRecovery,
		analysis.ClassTempo, analysis.ClassEasy, analysis.ClassLong}
	start := time.Date(2016, 11, 21, 7, 0, 0, 0, time.UTC)
	var in []Input
	for d := range 3650 {
		if d%7 == 0 {
			continue
		}
		c := classes[d%len(classes)]
		r := analysis.Result{Class: c, Hard: c.Hard(), Effort: analysis.Effort{Avg: 0.7, Source: analysis.EffortFromHR,
			TRIMP: float64(40 + d%90), MovingS: 3600, AboveCeilingS: 300, Decoupling: 0.03}}
		in = append(in, Input{ID: int64(d + 1), Start: start.AddDate(0, 0, d), Result: r,
			Activity: ActivitySummary{Sport: "running", MovingS: 3600, DistanceM: 10000, PaceSPerKm: 360, AvgHR: 140}})
	}
	return in
}

// BenchmarkSeason10Years is `easyday season` past the store: ten years of activities (3,128)
// into sessions (with their recovery flags), the season model, and the text report.
func BenchmarkSeason10Years(b *testing.B) {
	in := tenYearInputs()
	p, _ := demoProfile()
	end := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		s := BuildSeason(Sessions(in, p, time.UTC), p, "", time.Time{}, end)
		if err := WriteSeasonText(io.Discard, s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPages10Years fingerprints the pages of ten years (520 weeks and the index, the
// season in it), as every sync that builds every week does (Pages).
func BenchmarkPages10Years(b *testing.B) {
	in := tenYearInputs()
	p, pv := demoProfile()
	end := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	r := Build(in, p, pv, time.UTC, time.Time{}, end)
	s := BuildSeason(Sessions(in, p, time.UTC), p, "", time.Time{}, end)
	r.AddSeasonFlags(s)
	r.Season = &s
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Pages(r, "html", IndexFileName, Options{Loc: time.UTC}, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}
