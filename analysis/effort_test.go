package analysis_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// runStart is the start of every synthetic run below.
var runStart = time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC)

// leg is a stretch of a synthetic run: secs seconds at speed m/s and heart rate hr (NaN:
// none).
type leg struct {
	secs      int
	speed, hr float64
	// down: the heart rate wobbles below hr rather than above (see synth)
	down bool
}

// synth builds a run of 1 Hz samples through the legs: sample i records the leg that covers
// second i (the last sample repeats the last leg), with the speed, a distance stream and the
// heart rate. Every other sample's heart rate is a billionth of a beat above the leg's (below
// it with down), so that HR cleaning does not take a steady leg for a flat-lined sensor. Its
// moving time is the sum of the legs' seconds.
func synth(legs ...leg) *activity.Activity {
	a := &activity.Activity{Sport: activity.SportRunning, Start: runStart,
		Source: activity.Source{Format: activity.FormatFIT}}
	var d float64
	sec := 0
	add := func(l leg) {
		s := activity.NewSample(runStart.Add(time.Duration(sec) * time.Second))
		s.Speed, s.Distance, s.HeartRate = l.speed, d, l.hr
		if sec%2 == 1 {
			if l.down {
				s.HeartRate -= 1e-9
			} else {
				s.HeartRate += 1e-9
			}
		}
		a.Samples = append(a.Samples, s)
		d += l.speed
		sec++
	}
	for _, l := range legs {
		for range l.secs {
			add(l)
		}
	}
	if len(legs) > 0 {
		add(legs[len(legs)-1])
	}
	return a
}

// athlete is the profile of the synthetic runs: max HR 190, resting 50, LTHR 170, marathon
// pace unknown, the defaults otherwise.
func athlete() analysis.Profile {
	p := analysis.DefaultProfile()
	p.MaxHR, p.RestingHR, p.LTHR = 190, 50, 170
	return p
}

// TestEffortZones puts ten minutes at one heart rate into its zone, just under and at each
// boundary of every model.
func TestEffortZones(t *testing.T) {
	in := func(z int) [5]float64 {
		var zs [5]float64
		if z >= 0 {
			zs[z] = 600
		}
		return zs
	}
	tests := []struct {
		name  string
		model analysis.EffortModel
		hr    float64
		want  [5]float64
	}{
		{"hrmax below Z1 (49%)", analysis.ModelHRMax, 93, in(-1)},
		{"hrmax 50% is Z1", analysis.ModelHRMax, 95, in(0)},
		{"hrmax just under 60% is Z1", analysis.ModelHRMax, 113.9, in(0)},
		{"hrmax 60% is Z2", analysis.ModelHRMax, 114, in(1)},
		{"hrmax just over 60% is Z2", analysis.ModelHRMax, 114.1, in(1)},
		{"hrmax just under 70% is Z2", analysis.ModelHRMax, 132.9, in(1)},
		{"hrmax 70% is Z3", analysis.ModelHRMax, 133, in(2)},
		{"hrmax just under 80% is Z3", analysis.ModelHRMax, 151.9, in(2)},
		{"hrmax just over 80% is Z4", analysis.ModelHRMax, 152.1, in(3)},
		{"hrmax just under 90% is Z4", analysis.ModelHRMax, 170.9, in(3)},
		{"hrmax just over 90% is Z5", analysis.ModelHRMax, 171.1, in(4)},
		{"hrmax above max is Z5", analysis.ModelHRMax, 195, in(4)},
		// hrr: (HR − 50) / 140
		{"hrr just under 60% is Z1", analysis.ModelHRR, 133.9, in(0)},
		{"hrr 60% is Z2", analysis.ModelHRR, 134, in(1)},
		{"hrr just under 70% is Z2", analysis.ModelHRR, 147.9, in(1)},
		{"hrr 70% is Z3", analysis.ModelHRR, 148, in(2)},
		{"hrr just over 80% is Z4", analysis.ModelHRR, 162.1, in(3)},
		{"hrr just over 90% is Z5", analysis.ModelHRR, 176.1, in(4)},
		{"hrr below Z1", analysis.ModelHRR, 110, in(-1)},
		// lthr: Friel, HR / 170
		{"lthr far below is Z1", analysis.ModelLTHR, 90, in(0)},
		{"lthr just under 85% is Z1", analysis.ModelLTHR, 144.4, in(0)},
		{"lthr 85% is Z2", analysis.ModelLTHR, 144.5, in(1)},
		{"lthr just under 90% is Z2", analysis.ModelLTHR, 152.9, in(1)},
		{"lthr 90% is Z3", analysis.ModelLTHR, 153, in(2)},
		{"lthr just under 95% is Z3", analysis.ModelLTHR, 161.4, in(2)},
		{"lthr 95% is Z4", analysis.ModelLTHR, 161.5, in(3)},
		{"lthr just under 100% is Z4", analysis.ModelLTHR, 169.9, in(3)},
		{"lthr 100% is Z5", analysis.ModelLTHR, 170, in(4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := athlete()
			p.EffortModel = tt.model
			e := analysis.EffortOf(synth(leg{secs: 600, speed: 3, hr: tt.hr}), p)
			if e.ZonesS != tt.want {
				t.Errorf("zones %v; want %v (effort %.4f)", e.ZonesS, tt.want, e.Avg)
			}
			if e.Source != analysis.EffortFromHR || e.Model != tt.model || e.MovingS != 600 {
				t.Errorf("source %s, model %s, over %.0f s; want hr, %s, 600 s", e.Source, e.Model, e.MovingS, tt.model)
			}
		})
	}
}

// TestEffortAverageCeilingAndTRIMP checks the numbers of one effort against hand computation.
func TestEffortAverageCeilingAndTRIMP(t *testing.T) {
	banister := func(minutes, hrr, k, b float64) float64 { return minutes * hrr * k * math.Exp(b*hrr) }
	p := athlete()
	female := athlete()
	female.Sex = analysis.SexFemale
	noRest := athlete()
	noRest.RestingHR = math.NaN()
	hrr := athlete()
	hrr.EffortModel = analysis.ModelHRR
	hrrNoRest := hrr
	hrrNoRest.RestingHR = math.NaN()
	lthr := athlete()
	lthr.EffortModel = analysis.ModelLTHR
	lthr.MaxHR = math.NaN()
	tests := []struct {
		name  string
		p     analysis.Profile
		legs  []leg
		avg   float64
		above float64
		trimp float64
	}{
		{"at the ceiling is not above it", p, []leg{{secs: 600, speed: 3, hr: 133, down: true}}, 0.70, 0,
			banister(10, 83.0/140, 0.64, 1.92)},
		{"just above the ceiling", p, []leg{{secs: 600, speed: 3, hr: 133.2}}, 133.2 / 190, 600,
			banister(10, 83.2/140, 0.64, 1.92)},
		{"time-weighted average", p, []leg{{secs: 1200, speed: 3, hr: 133, down: true}, {secs: 600, speed: 3, hr: 152}},
			(1200*0.7 + 600*0.8) / 1800, 600, banister(20, 83.0/140, 0.64, 1.92) + banister(10, 102.0/140, 0.64, 1.92)},
		{"female constants", female, []leg{{secs: 600, speed: 3, hr: 152}}, 0.8, 600,
			banister(10, 102.0/140, 0.86, 1.67)},
		{"resting HR unknown: 60 bpm", noRest, []leg{{secs: 600, speed: 3, hr: 152}}, 0.8, 600,
			banister(10, 92.0/130, 0.64, 1.92)},
		{"hrr", hrr, []leg{{secs: 600, speed: 3, hr: 148, down: true}}, 0.7, 0, banister(10, 0.7, 0.64, 1.92)},
		{"hrr, resting HR unknown: 60 bpm", hrrNoRest, []leg{{secs: 600, speed: 3, hr: 151, down: true}}, 0.7, 0,
			banister(10, 0.7, 0.64, 1.92)},
		{"lthr: HR / LTHR × 0.9; no max HR, no TRIMP", lthr, []leg{{secs: 600, speed: 3, hr: 153}}, 0.81, 600,
			math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := analysis.EffortOf(synth(tt.legs...), tt.p)
			got := []float64{e.Avg, e.AboveCeilingS, e.TRIMP}
			want := []float64{tt.avg, tt.above, tt.trimp}
			if diff := cmp.Diff(got, want, cmpopts.EquateApprox(0, 1e-9), cmpopts.EquateNaNs()); diff != "" {
				t.Errorf("average, seconds above the ceiling, TRIMP (-got +want):\n%s", diff)
			}
		})
	}
}

// TestEffortSource: heart rate when the profile can turn it into effort; else pace for a run
// with a known marathon pace; else unknown, never guessed.
func TestEffortSource(t *testing.T) {
	nan := math.NaN()
	withMP := athlete()
	withMP.MarathonPace = 290
	noMax := withMP
	noMax.MaxHR = nan
	noMaxNoMP := noMax
	noMaxNoMP.MarathonPace = nan
	lthrNoLTHR := withMP
	lthrNoLTHR.EffortModel, lthrNoLTHR.LTHR = analysis.ModelLTHR, nan
	mp := 1000.0 / 290
	tests := []struct {
		name   string
		sport  activity.Sport
		hr     float64
		speed  float64
		p      analysis.Profile
		source analysis.EffortSource
		avg    float64
	}{
		{"heart rate", activity.SportRunning, 152, mp, withMP, analysis.EffortFromHR, 0.8},
		{"heart rate without max HR: pace", activity.SportRunning, 152, mp, noMax, analysis.EffortFromPace, 0.8},
		{"lthr model without LTHR: pace", activity.SportRunning, 152, mp, lthrNoLTHR, analysis.EffortFromPace, 0.8},
		{"no heart rate: pace", activity.SportRunning, nan, 1000.0 / 350, withMP, analysis.EffortFromPace, 0.7},
		{"no heart rate, no marathon pace: unknown", activity.SportRunning, nan, mp, athlete(), analysis.EffortFromUnknown, nan},
		{"heart rate, no max HR, no marathon pace: unknown", activity.SportRunning, 152, mp, noMaxNoMP, analysis.EffortFromUnknown, nan},
		{"a ride's heart rate", activity.SportCycling, 133, 8, withMP, analysis.EffortFromHR, 0.7},
		{"a ride without heart rate: unknown (pace is for runs)", activity.SportCycling, nan, 8, withMP, analysis.EffortFromUnknown, nan},
		{"a swim's heart rate", activity.SportSwimming, 114, 0.8, withMP, analysis.EffortFromHR, 0.6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := synth(leg{secs: 900, speed: tt.speed, hr: tt.hr})
			a.Sport = tt.sport
			e := analysis.EffortOf(a, tt.p)
			if e.Source != tt.source {
				t.Errorf("source %s; want %s", e.Source, tt.source)
			}
			if !(math.Abs(e.Avg-tt.avg) < 1e-9 || math.IsNaN(e.Avg) && math.IsNaN(tt.avg)) {
				t.Errorf("average effort %.4f; want %.4f", e.Avg, tt.avg)
			}
			if tt.source == analysis.EffortFromUnknown && (e.ZonesS != [5]float64{} || e.MovingS != 0 || e.AboveCeilingS != 0) {
				t.Errorf("unknown effort with zones %v, %v s, %v s above the ceiling", e.ZonesS, e.MovingS, e.AboveCeilingS)
			}
		})
	}
}

// TestPaceEffort: marathon pace is 0.80, marathon pace + 60 s/km 0.70, linear in speed,
// clamped to 0.40–1.05.
func TestPaceEffort(t *testing.T) {
	const mp = 290.0
	tests := []struct {
		name string
		pace float64 // s/km
		want float64
	}{
		{"marathon pace", mp, 0.80},
		{"marathon pace + 60 s/km", mp + 60, 0.70},
		{"4:30/km", 270, 0.80 + (1000/270.0-1000/mp)*0.1/(1000/mp-1000/(mp+60))},
		{"a walk is clamped", 1200, 0.40},
		{"a sprint is clamped", 150, 1.05},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := analysis.PaceEffort(1000/tt.pace, mp); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("PaceEffort(%s) = %.4f; want %.4f", tt.name, got, tt.want)
			}
		})
	}
}

// TestHRAtEffort: the heart rate at an effort gives that effort back in every model, from the
// hand formulas; without the profile's value there is none.
func TestHRAtEffort(t *testing.T) {
	nan := math.NaN()
	noRest := athlete()
	noRest.RestingHR = nan
	noMax := athlete()
	noMax.MaxHR = nan
	noLTHR := athlete()
	noLTHR.LTHR = nan
	lthrProfile := athlete()
	lthrProfile.EffortModel = analysis.ModelLTHR
	tests := []struct {
		name  string
		p     analysis.Profile
		model analysis.EffortModel
		e     float64
		want  float64
	}{
		{"hrmax", athlete(), analysis.ModelHRMax, 0.7, 0.7 * 190},
		{"hrr", athlete(), analysis.ModelHRR, 0.7, 50 + 0.7*140},
		{"hrr, resting HR unknown: 60 bpm", noRest, analysis.ModelHRR, 0.7, 60 + 0.7*130},
		{"lthr", athlete(), analysis.ModelLTHR, 0.81, 0.81 / 0.9 * 170},
		{"no model: the profile's", lthrProfile, "", 0.81, 0.81 / 0.9 * 170},
		{"hrmax without max HR", noMax, analysis.ModelHRMax, 0.7, nan},
		{"hrr without max HR", noMax, analysis.ModelHRR, 0.7, nan},
		{"lthr without LTHR", noLTHR, analysis.ModelLTHR, 0.7, nan},
		{"lthr without max HR", noMax, analysis.ModelLTHR, 0.81, 0.81 / 0.9 * 170},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := analysis.HRAtEffort(tt.p, tt.model, tt.e)
			if !(math.Abs(got-tt.want) < 1e-9 || math.IsNaN(got) && math.IsNaN(tt.want)) {
				t.Fatalf("HRAtEffort(%.2f) = %.4f; want %.4f", tt.e, got, tt.want)
			}
			if math.IsNaN(got) {
				return
			}
			// and back: ten minutes at that heart rate have that effort
			p := tt.p
			if tt.model != "" {
				p.EffortModel = tt.model
			}
			if e := analysis.EffortOf(synth(leg{secs: 600, speed: 3, hr: got}), p); math.Abs(e.Avg-tt.e) > 1e-8 {
				t.Errorf("effort at %.4f bpm %.6f; want %.6f", got, e.Avg, tt.e)
			}
		})
	}
}

// TestPaceAtEffort: the pace at an effort gives that effort back (PaceEffort) within its
// clamping; none without a marathon pace or where no speed reaches the effort.
func TestPaceAtEffort(t *testing.T) {
	const mp = 290.0
	for _, e := range []float64{0.4, 0.55, 0.7, 0.8, 0.9, 1.05} {
		pace := analysis.PaceAtEffort(e, mp)
		if got := analysis.PaceEffort(1000/pace, mp); math.Abs(got-e) > 1e-9 {
			t.Errorf("PaceEffort(PaceAtEffort(%.2f) = %.2f s/km) = %.6f; want %.2f", e, pace, got, e)
		}
	}
	for _, tt := range []struct {
		name string
		e    float64
		pace float64
		want float64
	}{
		{"marathon pace", 0.8, mp, mp},
		{"the recovery ceiling: marathon pace + 60 s/km", 0.7, mp, mp + 60},
		{"no marathon pace", 0.7, math.NaN(), math.NaN()},
		{"no positive speed", -5, mp, math.NaN()},
	} {
		got := analysis.PaceAtEffort(tt.e, tt.pace)
		if !(math.Abs(got-tt.want) < 1e-9 || math.IsNaN(got) && math.IsNaN(tt.want)) {
			t.Errorf("%s: PaceAtEffort(%.2f, %.0f) = %.4f; want %.4f", tt.name, tt.e, tt.pace, got, tt.want)
		}
	}
}

// randomRun is a run of a random length with random pauses (gaps in the recording, or timer
// stops) and stretches of sparse recording (steps of up to a minute, moving), its heart rate
// wandering between 100 and 200 bpm: every effort of it is at least 50% of max 190, so that
// its time falls in a zone. With spoilt, the heart rate is rounded to whole beats, as devices
// record it, and has dropouts and gaps; without, no value repeats (nothing to clean).
func randomRun(r *rand.Rand, spoilt bool) *activity.Activity {
	a := &activity.Activity{Sport: activity.SportRunning, Start: runStart}
	n := 30 + r.IntN(3000)
	t := 0.0
	hr := 100 + 100*r.Float64()
	var d float64
	timed := r.IntN(2) == 0
	if timed {
		a.Timer = append(a.Timer, activity.TimerEvent{Time: runStart, Start: true})
	}
	for k := range n {
		step := 1.0
		speed := 2 + 2*r.Float64()
		if r.Float64() < 0.02 {
			speed = 0.2 // standing
		}
		switch x := r.Float64(); {
		case k == 0:
			step = 0
		case x < 0.01: // a gap: a pause, standing
			step = 10 + 120*r.Float64()
			speed = 0
			if timed {
				a.Timer = append(a.Timer, activity.TimerEvent{Time: runStart.Add(time.Duration((t + 0.5) * float64(time.Second)))},
					activity.TimerEvent{Time: runStart.Add(time.Duration((t + step - 0.5) * float64(time.Second))), Start: true})
			}
		case x < 0.1: // sparse recording
			step = 1 + float64(r.IntN(60))
		}
		t += step
		d += speed * step
		s := activity.NewSample(runStart.Add(time.Duration(t * float64(time.Second))))
		s.Speed, s.Distance = speed, d
		// a random walk reflected at 100 and 200 bpm, so that it never holds one value long
		hr += 3 * (r.Float64() - 0.5)
		hr = 100 + math.Abs(100-math.Abs(hr-200))
		switch x := r.Float64(); {
		case spoilt && x < 0.03:
			s.HeartRate = math.NaN()
		case spoilt && x < 0.05:
			s.HeartRate = 0
		case spoilt:
			s.HeartRate = math.Round(hr)
		default:
			s.HeartRate = hr
		}
		a.Samples = append(a.Samples, s)
	}
	if timed {
		a.Timer = append(a.Timer, activity.TimerEvent{Time: a.Samples[len(a.Samples)-1].Time})
	}
	return a
}

// TestZoneTimesAddUp: over random runs, the zones' times add up to the time the heart rate
// was measured over; with a heart rate on every sample that is the moving time, however
// sparse the recording, and with gaps in it never more. The time above the ceiling is part
// of it.
func TestZoneTimesAddUp(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 11))
	for _, model := range []analysis.EffortModel{analysis.ModelHRMax, analysis.ModelHRR, analysis.ModelLTHR} {
		p := athlete()
		p.EffortModel = model
		if model == analysis.ModelHRR {
			p.RestingHR = 10 // so that 100 bpm is 50% of the reserve, in Z1
		}
		for round := range 200 {
			spoilt := round%2 == 1
			a := randomRun(r, spoilt)
			e := analysis.EffortOf(a, p)
			var sum float64
			for _, z := range e.ZonesS {
				sum += z
			}
			moving := analysis.Moving(a).Seconds
			if math.Abs(sum-e.MovingS) > 1e-6*math.Max(1, e.MovingS) {
				t.Fatalf("%s round %d: zones add up to %.3f s; heart-rate time %.3f s", model, round, sum, e.MovingS)
			}
			if !spoilt && math.Abs(e.MovingS-moving) > 1e-6*math.Max(1, moving) {
				t.Fatalf("%s round %d: heart-rate time %.3f s; want the moving time %.3f s (a heart rate on every sample)",
					model, round, e.MovingS, moving)
			}
			if e.MovingS > moving+1e-6 || e.AboveCeilingS > e.MovingS+1e-6 {
				t.Fatalf("%s round %d: heart-rate time %.3f s, above the ceiling %.3f s, moving %.3f s",
					model, round, e.MovingS, e.AboveCeilingS, moving)
			}
		}
	}
}

// TestEffortOfSparseRecording: a device recording sparsely (a record when a value changes)
// has its effort, zones and TRIMP over all of its moving time; a heart rate at one end only of
// a long step stands for none of it, as in the average heart rate.
func TestEffortOfSparseRecording(t *testing.T) {
	nan := math.NaN()
	banister := func(minutes, hrr float64) float64 { return minutes * hrr * 0.64 * math.Exp(1.92*hrr) }
	// every 50 s for 1000 s at 152 bpm (0.80 of max 190), a billionth above on every other
	var every50 []pt
	for k := range 21 {
		every50 = append(every50, pt{float64(50 * k), float64(150 * k), 3, 152 + float64(k%2)*1e-9})
	}
	tests := []struct {
		name   string
		a      activity.Activity
		moving float64 // the moving time (Moving)
		want   analysis.Effort
	}{
		{
			name:   "steps of 50 s",
			a:      activity.Activity{Sport: activity.SportRunning, Start: t0, Samples: samples(every50...)},
			moving: 1000,
			want: analysis.Effort{Avg: 0.8, Source: analysis.EffortFromHR, Model: analysis.ModelHRMax,
				ZonesS: [5]float64{3: 1000}, AboveCeilingS: 1000, AboveEasyS: 1000, MovingS: 1000, TRIMP: banister(1000.0/60, 102.0/140),
				Decoupling: nan},
		},
		{
			// TestAverageHR's smart recording: 50 s at 100, 1 s at 100, 49 s at 160
			name: "smart recording with a timer",
			a: activity.Activity{Sport: activity.SportRunning, Start: t0,
				Samples: samples(pt{0, 0, 3, 100}, pt{50, 150, 3, 100}, pt{51, 153, 3, 160}, pt{100, 300, 3, 160}),
				Timer:   timer("start", 0.0, "stop", 100.0)},
			moving: 100,
			want: analysis.Effort{Avg: (51*100.0/190 + 49*160.0/190) / 100, Source: analysis.EffortFromHR,
				Model: analysis.ModelHRMax, ZonesS: [5]float64{0: 51, 3: 49}, AboveCeilingS: 49, AboveEasyS: 49, MovingS: 100,
				TRIMP: banister(51.0/60, 50.0/140) + banister(49.0/60, 110.0/140), Decoupling: nan},
		},
		{
			name: "a heart rate at one end of a long step stands for none of it",
			a: activity.Activity{Sport: activity.SportRunning, Start: t0,
				Samples: samples(pt{0, 0, 3, 152}, pt{50, 150, 3, nan}, pt{100, 300, 3, 152}, pt{150, 450, 3, 152 + 1e-9})},
			moving: 150,
			want: analysis.Effort{Avg: 0.8, Source: analysis.EffortFromHR, Model: analysis.ModelHRMax,
				ZonesS: [5]float64{3: 50}, AboveCeilingS: 50, AboveEasyS: 50, MovingS: 50, TRIMP: banister(50.0/60, 102.0/140), Decoupling: nan},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if m := analysis.Moving(&tt.a).Seconds; m != tt.moving {
				t.Fatalf("moving %.1f s; want %.1f s", m, tt.moving)
			}
			got := analysis.EffortOf(&tt.a, athlete())
			if diff := cmp.Diff(got, tt.want, cmpopts.EquateApprox(0, 1e-9), cmpopts.EquateNaNs()); diff != "" {
				t.Errorf("effort (-got +want):\n%s", diff)
			}
		})
	}
}

// TestCleaningNeverAddsTime: spoiling a run's heart rate with dropouts, zeros and spikes never
// adds heart-rate time or samples: cleaning only takes away.
func TestCleaningNeverAddsTime(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	p := athlete()
	for round := range 200 {
		clean := randomRun(r, true)
		spoilt := *clean
		spoilt.Samples = append([]activity.Sample(nil), clean.Samples...)
		for i := range spoilt.Samples {
			if math.IsNaN(spoilt.Samples[i].HeartRate) {
				continue
			}
			switch x := r.Float64(); {
			case x < 0.05:
				spoilt.Samples[i].HeartRate = math.NaN()
			case x < 0.08:
				spoilt.Samples[i].HeartRate = 0
			case x < 0.10:
				spoilt.Samples[i].HeartRate = 235
			}
		}
		ec, es := analysis.EffortOf(clean, p), analysis.EffortOf(&spoilt, p)
		sc, ss := analysis.Summarize(clean), analysis.Summarize(&spoilt)
		if es.MovingS > ec.MovingS+1e-6 || ss.HRSamples > sc.HRSamples {
			t.Fatalf("round %d: spoilt heart rate measured over %.1f s (%d samples); clean %.1f s (%d samples)",
				round, es.MovingS, ss.HRSamples, ec.MovingS, sc.HRSamples)
		}
	}
}

// TestAboveEasyCeiling: the time above the easy ceiling counts what lies above it, not at it,
// on the effort scale of every model.
func TestAboveEasyCeiling(t *testing.T) {
	for _, tc := range []struct {
		model analysis.EffortModel
		at    float64 // the heart rate at the easy ceiling 0.75: 142.5 (hrmax), 155 (hrr), 141.7 (lthr)
	}{
		{analysis.ModelHRMax, 0.75 * 190}, {analysis.ModelHRR, 50 + 0.75*140}, {analysis.ModelLTHR, 0.75 / 0.9 * 170},
	} {
		p := athlete()
		p.EffortModel = tc.model
		// 10 min at the ceiling, 5 min a beat above it, 5 min well below.
		a := synth(leg{secs: 600, speed: 3, hr: tc.at, down: true}, leg{secs: 300, speed: 3, hr: tc.at + 1},
			leg{secs: 300, speed: 3, hr: tc.at - 20})
		if e := analysis.EffortOf(a, p); math.Abs(e.AboveEasyS-300) > 1 {
			t.Errorf("%s: %.0f s above the easy ceiling, want 300", tc.model, e.AboveEasyS)
		}
	}
}
