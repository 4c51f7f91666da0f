package analysis

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/easyday/easyday/activity"
)

// Rules of profile estimation (DESIGN.md "The athlete profile").
const (
	// HeldFor: a heart rate counts toward the maximum when it was held this long: reached
	// in HeldShare of the stretch's seconds, so that neither a spike nor a short surge makes
	// a maximum.
	HeldFor   = 30 * time.Second
	HeldShare = 0.9
	// MaxHRPercentile: of the activities' highest held heart rates, the maximum is this
	// percentile; the single highest is left out whenever there are three or more.
	MaxHRPercentile = 0.98
	// ThresholdFor and ThresholdFactor: LTHR is ThresholdFactor × the highest average heart
	// rate a run held for ThresholdFor (Friel's 20-minute field test).
	ThresholdFor    = 20 * time.Minute
	ThresholdFactor = 0.95
	// RiegelExponent is the exponent of Riegel's formula T2 = T1 × (D2/D1)^RiegelExponent.
	RiegelExponent = 1.06
	// MarathonM is the marathon distance in metres.
	MarathonM = 42195.0
	// FastestPlausiblePace (s/km): a stretch of a run faster than this on average is a
	// distance error, not an effort.
	FastestPlausiblePace = 150.0
)

// EffortDistances are the distances (metres) whose best efforts predict marathon pace.
var EffortDistances = []float64{5000, 10000, 21097.5, MarathonM}

// heldCoverage is the share of a window's seconds that must carry a heart rate for the window
// to count.
const heldCoverage = 0.9

// EstimateInput is one stored activity for Estimate.
type EstimateInput struct {
	ID       int64
	Activity *activity.Activity // with its samples
	Summary  Summary            // Summarize(Activity)
}

// Estimated is one estimated profile value.
type Estimated struct {
	// Value is the estimate (bpm, or seconds per km for marathon pace); NaN when none.
	Value float64
	// Detail says how the value was found and from what, in words and numbers; when there
	// is no value, why not.
	Detail string
	// Activities are the ids of the activities the value came from; empty for an estimate
	// from age alone, or none.
	Activities []int64
}

// Estimates are the profile values Estimate could find.
type Estimates struct {
	MaxHR        Estimated
	RestingHR    Estimated
	LTHR         Estimated
	MarathonPace Estimated // seconds per km
	// From and To bound the activities considered: From <= start <= To.
	From, To time.Time
	// Considered counts the activities within From..To.
	Considered int
}

// Estimate estimates the athlete's maximum, resting and threshold heart rates and marathon
// pace from the activities of the 12 months up to now (older and later ones are ignored):
//
//   - max HR: for each activity, the highest cleaned heart rate held for HeldFor (reached in
//     HeldShare of its seconds); of those, the MaxHRPercentile percentile, never the single
//     highest of three or more. With no heart rate at all and age known (not NaN),
//     Tanaka: 208 − 0.7 × age.
//   - resting HR: only where the files carry one; activity files do not, so it stays unknown.
//   - LTHR: ThresholdFactor × the highest average heart rate a run held for ThresholdFor.
//   - marathon pace: Riegel's prediction from the fastest stretch of each EffortDistances
//     in outdoor runs (T2 = T1 × (42.195 km / D1)^RiegelExponent); the fastest prediction.
//
// Each estimate says what it came from.
func Estimate(acts []EstimateInput, now time.Time, age float64) Estimates {
	ms := make([]Measure, 0, len(acts))
	for _, in := range acts {
		if in.Activity != nil {
			ms = append(ms, MeasureForEstimate(in))
		}
	}
	return EstimateMeasured(ms, now, age)
}

// Measure is what one activity tells Estimate, without its samples: MeasureForEstimate makes
// it, EstimateMeasured estimates from many, so that a caller can load one activity at a time.
type Measure struct {
	start time.Time
	m     estimateMeasure
}

// MeasureForEstimate measures one activity (with its samples) for EstimateMeasured.
func MeasureForEstimate(in EstimateInput) Measure {
	start := in.Activity.Begin()
	return Measure{start: start, m: measureEstimate(in, start)}
}

// EstimateMeasured is Estimate over activities measured already (MeasureForEstimate).
func EstimateMeasured(measured []Measure, now time.Time, age float64) Estimates {
	e := Estimates{From: now.AddDate(-1, 0, 0), To: now}
	var ms []estimateMeasure
	for _, in := range measured {
		if in.start.Before(e.From) || in.start.After(e.To) {
			continue
		}
		e.Considered++
		ms = append(ms, in.m)
	}
	since := e.From.Format("2006-01-02")
	e.MaxHR = estimateMaxHR(ms, since, age)
	e.RestingHR = Estimated{Value: math.NaN(),
		Detail: "not estimated: activity files do not carry a resting heart rate"}
	e.LTHR = estimateLTHR(ms, since)
	e.MarathonPace = estimateMarathonPace(ms, since)
	return e
}

// estimateMeasure is what one activity tells the estimates.
type estimateMeasure struct {
	id    int64
	label string // "run 2026-10-31 (id 42)"
	run   bool
	// held is the highest heart rate held for HeldFor; NaN without enough heart rate.
	held float64
	// threshold is, for runs, the highest average heart rate held for ThresholdFor; NaN
	// otherwise.
	threshold float64
	// marathonS is, for outdoor runs, the fastest Riegel marathon prediction in seconds,
	// from effortM metres run in effortS seconds; NaN otherwise.
	marathonS, effortM, effortS float64
}

func measureEstimate(in EstimateInput, start time.Time) estimateMeasure {
	a := in.Activity
	m := estimateMeasure{id: in.ID, run: a.Sport == activity.SportRunning, held: math.NaN(),
		threshold: math.NaN(), marathonS: math.NaN()}
	m.label = fmt.Sprintf("%s %s (id %d)", sportNoun(a.Sport), start.Format("2006-01-02"), in.ID)
	if in.Summary.HRSamples > 0 {
		hr := hrEverySecond(a.Samples)
		m.held = highestHeldHR(hr, int(HeldFor/time.Second))
		if m.run {
			m.threshold = highestAverageHR(hr, int(ThresholdFor/time.Second))
		}
	}
	if m.run && !indoorSubSport(a.SubSport) && in.Summary.DistanceM >= EffortDistances[0] {
		t, d := distanceAlong(a)
		for _, dist := range EffortDistances {
			s := fastestCover(t, d, dist)
			if math.IsNaN(s) {
				continue
			}
			if p := s * math.Pow(MarathonM/dist, RiegelExponent); math.IsNaN(m.marathonS) || p < m.marathonS {
				m.marathonS, m.effortM, m.effortS = p, dist, s
			}
		}
	}
	return m
}

func estimateMaxHR(ms []estimateMeasure, since string, age float64) Estimated {
	var peaks []estimateMeasure
	for _, m := range ms {
		if !math.IsNaN(m.held) {
			peaks = append(peaks, m)
		}
	}
	if len(peaks) == 0 {
		if !math.IsNaN(age) {
			return Estimated{Value: TanakaMaxHR(age), Detail: fmt.Sprintf("Tanaka: 208 − 0.7 × age %g", age)}
		}
		return Estimated{Value: math.NaN(), Detail: fmt.Sprintf(
			"not estimated: no activity since %s held a heart rate for %s, and age is unknown", since, spanWords(HeldFor))}
	}
	sort.SliceStable(peaks, func(i, j int) bool { return peaks[i].held > peaks[j].held })
	n := len(peaks)
	// The percentile by nearest rank, counted from the top: skip the highest `skip`.
	skip := n - int(math.Ceil(MaxHRPercentile*float64(n)))
	if n >= 3 && skip < 1 {
		skip = 1
	}
	m := peaks[skip]
	var b strings.Builder
	fmt.Fprintf(&b, "%.0f bpm held for %s in %s", m.held, spanWords(HeldFor), m.label)
	switch {
	case n == 1:
		fmt.Fprintf(&b, ", the only activity with heart rate since %s", since)
	case skip == 0:
		fmt.Fprintf(&b, ": the highest of %d activities since %s (too few to leave one out)", n, since)
	default:
		fmt.Fprintf(&b, ": the %s highest of %d activities since %s; left out in case of an artefact: ",
			ordinalWord(skip+1), n, since)
		for i, p := range peaks[:skip] {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%.0f bpm in %s", p.held, p.label)
		}
	}
	return Estimated{Value: m.held, Detail: b.String(), Activities: []int64{m.id}}
}

func estimateLTHR(ms []estimateMeasure, since string) Estimated {
	best, runs := -1, 0
	for i, m := range ms {
		if math.IsNaN(m.threshold) {
			continue
		}
		runs++
		if best < 0 || m.threshold > ms[best].threshold {
			best = i
		}
	}
	if best < 0 {
		return Estimated{Value: math.NaN(), Detail: fmt.Sprintf(
			"not estimated: no run since %s has %s of heart rate", since, spanWords(ThresholdFor))}
	}
	m := ms[best]
	return Estimated{
		Value: ThresholdFactor * m.threshold,
		Detail: fmt.Sprintf("%.2f × %.0f bpm, the highest average heart rate over %s (Friel's field test) of %d runs since %s: %s",
			ThresholdFactor, m.threshold, spanWords(ThresholdFor), runs, since, m.label),
		Activities: []int64{m.id},
	}
}

func estimateMarathonPace(ms []estimateMeasure, since string) Estimated {
	best, runs := -1, 0
	for i, m := range ms {
		if math.IsNaN(m.marathonS) {
			continue
		}
		runs++
		if best < 0 || m.marathonS < ms[best].marathonS {
			best = i
		}
	}
	if best < 0 {
		return Estimated{Value: math.NaN(), Detail: fmt.Sprintf(
			"not estimated: no outdoor run of %g km or more since %s", EffortDistances[0]/1000, since)}
	}
	m := ms[best]
	return Estimated{
		Value: m.marathonS / (MarathonM / 1000),
		Detail: fmt.Sprintf("Riegel (exponent %g) from %g km in %s (%s/km) in %s: marathon %s; the fastest prediction of %d outdoor runs of %g km or more since %s",
			RiegelExponent, m.effortM/1000, hms(m.effortS), hms(m.effortS/(m.effortM/1000)), m.label,
			hms(m.marathonS), runs, EffortDistances[0]/1000, since),
		Activities: []int64{m.id},
	}
}

// maxGridS bounds the 1-second grid of one activity (3 days), against broken timestamps.
const maxGridS = 3 * 24 * 3600

// hrEverySecond returns the cleaned heart rate (CleanHR) once a second from the first
// sample: linear between valid readings up to PauseGap apart, NaN elsewhere.
func hrEverySecond(smp []activity.Sample) []float64 {
	if len(smp) == 0 {
		return nil
	}
	hr, _ := CleanHR(smp)
	t0 := smp[0].Time
	n := int(smp[len(smp)-1].Time.Sub(t0)/time.Second) + 1
	n = max(1, min(n, maxGridS))
	grid := make([]float64, n)
	for k := range grid {
		grid[k] = math.NaN()
	}
	prevT, prevV := math.NaN(), math.NaN()
	for i := range smp {
		v := hr[i]
		if math.IsNaN(v) {
			continue
		}
		t := smp[i].Time.Sub(t0).Seconds()
		if t < 0 || t >= float64(n) {
			continue
		}
		if k := math.Round(t); math.Abs(t-k) < 1e-6 {
			grid[int(k)] = v
		}
		if !math.IsNaN(prevT) && t > prevT && t-prevT <= PauseGap.Seconds() {
			for k := math.Ceil(prevT); k < t; k++ {
				grid[int(k)] = prevV + (v-prevV)*(k-prevT)/(t-prevT)
			}
		}
		if math.IsNaN(prevT) || t > prevT {
			prevT, prevV = t, v
		}
	}
	return grid
}

// highestHeldHR returns the highest heart rate reached in HeldShare of the valid seconds of
// w consecutive seconds of hr, over windows at least heldCoverage full; NaN when there is
// none.
func highestHeldHR(hr []float64, w int) float64 {
	best := math.NaN()
	need := int(math.Ceil(heldCoverage * float64(w)))
	win := make(sortedWindow, 0, w) // the window's valid values
	for k, v := range hr {
		if !math.IsNaN(v) {
			win.insert(v)
		}
		if k >= w {
			if out := hr[k-w]; !math.IsNaN(out) {
				win.remove(out)
			}
		}
		if k >= w-1 && len(win) >= need {
			held := win[len(win)-int(math.Ceil(HeldShare*float64(len(win))))]
			if math.IsNaN(best) || held > best {
				best = held
			}
		}
	}
	return best
}

// highestAverageHR returns the highest mean of w consecutive seconds of hr, over windows at
// least heldCoverage full; NaN when there is none.
func highestAverageHR(hr []float64, w int) float64 {
	best := math.NaN()
	need := int(math.Ceil(heldCoverage * float64(w)))
	var sum float64
	var cnt int
	for k, v := range hr {
		if !math.IsNaN(v) {
			sum += v
			cnt++
		}
		if k >= w {
			if out := hr[k-w]; !math.IsNaN(out) {
				sum -= out
				cnt--
			}
		}
		if k >= w-1 && cnt >= need {
			if avg := sum / float64(cnt); math.IsNaN(best) || avg > best {
				best = avg
			}
		}
	}
	return best
}

// indoorSubSport reports whether a run's sub-sport measures distance without GPS (a foot pod
// or the belt), which is too rough for best efforts.
func indoorSubSport(subSport string) bool {
	switch subSport {
	case "treadmill", "indoor", "indoor_running", "virtual_activity":
		return true
	}
	return false
}

// distanceAlong returns the samples' times (seconds from the first sample) and the distance
// covered up to them (metres), for the samples where it is known, as Distance measures it:
// along the device's distance stream where the samples carry one (deviceSteps), otherwise
// along the GPS track (gpsSteps).
func distanceAlong(a *activity.Activity) (t, d []float64) {
	smp := a.Samples
	if len(smp) == 0 {
		return nil, nil
	}
	t0 := smp[0].Time
	covered := 0.0
	add := func(i int, step float64) {
		covered += step
		t = append(t, smp[i].Time.Sub(t0).Seconds())
		d = append(d, covered)
	}
	if deviceSteps(a, add) {
		return t, d
	}
	pos := positioned(smp)
	if len(pos) < 2 {
		return nil, nil
	}
	add(pos[0], 0)
	gpsSteps(a, pos, add)
	return t, d
}

// fastestCover returns the shortest time (seconds) in which the samples (times t, distances d,
// both ascending) cover dist metres, scaled to exactly dist; stretches faster than
// FastestPlausiblePace are skipped. NaN when none covers dist.
func fastestCover(t, d []float64, dist float64) float64 {
	best := math.NaN()
	i := 0
	for j := range d {
		if d[j]-d[0] < dist {
			continue
		}
		for i+1 < j && d[j]-d[i+1] >= dist {
			i++
		}
		span, dt := d[j]-d[i], t[j]-t[i]
		if span <= 0 || dt <= 0 {
			continue
		}
		s := dt * dist / span
		if s/(dist/1000) < FastestPlausiblePace {
			continue
		}
		if math.IsNaN(best) || s < best {
			best = s
		}
	}
	return best
}

// sportNoun names an activity of the sport in a sentence.
func sportNoun(s activity.Sport) string {
	if n := s.Noun(); n != "" {
		return n
	}
	return "activity"
}

// spanWords writes a duration of whole seconds or minutes: "30 s", "20 min".
func spanWords(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return fmt.Sprintf("%d s", d/time.Second)
}

// ordinalWord writes 2 as "2nd", 3 as "3rd", 11 as "11th".
func ordinalWord(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

// hms formats seconds as m:ss, or h:mm:ss from an hour on; "?" for NaN (an estimate's detail).
func hms(sec float64) string {
	if math.IsNaN(sec) {
		return "?"
	}
	s := int(math.Round(sec))
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
