package importer

import (
	"bytes"
	"compress/gzip"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/tkrajina/gpxgo/gpx"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/corpus"
)

// testSample builds a sample at an RFC 3339 time with the given position, altitude, heart rate and
// cadence; everything else is missing.
func testSample(t *testing.T, ts string, lat, lon, ele, hr, cad float64) activity.Sample {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, ts)
	if err != nil {
		t.Fatal(err)
	}
	s := activity.NewSample(tm.UTC())
	s.Lat, s.Lon, s.Altitude, s.HeartRate, s.Cadence = lat, lon, ele, hr, cad
	return s
}

// gpxDoc wraps track segments in a GPX 1.1 document declaring the usual namespaces.
func gpxDoc(body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="Test Watch" xmlns="http://www.topografix.com/GPX/1/1"
 xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
 xmlns:tpx2="http://www.garmin.com/xmlschemas/TrackPointExtension/v2"
 xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
 xmlns:gpxdata="http://www.cluetrust.com/XML/GPXDATA/1/0">
` + body + `
</gpx>`
}

func decodeOneGPX(t *testing.T, doc string) activity.Activity {
	t.Helper()
	acts, err := GPX(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("GPX: %v", err)
	}
	if len(acts) != 1 {
		t.Fatalf("GPX gave %d activities, want 1", len(acts))
	}
	return acts[0]
}

var cmpActivity = []cmp.Option{cmpopts.EquateNaNs(), cmpopts.EquateEmpty()}

func TestGPX(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name    string
		doc     string
		samples []activity.Sample
		breaks  []int
		sport   activity.Sport
		sub     string
		aname   string
		notes   []string
	}{
		{
			name: "TrackPointExtension v1 with gpxtpx prefix",
			doc: gpxDoc(`<trk><name>Morning Run</name><trkseg>
<trkpt lat="45.1" lon="5.7"><ele>210.5</ele><time>2024-05-01T10:00:00Z</time>
 <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>120</gpxtpx:hr><gpxtpx:cad>85</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>
<trkpt lat="45.1001" lon="5.7"><ele>211</ele><time>2024-05-01T10:00:01Z</time>
 <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>121</gpxtpx:hr><gpxtpx:cad>86</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>
</trkseg></trk>`),
			samples: []activity.Sample{
				testSample(t, "2024-05-01T10:00:00Z", 45.1, 5.7, 210.5, 120, 85),
				testSample(t, "2024-05-01T10:00:01Z", 45.1001, 5.7, 211, 121, 86),
			},
			sport: activity.SportRunning, aname: "Morning Run",
		},
		{
			name: "TrackPointExtension v2 in a default namespace",
			doc: gpxDoc(`<trk><type>cycling</type><trkseg>
<trkpt lat="1" lon="2"><time>2024-05-01T10:00:00Z</time><extensions>
 <TrackPointExtension xmlns="http://www.garmin.com/xmlschemas/TrackPointExtension/v2"><hr>140</hr><cad>90</cad></TrackPointExtension>
</extensions></trkpt></trkseg></trk>`),
			samples: []activity.Sample{testSample(t, "2024-05-01T10:00:00Z", 1, 2, nan, 140, 90)},
			sport:   activity.SportCycling,
		},
		{
			name: "TrackPointExtension v2 with a prefix, ns3 prefix for v1",
			doc: gpxDoc(`<trk><type>Run</type><trkseg>
<trkpt lat="1" lon="2"><time>2024-05-01T10:00:00Z</time><extensions><tpx2:TrackPointExtension><tpx2:hr>141</tpx2:hr></tpx2:TrackPointExtension></extensions></trkpt>
<trkpt lat="1" lon="2"><time>2024-05-01T10:00:01Z</time><extensions><ns3:TrackPointExtension><ns3:hr>142</ns3:hr><ns3:cad>80</ns3:cad></ns3:TrackPointExtension></extensions></trkpt>
</trkseg></trk>`),
			samples: []activity.Sample{
				testSample(t, "2024-05-01T10:00:00Z", 1, 2, nan, 141, nan),
				testSample(t, "2024-05-01T10:00:01Z", 1, 2, nan, 142, 80),
			},
			sport: activity.SportRunning,
		},
		{
			name: "cluetrust gpxdata and plain elements (Movescount, Amazfit, mapstogpx)",
			doc: gpxDoc(`<trk><type>9</type><trkseg>
<trkpt lat="1" lon="2"><time>2024-05-01T10:00:00Z</time><extensions><gpxdata:hr>101</gpxdata:hr><gpxdata:cadence>81</gpxdata:cadence></extensions></trkpt>
<trkpt lat="1" lon="2"><time>2024-05-01T10:00:01Z</time><extensions><heartrate>102</heartrate><cadence>82</cadence></extensions></trkpt>
<trkpt lat="1" lon="2"><time>2024-05-01T10:00:02Z</time><extensions><hr>103</hr></extensions></trkpt>
<trkpt lat="1" lon="2"><time>2024-05-01T10:00:03Z</time><extensions><heartrate>99</heartrate><gpxtpx:TrackPointExtension><gpxtpx:hr>104</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>
</trkseg></trk>`),
			samples: []activity.Sample{
				testSample(t, "2024-05-01T10:00:00Z", 1, 2, nan, 101, 81),
				testSample(t, "2024-05-01T10:00:01Z", 1, 2, nan, 102, 82),
				testSample(t, "2024-05-01T10:00:02Z", 1, 2, nan, 103, nan),
				testSample(t, "2024-05-01T10:00:03Z", 1, 2, nan, 104, nan), // Garmin's wins
			},
			sport: activity.SportRunning,
		},
		{
			name: "a TrackPointExtension prefix bound to another namespace is not read",
			doc: `<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://example.com/other">
<trk><type>walking</type><trkseg><trkpt lat="1" lon="2"><time>2024-05-01T10:00:00Z</time>
<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>120</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt></trkseg></trk></gpx>`,
			samples: []activity.Sample{testSample(t, "2024-05-01T10:00:00Z", 1, 2, nan, nan, nan)},
			sport:   activity.SportWalking,
		},
		{
			name: "segments and tracks begin breaks",
			doc: gpxDoc(`<trk><name>Hike up</name><type>hiking</type>
<trkseg><trkpt lat="1" lon="2"><time>2024-05-01T10:00:00Z</time></trkpt><trkpt lat="1" lon="2"><time>2024-05-01T10:00:01Z</time></trkpt></trkseg>
<trkseg><trkpt lat="1" lon="2"><time>2024-05-01T10:05:00Z</time></trkpt></trkseg>
<trkseg></trkseg>
</trk><trk><name>Hike down</name><trkseg><trkpt lat="1" lon="2"><time>2024-05-01T11:00:00Z</time></trkpt></trkseg></trk>`),
			samples: []activity.Sample{
				testSample(t, "2024-05-01T10:00:00Z", 1, 2, nan, nan, nan),
				testSample(t, "2024-05-01T10:00:01Z", 1, 2, nan, nan, nan),
				testSample(t, "2024-05-01T10:05:00Z", 1, 2, nan, nan, nan),
				testSample(t, "2024-05-01T11:00:00Z", 1, 2, nan, nan, nan),
			},
			breaks: []int{2, 3},
			sport:  activity.SportHiking, aname: "Hike up",
		},
		{
			name: "untimed points are left out, and an untimed first segment begins no break",
			doc: gpxDoc(`<trk><type>trail_running</type>
<trkseg><trkpt lat="1" lon="2"></trkpt></trkseg>
<trkseg><trkpt lat="1" lon="2"><time>2024-05-01T10:00:00Z</time></trkpt><trkpt lat="1" lon="2"/><trkpt lat="1" lon="2"><time>2024-05-01T10:00:02Z</time></trkpt></trkseg>
</trk>`),
			samples: []activity.Sample{
				testSample(t, "2024-05-01T10:00:00Z", 1, 2, nan, nan, nan),
				testSample(t, "2024-05-01T10:00:02Z", 1, 2, nan, nan, nan),
			},
			sport: activity.SportRunning, sub: "trail",
			notes: []string{"2 of 4 track points have no time and were left out"},
		},
		{
			name:  "no timed points: one activity, no samples, a note",
			doc:   gpxDoc(`<metadata><name>Planned ride</name></metadata><trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk>`),
			sport: activity.SportCycling, aname: "Planned ride",
			notes: []string{"1 of 1 track points have no time and were left out", "no timed track points"},
		},
		{
			name:  "a route is not a track",
			doc:   gpxDoc(`<rte><rtept lat="1" lon="2"/><rtept lat="1" lon="3"/></rte>`),
			sport: activity.SportOther,
			notes: []string{"no track points: the file holds a route of 2 points, a plan rather than a recording"},
		},
		{
			name: "GPX 1.0",
			doc: `<?xml version="1.0"?><gpx version="1.0" creator="Test Watch" xmlns="http://www.topografix.com/GPX/1/0">
<trk><name>Evening Walk</name><trkseg><trkpt lat="1" lon="2"><ele>5</ele><time>2024-05-01T10:00:00Z</time></trkpt></trkseg></trk></gpx>`,
			samples: []activity.Sample{testSample(t, "2024-05-01T10:00:00Z", 1, 2, 5, nan, nan)},
			sport:   activity.SportWalking, aname: "Evening Walk",
		},
		{
			name: "sport inferred from the median moving speed",
			// 0.0001° of latitude is 11.1 m: 11.1 m/s, then a stop that is not moving.
			doc: gpxDoc(`<trk><trkseg>
<trkpt lat="1.0000" lon="2"><time>2024-05-01T10:00:00Z</time></trkpt>
<trkpt lat="1.0001" lon="2"><time>2024-05-01T10:00:01Z</time></trkpt>
<trkpt lat="1.0002" lon="2"><time>2024-05-01T10:00:02Z</time></trkpt>
<trkpt lat="1.0002" lon="2"><time>2024-05-01T10:00:03Z</time></trkpt>
</trkseg></trk>`),
			samples: []activity.Sample{
				testSample(t, "2024-05-01T10:00:00Z", 1.0000, 2, nan, nan, nan),
				testSample(t, "2024-05-01T10:00:01Z", 1.0001, 2, nan, nan, nan),
				testSample(t, "2024-05-01T10:00:02Z", 1.0002, 2, nan, nan, nan),
				testSample(t, "2024-05-01T10:00:03Z", 1.0002, 2, nan, nan, nan),
			},
			sport: activity.SportCycling,
			notes: []string{"sport cycling inferred from the median moving speed, 11.1 m/s: the file names none"},
		},
		{
			name:    "no type, no name, no speed: other",
			doc:     gpxDoc(`<trk><trkseg><trkpt lat="1" lon="2"><time>2024-05-01T10:00:00Z</time></trkpt></trkseg></trk>`),
			samples: []activity.Sample{testSample(t, "2024-05-01T10:00:00Z", 1, 2, nan, nan, nan)},
			sport:   activity.SportOther,
			notes:   []string{"sport unknown: the file names none and the track has no usable speed"},
		},
		{
			name:    "Strava swim type, name from metadata when the track has none",
			doc:     gpxDoc(`<metadata><name>Lake</name></metadata><trk><type>16</type><trkseg><trkpt lat="1" lon="2"><time>2024-05-01T10:00:00Z</time></trkpt></trkseg></trk>`),
			samples: []activity.Sample{testSample(t, "2024-05-01T10:00:00Z", 1, 2, nan, nan, nan)},
			sport:   activity.SportSwimming, aname: "Lake",
		},
		{
			name: "an unbound namespace prefix is tolerated (sportslib__6037744996.gpx)",
			doc: "\ufeff\n <?xml version=\"1.0\"?><gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>9</type><trkseg>" +
				`<trkpt lat="1" lon="2"><time>2024-05-01T10:00:00Z</time><extensions><gpxdata:cadence>43</gpxdata:cadence><cadence>44</cadence></extensions></trkpt>` +
				"</trkseg></trk></gpx>",
			samples: []activity.Sample{testSample(t, "2024-05-01T10:00:00Z", 1, 2, nan, nan, 44)},
			sport:   activity.SportRunning,
		},
		{
			name: "ISO-8859-1 document",
			doc: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\">" +
				"<trk><name>Caf\xe9 run</name><trkseg><trkpt lat=\"1\" lon=\"2\"><time>2024-05-01T10:00:00Z</time></trkpt></trkseg></trk></gpx>",
			samples: []activity.Sample{testSample(t, "2024-05-01T10:00:00Z", 1, 2, nan, nan, nan)},
			sport:   activity.SportRunning, aname: "Café run",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := decodeOneGPX(t, tt.doc)
			if a.Source.Format != activity.FormatGPX || a.Source.Session != 0 || a.Source.Path != "" {
				t.Errorf("Source = %+v, want format gpx, session 0, no path", a.Source)
			}
			if diff := cmp.Diff(a.Samples, tt.samples, cmpActivity...); diff != "" {
				t.Errorf("Samples (-got +want):\n%s", diff)
			}
			if diff := cmp.Diff(a.Breaks, tt.breaks, cmpActivity...); diff != "" {
				t.Errorf("Breaks (-got +want):\n%s", diff)
			}
			if a.Sport != tt.sport || a.SubSport != tt.sub {
				t.Errorf("Sport = %q/%q, want %q/%q", a.Sport, a.SubSport, tt.sport, tt.sub)
			}
			if a.Name != tt.aname {
				t.Errorf("Name = %q, want %q", a.Name, tt.aname)
			}
			if diff := cmp.Diff(a.Notes, tt.notes, cmpActivity...); diff != "" {
				t.Errorf("Notes (-got +want):\n%s", diff)
			}
			if a.Summary != nil || len(a.Laps) != 0 {
				t.Errorf("Summary = %v, Laps = %v; want none for GPX", a.Summary, a.Laps)
			}
			if len(tt.samples) > 0 && !a.Start.Equal(tt.samples[0].Time) {
				t.Errorf("Start = %v, want the first sample's time %v", a.Start, tt.samples[0].Time)
			}
		})
	}
}

// TestStillSpeed: the speed below which GPX sport inference leaves a step out is the
// analysis's own standing-still threshold.
func TestStillSpeed(t *testing.T) {
	if stillSpeed != analysis.StillSpeed {
		t.Errorf("importer stillSpeed = %v m/s; want analysis.StillSpeed, %v m/s", stillSpeed, analysis.StillSpeed)
	}
	if maxPlausibleSpeed != analysis.MaxPlausibleSpeed {
		t.Errorf("importer maxPlausibleSpeed = %v m/s; want analysis.MaxPlausibleSpeed, %v m/s", maxPlausibleSpeed, analysis.MaxPlausibleSpeed)
	}
}

func TestGPXDevice(t *testing.T) {
	a := decodeOneGPX(t, gpxDoc(`<trk><trkseg/></trk>`))
	if a.Device != "Test Watch" {
		t.Errorf("Device = %q, want %q", a.Device, "Test Watch")
	}
}

// TestGPXTimes checks the workaround for gpxgo's time parsing: sub-second precision and the
// file's UTC offset survive.
func TestGPXTimes(t *testing.T) {
	tests := []struct {
		name      string
		times     []string
		wantUTC   []string // sample times
		wantStart string   // RFC 3339, in the zone the activity should carry
		hasOffset bool
	}{
		{
			name:      "fractional seconds with a UTC offset",
			times:     []string{"2024-05-01T10:00:00.500+02:00", "2024-05-01T10:00:01.250+02:00"},
			wantUTC:   []string{"2024-05-01T08:00:00.5Z", "2024-05-01T08:00:01.25Z"},
			wantStart: "2024-05-01T10:00:00.5+02:00",
			hasOffset: true,
		},
		{
			name:      "whole seconds with a negative offset",
			times:     []string{"2024-05-01T10:00:00-04:30"},
			wantUTC:   []string{"2024-05-01T14:30:00Z"},
			wantStart: "2024-05-01T10:00:00-04:30",
			hasOffset: true,
		},
		{
			name:      "Z with milliseconds",
			times:     []string{"2024-05-01T10:00:00.123Z", "2024-05-01T10:00:00.999Z"},
			wantUTC:   []string{"2024-05-01T10:00:00.123Z", "2024-05-01T10:00:00.999Z"},
			wantStart: "2024-05-01T10:00:00.123Z",
		},
		{
			name:      "an explicit +00:00 is a recorded offset",
			times:     []string{"2024-01-01T10:00:00+00:00"},
			wantUTC:   []string{"2024-01-01T10:00:00Z"},
			wantStart: "2024-01-01T10:00:00Z", // RFC 3339 writes a zero offset as Z
			hasOffset: true,
		},
		{
			name:      "no zone at all is read as UTC",
			times:     []string{" 2024-05-01T10:00:00.25 "},
			wantUTC:   []string{"2024-05-01T10:00:00.25Z"},
			wantStart: "2024-05-01T10:00:00.25Z",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body strings.Builder
			body.WriteString("<trk><trkseg>")
			for _, ts := range tt.times {
				body.WriteString(`<trkpt lat="1" lon="2"><time>` + ts + `</time></trkpt>`)
			}
			body.WriteString("</trkseg></trk>")
			a := decodeOneGPX(t, gpxDoc(body.String()))
			var got []string
			for _, s := range a.Samples {
				if s.Time.Location() != time.UTC {
					t.Errorf("sample time %v is not in UTC", s.Time)
				}
				got = append(got, s.Time.Format(time.RFC3339Nano))
			}
			if diff := cmp.Diff(got, tt.wantUTC); diff != "" {
				t.Errorf("sample times (-got +want):\n%s", diff)
			}
			if s := a.Start.Format(time.RFC3339Nano); s != tt.wantStart {
				t.Errorf("Start = %s, want %s", s, tt.wantStart)
			}
			if a.HasUTCOffset != tt.hasOffset {
				t.Errorf("HasUTCOffset = %v, want %v", a.HasUTCOffset, tt.hasOffset)
			}
			if !tt.hasOffset && a.Start.Location() != time.UTC {
				t.Errorf("Start %v is not in UTC", a.Start)
			}
		})
	}
}

// TestGPXGoLosesTimePrecision shows why GPX re-reads point times: gpxgo v1.5.1 alone cuts the
// fraction and, with it, the UTC offset. When this test fails, gpxgo has been fixed and
// gpxTap's re-reading of the times can go.
func TestGPXGoLosesTimePrecision(t *testing.T) {
	doc := gpxDoc(`<trk><trkseg><trkpt lat="1" lon="2"><time>2024-05-01T10:00:00.500+02:00</time></trkpt></trkseg></trk>`)
	g, err := gpx.ParseString(doc)
	if err != nil {
		t.Fatal(err)
	}
	got := g.Tracks[0].Segments[0].Points[0].Timestamp
	right := time.Date(2024, 5, 1, 8, 0, 0, 500e6, time.UTC)
	wrong := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	switch {
	case got.Equal(right):
		t.Errorf("gpxgo now reads %s right (%v): the time workaround in gpx.go is no longer needed", "10:00:00.500+02:00", got)
	case !got.Equal(wrong):
		t.Errorf("gpxgo reads 10:00:00.500+02:00 as %v; the known bug gives %v", got, wrong)
	}
	if a := decodeOneGPX(t, doc); !a.Samples[0].Time.Equal(right) {
		t.Errorf("GPX reads it as %v, want %v", a.Samples[0].Time, right)
	}
}

func TestGPXErrors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want string // in the error text
	}{
		{"empty", "", "empty document"},
		{"white space only", " \n ", "empty document"},
		{"byte order mark only", "\ufeff", "empty document"},
		{"byte order marks and white space", "\ufeff \r\n\ufeff\t", "empty document"},
		{"not XML", "hello, world", "EOF"},
		{"not GPX", `<?xml version="1.0"?><TrainingCenterDatabase/>`, "expected element type <gpx> but have <TrainingCenterDatabase>"},
		{"mismatched tags, with the right line", "<gpx version=\"1.1\">\n<trk>\n<trkseg>\n</trk>\n</gpx>", "line 4: element <trkseg> closed by </trk>"},
		{"cut short", "<gpx version=\"1.1\">\n<trk>\n<trkseg>\n<trkpt lat=\"1\" lon=\"2\">", "unexpected EOF"},
		{"bad attribute", "<gpx version=\"1.1\"><trk><trkseg>\n<trkpt lat=\"x\" lon=\"2\"/></trkseg></trk></gpx>", `line 2: strconv.ParseFloat: parsing "x": invalid syntax`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acts, err := GPX(strings.NewReader(tt.doc))
			if err == nil {
				t.Fatalf("GPX gave %d activities and no error, want an error containing %q", len(acts), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "decode gpx: ") {
				t.Errorf("error = %q, want %q in it, after \"decode gpx: \"", err, tt.want)
			}
		})
	}
}

// readSharedCorpusFile reads a corpus file, gunzipping .gz files.
func readSharedCorpusFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	return data
}

// corpusSummary is one row of shared/corpus/SUMMARIES.tsv.
type corpusSummary struct {
	method            string
	session           int
	timerS, distanceM float64 // NaN when the row leaves them empty
}

// loadSummaries reads the corpus's SUMMARIES.tsv, keyed by file name.
func loadSummaries(t testing.TB) map[string][]corpusSummary {
	t.Helper()
	rows := map[string][]corpusSummary{}
	for _, r := range corpus.Summaries(t) {
		rows[r.File] = append(rows[r.File], corpusSummary{method: r.Method, session: r.Session,
			timerS: r.TimerS, distanceM: r.DistanceM})
	}
	return rows
}

// trackDistance sums the great-circle distance between consecutive positioned samples, not
// across breaks.
func trackDistance(a activity.Activity) float64 {
	d := 0.0
	brk := map[int]bool{}
	for _, b := range a.Breaks {
		brk[b] = true
	}
	for i := 1; i < len(a.Samples); i++ {
		p, q := a.Samples[i-1], a.Samples[i]
		if brk[i] || !p.HasPosition() || !q.HasPosition() {
			continue
		}
		d += activity.Haversine(p.Lat, p.Lon, q.Lat, q.Lon)
	}
	return d
}

func TestGPXCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	summaries := loadSummaries(t)
	files, err := filepath.Glob(filepath.Join(dir, "gpx", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no files in %s", filepath.Join(dir, "gpx"))
	}
	t.Logf("%-40s %7s %6s %10s %3s %-8s %s", "file", "samples", "breaks", "distance_m", "hr", "sport", "notes")
	compared := 0 // SUMMARIES.tsv rows checked
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			acts, err := GPX(bytes.NewReader(readSharedCorpusFile(t, path)))
			if err != nil {
				t.Fatalf("GPX: %v", err)
			}
			if len(acts) != 1 {
				t.Fatalf("GPX gave %d activities, want 1", len(acts))
			}
			a := acts[0]
			dist := trackDistance(a)
			t.Logf("%-40s %7d %6d %10.1f %3v %-8s %q", name, len(a.Samples), len(a.Breaks), dist, a.HasHeartRate(), a.Sport, a.Notes)
			for i := range a.Samples {
				if a.Samples[i].Time.Location() != time.UTC {
					t.Fatalf("sample %d time %v is not UTC", i, a.Samples[i].Time)
				}
			}
			for _, row := range summaries[name] {
				if !strings.HasPrefix(row.method, "gpx trackpoints") || math.IsNaN(row.distanceM) {
					continue
				}
				compared++
				if rel := math.Abs(dist-row.distanceM) / row.distanceM; rel > 0.01 {
					t.Errorf("distance = %.1f m, want %.1f m (SUMMARIES.tsv) within 1%%; off by %.2f%%", dist, row.distanceM, 100*rel)
				}
			}
		})
	}
	want := 0
	for _, rows := range summaries {
		for _, row := range rows {
			if strings.HasPrefix(row.method, "gpx trackpoints") && !math.IsNaN(row.distanceM) {
				want++
			}
		}
	}
	if want == 0 || compared != want {
		t.Errorf("compared %d distances with SUMMARIES.tsv; want all of its %d GPX rows with a distance, and some", compared, want)
	}
}

// TestGPXTCXSameRun decodes one run exported as GPX and as TCX (the FIT export is the FIT
// importer's business): the start agrees within a few seconds, and the log shows what each
// export holds.
func TestGPXTCXSameRun(t *testing.T) {
	dir := corpus.Dir(t)
	gpxActs, err := GPX(bytes.NewReader(readSharedCorpusFile(t, filepath.Join(dir, "gpx", "sportslib__6782987395.gpx"))))
	if err != nil {
		t.Fatalf("GPX: %v", err)
	}
	tcxActs, err := TCX(bytes.NewReader(readSharedCorpusFile(t, filepath.Join(dir, "tcx", "sportslib__6782987395.tcx"))))
	if err != nil {
		t.Fatalf("TCX: %v", err)
	}
	if len(gpxActs) != 1 || len(tcxActs) != 1 {
		t.Fatalf("got %d GPX and %d TCX activities, want 1 and 1", len(gpxActs), len(tcxActs))
	}
	g, x := gpxActs[0], tcxActs[0]
	if d := g.Start.Sub(x.Start); d.Abs() > 5*time.Second {
		t.Errorf("GPX start %v and TCX start %v differ by %v, want at most 5s", g.Start, x.Start, d)
	}
	if g.Sport != x.Sport {
		t.Errorf("GPX sport %q, TCX sport %q, want the same", g.Sport, x.Sport)
	}
	tcxDist := math.NaN()
	for i := len(x.Samples) - 1; i >= 0; i-- {
		if !math.IsNaN(x.Samples[i].Distance) {
			tcxDist = x.Samples[i].Distance
			break
		}
	}
	if math.IsNaN(tcxDist) {
		t.Fatal("no TCX sample has a distance; want the last DistanceMeters to compare with")
	}
	t.Logf("GPX: start %s, %d samples, %.1f m (haversine), %v, HR %v", g.Start.Format(time.RFC3339), len(g.Samples), trackDistance(g), g.End().Sub(g.Start), g.HasHeartRate())
	t.Logf("TCX: start %s, %d samples, %.1f m (last DistanceMeters), %.1f m (haversine), %v, HR %v", x.Start.Format(time.RFC3339), len(x.Samples), tcxDist, trackDistance(x), x.End().Sub(x.Start), x.HasHeartRate())
	if rel := math.Abs(trackDistance(g)-tcxDist) / tcxDist; rel > 0.02 {
		t.Errorf("GPX distance %.1f m and TCX distance %.1f m differ by %.1f%%, want under 2%%", trackDistance(g), tcxDist, 100*rel)
	}
}
