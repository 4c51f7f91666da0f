package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seed adds the project's own fixtures (testdata/, made by `easyday demo`'s generator) whose
// names end in one of exts. Crashers the fuzzer finds are kept where Go keeps them,
// importer/testdata/fuzz/FuzzX/, and run with every `go test`.
func seed(f *testing.F, exts ...string) {
	f.Helper()
	for _, dir := range []string{"../testdata"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			f.Fatalf("seeds: %v", err)
		}
		for _, e := range entries {
			for _, ext := range exts {
				if strings.HasSuffix(e.Name(), ext) {
					b, err := os.ReadFile(filepath.Join(dir, e.Name()))
					if err != nil {
						f.Fatal(err)
					}
					f.Add(b)
				}
			}
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
		opts := Options{MaxFileBytes: 1 << 20, MaxArchiveBytes: 4 << 20, MaxEntries: 64, MaxDepth: 3}.withDefaults()
		n := 0
		w := NewWalker(opts)
		defer w.Close()
		zw := &zipWalk{w: w, opts: opts, archive: "f.zip", budget: &zipBudget{}}
		zw.fn = func(e Entry) error {
			n++
			if n > opts.MaxEntries+opts.MaxDepth {
				t.Fatalf("walked %d entries past the bound of %d", n, opts.MaxEntries)
			}
			_, _ = DecodeEntry(e, opts) // any error will do: the test is that nothing panics
			return nil
		}
		if err := zw.walk(context.Background(), zr, heldZip{}, "f.zip", 1); err != nil {
			t.Fatalf("walk: %v", err)
		}
	})
}
