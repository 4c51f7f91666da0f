package store

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/google/go-cmp/cmp"
)

// syntheticRun builds an n-second 1 Hz run with every channel recorded the way a watch quantises
// it: positions in FIT semicircles, altitude in 0.2 m, distance in cm, speed in mm/s, heart
// rate, cadence and power in whole units.
func syntheticRun(n int, seed uint64) []activity.Sample {
	rng := rand.New(rand.NewPCG(seed, 1))
	const semicircle = 180.0 / (1 << 31)
	quant := func(v, q float64) float64 { return math.Round(v/q) * q }
	start := time.Date(2026, 3, 14, 6, 30, 0, 0, time.UTC)
	lat, lon, alt, dist := 52.3702, 4.8952, 12.0, 0.0
	heading, speed, hr := 0.3, 3.0, 120.0
	smp := make([]activity.Sample, n)
	for i := range smp {
		heading += rng.NormFloat64() * 0.05
		speed = math.Max(1.5, math.Min(5.5, speed+rng.NormFloat64()*0.05))
		hr = math.Max(90, math.Min(190, hr+rng.NormFloat64()*0.8+(150-hr)*0.01))
		alt += rng.NormFloat64() * 0.15
		dist += speed
		lat += speed * math.Cos(heading) / 111_320
		lon += speed * math.Sin(heading) / (111_320 * math.Cos(lat*math.Pi/180))
		s := activity.NewSample(start.Add(time.Duration(i) * time.Second))
		s.Lat = quant(lat+rng.NormFloat64()*2e-6, semicircle)
		s.Lon = quant(lon+rng.NormFloat64()*2e-6, semicircle)
		s.Altitude = quant(alt, 0.2)
		s.Distance = quant(dist, 0.01)
		s.Speed = quant(speed+rng.NormFloat64()*0.1, 0.001)
		s.HeartRate = math.Round(hr)
		s.Cadence = math.Round(172 + rng.NormFloat64()*2)
		s.Power = math.Round(250 + rng.NormFloat64()*15)
		smp[i] = s
	}
	return smp
}

// sampleDiff compares samples allowing for the fixed-point precision of each channel and half a
// millisecond of time; NaN must stay NaN.
func sampleDiff(got, want []activity.Sample) string {
	approx := func(unit float64) cmp.Option {
		return cmp.Comparer(func(x, y float64) bool {
			if math.IsNaN(x) || math.IsNaN(y) {
				return math.IsNaN(x) && math.IsNaN(y)
			}
			if math.IsInf(x, 0) || math.IsInf(y, 0) {
				return x == y
			}
			return math.Abs(x-y) <= unit/2*(1+1e-9)+1e-12*math.Abs(x)
		})
	}
	opts := cmp.Options{
		cmp.Comparer(func(x, y time.Time) bool {
			d := x.Sub(y)
			return d <= time.Millisecond/2 && d >= -time.Millisecond/2
		}),
		cmp.FilterPath(fieldIs("Lat", "Lon"), approx(1e-7)),
		cmp.FilterPath(fieldIs("Altitude", "Distance", "HeartRate", "Cadence"), approx(0.01)),
		cmp.FilterPath(fieldIs("Speed"), approx(0.001)),
		cmp.FilterPath(fieldIs("Power"), approx(0.1)),
	}
	return cmp.Diff(got, want, opts)
}

func fieldIs(names ...string) func(cmp.Path) bool {
	return func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		if !ok {
			return false
		}
		for _, n := range names {
			if sf.Name() == n {
				return true
			}
		}
		return false
	}
}

func TestPackRoundTrip(t *testing.T) {
	t0 := time.Date(2026, 3, 14, 6, 30, 0, 123_456_789, time.UTC)
	full := func(t time.Time, v float64) activity.Sample {
		return activity.Sample{Time: t, Lat: v, Lon: -v, Altitude: v, Distance: v, Speed: v,
			HeartRate: v, Cadence: v, Power: v}
	}
	hrOnly := func(t time.Time, hr float64) activity.Sample {
		s := activity.NewSample(t)
		s.HeartRate = hr
		return s
	}
	tests := []struct {
		name string
		smp  []activity.Sample
	}{
		{"empty", []activity.Sample{}},
		{"one sample", []activity.Sample{full(t0, 1.5)}},
		{"one sample all NaN", []activity.Sample{activity.NewSample(t0)}},
		{"hour run", syntheticRun(3600, 1)},
		{"heart rate only with gaps", []activity.Sample{
			hrOnly(t0, 120), hrOnly(t0.Add(time.Second), math.NaN()), hrOnly(t0.Add(2*time.Second), 0),
			hrOnly(t0.Add(3*time.Second), 121.37), activity.NewSample(t0.Add(4 * time.Second)),
		}},
		{"unsorted times", []activity.Sample{
			full(t0, 1), full(t0.Add(-5*time.Second), 2), full(t0.Add(time.Hour), 3),
			full(t0.Add(-time.Millisecond), 4), full(t0, 5),
		}},
		{"huge gaps", []activity.Sample{
			full(t0, 1), full(t0.AddDate(30, 0, 0), 2), full(t0.AddDate(-1000, 0, 0), 3),
			full(time.Unix(0, 0).UTC(), 4), full(time.Time{}, 5),
		}},
		{"sub-millisecond times", []activity.Sample{
			full(t0, 1), full(t0.Add(1499*time.Microsecond), 2), full(t0.Add(1501*time.Microsecond), 3),
			full(t0.Add(-1501*time.Microsecond), 4),
		}},
		{"extreme values", []activity.Sample{
			full(t0, math.Inf(1)), full(t0, math.Inf(-1)), full(t0, 1e300), full(t0, -1e300),
			full(t0, 5e-324), full(t0, -42.25), full(t0, 0), full(t0, 4.5e8), full(t0, -4.5e8),
		}},
		{"negative steps", []activity.Sample{
			full(t0, 100), full(t0.Add(time.Second), -100), full(t0.Add(2*time.Second), 100),
			full(t0.Add(3*time.Second), math.NaN()), full(t0.Add(4*time.Second), -1e6),
		}},
		{"non-UTC input times", []activity.Sample{
			full(t0.In(time.FixedZone("", 7200)), 1), full(t0.Add(time.Second).In(time.FixedZone("", -3600)), 2),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := PackSamples(tt.smp)
			if err != nil {
				t.Fatalf("PackSamples: %v", err)
			}
			got, err := UnpackSamples(b)
			if err != nil {
				t.Fatalf("UnpackSamples: %v", err)
			}
			for i := range got {
				if loc := got[i].Time.Location(); loc != time.UTC {
					t.Errorf("sample %d: got location %v, want UTC", i, loc)
				}
			}
			if d := sampleDiff(got, tt.smp); d != "" {
				t.Errorf("round trip (-got +want):\n%s", d)
			}
		})
	}
}

func TestPackEncoding(t *testing.T) {
	// A treadmill hour: heart rate only, held steady for minutes at a time.
	treadmill := make([]activity.Sample, 3600)
	for i := range treadmill {
		treadmill[i] = activity.NewSample(time.Date(2026, 1, 5, 18, 0, i, 0, time.UTC))
		treadmill[i].HeartRate = float64(130 + i/300)
	}
	tests := []struct {
		name         string
		smp          []activity.Sample
		wantEncoding byte
		maxPerSample float64
	}{
		{"hour run, every channel", syntheticRun(3600, 7), encodingPlain, 12},
		{"treadmill hour, heart rate only", treadmill, encodingDeflate, 0.5},
		{"short", syntheticRun(3, 7), encodingPlain, 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := PackSamples(tt.smp)
			if err != nil {
				t.Fatal(err)
			}
			if b[1] != tt.wantEncoding {
				t.Errorf("encoding %d, want %d", b[1], tt.wantEncoding)
			}
			if per := float64(len(b)) / float64(len(tt.smp)); per > tt.maxPerSample {
				t.Errorf("%.2f bytes/sample, want at most %.2f", per, tt.maxPerSample)
			}
			got, err := UnpackSamples(b)
			if err != nil {
				t.Fatal(err)
			}
			if d := sampleDiff(got, tt.smp); d != "" {
				t.Errorf("round trip (-got +want):\n%s", d)
			}
		})
	}
}

func TestPackRefusesTimesOutOfRange(t *testing.T) {
	smp := []activity.Sample{activity.NewSample(time.Unix(0, 0)), activity.NewSample(time.Unix(1<<50, 0))}
	if _, err := PackSamples(smp); err == nil {
		t.Errorf("PackSamples of a sample 2^50 s after the first: got nil error, want one")
	}
}

func TestUnpackRejects(t *testing.T) {
	good, err := PackSamples(syntheticRun(10, 3))
	if err != nil {
		t.Fatal(err)
	}
	// Heart rate only, steady for minutes: a body that deflates.
	steady := make([]activity.Sample, 600)
	for i := range steady {
		steady[i] = activity.NewSample(time.Date(2026, 1, 5, 18, 0, i, 0, time.UTC))
		steady[i].HeartRate = float64(130 + i/120)
	}
	deflated, err := PackSamples(steady)
	if err != nil {
		t.Fatal(err)
	}
	if deflated[1] != encodingDeflate {
		t.Fatalf("steady heart rate packed with encoding %d, want %d (deflate)", deflated[1], encodingDeflate)
	}
	tests := []struct {
		name string
		b    []byte
	}{
		{"nil", nil},
		{"one byte", []byte{1}},
		{"unknown version", []byte{2, 0, 0}},
		{"unknown encoding", []byte{1, 9, 0}},
		{"trailing bytes", append(append([]byte{}, good...), 0)},
		{"truncated", good[:len(good)-1]},
		{"truncated deflate", deflated[:len(deflated)/2]},
		{"deflate missing its last byte", deflated[:len(deflated)-1]},
		{"too many samples", []byte{1, 0, 100, 0, 0}},
		{"bad nanoseconds", []byte{1, 0, 1, 0, 0x80, 0x94, 0xeb, 0xdc, 0x03, 0}},
		{"huge deflate length", []byte{1, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			smp, err := UnpackSamples(tt.b)
			if !errors.Is(err, ErrBadPack) {
				t.Errorf("UnpackSamples: got (%d samples, %v), want an error wrapping ErrBadPack", len(smp), err)
			}
		})
	}
}

func FuzzUnpackSamples(f *testing.F) {
	for _, smp := range [][]activity.Sample{nil, syntheticRun(1, 1), syntheticRun(20, 2), syntheticRun(300, 3)} {
		b, err := PackSamples(smp)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{1, 0, 2, 0, 0, 0, 0xff, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		smp, err := UnpackSamples(b)
		if err != nil {
			if !errors.Is(err, ErrBadPack) {
				t.Errorf("UnpackSamples error %v does not wrap ErrBadPack", err)
			}
			return
		}
		// What decodes must pack again, and come back the same.
		b2, err := PackSamples(smp)
		if err != nil {
			return // times too far apart to re-pack: fine
		}
		again, err := UnpackSamples(b2)
		if err != nil {
			t.Fatalf("re-unpack: %v", err)
		}
		if d := sampleDiff(again, smp); d != "" {
			t.Fatalf("re-unpack (-got +want):\n%s", d)
		}
	})
}

// BenchmarkPackSamples measures packing and unpacking a 1 Hz hour-long run with every channel.
func BenchmarkPackSamples(b *testing.B) {
	smp := syntheticRun(3600, 42)
	packed, err := PackSamples(smp)
	if err != nil {
		b.Fatal(err)
	}
	report := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(smp)), "ns/sample")
		b.ReportMetric(float64(len(packed))/float64(len(smp)), "bytes/sample")
	}
	b.Run("pack", func(b *testing.B) {
		for b.Loop() {
			if _, err := PackSamples(smp); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
	b.Run("unpack", func(b *testing.B) {
		for b.Loop() {
			if _, err := UnpackSamples(packed); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
	// What always deflating would cost and save: the reason PackSamples deflates only bodies
	// that halve.
	z, err := deflate(packed[2:])
	if err != nil {
		b.Fatal(err)
	}
	b.Run("deflate-pack", func(b *testing.B) {
		for b.Loop() {
			p, err := PackSamples(smp)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := deflate(p[2:]); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(smp)), "ns/sample")
		b.ReportMetric(float64(len(z))/float64(len(smp)), "bytes/sample")
	})
	b.Run("deflate-unpack", func(b *testing.B) {
		for b.Loop() {
			if _, err := UnpackSamples(z); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(smp)), "ns/sample")
		b.ReportMetric(float64(len(z))/float64(len(smp)), "bytes/sample")
	})
	b.Run("roundtrip", func(b *testing.B) {
		for b.Loop() {
			p, err := PackSamples(smp)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := UnpackSamples(p); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
}
