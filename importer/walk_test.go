package importer_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/importer"
)

const tinyGPX = `<?xml version="1.0"?><gpx version="1.1" creator="t"><trk><trkseg>` +
	`<trkpt lat="52.5" lon="13.4"><time>2026-01-01T10:00:00Z</time></trkpt></trkseg></trk></gpx>`

// fitHead is a 12-byte FIT file header: enough for Walk, which does not decode.
var fitHead = []byte{12, 0x10, 0x00, 0x08, 0, 0, 0, 0, '.', 'F', 'I', 'T'}

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipOf(t *testing.T, files map[string][]byte, order ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range order {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(files[name])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func write(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// walked returns the paths Walk passes on, relative to dir, with "ERR" after failed ones.
func walked(t *testing.T, dir string, opts importer.Options, paths ...string) []string {
	t.Helper()
	var got []string
	w := importer.NewWalker(opts)
	t.Cleanup(func() { w.Close() })
	err := w.Walk(context.Background(), paths, func(e importer.Entry) error {
		p := strings.TrimPrefix(filepath.ToSlash(e.Path), filepath.ToSlash(dir)+"/")
		if e.Err != nil {
			p += " ERR"
		}
		got = append(got, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWalkFolders(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a/run.fit", fitHead)
	write(t, dir, "a/.hidden.fit", fitHead)
	write(t, dir, ".git/x.fit", fitHead)
	write(t, dir, "a/notes.txt", []byte("hello"))
	write(t, dir, "a/noext", []byte(tinyGPX)) // recognised by content
	write(t, dir, "b/ride.GPX", []byte(tinyGPX))
	write(t, dir, "b/swim.tcx.gz", gz(t, []byte("<TrainingCenterDatabase/>")))
	write(t, dir, "b/wrongext.fit", []byte(tinyGPX)) // Decode sniffs it as GPX later
	write(t, dir, "c/export.zip", zipOf(t, map[string][]byte{
		"activities/1.fit.gz": gz(t, fitHead),
		"activities/2.gpx":    []byte(tinyGPX),
		"README.txt":          []byte("not an activity"),
		"__MACOSX/._2.gpx":    []byte("junk"),
		"../../evil.gpx":      []byte(tinyGPX),
		"inner.zip":           zipOf(t, map[string][]byte{"deep/3.tcx": []byte("<TrainingCenterDatabase/>")}, "deep/3.tcx"),
	}, "activities/1.fit.gz", "activities/2.gpx", "README.txt", "__MACOSX/._2.gpx", "../../evil.gpx", "inner.zip"))

	got := walked(t, dir, importer.Options{}, dir)
	want := []string{
		"a/noext", "a/run.fit",
		"b/ride.GPX", "b/swim.tcx.gz", "b/wrongext.fit",
		"c/export.zip!/activities/1.fit.gz", "c/export.zip!/activities/2.gpx",
		"c/export.zip!/evil.gpx", // a label only: nothing is extracted, nothing escapes
		"c/export.zip!/inner.zip!/deep/3.tcx",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
}

func TestWalkExplicitAndMissing(t *testing.T) {
	dir := t.TempDir()
	txt := write(t, dir, "notes.txt", []byte("hello"))
	got := walked(t, dir, importer.Options{}, txt, filepath.Join(dir, "missing.fit"))
	want := []string{"notes.txt", "missing.fit ERR"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
	var e importer.Entry
	w := importer.NewWalker(importer.Options{})
	defer w.Close()
	w.Walk(context.Background(), []string{txt}, func(x importer.Entry) error { e = x; return nil })
	_, err := importer.DecodeEntry(e, importer.Options{})
	if !errors.Is(err, importer.ErrUnknownFormat) {
		t.Errorf("decode a text file: got %v, want ErrUnknownFormat", err)
	}
}

func TestWalkBounds(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte(" "), 4096)
	write(t, dir, "many.zip", zipOf(t, map[string][]byte{
		"1.gpx": []byte(tinyGPX), "2.gpx": []byte(tinyGPX), "3.gpx": []byte(tinyGPX),
	}, "1.gpx", "2.gpx", "3.gpx"))
	got := walked(t, dir, importer.Options{MaxEntries: 2}, filepath.Join(dir, "many.zip"))
	want := []string{"many.zip!/1.gpx", "many.zip!/2.gpx", "many.zip!/3.gpx ERR"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entry bound (-want +got):\n%s", diff)
	}

	// A zip bomb in miniature: one entry larger than MaxFileBytes once expanded.
	write(t, dir, "bomb.zip", zipOf(t, map[string][]byte{"x.gpx": append([]byte(tinyGPX), big...)}, "x.gpx"))
	var entries []importer.Entry
	bw := importer.NewWalker(importer.Options{MaxFileBytes: 1024})
	defer bw.Close()
	bw.Walk(context.Background(), []string{filepath.Join(dir, "bomb.zip")},
		func(e importer.Entry) error { entries = append(entries, e); return nil })
	if len(entries) != 1 {
		t.Fatalf("got %d entries, want 1", len(entries))
	}
	if _, err := entries[0].Read(); !errors.Is(err, importer.ErrTooLarge) {
		t.Errorf("read an oversize entry: got %v, want ErrTooLarge", err)
	}

	// gzip that expands beyond the bound.
	_, err := importer.Decode("big.gpx.gz", gz(t, append([]byte(tinyGPX), bytes.Repeat(big, 64)...)), importer.Options{MaxFileBytes: 1024})
	if !errors.Is(err, importer.ErrTooLarge) {
		t.Errorf("gunzip beyond the bound: got %v, want ErrTooLarge", err)
	}

	// Nesting deeper than MaxDepth.
	z := zipOf(t, map[string][]byte{"a.gpx": []byte(tinyGPX)}, "a.gpx")
	for i := 0; i < 3; i++ {
		z = zipOf(t, map[string][]byte{"n.zip": z}, "n.zip")
	}
	write(t, dir, "deep.zip", z)
	got = walked(t, dir, importer.Options{MaxDepth: 2}, filepath.Join(dir, "deep.zip"))
	want = []string{"deep.zip!/n.zip!/n.zip ERR"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("depth bound (-want +got):\n%s", diff)
	}
}

// TestWalkReadAfter: entries of an archive on disk can be read after Walk returns (parallel
// workers read them later), until Close.
func TestWalkReadAfter(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "export.zip", zipOf(t, map[string][]byte{"a.gpx": []byte(tinyGPX), "b/c.gpx": []byte(tinyGPX)}, "a.gpx", "b/c.gpx"))
	w := importer.NewWalker(importer.Options{})
	var entries []importer.Entry
	if err := w.Walk(context.Background(), []string{p}, func(e importer.Entry) error { entries = append(entries, e); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		acts, err := importer.DecodeEntry(e, importer.Options{})
		if err != nil || len(acts) != 1 {
			t.Errorf("%s after Walk: %d activities, %v", e.Path, len(acts), err)
		}
	}
	w.Close()
	if _, err := entries[0].Read(); err == nil {
		t.Error("read after Close succeeded; want an error")
	}
}

func TestWalkCorruptZip(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "broken.zip", []byte("PK\x03\x04 this is not really a zip"))
	write(t, dir, "ok.gpx", []byte(tinyGPX))
	got := walked(t, dir, importer.Options{}, dir)
	want := []string{"broken.zip ERR", "ok.gpx"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		head []byte
		want importer.Kind
	}{
		{"fit12", fitHead, importer.KindFIT},
		{"gzip", gz(t, []byte("x")), importer.KindGzip},
		{"zip", []byte("PK\x03\x04rest"), importer.KindZip},
		{"gpx", []byte(tinyGPX), importer.KindGPX},
		{"gpx with BOM and comment", []byte("\ufeff<?xml version='1.0'?><!-- hi --><gpx>"), importer.KindGPX},
		{"tcx leading whitespace", []byte("   \n<?xml version=\"1.0\"?>\n<TrainingCenterDatabase xmlns=\"x\">"), importer.KindTCX},
		{"prefixed root", []byte("<g:gpx xmlns:g='x'>"), importer.KindGPX},
		{"other xml", []byte("<kml>"), importer.KindUnknown},
		{"text", []byte("hello"), importer.KindUnknown},
		{"empty", nil, importer.KindUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := importer.Sniff(tt.head); got != tt.want {
				t.Errorf("Sniff = %v, want %v", got, tt.want)
			}
		})
	}
}
