package importer

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/proto"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/internal/demo"
)

// Each fuzz target is seeded with the small files in importer/testdata/fuzzseeds/ whose names
// end in its extensions; fuzzSeeds builds them and `go test ./importer -run TestFuzzSeeds
// -update` writes them there, and TestFuzzSeeds fails while a file differs from what fuzzSeeds
// builds. Crashers the fuzzer finds are kept where Go keeps them, importer/testdata/fuzz/FuzzX/,
// and run with every `go test`.
//
// The seeds are small (0.5 to 6.3 KB) so that a mutant decodes in a fraction of the time a
// mutant of the demo's 6–25 KB fixtures (the seeds before) took, and so that minimizing an
// input that reaches new code (Go's minimizer removes each byte, then each range of bytes,
// decoding the whole input every time) gets somewhere within `make fuzz`'s bound on it
// (FUZZMINIMIZE in the Makefile; README, "Tests, fuzzing, benchmarks", says why there is one).

// seedSecondsPerRun is how long each seed's run lasts: 40 samples, enough for laps, a pause and
// the decoders' per-sample paths (the GPX and TCX seeds keep one in eight, their points being
// ten times the bytes of a FIT record), small enough that each seed stays under maxSeedBytes.
const seedSecondsPerRun = 40

// maxSeedBytes bounds every seed's size (TestFuzzSeeds checks it); the demo's fixtures, the
// seeds before, were 6 to 25 KB.
const maxSeedBytes = 8 << 10

// seedDir holds the fuzz targets' seeds, the files fuzzSeeds builds, as -update wrote them.
var seedDir = filepath.Join("testdata", "fuzzseeds")

// fuzzSeeds builds the fuzz targets' seeds, by file name in seedDir, with the demo's writers and
// the FIT builder of the swim tests, the same bytes on every call:
//
//	run.fit         a run with auto-laps, a timer pause, heart rate and a UTC offset
//	nohr.fit        a run without heart rate
//	multisport.fit  one file, two sessions: a ride, then a run
//	chained.fit     two FIT files back to back: a run, then a walk
//	truncated.fit   the first 60% of run.fit's bytes
//	intervals.fit   a workout: laps alternating between two steps, active and rest
//	swim.fit        a pool swim of length messages and no records
//	devfields.fit   a swim whose distance is only in developer fields
//	run.gpx         a run, TrackPointExtension v2, times at half seconds
//	run-v1.gpx      a run, TrackPointExtension v1
//	run.tcx         a run of two laps
//	export.zip      export_1/{activities.csv, activities/1.fit.gz, activities/2.gpx,
//	                activities/uploads.zip (holding 3.tcx)}
func fuzzSeeds(tb testing.TB) map[string][]byte {
	tb.Helper()
	zone := time.FixedZone("", 2*3600)
	day := func(d int) time.Time { return time.Date(2026, 6, d, 7, 0, 0, 0, zone) }
	run := func(start time.Time, lapMetres float64, pauses int) activity.Activity {
		return demo.Run(start, seedSecondsPerRun, lapMetres, pauses, uint64(start.Unix()))
	}
	write := func(w func(io.Writer, *activity.Activity) error, a activity.Activity) []byte {
		var b bytes.Buffer
		if err := w(&b, &a); err != nil {
			tb.Fatalf("fuzz seeds: %v", err)
		}
		return b.Bytes()
	}
	out := make(map[string][]byte, 12)

	out["run.fit"] = write(demo.WriteFIT, run(day(1), 50, 1))
	out["truncated.fit"] = out["run.fit"][:len(out["run.fit"])*6/10]

	iv := run(day(12), 25, 0)
	iv.Name = "3x25m"
	for i := range iv.Laps {
		iv.Laps[i].WorkoutStep, iv.Laps[i].Intensity = i%2, [2]string{"active", "rest"}[i%2]
	}
	out["intervals.fit"] = write(demo.WriteFIT, iv)

	nohr := run(day(2), 1000, 0)
	for i := range nohr.Samples {
		nohr.Samples[i].HeartRate = math.NaN()
	}
	out["nohr.fit"] = write(demo.WriteFIT, nohr)

	ride := run(day(3), 1000, 0)
	ride.Sport, ride.SubSport = activity.SportCycling, "road"
	brick := run(ride.End().Add(90*time.Second), 1000, 0)
	var multi bytes.Buffer
	if err := demo.WriteFITSessions(&multi, &ride, &brick); err != nil {
		tb.Fatalf("fuzz seeds: %v", err)
	}
	out["multisport.fit"] = multi.Bytes()

	walk := run(day(5), 1000, 0)
	walk.Sport = activity.SportWalking
	out["chained.fit"] = append(write(demo.WriteFIT, run(day(4), 1000, 0)), write(demo.WriteFIT, walk)...)

	out["swim.fit"] = encodeFIT(tb, func(f *fitBuilder) { poolSwim(f, 25, true, true, true) })
	out["devfields.fit"] = encodeFIT(tb, func(f *fitBuilder) {
		f.devDistanceFields()
		f.timer(0, true)
		for s := 0; s <= 20; s++ {
			m := mesgdef.NewRecord(nil).SetTimestamp(f.at(float64(s))).SetHeartRate(130).ToMesg(f.opts)
			m.DeveloperFields = []proto.DeveloperField{{Num: 0, DeveloperDataIndex: 0, Value: proto.Uint32(uint32(s) * 100)}}
			f.add(m)
		}
		f.timer(20, false)
		sess := mesgdef.NewSession(nil).SetTimestamp(f.at(20)).SetStartTime(f.t0).SetSport(typedef.SportSwimming).
			SetTotalElapsedTime(20000).SetTotalTimerTime(20000).ToMesg(f.opts)
		sess.DeveloperFields = []proto.DeveloperField{{Num: 1, DeveloperDataIndex: 0, Value: proto.Uint32(22)}}
		f.add(sess)
	})

	half := run(day(6).Add(500*time.Millisecond), 1000, 0)
	half.Name = "Morning Run"
	out["run.gpx"] = bytes.ReplaceAll(write(demo.WriteGPX, thinSamples(half, 8)),
		[]byte("TrackPointExtension/v1"), []byte("TrackPointExtension/v2"))
	out["run-v1.gpx"] = write(demo.WriteGPX, thinSamples(run(day(7), 1000, 0), 8))
	out["run.tcx"] = write(demo.WriteTCX, thinSamples(run(day(8), 60, 0), 8))

	var fitGz bytes.Buffer
	zw := gzip.NewWriter(&fitGz)
	zw.Write(write(demo.WriteFIT, run(day(9), 1000, 0)))
	if err := zw.Close(); err != nil {
		tb.Fatalf("fuzz seeds: %v", err)
	}
	csv := "Activity ID,Activity Date,Activity Type,Filename\n" +
		"1,\"Jun 9, 2026, 5:00:00 AM\",Run,activities/1.fit.gz\n" +
		"2,\"Jun 10, 2026, 5:00:00 AM\",Run,activities/2.gpx\n" +
		"3,\"Jun 11, 2026, 5:00:00 AM\",Run,activities/uploads.zip\n"
	uploads := zipFiles(tb, zipFile{"3.tcx", write(demo.WriteTCX, thinSamples(run(day(11), 1000, 0), 8))})
	gpxExp := thinSamples(run(day(10), 1000, 0), 8)
	gpxExp.Name = "Morning Run"
	out["export.zip"] = zipFiles(tb,
		zipFile{"export_1/", nil},
		zipFile{"export_1/activities.csv", []byte(csv)},
		zipFile{"export_1/activities/1.fit.gz", fitGz.Bytes()},
		zipFile{"export_1/activities/2.gpx", write(demo.WriteGPX, gpxExp)},
		zipFile{"export_1/activities/uploads.zip", uploads})
	return out
}

// thinSamples keeps one sample in every n of a, as a watch's smart recording does.
func thinSamples(a activity.Activity, n int) activity.Activity {
	var kept []activity.Sample
	for i := 0; i < len(a.Samples); i += n {
		kept = append(kept, a.Samples[i])
	}
	a.Samples, a.Breaks = kept, nil
	return a
}

// encodeFIT encodes the messages build adds to a FIT builder (which writes the file_id).
func encodeFIT(tb testing.TB, build func(*fitBuilder)) []byte {
	tb.Helper()
	f := newFITBuilder(time.Date(2026, 3, 3, 6, 30, 0, 0, time.UTC))
	build(f)
	var b bytes.Buffer
	fit := proto.FIT{Messages: f.mesgs}
	if err := encoder.New(&b, encoder.WithProtocolVersion(proto.V2)).Encode(&fit); err != nil {
		tb.Fatalf("fuzz seeds: %v", err)
	}
	return b.Bytes()
}

// zipFile is an entry of a zip archive zipFiles writes: a folder when its name ends in /.
type zipFile struct {
	name string
	data []byte
}

// zipFiles writes a zip archive of files, in order.
func zipFiles(tb testing.TB, files ...zipFile) []byte {
	tb.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, zf := range files {
		f, err := w.Create(zf.name)
		if err == nil {
			_, err = f.Write(zf.data)
		}
		if err != nil {
			tb.Fatalf("fuzz seeds: %v", err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatalf("fuzz seeds: %v", err)
	}
	return b.Bytes()
}

// seed adds the seeds in seedDir whose names end in one of exts, in name order.
func seed(f *testing.F, exts ...string) {
	f.Helper()
	seeds := readSeeds(f)
	n := 0
	for _, name := range slices.Sorted(maps.Keys(seeds)) {
		for _, ext := range exts {
			if strings.HasSuffix(name, ext) {
				f.Add(seeds[name])
				n++
			}
		}
	}
	if n == 0 {
		f.Fatalf("no seed ending in %s in %s; run go test ./importer -run TestFuzzSeeds -update", strings.Join(exts, " or "), seedDir)
	}
}

// readSeeds reads the files in seedDir, by name.
func readSeeds(tb testing.TB) map[string][]byte {
	tb.Helper()
	entries, err := os.ReadDir(seedDir)
	if err != nil {
		tb.Fatalf("fuzz seeds: %v; run go test ./importer -run TestFuzzSeeds -update", err)
	}
	seeds := make(map[string][]byte, len(entries))
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(seedDir, e.Name()))
		if err != nil {
			tb.Fatalf("fuzz seeds: %v", err)
		}
		seeds[e.Name()] = data
	}
	return seeds
}

// writeSeeds makes seedDir hold exactly the files of seeds: it writes each and removes any
// other file there (a seed fuzzSeeds no longer builds).
func writeSeeds(tb testing.TB, seeds map[string][]byte) {
	tb.Helper()
	if err := os.MkdirAll(seedDir, 0o755); err != nil {
		tb.Fatalf("fuzz seeds: %v", err)
	}
	for name, data := range readSeeds(tb) {
		if _, ok := seeds[name]; !ok {
			if err := os.Remove(filepath.Join(seedDir, name)); err != nil {
				tb.Fatalf("fuzz seeds: %v", err)
			}
			tb.Logf("removed %s (%d bytes)", filepath.Join(seedDir, name), len(data))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(seeds)) {
		if err := os.WriteFile(filepath.Join(seedDir, name), seeds[name], 0o644); err != nil {
			tb.Fatalf("fuzz seeds: %v", err)
		}
	}
}

// FuzzFIT: any bytes give activities or an error, never a panic, and a result that
// is well formed (samples in time order within each activity).
func FuzzFIT(f *testing.F) {
	seed(f, ".fit")
	f.Add([]byte{})
	f.Add([]byte{14, 0x10, 0, 0, 1, 0, 0, 0, '.', 'F', 'I', 'T', 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		acts, err := decodeFIT(data)
		if err != nil && len(acts) > 0 {
			t.Fatalf("both an error (%v) and %d activities", err, len(acts))
		}
		for _, a := range acts {
			for i := 1; i < len(a.Samples); i++ {
				if a.Samples[i].Time.Before(a.Samples[i-1].Time) {
					t.Fatalf("samples out of order at %d", i)
				}
			}
		}
	})
}

// FuzzGPX: any bytes give activities or an error, never a panic.
func FuzzGPX(f *testing.F) {
	seed(f, ".gpx")
	f.Add([]byte(`<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>2026-01-01T00:00:00.5+02:00</time></trkpt></trkseg></trk></gpx>`))
	// a point without position, a time that steps back, a separate heart-rate track, and a
	// version attribute the namespace contradicts
	f.Add([]byte(`<gpx version="1.0" xmlns="http://www.topografix.com/GPX/1/1" xmlns:st="urn:uuid:D0EB2ED5-49B6-44e3-B13C-CF15BE7DD7DD"><trk><extensions><st:activity><st:heartRateTrack><st:heartRate time="2026-01-01T00:00:01Z" bpm="82"/></st:heartRateTrack></st:activity></extensions><trkseg><trkpt><time>2026-01-01T00:00:05Z</time></trkpt><trkpt lat="0" lon="0"><time>2026-01-01T00:00:00Z</time></trkpt><trkpt lat="1" lon="2"><time>2026-01-01T00:00:02Z</time></trkpt></trkseg></trk></gpx>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		acts, err := GPX(bytes.NewReader(data))
		if err != nil && len(acts) > 0 {
			t.Fatalf("both an error (%v) and %d activities", err, len(acts))
		}
	})
}

// FuzzTCX: any bytes give activities or an error, never a panic.
func FuzzTCX(f *testing.F) {
	seed(f, ".tcx")
	f.Add([]byte(`<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2026-01-01T00:00:00Z</Id></Activity></Activities></TrainingCenterDatabase>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = TCX(bytes.NewReader(data))
	})
}

// FuzzWalkZip: any bytes read as a zip archive are walked within the bounds, never panicking;
// every entry found can be read and decoded without a panic.
func FuzzWalkZip(f *testing.F) {
	seed(f, ".zip")
	f.Fuzz(func(t *testing.T, data []byte) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		opts := fuzzZipOptions()
		n := 0
		err = walkFuzzZip(zr, opts, func(e Entry) error {
			n++
			if n > opts.MaxEntries+opts.MaxDepth {
				t.Fatalf("walked %d entries past the bound of %d", n, opts.MaxEntries)
			}
			_, _ = DecodeEntry(e, opts) // any error will do: the test is that nothing panics
			return nil
		})
		if err != nil {
			t.Fatalf("walk: %v", err)
		}
	})
}

// fuzzZipOptions are FuzzWalkZip's bounds: a few entries of at most 1 MiB.
func fuzzZipOptions() Options {
	return Options{MaxFileBytes: 1 << 20, MaxArchiveBytes: 4 << 20, MaxEntries: 64, MaxDepth: 3}.withDefaults()
}

// walkFuzzZip walks zr as the archive f.zip on disk would be walked, calling fn on each
// entry found.
func walkFuzzZip(zr *zip.Reader, opts Options, fn func(Entry) error) error {
	w := NewWalker(opts)
	defer w.Close()
	zw := &zipWalk{w: w, opts: opts, archive: "f.zip", budget: &zipBudget{}, fn: fn}
	return zw.walk(context.Background(), zr, heldZip{}, "f.zip", 1)
}

// TestFuzzSeeds: the files in seedDir are the bytes fuzzSeeds builds now, no more and no fewer
// (with -update it writes them first), so that a change to the demo's writers or the FIT
// builder that alters a seed fails here until the seeds are written again; and every seed file
// is under maxSeedBytes and is what fuzzSeeds says it is, decoded (the zip walked as
// FuzzWalkZip walks it): its activities' sports, heart rate, laps, damage and times, so that a
// seed that stops exercising what it was made for fails here.
func TestFuzzSeeds(t *testing.T) {
	built := fuzzSeeds(t)
	if *Update {
		writeSeeds(t, built)
	}
	seeds := readSeeds(t)
	const rerun = "run go test ./importer -run TestFuzzSeeds -update"
	for _, name := range slices.Sorted(maps.Keys(built)) {
		got, ok := seeds[name]
		switch {
		case !ok:
			t.Errorf("%s: missing, fuzzSeeds builds it (%d bytes); %s", filepath.Join(seedDir, name), len(built[name]), rerun)
		case !bytes.Equal(got, built[name]):
			t.Errorf("%s: %d bytes, not the %d bytes fuzzSeeds builds now; %s", filepath.Join(seedDir, name), len(got), len(built[name]), rerun)
		}
	}
	for name := range seeds {
		if _, ok := built[name]; !ok {
			t.Errorf("%s: fuzzSeeds builds no such seed; %s (which removes it)", filepath.Join(seedDir, name), rerun)
		}
	}
	for name, data := range seeds {
		if len(data) > maxSeedBytes {
			t.Errorf("%s: %d bytes, over the seeds' bound of %d", name, len(data), maxSeedBytes)
		}
	}
	type want struct {
		sports  string // the activities' sports, comma-separated
		noHR    bool
		partial bool
		laps    int // at least, in the first activity
		halfSec bool
		name    string // of the first activity
	}
	checked := map[string]bool{}
	for _, tc := range []struct {
		name string
		want want
	}{
		{"run.fit", want{sports: "running", laps: 2}},
		{"nohr.fit", want{sports: "running", noHR: true}},
		{"multisport.fit", want{sports: "cycling,running"}},
		{"chained.fit", want{sports: "running,walking"}},
		{"truncated.fit", want{sports: "running", partial: true}},
		{"intervals.fit", want{sports: "running", laps: 4, name: "3x25m"}},
		{"swim.fit", want{sports: "swimming", noHR: true, laps: 3}},
		{"devfields.fit", want{sports: "swimming"}},
		{"run.gpx", want{sports: "running", halfSec: true, name: "Morning Run"}},
		{"run-v1.gpx", want{sports: "running"}},
		{"run.tcx", want{sports: "running", laps: 2}},
		{"export.zip", want{sports: "running,running,running"}},
	} {
		checked[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			data, ok := seeds[tc.name]
			if !ok {
				t.Fatalf("no file %s", filepath.Join(seedDir, tc.name))
			}
			var acts []activity.Activity
			if strings.HasSuffix(tc.name, ".zip") {
				zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
				if err != nil {
					t.Fatal(err)
				}
				err = walkFuzzZip(zr, fuzzZipOptions(), func(e Entry) error {
					got, err := DecodeEntry(e, fuzzZipOptions())
					if err != nil && !errors.Is(err, ErrNotActivity) {
						t.Errorf("%s: %v", e.Path, err)
					}
					acts = append(acts, got...)
					return nil
				})
				if err != nil {
					t.Fatalf("walk: %v", err)
				}
			} else {
				var err error
				if acts, err = Decode(tc.name, data, Options{}); err != nil {
					t.Fatalf("decode: %v", err)
				}
			}
			var sports []string
			for _, a := range acts {
				sports = append(sports, string(a.Sport))
				if a.HasHeartRate() == tc.want.noHR {
					t.Errorf("session %d: heart rate %t, want %t", a.Source.Session, a.HasHeartRate(), !tc.want.noHR)
				}
				if a.Partial != tc.want.partial {
					t.Errorf("session %d: partial %t, want %t", a.Source.Session, a.Partial, tc.want.partial)
				}
			}
			if got := strings.Join(sports, ","); got != tc.want.sports {
				t.Fatalf("sports %q, want %q", got, tc.want.sports)
			}
			if len(acts[0].Laps) < tc.want.laps {
				t.Errorf("%d laps, want at least %d", len(acts[0].Laps), tc.want.laps)
			}
			if acts[0].Name != tc.want.name {
				t.Errorf("name %q, want %q", acts[0].Name, tc.want.name)
			}
			if half := acts[0].Start.Nanosecond() == 5e8; half != tc.want.halfSec {
				t.Errorf("start %s, want at a half second %t", acts[0].Start, tc.want.halfSec)
			}
		})
	}
	for name := range built {
		if !checked[name] {
			t.Errorf("seed %s has no row here", name)
		}
	}
}
