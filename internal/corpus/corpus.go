// Package corpus gives tests access to the shared corpus of real activity files
// (../shared/corpus beside the project root) and its MANIFEST.tsv and SUMMARIES.tsv. Tests that
// use it skip with a clear message where the corpus is absent (a user's fresh clone); CI has it.
package corpus

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// Dir returns the corpus folder, or skips the test when it is absent.
func Dir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("EASYDAY_CORPUS"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	d := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(d, "MANIFEST.tsv")); err != nil {
		t.Skipf("shared corpus not found at %s (these checks run in CI, where ../shared is present)", d)
	}
	return d
}

// Entry is one row of MANIFEST.tsv.
type Entry struct {
	File   string // relative to the corpus folder, e.g. "fit/sportslib__garmin.fit"
	Format string
	Sport  string
	HasHR  string
	Device string
	Notes  string
}

// NonActivity reports whether the manifest says the file is no activity (settings, course...).
func (e Entry) NonActivity() bool { return strings.HasPrefix(e.Sport, "n/") }

// EveryDecoderFails reports whether the manifest notes that the reference decoders fail too.
func (e Entry) EveryDecoderFails() bool { return strings.Contains(e.Notes, "also fails") }

// Bad reports whether the file lies under bad/.
func (e Entry) Bad() bool { return strings.HasPrefix(e.File, "bad/") }

// Manifest reads MANIFEST.tsv.
func Manifest(t testing.TB) []Entry {
	t.Helper()
	rows := readTSV(t, filepath.Join(Dir(t), "MANIFEST.tsv"))
	var out []Entry
	for _, r := range rows {
		out = append(out, Entry{File: r["file"], Format: r["format"], Sport: r["sport"],
			HasHR: r["has_hr"], Device: r["device_manufacturer"], Notes: r["notes"]})
	}
	return out
}

// Summary is one row of SUMMARIES.tsv: reference totals for one session of one file.
type Summary struct {
	File      string // base name
	Format    string
	Method    string
	Session   int
	Start     string
	ElapsedS  float64 // NaN when absent
	TimerS    float64
	DistanceM float64
	AvgHR     float64
	RecordHR  float64 // mean of the records' HR
}

// Summaries reads SUMMARIES.tsv.
func Summaries(t testing.TB) []Summary {
	t.Helper()
	rows := readTSV(t, filepath.Join(Dir(t), "SUMMARIES.tsv"))
	var out []Summary
	for _, r := range rows {
		idx, _ := strconv.Atoi(r["session_or_activity_index"])
		out = append(out, Summary{File: r["file"], Format: r["format"], Method: r["method"], Session: idx,
			Start: r["start_time"], ElapsedS: num(r["total_elapsed_s"]), TimerS: num(r["total_timer_s"]),
			DistanceM: num(r["distance_m"]), AvgHR: num(r["avg_hr"]), RecordHR: num(r["record_avg_hr"])})
	}
	return out
}

func num(s string) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

func readTSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	if len(recs) < 2 { // tests loop over the rows: none would pass them vacuously
		t.Fatalf("read %s: no rows under the header", path)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			if i < len(rec) {
				m[h] = rec[i]
			}
		}
		out = append(out, m)
	}
	return out
}
