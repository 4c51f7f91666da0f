package importer

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/tkrajina/gpxgo/gpx"

	"github.com/easyday/easyday/activity"
)

// Namespaces of the GPX track point extensions easyday reads. They are matched by URL, never
// by prefix: files write gpxtpx:, ns3: or a default namespace for the same thing.
const (
	nsGPX10        = "http://www.topografix.com/GPX/1/0"
	nsGPX11        = "http://www.topografix.com/GPX/1/1"
	nsTrackPointV1 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
	nsTrackPointV2 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v2"
	nsPowerV1      = "http://www.garmin.com/xmlschemas/PowerExtension/v1"
	nsClueTrust    = "http://www.cluetrust.com/XML/GPXDATA/1/0"
)

// GPX decodes a GPX 1.0 or 1.1 document into one activity: every track and track segment in
// document order, each new segment after the first recorded in Breaks. Heart rate, cadence,
// speed and power come from the Garmin TrackPointExtension (v1, v2) and the other extension
// elements real files use, or from a separate heart-rate track merged by time (mergeHRTrack).
// Points without a time are left out and counted in Notes; a point without a position (before
// the GPS fix) keeps its time and heart rate with its position NaN; points whose time steps
// back are left out (tidyTrack); a document without timed points still gives one activity
// with no samples. The document is read as the GPX version its namespace and content show,
// whatever its version attribute says (gpxVersion).
//
// gpxgo v1.5.1 does the parsing, except for the track point times: it drops sub-second
// precision and, with fractional seconds, a non-Z UTC offset too ("10:00:00.500+02:00" comes
// back as 10:00:00Z). GPX reads the raw <time> text of each point from the same token stream
// gpxgo consumes and parses it itself; likewise whether a point has a position at all, which
// gpxgo cannot tell from (0, 0).
func GPX(r io.Reader) ([]activity.Activity, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("decode gpx: %w", err)
	}
	return decodeGPX(data)
}

// decodeGPX is GPX over bytes already in memory.
func decodeGPX(data []byte) ([]activity.Activity, error) {
	if len(trimLeadingSpace(data)) == 0 {
		return nil, errors.New("decode gpx: empty document")
	}
	doc, raw, err := parseGPX(data)
	if err != nil {
		return nil, fmt.Errorf("decode gpx: %w", err)
	}
	acts := []activity.Activity{gpxActivity(doc, raw)}
	noteImpossibleSteps(acts)
	return acts, nil
}

// parseGPX runs gpxgo over data and returns, beside its document, what easyday reads from the
// same token stream itself (gpxRaw: each track point's raw <time> and whether it has a
// position, heart rate kept in a separate track), reading the tokens with the fast tokenizer
// and falling back to encoding/xml as decodeXML does.
func parseGPX(data []byte) (*gpx.GPX, *gpxRaw, error) {
	type parsed struct {
		doc *gpx.GPX
		raw *gpxRaw
	}
	p, err := decodeXML(data, func(d *xml.Decoder) (parsed, error) {
		doc, raw, err := parseGPXFrom(d, data)
		return parsed{doc, raw}, err
	})
	return p.doc, p.raw, err
}

// parseGPXFrom is parseGPX over raw, whose RawToken gives the tokens of data. gpxgo reads the
// document as the GPX version its namespace and content show (gpxVersion), not as its version
// attribute says.
func parseGPXFrom(raw *xml.Decoder, data []byte) (*gpx.GPX, *gpxRaw, error) {
	tap := &gpxTap{raw: raw}
	v := gpxVersion(data)
	doc, err := gpx.ParseDecoder(xml.NewTokenDecoder(tap), []byte(`<gpx version="`+v.read+`">`))
	if err != nil {
		// Errors found by the outer decoder (mismatched or unclosed elements) carry its line
		// count, which never advances: it reads tokens, not bytes. Put the real line in, and
		// give gpxgo's own errors (a malformed number) a line too.
		line, _ := raw.InputPos()
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, &xml.SyntaxError{Msg: se.Msg, Line: line}
		}
		return nil, nil, fmt.Errorf("line %d: %w", line, err)
	}
	tap.out.version = v
	return doc, &tap.out, nil
}

// gpxActivity builds the activity from gpxgo's document and what the tap read beside it.
func gpxActivity(doc *gpx.GPX, raw *gpxRaw) activity.Activity {
	a := activity.Activity{
		Source: activity.Source{Format: activity.FormatGPX},
		Device: strings.TrimSpace(doc.Creator),
	}
	if raw == nil {
		raw = &gpxRaw{}
	}
	total := doc.GetTrackPointsNo()
	points := raw.points
	if len(points) != total {
		a.Notes = append(a.Notes, fmt.Sprintf("could not re-read the raw times of the track "+
			"points (%d times for %d points): sub-second precision and UTC offsets may be lost",
			len(points), total))
		points = nil
	}
	a.Samples = make([]activity.Sample, 0, total)
	var (
		untimed    int
		zoneSet    bool
		zoneOf     time.Time // the first timed point's time as written, with its offset
		noPos      int
		pointIndex int
	)
	for _, trk := range doc.Tracks {
		for _, seg := range trk.Segments {
			newSegment := true
			for i := range seg.Points {
				p := &seg.Points[i]
				rp := gpxRawPoint{hasPos: true}
				if points != nil {
					rp = points[pointIndex]
				}
				pointIndex++
				t, hasOffset, ok := gpxPointTime(rp.time, p.Timestamp)
				if !ok {
					untimed++
					continue
				}
				if newSegment && len(a.Samples) > 0 {
					a.Breaks = append(a.Breaks, len(a.Samples))
				}
				newSegment = false
				if !zoneSet {
					zoneOf, a.HasUTCOffset, zoneSet = inZone(t, hasOffset), hasOffset, true
				}
				s := gpxSample(p, t.UTC())
				if !rp.hasPos {
					s.Lat, s.Lon = math.NaN(), math.NaN()
					noPos++
				}
				a.Samples = append(a.Samples, s)
			}
		}
	}
	if untimed > 0 {
		a.Notes = append(a.Notes, fmt.Sprintf("%d of %d track points have no time and were left out",
			untimed, total))
	}
	if noPos > 0 {
		a.Notes = append(a.Notes, fmt.Sprintf("%d of %d timed track points have no position (no GPS fix): they count for time and heart rate, not for distance",
			noPos, len(a.Samples)))
	}
	tidyTrack(&a)
	mergeHRTrack(&a, raw.hr)
	switch {
	case len(a.Samples) > 0:
		a.Start = a.Samples[0].Time.In(zoneOf.Location())
	case doc.Time != nil:
		a.Start = doc.Time.UTC() // no timed points: the metadata time, for the record
	default:
		if t, _, err := parseTime(raw.time); err == nil {
			a.Start = t.UTC()
		}
	}
	if len(a.Samples) == 0 {
		switch {
		case total > 0:
			a.Notes = append(a.Notes, "no timed track points")
		case routePoints(doc) > 0:
			a.Notes = append(a.Notes, fmt.Sprintf("no track points: the file holds a route of %d points, a plan rather than a recording", routePoints(doc)))
		default:
			a.Notes = append(a.Notes, "no track points")
		}
	}
	if note := raw.version.note(); note != "" {
		a.Notes = append(a.Notes, note)
	}

	for _, trk := range doc.Tracks {
		if a.Name = strings.TrimSpace(trk.Name); a.Name != "" {
			break
		}
	}
	if a.Name == "" {
		a.Name = strings.TrimSpace(doc.Name)
	}
	if a.Name == "" {
		a.Name = strings.TrimSpace(raw.name)
	}
	a.Sport, a.SubSport = gpxSport(doc, &a, raw.name)
	return a
}

func routePoints(doc *gpx.GPX) int {
	n := 0
	for _, r := range doc.Routes {
		n += len(r.Points)
	}
	return n
}

// gpxPointTime returns a point's time from its raw <time> text, falling back to what gpxgo
// parsed (whole seconds, UTC) when the text is not a time easyday can read.
func gpxPointTime(raw string, parsed time.Time) (t time.Time, hasOffset, ok bool) {
	if raw != "" {
		if t, hasOffset, err := parseTime(raw); err == nil {
			return t, hasOffset, true
		}
	}
	if !parsed.IsZero() {
		return parsed.UTC(), false, true
	}
	return time.Time{}, false, false
}

// gpxSample turns one gpxgo point into a sample at t (UTC).
func gpxSample(p *gpx.GPXPoint, t time.Time) activity.Sample {
	s := activity.NewSample(t)
	s.Lat, s.Lon = p.Latitude, p.Longitude
	if p.Elevation.NotNull() {
		s.Altitude = p.Elevation.Value()
	}
	var ext pointExtensions
	ext.read(p.Extensions.Nodes)
	s.HeartRate = ext.hr.v
	s.Cadence = ext.cad.v
	s.Speed = ext.speed.v
	s.Power = ext.power.v
	s.Distance = ext.dist.v
	return s
}

// ranked is a value found in an extension, with the rank of the element it came from; a lower
// rank wins when a point carries the same value twice (Amazfit and mapstogpx files write heart
// rate both in the Garmin extension and as a plain element).
type ranked struct {
	v    float64
	rank int
}

func (r *ranked) offer(data string, rank int) {
	if r.rank != 0 && r.rank <= rank {
		return
	}
	if v, ok := parseFloat(data); ok {
		r.v, r.rank = v, rank
	}
}

// pointExtensions collects the sensor values of one track point's <extensions>.
type pointExtensions struct {
	hr, cad, speed, power, dist ranked
}

// Ranks, best first.
const (
	rankGarmin    = 1 // Garmin TrackPointExtension v1/v2, PowerExtension
	rankClueTrust = 2 // cluetrust gpxdata (Movescount, mapstogpx)
	rankPlain     = 3 // un-namespaced or GPX-namespaced <hr>, <heartrate>, <cadence>, <power>
)

func (e *pointExtensions) read(nodes []gpx.ExtensionNode) {
	nan := math.NaN()
	e.hr.v, e.cad.v, e.speed.v, e.power.v, e.dist.v = nan, nan, nan, nan, nan
	for i := range nodes {
		n := &nodes[i]
		switch n.SpaceNameURL() {
		case nsTrackPointV1, nsTrackPointV2:
			if n.LocalName() != "TrackPointExtension" {
				continue
			}
			for j := range n.Nodes {
				c := &n.Nodes[j]
				switch c.LocalName() {
				case "hr":
					e.hr.offer(c.Data, rankGarmin)
				case "cad":
					e.cad.offer(c.Data, rankGarmin)
				case "speed": // v2 only
					e.speed.offer(c.Data, rankGarmin)
				}
			}
		case nsPowerV1:
			if n.LocalName() == "PowerInWatts" {
				e.power.offer(n.Data, rankGarmin)
			}
		case nsClueTrust:
			switch n.LocalName() {
			case "hr":
				e.hr.offer(n.Data, rankClueTrust)
			case "cadence":
				e.cad.offer(n.Data, rankClueTrust)
			case "speed":
				e.speed.offer(n.Data, rankClueTrust)
			case "distance":
				e.dist.offer(n.Data, rankClueTrust)
			}
		case "", nsGPX10, nsGPX11:
			switch n.LocalName() {
			case "hr", "heartrate":
				e.hr.offer(n.Data, rankPlain)
			case "cadence", "cad":
				e.cad.offer(n.Data, rankPlain)
			case "power":
				e.power.offer(n.Data, rankPlain)
			}
		}
	}
}

// gpxSport decides the sport: the track's <type>, else a sport named in the track or metadata
// name (or docName, a GPX 1.0 document's own name), else the median moving speed (noted in a.Notes).
func gpxSport(doc *gpx.GPX, a *activity.Activity, docName string) (activity.Sport, string) {
	for _, trk := range doc.Tracks {
		if sport, sub, ok := sportFromType(trk.Type); ok {
			return sport, sub
		}
	}
	for _, trk := range doc.Tracks {
		if sport, sub, ok := sportFromText(trk.Name); ok {
			return sport, sub
		}
	}
	for _, name := range []string{doc.Name, docName} {
		if sport, sub, ok := sportFromText(name); ok {
			return sport, sub
		}
	}
	v, ok := medianMovingSpeed(a.Samples, a.Breaks)
	if !ok {
		if len(a.Samples) > 0 {
			a.Notes = append(a.Notes, "sport unknown: the file names none and the track has no usable speed")
		}
		return activity.SportOther, ""
	}
	sport := activity.SportRunning
	switch {
	case v < 2.0:
		sport = activity.SportWalking
	case v > 6.0:
		sport = activity.SportCycling
	}
	a.Notes = append(a.Notes, fmt.Sprintf("sport %s inferred from the median moving speed, %.1f m/s: the file names none", sport, v))
	return sport, ""
}

// stravaTypes are the numeric <type> values of Strava's GPX export. 9 (Run) and 16 (Swim) are
// confirmed by real files in shared/corpus; 1, 4 and 10 are Strava's Ride, Hike and Walk.
var stravaTypes = map[string]activity.Sport{
	"1":  activity.SportCycling,
	"4":  activity.SportHiking,
	"9":  activity.SportRunning,
	"10": activity.SportWalking,
	"16": activity.SportSwimming,
}

// sportFromType reads a GPX track <type>: a Strava number or words such as "running",
// "Run", "road_biking", "TrailRun".
func sportFromType(s string) (activity.Sport, string, bool) {
	s = strings.TrimSpace(s)
	if sport, ok := stravaTypes[s]; ok {
		return sport, "", true
	}
	return sportFromText(s)
}

// sportWords maps a lower-case word to a sport; subSportWords refine it (names as FIT writes
// its sub sports).
var (
	sportWords = map[string]activity.Sport{
		"run": activity.SportRunning, "running": activity.SportRunning, "runs": activity.SportRunning,
		"jog": activity.SportRunning, "jogging": activity.SportRunning, "treadmill": activity.SportRunning,
		"ride": activity.SportCycling, "riding": activity.SportCycling, "cycling": activity.SportCycling,
		"cycle": activity.SportCycling, "bike": activity.SportCycling, "biking": activity.SportCycling,
		"bicycle": activity.SportCycling, "mtb": activity.SportCycling, "ebike": activity.SportCycling,
		"swim": activity.SportSwimming, "swimming": activity.SportSwimming,
		"walk": activity.SportWalking, "walking": activity.SportWalking,
		"hike": activity.SportHiking, "hiking": activity.SportHiking, "trek": activity.SportHiking,
		"trekking": activity.SportHiking,
	}
	subSportWords = map[string]string{
		"treadmill": "treadmill", "trail": "trail", "track": "track", "street": "street",
		"road": "road", "mountain": "mountain", "mtb": "mountain", "gravel": "gravel_cycling",
		"indoor": "indoor_cycling", "virtual": "virtual_activity", "lap": "lap_swimming",
		"pool": "lap_swimming", "open": "open_water",
	}
)

// sportFromText finds a sport named in free text ("Morning Run", "road_biking", "TrailRun",
// "Lap Swimming"): the first word that names one decides; a word next to it may name the sub
// sport (trail, treadmill, road, indoor, ...).
func sportFromText(s string) (activity.Sport, string, bool) {
	words := splitWords(s)
	for i, w := range words {
		sport, ok := sportWords[w]
		if !ok {
			continue
		}
		sub := ""
		if w == "treadmill" {
			sub = "treadmill"
		}
		for _, j := range []int{i - 1, i + 1} {
			if sub != "" || j < 0 || j >= len(words) {
				continue
			}
			if cand, ok := subSportWords[words[j]]; ok && subSportFits(sport, cand) {
				sub = cand
			}
		}
		return sport, sub, true
	}
	return "", "", false
}

func subSportFits(sport activity.Sport, sub string) bool {
	switch sub {
	case "treadmill", "trail", "track", "street":
		return sport == activity.SportRunning
	case "road", "mountain", "gravel_cycling", "indoor_cycling":
		return sport == activity.SportCycling
	case "lap_swimming", "open_water":
		return sport == activity.SportSwimming
	case "virtual_activity":
		return sport == activity.SportRunning || sport == activity.SportCycling
	}
	return false
}

// splitWords splits text into lower-case words at non-letters and at lower-to-upper case
// changes ("TrailRun" → trail, run; "road_biking" → road, biking).
func splitWords(s string) []string {
	var words []string
	start := -1
	var prev rune
	for i, r := range s {
		letter := unicode.IsLetter(r)
		if start >= 0 && (!letter || (unicode.IsUpper(r) && unicode.IsLower(prev))) {
			words = append(words, strings.ToLower(s[start:i]))
			start = -1
		}
		if letter && start < 0 {
			start = i
		}
		prev = r
	}
	if start >= 0 {
		words = append(words, strings.ToLower(s[start:]))
	}
	return words
}

// stillSpeed (m/s) is analysis.StillSpeed, below which the analysis takes the athlete to be
// standing still. The importer knows nothing of analysis, so the number is repeated here;
// TestStillSpeed keeps the two equal.
const stillSpeed = 0.5

// medianMovingSpeed is the median speed between consecutive positioned samples of the same
// segment, over the steps at stillSpeed or more.
func medianMovingSpeed(samples []activity.Sample, breaks []int) (float64, bool) {
	var speeds []float64
	b := 0
	for i := 1; i < len(samples); i++ {
		for b < len(breaks) && breaks[b] < i {
			b++
		}
		if b < len(breaks) && breaks[b] == i {
			continue // no speed across a break
		}
		p, q := samples[i-1], samples[i]
		dt := q.Time.Sub(p.Time).Seconds()
		if dt <= 0 || !p.HasPosition() || !q.HasPosition() {
			continue
		}
		if v := activity.Haversine(p.Lat, p.Lon, q.Lat, q.Lon) / dt; v >= stillSpeed {
			speeds = append(speeds, v)
		}
	}
	if len(speeds) == 0 {
		return 0, false
	}
	slices.Sort(speeds)
	n := len(speeds)
	if n%2 == 1 {
		return speeds[n/2], true
	}
	return (speeds[n/2-1] + speeds[n/2]) / 2, true
}

// parseTime reads an XML Schema dateTime as GPX and TCX files write it: RFC 3339 with or
// without fractional seconds and with Z or a numeric UTC offset, or (as some writers do) with
// no zone at all, read as UTC. hasOffset reports a numeric offset (+02:00, also +00:00): the
// file recorded the local time's offset rather than plain UTC.
func parseTime(s string) (t time.Time, hasOffset bool, err error) {
	s = strings.TrimSpace(s)
	if t, err = time.Parse(time.RFC3339Nano, s); err == nil {
		return t, !strings.HasSuffix(s, "Z"), nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, false, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("parse time %q: %w", s, err)
}

// inZone returns t in a fixed zone with its own UTC offset when hasOffset, in UTC otherwise.
func inZone(t time.Time, hasOffset bool) time.Time {
	if !hasOffset {
		return t.UTC()
	}
	_, off := t.Zone()
	return t.In(time.FixedZone("", off))
}

// parseFloat reads a decimal number, reporting false for empty, malformed, infinite or NaN
// text.
func parseFloat(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return math.NaN(), false
	}
	return v, true
}
