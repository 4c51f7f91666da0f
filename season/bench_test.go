package season

import (
	"math"
	"testing"

	"github.com/easyday/easyday/analysis"
)

// tenYears is ten years of training: six sessions a week (a hard one every other day), with
// heart rate but for every tenth.
func tenYears() []Session {
	var ss []Session
	classes := []analysis.Class{analysis.ClassEasy, analysis.ClassIntervals, analysis.ClassRecovery,
		analysis.ClassTempo, analysis.ClassEasy, analysis.ClassLong}
	for d := range 3650 {
		if d%7 == 0 {
			continue // a rest day a week
		}
		c := classes[d%len(classes)]
		x := Session{Day: day0.AddDate(0, 0, d), Class: c, Hard: c.Hard(), Restful: c == analysis.ClassRecovery,
			RecoveryOK: d%3 == 0, Load: float64(40 + d%90), MovingS: 3600, DistanceM: 10000, AvgHR: 140,
			Decoupling: math.NaN()}
		if d%10 == 0 {
			x.Load = math.NaN()
		}
		ss = append(ss, x)
	}
	return ss
}

// BenchmarkCompute10Years models ten years (3,649 days from the first session, 3,128 sessions): days, weeks,
// signals and the trend.
func BenchmarkCompute10Years(b *testing.B) {
	ss := tenYears()
	through := ss[len(ss)-1].Day
	b.ReportAllocs()
	for b.Loop() {
		if s := Compute(ss, through); len(s.Days) != 3649 { // day 0 is a rest day
			b.Fatal(len(s.Days))
		}
	}
}

// BenchmarkAdvise10Years advises the day after ten years.
func BenchmarkAdvise10Years(b *testing.B) {
	ss := tenYears()
	d := ss[len(ss)-1].Day.AddDate(0, 0, 1)
	rx := Rx{MaxMin: 40, HRMax: 133, PaceFloor: 350}
	b.ReportAllocs()
	for b.Loop() {
		Advise(ss, d, rx)
	}
}
