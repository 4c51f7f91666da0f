package main

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/internal/corpus"
)

// easyday runs the command in-process and returns its exit code, stdout and stderr.
func easyday(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"unknown flag", []string{"inspect", "--nope", "x.fit"}},
		{"no files", []string{"inspect"}},
		{"bad units", []string{"--units", "furlongs", "inspect", "x.fit"}},
		{"bad tz", []string{"--tz", "Mars/Olympus", "inspect", "x.fit"}},
		{"unknown command", []string{"frobnicate"}},
		{"demo without dir", []string{"demo"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := easyday(t, tt.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d (stderr %q)", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, "easyday:") {
				t.Errorf("stderr %q does not say what is wrong", stderr)
			}
		})
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := easyday(t, "--version")
	if code != 0 || !strings.Contains(out, "easyday version") {
		t.Errorf("--version: exit %d, output %q", code, out)
	}
	code, out, _ = easyday(t, "--help")
	if code != 0 || !strings.Contains(out, "Exit codes") {
		t.Errorf("--help: exit %d, got %q; want the exit codes listed", code, out)
	}
	for _, cmd := range []string{"inspect", "demo"} {
		code, out, _ = easyday(t, "help", cmd)
		if code != 0 || !strings.Contains(out, "Examples:") {
			t.Errorf("help %s: exit %d, got %q; want an example", cmd, code, out)
		}
	}
}

// summaryFields are the JSON fields of DESIGN.md "Activity summary", in its order.
var summaryFields = []string{"file", "session", "format", "sport", "sub_sport", "start", "elapsed_s",
	"moving_s", "distance_m", "pace_s_per_km", "avg_hr", "max_hr", "samples", "hr_samples", "laps",
	"device", "partial", "device_summary"}

// classificationFields are the fields the analysis adds to list --json and inspect --json.
var classificationFields = []string{"class", "hard", "reasons", "effort", "effort_source", "zones_s", "trimp",
	"ascent_m", "descent_m", "gap_s_per_km"}

var deviceSummaryFields = []string{"distance_m", "timer_s", "elapsed_s", "avg_hr", "max_hr", "total_training_effect"}

// keys returns m's keys, sorted.
func keys(m map[string]json.RawMessage) []string { return slices.Sorted(maps.Keys(m)) }

func TestInspectJSONFields(t *testing.T) {
	dir := corpus.Dir(t)
	files := []string{
		filepath.Join(dir, "fit", "sportslib__6782987395.fit"),
		filepath.Join(dir, "gpx", "sportslib__6782987395.gpx"),
		filepath.Join(dir, "tcx", "sportslib__6782987395.tcx"),
		filepath.Join(dir, "bad", "sportslib__empty-sessions.fit"),
		filepath.Join(dir, "fit", "fitparse__Settings.fit"),
	}
	code, out, stderr := easyday(t, append([]string{"inspect", "--json"}, files...)...)
	if code != exitError {
		t.Errorf("exit %d with failing files, want %d", code, exitError)
	}
	var items []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s\n%s", err, out, stderr)
	}
	if len(items) != 5 {
		t.Fatalf("got %d items, want 5", len(items))
	}
	for i, it := range items[:3] {
		if diff := cmp.Diff(keys(it), slices.Sorted(slices.Values(slices.Concat(summaryFields, classificationFields)))); diff != "" {
			t.Errorf("item %d fields (-got +want):\n%s", i, diff)
		}
		var ds map[string]json.RawMessage
		if string(it["device_summary"]) != "null" {
			json.Unmarshal(it["device_summary"], &ds)
			if diff := cmp.Diff(keys(ds), slices.Sorted(slices.Values(deviceSummaryFields))); diff != "" {
				t.Errorf("item %d device_summary fields (-got +want):\n%s", i, diff)
			}
		}
	}
	for _, it := range items[3:] {
		if diff := cmp.Diff(keys(it), []string{"error", "file"}); diff != "" {
			t.Errorf("failed-file item fields (-got +want):\n%s", diff)
		}
		var file, msg string
		json.Unmarshal(it["file"], &file)
		json.Unmarshal(it["error"], &msg)
		if !strings.HasSuffix(file, ".fit") || msg == "" {
			t.Errorf("failed item %s: error %q; want the file and its problem", file, msg)
		}
	}
}

// TestBuiltBinary builds easyday and runs it the way README.md does.
func TestBuiltBinary(t *testing.T) {
	bin := binary(t)
	demoDir := filepath.Join(t.TempDir(), "demo")
	cmd := exec.Command(bin, "demo", "--weeks", "2", "--end", "2026-11-22", demoDir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("easyday demo: %v\n%s", err, out)
	}
	cmd = exec.Command(bin, "inspect", demoDir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("easyday inspect: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) < 5 || !strings.Contains(lines[0], "SPORT") {
		t.Fatalf("inspect printed %d lines:\n%s", len(lines), stdout.String())
	}
	if !strings.Contains(stdout.String(), "running") {
		t.Errorf("no run in the demo's inspect table:\n%s", stdout.String())
	}
}
