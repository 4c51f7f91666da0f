// fit.go is one piece past 600 lines: the listener, the messages it keeps and their assembly
// into activities share the listener's state. What only some files need is apart: pool and app
// swims (fitswim.go), developer fields (fitdev.go), multisport distance (fitmulti.go).

package importer

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/kit/datetime"
	"github.com/muktihari/fit/kit/hash/crc16"
	"github.com/muktihari/fit/kit/semicircles"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"

	"github.com/easyday/easyday/activity"
)

// Bounds on what one FIT file holds, far beyond what devices write (a swimrun of 50 legs
// with its transitions has about 100 sessions; a 24-hour track race with a lap at every
// 400 m about 600 laps). A file beyond them fails with ErrImplausible.
const (
	MaxFITSessions = 256
	MaxFITLaps     = 20000
)

// sessionOverlap returns how much of the activities' time spans one shares with another
// before it, and their total, in start order.
func sessionOverlap(acts []activity.Activity) (shared, total time.Duration) {
	spans := make([][2]time.Time, 0, len(acts))
	for i := range acts {
		if len(acts[i].Samples) > 0 {
			spans = append(spans, [2]time.Time{acts[i].Begin(), acts[i].End()})
		}
	}
	slices.SortFunc(spans, func(a, b [2]time.Time) int { return a[0].Compare(b[0]) })
	var reach time.Time
	for i, sp := range spans {
		total += sp[1].Sub(sp[0])
		if i > 0 && sp[0].Before(reach) {
			end := reach
			if sp[1].Before(end) {
				end = sp[1]
			}
			shared += end.Sub(sp[0])
		}
		if i == 0 || sp[1].After(reach) {
			reach = sp[1]
		}
	}
	return shared, total
}

// FIT decodes a FIT file (every sequence of a chained file) into one activity per session.
//
// Messages are taken from muktihari/fit's decoder through a message listener, so that what was
// read before an error is kept: a file damaged or cut short after its first records yields its
// activities marked Partial, with totals left to be rebuilt from the records. Non-activity FIT
// files (settings, workouts, courses, monitoring) give ErrNotActivity.
func FIT(r io.Reader) ([]activity.Activity, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read fit: %w", err)
	}
	return decodeFIT(data)
}

func decodeFIT(data []byte) ([]activity.Activity, error) {
	l := newFITListener()
	l.recordsHint = len(data) / fitBytesPerRecord
	// Checksums are verified below, sequence by sequence, because the decoder's own check
	// rejects the files of older Garmin devices (see verifyFITChecksums).
	dec := decoder.New(bytes.NewReader(data), decoder.WithMesgListener(l), decoder.WithBroadcastOnly(),
		decoder.WithIgnoreChecksum())
	var decodeErr error
	seq := 0
	for dec.Next() {
		l.startSequence()
		if _, err := dec.Decode(); err != nil {
			decodeErr = err
			break
		}
		seq++
	}
	notes, crcErr := verifyFITChecksums(data, seq)
	l.notes = append(l.notes, notes...)
	if decodeErr == nil {
		decodeErr = crcErr
	}
	acts, err := l.activities(seq, decodeErr)
	noteImpossibleSteps(acts)
	return acts, err
}

// ErrChecksum: a FIT sequence's stored CRC matches its bytes under neither convention.
var ErrChecksum = errors.New("file checksum mismatch")

// verifyFITChecksums checks the file CRC of the first n sequences of a FIT file.
//
// muktihari/fit computes the file CRC of a 14-byte header file over the data records only, as
// the current FIT SDK does. Older Garmin devices (FR110, Edge 200/500/800/810, FR910XT and
// more) write a header CRC of 0x0000 and compute the file CRC over the header and the data
// together; on those files the decoder reports a false "crc checksum mismatch". A sequence is
// accepted when its CRC matches either convention; the older one is noted.
func verifyFITChecksums(b []byte, n int) (notes []string, err error) {
	off := 0
	for i := 0; i < n && off+12 <= len(b); i++ {
		h := int(b[off])
		if (h != 12 && h != 14) || off+h > len(b) || string(b[off+8:off+12]) != ".FIT" {
			break
		}
		end := off + h + int(binary.LittleEndian.Uint32(b[off+4:off+8]))
		if end+2 > len(b) || end < off {
			break
		}
		stored := binary.LittleEndian.Uint16(b[end : end+2])
		if h == 14 && crcOf(b[off+h:end]) == stored {
			off = end + 2
			continue
		}
		if got := crcOf(b[off:end]); got != stored {
			return notes, fmt.Errorf("sequence %d: stored %#04x, computed %#04x: %w", i+1, stored, got, ErrChecksum)
		}
		if h == 14 {
			notes = append(notes, "file CRC covers the header too (older Garmin firmware, header CRC 0x0000): verified that way")
		}
		off = end + 2
	}
	return notes, nil
}

// fitSession is a session message with the bits easyday uses.
type fitSession struct {
	start, end  time.Time
	stamp       time.Time // the session message's timestamp: when the session ended
	note        string    // what was corrected in the session message, in words
	sport       typedef.Sport
	subSport    typedef.SubSport
	firstLap    int
	numLaps     int
	summary     activity.DeviceSummary
	profileName string
	poolLength  float64 // metres; NaN when not a pool swim
}

type fitLap struct {
	lap activity.Lap
	end time.Time // the lap message's timestamp
}

// fitListener collects what the decoder broadcasts. Messages are valid only during OnMesg, so
// everything kept is copied out into plain values.
type fitListener struct {
	seqType       typedef.File // file type of the current sequence; FileInvalid before its file_id
	seqIsActivity bool         // the current sequence holds activity data
	sawActivity   bool
	otherTypes    []string

	device      string
	workoutName string
	sportName   string
	sport       typedef.Sport // from a sport message, when there is no session
	subSport    typedef.SubSport
	localOffset time.Duration
	hasOffset   bool

	notes      []string
	badDevData bool
	// devDistance: the developer fields that hold a distance (onFieldDescription)
	devDistance map[devKey]devDistanceField

	groups []*fitGroup // one per activity recording; a chained file may hold several
	hr     []hrPoint   // heart rate from HR messages (straps that store HR during swims)
	hrRef  hrAnchor

	// recordsHint is the capacity the first recording's samples start with (0: none), so that
	// a large file does not grow its samples record by record, copying them each time.
	recordsHint int
}

// fitBytesPerRecord is the size of a small record message: len(data)/fitBytesPerRecord is the
// guess at a file's records. Beside its records a file holds laps, events, HR and device
// messages, so the guess is mostly too high (of the corpus's 81 FIT files with records: 1.4
// times the records at the median, 2 to 13 times for 24 files; too low for 17, whose samples
// then grow as they come), and in a chained file it all goes to the first recording. Room to
// spare costs less than growing every file's samples from nothing, which made
// BenchmarkDecodeFIT 20 to 40% slower; samples left with more than twice the room they need
// are copied to their size (groupActivities), so that their activities do not keep it.
const fitBytesPerRecord = 24

// fitGroup is one activity recording: the data of one activity file_id and of the sequences
// without a file_id that follow it.
type fitGroup struct {
	samples  []activity.Sample
	laps     []fitLap
	sessions []fitSession
	timer    []activity.TimerEvent
	lengths  []fitLength // a pool swim's lengths (fillSwims)
}

// hrPoint is one heart-rate reading from an HR message.
type hrPoint struct {
	t   time.Time
	bpm float64
}

// hrAnchor ties the HR messages' free-running event clock to real time.
type hrAnchor struct {
	set   bool
	time  time.Time
	event float64 // seconds on the event clock at time
}

// group returns the current recording, starting one when there is none yet.
func (l *fitListener) group() *fitGroup {
	if len(l.groups) == 0 {
		l.groups = append(l.groups, &fitGroup{})
	}
	return l.groups[len(l.groups)-1]
}

func newFITListener() *fitListener {
	return &fitListener{seqType: typedef.FileInvalid, sport: typedef.SportInvalid, subSport: typedef.SubSportInvalid}
}

// startSequence is called before each FIT sequence of a chained file. A sequence without a
// file_id (Garmin writes HR-only sequences after a swim) continues the previous one.
func (l *fitListener) startSequence() { l.seqType = typedef.FileInvalid }

// OnMesg implements decoder.MesgListener.
func (l *fitListener) OnMesg(m proto.Message) {
	if m.Num == mesgnum.FileId {
		fid := mesgdef.NewFileId(&m)
		l.seqType = fid.Type
		l.seqIsActivity = fid.Type == typedef.FileActivity
		if l.seqIsActivity {
			if l.sawActivity { // a further activity in a chained file: a recording of its own
				l.groups = append(l.groups, &fitGroup{})
			}
			l.sawActivity = true
			if l.device == "" {
				l.device = fitDevice(fid)
			}
		} else if fid.Type != typedef.FileInvalid {
			l.otherTypes = append(l.otherTypes, fid.Type.String())
		} else {
			// No type given: take the data it carries as activity data.
			l.seqIsActivity = true
		}
		return
	}
	if l.seqType == typedef.FileInvalid && !l.seqIsActivity {
		// Data before any file_id (a file whose first message is not file_id): keep it.
		l.seqIsActivity = true
	}
	if !l.seqIsActivity {
		return
	}
	switch m.Num {
	case mesgnum.Record:
		if s, ok := fitSample(&m); ok {
			if math.IsNaN(s.Distance) && len(m.DeveloperFields) > 0 && l.devDistance != nil {
				s.Distance = l.devDistanceOf(&m)
			}
			g := l.group()
			if g.samples == nil && l.recordsHint > 0 {
				g.samples = make([]activity.Sample, 0, l.recordsHint)
				l.recordsHint = 0
			}
			g.samples = append(g.samples, s)
		}
	case mesgnum.Lap:
		g := l.group()
		lap := newFITLap(&m)
		if math.IsNaN(lap.lap.DistanceM) && l.devDistance != nil {
			lap.lap.DistanceM = l.devDistanceOf(&m)
		}
		g.laps = append(g.laps, lap)
	case mesgnum.Session:
		g := l.group()
		s := newFITSession(&m)
		if math.IsNaN(s.summary.DistanceM) && l.devDistance != nil {
			s.summary.DistanceM = l.devDistanceOf(&m)
		}
		g.sessions = append(g.sessions, s)
	case mesgnum.FieldDescription:
		l.onFieldDescription(&m)
	case mesgnum.Length:
		if fl, ok := newFITLength(&m); ok {
			g := l.group()
			g.lengths = append(g.lengths, fl)
		}
	case mesgnum.Event:
		l.onEvent(&m)
	case mesgnum.Hr:
		l.onHR(&m)
	case mesgnum.Activity:
		a := mesgdef.NewActivity(&m)
		if !a.Timestamp.IsZero() && !a.LocalTimestamp.IsZero() && a.Timestamp.After(datetime.Epoch().Add(0x10000000*time.Second)) {
			if off := a.LocalTimestamp.Sub(a.Timestamp).Round(15 * time.Minute); plausibleOffset(off) {
				l.localOffset, l.hasOffset = off, true
			}
		}
	case mesgnum.Workout:
		if w := mesgdef.NewWorkout(&m); w.WktName != "" && l.workoutName == "" {
			l.workoutName = w.WktName
		}
	case mesgnum.Sport:
		s := mesgdef.NewSport(&m)
		if l.sportName == "" {
			l.sportName = s.Name
		}
		if l.sport == typedef.SportInvalid {
			l.sport, l.subSport = s.Sport, s.SubSport
		}
	}
}

func (l *fitListener) onEvent(m *proto.Message) {
	e := mesgdef.NewEvent(m)
	if e.Event != typedef.EventTimer || e.Timestamp.IsZero() {
		return
	}
	switch e.EventType {
	case typedef.EventTypeStart:
		g := l.group()
		g.timer = append(g.timer, activity.TimerEvent{Time: e.Timestamp, Start: true})
	case typedef.EventTypeStop, typedef.EventTypeStopAll, typedef.EventTypeStopDisable, typedef.EventTypeStopDisableAll:
		g := l.group()
		g.timer = append(g.timer, activity.TimerEvent{Time: e.Timestamp, Start: false})
	}
}

// onHR reads an HR message: heart rates a strap stored (under water, where it cannot send)
// and the watch wrote after the activity, stamped on the strap's own event clock (1/1024 s,
// rolling over every 2^22 s). As in the FIT SDK's HR merge, every message with a timestamp
// (re)anchors that clock to real time, and the readings after it are placed from that anchor.
func (l *fitListener) onHR(m *proto.Message) {
	var (
		ts     time.Time
		frac   float64
		events []float64
		bpms   []float64
	)
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case proto.FieldNumTimestamp:
			if f.Value.Type() == proto.TypeUint32 && f.Value.Uint32() != basetype.Uint32Invalid {
				ts = datetime.ToTime(f.Value.Uint32())
			}
		case fieldnum.HrFractionalTimestamp:
			if v := scaled(f); !math.IsNaN(v) {
				frac = v
			}
		case fieldnum.HrEventTimestamp:
			events = scaledArray(f)
		case fieldnum.HrFilteredBpm:
			bpms = scaledArray(f)
		}
	}
	if !ts.IsZero() && len(events) > 0 && !math.IsNaN(events[0]) {
		l.hrRef = hrAnchor{set: true, time: ts.Add(time.Duration(frac * float64(time.Second))), event: events[0]}
	}
	if !l.hrRef.set {
		return
	}
	const rollover = 1 << 22 // seconds: the event clock's 32 bits at 1/1024 s
	for i := 0; i < len(events) && i < len(bpms); i++ {
		ev, bpm := events[i], bpms[i]
		if math.IsNaN(ev) || math.IsNaN(bpm) {
			continue
		}
		if ev < l.hrRef.event && l.hrRef.event-ev > rollover/2 {
			ev += rollover
		}
		t := l.hrRef.time.Add(time.Duration((ev - l.hrRef.event) * float64(time.Second)))
		l.hr = append(l.hr, hrPoint{t: t, bpm: bpm})
	}
}

// crcOf is the FIT CRC-16 of b, as muktihari/fit's crc16 computes it four bits at a time,
// here eight bytes at a time ("slicing by 8"): checksums cover whole files, and the four-bit
// loop cost a fifth of decoding a FIT file.
func crcOf(b []byte) uint16 {
	t := &crcTables
	crc := uint16(0)
	for ; len(b) >= 8; b = b[8:] {
		crc ^= uint16(b[0]) | uint16(b[1])<<8
		crc = t[7][byte(crc)] ^ t[6][crc>>8] ^ t[5][b[2]] ^ t[4][b[3]] ^
			t[3][b[4]] ^ t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]]
	}
	for _, c := range b {
		crc = crc>>8 ^ t[0][byte(crc)^c]
	}
	return crc
}

// crcTables[0] is the FIT CRC of each byte value from a zero CRC, made with muktihari/fit's
// crc16; crcTables[k] is the same followed by k zero bytes.
var crcTables = func() (t [8][256]uint16) {
	for i := range t[0] {
		h := crc16.New()
		_, _ = h.Write([]byte{byte(i)})
		t[0][i] = h.Sum16()
	}
	for k := 1; k < len(t); k++ {
		for i := range t[k] {
			prev := t[k-1][i]
			t[k][i] = prev>>8 ^ t[0][byte(prev)]
		}
	}
	return t
}()

// activities splits what was collected into one activity per session.
func (l *fitListener) activities(seqs int, decodeErr error) ([]activity.Activity, error) {
	empty := true
	for _, g := range l.groups {
		if len(g.samples) > 0 || len(g.sessions) > 0 {
			empty = false
		}
	}
	if !l.sawActivity && empty {
		if decodeErr != nil {
			return nil, fmt.Errorf("decode fit: %w", decodeErr)
		}
		if len(l.otherTypes) > 0 {
			return nil, fmt.Errorf("FIT %s file: %w", strings.Join(slices.Compact(l.otherTypes), "+"), ErrNotActivity)
		}
		return nil, fmt.Errorf("FIT file without activity data: %w", ErrNotActivity)
	}
	if empty && decodeErr != nil {
		return nil, fmt.Errorf("decode fit: %w", decodeErr)
	}

	notes := l.notes
	partial := false
	if decodeErr != nil {
		partial = true
		if errors.Is(decodeErr, ErrChecksum) {
			notes = append(notes, fmt.Sprintf("damaged: %v; the data was read all the same", decodeErr))
		} else {
			notes = append(notes, fmt.Sprintf("damaged or truncated after %d complete FIT sequence(s); data read before the damage kept: %v", seqs, decodeErr))
		}
	}
	sort.Slice(l.hr, func(i, j int) bool { return l.hr[i].t.Before(l.hr[j].t) })

	if len(l.groups) == 0 { // an activity file with neither records nor sessions
		l.groups = []*fitGroup{{}}
	}
	// Counts no device writes are refused before any work per session or lap, which would
	// grow with their product.
	sessions, laps := 0, 0
	for _, g := range l.groups {
		sessions += max(len(g.sessions), 1)
		laps += len(g.laps)
	}
	if sessions > MaxFITSessions {
		return nil, fmt.Errorf("decode fit: %d sessions (an activity file has at most %d): %w", sessions, MaxFITSessions, ErrImplausible)
	}
	if laps > MaxFITLaps {
		return nil, fmt.Errorf("decode fit: %d laps (an activity file has at most %d): %w", laps, MaxFITLaps, ErrImplausible)
	}
	var acts []activity.Activity
	for _, g := range l.groups {
		if len(g.samples) == 0 && len(g.sessions) == 0 && len(l.groups) > 1 {
			continue
		}
		acts = append(acts, l.groupActivities(g, partial, notes)...)
	}
	// Sessions follow one another: sessions that overlap would have every record analysed
	// and stored once per session. More than half of their time shared is refused.
	if shared, total := sessionOverlap(acts); len(acts) > 1 && shared > total/2 {
		return nil, fmt.Errorf("decode fit: %d sessions overlap (%.0f s of their %.0f s shared): %w",
			len(acts), shared.Seconds(), total.Seconds(), ErrImplausible)
	}
	for i := range acts {
		acts[i].Source.Session = i
	}
	return acts, nil
}

// groupActivities makes the activities of one recording, one per session.
func (l *fitListener) groupActivities(g *fitGroup, partial bool, notes []string) []activity.Activity {
	if cap(g.samples) > 2*len(g.samples) { // far fewer records than recordsHint guessed
		g.samples = slices.Clone(g.samples)
	}
	sortSamples(g.samples)
	if partial {
		// The last records before the damage may be read from garbage: a timestamp decades
		// away. Records more than a day after the one before them, at the tail, are dropped.
		n := len(g.samples)
		for n > 1 && g.samples[n-1].Time.Sub(g.samples[n-2].Time) > 24*time.Hour {
			n--
		}
		if dropped := len(g.samples) - n; dropped > 0 {
			notes = append(slices.Clip(notes), fmt.Sprintf("%d record(s) read from the damaged tail with impossible times dropped", dropped))
			g.samples = g.samples[:n]
		}
	}
	sort.SliceStable(g.timer, func(i, j int) bool { return g.timer[i].Time.Before(g.timer[j].Time) })
	if jumps := fixClockJumps(g, l.hr); len(jumps) > 0 {
		notes = append(slices.Clip(notes), jumps...)
	}
	for i := range g.sessions {
		fixSessionStart(&g.sessions[i], g.laps, g.samples)
	}
	g.fillSwims()
	from := time.Time{}
	for _, s := range g.sessions {
		if !s.start.IsZero() && (from.IsZero() || s.start.Before(from)) {
			from = s.start
		}
	}
	if n, used := mergeHR(g.samples, l.hr, from); n > 0 {
		notes = append(slices.Clip(notes), fmt.Sprintf("heart rate of %d records taken from %d readings the strap stored (HR messages)", n, used))
	}

	sessions := g.sessions
	if len(sessions) == 0 {
		// No session message (truncated, or a device that never wrote one): one activity over
		// every record, its totals to be rebuilt from them. An activity file ends with its
		// session message; without it the recording was cut short.
		s := fitSession{sport: l.sport, subSport: l.subSport, firstLap: -1}
		if len(g.samples) > 0 {
			s.start, s.end = g.samples[0].Time, g.samples[len(g.samples)-1].Time
		}
		sessions = []fitSession{s}
		partial = true
		notes = append(slices.Clip(notes), "no session message (recording cut short): totals rebuilt from the records")
	}

	acts := make([]activity.Activity, 0, len(sessions))
	for _, s := range sessions {
		a := activity.Activity{
			Source:   activity.Source{Format: activity.FormatFIT},
			Sport:    fitSport(s.sport),
			SubSport: fitSubSport(s.sport, s.subSport),
			Name:     l.workoutName,
			Device:   l.device,
			Partial:  partial,
			Notes:    slices.Clone(notes),
		}
		if s.note != "" {
			a.Notes = append(a.Notes, s.note)
		}
		if len(g.sessions) > 0 {
			sum := s.summary
			a.Summary = &sum
		}
		if len(sessions) == 1 {
			a.Samples = g.samples
			a.Timer = g.timer
			a.Laps = lapsOf(g.laps, s, true)
		} else {
			a.Samples = within(g.samples, s.start, s.end)
			// Every event up to the session's end: the timer's state when a later session of
			// a multisport file begins is set by the events before it.
			a.Timer = timerUntil(g.timer, s.end)
			a.Laps = lapsOf(g.laps, s, false)
		}
		a.Start = s.start
		if a.Start.IsZero() && len(a.Samples) > 0 {
			a.Start = a.Samples[0].Time
		}
		if l.hasOffset {
			a.Start = a.Start.In(time.FixedZone("", int(l.localOffset/time.Second)))
			a.HasUTCOffset = true
		}
		if n := timerNote(&a); n != "" {
			a.Notes = append(a.Notes, n)
		}
		acts = append(acts, a)
	}
	if len(sessions) > 1 {
		splitDistance(acts, sessions, g.samples)
	}
	return acts
}

// mergeHR gives the records the heart rate a strap stored (HR messages), as the FIT SDK's
// HR merge does: each record takes the mean of the readings since the record before it (the
// first record: since from, the session's start), replacing what the record carried, which
// during a swim is at best the wrist's optical reading; a record without a reading of its own
// takes the heart rate of the record before for up to 5 s after the last reading. Records
// outside the readings' span keep their own heart rate. Both smp and hr are sorted by time.
// It returns the number of records given a stored heart rate and the number of readings
// averaged into them.
func mergeHR(smp []activity.Sample, hr []hrPoint, from time.Time) (records, readings int) {
	if len(hr) == 0 || len(smp) == 0 {
		return 0, 0
	}
	const hold = 5 * time.Second
	prev := smp[0].Time
	if !from.IsZero() && from.Before(prev) {
		prev = from
	}
	// hr[j] is the first reading after prev (the record before; at first, the session's
	// start): with both sorted, a record's readings are those from j up to its time.
	j := sort.Search(len(hr), func(j int) bool { return hr[j].t.After(prev) })
	var last hrPoint // the last reading merged, with the heart rate its record took
	for k := range smp {
		t := smp[k].Time
		if k > 0 {
			prev = smp[k-1].Time
		}
		var sum float64
		var n int
		for ; j < len(hr) && !hr[j].t.After(t); j++ {
			sum += hr[j].bpm
			n++
			last.t = hr[j].t
		}
		switch {
		case n > 0:
			smp[k].HeartRate = sum / float64(n)
			last.bpm = smp[k].HeartRate
			records++
			readings += n
		case !last.t.IsZero() && prev.Sub(last.t) < hold:
			smp[k].HeartRate = last.bpm
			records++
		}
		if j == len(hr) && (last.t.IsZero() || t.Sub(last.t) >= hold) {
			break
		}
	}
	return records, readings
}

// plausibleOffset reports whether d is a UTC offset some time zone uses: whole or half hours,
// or the few at 45 minutes, within ±14 h.
func plausibleOffset(d time.Duration) bool {
	if d < -14*time.Hour || d > 14*time.Hour {
		return false
	}
	if d%(30*time.Minute) == 0 {
		return true
	}
	m := d
	if m < 0 {
		m = -m
	}
	return m%time.Hour == 45*time.Minute
}

func sortSamples(s []activity.Sample) {
	if !sort.SliceIsSorted(s, func(i, j int) bool { return s[i].Time.Before(s[j].Time) }) {
		sort.SliceStable(s, func(i, j int) bool { return s[i].Time.Before(s[j].Time) })
	}
}

// within returns the samples from start to end inclusive (samples sorted by time).
func within(s []activity.Sample, start, end time.Time) []activity.Sample {
	i := sort.Search(len(s), func(i int) bool { return !s[i].Time.Before(start) })
	j := sort.Search(len(s), func(j int) bool { return s[j].Time.After(end) })
	if i >= j {
		return nil
	}
	return slices.Clip(s[i:j])
}

func timerUntil(ev []activity.TimerEvent, end time.Time) []activity.TimerEvent {
	i := sort.Search(len(ev), func(i int) bool { return ev[i].Time.After(end) })
	return slices.Clip(ev[:i])
}

// lapsOf picks a session's laps: by the session's first lap index and count when the file
// gives them, else by time.
func lapsOf(laps []fitLap, s fitSession, all bool) []activity.Lap {
	var out []activity.Lap
	if s.firstLap >= 0 && s.numLaps > 0 && s.firstLap+s.numLaps <= len(laps) {
		for _, l := range laps[s.firstLap : s.firstLap+s.numLaps] {
			out = append(out, l.lap)
		}
		return out
	}
	for _, l := range laps {
		// a lap starting where the session ends opens the next session
		if all || (!l.lap.Start.Before(s.start) && (l.lap.Start.Before(s.end) || s.start.Equal(s.end))) {
			out = append(out, l.lap)
		}
	}
	return out
}

func newFITSession(m *proto.Message) fitSession {
	ss := mesgdef.NewSession(m)
	s := fitSession{
		start:       ss.StartTime,
		sport:       ss.Sport,
		subSport:    ss.SubSport,
		firstLap:    -1,
		profileName: ss.SportProfileName,
		poolLength:  ss.PoolLengthScaled(),
		summary: activity.DeviceSummary{
			DistanceM:           ss.TotalDistanceScaled(),
			TimerS:              ss.TotalTimerTimeScaled(),
			ElapsedS:            ss.TotalElapsedTimeScaled(),
			AvgHR:               u8(ss.AvgHeartRate),
			MaxHR:               u8(ss.MaxHeartRate),
			TotalTrainingEffect: ss.TotalTrainingEffectScaled(),
		},
	}
	s.stamp = ss.Timestamp
	if ss.FirstLapIndex != basetype.Uint16Invalid && ss.NumLaps != basetype.Uint16Invalid {
		s.firstLap, s.numLaps = int(ss.FirstLapIndex), int(ss.NumLaps)
	}
	switch {
	case !ss.StartTime.IsZero() && !math.IsNaN(s.summary.ElapsedS):
		s.end = ss.StartTime.Add(time.Duration(s.summary.ElapsedS * float64(time.Second)))
		if !ss.Timestamp.IsZero() && ss.Timestamp.After(s.end) {
			s.end = ss.Timestamp
		}
	case !ss.Timestamp.IsZero():
		s.end = ss.Timestamp
	default:
		s.end = ss.StartTime
	}
	if s.start.IsZero() {
		s.start = s.end
	}
	return s
}

// fixSessionStart corrects a session whose start_time disagrees with its own end: the session
// message's timestamp, written when the session ended, lies well before start_time plus the
// elapsed time (the first session of a Fenix 2 multisport file has a start_time 45 minutes
// after its first lap and records begin). When a lap, or else the first record, begins within
// a few seconds of the end minus the elapsed time, the session started there; otherwise the
// session is left as the file has it. It reports whether it changed anything.
func fixSessionStart(s *fitSession, laps []fitLap, samples []activity.Sample) bool {
	const slack = time.Minute // start + elapsed may pass the timestamp by rounding, not by more
	const near = 10 * time.Second
	el := s.summary.ElapsedS
	if s.stamp.IsZero() || s.start.IsZero() || math.IsNaN(el) || el <= 0 {
		return false
	}
	elapsed := time.Duration(el * float64(time.Second))
	if !s.start.Add(elapsed).After(s.stamp.Add(slack)) {
		return false
	}
	want := s.stamp.Add(-elapsed)
	agrees := func(t time.Time) bool { return !t.IsZero() && t.Sub(want).Abs() <= near }
	start := time.Time{}
	for _, l := range laps {
		if agrees(l.lap.Start) && (start.IsZero() || l.lap.Start.Before(start)) {
			start = l.lap.Start
		}
	}
	if start.IsZero() && len(samples) > 0 && agrees(samples[0].Time) {
		start = samples[0].Time
	}
	if start.IsZero() {
		return false
	}
	s.note = fmt.Sprintf("session start_time %s disagrees with its end %s and elapsed time %.0f s; taken as %s, where its laps and records begin",
		s.start.UTC().Format(time.RFC3339), s.stamp.UTC().Format(time.RFC3339), el, start.UTC().Format(time.RFC3339))
	s.start, s.end = start, s.stamp
	return true
}

func newFITLap(m *proto.Message) fitLap {
	ml := mesgdef.NewLap(m)
	l := activity.NewLap(ml.StartTime)
	l.ElapsedS = ml.TotalElapsedTimeScaled()
	l.TimerS = ml.TotalTimerTimeScaled()
	l.DistanceM = ml.TotalDistanceScaled()
	l.AvgHR = u8(ml.AvgHeartRate)
	l.MaxHR = u8(ml.MaxHeartRate)
	l.AvgSpeed = ml.EnhancedAvgSpeedScaled()
	if math.IsNaN(l.AvgSpeed) {
		l.AvgSpeed = ml.AvgSpeedScaled()
	}
	if ml.Intensity != typedef.IntensityInvalid {
		l.Intensity = strings.ToLower(ml.Intensity.String())
	}
	if ml.LapTrigger != typedef.LapTriggerInvalid {
		l.Trigger = strings.ToLower(ml.LapTrigger.String())
	}
	if ml.WktStepIndex != typedef.MessageIndexInvalid {
		l.WorkoutStep = int(ml.WktStepIndex & typedef.MessageIndexMask)
	}
	return fitLap{lap: l, end: ml.Timestamp}
}

// fitSample reads a record message field by field in one pass.
func fitSample(m *proto.Message) (activity.Sample, bool) {
	s := activity.NewSample(time.Time{})
	var (
		speed, altitude = math.NaN(), math.NaN()
		lat, lon        int32
		hasLat, hasLon  bool
		fracCadence     = math.NaN()
	)
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case proto.FieldNumTimestamp:
			if f.Value.Type() == proto.TypeUint32 && f.Value.Uint32() != basetype.Uint32Invalid {
				s.Time = datetime.ToTime(f.Value.Uint32())
			}
		case fieldnum.RecordPositionLat:
			if f.Value.Type() == proto.TypeInt32 && f.Value.Valid(f.BaseType) {
				lat, hasLat = f.Value.Int32(), true
			}
		case fieldnum.RecordPositionLong:
			if f.Value.Type() == proto.TypeInt32 && f.Value.Valid(f.BaseType) {
				lon, hasLon = f.Value.Int32(), true
			}
		case fieldnum.RecordEnhancedAltitude:
			s.Altitude = scaled(f)
		case fieldnum.RecordAltitude:
			altitude = scaled(f)
		case fieldnum.RecordDistance:
			s.Distance = scaled(f)
		case fieldnum.RecordEnhancedSpeed:
			s.Speed = scaled(f)
		case fieldnum.RecordSpeed:
			speed = scaled(f)
		case fieldnum.RecordHeartRate:
			s.HeartRate = scaled(f)
		case fieldnum.RecordCadence:
			s.Cadence = scaled(f)
		case fieldnum.RecordFractionalCadence:
			fracCadence = scaled(f)
		case fieldnum.RecordPower:
			s.Power = scaled(f)
		}
	}
	if s.Time.IsZero() {
		return s, false
	}
	if math.IsNaN(s.Speed) {
		s.Speed = speed
	}
	if math.IsNaN(s.Altitude) {
		s.Altitude = altitude
	}
	if !math.IsNaN(s.Cadence) && !math.IsNaN(fracCadence) {
		s.Cadence += fracCadence
	}
	// 0,0 and out-of-range semicircles are "no fix" in practice.
	if hasLat && hasLon && !(lat == 0 && lon == 0) {
		la, lo := semicircles.ToDegrees(lat), semicircles.ToDegrees(lon)
		if la >= -90 && la <= 90 && lo >= -180 && lo <= 180 {
			s.Lat, s.Lon = la, lo
		}
	}
	return s, true
}

// scaled returns a numeric field's value in its profile units, NaN when invalid.
func scaled(f *proto.Field) float64 {
	if !f.Value.Valid(f.BaseType) {
		return math.NaN()
	}
	var v float64
	switch f.Value.Type() {
	case proto.TypeInt8:
		v = float64(f.Value.Int8())
	case proto.TypeUint8:
		v = float64(f.Value.Uint8())
	case proto.TypeInt16:
		v = float64(f.Value.Int16())
	case proto.TypeUint16:
		v = float64(f.Value.Uint16())
	case proto.TypeInt32:
		v = float64(f.Value.Int32())
	case proto.TypeUint32:
		v = float64(f.Value.Uint32())
	case proto.TypeInt64:
		v = float64(f.Value.Int64())
	case proto.TypeUint64:
		v = float64(f.Value.Uint64())
	case proto.TypeFloat32:
		v = float64(f.Value.Float32())
	case proto.TypeFloat64:
		v = f.Value.Float64()
	default:
		return math.NaN()
	}
	scale := f.Scale
	if scale == 0 {
		scale = 1
	}
	return v/scale - f.Offset
}

// scaledArray returns an array field's values in profile units (NaN for invalid elements).
func scaledArray(f *proto.Field) []float64 {
	switch f.Value.Type() {
	case proto.TypeSliceUint8:
		return scaleEach(f, f.Value.SliceUint8(), basetype.Uint8Invalid)
	case proto.TypeSliceUint16:
		return scaleEach(f, f.Value.SliceUint16(), basetype.Uint16Invalid)
	case proto.TypeSliceUint32:
		return scaleEach(f, f.Value.SliceUint32(), basetype.Uint32Invalid)
	}
	if v := scaled(f); !math.IsNaN(v) {
		return []float64{v}
	}
	return nil
}

// scaleEach is scaledArray over the values of one unsigned type, whose invalid value is NaN.
func scaleEach[T uint8 | uint16 | uint32](f *proto.Field, vals []T, invalid T) []float64 {
	scale := f.Scale
	if scale == 0 {
		scale = 1
	}
	out := make([]float64, len(vals))
	for i, v := range vals {
		if v == invalid {
			out[i] = math.NaN()
			continue
		}
		out[i] = float64(v)/scale - f.Offset
	}
	return out
}

func u8(v uint8) float64 {
	if v == basetype.Uint8Invalid {
		return math.NaN()
	}
	return float64(v)
}

func fitSport(s typedef.Sport) activity.Sport {
	switch s {
	case typedef.SportRunning:
		return activity.SportRunning
	case typedef.SportCycling, typedef.SportEBiking:
		return activity.SportCycling
	case typedef.SportSwimming:
		return activity.SportSwimming
	case typedef.SportWalking:
		return activity.SportWalking
	case typedef.SportHiking:
		return activity.SportHiking
	}
	return activity.SportOther
}

// fitSubSport names a session's sub-sport. A multisport transition (FIT sport transition,
// which easyday's sports count as other) is named "transition" whatever sub-sport the file
// gives it (none, generic, bike_to_run_transition...): that is what the session is, and
// analysis.Moving times it whole.
func fitSubSport(sport typedef.Sport, s typedef.SubSport) string {
	if sport == typedef.SportTransition {
		return activity.SubSportTransition
	}
	if s == typedef.SubSportInvalid {
		return ""
	}
	name := s.String()
	if strings.HasPrefix(name, "SubSportInvalid") || strings.Contains(name, "(") {
		return ""
	}
	return name
}

// fitDevice names the recording device from the file_id message: its product name when the
// file writes one, else the manufacturer and product.
func fitDevice(f *mesgdef.FileId) string {
	if f.ProductName != "" {
		return strings.TrimSpace(f.ProductName)
	}
	manu := ""
	if f.Manufacturer != typedef.ManufacturerInvalid {
		manu = f.Manufacturer.String()
	}
	prod := ""
	if f.Product != basetype.Uint16Invalid {
		name, v := f.GetProduct()
		if name == "garmin_product" && !strings.Contains(fmt.Sprint(v), "(") {
			prod = fmt.Sprint(v)
		} else {
			prod = fmt.Sprint(f.Product)
		}
	}
	return strings.TrimSpace(manu + " " + prod)
}
