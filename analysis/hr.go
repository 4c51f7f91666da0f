package analysis

import (
	"math"
	"time"

	"github.com/easyday/easyday/activity"
)

// Heart-rate cleaning rules.
const (
	// HRMin and HRMax bound a physiologically plausible heart rate (bpm).
	HRMin = 30.0
	HRMax = 240.0
	// SpikeBPM: a reading this far from the median of its neighbours is a spike.
	SpikeBPM = 25.0
	// spikeWindow is the number of neighbours on each side the median is taken over.
	spikeWindow = 5
	// FlatlineFor: an optical sensor repeating one exact value this long has lost contact.
	FlatlineFor = 180 * time.Second
)

// HRCleaning counts what CleanHR removed.
type HRCleaning struct {
	Dropouts  int `json:"dropouts"`    // zeros and near-zeros: the strap lost contact
	OutOfBand int `json:"out_of_band"` // outside HRMin..HRMax
	Spikes    int `json:"spikes"`      // implausible jumps away from the neighbours
	Flatline  int `json:"flatline"`    // samples of a frozen optical reading
}

// Removed is the number of samples cleaning removed.
func (c HRCleaning) Removed() int { return c.Dropouts + c.OutOfBand + c.Spikes + c.Flatline }

// CleanHR returns the samples' heart rates with dropouts, out-of-band values, spikes and
// flat-lined stretches replaced by NaN, and the counts of each. It never adds a value.
func CleanHR(smp []activity.Sample) ([]float64, HRCleaning) {
	var c HRCleaning
	hr := make([]float64, len(smp))
	for i := range smp {
		v := smp[i].HeartRate
		switch {
		case math.IsNaN(v):
		case v < 20:
			c.Dropouts++
			v = math.NaN()
		case v < HRMin || v > HRMax:
			c.OutOfBand++
			v = math.NaN()
		}
		hr[i] = v
	}
	// Flat lines: one exact value held for FlatlineFor or longer.
	for i := 0; i < len(hr); {
		if math.IsNaN(hr[i]) {
			i++
			continue
		}
		j := i
		for j+1 < len(hr) && hr[j+1] == hr[i] {
			j++
		}
		if j > i && smp[j].Time.Sub(smp[i].Time) >= FlatlineFor {
			for k := i; k <= j; k++ {
				hr[k] = math.NaN()
			}
			c.Flatline += j - i + 1
		}
		i = j + 1
	}
	// Spikes: far from the median of the valid neighbours on both sides (up to spikeWindow
	// each). The window slides along the valid samples.
	valid := make([]int, 0, len(hr))
	for i, v := range hr {
		if !math.IsNaN(v) {
			valid = append(valid, i)
		}
	}
	spikes := make([]int, 0)
	win := make(sortedWindow, 0, 2*spikeWindow+1)
	// the window of valid[p] holds valid[p-spikeWindow .. p+spikeWindow] but valid[p] itself
	for q := 1; q <= spikeWindow && q < len(valid); q++ {
		win.insert(hr[valid[q]])
	}
	for p, i := range valid {
		if p > 0 {
			// the previous centre joins the left side, which may lose its farthest
			if q := p - 1 - spikeWindow; q >= 0 {
				win.replace(hr[valid[q]], hr[valid[p-1]])
			} else {
				win.insert(hr[valid[p-1]])
			}
			// the new centre leaves the right side, which may gain one
			if q := p + spikeWindow; q < len(valid) {
				win.replace(hr[i], hr[valid[q]])
			} else {
				win.remove(hr[i])
			}
		}
		if len(win) < 4 {
			continue
		}
		if math.Abs(hr[i]-win.median()) > SpikeBPM {
			spikes = append(spikes, i)
		}
	}
	for _, i := range spikes {
		hr[i] = math.NaN()
	}
	c.Spikes = len(spikes)
	return hr, c
}
