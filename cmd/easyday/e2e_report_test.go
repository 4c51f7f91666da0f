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
	// A new file that fails is said once: the summary line, the file and its reason, and the
	// command that lists every failure, for cron to mail.
	if err := os.WriteFile(filepath.Join(src, "broken.fit"), []byte("\x0e\x10junk.FITjunk"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = ez(t, db, "--tz", "Europe/Berlin", "sync", src, "--out", out)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code != 0 || len(lines) != 3 || !strings.Contains(lines[0], "1 failed") ||
		!strings.HasPrefix(lines[1], "failed "+filepath.Join(src, "broken.fit")+": ") || len(lines[1]) < len("failed "+filepath.Join(src, "broken.fit")+": ")+5 ||
		lines[2] != "every file that failed: easyday --db "+db+" list --failed" {
		t.Errorf("sync with a new broken file: exit %d, stderr:\n%s\nwant the summary line, the file with its reason, and the list command", r.code, r.stderr)
	}
	if l := ez(t, db, "list", "--failed"); l.code != 0 || !strings.Contains(l.stdout, "broken.fit") {
		t.Errorf("the command sync named: exit %d, stdout %q; want the broken file", l.code, l.stdout)
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
		{"max_hr set in the config file", "max_hr = 160\n", "UTC"}, // easy runs become tempo runs
		{"another zone", "max_hr = 160\n", "Pacific/Kiritimati"},   // a day-after run moves a day
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
		r, err := a.Report(ctx, from, to, athlete.Charted(format, weeks))
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

// TestProfileChangeReclassifies: with a max HR set far too high every effort is low, so no
// run is tempo (and import estimates nothing over a value set); setting the true max HR
// re-analyses every stored activity and the tempo runs appear.
func TestProfileChangeReclassifies(t *testing.T) {
	src := demoSeason(t, "4")
	db := filepath.Join(t.TempDir(), "p.db")
	if r := ez(t, db, "-q", "profile", "--set", "max_hr=235"); r.code != 0 {
		t.Fatalf("profile --set: exit %d: %s", r.code, r.stderr)
	}
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
		t.Fatalf("%d tempo runs with max HR 235; want 0 (every effort low)", n)
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

// TestImportEstimatesProfile: a store filled only by import of the demo data, no profile set,
// yields effort, zones, load and flags, the profile's estimated values shown with their
// sources; a value set is never overwritten, and the estimates follow as history grows.
func TestImportEstimatesProfile(t *testing.T) {
	src := demoSeason(t, "6")
	db := filepath.Join(t.TempDir(), "s.db")
	if r := ez(t, db, "-q", "import", src); r.code != 0 || r.stderr != "" {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	r := ez(t, db, "report", "--format", "json", "--from", "2026-10-12", "--to", "2026-11-22")
	if r.code != 0 {
		t.Fatalf("report: exit %d: %s", r.code, r.stderr)
	}
	var rep struct {
		Notices []string `json:"notices"`
		Profile map[string]struct {
			Value  any    `json:"value"`
			Source string `json:"source"`
			Detail string `json:"detail"`
		} `json:"profile"`
		Weeks []struct {
			Activities []struct {
				File         string     `json:"file"`
				AvgHR        *float64   `json:"avg_hr"`
				Effort       *float64   `json:"effort"`
				EffortSource string     `json:"effort_source"`
				ZonesS       [5]float64 `json:"zones_s"`
				TRIMP        *float64   `json:"trimp"`
			} `json:"activities"`
			Flags []struct {
				Kind string `json:"kind"`
			} `json:"flags"`
		} `json:"weeks"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("report JSON: %v", err)
	}
	if len(rep.Notices) != 0 {
		t.Errorf("notices %q, want none: the profile was estimated", rep.Notices)
	}
	for _, key := range []string{"max_hr", "lthr", "marathon_pace"} {
		if v := rep.Profile[key]; v.Source != "estimated" || v.Value == nil || !strings.Contains(v.Detail, "(id ") {
			t.Errorf("profile %s = %+v, want an estimated value naming the activities it came from", key, v)
		}
	}
	withHR, flags := 0, 0
	for _, w := range rep.Weeks {
		flags += len(w.Flags)
		for _, a := range w.Activities {
			if a.AvgHR == nil {
				continue
			}
			withHR++
			var zones float64
			for _, z := range a.ZonesS {
				zones += z
			}
			if a.Effort == nil || a.EffortSource != "hr" || a.TRIMP == nil || zones <= 0 {
				t.Errorf("%s: effort %v from %s, TRIMP %v, zones %v; want them from heart rate", a.File, a.Effort, a.EffortSource, a.TRIMP, a.ZonesS)
			}
		}
	}
	if withHR == 0 || flags == 0 {
		t.Errorf("%d activities with heart rate, %d flags: want both", withHR, flags)
	}

	// A value set stays; the estimates follow a grown history.
	if r := ez(t, db, "-q", "profile", "--set", "lthr=171"); r.code != 0 {
		t.Fatalf("profile --set: exit %d: %s", r.code, r.stderr)
	}
	more := filepath.Join(t.TempDir(), "more")
	if r := ez(t, db, "demo", "--weeks", "3", "--seed", "2", "--end", "2026-12-13", more); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	if r := ez(t, db, "-q", "import", more); r.code != 0 {
		t.Fatalf("import more: exit %d: %s", r.code, r.stderr)
	}
	m := map[string]struct {
		Value  any    `json:"value"`
		Source string `json:"source"`
		Detail string `json:"detail"`
	}{}
	r = ez(t, db, "profile", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
		t.Fatalf("profile --json: %v\n%s", err, r.stdout)
	}
	if m["lthr"].Source != "set" || m["lthr"].Value != 171.0 {
		t.Errorf("lthr after a later import: %+v, want 171 (set)", m["lthr"])
	}
	if m["max_hr"].Source != "estimated" || !strings.Contains(m["max_hr"].Detail, "since 2025-12-13") {
		t.Errorf("max_hr after a later import: %+v, want an estimate over the grown history (12 months to 2026-12-13)", m["max_hr"])
	}
}
