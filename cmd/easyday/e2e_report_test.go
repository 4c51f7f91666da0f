package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/internal/athlete"
)

// demoSeason writes a demo season once per test and returns its folder.
func demoSeason(t *testing.T, weeks string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "demo")
	if r := ez(t, filepath.Join(t.TempDir(), "unused.db"), "demo", "--weeks", weeks, "--end", "2026-11-22", dir); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	return dir
}

func mtimes(t *testing.T, dir string) map[string]time.Time {
	t.Helper()
	out := map[string]time.Time{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = info.ModTime()
	}
	return out
}

// TestSyncTwice: the cron command writes the reports, and run again prints nothing, exits 0
// and rewrites no file.
func TestSyncTwice(t *testing.T) {
	src := demoSeason(t, "6")
	db := filepath.Join(t.TempDir(), "s.db")
	out := filepath.Join(t.TempDir(), "reports")
	r := ez(t, db, "--tz", "Europe/Berlin", "sync", src, "--out", out)
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("first sync: exit %d, stdout %q, stderr %q; want silence", r.code, r.stdout, r.stderr)
	}
	before := mtimes(t, out)
	if _, ok := before["index.html"]; !ok || len(before) < 7 {
		t.Fatalf("first sync wrote %v", before)
	}
	time.Sleep(20 * time.Millisecond)
	r = ez(t, db, "--tz", "Europe/Berlin", "sync", src, "--out", out)
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("second sync: exit %d, stdout %q, stderr %q; want silence", r.code, r.stdout, r.stderr)
	}
	after := mtimes(t, out)
	for name, m := range before {
		if !after[name].Equal(m) {
			t.Errorf("%s rewritten by a sync with nothing new", name)
		}
	}
	// A new file that fails is said once.
	if err := os.WriteFile(filepath.Join(src, "broken.fit"), []byte("\x0e\x10junk.FITjunk"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = ez(t, db, "--tz", "Europe/Berlin", "sync", src, "--out", out)
	if r.code != 0 || !strings.Contains(r.stderr, "1 failed") {
		t.Errorf("sync with a new broken file: exit %d, stderr %q; want the summary line", r.code, r.stderr)
	}
	r = ez(t, db, "--tz", "Europe/Berlin", "sync", src, "--out", out)
	if r.code != 0 || r.stderr != "" {
		t.Errorf("sync again: exit %d, stderr %q; want silence (the failure is not new)", r.code, r.stderr)
	}
}

// TestSyncAfterProfileOrZoneChange: when the config file changes the profile, or --tz the
// zone, between two syncs, the next sync renders the classes a fresh import and report give,
// and still says nothing.
func TestSyncAfterProfileOrZoneChange(t *testing.T) {
	src := demoSeason(t, "6")
	db := filepath.Join(t.TempDir(), "s.db")
	out := filepath.Join(t.TempDir(), "reports")
	cfg := filepath.Join(t.TempDir(), "config.toml")
	steps := []struct{ name, config, tz string }{
		{"first sync", "", "UTC"},
		{"max_hr set in the config file", "max_hr = 190\n", "UTC"}, // tempo runs appear
		{"another zone", "max_hr = 190\n", "Pacific/Kiritimati"},   // a day-after run moves a day
	}
	var prev []string
	for _, step := range steps {
		if err := os.WriteFile(cfg, []byte(step.config), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"--config", cfg, "--tz", step.tz}
		r := ez(t, db, append(args, "sync", src, "--out", out, "--format", "json")...)
		if r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q; want silence", step.name, r.code, r.stdout, r.stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "report.json"))
		if err != nil {
			t.Fatal(err)
		}
		got := reportClasses(t, b)

		fresh := filepath.Join(t.TempDir(), "fresh.db")
		if r := ez(t, fresh, append(args, "-q", "import", src)...); r.code != 0 {
			t.Fatalf("%s: fresh import: exit %d: %s", step.name, r.code, r.stderr)
		}
		r = ez(t, fresh, append(args, "report", "--format", "json", "--from", "2026-10-01", "--to", "2026-11-30")...)
		if r.code != 0 {
			t.Fatalf("%s: fresh report: exit %d: %s", step.name, r.code, r.stderr)
		}
		if d := cmp.Diff(got, reportClasses(t, []byte(r.stdout))); d != "" {
			t.Errorf("%s: classes synced (-got) and of a fresh report (+want):\n%s", step.name, d)
		}
		if prev != nil && cmp.Equal(got, prev) {
			t.Errorf("%s: the classes did not change; want a change that tells stale reports", step.name)
		}
		prev = got
	}
}

// reportClasses returns "start class" for every activity of a report --format json.
func reportClasses(t *testing.T, b []byte) []string {
	t.Helper()
	var r struct {
		Weeks []struct {
			Activities []struct {
				Start string `json:"start"`
				Class string `json:"class"`
			} `json:"activities"`
		} `json:"weeks"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("report JSON: %v", err)
	}
	var out []string
	for _, w := range r.Weeks {
		for _, a := range w.Activities {
			out = append(out, a.Start+" "+a.Class)
		}
	}
	if len(out) == 0 {
		t.Fatal("no activity in the report")
	}
	return out
}

// TestBuildReportCharts: the heart rate of recovery runs is read from the store only for the
// HTML pages written.
func TestBuildReportCharts(t *testing.T) {
	src := demoSeason(t, "6")
	db := filepath.Join(t.TempDir(), "c.db")
	if r := ez(t, db, "-q", "--tz", "UTC", "import", src); r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	ctx := context.Background()
	a, err := athlete.Open(ctx, athlete.Options{DB: db, Loc: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	from, to := time.Date(2026, 10, 12, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	hrWeeks := func(t *testing.T, format string, weeks map[string]bool) map[string]int {
		t.Helper()
		r, err := a.Report(ctx, from, to, charted(format, weeks))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{} // week → recovery runs with heart rate
		for _, wk := range r.Weeks {
			for _, a := range wk.Activities {
				if len(a.HR) > 0 {
					out[wk.Week]++
				}
			}
		}
		return out
	}
	all := hrWeeks(t, "html", nil)
	if len(all) < 3 {
		t.Fatalf("html, every week: recovery runs with heart rate by week %v; want some in 3 weeks or more", all)
	}
	if got := hrWeeks(t, "json", nil); len(got) != 0 {
		t.Errorf("json: heart rate read for %v; want none", got)
	}
	var one string
	for wk := range all {
		one = wk
		break
	}
	if got, want := hrWeeks(t, "html", map[string]bool{one: true}), map[string]int{one: all[one]}; !cmp.Equal(got, want) {
		t.Errorf("html, week %s: heart rate read for %v; want %v", one, got, want)
	}
}

// TestReportEscapesNames: an activity named with markup reaches the HTML report escaped.
func TestReportEscapesNames(t *testing.T) {
	dir := t.TempDir()
	var pts strings.Builder
	start := time.Date(2026, 11, 18, 7, 0, 0, 0, time.UTC)
	for i := 0; i < 900; i++ {
		pts.WriteString(`<trkpt lat="` + ftoa(52.5+float64(i)*0.00003) + `" lon="13.4"><time>` +
			start.Add(time.Duration(i)*2*time.Second).Format(time.RFC3339) + `</time></trkpt>`)
	}
	gpx := `<?xml version="1.0"?><gpx version="1.1" creator="x"><trk><name>&lt;script&gt;alert(1)&lt;/script&gt; "run"</name><type>running</type><trkseg>` +
		pts.String() + `</trkseg></trk></gpx>`
	if err := os.WriteFile(filepath.Join(dir, "evil.gpx"), []byte(gpx), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "e.db")
	if c := importRun(t, db, dir); c.New != 1 {
		t.Fatalf("import: %+v", c)
	}
	out := filepath.Join(t.TempDir(), "html")
	r := ez(t, db, "--tz", "UTC", "report", "--week", "2026-W47", "--format", "html", "--out", out)
	if r.code != 0 {
		t.Fatalf("report: exit %d: %s", r.code, r.stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "2026-W47.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(page), "<script>alert") {
		t.Error("the activity name reached the page unescaped")
	}
	if !strings.Contains(string(page), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the activity name is missing from the page")
	}
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 6, 64) }

// TestProfileChangeReclassifies: without a profile no effort is known, so no run is tempo;
// setting max HR re-analyses every stored activity and the tempo runs appear.
func TestProfileChangeReclassifies(t *testing.T) {
	src := demoSeason(t, "4")
	db := filepath.Join(t.TempDir(), "p.db")
	importRun(t, db, src)
	count := func(class string) int {
		items := listClasses(t, db)
		n := 0
		for _, c := range items {
			if c == class {
				n++
			}
		}
		return n
	}
	if n := count("tempo"); n != 0 {
		t.Fatalf("%d tempo runs without any heart-rate profile; want 0 (effort unknown)", n)
	}
	r := ez(t, db, "profile", "--set", "max_hr=190", "--set", "marathon_pace=4:50")
	if r.code != 0 || !strings.Contains(r.stderr, "re-analysed") {
		t.Fatalf("profile --set: exit %d: %s", r.code, r.stderr)
	}
	if n := count("tempo"); n == 0 {
		t.Error("no tempo run after max HR was set; want the stored activities re-classified")
	}
}

// listClasses returns the class of every activity `list --json` prints.
func listClasses(t *testing.T, db string) []string {
	t.Helper()
	r := ez(t, db, "list", "--json")
	if r.code != 0 {
		t.Fatalf("list: %s", r.stderr)
	}
	var items []struct {
		Class string `json:"class"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Class)
	}
	return out
}
