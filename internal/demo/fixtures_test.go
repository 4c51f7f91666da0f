package demo

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"
)

var update = flag.Bool("update", false, "rewrite the fixtures in testdata/ from Fixtures()")

const testdata = "../../testdata"

// TestFixtures compares Fixtures() with the files in testdata/; with -update it rewrites them.
func TestFixtures(t *testing.T) {
	fx := Fixtures()
	names := make([]string, 0, len(fx))
	for name := range fx {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		data := fx[name]
		path := filepath.Join(testdata, name)
		if len(data) > 30<<10 {
			t.Errorf("%s: %d bytes, want at most 30 KB", name, len(data))
		}
		if *update {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v (run go test ./internal/demo -update)", err)
			continue
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s: testdata (%d bytes) differs from Fixtures() (%d bytes); run go test ./internal/demo -update",
				name, len(got), len(data))
		}
	}
}

func TestFixturesDeterministic(t *testing.T) {
	a, b := Fixtures(), Fixtures()
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two calls", name)
		}
	}
}

// decodeAll decodes every FIT sequence of b and returns, per sequence, the count of messages
// by message number, and the first error.
func decodeAll(b []byte) ([]map[uint16]int, error) {
	var out []map[uint16]int
	dec := decoder.New(bytes.NewReader(b))
	for dec.Next() {
		fit, err := dec.Decode()
		if err != nil {
			return out, err
		}
		out = append(out, count(fit))
	}
	return out, nil
}

func count(fit *proto.FIT) map[uint16]int {
	m := map[uint16]int{}
	for _, msg := range fit.Messages {
		m[uint16(msg.Num)]++
	}
	return m
}

func TestFixturesDecode(t *testing.T) {
	fx := Fixtures()
	tests := []struct {
		name              string
		sequences         int
		sessions, records int // in the first sequence; records 0: any
		wantErr           bool
	}{
		{name: "fixture-run.fit", sequences: 1, sessions: 1, records: 361 + 1},
		{name: "fixture-intervals.fit", sequences: 1, sessions: 1},
		{name: "fixture-nohr.fit", sequences: 1, sessions: 1, records: 301},
		{name: "fixture-multisport.fit", sequences: 1, sessions: 2, records: 241 + 241},
		{name: "fixture-chained.fit", sequences: 2, sessions: 1, records: 181},
		{name: "fixture-truncated.fit", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seqs, err := decodeAll(fx[tt.name])
			if tt.wantErr {
				if err == nil {
					t.Fatal("decoded without error, want one")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(seqs) != tt.sequences {
				t.Fatalf("%d sequences, want %d", len(seqs), tt.sequences)
			}
			if got := seqs[0][uint16(mesgnum.Session)]; got != tt.sessions {
				t.Errorf("%d sessions, want %d", got, tt.sessions)
			}
			if got := seqs[0][uint16(mesgnum.Record)]; tt.records > 0 && got != tt.records {
				t.Errorf("%d records, want %d", got, tt.records)
			}
		})
	}

	zr, err := gzip.NewReader(bytes.NewReader(fx["fixture-run.fit.gz"]))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, fx["fixture-run.fit"]) {
		t.Errorf("fixture-run.fit.gz does not hold fixture-run.fit (%v)", err)
	}
	for _, name := range []string{"fixture-run.gpx", "fixture-run-v1.gpx", "fixture-run.tcx"} {
		if err := wellFormed(fx[name]); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !bytes.Contains(fx["fixture-run.gpx"], []byte(nsTPXv2)) ||
		!bytes.Contains(fx["fixture-run.gpx"], []byte(".500+02:00</time>")) {
		t.Error("fixture-run.gpx: want TrackPointExtension v2 and times like 07:00:00.500+02:00")
	}
}

func TestFixtureExportZip(t *testing.T) {
	b := Fixtures()["fixture-export.zip"]
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, zipTime)
		}
		if f.Name != "export_12345/activities/uploads.zip" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		inner, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		izr, err := zip.NewReader(bytes.NewReader(inner), int64(len(inner)))
		if err != nil {
			t.Fatal(err)
		}
		if len(izr.File) != 1 || izr.File[0].Name != "1003.tcx" {
			t.Errorf("nested zip holds %v, want 1003.tcx", izr.File)
		}
	}
	want := []string{"export_12345/", "export_12345/activities.csv", "export_12345/activities/",
		"export_12345/activities/1001.fit.gz", "export_12345/activities/1002.gpx", "export_12345/activities/uploads.zip"}
	if !slices.Equal(names, want) {
		t.Errorf("entries %q, want %q", names, want)
	}
}
