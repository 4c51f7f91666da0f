package importer_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/hostile"
)

func nestedXML(t testing.TB, format string, depth int, doctype bool) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := hostile.NestedXML(&b, format, depth, doctype); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sessionsFIT(t testing.TB, n int, overlap bool) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := hostile.SessionsFIT(&b, n, overlap); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestXMLShapeBounded: documents nested deeper, or with a larger token, than any activity
// file are refused with ErrXMLShape and a reason, by the fast tokenizer and by encoding/xml
// (a DOCTYPE sends a document there), gzipped or not; those within the bounds are read.
func TestXMLShapeBounded(t *testing.T) {
	bigText := func(format string, doctype bool) []byte {
		d := nestedXML(t, format, 1, doctype)
		return bytes.Replace(d, []byte("<a></a>"), []byte("<a>"+strings.Repeat("x", importer.MaxXMLToken+1)+"</a>"), 1)
	}
	bigAttr := func(format string, doctype bool) []byte {
		d := nestedXML(t, format, 1, doctype)
		return bytes.Replace(d, []byte("<a></a>"), []byte(`<a v="`+strings.Repeat("y", importer.MaxXMLToken+1)+`"></a>`), 1)
	}
	for _, format := range []string{"gpx", "tcx"} {
		for _, doctype := range []bool{false, true} {
			name := format
			if doctype {
				name += "+doctype"
			}
			tests := []struct {
				name   string
				data   []byte
				reason string
			}{
				{"deep", nestedXML(t, format, 200_000, doctype), "nested deeper than 64"},
				{"deep-gzipped", gzBytes(t, nestedXML(t, format, 2_000_000, doctype)), "nested deeper than 64"},
				{"big-text", bigText(format, doctype), "a token of"},
				{"big-attribute", bigAttr(format, doctype), "a token of"},
			}
			for _, tt := range tests {
				t.Run(name+"/"+tt.name, func(t *testing.T) {
					_, err := importer.Decode("x."+format, tt.data, importer.Options{})
					if !errors.Is(err, importer.ErrXMLShape) || !strings.Contains(err.Error(), tt.reason) {
						t.Errorf("got %v, want ErrXMLShape saying %q", err, tt.reason)
					}
				})
			}
			t.Run(name+"/within", func(t *testing.T) {
				acts, err := importer.Decode("x."+format, nestedXML(t, format, importer.MaxXMLDepth-12, doctype), importer.Options{})
				if err != nil || len(acts) != 1 {
					t.Errorf("a document within the bounds: %d activities, %v; want 1", len(acts), err)
				}
			})
		}
	}
}

func gzBytes(t *testing.T, b []byte) []byte { return gz(t, b) }

// TestWalkOverlappingZip: entries whose data overlaps (many names over one stream, the
// overlapping zip bomb) are refused with ErrZipOverlap before anything is inflated, on disk
// and nested; the walk goes on with the other files.
func TestWalkOverlappingZip(t *testing.T) {
	dir := t.TempDir()
	var names []string
	for i := range 50 {
		names = append(names, fmt.Sprintf("activities/%02d.fit", i))
	}
	var zb bytes.Buffer
	if err := hostile.OverlappingZip(&zb, 8<<20, names...); err != nil {
		t.Fatal(err)
	}
	bomb := zb.Bytes()
	if _, err := zip.NewReader(bytes.NewReader(bomb), int64(len(bomb))); err != nil {
		t.Fatalf("the test archive does not open: %v", err)
	}
	write(t, dir, "bomb.zip", bomb)
	write(t, dir, "outer.zip", zipOf(t, map[string][]byte{"inner.zip": bomb, "ok.gpx": []byte(tinyGPX)}, "inner.zip", "ok.gpx"))
	w := importer.NewWalker(importer.Options{})
	defer w.Close()
	refused, ok := 0, 0
	err := w.Walk(context.Background(), []string{dir}, func(e importer.Entry) error {
		switch {
		case errors.Is(e.Err, importer.ErrZipOverlap):
			refused++
			if !strings.Contains(e.Err.Error(), "overlaps") || !strings.Contains(e.Err.Error(), e.Path) {
				t.Errorf("%s: reason %q", e.Path, e.Err)
			}
		case e.Err == nil:
			ok++
		default:
			t.Errorf("%s: %v", e.Path, e.Err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if refused != 2*len(names) || ok != 1 {
		t.Errorf("%d entries refused, %d passed on; want %d refused and ok.gpx", refused, ok, 2*len(names))
	}
}

// TestFITAbsurdCounts: a FIT file with more sessions than any device writes (5,000; one of
// 100,000 in a small .gz took over 400 s), or with sessions that overlap, is refused with
// ErrImplausible and its numbers; a multisport file's few sessions are read.
func TestFITAbsurdCounts(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"5000 sessions", sessionsFIT(t, 5000, false), "5000 sessions (an activity file has at most 256)"},
		{"5000 sessions gzipped", gzBytes(t, sessionsFIT(t, 5000, false)), "5000 sessions"},
		{"overlapping sessions", sessionsFIT(t, 20, true), "20 sessions overlap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			acts, err := importer.Decode("many.fit", tt.data, importer.Options{})
			t.Logf("%d bytes: %v in %v", len(tt.data), err, time.Since(start))
			if !errors.Is(err, importer.ErrImplausible) || !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("%d activities, error %v; want ErrImplausible saying %q", len(acts), err, tt.reason)
			}
		})
	}
	acts, err := importer.Decode("multi.fit", sessionsFIT(t, 5, false), importer.Options{})
	if err != nil || len(acts) != 5 {
		t.Errorf("5 sessions: %d activities, %v; want 5", len(acts), err)
	}
}
