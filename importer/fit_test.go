package importer

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"

	"github.com/easyday/easyday/activity"
)

// fitT0 is a time the hand-built FIT data below starts at.
var fitT0 = time.Date(2024, 5, 6, 7, 0, 0, 0, time.UTC)

func fitAt(s float64) time.Time { return fitT0.Add(time.Duration(s * float64(time.Second))) }

// fitRecords returns one record per second from second from to second to, each with heart rate hr.
func fitRecords(from, to int, hr float64) []activity.Sample {
	var out []activity.Sample
	for s := from; s <= to; s++ {
		r := activity.NewSample(fitAt(float64(s)))
		r.HeartRate = hr
		out = append(out, r)
	}
	return out
}

func readings(pairs ...float64) []hrPoint {
	var out []hrPoint
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, hrPoint{t: fitAt(pairs[i]), bpm: pairs[i+1]})
	}
	return out
}

func heartRates(smp []activity.Sample) []float64 {
	out := make([]float64, len(smp))
	for i := range smp {
		out[i] = smp[i].HeartRate
	}
	return out
}

func TestMergeHR(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name     string
		records  []activity.Sample
		hr       []hrPoint
		from     float64 // the session's start, seconds after fitT0
		want     []float64
		merged   int // records given a stored heart rate
		readings int // readings averaged into them
	}{
		{
			name:     "stored readings replace the records' own heart rate: the mean since the record before",
			records:  fitRecords(0, 3, 120),
			hr:       readings(0.4, 150, 0.9, 152, 1.5, 154, 2.2, 156, 2.7, 160, 3.0, 158),
			want:     []float64{120, 151, 154, 158},
			merged:   3,
			readings: 6,
		},
		{
			name:     "the first record takes the readings since the session started",
			records:  fitRecords(10, 12, nan),
			hr:       readings(8, 140, 9.5, 142, 11, 144, 12, 146),
			from:     5,
			want:     []float64{141, 144, 146},
			merged:   3,
			readings: 4,
		},
		{
			name:     "a record without a reading keeps the last one for up to 5 s",
			records:  fitRecords(0, 8, nan),
			hr:       readings(0.5, 130, 1, 132),
			want:     []float64{nan, 131, 131, 131, 131, 131, 131, nan, nan},
			merged:   6,
			readings: 2,
		},
		{
			name:     "records outside the readings' span keep their own heart rate",
			records:  fitRecords(0, 20, 100),
			hr:       readings(10, 150, 10.5, 150),
			want:     []float64{100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 150, 150, 150, 150, 150, 150, 150, 100, 100, 100, 100},
			merged:   7,
			readings: 2,
		},
		{
			name:    "no readings",
			records: fitRecords(0, 2, 100),
			want:    []float64{100, 100, 100},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := time.Time{}
			if tt.from != 0 {
				from = fitAt(tt.from)
			}
			merged, readings := mergeHR(tt.records, tt.hr, from)
			if diff := cmp.Diff(heartRates(tt.records), tt.want, cmpopts.EquateNaNs(), cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("records' heart rate (-got +want):\n%s", diff)
			}
			if merged != tt.merged || readings != tt.readings {
				t.Errorf("merged %d readings into %d records; want %d into %d", readings, merged, tt.readings, tt.merged)
			}
		})
	}
}

// hrMesg builds an HR message: with a timestamp (an anchor) when ts is not zero.
func hrMesg(ts time.Time, frac float64, events []float64, bpm ...uint8) *mesgdef.Hr {
	m := mesgdef.NewHr(nil).SetEventTimestampScaled(events).SetFilteredBpm(bpm)
	if !ts.IsZero() {
		m.SetTimestamp(ts).SetFractionalTimestampScaled(frac)
	}
	return m
}

func TestOnHR(t *testing.T) {
	const wrap = 1 << 22 // seconds: where the event clock rolls over
	tests := []struct {
		name string
		msgs []*mesgdef.Hr
		want []hrPoint
	}{
		{
			name: "readings are placed from the anchor",
			msgs: []*mesgdef.Hr{
				hrMesg(fitAt(0), 0.5, []float64{1000}, 100),
				hrMesg(time.Time{}, 0, []float64{1000.75, 1001.5}, 101, 102),
			},
			want: []hrPoint{{fitAt(0.5), 100}, {fitAt(1.25), 101}, {fitAt(2), 102}},
		},
		{
			name: "readings before any anchor are dropped",
			msgs: []*mesgdef.Hr{
				hrMesg(time.Time{}, 0, []float64{999}, 90),
				hrMesg(fitAt(0), 0, []float64{1000}, 100),
			},
			want: []hrPoint{{fitAt(0), 100}},
		},
		{
			name: "every message with a timestamp anchors the clock anew, as the FIT SDK does",
			msgs: []*mesgdef.Hr{
				hrMesg(fitAt(0), 0, []float64{1000}, 100),
				hrMesg(fitAt(60), 0, []float64{1058}, 110), // the strap's clock ran 2 s slow
				hrMesg(time.Time{}, 0, []float64{1059}, 111),
			},
			want: []hrPoint{{fitAt(0), 100}, {fitAt(60), 110}, {fitAt(61), 111}},
		},
		{
			name: "the event clock rolls over",
			msgs: []*mesgdef.Hr{
				hrMesg(fitAt(0), 0, []float64{wrap - 1}, 100),
				hrMesg(time.Time{}, 0, []float64{wrap - 0.5, 0.5}, 101, 102),
			},
			want: []hrPoint{{fitAt(0), 100}, {fitAt(0.5), 101}, {fitAt(1.5), 102}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newFITListener()
			for _, m := range tt.msgs {
				pm := m.ToMesg(nil)
				l.onHR(&pm)
			}
			if diff := cmp.Diff(l.hr, tt.want, cmp.AllowUnexported(hrPoint{}),
				cmp.Comparer(func(a, b time.Time) bool { return a.Sub(b).Abs() < time.Millisecond })); diff != "" {
				t.Errorf("readings (-got +want):\n%s", diff)
			}
		})
	}
}

func TestFixSessionStart(t *testing.T) {
	session := func(start, stamp, elapsed float64) fitSession {
		s := fitSession{start: fitAt(start), stamp: fitAt(stamp), end: fitAt(start + elapsed)}
		s.summary.ElapsedS = elapsed
		return s
	}
	lapAt := func(s float64) fitLap { return fitLap{lap: activity.NewLap(fitAt(s))} }
	tests := []struct {
		name      string
		s         fitSession
		laps      []fitLap
		records   []activity.Sample
		wantStart float64
		wantEnd   float64
		changed   bool
	}{
		{
			name:      "consistent: left alone",
			s:         session(0, 3600, 3600),
			laps:      []fitLap{lapAt(0)},
			wantStart: 0, wantEnd: 3600,
		},
		{
			name:      "start_time after its first lap: the end and duration say where it began",
			s:         session(2717, 11740, 11738),
			laps:      []fitLap{lapAt(0), lapAt(11740)},
			records:   fitRecords(0, 2, 100),
			wantStart: 0, wantEnd: 11740, changed: true,
		},
		{
			name:      "no lap there: the first record",
			s:         session(2717, 11740, 11738),
			records:   fitRecords(1, 3, 100),
			wantStart: 1, wantEnd: 11740, changed: true,
		},
		{
			name:      "nothing begins there: left as the file has it",
			s:         session(2717, 11740, 11738),
			laps:      []fitLap{lapAt(600)},
			records:   fitRecords(600, 602, 100),
			wantStart: 2717, wantEnd: 2717 + 11738,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.s
			changed := fixSessionStart(&s, tt.laps, tt.records)
			if changed != tt.changed {
				t.Errorf("changed = %v; want %v", changed, tt.changed)
			}
			if !s.start.Equal(fitAt(tt.wantStart)) || !s.end.Equal(fitAt(tt.wantEnd)) {
				t.Errorf("session %s to %s; want %s to %s", s.start, s.end, fitAt(tt.wantStart), fitAt(tt.wantEnd))
			}
			if changed == (s.note == "") {
				t.Errorf("note %q with changed = %v", s.note, changed)
			}
		})
	}
}

func TestFITSubSport(t *testing.T) {
	tests := []struct {
		name  string
		sport typedef.Sport
		sub   typedef.SubSport
		want  string
	}{
		{"transition without a sub-sport", typedef.SportTransition, typedef.SubSportInvalid, activity.SubSportTransition},
		{"transition, generic", typedef.SportTransition, typedef.SubSportGeneric, activity.SubSportTransition},
		{"transition, bike to run", typedef.SportTransition, typedef.SubSportBikeToRunTransition, activity.SubSportTransition},
		{"transition, swim to bike", typedef.SportTransition, typedef.SubSportSwimToBikeTransition, activity.SubSportTransition},
		{"running keeps its sub-sport", typedef.SportRunning, typedef.SubSportTrail, "trail"},
		{"a transition sub-sport of another sport is kept as written", typedef.SportMultisport, typedef.SubSportRunToBikeTransition, "run_to_bike_transition"},
		{"running without a sub-sport", typedef.SportRunning, typedef.SubSportInvalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fitSubSport(tt.sport, tt.sub); got != tt.want {
				t.Errorf("fitSubSport(%v, %v) = %q; want %q", tt.sport, tt.sub, got, tt.want)
			}
		})
	}
}
