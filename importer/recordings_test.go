package importer

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// Tests of the classes of real recordings issue 17 names: points without a position, GPX
// whose version attribute disagrees with its content, heart rate in a separate track, time
// that steps back. Every input is built here.

// recPoint is one point of a test track: seconds after recT0, metres north of recLat0 (NaN:
// no position), heart rate (NaN: none).
type recPoint struct {
	s, north, hr float64
}

var recT0 = time.Date(2026, 3, 2, 7, 0, 0, 0, time.UTC)

const recLat0, recLon0 = 48.0, 11.0

// recLat is the latitude north metres north of recLat0.
func recLat(north float64) float64 { return recLat0 + north/111194.93 }

// runPoints is a steady run: n points 1 s apart at 3 m/s, heart rate 140 + i%10.
func runPoints(n int) []recPoint {
	ps := make([]recPoint, n)
	for i := range ps {
		ps[i] = recPoint{s: float64(i), north: 3 * float64(i), hr: 140 + float64(i%10)}
	}
	return ps
}

func recTime(s float64) string {
	return recT0.Add(time.Duration(s * float64(time.Second))).Format(time.RFC3339Nano)
}

// gpxTrack writes points as a GPX 1.1 track; hr per point in the Garmin extension unless
// noHR; a point with NaN north has no lat/lon attributes, or lat="0" lon="0" with zeroes.
func gpxTrack(ps []recPoint, noHR, zeroes bool) string {
	var b strings.Builder
	b.WriteString(`<trk><name>Morning Run</name><type>running</type><trkseg>`)
	for _, p := range ps {
		switch {
		case !math.IsNaN(p.north):
			fmt.Fprintf(&b, `<trkpt lat="%.7f" lon="%.7f">`, recLat(p.north), recLon0)
		case zeroes:
			b.WriteString(`<trkpt lat="0" lon="0">`)
		default:
			b.WriteString(`<trkpt>`)
		}
		fmt.Fprintf(&b, `<ele>500</ele><time>%s</time>`, recTime(p.s))
		if !noHR && !math.IsNaN(p.hr) {
			fmt.Fprintf(&b, `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>%.0f</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>`, p.hr)
		}
		b.WriteString("</trkpt>\\n")
	}
	b.WriteString(`</trkseg></trk>`)
	return b.String()
}

// tcxTrack writes points as a one-lap TCX running activity; a point with NaN north has no
// <Position>, or a 0,0 one with zeroes.
func tcxTrack(ps []recPoint, zeroes bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<Activity Sport="Running"><Id>%s</Id><Lap StartTime="%s"><TotalTimeSeconds>%.0f</TotalTimeSeconds><Track>`,
		recTime(0), recTime(0), ps[len(ps)-1].s)
	for _, p := range ps {
		fmt.Fprintf(&b, `<Trackpoint><Time>%s</Time>`, recTime(p.s))
		switch {
		case !math.IsNaN(p.north):
			fmt.Fprintf(&b, `<Position><LatitudeDegrees>%.7f</LatitudeDegrees><LongitudeDegrees>%.7f</LongitudeDegrees></Position>`, recLat(p.north), recLon0)
		case zeroes:
			b.WriteString(`<Position><LatitudeDegrees>0</LatitudeDegrees><LongitudeDegrees>0</LongitudeDegrees></Position>`)
		}
		fmt.Fprintf(&b, `<AltitudeMeters>500</AltitudeMeters><HeartRateBpm><Value>%.0f</Value></HeartRateBpm></Trackpoint>`, p.hr)
		b.WriteString("\\n")
	}
	b.WriteString(`</Track></Lap></Activity>`)
	return b.String()
}

func decodeOneTCX(t *testing.T, doc string) activity.Activity {
	t.Helper()
	acts, err := TCX(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("TCX: %v", err)
	}
	if len(acts) != 1 {
		t.Fatalf("TCX gave %d activities, want 1", len(acts))
	}
	return acts[0]
}

func hasNote(a activity.Activity, part string) bool {
	for _, n := range a.Notes {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// TestPointsWithoutPosition: the first points of a run, before the GPS fix, carry a time,
// elevation and heart rate but no position (no lat/lon, or 0,0 as some apps write). They
// count for elapsed time and heart rate and never for distance: before, one such point read
// as (0, 0) put thousands of kilometres into the run.
func TestPointsWithoutPosition(t *testing.T) {
	const n, noFix = 600, 20
	clean := runPoints(n)
	ps := runPoints(n)
	for i := range noFix {
		ps[i].north = math.NaN()
	}
	// the run proper starts at point noFix: distance is what lies between the fixes
	wantDist := 3.0 * (n - 1 - noFix)
	cleanSum := analysis.Summarize(ptr(decodeOneGPX(t, gpxDoc(gpxTrack(clean, false, false)))))

	for _, tc := range []struct {
		name   string
		decode func() activity.Activity
	}{
		{"gpx without lat/lon", func() activity.Activity { return decodeOneGPX(t, gpxDoc(gpxTrack(ps, false, false))) }},
		{"gpx at 0,0", func() activity.Activity { return decodeOneGPX(t, gpxDoc(gpxTrack(ps, false, true))) }},
		{"tcx without Position", func() activity.Activity { return decodeOneTCX(t, tcxDoc(tcxTrack(ps, false))) }},
		{"tcx at 0,0", func() activity.Activity { return decodeOneTCX(t, tcxDoc(tcxTrack(ps, true))) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.decode()
			if len(a.Samples) != n {
				t.Fatalf("%d samples, want %d: the points without position must stay", len(a.Samples), n)
			}
			for i := range noFix {
				if s := a.Samples[i]; s.HasPosition() || math.IsNaN(s.HeartRate) || math.IsNaN(s.Altitude) {
					t.Fatalf("sample %d = %+v; want no position, with heart rate and altitude", i, s)
				}
			}
			sum := analysis.Summarize(&a)
			if !nearlyEqual(sum.DistanceM, wantDist, 1) {
				t.Errorf("distance %.1f m, want %.1f m (GPS distance between the fixes only)", sum.DistanceM, wantDist)
			}
			if sum.ElapsedS != float64(n-1) {
				t.Errorf("elapsed %.0f s, want %d s: points without position count for time", sum.ElapsedS, n-1)
			}
			if !nearlyEqual(sum.AvgHR, cleanSum.AvgHR, 0.05) {
				t.Errorf("average HR %.2f, want %.2f as in the run with a fix throughout", sum.AvgHR, cleanSum.AvgHR)
			}
			if hasNote(a, "physically impossible") {
				t.Errorf("notes %q: nothing impossible is left", a.Notes)
			}
			if !a.Start.Equal(recT0) {
				t.Errorf("start %v, want %v", a.Start, recT0)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestImpossibleGPSNote: a track with a step faster than any human (here one point thrown
// 600 km off, whatever the cause) gets a note in every format.
func TestImpossibleGPSNote(t *testing.T) {
	ps := runPoints(120)
	ps[60].north = 600e3
	for _, a := range []activity.Activity{
		decodeOneGPX(t, gpxDoc(gpxTrack(ps, false, false))),
		decodeOneTCX(t, tcxDoc(tcxTrack(ps, false))),
	} {
		if !hasNote(a, "GPS track physically impossible: 2 step(s) faster than 50 m/s (the largest 599.8 km in 1 s)") {
			t.Errorf("%s notes %q; want the impossible steps noted", a.Source.Format, a.Notes)
		}
	}
	if a := decodeOneGPX(t, gpxDoc(gpxTrack(runPoints(120), false, false))); hasNote(a, "impossible") {
		t.Errorf("a plain run noted %q", a.Notes)
	}
}

// TestGPXVersionMismatch: files that say version="1.0" but are GPX 1.1 (namespace,
// <extensions> with TrackPointExtension heart rate) keep their heart rate; a true GPX 1.0
// file keeps its own name and time, also when it carries extensions.
func TestGPXVersionMismatch(t *testing.T) {
	track := gpxTrack(runPoints(60), false, false)
	const tpx = ` xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"`
	tests := []struct {
		name, doc string
		wantHR    bool
		wantName  string
		note      string
	}{
		{
			name:     "says 1.0, GPX 1.1 namespace",
			doc:      `<gpx version="1.0" creator="x" xmlns="http://www.topografix.com/GPX/1/1"` + tpx + `>` + track + `</gpx>`,
			wantHR:   true,
			wantName: "Morning Run",
			note:     `the file says GPX version "1.0" but is written as GPX 1.1 (its namespace is GPX 1.1)`,
		},
		{
			name:     "says 1.0, GPX 1.0 namespace, extensions",
			doc:      `<gpx version="1.0" creator="x" xmlns="http://www.topografix.com/GPX/1/0"` + tpx + `><name>Doc name</name><time>2026-03-02T07:00:00Z</time>` + track + `</gpx>`,
			wantHR:   true,
			wantName: "Morning Run",
			note:     `(it holds <extensions>, which GPX 1.0 has not)`,
		},
		{
			name:     "says 1.0, no namespace, extensions",
			doc:      `<?xml version="1.0"?><gpx version="1.0" creator="x"` + tpx + `>` + track + `</gpx>`,
			wantHR:   true,
			wantName: "Morning Run",
		},
		{
			name: "true GPX 1.0",
			doc: `<gpx version="1.0" creator="x" xmlns="http://www.topografix.com/GPX/1/0"><name>Evening Run</name>` +
				`<trk><trkseg><trkpt lat="48" lon="11"><time>2026-03-02T07:00:00Z</time></trkpt><trkpt lat="48.0001" lon="11"><time>2026-03-02T07:00:05Z</time></trkpt></trkseg></trk></gpx>`,
			wantName: "Evening Run",
		},
		{
			name: "GPX 1.0 name read as 1.1",
			doc: `<gpx version="1.0" creator="x" xmlns="http://www.topografix.com/GPX/1/0"` + tpx + `><name>Evening Ride</name>` +
				`<trk><trkseg><trkpt lat="48" lon="11"><time>2026-03-02T07:00:00Z</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>120</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt></trkseg></trk></gpx>`,
			wantHR:   true,
			wantName: "Evening Ride",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := decodeOneGPX(t, tc.doc)
			if a.HasHeartRate() != tc.wantHR {
				t.Errorf("has heart rate %v, want %v", a.HasHeartRate(), tc.wantHR)
			}
			if tc.wantHR && a.Samples[0].HeartRate != 140 && a.Samples[0].HeartRate != 120 {
				t.Errorf("first heart rate %v", a.Samples[0].HeartRate)
			}
			if a.Name != tc.wantName {
				t.Errorf("name %q, want %q", a.Name, tc.wantName)
			}
			if tc.note != "" && !hasNote(a, tc.note) {
				t.Errorf("notes %q; want one with %q", a.Notes, tc.note)
			}
			if tc.note == "" && hasNote(a, "version") && tc.name == "true GPX 1.0" {
				t.Errorf("notes %q: nothing to say of the version", a.Notes)
			}
		})
	}
	if a := decodeOneGPX(t, tests[4].doc); a.Sport != activity.SportCycling {
		t.Errorf("sport %q from the GPX 1.0 document's own name, want cycling", a.Sport)
	}
}

// sportTracksDoc is a SportTracks-style GPX: positions per point and heart rate as a separate
// list of readings, every step seconds, in the track's extensions.
func sportTracksDoc(ps []recPoint, step int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<gpx xmlns:st="urn:uuid:D0EB2ED5-49B6-44e3-B13C-CF15BE7DD7DD" version="1.1" creator="SportTracks 2.1" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>Lunch run</name><extensions><st:activity><st:heartRateTrack>`)
	for i := 0; i < len(ps); i += step {
		fmt.Fprintf(&b, `<st:heartRate time="%s" bpm="%.0f"/>`, recTime(ps[i].s), ps[i].hr)
	}
	b.WriteString(`</st:heartRateTrack></st:activity></extensions>`)
	b.WriteString(strings.TrimPrefix(gpxTrack(ps, true, false), `<trk><name>Morning Run</name><type>running</type>`))
	b.WriteString(`</gpx>`)
	return b.String()
}

// TestGPXHeartRateTrack: heart rate written as a separate track of time-stamped readings
// (SportTracks' heartRateTrack) is merged onto the points by time.
func TestGPXHeartRateTrack(t *testing.T) {
	ps := runPoints(600)
	want := analysis.Summarize(ptr(decodeOneGPX(t, gpxDoc(gpxTrack(ps, false, false)))))
	for _, step := range []int{1, 3} {
		a := decodeOneGPX(t, sportTracksDoc(ps, step))
		if !a.HasHeartRate() {
			t.Fatalf("step %d: no heart rate: notes %q", step, a.Notes)
		}
		if !hasNote(a, "readings of a separate heart-rate track") {
			t.Errorf("step %d: notes %q", step, a.Notes)
		}
		if step == 1 {
			for i, s := range a.Samples {
				if s.HeartRate != ps[i].hr {
					t.Fatalf("sample %d heart rate %v, want %v", i, s.HeartRate, ps[i].hr)
				}
			}
		}
		got := analysis.Summarize(&a)
		if !nearlyEqual(got.AvgHR, want.AvgHR, 1) || got.MaxHR != want.MaxHR && step == 1 {
			t.Errorf("step %d: average HR %.2f max %.0f, want %.2f max %.0f", step, got.AvgHR, got.MaxHR, want.AvgHR, want.MaxHR)
		}
	}
	// heart rate only, no track points: the readings are the samples
	doc := `<gpx xmlns:st="urn:uuid:D0EB2ED5-49B6-44e3-B13C-CF15BE7DD7DD" version="1.1" creator="SportTracks" xmlns="http://www.topografix.com/GPX/1/1">
<extensions><st:activity><st:heartRateTrack><st:heartRate time="2026-03-02T07:00:00Z" bpm="82"/><st:heartRate time="2026-03-02T07:00:05Z" bpm="90"/></st:heartRateTrack></st:activity></extensions></gpx>`
	a := decodeOneGPX(t, doc)
	if len(a.Samples) != 2 || a.Samples[1].HeartRate != 90 || !a.Start.Equal(recT0) {
		t.Errorf("heart-rate-only file: samples %+v start %v", a.Samples, a.Start)
	}
}

// TestTimeStepsBack: points whose time is earlier than the one before (phone-app exports, at
// the start) are left out with a note, and neither moving time nor the time-weighted heart
// rate is distorted; pieces written out of order are sorted.
func TestTimeStepsBack(t *testing.T) {
	clean := runPoints(600)
	// the app's first point stamped 40 s late, and one more stray stamp 5 min in
	bad := append([]recPoint{{s: 40, north: 0, hr: 200}}, clean...)
	bad = append(bad[:301], append([]recPoint{{s: 100, north: 900, hr: 60}}, bad[301:]...)...)
	want := analysis.Summarize(ptr(decodeOneGPX(t, gpxDoc(gpxTrack(clean, false, false)))))
	for _, a := range []activity.Activity{
		decodeOneGPX(t, gpxDoc(gpxTrack(bad, false, false))),
		decodeOneTCX(t, tcxDoc(tcxTrack(bad, false))),
	} {
		f := a.Source.Format
		if len(a.Samples) != len(clean) {
			t.Errorf("%s: %d samples, want %d", f, len(a.Samples), len(clean))
		}
		if !hasNote(a, "2 point(s) whose time steps back left out") {
			t.Errorf("%s: notes %q", f, a.Notes)
		}
		got := analysis.Summarize(&a)
		if got.MovingS != want.MovingS || !nearlyEqual(got.AvgHR, want.AvgHR, 1e-9) || !nearlyEqual(got.DistanceM, want.DistanceM, 1e-6) {
			t.Errorf("%s: moving %.0f s, avg HR %.3f, distance %.1f m; want %.0f s, %.3f, %.1f m",
				f, got.MovingS, got.AvgHR, got.DistanceM, want.MovingS, want.AvgHR, want.DistanceM)
		}
		if !a.Start.Equal(recT0) {
			t.Errorf("%s: start %v, want %v", f, a.Start, recT0)
		}
	}

	// two segments written in the wrong order: sorted, every point kept
	second := gpxTrack(clean[300:], false, false)
	first := gpxTrack(clean[:300], false, false)
	a := decodeOneGPX(t, gpxDoc(second+first))
	if len(a.Samples) != len(clean) || !hasNote(a, "points sorted by time") {
		t.Fatalf("swapped segments: %d samples, notes %q", len(a.Samples), a.Notes)
	}
	for i := 1; i < len(a.Samples); i++ {
		if a.Samples[i].Time.Before(a.Samples[i-1].Time) {
			t.Fatalf("sample %d at %v before %v", i, a.Samples[i].Time, a.Samples[i-1].Time)
		}
	}
	if len(a.Breaks) != 1 || a.Breaks[0] != 300 {
		t.Errorf("breaks %v, want [300]", a.Breaks)
	}
}
