package athlete

import (
	"bytes"
	"context"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/internal/demo"
	"github.com/easyday/easyday/internal/ingest"
	"github.com/easyday/easyday/profile"
	"github.com/easyday/easyday/report"
)

// windowNote is the debug line Publish logs when it builds only the weeks since the last run.
const windowNote = "reports from the last run's week on"

// publisher publishes one store's reports on days a test chooses.
type publisher struct {
	t      *testing.T
	format string // html when empty
	a      *Athlete
	now    time.Time
	loc    *time.Location
	log    bytes.Buffer
	files  string // the activity files imported
}

func newPublisher(t *testing.T, config string) *publisher {
	t.Helper()
	cfg, err := profile.Load(strings.NewReader(config), "config.toml")
	if err != nil {
		t.Fatal(err)
	}
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	p := &publisher{t: t, loc: loc}
	p.a, err = Open(context.Background(), Options{DB: filepath.Join(t.TempDir(), "s.db"), Config: cfg, Loc: loc,
		Write: true, Now: func() time.Time { return p.now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.a.Close() })
	return p
}

// importFiles imports, on day, the demo files of src whose names sort before upTo (all when
// empty).
func (p *publisher) importFiles(day, src, upTo string) {
	p.t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, day, p.loc)
	if err != nil {
		p.t.Fatal(err)
	}
	p.now = d.Add(12 * time.Hour)
	if p.files == "" {
		p.files = p.t.TempDir()
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		p.t.Fatal(err)
	}
	for _, e := range ents {
		if e.Name() == "labels.tsv" || (upTo != "" && e.Name() >= upTo) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			p.t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p.files, e.Name()), b, 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
	if _, err := ingest.Run(context.Background(), p.a.Store, []string{p.files},
		ingest.Options{Profile: p.a.Profile, Loc: p.loc, Now: func() time.Time { return p.now }}); err != nil {
		p.t.Fatal(err)
	}
}

// publish publishes into dir on day (noon in Berlin) and says whether it found nothing to do,
// and whether it built only the weeks since the last run.
func (p *publisher) publish(dir, day string) (unchanged, window bool) {
	p.t.Helper()
	d, err := time.ParseInLocation(time.DateOnly, day, p.loc)
	if err != nil {
		p.t.Fatal(err)
	}
	p.now = d.Add(12 * time.Hour)
	p.log.Reset()
	format := p.format
	if format == "" {
		format = "html"
	}
	unchanged, err = p.a.Publish(context.Background(), PublishOptions{Dir: dir, Format: format, Units: "metric", Loc: p.loc,
		Version: "test", Log: slog.New(slog.NewTextHandler(&p.log, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		p.t.Fatalf("publish on %s: %v", day, err)
	}
	return unchanged, strings.Contains(p.log.String(), windowNote)
}

// folder reads a reports folder: every file's bytes, the record and the cache included.
func folder(t *testing.T, dir string) map[string]string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// TestPublishLaterDay: a folder brought up to date day after day, building only the weeks
// since the last run while the store is unchanged, holds on every day exactly what a publish
// into an empty folder writes that day: the week in progress, the weeks that ended, the
// index's advice and season. A run on the same day does nothing; an import, a page changed
// by hand or another profile make the next run build every week.
func TestPublishLaterDay(t *testing.T) {
	src := t.TempDir()
	if _, err := demo.Generate(src, demo.Options{Weeks: 10, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	p := newPublisher(t, "name = \"Anna\"\nmax_hr = 190\nmarathon_pace = \"4:50\"\n")
	inc := filepath.Join(t.TempDir(), "reports")
	check := func(day string, wantWindow bool) {
		t.Helper()
		unchanged, window := p.publish(inc, day)
		if window != wantWindow {
			t.Errorf("%s: built only the recent weeks %t, want %t", day, window, wantWindow)
		}
		if unchanged {
			t.Errorf("%s: a new day found nothing to render", day)
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		if _, w := p.publish(fresh, day); w {
			t.Errorf("%s: a publish into an empty folder built only recent weeks", day)
		}
		if d := cmp.Diff(folder(t, inc), folder(t, fresh)); d != "" {
			t.Errorf("%s: the folder brought up to date differs from a fresh one (-up to date +fresh):\n%s", day, d)
		}
		// What the publish kept gives the report of recent weeks as the whole history does.
		today := p.now.In(p.loc).Truncate(time.Hour).Add(-12 * time.Hour)
		for _, days := range []int{0, 9, 34} {
			from := today.AddDate(0, 0, -days)
			recent, ok, err := p.a.ReportRecent(context.Background(), inc, from, today)
			if err != nil || !ok {
				t.Fatalf("%s: ReportRecent from %d days back: %t, %v", day, days, ok, err)
			}
			whole, err := p.a.Report(context.Background(), from, today, nil)
			if err != nil {
				t.Fatal(err)
			}
			opts := report.Options{Units: "metric", Loc: p.loc}
			got, _, err := report.PagesWith(recent, "html", "index.html", opts, "", nil)
			if err != nil {
				t.Fatal(err)
			}
			want, _, _ := report.PagesWith(whole, "html", "index.html", opts, "", nil)
			if d := cmp.Diff(want, got); d != "" || len(got) < 2 {
				t.Errorf("%s: ReportRecent from %d days back differs from Report's (-whole +recent):\n%s", day, days, d)
			}
		}
		// The same day again: nothing to do, nothing written.
		before := folder(t, inc)
		if unchanged, _ := p.publish(inc, day); !unchanged {
			t.Errorf("%s: a second publish the same day rendered something", day)
		}
		if d := cmp.Diff(before, folder(t, inc)); d != "" {
			t.Errorf("%s: a second publish the same day changed the folder:\n%s", day, d)
		}
	}

	p.importFiles("2026-11-12", src, "2026-11-16") // up to the Sunday of the season's ninth week
	check("2026-11-12", false)                     // the first run: every week
	check("2026-11-13", true)                      // Friday: the week in progress moves on
	check("2026-11-16", true)                      // Monday: last week is over, a new one is in progress
	check("2026-11-18", true)

	p.importFiles("2026-11-19", src, "") // the last week's files: the store changed
	check("2026-11-19", false)
	check("2026-11-24", true) // across a week's end
	check("2026-12-09", true) // two weeks without activities
	check("2027-01-05", true) // across the year's end
	check("2027-01-06", true)

	// A week's page changed by hand: the next day builds every week, and puts it right.
	page := filepath.Join(inc, "2026-W46.html")
	if err := os.WriteFile(page, []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	check("2027-01-07", false)

	// Another profile (the config file edited): every week again.
	p.a.Profile.MaxHR = 186
	check("2027-01-08", false)
	check("2027-01-09", true)
}

// checkDays publishes into one folder on each of days, and on each day into an empty folder
// too, and finds the two the same; window says on which days the first built only the weeks
// since the last run.
func (p *publisher) checkDays(days []string, window []bool) {
	p.t.Helper()
	inc := filepath.Join(p.t.TempDir(), "reports")
	for i, day := range days {
		if _, w := p.publish(inc, day); w != window[i] {
			p.t.Errorf("%s: built only the recent weeks %t, want %t", day, w, window[i])
		}
		fresh := filepath.Join(p.t.TempDir(), "fresh")
		p.publish(fresh, day)
		if d := cmp.Diff(folder(p.t, inc), folder(p.t, fresh)); d != "" {
			p.t.Errorf("%s: the folder brought up to date differs from a fresh one (-up to date +fresh):\n%s", day, d)
		}
	}
}

// TestPublishLaterDayHardChain: almost four weeks of hard days in a row, each flagged back to
// back with the day before: a flag of a week the window builds links to the day before, whose
// flag links to the day before it, and so on into the weeks before the window, whose flags
// the window does not compute; the pages, the record and the cache are still a fresh
// publish's.
func TestPublishLaterDayHardChain(t *testing.T) {
	src := t.TempDir()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for d := range 26 { // a long run (hard) every day, 20 October to 14 November
		start := time.Date(2026, 10, 20+d, 7, 0, 0, 0, loc)
		a := demo.Run(start, 100*60, 1000, 0, uint64(d+1))
		a.Sport = activity.SportRunning
		var b bytes.Buffer
		if err := demo.WriteFIT(&b, &a); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, start.Format("2006-01-02")+"-long.fit"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := newPublisher(t, "max_hr = 190\nmarathon_pace = \"4:50\"\n")
	p.importFiles("2026-11-15", src, "")
	p.checkDays([]string{"2026-11-12", "2026-11-13", "2026-11-16", "2026-11-24"}, []bool{false, true, true, true})
	r, err := p.a.Report(context.Background(), time.Date(2026, 10, 20, 0, 0, 0, 0, loc), time.Date(2026, 11, 14, 0, 0, 0, 0, loc), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, wk := range r.Weeks {
		for _, f := range wk.Flags {
			if f.Kind == "back_to_back_hard" {
				n++
			}
		}
	}
	if n < 20 {
		t.Errorf("back_to_back_hard flags: %d, want the chain's (25): the test's runs are not hard", n)
	}
}

// TestPublishOtherFormats: a format other than html builds every week on a later day, and
// stays a fresh publish's.
func TestPublishOtherFormats(t *testing.T) {
	src := t.TempDir()
	if _, err := demo.Generate(src, demo.Options{Weeks: 6, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json"} {
		p := newPublisher(t, "max_hr = 190\n")
		p.format = format
		p.importFiles("2026-11-20", src, "")
		p.checkDays([]string{"2026-11-20", "2026-11-21", "2026-11-24"}, []bool{false, false, false})
	}
}

// TestPublishDamagedCache: a cache that is not the one written (damaged, or replaced) is not
// read: the next day builds every week, and writes it again.
func TestPublishDamagedCache(t *testing.T) {
	src := t.TempDir()
	if _, err := demo.Generate(src, demo.Options{Weeks: 6, Seed: 6}); err != nil {
		t.Fatal(err)
	}
	p := newPublisher(t, "max_hr = 190\n")
	p.importFiles("2026-11-20", src, "")
	dir := filepath.Join(t.TempDir(), "reports")
	p.publish(dir, "2026-11-20")
	cache := filepath.Join(dir, SyncCacheName)
	b, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	written := string(b)
	b[len(b)/2] ^= 0xff
	if err := os.WriteFile(cache, b, 0o644); err != nil {
		t.Fatal(err)
	}
	p.publish(dir, "2026-11-20")
	if again, err := os.ReadFile(cache); err != nil || string(again) != written {
		t.Errorf("the same day with a damaged cache: the cache is not written again (%v)", err)
	}
	if err := os.WriteFile(cache, []byte("not a cache"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, w := p.publish(dir, "2026-11-21"); w {
		t.Errorf("a later day read a cache that is not the one written")
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	p.publish(fresh, "2026-11-21")
	if d := cmp.Diff(folder(t, dir), folder(t, fresh)); d != "" {
		t.Errorf("after a damaged cache, the folder differs from a fresh one:\n%s", d)
	}
}

// TestZoneKey: two zones of one name with other offsets are other zones (Local changed under
// the same name); the same zone is the same.
func TestZoneKey(t *testing.T) {
	sp := span{first: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), last: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	a, b := zoneKey(time.FixedZone("Local", 0), sp), zoneKey(time.FixedZone("Local", 3600), sp)
	if a == b {
		t.Errorf("zones named Local at UTC and UTC+1: one key %q", a)
	}
	if zoneKey(berlin, sp) != zoneKey(berlin, sp) || zoneKey(berlin, sp) == zoneKey(time.FixedZone("Europe/Berlin", 3600), sp) {
		t.Errorf("Berlin's key is not its own: %q", zoneKey(berlin, sp))
	}
}

// TestPublishEmptyStore: before the first activity, the folder holds the week in progress
// and an index that says there is nothing yet, so that a nightly cron job over a watch folder
// still empty leaves something to open; the same day again does nothing.
func TestPublishEmptyStore(t *testing.T) {
	p := newPublisher(t, "")
	dir := filepath.Join(t.TempDir(), "reports")
	if unchanged, _ := p.publish(dir, "2026-12-02"); unchanged {
		t.Errorf("the first publish into an empty folder: nothing to do")
	}
	files := folder(t, dir)
	if !strings.Contains(files["index.html"], "no activities yet") || files["2026-W49.html"] == "" {
		t.Errorf("files %v: want index.html saying there are no activities yet, and 2026-W49.html", slices.Collect(maps.Keys(files)))
	}
	if unchanged, _ := p.publish(dir, "2026-12-02"); !unchanged {
		t.Errorf("the same day again: rendered something")
	}
}
