package importer

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/easyday/easyday/activity"
)

// nsActivityExtV2 is the namespace of Garmin's TCX extensions (TPX on track points, LX on laps).
const nsActivityExtV2 = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"

// TCX decodes a Garmin TrainingCenterDatabase v2 document: one activity per <Activity>, in
// document order (multisport sessions included). Laps keep what the file says of them; the
// activity's Summary is built from the laps (distance and timer summed, heart rate weighted by
// lap time); every <Track> after the first begins a Break, and the tracks give the timer events
// when they agree with the laps (TCXTimer). Trackpoints without a time are left
// out and counted in Notes; a position of 0, 0 is none, and trackpoints whose time steps back
// are left out (tidyTrack).
//
// A document cut short inside an activity gives the activities read so far, the last one
// marked Partial, and a nil error (an error when it broke in the first activity, before any
// timed trackpoint); a document with no <Activity> fails with ErrNotActivity.
func TCX(r io.Reader) ([]activity.Activity, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("decode tcx: %w", err)
	}
	return decodeTCX(data)
}

// decodeTCX is TCX over bytes already in memory.
func decodeTCX(data []byte) ([]activity.Activity, error) {
	if data = trimLeadingSpace(data); len(data) == 0 {
		return nil, errors.New("decode tcx: empty document")
	}
	acts, err := decodeXML(data, tcxFrom)
	noteImpossibleSteps(acts)
	return acts, err
}

// tcxFrom is TCX over d, a decoder of the document after its leading space.
func tcxFrom(d *xml.Decoder) ([]activity.Activity, error) {
	p := &tcxParser{d: d}

	root, err := p.root()
	if err != nil {
		return nil, fmt.Errorf("decode tcx: %w", err)
	}
	if root.Name.Local != "TrainingCenterDatabase" {
		return nil, fmt.Errorf("decode tcx: not a TCX document: the root element is <%s>, not <TrainingCenterDatabase>", root.Name.Local)
	}
	var acts []activity.Activity
	for depth := 0; ; {
		tok, err := d.Token()
		if err != nil {
			if len(acts) > 0 {
				last := &acts[len(acts)-1]
				last.Notes = append(last.Notes, fmt.Sprintf("the document ends badly after this activity: %v", err))
				return acts, nil
			}
			return nil, fmt.Errorf("decode tcx: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "Activity" {
				depth++ // descend: activities sit in <Activities> or multisport sessions
				continue
			}
			a, err := p.activity(t, len(acts))
			if err != nil {
				if len(a.Samples) == 0 && len(acts) == 0 {
					return nil, fmt.Errorf("decode tcx: activity %d: %w", len(acts), err)
				}
				a.Partial = true
				a.Notes = append(a.Notes, fmt.Sprintf("the document is damaged or cut short; read up to: %v", err))
				return append(acts, a), nil
			}
			acts = append(acts, a)
		case xml.EndElement:
			if depth == 0 { // </TrainingCenterDatabase>
				if len(acts) == 0 {
					return nil, fmt.Errorf("decode tcx: no <Activity> in the document: %w", ErrNotActivity)
				}
				return acts, nil
			}
			depth--
		}
	}
}

// tcxParser walks the token stream of a TCX document. It reads elements with a hand-written
// token loop rather than DecodeElement: a trackpoint has a dozen tiny elements and files hold
// tens of thousands of trackpoints, where reflection costs more than the parsing itself.
type tcxParser struct {
	d   *xml.Decoder
	buf []byte
}

// root returns the document's root element.
func (p *tcxParser) root() (xml.StartElement, error) {
	for {
		tok, err := p.d.Token()
		if err != nil {
			if err == io.EOF {
				return xml.StartElement{}, errors.New("no root element")
			}
			return xml.StartElement{}, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, nil
		}
	}
}

// text returns the character data of the element just opened, consuming it up to its end.
// Child elements are skipped.
func (p *tcxParser) text() (string, error) {
	p.buf = p.buf[:0]
	for {
		tok, err := p.d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			p.buf = append(p.buf, t...)
		case xml.StartElement:
			if err := p.d.Skip(); err != nil {
				return "", err
			}
		case xml.EndElement:
			return strings.TrimSpace(string(p.buf)), nil
		}
	}
}

// float returns the number in the element just opened, NaN when it holds none.
func (p *tcxParser) float() (float64, error) {
	s, err := p.text()
	v, _ := parseFloat(s)
	return v, err
}

// children calls fn for each child element of the element just opened, up to its end. fn must
// consume the child (read its text, recurse, or Skip).
func (p *tcxParser) children(fn func(xml.StartElement) error) error {
	for {
		tok, err := p.d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// childText returns the text of the child named name of the element just opened (the last
// one, if several), "" when absent, consuming the element up to its end.
func (p *tcxParser) childText(name string) (string, error) {
	var s string
	err := p.children(func(se xml.StartElement) error {
		if se.Name.Local != name {
			return p.d.Skip()
		}
		var err error
		s, err = p.text()
		return err
	})
	return s, err
}

// childFloat reads a <X><Value>n</Value></X> style element: the number in its child named
// name, NaN when absent.
func (p *tcxParser) childFloat(name string) (float64, error) {
	s, err := p.childText(name)
	v, _ := parseFloat(s)
	return v, err
}

// tcxActivity is an activity being read, with what is needed to finish it.
type tcxActivity struct {
	a          activity.Activity
	sport      string // the Sport attribute
	idRaw      string
	notes      string
	planName   string
	lapEnds    []time.Time // the last sample time of each lap; zero when the lap has none
	lapRaw     string      // StartTime of the first lap as written
	firstRaw   string      // Time of the first sample as written
	tracks     int
	untimed    int
	badTimes   []string // unreadable <Time> texts (the first few)
	trackpoint int      // trackpoints seen
}

func (p *tcxParser) activity(start xml.StartElement, session int) (activity.Activity, error) {
	b := &tcxActivity{a: activity.Activity{
		Source: activity.Source{Format: activity.FormatTCX, Session: session},
	}}
	for _, at := range start.Attr {
		if at.Name.Local == "Sport" {
			b.sport = strings.TrimSpace(at.Value)
		}
	}
	err := p.children(func(se xml.StartElement) error {
		var err error
		switch se.Name.Local {
		case "Id":
			b.idRaw, err = p.text()
		case "Lap":
			err = p.lap(se, b)
		case "Notes":
			b.notes, err = p.text()
		case "Training": // <Training><Plan><Name>: the workout's name
			err = p.children(func(se xml.StartElement) error {
				if se.Name.Local != "Plan" {
					return p.d.Skip()
				}
				var err error
				b.planName, err = p.childText("Name")
				return err
			})
		case "Creator":
			b.a.Device, err = p.childText("Name")
		default:
			err = p.d.Skip()
		}
		return err
	})
	b.finish()
	return b.a, err
}

func (p *tcxParser) lap(start xml.StartElement, b *tcxActivity) error {
	lap := activity.NewLap(time.Time{})
	for _, at := range start.Attr {
		if at.Name.Local != "StartTime" {
			continue
		}
		if t, _, err := parseTime(at.Value); err == nil {
			lap.Start = t.UTC()
			if len(b.a.Laps) == 0 {
				b.lapRaw = at.Value
			}
		}
	}
	first := len(b.a.Samples)
	err := p.children(func(se xml.StartElement) error {
		var err error
		switch se.Name.Local {
		case "TotalTimeSeconds":
			lap.TimerS, err = p.float()
		case "DistanceMeters":
			lap.DistanceM, err = p.float()
		case "AverageHeartRateBpm":
			lap.AvgHR, err = p.childFloat("Value")
		case "MaximumHeartRateBpm":
			lap.MaxHR, err = p.childFloat("Value")
		case "Intensity":
			var s string
			s, err = p.text()
			lap.Intensity = strings.ToLower(s)
		case "TriggerMethod":
			var s string
			s, err = p.text()
			lap.Trigger = strings.ToLower(s)
		case "Track":
			err = p.track(b)
		case "Extensions": // <LX><AvgSpeed>
			err = p.children(func(se xml.StartElement) error {
				if se.Name.Local != "LX" || se.Name.Space != nsActivityExtV2 {
					return p.d.Skip()
				}
				var err error
				lap.AvgSpeed, err = p.childFloat("AvgSpeed")
				return err
			})
		default:
			err = p.d.Skip()
		}
		return err
	})
	var end time.Time
	if n := len(b.a.Samples); n > first {
		end = b.a.Samples[n-1].Time
	}
	b.a.Laps = append(b.a.Laps, lap)
	b.lapEnds = append(b.lapEnds, end)
	return err
}

func (p *tcxParser) track(b *tcxActivity) error {
	b.tracks++
	pendingBreak := b.tracks > 1
	return p.children(func(se xml.StartElement) error {
		if se.Name.Local != "Trackpoint" {
			return p.d.Skip()
		}
		s, raw, err := p.trackpoint(b)
		if err != nil || s.Time.IsZero() {
			return err
		}
		if pendingBreak && len(b.a.Samples) > 0 {
			b.a.Breaks = append(b.a.Breaks, len(b.a.Samples))
		}
		pendingBreak = false
		if len(b.a.Samples) == 0 {
			b.firstRaw = raw
		}
		b.a.Samples = append(b.a.Samples, s)
		return nil
	})
}

// trackpoint reads one <Trackpoint>. The sample's Time is zero when it has none (or none that
// parses); raw is its <Time> as written.
func (p *tcxParser) trackpoint(b *tcxActivity) (s activity.Sample, raw string, err error) {
	b.trackpoint++
	s = activity.NewSample(time.Time{})
	runCadence := math.NaN()
	err = p.children(func(se xml.StartElement) error {
		var err error
		switch se.Name.Local {
		case "Time":
			if raw, err = p.text(); err != nil {
				return err
			}
			if t, _, perr := parseTime(raw); perr == nil {
				s.Time = t.UTC()
			} else if len(b.badTimes) < 3 {
				b.badTimes = append(b.badTimes, raw)
			}
		case "Position":
			err = p.children(func(se xml.StartElement) error {
				var err error
				switch se.Name.Local {
				case "LatitudeDegrees":
					s.Lat, err = p.float()
				case "LongitudeDegrees":
					s.Lon, err = p.float()
				default:
					err = p.d.Skip()
				}
				return err
			})
		case "AltitudeMeters":
			s.Altitude, err = p.float()
		case "DistanceMeters":
			s.Distance, err = p.float()
		case "HeartRateBpm":
			s.HeartRate, err = p.childFloat("Value")
		case "Cadence": // bike cadence, rpm
			s.Cadence, err = p.float()
		case "Extensions": // <TPX><Speed>, <RunCadence>, <Watts>
			err = p.children(func(se xml.StartElement) error {
				if se.Name.Local != "TPX" || se.Name.Space != nsActivityExtV2 {
					return p.d.Skip()
				}
				return p.children(func(se xml.StartElement) error {
					var err error
					switch se.Name.Local {
					case "Speed":
						s.Speed, err = p.float()
					case "RunCadence":
						// Kept as written: Garmin writes strides (one foot's steps) per
						// minute, as FIT records running cadence and as GPX gpxtpx:cad
						// does, so ~85 for a runner at ~170 steps per minute.
						runCadence, err = p.float()
					case "Watts":
						s.Power, err = p.float()
					default:
						err = p.d.Skip()
					}
					return err
				})
			})
		default:
			err = p.d.Skip()
		}
		return err
	})
	if math.IsNaN(s.Cadence) {
		s.Cadence = runCadence
	}
	if s.Time.IsZero() {
		b.untimed++
	}
	return s, raw, err
}

// finish sets what depends on the whole activity: start, sport, name, lap times, summary and
// notes.
func (b *tcxActivity) finish() {
	a := &b.a
	tidyTrack(a)

	// Start: the first lap's start, else the Id, else the first sample; in the zone of the
	// first of those written with a numeric UTC offset, else in UTC.
	var offsetFrom time.Time
	hasOffset := false
	for _, raw := range []string{b.lapRaw, b.idRaw, b.firstRaw} {
		t, off, err := parseTime(raw)
		if err != nil {
			continue
		}
		if a.Start.IsZero() {
			a.Start = t
		}
		if off && !hasOffset {
			offsetFrom, hasOffset = t, true
		}
	}
	a.Start = a.Start.In(inZone(offsetFrom, hasOffset).Location())
	a.HasUTCOffset = hasOffset

	a.Name = b.planName
	if a.Name == "" {
		a.Name, _, _ = strings.Cut(b.notes, "\n")
		a.Name = strings.TrimSpace(a.Name)
	}
	b.setSport()

	for i := range a.Laps {
		lap := &a.Laps[i]
		end := b.lapEnds[i]
		if i+1 < len(a.Laps) && !a.Laps[i+1].Start.IsZero() && a.Laps[i+1].Start.After(end) {
			end = a.Laps[i+1].Start
		}
		if !lap.Start.IsZero() && !end.IsZero() && !end.Before(lap.Start) {
			lap.ElapsedS = end.Sub(lap.Start).Seconds()
		}
	}
	a.Summary = lapSummary(a.Laps, a.Samples)
	a.Timer = TCXTimer(a)

	if b.untimed > 0 {
		note := fmt.Sprintf("%d of %d trackpoints have no time and were left out", b.untimed, b.trackpoint)
		if len(b.badTimes) > 0 {
			note += fmt.Sprintf(" (unreadable times such as %q)", b.badTimes[0])
		}
		a.Notes = append(a.Notes, note)
	}
	if len(a.Samples) == 0 {
		a.Notes = append(a.Notes, "no timed trackpoints")
	}
}

// setSport maps the Sport attribute (Running, Biking, Other) and refines Other, or adds a sub
// sport, from the workout name or the notes.
func (b *tcxActivity) setSport() {
	a := &b.a
	switch strings.ToLower(b.sport) {
	case "running":
		a.Sport = activity.SportRunning
	case "biking":
		a.Sport = activity.SportCycling
	default:
		a.Sport = activity.SportOther
	}
	for _, text := range []string{b.planName, b.notes} {
		sport, sub, ok := sportFromText(text)
		if !ok {
			continue
		}
		switch {
		case a.Sport == activity.SportOther:
			a.Sport, a.SubSport = sport, sub
			a.Notes = append(a.Notes, fmt.Sprintf("sport %s taken from the activity's text %q: the file says %q", sport, text, b.sport))
		case sport == a.Sport && a.SubSport == "":
			a.SubSport = sub
		}
		return
	}
}

// lapSummary is the device summary a TCX file implies: distance and timer summed over the laps,
// average heart rate weighted by lap timer, maximum heart rate the highest lap maximum, elapsed
// time from the first to the last sample. Nil without laps.
func lapSummary(laps []activity.Lap, samples []activity.Sample) *activity.DeviceSummary {
	if len(laps) == 0 {
		return nil
	}
	nan := math.NaN()
	s := &activity.DeviceSummary{DistanceM: nan, TimerS: nan, ElapsedS: nan, AvgHR: nan, MaxHR: nan,
		TotalTrainingEffect: nan}
	var hrSum, hrTime float64
	for _, l := range laps {
		s.DistanceM = addKnown(s.DistanceM, l.DistanceM)
		s.TimerS = addKnown(s.TimerS, l.TimerS)
		if !math.IsNaN(l.AvgHR) && l.TimerS > 0 {
			hrSum += l.AvgHR * l.TimerS
			hrTime += l.TimerS
		}
		if !math.IsNaN(l.MaxHR) && (math.IsNaN(s.MaxHR) || l.MaxHR > s.MaxHR) {
			s.MaxHR = l.MaxHR
		}
	}
	if hrTime > 0 {
		s.AvgHR = hrSum / hrTime
	}
	if n := len(samples); n > 0 {
		s.ElapsedS = samples[n-1].Time.Sub(samples[0].Time).Seconds()
	}
	return s
}

// tcxTrackJoin is the longest time between two <Track>s that is not a pause: Garmin gives each lap
// its own track, one sample interval after the last.
const tcxTrackJoin = 10 * time.Second

// TCXTimer reads the device's timer out of a TCX activity's tracks (a.Breaks mark where each
// <Track> after the first begins). Garmin's TCX writers start a new <Track> whenever the timer
// restarts after a stop, so the timer ran within a track and stood still between two tracks
// that lie apart: the TCX form of FIT's timer events. It ran even where the athlete stood
// (at lights, with auto-pause off, the device records on, or records sparsely), which the pause
// rule would count as a pause. Other writers keep one track across the pauses, which are then
// gaps in it: where the tracks do not add up, every gap over 10 s is taken as a stop of the
// timer instead. Either reading is trusted only when its running time adds up to the laps' own
// timer totals (TotalTimeSeconds) within 2%; otherwise TCXTimer returns nil and the analysis
// applies the pause rule.
func TCXTimer(a *activity.Activity) []activity.TimerEvent {
	smp := a.Samples
	if len(smp) < 2 || len(a.Laps) == 0 {
		return nil
	}
	var timer float64
	for _, l := range a.Laps {
		if math.IsNaN(l.TimerS) || l.TimerS < 0 {
			return nil
		}
		timer += l.TimerS
	}
	if timer <= 0 {
		return nil
	}
	if ev, spans := tcxStops(smp, a.Breaks); math.Abs(spans-timer) <= 0.02*timer {
		return ev
	}
	gaps := make([]int, 0, 8)
	for i := 1; i < len(smp); i++ {
		if smp[i].Time.Sub(smp[i-1].Time) > tcxTrackJoin {
			gaps = append(gaps, i)
		}
	}
	if ev, spans := tcxStops(smp, gaps); len(gaps) > 0 && math.Abs(spans-timer) <= 0.02*timer {
		return ev
	}
	return nil
}

// tcxStops returns the timer events of a timer that stops at each of the given sample indices
// that lies over tcxTrackJoin after the sample before (and restarts there), with the seconds
// it ran.
func tcxStops(smp []activity.Sample, at []int) ([]activity.TimerEvent, float64) {
	ev := []activity.TimerEvent{{Time: smp[0].Time, Start: true}}
	var spans float64
	from := smp[0].Time
	end := func(i int) { // the timer stops at sample i
		ev = append(ev, activity.TimerEvent{Time: smp[i].Time})
		spans += smp[i].Time.Sub(from).Seconds()
	}
	for _, b := range at {
		if b <= 0 || b >= len(smp) || smp[b].Time.Sub(smp[b-1].Time) <= tcxTrackJoin {
			continue
		}
		end(b - 1)
		from = smp[b].Time
		ev = append(ev, activity.TimerEvent{Time: from, Start: true})
	}
	end(len(smp) - 1)
	return ev, spans
}

// addKnown adds v to sum, where NaN means unknown: unknown plus a value is the value.
func addKnown(sum, v float64) float64 {
	switch {
	case math.IsNaN(v):
		return sum
	case math.IsNaN(sum):
		return v
	}
	return sum + v
}
