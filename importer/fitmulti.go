package importer

import (
	"math"
	"slices"
	"sort"
	"time"

	"github.com/easyday/easyday/activity"
)

// splitDistance sets where the device's distance stream is cut between the sessions of a
// multisport file whose stream runs on across them (one odometer for the whole race). The
// record at a session's start belongs to both sessions, the one ending and the one
// beginning; its distance, though, already holds the second before it, which the device
// counts for the session beginning: a Garmin triathlon's T2 ends at 31.93 m, the stream's
// value one second before the run starts (a record there), and its T1 at 141.70 m, within
// 0.2 m of the stream one second before the ride starts, between two records 3 s apart,
// where the record at the start would give 143.95 m (1.6% more). So that record, in both
// sessions, takes the stream's value one second before the start, linear between the records
// around it. A stream that starts again from zero in the new session (fenix 2) is left alone.
// acts are the activities of sessions, in order, and all are the recording's samples.
func splitDistance(acts []activity.Activity, sessions []fitSession, all []activity.Sample) {
	for k := 1; k < len(acts) && k < len(sessions); k++ {
		start := sessions[k].start
		a := &acts[k]
		if len(a.Samples) == 0 || !a.Samples[0].Time.Equal(start) || math.IsNaN(a.Samples[0].Distance) {
			continue
		}
		b, ok := streamAt(all, start.Add(-time.Second), a.Samples[0].Distance)
		if !ok {
			continue
		}
		a.Samples = slices.Clone(a.Samples)
		a.Samples[0].Distance = b
		prev := &acts[k-1]
		if n := len(prev.Samples); n > 0 && prev.Samples[n-1].Time.Equal(start) {
			prev.Samples = slices.Clone(prev.Samples)
			prev.Samples[n-1].Distance = b
		}
	}
}

// streamAt is the distance stream of samples (sorted by time) at t, linear between the
// records around it, when the record after t reads atStart and the stream runs on to it
// (neither starts again nor steps back between them).
func streamAt(samples []activity.Sample, t time.Time, atStart float64) (float64, bool) {
	j := sort.Search(len(samples), func(j int) bool { return samples[j].Time.After(t) })
	i := j - 1
	for i >= 0 && math.IsNaN(samples[i].Distance) {
		i--
	}
	for j < len(samples) && math.IsNaN(samples[j].Distance) {
		j++
	}
	if i < 0 || j >= len(samples) {
		return 0, false
	}
	p, q := samples[i], samples[j]
	if q.Distance != atStart || p.Distance > q.Distance {
		return 0, false
	}
	span := q.Time.Sub(p.Time).Seconds()
	if span <= 0 {
		return p.Distance, true
	}
	return p.Distance + (q.Distance-p.Distance)*t.Sub(p.Time).Seconds()/span, true
}
