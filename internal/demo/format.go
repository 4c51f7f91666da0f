package demo

import (
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/muktihari/fit/profile/typedef"

	"github.com/easyday/easyday/activity"
)

// AsFormat returns a as a file of format f written by this package holds it: what an importer
// should read back. It shares with a the slices it does not change.
//
//   - FIT: everything but Breaks (FIT has none); times truncated to whole seconds; lap
//     intensities, triggers and the sub-sport that FIT cannot name are dropped; Start in UTC
//     when a has no UTC offset.
//   - GPX: the samples with a position, without distance, speed and power; no laps, timer
//     events, summary or sub-sport; Breaks kept (trkseg).
//   - TCX: times in UTC (HasUTCOffset false); no name, sub-sport or summary; timer events
//     from the tracks (importer.TCXTimer): running within each, stopped between two that a
//     pause of the timer parts;
//     sport running, cycling or other; laps with start, timer time, distance, heart rate,
//     intensity (active or resting) and trigger (manual, time, distance, location, heartrate);
//     a Break at the first sample of every lap but the first, since each lap has its own Track,
//     and at every restart of the timer, which begins a new Track.
func AsFormat(a *activity.Activity, f activity.Format) activity.Activity {
	b := *a
	b.Source.Format = f
	switch f {
	case activity.FormatFIT:
		b.Breaks = nil
		if !a.HasUTCOffset {
			b.Start = a.Start.UTC()
		}
		b.Start = b.Start.Truncate(time.Second)
		if ss := fitSubSport(a.SubSport); ss == typedef.SubSportInvalid {
			b.SubSport = ""
		} else {
			b.SubSport = ss.String()
		}
		whole := true
		for i := range a.Samples {
			if a.Samples[i].Time.Nanosecond() != 0 {
				whole = false
				break
			}
		}
		if !whole {
			b.Samples = slices.Clone(a.Samples)
			for i := range b.Samples {
				b.Samples[i].Time = b.Samples[i].Time.Truncate(time.Second)
			}
		}
		b.Laps = slices.Clone(a.Laps)
		for i := range b.Laps {
			l := &b.Laps[i]
			l.Start = l.Start.Truncate(time.Second)
			if it := fitIntensity(l.Intensity); it == typedef.IntensityInvalid {
				l.Intensity = ""
			} else {
				l.Intensity = it.String()
			}
			if tr := fitLapTrigger(l.Trigger); tr == typedef.LapTriggerInvalid {
				l.Trigger = ""
			} else {
				l.Trigger = tr.String()
			}
		}
		if b.Summary != nil {
			sum := *b.Summary
			b.Summary = &sum
		}
	case activity.FormatGPX:
		b.Samples = make([]activity.Sample, 0, len(a.Samples))
		b.Breaks = nil
		br := 0
		for i, s := range a.Samples {
			brk := false
			for br < len(a.Breaks) && a.Breaks[br] <= i {
				brk = brk || a.Breaks[br] == i && i > 0
				br++
			}
			if !s.HasPosition() {
				continue
			}
			if brk && len(b.Samples) > 0 {
				b.Breaks = append(b.Breaks, len(b.Samples))
			}
			s.Distance, s.Speed, s.Power = math.NaN(), math.NaN(), math.NaN()
			b.Samples = append(b.Samples, s)
		}
		b.SubSport = ""
		b.Laps, b.Timer, b.Summary = nil, nil, nil
		if b.Device == "" {
			b.Device = "easyday demo"
		}
		if b.Sport == "" {
			b.Sport = activity.SportOther
		}
		if !a.HasUTCOffset {
			b.Start = a.Start.UTC()
		}
	case activity.FormatTCX:
		b.Start = a.Start.UTC()
		b.HasUTCOffset = false
		b.Name, b.SubSport = "", ""
		if b.Sport != activity.SportRunning && b.Sport != activity.SportCycling {
			b.Sport = activity.SportOther
		}
		b.Timer, b.Summary = nil, nil
		b.Samples = slices.Clone(a.Samples)
		for i := range b.Samples {
			b.Samples[i].Power = math.NaN()
		}
		laps := tcxLaps(a)
		b.Laps = make([]activity.Lap, len(laps))
		b.Breaks = nil
		i := 0
		for k, l := range laps {
			m := activity.NewLap(l.Start)
			m.TimerS = nanTo(l.TimerS, 0)
			m.DistanceM = nanTo(l.DistanceM, 0)
			m.AvgHR, m.MaxHR = l.AvgHR, l.MaxHR
			m.Intensity = strings.ToLower(tcxIntensity(l.Intensity))
			m.Trigger = strings.ToLower(tcxTrigger(l.Trigger))
			b.Laps[k] = m
			if k > 0 {
				for i < len(b.Samples) && b.Samples[i].Time.Before(l.Start) {
					i++
				}
				if i > 0 && i < len(b.Samples) {
					b.Breaks = append(b.Breaks, i)
				}
			}
		}
		restarts := slices.Sorted(maps.Keys(timerRestarts(a)))
		for _, i := range restarts {
			if !slices.Contains(b.Breaks, i) {
				b.Breaks = append(b.Breaks, i)
			}
		}
		slices.Sort(b.Breaks)
		// The timer as the tracks give it: running from the first sample, stopped at the
		// last one before each restart and started again there (every pause lasts over 10 s),
		// stopped at the last sample.
		if n := len(b.Samples); n > 1 {
			b.Timer = []activity.TimerEvent{{Time: b.Samples[0].Time, Start: true}}
			for _, i := range restarts {
				b.Timer = append(b.Timer, activity.TimerEvent{Time: b.Samples[i-1].Time},
					activity.TimerEvent{Time: b.Samples[i].Time, Start: true})
			}
			b.Timer = append(b.Timer, activity.TimerEvent{Time: b.Samples[n-1].Time})
		}
	}
	return b
}
