package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/internal/demo"
)

// TestInspectJSONStreamsWholeArray: the array inspect --json writes item by item is byte for
// byte what json.Encoder writes for the whole array at once, with a failed file among the
// activities, and for no items at all.
func TestInspectJSONStreamsWholeArray(t *testing.T) {
	dir := t.TempDir()
	fx := demo.Fixtures()
	for _, name := range []string{"fixture-run.fit", "fixture-multisport.fit", "fixture-run.tcx", "fixture-run.gpx"} {
		if err := os.WriteFile(filepath.Join(dir, name), fx[name], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.fit"), []byte("<nope"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "none.db")
	code, got, _ := easyday(t, "--db", db, "inspect", "--json", dir)
	if code != exitError {
		t.Errorf("exit %d, want 1 for the broken file", code)
	}
	var items []json.RawMessage // raw: keeps each item's key order
	if err := json.Unmarshal([]byte(got), &items); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if len(items) < 6 { // a run, 3+ multisport sessions, TCX, GPX, the error
		t.Fatalf("%d items, want every activity and the error", len(items))
	}
	var whole bytes.Buffer
	enc := json.NewEncoder(&whole)
	enc.SetIndent("", "  ")
	if err := enc.Encode(items); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(whole.String(), got); diff != "" {
		t.Errorf("streamed output differs from the whole array's encoding (-whole +streamed):\n%s", diff)
	}
	_, got, _ = easyday(t, "--db", db, "inspect", "--json", t.TempDir())
	if got != "[]\n" {
		t.Errorf("no files: got %q, want %q", got, "[]\n")
	}
}

// TestInspectNoTimedPoints: a GPX with no timed track points (an empty track, points without
// times) fails inspect as it fails import: the same reason, the file named, exit 1; in --json
// as a failed file's item.
func TestInspectNoTimedPoints(t *testing.T) {
	dir := t.TempDir()
	const head = `<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">`
	files := map[string]string{
		"empty-trk.gpx": head + `<trk><name>Run</name><trkseg></trkseg></trk></gpx>`,
		"untimed.gpx":   head + `<trk><trkseg><trkpt lat="46.0" lon="14.0"><ele>300</ele></trkpt><trkpt lat="46.001" lon="14.0"/></trkseg></trk></gpx>`,
	}
	db := filepath.Join(t.TempDir(), "e.db")
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		want := p + ": no timed track points"
		if code, _, stderr := easyday(t, "--db", db, "import", p); !strings.Contains(stderr, "1 failed") {
			t.Fatalf("import %s: exit %d, stderr %q; want it failed", name, code, stderr)
		}
		code, stdout, stderr := easyday(t, "--db", db, "inspect", p)
		if code != exitError || !strings.Contains(stderr, "easyday: "+want) || strings.Contains(stdout, "cross") {
			t.Errorf("inspect %s: exit %d, stdout %q, stderr %q; want exit 1 and %q", name, code, stdout, stderr, want)
		}
		code, stdout, _ = easyday(t, "--db", db, "inspect", "--json", p)
		var items []map[string]any
		if err := json.Unmarshal([]byte(stdout), &items); err != nil {
			t.Fatalf("inspect --json %s: not JSON: %v", name, err)
		}
		if code != exitError || len(items) != 1 || items[0]["error"] != "no timed track points" || items[0]["file"] != p {
			t.Errorf("inspect --json %s: exit %d, %v; want exit 1 and the failed file's item", name, code, items)
		}
	}
}
