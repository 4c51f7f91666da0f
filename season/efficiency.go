package season

import (
	"math"
	"time"
)

// Trend is the aerobic efficiency of the easy and recovery runs with heart rate over the last
// TrendWeeks weeks (Now) against the TrendWeeks before (Before): the efficiency factor in
// metres per heartbeat (grade-adjusted distance over beats: Session.levelMetres, so that a
// hilly block does not read as lost fitness), and the grade-adjusted pace it means at RefHR. Unknown values are NaN; the halves need TrendMinRuns runs each.
type Trend struct {
	// RefHR is the reference heart rate: the mean heart rate of the runs of both halves
	// (weighted by time), rounded to 5 bpm.
	RefHR               float64
	Before, Now         float64 // metres per heartbeat
	PaceBefore, PaceNow float64 // s/km at RefHR
	RunsBefore, RunsNow int
}

// Known reports whether both halves had enough runs.
func (t Trend) Known() bool { return !math.IsNaN(t.Before) && !math.IsNaN(t.Now) }

// PaceAt returns the pace (s/km) an efficiency factor (metres per heartbeat) means at a heart
// rate (bpm); NaN when either is unknown.
func PaceAt(ef, hr float64) float64 {
	if !(ef > 0) || !(hr > 0) {
		return math.NaN()
	}
	return 1000 / (ef * hr / 60)
}

// trend computes the efficiency trend as of the civil date through.
func trend(ss []Session, through time.Time) Trend {
	t := Trend{RefHR: math.NaN(), Before: math.NaN(), Now: math.NaN(), PaceBefore: math.NaN(), PaceNow: math.NaN()}
	split := through.AddDate(0, 0, -7*TrendWeeks)
	start := split.AddDate(0, 0, -7*TrendWeeks)
	var metres, beats [2]float64
	var hrTime, secs float64
	for _, x := range ss {
		if !x.Day.After(start) || x.Day.After(through) {
			continue
		}
		b, ok := heartbeats(x)
		if !ok {
			continue
		}
		k := 0
		if x.Day.After(split) {
			k = 1
			t.RunsNow++
		} else {
			t.RunsBefore++
		}
		metres[k] += x.levelMetres()
		beats[k] += b
		hrTime += x.AvgHR * x.MovingS
		secs += x.MovingS
	}
	if t.RunsBefore < TrendMinRuns || t.RunsNow < TrendMinRuns {
		return t
	}
	t.Before, t.Now = metres[0]/beats[0], metres[1]/beats[1]
	t.RefHR = math.Round(hrTime/secs/5) * 5
	t.PaceBefore, t.PaceNow = PaceAt(t.Before, t.RefHR), PaceAt(t.Now, t.RefHR)
	return t
}
