package importer

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"

	"github.com/easyday/easyday/activity"
)

// fitLength is one length message of a pool swim: a length swum (active) or rest (idle).
type fitLength struct {
	start, end time.Time
	active     bool
}

func newFITLength(m *proto.Message) (fitLength, bool) {
	ml := mesgdef.NewLength(m)
	l := fitLength{start: ml.StartTime, end: ml.Timestamp, active: ml.LengthType != typedef.LengthTypeIdle}
	if el := ml.TotalElapsedTimeScaled(); !math.IsNaN(el) && !l.start.IsZero() {
		l.end = l.start.Add(time.Duration(el * float64(time.Second)))
	}
	return l, !l.start.IsZero() && !l.end.Before(l.start)
}

// swimPoint is a point of a swim's distance over time.
type swimPoint struct {
	t time.Time
	d float64 // metres since the session's start
}

// fillSwims gives the swimming sessions of a recording whose records carry no distance (none,
// or zero throughout) and no position (or only positions in a pool, a swim with lengths)
// their distance over time from what the file states beside the records, in this order:
//
//   - its length messages (a pool swim: every active length is one pool length; idle lengths
//     are rest), the pool length from the session (or its distance over its active lengths);
//   - its laps' distances, each spread evenly over the lap's time;
//   - the session's total distance, spread evenly over the session.
//
// Records the session has get the distance at their time; a session without records (a pool
// swim may hold lengths and no records at all) gets a sample at each point of that distance
// curve and one at the session's end, so that its elapsed time, timer and distance come out
// as the file states them. Without timer events in the recording, the lengths give them: the
// timer ran through every length, active or idle. What it did is said in the session's note.
func (g *fitGroup) fillSwims() {
	added := false
	for i := range g.sessions {
		s := &g.sessions[i]
		if s.sport != typedef.SportSwimming || s.start.IsZero() {
			continue
		}
		from := sort.Search(len(g.samples), func(k int) bool { return !g.samples[k].Time.Before(s.start) })
		to := sort.Search(len(g.samples), func(k int) bool { return g.samples[k].Time.After(s.end) })
		recs := g.samples[from:max(from, to)]
		lengths := g.lengthsOf(s)
		// A distance stream that moves counts, and so do positions, but in a pool, where a
		// fix at the poolside measures nothing.
		if slices.ContainsFunc(recs, func(x activity.Sample) bool { return x.Distance > 0 }) ||
			len(lengths) == 0 && slices.ContainsFunc(recs, activity.Sample.HasPosition) {
			continue
		}
		curve, source := swimCurve(s, lengths, lapsOf(g.laps, *s, len(g.sessions) == 1))
		if len(curve) < 2 {
			continue
		}
		if len(recs) > 0 {
			for k := range recs {
				recs[k].Distance = curveAt(curve, recs[k].Time)
			}
			if last := curve[len(curve)-1]; last.t.After(recs[len(recs)-1].Time) {
				x := activity.NewSample(last.t)
				x.Distance = last.d
				g.samples = append(g.samples, x)
				added = true
			}
			s.addNote(fmt.Sprintf("swim: the records carry no distance; %.0f m taken from the %s, by time", curve[len(curve)-1].d, source))
		} else {
			for _, p := range curve {
				x := activity.NewSample(p.t)
				x.Distance = p.d
				g.samples = append(g.samples, x)
			}
			if s.end.After(curve[len(curve)-1].t) {
				x := activity.NewSample(s.end)
				x.Distance = curve[len(curve)-1].d
				g.samples = append(g.samples, x)
			}
			added = true
			s.addNote(fmt.Sprintf("swim without records: time and %.0f m taken from the %s", curve[len(curve)-1].d, source))
		}
		if len(g.timer) == 0 && len(lengths) > 0 {
			g.timer = lengthTimer(lengths)
		}
	}
	if added {
		sortSamples(g.samples)
	}
}

// addNote adds to what is said of the session.
func (s *fitSession) addNote(note string) {
	if s.note != "" {
		s.note += "; "
	}
	s.note += note
}

// lengthsOf returns the lengths within session s, sorted by start.
func (g *fitGroup) lengthsOf(s *fitSession) []fitLength {
	var out []fitLength
	for _, l := range g.lengths {
		if !l.start.Before(s.start.Add(-time.Second)) && (l.start.Before(s.end) || len(g.sessions) == 1) {
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start.Before(out[j].start) })
	return out
}

// swimCurve is a session's distance over time from its lengths, else its laps, else its own
// total, with what it was taken from; nil when the file states no distance.
func swimCurve(s *fitSession, lengths []fitLength, laps []activity.Lap) ([]swimPoint, string) {
	pool := s.poolLength
	active := 0
	for _, l := range lengths {
		if l.active {
			active++
		}
	}
	if math.IsNaN(pool) || pool <= 0 {
		if d := s.summary.DistanceM; d > 0 && active > 0 {
			pool = d / float64(active)
		}
	}
	if active > 0 && pool > 0 {
		var curve []swimPoint
		var d float64
		for _, l := range lengths {
			curve = append(curve, swimPoint{l.start, d})
			if l.active {
				d += pool
			}
			curve = append(curve, swimPoint{l.end, d})
		}
		return curve, fmt.Sprintf("%d active lengths of the %g m pool", active, pool)
	}
	var curve []swimPoint
	var d float64
	for _, l := range laps {
		el := l.ElapsedS
		if math.IsNaN(el) {
			el = l.TimerS
		}
		if l.Start.IsZero() || math.IsNaN(el) || el < 0 {
			continue
		}
		curve = append(curve, swimPoint{l.Start, d})
		if l.DistanceM > 0 {
			d += l.DistanceM
		}
		curve = append(curve, swimPoint{l.Start.Add(time.Duration(el * float64(time.Second))), d})
	}
	if d > 0 {
		return curve, fmt.Sprintf("distances of its %d laps", len(curve)/2)
	}
	if d := s.summary.DistanceM; d > 0 && s.end.After(s.start) {
		return []swimPoint{{s.start, 0}, {s.end, d}}, "session's total distance"
	}
	return nil, ""
}

// curveAt is the distance of a curve at t, linear between its points and held beyond them.
func curveAt(curve []swimPoint, t time.Time) float64 {
	k := sort.Search(len(curve), func(k int) bool { return curve[k].t.After(t) })
	switch {
	case k == 0:
		return curve[0].d
	case k == len(curve):
		return curve[len(curve)-1].d
	}
	p, q := curve[k-1], curve[k]
	span := q.t.Sub(p.t).Seconds()
	if span <= 0 {
		return q.d
	}
	return p.d + (q.d-p.d)*t.Sub(p.t).Seconds()/span
}

// lengthTimer gives the timer events of a pool swim from its lengths, which cover the time
// its timer ran: a start where a length begins after a gap, a stop where one ends before a
// gap, and a stop after the last.
func lengthTimer(lengths []fitLength) []activity.TimerEvent {
	var ev []activity.TimerEvent
	for k, l := range lengths {
		if k == 0 || l.start.Sub(lengths[k-1].end) > time.Second {
			if k > 0 {
				ev = append(ev, activity.TimerEvent{Time: lengths[k-1].end})
			}
			ev = append(ev, activity.TimerEvent{Time: l.start, Start: true})
		}
	}
	return append(ev, activity.TimerEvent{Time: lengths[len(lengths)-1].end})
}
