package analysis

import (
	"math"
	"sort"
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
		if smp[j].Time.Sub(smp[i].Time) >= FlatlineFor {
			for k := i; k <= j; k++ {
				hr[k] = math.NaN()
			}
			c.Flatline += j - i + 1
		}
		i = j + 1
	}
	// Spikes: far from the median of the valid neighbours on both sides.
	spikes := make([]int, 0)
	win := make([]float64, 0, 2*spikeWindow)
	for i := range hr {
		if math.IsNaN(hr[i]) {
			continue
		}
		win = win[:0]
		for k, seen := i-1, 0; k >= 0 && seen < spikeWindow; k-- {
			if !math.IsNaN(hr[k]) {
				win = append(win, hr[k])
				seen++
			}
		}
		for k, seen := i+1, 0; k < len(hr) && seen < spikeWindow; k++ {
			if !math.IsNaN(hr[k]) {
				win = append(win, hr[k])
				seen++
			}
		}
		if len(win) < 4 {
			continue
		}
		sort.Float64s(win)
		med := win[len(win)/2]
		if len(win)%2 == 0 {
			med = (win[len(win)/2-1] + win[len(win)/2]) / 2
		}
		if math.Abs(hr[i]-med) > SpikeBPM {
			spikes = append(spikes, i)
		}
	}
	for _, i := range spikes {
		hr[i] = math.NaN()
	}
	c.Spikes = len(spikes)
	return hr, c
}
