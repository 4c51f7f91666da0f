package importer

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/proto"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// fitBuilder builds FIT files in the tests, with the encoder the demo writes its files with.
type fitBuilder struct {
	t0    time.Time
	mesgs []proto.Message
	opts  *mesgdef.Options
}

func newFITBuilder(t0 time.Time) *fitBuilder {
	f := &fitBuilder{t0: t0, opts: mesgdef.DefaultOptions()}
	f.add(mesgdef.NewFileId(nil).SetType(typedef.FileActivity).SetManufacturer(typedef.ManufacturerDevelopment).
		SetProduct(1).SetSerialNumber(7).SetTimeCreated(t0).SetProductName("Swim Test").ToMesg(f.opts))
	return f
}

func (f *fitBuilder) add(m proto.Message) { f.mesgs = append(f.mesgs, m) }

func (f *fitBuilder) at(s float64) time.Time {
	return f.t0.Add(time.Duration(s * float64(time.Second)))
}

func (f *fitBuilder) timer(s float64, start bool) {
	et := typedef.EventTypeStopAll
	if start {
		et = typedef.EventTypeStart
	}
	f.add(mesgdef.NewEvent(nil).SetTimestamp(f.at(s)).SetEvent(typedef.EventTimer).SetEventType(et).ToMesg(f.opts))
}

func (f *fitBuilder) length(from, dur float64, active bool) {
	lt := typedef.LengthTypeIdle
	if active {
		lt = typedef.LengthTypeActive
	}
	f.add(mesgdef.NewLength(nil).SetTimestamp(f.at(from + dur)).SetStartTime(f.at(from)).
		SetTotalElapsedTime(uint32(dur * 1000)).SetTotalTimerTime(uint32(dur * 1000)).SetLengthType(lt).ToMesg(f.opts))
}

func (f *fitBuilder) lap(from, dur, dist float64, rest bool) {
	m := mesgdef.NewLap(nil).SetTimestamp(f.at(from + dur)).SetStartTime(f.at(from)).
		SetTotalElapsedTime(uint32(dur * 1000)).SetTotalTimerTime(uint32(dur * 1000)).
		SetTotalDistance(uint32(dist * 100)).SetSport(typedef.SportSwimming)
	if rest {
		m.SetIntensity(typedef.IntensityRest)
	}
	f.add(m.ToMesg(f.opts))
}

func (f *fitBuilder) record(s, hr float64) {
	f.add(mesgdef.NewRecord(nil).SetTimestamp(f.at(s)).SetHeartRate(uint8(hr)).ToMesg(f.opts))
}

// session writes the session (pool length in metres, 0: none) and the activity message.
func (f *fitBuilder) session(elapsed, timer, dist, pool float64, active uint16, sub typedef.SubSport) {
	m := mesgdef.NewSession(nil).SetTimestamp(f.at(elapsed)).SetStartTime(f.t0).
		SetSport(typedef.SportSwimming).SetSubSport(sub).
		SetTotalElapsedTime(uint32(elapsed * 1000)).SetTotalTimerTime(uint32(timer * 1000))
	if dist > 0 {
		m.SetTotalDistance(uint32(math.Round(dist * 100)))
	}
	if pool > 0 {
		m.SetPoolLength(uint16(math.Round(pool * 100))).SetPoolLengthUnit(typedef.DisplayMeasureMetric).SetNumActiveLengths(active)
	}
	f.add(m.ToMesg(f.opts))
	f.add(mesgdef.NewActivity(nil).SetTimestamp(f.at(elapsed)).SetNumSessions(1).SetTotalTimerTime(uint32(timer * 1000)).ToMesg(f.opts))
}

// decodeFITActivities encodes what f holds and decodes it.
func decodeFITActivities(t *testing.T, f *fitBuilder) []activity.Activity {
	t.Helper()
	var buf bytes.Buffer
	fit := proto.FIT{Messages: f.mesgs}
	if err := encoder.New(&buf, encoder.WithProtocolVersion(proto.V2)).Encode(&fit); err != nil {
		t.Fatal(err)
	}
	acts, err := FIT(&buf)
	if err != nil {
		t.Fatalf("FIT: %v", err)
	}
	return acts
}

func (f *fitBuilder) decode(t *testing.T) activity.Activity {
	t.Helper()
	acts := decodeFITActivities(t, f)
	if len(acts) != 1 {
		t.Fatalf("%d activities, want 1", len(acts))
	}
	return acts[0]
}

// poolSwim writes a pool swim with length messages and no records: 8 lengths of 30 s, 40 s
// of rest (an idle length), 8 lengths of 32 s, the timer stopped after the last length and
// the activity saved 10 s later. It returns the timer and elapsed seconds.
func poolSwim(f *fitBuilder, pool float64, timerEvents, laps, poolInSession bool) (timer, elapsed float64) {
	if timerEvents {
		f.timer(0, true)
	}
	s := 0.0
	for range 8 {
		f.length(s, 30, true)
		s += 30
	}
	f.length(s, 40, false)
	s += 40
	for range 8 {
		f.length(s, 32, true)
		s += 32
	}
	if timerEvents {
		f.timer(s, false)
	}
	if laps {
		f.lap(0, 240, 8*pool, false)
		f.lap(240, 40, 0, true)
		f.lap(280, 256, 8*pool, false)
	}
	p := 0.0
	if poolInSession {
		p = pool
	}
	f.session(s+10, s, 16*pool, p, 16, typedef.SubSportLapSwimming)
	return s, s + 10
}

// TestFITPoolSwimLengths: a pool swim holding length messages and no records comes out with
// the timer, elapsed time and distance (active lengths × pool length) the file states.
func TestFITPoolSwimLengths(t *testing.T) {
	t0 := time.Date(2026, 3, 3, 6, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		name                             string
		pool                             float64
		timerEvents, laps, poolInSession bool
	}{
		{"25 m pool, timer events and laps", 25, true, true, true},
		{"50 m pool, no timer events", 50, false, false, true},
		{"25 yd pool", 22.86, true, true, true},
		{"pool length from the session distance", 25, true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFITBuilder(t0)
			timer, elapsed := poolSwim(f, tc.pool, tc.timerEvents, tc.laps, tc.poolInSession)
			a := f.decode(t)
			if a.Sport != activity.SportSwimming {
				t.Fatalf("sport %q", a.Sport)
			}
			sum := analysis.Summarize(&a)
			if want := 16 * tc.pool; !nearlyEqual(sum.DistanceM, want, 0.01) {
				t.Errorf("distance %.2f m, want %.2f m (16 active lengths × %g m)", sum.DistanceM, want, tc.pool)
			}
			if sum.MovingS != timer {
				t.Errorf("moving (timer) %.0f s from %s, want %.0f s", sum.MovingS, sum.MovingFrom, timer)
			}
			if sum.ElapsedS != elapsed {
				t.Errorf("elapsed %.0f s, want %.0f s", sum.ElapsedS, elapsed)
			}
			if !hasNote(a, "swim without records: time and") {
				t.Errorf("notes %q", a.Notes)
			}
		})
	}
}

// TestFITAppSwimDistance: a swim recorded by a watch app, whose records carry time and heart
// rate but no distance, takes its distance from its laps or, without laps, from its session;
// the records keep their time and heart rate.
func TestFITAppSwimDistance(t *testing.T) {
	t0 := time.Date(2026, 3, 4, 18, 0, 0, 0, time.UTC)
	build := func(laps bool) activity.Activity {
		f := newFITBuilder(t0)
		f.timer(0, true)
		for s := 0; s <= 600; s++ {
			f.record(float64(s), 120+float64(s%7))
		}
		f.timer(600, false)
		if laps {
			f.lap(0, 200, 300, false)
			f.lap(200, 100, 0, true)
			f.lap(300, 300, 450, false)
		}
		f.session(600, 600, 750, 0, 0, typedef.SubSportOpenWater)
		return f.decode(t)
	}
	for _, tc := range []struct {
		name string
		laps bool
		from string
		// distance at 250 s: in the rest lap (laps) or 250/600 of the session
		at250 float64
	}{
		{"laps", true, "distances of its 3 laps", 300},
		{"session only", false, "session's total distance", 750 * 250.0 / 600},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := build(tc.laps)
			sum := analysis.Summarize(&a)
			if !nearlyEqual(sum.DistanceM, 750, 0.01) || sum.MovingS != 600 || sum.ElapsedS != 600 {
				t.Errorf("distance %.2f m, moving %.0f s, elapsed %.0f s; want 750 m, 600 s, 600 s", sum.DistanceM, sum.MovingS, sum.ElapsedS)
			}
			if len(a.Samples) != 601 || math.IsNaN(a.Samples[250].HeartRate) {
				t.Fatalf("%d samples, want the 601 records with their heart rate", len(a.Samples))
			}
			if got := a.Samples[250].Distance; !nearlyEqual(got, tc.at250, 0.01) {
				t.Errorf("distance at 250 s %.2f m, want %.2f m", got, tc.at250)
			}
			if !hasNote(a, tc.from) || !strings.Contains(strings.Join(a.Notes, "|"), "records carry no distance") {
				t.Errorf("notes %q, want the distance's source, %q", a.Notes, tc.from)
			}
		})
	}
}

// devDistanceFields declares a Connect IQ app's developer fields: 0, a record's distance
// named "Swim Distance" in metres (scale 100); 1, a session's total in yards mapped onto
// the session's total_distance.
func (f *fitBuilder) devDistanceFields() {
	f.add(mesgdef.NewDeveloperDataId(nil).SetDeveloperDataIndex(0).
		SetApplicationId([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}).ToMesg(f.opts))
	f.add(mesgdef.NewFieldDescription(nil).SetDeveloperDataIndex(0).SetFieldDefinitionNumber(0).
		SetFitBaseTypeId(basetype.Uint32).SetFieldName([]string{"Swim Distance"}).SetUnits([]string{"m"}).
		SetScale(100).ToMesg(f.opts))
	f.add(mesgdef.NewFieldDescription(nil).SetDeveloperDataIndex(0).SetFieldDefinitionNumber(1).
		SetFitBaseTypeId(basetype.Uint32).SetFieldName([]string{"total"}).SetUnits([]string{"yd"}).
		SetNativeMesgNum(typedef.MesgNumSession).SetNativeFieldNum(fieldnum.SessionTotalDistance).ToMesg(f.opts))
}

// TestFITAppSwimDeveloperFields: a swim app that writes its distance only in developer
// fields, per record or as the session's total, gets that distance.
func TestFITAppSwimDeveloperFields(t *testing.T) {
	t0 := time.Date(2026, 3, 5, 18, 0, 0, 0, time.UTC)
	for _, perRecord := range []bool{true, false} {
		f := newFITBuilder(t0)
		f.devDistanceFields()
		f.timer(0, true)
		for s := 0; s <= 900; s++ {
			m := mesgdef.NewRecord(nil).SetTimestamp(f.at(float64(s))).SetHeartRate(130).ToMesg(f.opts)
			if perRecord {
				m.DeveloperFields = []proto.DeveloperField{{Num: 0, DeveloperDataIndex: 0, Value: proto.Uint32(uint32(s) * 100)}}
			}
			f.add(m)
		}
		f.timer(900, false)
		sess := mesgdef.NewSession(nil).SetTimestamp(f.at(900)).SetStartTime(t0).SetSport(typedef.SportSwimming).
			SetTotalElapsedTime(900000).SetTotalTimerTime(900000).ToMesg(f.opts)
		if !perRecord {
			sess.DeveloperFields = []proto.DeveloperField{{Num: 1, DeveloperDataIndex: 0, Value: proto.Uint32(1000)}}
		}
		f.add(sess)
		a := f.decode(t)
		want := 900.0 // 1 m/s
		if !perRecord {
			want = 914.4 // 1000 yd
		}
		sum := analysis.Summarize(&a)
		if !nearlyEqual(sum.DistanceM, want, 0.01) || sum.MovingS != 900 {
			t.Errorf("per record %v: distance %.2f m, moving %.0f s; want %.2f m, 900 s", perRecord, sum.DistanceM, sum.MovingS, want)
		}
		if !perRecord && (a.Summary == nil || !nearlyEqual(a.Summary.DistanceM, want, 0.01)) {
			t.Errorf("device summary %+v, want the session's distance %.1f m from its developer field", a.Summary, want)
		}
	}
}

// TestFITPoolSwimZeroRecords: a pool swim whose records write a distance of zero throughout
// and a poolside fix takes its distance from its lengths, never zero.
func TestFITPoolSwimZeroRecords(t *testing.T) {
	t0 := time.Date(2026, 3, 6, 6, 30, 0, 0, time.UTC)
	f := newFITBuilder(t0)
	f.timer(0, true)
	for s := 0; s <= 480; s += 10 {
		f.add(mesgdef.NewRecord(nil).SetTimestamp(f.at(float64(s))).SetDistance(0).
			SetPositionLat(572000000).SetPositionLong(130000000).SetHeartRate(uint8(120 + s/10%5)).ToMesg(f.opts))
	}
	for k := range 16 {
		f.length(float64(30*k), 30, true)
	}
	f.timer(480, false)
	f.session(480, 480, 400, 25, 16, typedef.SubSportLapSwimming)
	a := f.decode(t)
	sum := analysis.Summarize(&a)
	if !nearlyEqual(sum.DistanceM, 400, 0.01) || sum.MovingS != 480 || !nearlyEqual(sum.AvgHR, 122, 0.5) {
		t.Errorf("distance %.2f m, moving %.0f s, avg HR %.1f; want 400 m, 480 s, about 122", sum.DistanceM, sum.MovingS, sum.AvgHR)
	}
}
