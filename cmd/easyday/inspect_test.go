package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
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
