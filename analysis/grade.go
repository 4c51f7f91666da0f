package analysis

import (
	"math"
	"slices"

	"github.com/easyday/easyday/activity"
)

// Hill rules (DESIGN.md "Weekly report": pace limits use grade-adjusted pace).
const (
	// MaxGrade bounds the gradient (rise over run) that the cost of running is taken at:
	// Minetti et al. (2002) measured it from −0.45 to +0.45; a steeper smoothed grade is an
	// altitude error more often than a slope.
	MaxGrade = 0.45
	// BaroNoiseM: an altitude profile whose median second difference from sample to sample
	// is at most this (metres) is taken as barometric, smooth already; above it, as GPS
	// altitude, which jumps by metres from fix to fix.
	BaroNoiseM = 0.3
	// BaroSmoothM and GPSSmoothM are the distance windows (metres, centred) over which a
	// barometric and a GPS altitude profile are averaged before grades are taken; the grade
	// at a point is the slope of the smoothed profile across the same window.
	BaroSmoothM = 20.0
	GPSSmoothM  = 100.0
	// HillHysteresisM: ascent and descent count a change of the smoothed altitude only once
	// it reaches this many metres from the last turning point, so that what is left of the
	// noise does not add up to climbs.
	HillHysteresisM = 2.0
)

// MinettiCost is the energy cost of running (J per kg per metre) at gradient i (rise over
// run), Minetti et al. 2002: 155.4i⁵ − 30.4i⁴ − 43.3i³ + 46.3i² + 19.5i + 3.6, with i clamped to
// ±MaxGrade. It is 3.6 on the flat, about 2.15 at −10% and 6.0 at +10%.
func MinettiCost(i float64) float64 {
	i = math.Max(-MaxGrade, math.Min(MaxGrade, i))
	return ((((155.4*i-30.4)*i-43.3)*i+46.3)*i+19.5)*i + 3.6
}

// GradeFactor is how much farther than on the flat a metre at gradient i takes the athlete,
// by energy: MinettiCost(i) / MinettiCost(0). A speed times it is the speed on the flat at the
// same cost: the grade-adjusted speed.
func GradeFactor(i float64) float64 { return MinettiCost(i) / MinettiCost(0) }

// Hills is what an activity's elevation says: the climbing and descending, and the pace the
// same effort would have given on the flat. Every value is NaN without elevation.
type Hills struct {
	AscentM, DescentM float64
	// GAPSPerKm is the grade-adjusted pace over moving time, seconds per km: the moving time
	// over the flat-equivalent distance, each metre weighted by GradeFactor of its grade.
	GAPSPerKm float64
	// From says what the elevation was taken as: "barometric" or "gps"; "" without it.
	From string
}

// NoHills is Hills without elevation: every value NaN.
func NoHills() Hills {
	nan := math.NaN()
	return Hills{AscentM: nan, DescentM: nan, GAPSPerKm: nan}
}

// hillsOf measures an activity's hills over its smoothed elevation profile, and returns, for
// each sample, the GradeFactor of the ground it stands on (1 where the grade is unknown). Steps
// are those of Distance (the device's distance stream, else the GPS track); movingS is the
// activity's moving time, the numerator of the grade-adjusted pace.
func hillsOf(a *activity.Activity, movingS float64) (Hills, []float64) {
	smp := a.Samples
	n := len(smp)
	factor := make([]float64, n)
	for i := range factor {
		factor[i] = 1
	}
	h := NoHills()

	// The distance along the activity at each sample; the steps that count as covered.
	along := make([]float64, n)
	stepD := make([]float64, n)
	for i := range along {
		along[i] = math.NaN()
	}
	var cum float64
	step := func(to int, d float64) {
		cum += d
		along[to] = cum
		stepD[to] = d
	}
	if !deviceSteps(a, step) {
		gpsSteps(a, positioned(smp), step)
		if pos := positioned(smp); len(pos) > 0 {
			along[pos[0]] = 0
		}
	}
	// The points of the profile: samples with an altitude and a distance along.
	idx := make([]int, 0, n)
	for i := range smp {
		if !math.IsNaN(along[i]) && !math.IsNaN(smp[i].Altitude) {
			idx = append(idx, i)
		}
	}
	if len(idx) < 3 || along[idx[len(idx)-1]]-along[idx[0]] < 2*BaroSmoothM {
		return h, factor
	}
	d := make([]float64, len(idx))
	alt := make([]float64, len(idx))
	for k, i := range idx {
		d[k], alt[k] = along[i], smp[i].Altitude
	}
	window, from := BaroSmoothM, "barometric"
	if altitudeNoise(alt) > BaroNoiseM {
		window, from = GPSSmoothM, "gps"
	}
	sm := smoothByDistance(d, alt, window/2)
	grade := slopeByDistance(d, sm, window/2)

	h.From = from
	h.AscentM, h.DescentM = climbs(sm, HillHysteresisM)
	for k, i := range idx {
		factor[i] = GradeFactor(grade[k])
	}
	// Samples between profile points (a missing altitude) take the factor of the last point.
	last := 1.0
	for i := range factor {
		if !math.IsNaN(along[i]) && !math.IsNaN(smp[i].Altitude) {
			last = factor[i]
		} else {
			factor[i] = last
		}
	}
	var flat float64
	for i := range smp {
		flat += stepD[i] * factor[i]
	}
	if flat > 0 && movingS > 0 {
		h.GAPSPerKm = movingS / (flat / 1000)
	}
	return h, factor
}

// altitudeNoise is the median absolute second difference of a profile's altitudes, metres.
func altitudeNoise(alt []float64) float64 {
	if len(alt) < 3 {
		return 0
	}
	dd := make([]float64, len(alt)-2)
	for k := 1; k+1 < len(alt); k++ {
		dd[k-1] = math.Abs(alt[k+1] - 2*alt[k] + alt[k-1])
	}
	slices.Sort(dd)
	return dd[len(dd)/2]
}

// smoothByDistance averages v over the points within half metres of each point's distance d
// (ascending): a centred moving average over distance, in one pass.
func smoothByDistance(d, v []float64, half float64) []float64 {
	out := make([]float64, len(v))
	lo, hi := 0, 0
	var sum float64
	for k := range v {
		for hi < len(v) && d[hi] <= d[k]+half {
			sum += v[hi]
			hi++
		}
		for d[lo] < d[k]-half {
			sum -= v[lo]
			lo++
		}
		out[k] = sum / float64(hi-lo)
	}
	return out
}

// slopeByDistance is, at each point, the rise over run of v across the points from half
// metres before to half metres after it (clipped at the ends); 0 where they cover no distance.
func slopeByDistance(d, v []float64, half float64) []float64 {
	out := make([]float64, len(v))
	lo, hi := 0, 0
	for k := range v {
		for hi+1 < len(v) && d[hi+1] <= d[k]+half {
			hi++
		}
		if hi < k {
			hi = k
		}
		for d[lo] < d[k]-half {
			lo++
		}
		if run := d[hi] - d[lo]; run > 0 {
			out[k] = (v[hi] - v[lo]) / run
		}
	}
	return out
}

// climbs sums the rises and falls of a profile with a hysteresis: a climb or a descent begins
// once the altitude has moved hysteresis metres from the last turning point, and then every
// metre of it counts, back to that point.
func climbs(alt []float64, hysteresis float64) (up, down float64) {
	dir, ext := 0, alt[0] // dir: +1 climbing, -1 descending, 0 not yet known; ext: the turning point
	for _, a := range alt[1:] {
		switch {
		case dir == 1 && a > ext:
			up += a - ext
			ext = a
		case dir == -1 && a < ext:
			down += ext - a
			ext = a
		case a >= ext+hysteresis:
			up += a - ext
			dir, ext = 1, a
		case a <= ext-hysteresis:
			down += ext - a
			dir, ext = -1, a
		}
	}
	return up, down
}
