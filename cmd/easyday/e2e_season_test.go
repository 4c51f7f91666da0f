package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSeasonAndAdvice runs README's demo the way a user does: after the demo's last day (a
// hard session) advice prescribes a recovery run in bpm and pace; the season finds the
// training camp's load spike; the config file's name titles the pages.
func TestSeasonAndAdvice(t *testing.T) {
	src := demoSeason(t, "12")
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("name = \"Anna\"\ntz = \"Europe/Berlin\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := ez(t, db, "--config", cfg, "profile", "--set", "max_hr=190", "--set", "marathon_pace=4:50"); r.code != 0 {
		t.Fatalf("profile: %s", r.stderr)
	}
	out := filepath.Join(dir, "reports")
	if r := ez(t, db, "--config", cfg, "sync", src, "--out", out); r.code != 0 {
		t.Fatalf("sync: %s", r.stderr)
	}

	r := ez(t, db, "--config", cfg, "advice", "--date", "2026-11-23")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "Mon 23 Nov: a recovery run of 30–40 min, under 133 bpm and slower than 5:50/km") {
		t.Errorf("advice: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = ez(t, db, "--config", cfg, "--units", "imperial", "advice", "--date", "2026-11-23", "--json")
	var a map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil {
		t.Fatalf("advice --json: %v\n%s", err, r.stdout)
	}
	if a["kind"] != "recovery" || a["hr_max_bpm"] != 133.0 || a["pace_floor_s_per_km"] != 350.0 || a["date"] != "2026-11-23" ||
		!strings.Contains(a["text"].(string), "slower than 9:23/mi") {
		t.Errorf("advice --json: %s", r.stdout)
	}
	if r := ez(t, db, "advice", "--date", "23 Nov"); r.code != 2 {
		t.Errorf("advice --date '23 Nov': exit %d, want 2", r.code)
	}

	r = ez(t, db, "--config", cfg, "season", "--to", "2026-11-22", "--format", "json")
	var s struct {
		Days  []map[string]any `json:"days"`
		Flags []struct {
			Kind, Week string
		} `json:"flags"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("season --format json: %v\n%s", err, r.stdout)
	}
	kinds := map[string]bool{}
	spikeWeek := ""
	for _, f := range s.Flags {
		kinds[f.Kind] = true
		if f.Kind == "load_spike" {
			spikeWeek = f.Week
		}
	}
	if len(s.Days) != 84 || !kinds["load_spike"] || !kinds["fatigued"] {
		t.Errorf("season: %d days, flags %+v; want 84 days, load_spike and fatigued", len(s.Days), s.Flags)
	}
	r = ez(t, db, "--config", cfg, "season", "--to", "2026-11-22")
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); r.code != 0 || !strings.HasPrefix(lines[0], "Season · Anna · ") {
		t.Errorf("season text: exit %d\n%s", r.code, r.stdout)
	}
	if r := ez(t, db, "season", "--format", "pdf"); r.code != 2 {
		t.Errorf("season --format pdf: exit %d, want 2", r.code)
	}
	// A range that ends before it starts is wrong usage, as for report and list.
	for _, c := range []struct{ args, want []string }{
		{[]string{"--from", "2026-11-20", "--to", "2026-11-10"}, []string{"2026-11-20", "2026-11-10"}},
		{[]string{"--from", "2099-01-01"}, []string{"--from 2099-01-01 is after today "}},
	} {
		r := ez(t, db, append([]string{"season"}, c.args...)...)
		ok := r.code == 2 && r.stdout == ""
		for _, w := range c.want {
			ok = ok && strings.Contains(r.stderr, w)
		}
		if !ok {
			t.Errorf("season %v: exit %d, stdout %q, stderr %q; want 2 and an error naming %q", c.args, r.code, r.stdout, r.stderr, c.want)
		}
	}

	idx, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<title>Anna · weekly reports", `class="advice`, "Load, fitness, fatigue, form"} {
		if !strings.Contains(string(idx), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	week, err := os.ReadFile(filepath.Join(out, "2026-W47.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(week), "<h1>Anna · week 2026-W47</h1>") {
		t.Error("week page not titled by name")
	}
	r = ez(t, db, "--config", cfg, "report", "--week", spikeWeek, "--format", "json")
	if !strings.Contains(r.stdout, `"kind": "load_spike"`) || !strings.Contains(r.stdout, `"severity": "warning"`) {
		t.Errorf("report of the camp week lacks load_spike:\n%.2000s", r.stdout)
	}
}
