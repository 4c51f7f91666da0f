package demo

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"
	"time"

	"github.com/muktihari/fit/encoder"

	"github.com/easyday/easyday/activity"
)

// Fixtures returns small test files (each well under 30 KB), by file name, byte-for-byte the
// same on every call:
//
//	fixture-run.fit           6-minute easy run, summer (+02:00), auto-laps, one timer pause
//	fixture-intervals.fit     9-minute "3x1min" workout: warm-up, 3 × (1 min hard, 1 min jog), cool-down
//	fixture-nohr.fit          5-minute run without a heart rate field
//	fixture-multisport.fit    one FIT file, two sessions: a 4-minute ride, then a 4-minute run
//	fixture-chained.fit       two FIT files back to back: a 3-minute run, then a 3-minute walk
//	fixture-run.gpx           5-minute run, TrackPointExtension v2, times like 07:00:00.500+02:00
//	fixture-run-v1.gpx        5-minute run, TrackPointExtension v1, winter (+01:00)
//	fixture-run.tcx           4-minute run with two laps, one sample in eight
//	fixture-run.fit.gz        fixture-run.fit, gzipped
//	fixture-export.zip        export_12345/{activities.csv, activities/1001.fit.gz,
//	                          activities/1002.gpx, activities/uploads.zip (holding 1003.tcx)}
//	fixture-truncated.fit     the first 60% of fixture-run.fit's bytes: cut inside its records
//
// The GPX and TCX fixtures keep one sample in four (TCX: eight), as a watch's smart recording
// does, so that they stay small.
func Fixtures() map[string][]byte {
	routes := newRoutes()
	out := make(map[string][]byte, 12)
	mustFIT := func(acts ...*activity.Activity) []byte {
		var b bytes.Buffer
		if err := writeFIT(&b, acts...); err != nil {
			panic(fmt.Sprintf("demo fixtures: %v", err))
		}
		return b.Bytes()
	}

	summer := berlinTime(2026, time.June, 14, 7, 0, 0)
	winter := berlinTime(2026, time.November, 19, 18, 5, 0)

	run := fixtureRun(routes, summer, 360, 500, 1, 11)
	out["fixture-run.fit"] = mustFIT(&run)

	iv := &session{recording: recording{start: berlinTime(2026, time.November, 17, 18, 0, 12), sport: activity.SportRunning,
		subSport: "generic", name: "3x1min", initHR: 80, route: routeField, device: deviceFR255, seed: 12}}
	iv.segs = []segment{{dur: 120, speed: 2.75, effort: 0.70, intensity: "warmup", trigger: "time", step: 0}}
	for k := range 3 {
		iv.segs = append(iv.segs, segment{dur: 60, speed: 4.15, effort: 0.93, intensity: "active", trigger: "time", step: 1})
		if k < 2 {
			iv.segs = append(iv.segs, segment{dur: 60, speed: 2.5, effort: 0.62, intensity: "rest", trigger: "time", step: 2})
		}
	}
	iv.segs = append(iv.segs, segment{dur: 120, speed: 2.6, effort: 0.68, intensity: "cooldown", trigger: "session_end", step: 4})
	intervals := synthesize(iv, routes)
	out["fixture-intervals.fit"] = mustFIT(&intervals)

	nohr := fixtureRun(routes, winter, 300, 1000, 0, 13)
	stripHR(&nohr)
	out["fixture-nohr.fit"] = mustFIT(&nohr)

	ride := synthesize(&session{recording: recording{start: berlinTime(2026, time.May, 2, 9, 30, 0), sport: activity.SportCycling,
		subSport: "road", initHR: 85, route: routeRide, device: deviceFR255, seed: 14,
		segs: []segment{{dur: 240, speed: 8, effort: 0.66, intensity: "active", trigger: "session_end", step: -1, autoLap: 1000}}}}, routes)
	brick := fixtureRun(routes, ride.End().Add(90*time.Second).In(ride.Start.Location()), 240, 500, 0, 15)
	out["fixture-multisport.fit"] = mustFIT(&ride, &brick)

	first := fixtureRun(routes, berlinTime(2026, time.March, 8, 8, 0, 0), 180, 1000, 0, 16)
	walk := synthesize(&session{recording: recording{start: berlinTime(2026, time.March, 8, 12, 30, 0), sport: activity.SportWalking,
		subSport: "generic", initHR: 75, route: routeSmall, device: deviceFR255, seed: 17,
		segs: []segment{{dur: 180, speed: 1.4, effort: 0.52, intensity: "active", trigger: "session_end", step: -1, autoLap: 1000}}}}, routes)
	{
		var b bytes.Buffer
		enc := encoder.New(&b, encoder.WithHeaderOption(encoder.HeaderOptionNormal, 15))
		for _, a := range []*activity.Activity{&first, &walk} {
			fit := buildFIT([]*activity.Activity{a})
			if err := enc.Encode(&fit); err != nil {
				panic(fmt.Sprintf("demo fixtures: %v", err))
			}
		}
		out["fixture-chained.fit"] = b.Bytes()
	}

	gpxRun := fixtureRun(routes, berlinTime(2026, time.June, 16, 7, 0, 0), 300, 1000, 0, 18)
	shiftHalfSecond(&gpxRun)
	thin(&gpxRun, 4)
	gpxRun.Name = "Morning Run"
	out["fixture-run.gpx"] = mustGPX(&gpxRun, nsTPXv2)

	gpxV1 := fixtureRun(routes, winter, 300, 1000, 0, 19)
	thin(&gpxV1, 4)
	gpxV1.Name = "Evening Run"
	out["fixture-run-v1.gpx"] = mustGPX(&gpxV1, nsTPXv1)

	tcxRun := fixtureRun(routes, berlinTime(2026, time.September, 20, 9, 15, 0), 240, 500, 0, 20)
	thin(&tcxRun, 8)
	out["fixture-run.tcx"] = mustTCX(&tcxRun)

	out["fixture-run.fit.gz"] = gz(out["fixture-run.fit"])

	exp := fixtureRun(routes, berlinTime(2026, time.October, 4, 17, 45, 0), 240, 1000, 0, 21)
	expGPX := fixtureRun(routes, berlinTime(2026, time.October, 6, 7, 10, 0), 240, 1000, 0, 22)
	thin(&expGPX, 4)
	expGPX.Name = "Morning Run"
	expTCX := fixtureRun(routes, berlinTime(2026, time.October, 8, 18, 20, 0), 200, 1000, 0, 23)
	thin(&expTCX, 8)
	inner := zipOf([]zipEntry{{name: "1003.tcx", data: mustTCX(&expTCX)}})
	csv := "Activity ID,Activity Date,Activity Type,Filename\n" +
		"1001,\"Oct 4, 2026, 3:45:00 PM\",Run,activities/1001.fit.gz\n" +
		"1002,\"Oct 6, 2026, 5:10:00 AM\",Run,activities/1002.gpx\n" +
		"1003,\"Oct 8, 2026, 4:20:00 PM\",Run,activities/uploads.zip\n"
	out["fixture-export.zip"] = zipOf([]zipEntry{
		{name: "export_12345/"},
		{name: "export_12345/activities.csv", data: []byte(csv)},
		{name: "export_12345/activities/"},
		{name: "export_12345/activities/1001.fit.gz", data: gz(mustFIT(&exp))},
		{name: "export_12345/activities/1002.gpx", data: mustGPX(&expGPX, nsTPXv1)},
		{name: "export_12345/activities/uploads.zip", data: inner},
	})

	b := out["fixture-run.fit"]
	out["fixture-truncated.fit"] = bytes.Clone(b[:len(b)*6/10])
	return out
}

// fixtureRun synthesises a short easy run of dur seconds with auto-laps every lap metres.
func fixtureRun(routes *[numRoutes]*route, start time.Time, dur, lap float64, pauses int, seed uint64) activity.Activity {
	return synthesize(&session{recording: recording{start: start, sport: activity.SportRunning, subSport: "generic",
		initHR: 82, route: routePark, device: deviceFR255, seed: seed, pauses: pauses,
		segs: []segment{{dur: dur, speed: 2.8, effort: 0.70, intensity: "active", trigger: "session_end",
			step: -1, autoLap: lap}}}}, routes)
}

func stripHR(a *activity.Activity) {
	nan := activity.NewSample(time.Time{}).HeartRate
	for i := range a.Samples {
		a.Samples[i].HeartRate = nan
	}
	for i := range a.Laps {
		a.Laps[i].AvgHR, a.Laps[i].MaxHR = nan, nan
	}
	a.Summary.AvgHR, a.Summary.MaxHR, a.Summary.TotalTrainingEffect = nan, nan, nan
}

// shiftHalfSecond moves every time of a half a second later.
func shiftHalfSecond(a *activity.Activity) {
	const d = 500 * time.Millisecond
	a.Start = a.Start.Add(d)
	for i := range a.Samples {
		a.Samples[i].Time = a.Samples[i].Time.Add(d)
	}
	for i := range a.Laps {
		a.Laps[i].Start = a.Laps[i].Start.Add(d)
	}
	for i := range a.Timer {
		a.Timer[i].Time = a.Timer[i].Time.Add(d)
	}
}

// thin keeps one sample in every n, and the last.
func thin(a *activity.Activity, n int) {
	kept := a.Samples[:0]
	last := len(a.Samples) - 1
	for i, s := range a.Samples {
		if i%n == 0 || i == last {
			kept = append(kept, s)
		}
	}
	a.Samples = kept
}

func mustGPX(a *activity.Activity, ns string) []byte {
	var b bytes.Buffer
	if err := writeGPX(&b, a, ns); err != nil {
		panic(fmt.Sprintf("demo fixtures: %v", err))
	}
	return b.Bytes()
}

func mustTCX(a *activity.Activity) []byte {
	var b bytes.Buffer
	if err := WriteTCX(&b, a); err != nil {
		panic(fmt.Sprintf("demo fixtures: %v", err))
	}
	return b.Bytes()
}

// gz gzips data with an empty header (no name, no time), so the output depends on data alone.
func gz(data []byte) []byte {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = w.Write(data)
	_ = w.Close()
	return b.Bytes()
}

type zipEntry struct {
	name string // a name ending in "/" is a folder
	data []byte
}

// zipTime is the modification time of every zip entry.
var zipTime = time.Date(2026, time.November, 22, 20, 0, 0, 0, time.UTC)

// Zip returns a zip of the entries given as name, then data ([]byte), in turn, for the tests
// that build archives: deflated, every entry's time zipTime. It panics on anything else.
func Zip(nameThenData ...any) []byte {
	if len(nameThenData)%2 != 0 {
		panic("demo.Zip: a name without its data")
	}
	entries := make([]zipEntry, 0, len(nameThenData)/2)
	for i := 0; i < len(nameThenData); i += 2 {
		entries = append(entries, zipEntry{name: nameThenData[i].(string), data: nameThenData[i+1].([]byte)})
	}
	return zipOf(entries)
}

// EmptyZip returns a zip that holds nothing, padded with its comment to size bytes: what a
// test puts in place of an archive, its size and time kept, to tell a run that opens the
// archive (it finds no file) from one that skips it as unchanged.
func EmptyZip(size int64) ([]byte, error) {
	const empty = 22 // a zip of no entry: its end of central directory record
	if size < empty || size-empty > 0xffff {
		return nil, fmt.Errorf("demo empty zip: %d bytes, not between %d and %d", size, empty, empty+0xffff)
	}
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	if err := w.SetComment(strings.Repeat("x", int(size-empty))); err != nil {
		return nil, fmt.Errorf("demo empty zip: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("demo empty zip: %w", err)
	}
	return b.Bytes(), nil
}

func zipOf(entries []zipEntry) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: zipTime}
		if e.data == nil {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic(fmt.Sprintf("demo fixtures: %v", err))
		}
		_, _ = w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		panic(fmt.Sprintf("demo fixtures: %v", err))
	}
	return b.Bytes()
}

// Run synthesises an easy run of the demo athlete, as the fixtures do: seconds long at about
// 2.8 m/s, auto-laps every lapMetres, the timer stopped pauses times (the records stop while
// it stands, 15 to 90 s), deterministic for seed. Tests build the recordings they need from
// it and write them with WriteFIT, WriteGPX or WriteTCX.
func Run(start time.Time, seconds, lapMetres float64, pauses int, seed uint64) activity.Activity {
	return fixtureRun(newRoutes(), start, seconds, lapMetres, pauses, seed)
}
