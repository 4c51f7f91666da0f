package analysis

import (
	"math"
	"slices"

	"github.com/easyday/easyday/activity"
)

// Effort rules (DESIGN.md "Analysis rules"). Effort is a fraction of the athlete's maximum on
// one 0–1 scale whatever the model, so that the recovery ceiling (0.70), the tempo level (0.80)
// and the race level (0.88) mean the same in every model.
const (
	// HoldHRS: a sample without a usable heart rate (a dropout, a removed spike, a record
	// written without one) takes the last usable value from at most this many seconds before.
	HoldHRS = 10.0
	// DefaultRestingHR (bpm) stands in for an unknown resting heart rate in the hrr model and
	// in TRIMP.
	DefaultRestingHR = 60.0

	// LTHREffort is the effort of a heart rate at LTHR in the lthr model: effort =
	// HR / LTHR × 0.90. LTHR lies at 0.88–0.92 of maximum heart rate in trained runners, and
	// the anchor keeps the lthr model free of a maximum heart rate that is often only
	// estimated. It lines the scale up with Friel's zones: the recovery ceiling 0.70 is 78% of
	// LTHR (Friel's Z1, "recovery"), the tempo level 0.80 is 89% of LTHR (where Friel's Z3,
	// "tempo", begins at 90%), the race level 0.88 is 98% of LTHR.
	LTHREffort = 0.90

	// Pace-based effort, for runs without heart rate when the marathon pace is known:
	// marathon pace is PaceEffortMarathon, marathon pace + PaceEasyOffsetS per km is
	// PaceEffortEasy (the recovery ceiling: recovery_too_fast is the same limit), linear in
	// speed between and beyond them, clamped to PaceEffortMin..PaceEffortMax. For a 4:50/km
	// marathon pace: 5:50/km is 0.70, 5:00/km 0.77, 4:30/km 0.88, 4:00/km 1.00.
	PaceEffortMarathon = 0.80
	PaceEffortEasy     = 0.70
	PaceEasyOffsetS    = 60.0
	PaceEffortMin      = 0.40
	PaceEffortMax      = 1.05
)

// zoneFloors are the lower bounds of Z1..Z5 in effort for the hrmax and hrr models (and for
// effort from pace); time below Z1 counts in no zone.
var zoneFloors = [5]float64{0.50, 0.60, 0.70, 0.80, 0.90}

// frielFloors are the lower bounds of Friel's running zones Z2..Z5 as a fraction of LTHR;
// Z1 is everything below 85%.
var frielFloors = [4]float64{0.85, 0.90, 0.95, 1.00}

// EffortOf measures how hard an activity was, per p's effort model, from its cleaned heart
// rate (CleanHR) over the moving samples (Moving):
//
//   - hrmax: HR / max_hr; hrr (Karvonen): (HR − resting) / (max − resting), with
//     DefaultRestingHR when the resting heart rate is unknown; lthr: HR / lthr × LTHREffort.
//     Without max HR (hrmax, hrr) or LTHR (lthr), the heart rate gives no effort.
//   - A sample stands for the moving time (Moving) of the step to the next sample, however
//     long (a device recording sparsely writes a record only when a value changes); a sample
//     without a usable heart rate holds the last one from at most HoldHRS before. A step
//     over PauseGap with a heart rate at one end only has none, as in averageHR.
//   - Zones: Z1 50–60%, Z2 60–70, Z3 70–80, Z4 80–90, Z5 90% and more of max effort (hrmax,
//     hrr); Friel's running zones by HR / LTHR for lthr: Z1 below 85%, Z2 85–89, Z3 90–94,
//     Z4 95–99, Z5 100% and more. A value on a boundary belongs to the upper zone.
//   - Without heart-rate effort, a run with speed and a known marathon pace gets its effort
//     from pace (see PaceEffortMarathon), over a 20 s rolling median of the speed, adjusted
//     for the grade (GradeFactor: a climb at 6:00/km costs what the flat does at a faster
//     pace); otherwise the effort is unknown: Source "unknown", Avg NaN.
//   - TRIMP is Banister's, summed over the moving samples with heart rate:
//     minutes × HRr × 0.64 e^(1.92 HRr) (male or unset) or 0.86 e^(1.67 HRr) (female),
//     HRr = (HR − resting) / (max − resting) floored at 0, DefaultRestingHR standing in for an
//     unknown resting heart rate; NaN without heart rate or without max HR, whatever the model.
//
// Every sport gets its effort; effort from pace is for runs only.
func EffortOf(a *activity.Activity, p Profile) Effort {
	return newSeries(a, p).summary(p)
}

// series holds what the analysis derives sample by sample, computed once per activity.
type series struct {
	a      *activity.Activity
	moving MovingTime
	// hr is the cleaned heart rate with short gaps held (HoldHRS), standing for the sample's
	// w; NaN where unknown, and where w lies in a step over PauseGap with a heart rate at one
	// end only.
	hr []float64
	// speed is the speed over the step reaching each sample (sampleSpeeds), m/s.
	speed []float64
	// w is the moving time each sample stands for: that of the step to the next sample
	// (MovingTime.Step), the first sample's also the timer time before it. It adds up to the
	// moving time.
	w []float64
	// t is the moving-time axis: the sum of w before each sample (timeAxis).
	t []float64
	// effort is each sample's effort, from heart rate or pace per source; NaN unknown.
	effort []float64
	source EffortSource
	// why says, when source is unknown or pace, why heart rate gave no effort.
	why string
	// hills is the activity's elevation (hillsOf); grade is each sample's GradeFactor, 1 where
	// the grade is unknown.
	hills Hills
	grade []float64
	// the signals smoothed by a rolling median of smoothS on the moving-time axis, made when
	// first needed
	smSpeed, smEffort []float64
}

func (sr *series) smoothedSpeed() []float64 {
	if sr.smSpeed == nil {
		sr.smSpeed = rollingMedian(sr.speed, sr.t, smoothS/2, sr.w)
	}
	return sr.smSpeed
}

func (sr *series) smoothedEffort() []float64 {
	if sr.smEffort == nil {
		sr.smEffort = rollingMedian(sr.effort, sr.t, smoothS/2, sr.w)
	}
	return sr.smEffort
}

func newSeries(a *activity.Activity, p Profile) *series {
	raw, _ := CleanHR(a.Samples)
	return newSeriesWith(a, p, Moving(a), raw)
}

// newSeriesWith is newSeries with the moving time and cleaned heart rate found already; it
// leaves clean as it is.
func newSeriesWith(a *activity.Activity, p Profile, moving MovingTime, clean []float64) *series {
	smp := a.Samples
	n := len(smp)
	sr := &series{a: a, moving: moving, source: EffortFromUnknown}
	sr.hr = holdHR(smp, clean)
	sr.speed = sampleSpeeds(a)
	sr.w = make([]float64, n)
	if n > 0 && len(moving.Step) == n {
		for i := range n - 1 {
			sr.w[i] = moving.Step[i+1]
			if smp[i+1].Time.Sub(smp[i].Time) > PauseGap && (math.IsNaN(clean[i]) || math.IsNaN(clean[i+1])) {
				sr.hr[i] = math.NaN() // a value at one end only does not stand for a long step
			}
		}
		// timer time before the first record (a pool swim's first length): one end only
		sr.w[0] += moving.Step[0]
		if moving.Step[0] > PauseGap.Seconds() {
			sr.hr[0] = math.NaN()
		}
	}
	sr.t = timeAxis(sr.w)
	sr.hills, sr.grade = hillsOf(a, moving.Seconds)
	sr.effort = make([]float64, n)
	for i := range sr.effort {
		sr.effort[i] = math.NaN()
	}

	f, ok, why := hrEffort(p)
	hasHR := false
	for i, h := range sr.hr {
		if math.IsNaN(h) || sr.w[i] <= 0 {
			continue
		}
		hasHR = true
		if ok {
			sr.effort[i] = f(h)
		}
	}
	switch {
	case hasHR && ok:
		sr.source = EffortFromHR
		return sr
	case hasHR:
		sr.why = "heart rate but " + why
	default:
		sr.why = "no heart rate"
	}
	if a.Sport != activity.SportRunning || !(p.MarathonPace > 0) {
		return sr
	}
	sm := sr.smoothedSpeed()
	known := false
	for i, v := range sm {
		if math.IsNaN(v) || sr.w[i] <= 0 {
			continue
		}
		sr.effort[i] = PaceEffort(v*sr.grade[i], p.MarathonPace) // on the flat, at the same cost
		known = true
	}
	if known {
		sr.source = EffortFromPace
	}
	return sr
}

// hrEffort returns the function from heart rate to effort for p's model, or false and why not.
func hrEffort(p Profile) (func(float64) float64, bool, string) {
	switch p.EffortModel {
	case ModelLTHR:
		if !(p.LTHR > 0) {
			return nil, false, "no LTHR in the profile (effort model lthr)"
		}
		lthr := p.LTHR
		return func(h float64) float64 { return h / lthr * LTHREffort }, true, ""
	case ModelHRR:
		if !(p.MaxHR > 0) {
			return nil, false, "no max HR in the profile"
		}
		rest := p.Resting()
		if rest >= p.MaxHR {
			return nil, false, "resting HR not below max HR"
		}
		mx := p.MaxHR
		return func(h float64) float64 { return (h - rest) / (mx - rest) }, true, ""
	default:
		if !(p.MaxHR > 0) {
			return nil, false, "no max HR in the profile"
		}
		mx := p.MaxHR
		return func(h float64) float64 { return h / mx }, true, ""
	}
}

// HRAtEffort is the heart rate at effort e under effort model m (p's own when m is empty), the
// inverse of EffortOf's heart-rate effort: e × max (hrmax); resting + e × (max − resting)
// (hrr, with Resting); e / LTHREffort × LTHR (lthr). NaN when the profile lacks the value
// (max HR, or LTHR for lthr) or its resting HR is not below its max.
func HRAtEffort(p Profile, m EffortModel, e float64) float64 {
	if m != "" {
		p.EffortModel = m
	}
	if _, ok, _ := hrEffort(p); !ok {
		return math.NaN()
	}
	switch p.EffortModel {
	case ModelHRR:
		rest := p.Resting()
		return rest + e*(p.MaxHR-rest)
	case ModelLTHR:
		return e / LTHREffort * p.LTHR
	}
	return e * p.MaxHR
}

// Resting returns p's resting heart rate, or DefaultRestingHR when it is unknown, as the hrr
// model takes it.
func (p Profile) Resting() float64 {
	if p.RestingHR > 0 {
		return p.RestingHR
	}
	return DefaultRestingHR
}

// PaceEffort maps a running speed (m/s) onto the effort scale against a marathon pace
// (seconds per km), per PaceEffortMarathon.
func PaceEffort(speed, marathonPace float64) float64 {
	vm := 1000 / marathonPace
	ve := 1000 / (marathonPace + PaceEasyOffsetS)
	e := PaceEffortMarathon + (speed-vm)*(PaceEffortMarathon-PaceEffortEasy)/(vm-ve)
	return math.Max(PaceEffortMin, math.Min(PaceEffortMax, e))
}

// PaceAtEffort is the pace (seconds per km) at effort e against a marathon pace, the inverse
// of PaceEffort before its clamping; NaN without a marathon pace, or where the speed would not
// be positive.
func PaceAtEffort(e, marathonPace float64) float64 {
	if !(marathonPace > 0) {
		return math.NaN()
	}
	vm := 1000 / marathonPace
	ve := 1000 / (marathonPace + PaceEasyOffsetS)
	v := vm + (e-PaceEffortMarathon)*(vm-ve)/(PaceEffortMarathon-PaceEffortEasy)
	if v <= 0 {
		return math.NaN()
	}
	return 1000 / v
}

// holdHR returns a copy of hr in which a sample without heart rate holds the last usable
// value from at most HoldHRS before.
func holdHR(smp []activity.Sample, hr []float64) []float64 {
	out := slices.Clone(hr)
	last := -1
	for i := range out {
		if !math.IsNaN(hr[i]) {
			last = i
			continue
		}
		if last >= 0 && smp[i].Time.Sub(smp[last].Time).Seconds() <= HoldHRS {
			out[i] = hr[last]
		}
	}
	return out
}

// timeAxis returns the cumulative time before each sample for the per-sample durations w.
func timeAxis(w []float64) []float64 {
	t := make([]float64, len(w))
	var c float64
	for i, v := range w {
		t[i] = c
		c += v
	}
	return t
}

// summary sums the series into an Effort.
func (sr *series) summary(p Profile) Effort {
	e := Effort{Avg: math.NaN(), Source: sr.source, TRIMP: sr.trimp(p), Decoupling: sr.decoupling()}
	if sr.source == EffortFromUnknown {
		return e
	}
	if sr.source == EffortFromHR {
		e.Model = p.EffortModel
		if e.Model == "" {
			e.Model = ModelHRMax
		}
	}
	lthr := sr.source == EffortFromHR && e.Model == ModelLTHR
	var sum float64
	for i, v := range sr.effort {
		w := sr.w[i]
		if math.IsNaN(v) || w <= 0 {
			continue
		}
		e.MovingS += w
		sum += v * w
		if v > p.RecoveryCeiling {
			e.AboveCeilingS += w
		}
		if v > p.EasyCeiling {
			e.AboveEasyS += w
		}
		if z := zoneOf(v, lthr); z >= 0 {
			e.ZonesS[z] += w
		}
	}
	if e.MovingS > 0 {
		e.Avg = sum / e.MovingS
	} else {
		e.Source = EffortFromUnknown
	}
	return e
}

// zoneOf returns the 0-based zone of an effort, or -1 below Z1. With lthr, the zones are
// Friel's, by HR / LTHR (effort / LTHREffort).
func zoneOf(e float64, lthr bool) int {
	if lthr {
		r := e / LTHREffort
		z := 0
		for k, f := range frielFloors {
			if r >= f {
				z = k + 1
			}
		}
		return z
	}
	z := -1
	for k, f := range zoneFloors {
		if e >= f {
			z = k
		}
	}
	return z
}

// trimp is Banister's TRIMP over the moving samples with heart rate; NaN without heart rate
// or max HR.
func (sr *series) trimp(p Profile) float64 {
	if !(p.MaxHR > 0) {
		return math.NaN()
	}
	rest := p.Resting()
	if rest >= p.MaxHR {
		return math.NaN()
	}
	k, b := 0.64, 1.92
	if p.Sex == SexFemale {
		k, b = 0.86, 1.67
	}
	var sum float64
	seen := false
	for i, h := range sr.hr {
		w := sr.w[i]
		if math.IsNaN(h) || w <= 0 {
			continue
		}
		seen = true
		r := math.Max(0, (h-rest)/(p.MaxHR-rest))
		sum += w / 60 * r * k * math.Exp(b*r)
	}
	if !seen {
		return math.NaN()
	}
	return sum
}

// Aerobic decoupling (Effort.Decoupling).
const (
	// DecouplingMinS: decoupling is measured on runs of at least this moving time.
	DecouplingMinS = 3600
	// decouplingCover: each half needs heart rate and speed over this share of its time.
	decouplingCover = 0.8
)

// decoupling is the aerobic decoupling of a run of DecouplingMinS or more: the efficiency
// (distance per heartbeat) of the first half of the moving time against the second's,
// (EF₁ − EF₂) / EF₁ (Friel's Pa:HR); NaN for other activities, shorter runs, or halves
// without heart rate and speed over decouplingCover of their time.
func (sr *series) decoupling() float64 {
	n := len(sr.w)
	if sr.a.Sport != activity.SportRunning || n == 0 {
		return math.NaN()
	}
	total := sr.t[n-1] + sr.w[n-1]
	if total < DecouplingMinS {
		return math.NaN()
	}
	var dist, beats, known [2]float64
	for i, w := range sr.w {
		h, v := sr.hr[i], sr.speed[i]
		if w <= 0 || math.IsNaN(h) || math.IsNaN(v) {
			continue
		}
		k := 0
		if sr.t[i]+w/2 >= total/2 {
			k = 1
		}
		dist[k] += v * w
		beats[k] += h / 60 * w
		known[k] += w
	}
	if known[0] < decouplingCover*total/2 || known[1] < decouplingCover*total/2 || dist[0] <= 0 || beats[1] <= 0 {
		return math.NaN()
	}
	ef1, ef2 := dist[0]/beats[0], dist[1]/beats[1]
	return (ef1 - ef2) / ef1
}
