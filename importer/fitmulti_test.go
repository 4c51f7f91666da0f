package importer

import (
	"math"
	"testing"
	"time"

	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"

	"github.com/easyday/easyday/analysis"
)

// multiRecord writes a record with a distance.
func (f *fitBuilder) multiRecord(s, dist float64) {
	f.add(mesgdef.NewRecord(nil).SetTimestamp(f.at(s)).SetDistance(uint32(math.Round(dist * 100))).ToMesg(f.opts))
}

// multiSession writes a session of a multisport file and its lap.
func (f *fitBuilder) multiSession(index uint16, from, dur, dist float64, sport typedef.Sport) {
	f.add(mesgdef.NewLap(nil).SetTimestamp(f.at(from + dur)).SetStartTime(f.at(from)).
		SetTotalElapsedTime(uint32(dur * 1000)).SetTotalTimerTime(uint32(dur * 1000)).
		SetTotalDistance(uint32(math.Round(dist * 100))).SetSport(sport).ToMesg(f.opts))
	f.add(mesgdef.NewSession(nil).SetMessageIndex(typedef.MessageIndex(index)).SetTimestamp(f.at(from + dur)).
		SetStartTime(f.at(from)).SetSport(sport).SetTotalElapsedTime(uint32(dur * 1000)).
		SetTotalTimerTime(uint32(dur * 1000)).SetTotalDistance(uint32(math.Round(dist * 100))).
		SetFirstLapIndex(index).SetNumLaps(1).ToMesg(f.opts))
}

// TestFITMultisportSplit: in a multisport file whose distance stream runs on across the
// sessions (records every 3 s, as smart recording writes them), each session's distance,
// the short transition's too, is the device's within 0.1%: the record at a session's start
// counts, in both sessions, at the stream's value one second before it (before, the
// transition came out at 90 m for the device's 91.5). A stream that starts from zero in each
// session is left as it is.
func TestFITMultisportSplit(t *testing.T) {
	// a run at 3 m/s for 600 s, a 60 s transition at 1.5 m/s, a ride at 8 m/s for 540 s
	odo := func(s float64) float64 {
		switch {
		case s <= 600:
			return 3 * s
		case s <= 660:
			return 1800 + 1.5*(s-600)
		}
		return 1890 + 8*(s-660)
	}
	// the device's totals: its odometer one second before each session's first record
	want := []float64{odo(599), odo(659) - odo(599), odo(1200) - odo(659)}
	legs := []struct {
		from, dur float64
		sport     typedef.Sport
	}{{0, 600, typedef.SportRunning}, {600, 60, typedef.SportTransition}, {660, 540, typedef.SportCycling}}

	for _, reset := range []bool{false, true} {
		t0 := time.Date(2026, 6, 7, 8, 0, 0, 0, time.UTC)
		f := newFITBuilder(t0)
		f.timer(0, true)
		for s := 0.0; s <= 1200; s += 3 {
			d := odo(s)
			if reset { // the record at a session's start reads the new session's stream, as a fenix 2 writes it
				switch {
				case s >= 660:
					d -= odo(660)
				case s >= 600:
					d -= odo(600)
				}
			}
			f.multiRecord(s, d)
		}
		f.timer(1200, false)
		for i, l := range legs {
			dist := want[i]
			if reset { // each stream's own last record before the next session
				dist = []float64{odo(597), odo(657) - odo(600), odo(1200) - odo(660)}[i]
			}
			f.multiSession(uint16(i), l.from, l.dur, dist, l.sport)
		}
		acts := decodeFITActivities(t, f)
		if len(acts) != 3 {
			t.Fatalf("reset %v: %d activities, want 3", reset, len(acts))
		}
		for i := range acts {
			got := analysis.Summarize(&acts[i]).DistanceM
			dev := acts[i].Summary.DistanceM
			if !nearlyEqual(got, dev, 0.001*dev) {
				t.Errorf("reset %v: session %d (%s): distance %.2f m, device %.2f m: over 0.1%% apart", reset, i, acts[i].SubSport, got, dev)
			}
		}
	}
}
