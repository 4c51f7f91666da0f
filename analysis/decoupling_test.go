package analysis_test

import (
	"math"
	"testing"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// TestDecoupling: two hours at 3 m/s, the heart rate drifting from 140 to 150 bpm at half
// time, decouple by 1 − 140/150 = 6.7%; a steady run by 0; a run slowing down at the same
// heart rate by its loss of speed; runs under an hour, without heart rate, or rides, not at all.
func TestDecoupling(t *testing.T) {
	p := athlete()
	for _, c := range []struct {
		name string
		a    *activity.Activity
		want float64
	}{
		{"hr drift", synth(leg{secs: 3600, speed: 3, hr: 140}, leg{secs: 3600, speed: 3, hr: 150}), 1 - 140.0/150},
		{"steady", synth(leg{secs: 4000, speed: 3, hr: 145}), 0},
		{"slowing", synth(leg{secs: 1800, speed: 3.2, hr: 145}, leg{secs: 1800, speed: 2.88, hr: 145}), 0.1},
		{"under an hour", synth(leg{secs: 1700, speed: 3, hr: 140}, leg{secs: 1700, speed: 3, hr: 160}), math.NaN()},
		{"no heart rate", synth(leg{secs: 4000, speed: 3, hr: math.NaN()}), math.NaN()},
		{"ride", sport(synth(leg{secs: 3600, speed: 8, hr: 140}, leg{secs: 3600, speed: 8, hr: 150}), activity.SportCycling), math.NaN()},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := analysis.EffortOf(c.a, p).Decoupling
			if math.IsNaN(c.want) != math.IsNaN(got) || math.Abs(got-c.want) > 1e-3 {
				t.Errorf("decoupling = %.4f, want %.4f", got, c.want)
			}
		})
	}
}
