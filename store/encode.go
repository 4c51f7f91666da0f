package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// jfloat is how stored JSON writes a number that may be unknown: NaN as null.
type jfloat = analysis.NullFloat

// lapJSON is a lap as stored in activity_data.laps.
type lapJSON struct {
	StartMS     int64  `json:"start_ms"`
	ElapsedS    jfloat `json:"elapsed_s"`
	TimerS      jfloat `json:"timer_s"`
	DistanceM   jfloat `json:"distance_m"`
	AvgHR       jfloat `json:"avg_hr"`
	MaxHR       jfloat `json:"max_hr"`
	AvgSpeed    jfloat `json:"avg_speed"`
	Intensity   string `json:"intensity,omitempty"`
	Trigger     string `json:"trigger,omitempty"`
	WorkoutStep int    `json:"workout_step"`
}

// timerJSON is a timer event as stored in activity_data.timer.
type timerJSON struct {
	TimeMS int64 `json:"t_ms"`
	Start  bool  `json:"start"`
}

// encodeJSON marshals v, or returns nil (NULL) when n, the number of items, is 0.
func encodeJSON(n int, v any) (any, error) {
	if n == 0 {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

func encodeLaps(laps []activity.Lap) (any, error) {
	out := make([]lapJSON, len(laps))
	for i, l := range laps {
		out[i] = lapJSON{StartMS: ms(l.Start), ElapsedS: jfloat(l.ElapsedS), TimerS: jfloat(l.TimerS),
			DistanceM: jfloat(l.DistanceM), AvgHR: jfloat(l.AvgHR), MaxHR: jfloat(l.MaxHR),
			AvgSpeed: jfloat(l.AvgSpeed), Intensity: l.Intensity, Trigger: l.Trigger, WorkoutStep: l.WorkoutStep}
	}
	return encodeJSON(len(laps), out)
}

func decodeLaps(s []byte) ([]activity.Lap, error) {
	if s == nil {
		return nil, nil
	}
	var in []lapJSON
	if err := json.Unmarshal(s, &in); err != nil {
		return nil, fmt.Errorf("laps: %w", err)
	}
	laps := make([]activity.Lap, len(in))
	for i, l := range in {
		laps[i] = activity.Lap{Start: fromMS(l.StartMS), ElapsedS: float64(l.ElapsedS), TimerS: float64(l.TimerS),
			DistanceM: float64(l.DistanceM), AvgHR: float64(l.AvgHR), MaxHR: float64(l.MaxHR),
			AvgSpeed: float64(l.AvgSpeed), Intensity: l.Intensity, Trigger: l.Trigger, WorkoutStep: l.WorkoutStep}
	}
	return laps, nil
}

func encodeTimer(ev []activity.TimerEvent) (any, error) {
	out := make([]timerJSON, len(ev))
	for i, e := range ev {
		out[i] = timerJSON{TimeMS: ms(e.Time), Start: e.Start}
	}
	return encodeJSON(len(ev), out)
}

func decodeTimer(s []byte) ([]activity.TimerEvent, error) {
	if s == nil {
		return nil, nil
	}
	var in []timerJSON
	if err := json.Unmarshal(s, &in); err != nil {
		return nil, fmt.Errorf("timer: %w", err)
	}
	ev := make([]activity.TimerEvent, len(in))
	for i, e := range in {
		ev[i] = activity.TimerEvent{Time: fromMS(e.TimeMS), Start: e.Start}
	}
	return ev, nil
}

func decodeInts(s []byte) ([]int, error) {
	if s == nil {
		return nil, nil
	}
	var v []int
	if err := json.Unmarshal(s, &v); err != nil {
		return nil, fmt.Errorf("breaks: %w", err)
	}
	return v, nil
}

func decodeNotes(s []byte) ([]string, error) {
	if s == nil {
		return nil, nil
	}
	var v []string
	if err := json.Unmarshal(s, &v); err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	return v, nil
}

// The device summary is a small binary record, so that listing thousands of activities
// decodes it cheaply: a version byte (1), then its values in the order of deviceSummaryFields
// as little-endian IEEE 754 float64s (NaN for missing values).
const (
	deviceSummaryValues = 6
	deviceSummaryLen    = 1 + 8*deviceSummaryValues
)

// deviceSummaryFields points at d's values in the order the records store them: DistanceM,
// TimerS, ElapsedS, AvgHR, MaxHR, TotalTrainingEffect.
func deviceSummaryFields(d *activity.DeviceSummary) [deviceSummaryValues]*float64 {
	return [...]*float64{&d.DistanceM, &d.TimerS, &d.ElapsedS, &d.AvgHR, &d.MaxHR, &d.TotalTrainingEffect}
}

// appendDeviceSummary appends d's values to b, in the order of deviceSummaryFields.
func appendDeviceSummary(b []byte, d *activity.DeviceSummary) []byte {
	for _, v := range deviceSummaryFields(d) {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(*v))
	}
	return b
}

// readDeviceSummary reads a device summary's values with next, in the order of
// deviceSummaryFields.
func readDeviceSummary(next func() float64) *activity.DeviceSummary {
	d := &activity.DeviceSummary{}
	for _, v := range deviceSummaryFields(d) {
		*v = next()
	}
	return d
}

func encodeDeviceSummary(d *activity.DeviceSummary) any {
	if d == nil {
		return nil
	}
	return appendDeviceSummary(append(make([]byte, 0, deviceSummaryLen), 1), d)
}

func decodeDeviceSummary(b []byte) (*activity.DeviceSummary, error) {
	if b == nil {
		return nil, nil
	}
	if len(b) != deviceSummaryLen || b[0] != 1 {
		return nil, errors.New("device summary: bad record")
	}
	r := recordReader{b: b[1:]}
	return readDeviceSummary(r.float), nil
}

// nullFloat returns v for a REAL column, nil (NULL) for NaN.
func nullFloat(v float64) any {
	if math.IsNaN(v) {
		return nil
	}
	return v
}

// zones caches the fixed zones of UTC offsets while reading many rows.
type zones map[int]*time.Location

func (z zones) at(offset int) *time.Location {
	loc, ok := z[offset]
	if !ok {
		loc = time.FixedZone("", offset)
		z[offset] = loc
	}
	return loc
}

// The listing record (activities.listing) holds in one value everything Activities returns
// but the id, duplicate_of and analysis, so that listing thousands of activities reads three
// columns a row rather than thirty: each column costs the SQLite driver a few hundred
// nanoseconds. The separate columns hold the same values for queries and the duplicate rule;
// a row's values never change after its insertion, so the two cannot drift apart.
//
//	byte     version: 1
//	8 ×      uvarint length, bytes: file path, format, sport, sub sport, name, device,
//	         moving from, distance from
//	varint   session
//	varint   start, Unix milliseconds
//	byte     1 when a UTC offset follows, else 0
//	varint   UTC offset, seconds (when flagged)
//	6 ×      float64 (little endian): elapsed, moving, distance, pace, average HR, max HR
//	7 ×      uvarint: samples, HR samples, laps, HR dropouts, out of band, spikes, flat line
//	byte     partial: 1 or 0
//	byte     1 when a device summary follows, else 0
//	6 ×      float64: the device summary (when flagged), in the order of deviceSummaryFields
//	uvarint  number of notes, then each note as uvarint length, bytes
const listingVersion = 1

func encodeListing(path string, a *activity.Activity, sum *analysis.Summary, startMS int64) []byte {
	b := make([]byte, 0, 160+len(path)+len(a.Name)+len(a.Device))
	b = append(b, listingVersion)
	for _, s := range []string{path, string(a.Source.Format), string(a.Sport), a.SubSport, a.Name,
		a.Device, sum.MovingFrom, sum.DistanceFrom} {
		b = appendString(b, s)
	}
	b = binary.AppendVarint(b, int64(a.Source.Session))
	b = binary.AppendVarint(b, startMS)
	if a.HasUTCOffset {
		_, off := a.Start.Zone()
		b = append(b, 1)
		b = binary.AppendVarint(b, int64(off))
	} else {
		b = append(b, 0)
	}
	for _, v := range []float64{sum.ElapsedS, sum.MovingS, sum.DistanceM, sum.PaceSPerKm, sum.AvgHR, sum.MaxHR} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	for _, v := range []int{len(a.Samples), sum.HRSamples, len(a.Laps), sum.HR.Dropouts, sum.HR.OutOfBand,
		sum.HR.Spikes, sum.HR.Flatline} {
		b = binary.AppendUvarint(b, uint64(v))
	}
	b = append(b, boolByte(a.Partial))
	if d := a.Summary; d != nil {
		b = append(b, 1)
		b = appendDeviceSummary(b, d)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(a.Notes)))
	for _, n := range a.Notes {
		b = appendString(b, n)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// recordReader reads a listing record, remembering the first error.
type recordReader struct {
	b   []byte
	err error
}

func (r *recordReader) fail() {
	if r.err == nil {
		r.err = errors.New("listing record: truncated or malformed")
	}
	r.b = nil
}

func (r *recordReader) byte() byte {
	if len(r.b) < 1 {
		r.fail()
		return 0
	}
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *recordReader) uvarint() uint64 {
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *recordReader) varint() int64 {
	v, k := binary.Varint(r.b)
	if k <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *recordReader) float() float64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

func (r *recordReader) int() int { return int(r.uvarint()) }

func (r *recordReader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// decodeListing fills st from a listing record.
func decodeListing(b []byte, st *Stored, z zones) error {
	r := recordReader{b: b}
	if v := r.byte(); v != listingVersion && r.err == nil {
		return fmt.Errorf("listing record: version %d", v)
	}
	var format, sport string
	for _, p := range []*string{&st.Source.Path, &format, &sport, &st.SubSport, &st.Name, &st.Device,
		&st.Summary.MovingFrom, &st.Summary.DistanceFrom} {
		*p = r.string()
	}
	st.Source.Format, st.Sport = activity.Format(format), activity.Sport(sport)
	st.Source.Session = int(r.varint())
	st.Start = fromMS(r.varint())
	if r.byte() == 1 {
		st.HasUTCOffset = true
		st.Start = st.Start.In(z.at(int(r.varint())))
	}
	sum := &st.Summary
	for _, p := range []*float64{&sum.ElapsedS, &sum.MovingS, &sum.DistanceM, &sum.PaceSPerKm, &sum.AvgHR, &sum.MaxHR} {
		*p = r.float()
	}
	for _, p := range []*int{&st.Samples, &sum.HRSamples, &st.Laps, &sum.HR.Dropouts, &sum.HR.OutOfBand,
		&sum.HR.Spikes, &sum.HR.Flatline} {
		*p = r.int()
	}
	st.Partial = r.byte() == 1
	if r.byte() == 1 {
		st.DeviceSummary = readDeviceSummary(r.float)
	}
	if n := r.uvarint(); n > 0 && n <= uint64(len(r.b)) {
		st.Notes = make([]string, n)
		for i := range st.Notes {
			st.Notes[i] = r.string()
		}
	} else if n > 0 {
		r.fail()
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail()
	}
	return r.err
}
