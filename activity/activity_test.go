package activity_test

import (
	"math"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
)

// metresPerDegree is one degree of a great circle on the sphere Haversine measures on.
const metresPerDegree = 6371008.8 * math.Pi / 180

func TestHaversine(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tol              float64 // metres
	}{
		{"same point", 48.85, 2.35, 48.85, 2.35, 0, 1e-3},
		{"one degree along a meridian", 45, 10, 46, 10, metresPerDegree, 1e-3},
		{"one degree along the equator", 0, 10, 0, 11, metresPerDegree, 1e-3},
		{"across the date line", 0, 179.5, 0, -179.5, metresPerDegree, 1e-3},
		{"pole to pole", 90, 0, -90, 0, 180 * metresPerDegree, 1e-3},
		{"antipodes", 0, 0, 0, 180, 180 * metresPerDegree, 1e-3},
		// spherical law of cosines for 60°N, 0°E to 60°N, 1°E: cos c = sin²60° + cos²60° cos 1°
		{"one degree of longitude at 60°N", 60, 0, 60, 1,
			math.Acos(0.75+0.25*math.Cos(math.Pi/180)) * 180 / math.Pi * metresPerDegree, 1e-3},
		{"Paris to London", 48.8566, 2.3522, 51.5074, -0.1278, 343500, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := activity.Haversine(tt.lat1, tt.lon1, tt.lat2, tt.lon2)
			if math.Abs(got-tt.want) > tt.tol {
				t.Errorf("Haversine = %.4f m, want %.4f ± %g m", got, tt.want, tt.tol)
			}
			if back := activity.Haversine(tt.lat2, tt.lon2, tt.lat1, tt.lon1); math.Abs(back-got) > 1e-6 {
				t.Errorf("backwards %.4f m; want the same %.4f m", back, got)
			}
		})
	}
}

func TestBegin(t *testing.T) {
	t0 := time.Date(2026, 3, 3, 7, 0, 0, 0, time.UTC)
	at := func(s int) activity.Sample { return activity.NewSample(t0.Add(time.Duration(s) * time.Second)) }
	tests := []struct {
		name  string
		a     activity.Activity
		begin time.Time
	}{
		{"the start before the first sample", activity.Activity{Start: t0, Samples: []activity.Sample{at(5), at(6)}}, t0},
		{"the start at the first sample", activity.Activity{Start: t0, Samples: []activity.Sample{at(0), at(1)}}, t0},
		{"no start: the first sample", activity.Activity{Samples: []activity.Sample{at(5), at(6)}}, t0.Add(5 * time.Second)},
		{"a start after the first sample: the first sample",
			activity.Activity{Start: t0.Add(10 * time.Second), Samples: []activity.Sample{at(5), at(6)}}, t0.Add(5 * time.Second)},
		{"no samples: the start", activity.Activity{Start: t0}, t0},
		{"neither", activity.Activity{}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Begin(); !got.Equal(tt.begin) {
				t.Errorf("Begin() = %v; want %v", got, tt.begin)
			}
		})
	}
}
