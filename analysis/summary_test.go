package analysis_test

// The metric tests in one file although past 600 lines: moving time, distance and heart rate
// are built from the same synthetic samples (samples, moving, still).

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// t0 is the start of every hand-built activity below.
var t0 = time.Date(2024, 5, 6, 7, 0, 0, 0, time.UTC)

// at returns the time s seconds after t0.
func at(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }

// pt describes one sample: its second after t0 and the values it records (NaN: not recorded).
type pt struct {
	t, dist, speed, hr float64
}

// samples builds samples from points.
func samples(pts ...pt) []activity.Sample {
	out := make([]activity.Sample, len(pts))
	for i, p := range pts {
		s := activity.NewSample(at(p.t))
		s.Distance, s.Speed, s.HeartRate = p.dist, p.speed, p.hr
		out[i] = s
	}
	return out
}

// moving returns 1 Hz points from second from to second to (inclusive) at speed m/s, the
// distance stream starting at d0, with heart rate hr.
func moving(from, to int, speed, d0, hr float64) []pt {
	var out []pt
	for s := from; s <= to; s++ {
		out = append(out, pt{t: float64(s), dist: d0 + speed*float64(s-from), speed: speed, hr: hr})
	}
	return out
}

// still returns 1 Hz points from second from to second to standing at distance d.
func still(from, to int, d, hr float64) []pt {
	var out []pt
	for s := from; s <= to; s++ {
		out = append(out, pt{t: float64(s), dist: d, speed: 0, hr: hr})
	}
	return out
}

func join(parts ...[]pt) []pt {
	var out []pt
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func timer(events ...any) []activity.TimerEvent {
	var out []activity.TimerEvent
	for i := 0; i+1 < len(events); i += 2 {
		out = append(out, activity.TimerEvent{Time: at(events[i+1].(float64)), Start: events[i].(string) == "start"})
	}
	return out
}

// checkSteps: the per-step moving seconds add up to the moving time, and no step moved
// longer than the recording ran.
func checkSteps(t *testing.T, m analysis.MovingTime) {
	t.Helper()
	var sum float64
	for k, s := range m.Step {
		sum += s
		if s > m.Recorded[k]+1e-9 {
			t.Errorf("step %d: moving %.3f s, recorded %.3f s; want moving within recorded", k, s, m.Recorded[k])
		}
	}
	if math.Abs(sum-m.Seconds) > 1e-9 {
		t.Errorf("steps add up to %.3f s; want the moving time %.3f s", sum, m.Seconds)
	}
}

func TestMovingFromTimer(t *testing.T) {
	tests := []struct {
		name  string
		start float64 // the activity's start, seconds after t0
		pts   []pt
		timer []activity.TimerEvent
		want  float64
	}{
		{
			name:  "start and stop pairs",
			pts:   moving(0, 100, 3, 0, 140),
			timer: timer("start", 0.0, "stop", 30.0, "start", 50.0, "stop", 100.0),
			want:  80,
		},
		{
			name:  "first event is a stop: the timer ran from the first record",
			pts:   moving(0, 60, 3, 0, 140),
			timer: timer("stop", 40.0, "start", 50.0, "stop", 60.0),
			want:  50,
		},
		{
			name:  "implicit restart: stop, records, stop",
			pts:   moving(0, 60, 3, 0, 140),
			timer: timer("start", 0.0, "stop", 30.0, "stop", 60.0),
			want:  60,
		},
		{
			name:  "implicit restart with a 15 s stand inside: the pause rule finds it",
			pts:   join(moving(0, 40, 3, 0, 140), still(41, 55, 120, 130), moving(56, 70, 3, 123, 140)),
			timer: timer("start", 0.0, "stop", 30.0, "stop", 70.0),
			want:  30 + 40 - 15,
		},
		{
			name:  "the timer ran before the first record (a pool swim's first length)",
			start: -25,
			pts:   moving(0, 60, 1, 25, 140),
			timer: timer("start", -25.0, "stop", 60.0),
			want:  85,
		},
		{
			name:  "a start without a stop runs to the last record",
			pts:   moving(0, 90, 3, 0, 140),
			timer: timer("start", 0.0, "stop", 20.0, "start", 40.0),
			want:  70,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := activity.Activity{Start: at(tt.start), Samples: samples(tt.pts...), Timer: tt.timer}
			m := analysis.Moving(&a)
			if m.From != "timer" {
				t.Fatalf("moving time from %q; want timer", m.From)
			}
			if math.Abs(m.Seconds-tt.want) > 1e-9 {
				t.Errorf("moving %.1f s; want %.1f s", m.Seconds, tt.want)
			}
			checkSteps(t, m)
		})
	}
}

func TestMovingByPauseRule(t *testing.T) {
	tests := []struct {
		name     string
		pts      []pt
		breaks   []int
		subSport string
		want     float64
	}{
		{
			name: "steady",
			pts:  moving(0, 60, 3, 0, 140),
			want: 60,
		},
		{
			name: "a gap without movement is a pause",
			pts:  join(moving(0, 30, 3, 0, 140), moving(90, 120, 3, 90, 140)),
			want: 60,
		},
		{
			name: "a gap with movement is smart recording: moving",
			pts:  join(moving(0, 30, 3, 0, 140), moving(90, 120, 3, 270, 140)),
			want: 120,
		},
		{
			name: "standing 9 s is not a pause",
			pts:  join(moving(0, 20, 3, 0, 140), still(21, 29, 60, 130), moving(30, 40, 3, 60, 140)),
			want: 40,
		},
		{
			name: "standing exactly 10 s is not a pause",
			pts:  join(moving(0, 20, 3, 0, 140), still(21, 30, 60, 130), moving(31, 40, 3, 60, 140)),
			want: 40,
		},
		{
			name: "standing 11 s is a pause",
			pts:  join(moving(0, 20, 3, 0, 140), still(21, 31, 60, 130), moving(32, 40, 3, 60, 140)),
			want: 40 - 11,
		},
		{
			name:   "no time is counted across a track break after a gap, even with movement",
			pts:    join(moving(0, 30, 3, 0, 140), moving(45, 75, 3, 135, 140)),
			breaks: []int{31},
			want:   60,
		},
		{
			name:   "a track break without a gap over 10 s (a TCX lap) is bridged",
			pts:    join(moving(0, 30, 3, 0, 140), moving(35, 65, 3, 105, 140)),
			breaks: []int{31},
			want:   65,
		},
		{
			name:     "a transition counts standing at the rack",
			pts:      join(moving(0, 20, 2, 0, 140), still(21, 80, 40, 130), moving(81, 100, 2, 40, 140)),
			subSport: activity.SubSportTransition,
			want:     100,
		},
		{
			name:     "the same standing outside a transition is a pause",
			pts:      join(moving(0, 20, 2, 0, 140), still(21, 80, 40, 130), moving(81, 100, 2, 40, 140)),
			subSport: "generic",
			want:     100 - 60,
		},
		{
			name:     "a transition still leaves out a gap in the recording",
			pts:      join(moving(0, 20, 2, 0, 140), moving(60, 80, 2, 40, 140)),
			subSport: activity.SubSportTransition,
			want:     40,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := activity.Activity{Start: t0, Samples: samples(tt.pts...), Breaks: tt.breaks, SubSport: tt.subSport}
			m := analysis.Moving(&a)
			if m.From != "pauses" {
				t.Fatalf("moving time from %q; want pauses", m.From)
			}
			if math.Abs(m.Seconds-tt.want) > 1e-9 {
				t.Errorf("moving %.1f s; want %.1f s", m.Seconds, tt.want)
			}
			checkSteps(t, m)
		})
	}
}

// metresPerDegree is one degree of a great circle on the sphere Haversine uses.
const metresPerDegree = 2 * math.Pi * 6371008.8 / 360

// northward returns 1 Hz positions from second from to second to going north from lat0 at
// speed m/s along the meridian 10°E, without a distance stream.
func northward(from, to int, lat0, speed float64) []activity.Sample {
	var out []activity.Sample
	for s := from; s <= to; s++ {
		p := activity.NewSample(at(float64(s)))
		p.Lat, p.Lon = lat0+speed*float64(s-from)/metresPerDegree, 10
		out = append(out, p)
	}
	return out
}

func TestDistance(t *testing.T) {
	nan := math.NaN()
	outlier := northward(0, 10, 45, 3)
	outlier[5].Lat += 0.05 // one fix 5.5 km off the track
	tests := []struct {
		name     string
		a        activity.Activity
		want     float64
		wantFrom string
	}{
		{
			name: "device stream with a reset",
			a: activity.Activity{Start: t0, Samples: samples(
				pt{0, 0, nan, nan}, pt{1, 10, nan, nan}, pt{2, 20, nan, nan}, pt{3, 30, nan, nan},
				pt{4, 0, nan, nan}, pt{5, 10, nan, nan}, pt{6, 20, nan, nan})},
			want:     50,
			wantFrom: "device",
		},
		{
			name: "device stream corrected back a few metres now and then: net progress",
			a: activity.Activity{Start: t0, Samples: samples(
				pt{0, 0, 3, nan}, pt{1, 63, 3, nan}, pt{2, 60, 3, nan}, pt{3, 67, 3, nan},
				pt{4, 70, 3, nan}, pt{5, 66, 3, nan}, pt{6, 73, 3, nan})},
			want:     73,
			wantFrom: "device",
		},
		{
			name: "a lone record jumping 400 m ahead at 3 m/s, then back: passed over",
			a: activity.Activity{Start: t0, Samples: samples(
				pt{0, 0, 3, nan}, pt{1, 3, 3, nan}, pt{2, 406, 3, nan}, pt{3, 9, 3, nan}, pt{4, 12, 3, nan})},
			want:     12,
			wantFrom: "device",
		},
		{
			name: "a jump ahead the speed field keeps up with is real",
			a: activity.Activity{Start: t0, Samples: samples(
				pt{0, 0, 3, nan}, pt{1, 3, 3, nan}, pt{2, 43, 40, nan}, pt{3, 40, 3, nan}, pt{4, 46, 3, nan})},
			want:     46,
			wantFrom: "device",
		},
		{
			name: "stream carried over from an earlier session of a multisport file",
			a: activity.Activity{Start: t0, Samples: samples(
				pt{0, 5000, nan, nan}, pt{1, 5010, nan, nan}, pt{2, 5020, nan, nan}, pt{3, 5030, nan, nan})},
			want:     30,
			wantFrom: "device",
		},
		{
			name: "pool swim: the first record, after the first length, counts from the start",
			a: activity.Activity{Start: t0, Samples: samples(
				pt{30, 25, nan, nan}, pt{60, 50, nan, nan}, pt{90, 75, nan, nan})},
			want:     75,
			wantFrom: "device",
		},
		{
			name:     "GPS with a lone outlier fix",
			a:        activity.Activity{Start: t0, Samples: outlier},
			want:     30,
			wantFrom: "gps",
		},
		{
			name: "GPS across a track break: the gap is not bridged",
			a: activity.Activity{Start: t0,
				Samples: append(northward(0, 10, 45, 3), northward(40, 50, 46, 3)...),
				Breaks:  []int{11}},
			want:     60,
			wantFrom: "gps",
		},
		{
			name: "GPS across a track split without a pause (a TCX lap): bridged",
			a: activity.Activity{Start: t0,
				Samples: append(northward(0, 10, 45, 3), northward(11, 21, 45+33/metresPerDegree, 3)...),
				Breaks:  []int{11}},
			want:     63,
			wantFrom: "gps",
		},
		{
			name:     "neither a stream nor positions",
			a:        activity.Activity{Start: t0, Samples: samples(pt{0, nan, nan, 140}, pt{1, nan, nan, 141})},
			want:     nan,
			wantFrom: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, from := analysis.Distance(&tt.a)
			if from != tt.wantFrom {
				t.Errorf("distance from %q; want %q", from, tt.wantFrom)
			}
			if !(math.Abs(got-tt.want) < 1e-6 || math.IsNaN(got) && math.IsNaN(tt.want)) {
				t.Errorf("distance %.6f m; want %.6f m", got, tt.want)
			}
		})
	}
}

// hrSeries returns 1 Hz samples carrying the heart rates given.
func hrSeries(bpm ...float64) []activity.Sample {
	out := make([]activity.Sample, len(bpm))
	for i, v := range bpm {
		out[i] = activity.NewSample(at(float64(i)))
		out[i].HeartRate = v
	}
	return out
}

// wobble returns n heart rates around base, never more than 2 bpm apart.
func wobble(n int, base float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = base + float64(i%3) - 1
	}
	return out
}

func repeat(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func cat(parts ...[]float64) []float64 {
	var out []float64
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestCleanHR(t *testing.T) {
	nan := math.NaN()
	around := wobble(5, 140)
	tests := []struct {
		name string
		in   []float64
		want []float64
		c    analysis.HRCleaning
	}{
		{
			name: "missing values stay missing",
			in:   []float64{140, nan, 141, nan, 142},
			want: []float64{140, nan, 141, nan, 142},
		},
		{
			name: "dropouts",
			in:   []float64{140, 0, 141, 5, 142},
			want: []float64{140, nan, 141, nan, 142},
			c:    analysis.HRCleaning{Dropouts: 2},
		},
		{
			name: "out of band",
			in:   []float64{25, 140, 141, 250},
			want: []float64{nan, 140, 141, nan},
			c:    analysis.HRCleaning{OutOfBand: 2},
		},
		{
			name: "a spike",
			in:   cat(around, []float64{200}, around),
			want: cat(around, []float64{nan}, around),
			c:    analysis.HRCleaning{Spikes: 1},
		},
		{
			name: "a flat line over 179 s is kept",
			in:   cat(around, repeat(180, 150), around),
			want: cat(around, repeat(180, 150), around),
		},
		{
			name: "a flat line over 181 s is an optical sensor that lost contact",
			in:   cat(around, repeat(182, 150), around),
			want: cat(around, repeat(182, nan), around),
			c:    analysis.HRCleaning{Flatline: 182},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, c := analysis.CleanHR(hrSeries(tt.in...))
			if diff := cmp.Diff(got, tt.want, cmpopts.EquateNaNs()); diff != "" {
				t.Errorf("cleaned heart rate (-got +want):\n%s", diff)
			}
			if c != tt.c {
				t.Errorf("counts %+v; want %+v", c, tt.c)
			}
		})
	}
}

// TestCleanHRNeverAddsAValue: whatever the series, cleaning only ever removes readings, and
// it counts each one it removes.
func TestCleanHRNeverAddsAValue(t *testing.T) {
	r := rand.New(rand.NewPCG(2024, 5))
	for round := range 500 {
		n := 1 + r.IntN(400)
		in := make([]float64, n)
		v := 60 + 120*r.Float64()
		for i := range in {
			switch x := r.Float64(); {
			case x < 0.05:
				in[i] = math.NaN()
			case x < 0.08:
				in[i] = 0
			case x < 0.10:
				in[i] = 300 * r.Float64()
			case x < 0.12:
				in[i] = v + 60*(r.Float64()-0.5)
			case x < 0.30: // hold the value: flat stretches
				in[i] = v
			default:
				v = math.Max(40, math.Min(200, v+4*(r.Float64()-0.5)))
				in[i] = math.Round(v)
			}
		}
		got, c := analysis.CleanHR(hrSeries(in...))
		if len(got) != n {
			t.Fatalf("round %d: %d values for %d samples", round, len(got), n)
		}
		removed := 0
		for i := range got {
			switch {
			case math.IsNaN(in[i]) && !math.IsNaN(got[i]):
				t.Fatalf("round %d, sample %d: a missing value became %v", round, i, got[i])
			case !math.IsNaN(got[i]) && got[i] != in[i]:
				t.Fatalf("round %d, sample %d: %v became %v", round, i, in[i], got[i])
			case !math.IsNaN(in[i]) && math.IsNaN(got[i]):
				removed++
			}
		}
		if c.Removed() != removed {
			t.Fatalf("round %d: counts %+v add up to %d; removed %d", round, c, c.Removed(), removed)
		}
	}
}

// TestCleanHRSpikesByBruteForce: over random series (missing values, dropouts, values out of
// band, spikes, whole beats repeating, but no flat line), CleanHR's sliding window finds the
// same spikes as taking, for each valid reading, the median of up to 5 valid neighbours on
// each side, sorted afresh (at least 4 of them; a spike lies over 25 bpm from it).
func TestCleanHRSpikesByBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3000, 25))
	found := 0
	for round := range 3000 {
		n := 1 + r.IntN(200)
		in := make([]float64, n)
		v := 60 + 120*r.Float64()
		for i := range in {
			switch x := r.Float64(); {
			case x < 0.1:
				in[i] = math.NaN()
			case x < 0.13:
				in[i] = 0
			case x < 0.15:
				in[i] = 250 + 50*r.Float64()
			case x < 0.25: // a jump, a spike or the start of a new level
				in[i] = math.Round(v + 80*(r.Float64()-0.5))
			default:
				v = math.Max(40, math.Min(220, v+6*(r.Float64()-0.5)))
				in[i] = math.Round(v)
			}
		}
		want := make([]float64, n)
		var valid []int
		for i, x := range in {
			want[i] = x
			if math.IsNaN(x) || x < analysis.HRMin || x > analysis.HRMax {
				want[i] = math.NaN()
				continue
			}
			valid = append(valid, i)
		}
		var spikes []int
		for p, i := range valid {
			var nb []float64
			for q := max(0, p-5); q < min(len(valid), p+6); q++ {
				if q != p {
					nb = append(nb, in[valid[q]])
				}
			}
			if len(nb) < 4 {
				continue
			}
			slices.Sort(nb)
			med := (nb[(len(nb)-1)/2] + nb[len(nb)/2]) / 2
			if math.Abs(in[i]-med) > analysis.SpikeBPM {
				spikes = append(spikes, i)
			}
		}
		for _, i := range spikes {
			want[i] = math.NaN()
		}
		found += len(spikes)
		got, c := analysis.CleanHR(hrSeries(in...))
		if c.Flatline != 0 {
			t.Fatalf("round %d: %d samples flat-lined; the series holds no flat line", round, c.Flatline)
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateNaNs()); diff != "" || c.Spikes != len(spikes) {
			t.Fatalf("round %d: %d spikes; brute force %d (-brute force +CleanHR):\n%s\nin %v", round, c.Spikes, len(spikes), diff, in)
		}
	}
	if found < 1000 {
		t.Errorf("%d spikes in 3000 series; want many, to test the window", found)
	}
}

func TestAverageHR(t *testing.T) {
	nan := math.NaN()
	lap := func(from, to, dist float64) activity.Lap {
		l := activity.NewLap(at(from))
		l.ElapsedS, l.TimerS, l.DistanceM = to-from, to-from, dist
		return l
	}
	swimLaps := []activity.Lap{lap(0, 60, 50), lap(60, 90, 0), lap(90, 150, 50)}
	swim := join(moving(0, 59, 1, 0, 150), still(60, 89, 60, 100), moving(90, 150, 1, 60, 150))
	tests := []struct {
		name  string
		a     activity.Activity
		want  float64
		delta float64
	}{
		{
			// smart recording: 50 s at 100, 1 s rising, 49 s at 160
			name: "a long step counts its whole time",
			a: activity.Activity{Sport: activity.SportRunning, Start: t0,
				Samples: samples(pt{0, 0, 3, 100}, pt{50, 150, 3, 100}, pt{51, 153, 3, 160}, pt{100, 300, 3, 160}),
				Timer:   timer("start", 0.0, "stop", 100.0)},
			want:  (50*100 + 1*130 + 49*160) / 100.0,
			delta: 1e-9,
		},
		{
			name: "a heart rate at one end of a long step does not stand for it",
			a: activity.Activity{Sport: activity.SportRunning, Start: t0,
				Samples: samples(pt{0, 0, 3, nan}, pt{14, 42, 3, 80}, pt{15, 45, 3, 80}, pt{16, 48, 3, 82}),
				Timer:   timer("start", 0.0, "stop", 16.0)},
			want:  (80 + 81) / 2.0,
			delta: 1e-9,
		},
		{
			name: "a pool swim leaves out the rest between intervals",
			a: activity.Activity{Sport: activity.SportSwimming, Start: t0, Samples: samples(swim...),
				Laps: swimLaps, Timer: timer("start", 0.0, "stop", 150.0)},
			want:  150,
			delta: 0.5, // the step into the rest lap is half swum
		},
		{
			name: "a run with the same laps counts all its time",
			a: activity.Activity{Sport: activity.SportRunning, Start: t0, Samples: samples(swim...),
				Laps: swimLaps, Timer: timer("start", 0.0, "stop", 150.0)},
			want:  (59*150 + 125 + 29*100 + 125 + 60*150) / 150.0,
			delta: 1e-9,
		},
		{
			name: "standing still counts, as the device's running timer counts it",
			a: activity.Activity{Sport: activity.SportRunning, Start: t0,
				Samples: samples(join(moving(0, 30, 3, 0, 150), still(31, 60, 90, 100), moving(61, 90, 3, 90, 150))...)},
			want:  (30*150 + 125 + 29*100 + 125 + 29*150) / 90.0,
			delta: 1e-9,
		},
		{
			name: "a gap in the recording does not count",
			a: activity.Activity{Sport: activity.SportRunning, Start: t0,
				Samples: samples(join(moving(0, 30, 3, 0, 150), moving(90, 120, 3, 90, 100))...)},
			want:  125,
			delta: 1e-9,
		},
		{
			name: "a track break without a gap (a TCX lap) counts the step across it",
			a: activity.Activity{Sport: activity.SportRunning, Start: t0,
				Samples: samples(join(moving(0, 50, 3, 0, 140), moving(51, 60, 3, 153, 160))...), Breaks: []int{51}},
			want:  (50*140 + 150 + 9*160) / 60.0,
			delta: 1e-9,
		},
		{
			name:  "one sample",
			a:     activity.Activity{Sport: activity.SportRunning, Start: t0, Samples: samples(pt{0, 0, nan, 123})},
			want:  123,
			delta: 1e-9,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := analysis.Summarize(&tt.a)
			if math.Abs(s.AvgHR-tt.want) > tt.delta {
				t.Errorf("average HR %.3f; want %.3f ± %g", s.AvgHR, tt.want, tt.delta)
			}
		})
	}
}
