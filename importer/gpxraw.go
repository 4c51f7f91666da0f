// What easyday reads of a GPX document beside gpxgo, from the same tokens: each track point's
// raw time and whether it has a position (gpxTap), the version the document is written in
// (gpxVersion), and a separate heart-rate track (mergeHRTrack).

package importer

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/easyday/easyday/activity"
)

// gpxRaw is what easyday reads from a GPX document's tokens beside gpxgo.
type gpxRaw struct {
	points []gpxRawPoint // one per gpx/trk/trkseg/trkpt, in document order
	// name and time are the text of a GPX 1.0 document's own <name> and <time> (gpx/name,
	// gpx/time), which gpxgo leaves out when it reads the document as GPX 1.1.
	name, time string
	// hr holds the readings of a separate heart-rate track (SportTracks' heartRateTrack).
	hr      []hrPoint
	version gpxVersionInfo
}

// gpxRawPoint is one track point as written: its <time> text ("" without one) and whether it
// has both a latitude and a longitude attribute (gpxgo reads a missing one as 0).
type gpxRawPoint struct {
	time   string
	hasPos bool
}

// gpxTap hands the raw tokens of a document to the decoder gpxgo reads from (which checks
// nesting and resolves namespaces itself) and keeps, as they pass, the text of each
// gpx/trk/trkseg/trkpt/time element and whether the point has a position, one entry per
// trkpt. Those are exactly the elements gpxgo turns into track points, so the entries line up
// with its points. It also keeps the document's own name and time and the readings of a
// separate heart-rate track (gpxHRTrack).
type gpxTap struct {
	raw    *xml.Decoder
	path   []string // local names of the open elements
	out    gpxRaw
	inText *string // where the character data of the open element goes, or nil
}

var trkptPath = []string{"gpx", "trk", "trkseg", "trkpt"}

func (t *gpxTap) Token() (xml.Token, error) {
	tok, err := t.raw.RawToken()
	switch e := tok.(type) {
	case xml.StartElement:
		t.path = append(t.path, e.Name.Local)
		t.inText = nil
		switch {
		case len(t.path) == 4 && slices.Equal(t.path, trkptPath):
			t.out.points = append(t.out.points, gpxRawPoint{hasPos: hasLatLon(e.Attr)})
		case len(t.path) == 5 && e.Name.Local == "time" && slices.Equal(t.path[:4], trkptPath):
			p := &t.out.points[len(t.out.points)-1]
			p.time = "" // the last <time> wins, as in gpxgo
			t.inText = &p.time
		case len(t.path) == 2 && t.path[0] == "gpx" && (e.Name.Local == "name" || e.Name.Local == "time"):
			t.inText = &t.out.name
			if e.Name.Local == "time" {
				t.inText = &t.out.time
			}
			*t.inText = ""
		case len(t.path) >= 2 && e.Name.Local == "heartRate" && t.path[len(t.path)-2] == "heartRateTrack":
			if p, ok := gpxHRReading(e.Attr); ok {
				t.out.hr = append(t.out.hr, p)
			}
		}
	case xml.EndElement:
		t.inText = nil
		if len(t.path) > 0 {
			t.path = t.path[:len(t.path)-1]
		}
	case xml.CharData:
		if t.inText != nil {
			*t.inText += string(e)
		}
	}
	return tok, err
}

// hasLatLon reports whether a trkpt's attributes give both a latitude and a longitude.
func hasLatLon(attrs []xml.Attr) bool {
	var lat, lon bool
	for _, a := range attrs {
		switch a.Name.Local {
		case "lat":
			lat = strings.TrimSpace(a.Value) != ""
		case "lon":
			lon = strings.TrimSpace(a.Value) != ""
		}
	}
	return lat && lon
}

// gpxVersionInfo is the GPX version a document is read as, beside the version its attribute
// claims.
type gpxVersionInfo struct {
	attr string // the <gpx version="..."> attribute, "" when absent
	read string // "1.0" or "1.1": what gpxgo reads the document as
	why  string // what showed read, when it is not the attribute
}

// note says, when the document was read as another version than its attribute claims, why.
func (v gpxVersionInfo) note() string {
	if v.attr == "" || v.attr == v.read || v.why == "" {
		return ""
	}
	return fmt.Sprintf("the file says GPX version %q but is written as GPX %s (%s): read as GPX %s", v.attr, v.read, v.why, v.read)
}

// gpxVersion decides which GPX version a document is read as. Files say version="1.0" and
// are written as GPX 1.1 (its namespace, <extensions> holding Garmin TrackPointExtension
// heart rate), and gpxgo, which follows the attribute, then reads them with its GPX 1.0
// model, which has no extensions: their heart rate was lost. So the namespace and the content
// decide, not the attribute: the GPX 1.1 namespace, or any <extensions> element (GPX 1.0 has
// none), is read as 1.1; the GPX 1.0 namespace without extensions as 1.0; a document in
// neither namespace as its attribute says (gpxgo's own rule: 1.1 when it says nothing
// readable). A GPX 1.0 document read as 1.1 keeps its own <name> and <time> through gpxTap.
func gpxVersion(data []byte) gpxVersionInfo {
	var v gpxVersionInfo
	ns := ""
	d := newStdXMLDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok {
			ns = se.Name.Space
			for _, a := range se.Attr {
				if a.Name.Local == "version" && a.Name.Space == "" {
					v.attr = strings.TrimSpace(a.Value)
				}
			}
			break
		}
	}
	attr := "1.1"
	if strings.HasPrefix(v.attr, "1.0") {
		attr = "1.0"
	}
	switch {
	case ns == nsGPX11:
		v.read, v.why = "1.1", "its namespace is GPX 1.1"
	case bytes.Contains(data, []byte("extensions>")):
		v.read, v.why = "1.1", "it holds <extensions>, which GPX 1.0 has not"
	case ns == nsGPX10:
		v.read, v.why = "1.0", "its namespace is GPX 1.0"
	default:
		v.read = attr
	}
	return v
}

// gpxHRReading reads one reading of a separate heart-rate track, <st:heartRate time="..."
// bpm="82"/> as SportTracks writes them in a heartRateTrack.
func gpxHRReading(attrs []xml.Attr) (hrPoint, bool) {
	var p hrPoint
	p.bpm = math.NaN()
	for _, a := range attrs {
		switch a.Name.Local {
		case "time":
			if t, _, err := parseTime(a.Value); err == nil {
				p.t = t.UTC()
			}
		case "bpm":
			p.bpm, _ = parseFloat(a.Value)
		}
	}
	return p, !p.t.IsZero() && !math.IsNaN(p.bpm)
}

// mergeHRTrack puts the readings of a separate heart-rate track (SportTracks-style desktop
// tools write heart rate as a list of time-stamped readings in <extensions> rather than per
// point) onto the track by time, as the FIT importer merges a strap's stored heart rate
// (mergeHR): each point takes the mean of the readings since the point before it, or the
// heart rate of the point before for up to 5 s after the last reading. Only a track without a
// heart rate of its own takes them; a file with no timed track points (a treadmill run kept
// as heart rate only) gets one sample per reading. a.Samples must be sorted by time.
func mergeHRTrack(a *activity.Activity, hr []hrPoint) {
	if len(hr) == 0 {
		return
	}
	hr = slices.Clone(hr)
	sort.SliceStable(hr, func(i, j int) bool { return hr[i].t.Before(hr[j].t) })
	switch {
	case len(a.Samples) == 0:
		for _, p := range hr {
			s := activity.NewSample(p.t)
			s.HeartRate = p.bpm
			a.Samples = append(a.Samples, s)
		}
		a.Notes = append(a.Notes, fmt.Sprintf("no timed track points: the %d readings of its separate heart-rate track are the samples", len(hr)))
	case a.HasHeartRate():
		a.Notes = append(a.Notes, fmt.Sprintf("a separate heart-rate track of %d readings left aside: the track points carry their own heart rate", len(hr)))
	default:
		// readings up to 5 s before the first point count for it, as within the track
		n, used := mergeHR(a.Samples, hr, a.Samples[0].Time.Add(-5*time.Second))
		a.Notes = append(a.Notes, fmt.Sprintf("heart rate of %d track points taken from %d readings of a separate heart-rate track", n, used))
	}
}
