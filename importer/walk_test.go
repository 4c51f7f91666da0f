package importer_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
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
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("walk (-got +want):\n%s", diff)
	}
}

func TestWalkExplicitAndMissing(t *testing.T) {
	dir := t.TempDir()
	txt := write(t, dir, "notes.txt", []byte("hello"))
	got := walked(t, dir, importer.Options{}, txt, filepath.Join(dir, "missing.fit"))
	want := []string{"notes.txt", "missing.fit ERR"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("walk (-got +want):\n%s", diff)
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
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("entry bound (-got +want):\n%s", diff)
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
	_, err := entries[0].Read()
	if !errors.Is(err, importer.ErrTooLarge) {
		t.Errorf("read an oversize entry: got %v, want ErrTooLarge", err)
	}
	// The error names the entry as a value, not in its text alone.
	var fe *importer.FileError
	if !errors.As(err, &fe) || fe.Path != entries[0].Path || strings.Contains(importer.Reason(err), "bomb.zip") {
		t.Errorf("oversize entry: got %#v (reason %q), want a *FileError for %s whose reason does not repeat it", err, importer.Reason(err), entries[0].Path)
	}

	// gzip that expands beyond the bound.
	_, err = importer.Decode("big.gpx.gz", gz(t, append([]byte(tinyGPX), bytes.Repeat(big, 64)...)), importer.Options{MaxFileBytes: 1024})
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
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("depth bound (-got +want):\n%s", diff)
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

// TestWalkDeclaredSize: an archive entry is read into a buffer sized from what it really
// expands to, not from the size the archive declares: a tiny zip claiming 200 MB neither
// allocates them nor reads as anything but an error naming the entry.
func TestWalkDeclaredSize(t *testing.T) {
	const declared = 60 << 20 // within MaxFileBytes, so that the entry is read
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write([]byte(tinyGPX))
	fw.Close()
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	f, err := zw.CreateRaw(&zip.FileHeader{Name: "liar.gpx", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE([]byte(tinyGPX)),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	f.Write(comp.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := write(t, dir, "liar.zip", z.Bytes())

	w := importer.NewWalker(importer.Options{})
	defer w.Close()
	var entries []importer.Entry
	if err := w.Walk(context.Background(), []string{p}, func(e importer.Entry) error { entries = append(entries, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Size != declared {
		t.Fatalf("walked %d entries (%+v); want liar.gpx declaring %d bytes", len(entries), entries, declared)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b, err := entries[0].Read()
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("read allocated %d bytes", alloc)
	if alloc > 1<<20 {
		t.Errorf("reading an entry of %d bytes (%d compressed) that claims %d allocated %d bytes; want under 1 MiB", len(tinyGPX), comp.Len(), declared, alloc)
	}
	if err == nil || !strings.Contains(err.Error(), "liar.zip!/liar.gpx") {
		t.Errorf("read: %d bytes, error %v; want an error naming the entry", len(b), err)
	}
}

// TestWalkArchivesReleased: a folder of many one-activity archives (Garmin's "Export
// Original") is walked and read, in parallel, without holding their files open: an archive
// is open while Walk reads it and while an entry of it is read, not until Close.
func TestWalkArchivesReleased(t *testing.T) {
	if _, err := os.ReadDir("/proc/self/fd"); err != nil {
		t.Skip("counting open files needs /proc/self/fd")
	}
	openFiles := func() int {
		fds, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Fatal(err)
		}
		return len(fds)
	}
	const n = 64
	dir := t.TempDir()
	for i := range n {
		write(t, dir, fmt.Sprintf("%03d.zip", i), zipOf(t, map[string][]byte{"a.gpx": []byte(tinyGPX)}, "a.gpx"))
	}
	base := openFiles()
	w := importer.NewWalker(importer.Options{})
	defer w.Close()
	var entries []importer.Entry
	most := 0 // more files open than before, at most, while walking
	err := w.Walk(context.Background(), []string{dir}, func(e importer.Entry) error {
		entries = append(entries, e)
		most = max(most, openFiles()-base)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != n {
		t.Fatalf("walked %d entries; want %d", len(entries), n)
	}
	if open := openFiles() - base; most > 1 || open != 0 {
		t.Errorf("%d more files open while walking %d archives, %d after; want at most 1, then none", most, n, open)
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, e := range entries {
		wg.Go(func() {
			acts, err := importer.DecodeEntry(e, importer.Options{})
			if err == nil && len(acts) != 1 {
				err = fmt.Errorf("%d activities; want 1", len(acts))
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Errorf("reading the entries in parallel: %v", err)
	}
	if open := openFiles() - base; open != 0 {
		t.Errorf("%d more files open after every entry was read; want none", open)
	}
}

func TestWalkCorruptZip(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "broken.zip", []byte("PK\x03\x04 this is not really a zip"))
	write(t, dir, "ok.gpx", []byte(tinyGPX))
	got := walked(t, dir, importer.Options{}, dir)
	want := []string{"broken.zip ERR", "ok.gpx"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("walk (-got +want):\n%s", diff)
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
