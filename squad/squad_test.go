package squad

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/easyday/easyday/internal/athlete"
	"github.com/easyday/easyday/internal/demo"
	"github.com/easyday/easyday/internal/ingest"
	"github.com/easyday/easyday/profile"
	"github.com/easyday/easyday/report"
)

// TestMembers: the store is the db key's, else DATADIR/athletes/NAME.db; relative paths are
// the config file's folder's; the name falls back to NAME.
func TestMembers(t *testing.T) {
	cfg, err := profile.Load(strings.NewReader(`units = "imperial"
[athletes.anna]
name = "Anna Berg"
folder = ["garmin", "/abs/strava"]
db = "stores/anna.db"
[athletes.ben]
folder = "ben"
tz = "Europe/Berlin"
max_hr = 180
`), "/etc/coach/config.toml")
	if err != nil {
		t.Fatal(err)
	}
	got := Members(cfg, "/data/easyday")
	want := []Member{
		{Key: "anna", Name: "Anna Berg", Folders: []string{"/etc/coach/garmin", "/abs/strava"}, DB: "/etc/coach/stores/anna.db",
			Config: profile.Config{Path: "/etc/coach/config.toml", Settings: profile.Settings{Name: "Anna Berg", Units: "imperial", Profile: map[string]string{}}}},
		{Key: "ben", Name: "ben", Folders: []string{"/etc/coach/ben"}, DB: "/data/easyday/athletes/ben.db",
			Config: profile.Config{Path: "/etc/coach/config.toml", Settings: profile.Settings{TZ: "Europe/Berlin", Units: "imperial", Profile: map[string]string{"max_hr": "180"}}}},
	}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("Members (-got +want):\n%s", d)
	}
	if m, err := Find(cfg, "/data/easyday", "ben"); err != nil || m.DB != want[1].DB {
		t.Errorf("Find(ben): got %+v, %v", m, err)
	}
	if _, err := Find(cfg, "/data/easyday", "zoe"); !errors.Is(err, ErrUnknownAthlete) || !strings.Contains(err.Error(), "anna, ben") {
		t.Errorf("Find(zoe): got %v, want ErrUnknownAthlete naming anna, ben", err)
	}
}

// TestRun: every member runs, at most jobs at once; a failure is that member's result and
// stops no other; results keep members' order.
func TestRun(t *testing.T) {
	var members []Member
	for _, k := range []string{"a", "b", "c", "d", "e", "f"} {
		members = append(members, Member{Key: k, Name: strings.ToUpper(k)})
	}
	var running, peak atomic.Int32
	res := Run(context.Background(), members, 2, func(ctx context.Context, i int, m Member) (Row, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
		if m.Key == "b" || m.Key == "e" {
			return Row{}, errors.New("broken " + m.Key)
		}
		return Row{Load: float64(i)}, nil
	})
	if p := peak.Load(); p > 2 || p < 1 {
		t.Errorf("peak concurrency %d, want at most 2", p)
	}
	var got []string
	for i, r := range res {
		s := r.Member.Key + " " + r.Member.Name
		if r.Err != nil {
			s += " " + r.Err.Error()
		}
		got = append(got, s)
		if r.Err == nil && r.Value.Load != float64(i) {
			t.Errorf("result %d holds row %v", i, r.Value.Load)
		}
	}
	want := []string{"a A", "b B broken b", "c C", "d D", "e E broken e", "f F"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestSort: failures first, then warnings, advice and load over the usual, most first; rows
// without a usual load after those with one; names last.
func TestSort(t *testing.T) {
	nan := math.NaN()
	rows := []Row{
		{Name: "calm", Load: 100, Usual: 100},
		{Name: "new", Load: 50, Usual: nan},
		{Name: "heavy", Load: 180, Usual: 100},
		{Name: "warned once", Warnings: 1, Load: 10, Usual: 100},
		{Name: "failed", Err: "athlete x: locked", Usual: nan, Load: nan},
		{Name: "advised", Advice: 1, Usual: nan},
		{Name: "warned twice", Warnings: 2, Usual: nan},
		{Name: "also calm", Load: 100, Usual: 100},
	}
	Sort(rows)
	var got []string
	for _, r := range rows {
		got = append(got, r.Name)
	}
	want := []string{"failed", "warned twice", "warned once", "advised", "heavy", "also calm", "calm", "new"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestIndexEscapes: names, keys, messages and errors are escaped in the team index.
func TestIndexEscapes(t *testing.T) {
	rows := []Row{{Key: "x", Name: `<script>alert(1)</script>`, Err: `folder "<b>": no such file`}}
	b, err := Index(rows, time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	if strings.Contains(page, "<script>") || strings.Contains(page, "<b>") || !strings.Contains(page, "&lt;script&gt;") {
		t.Errorf("not escaped:\n%s", page)
	}
	if !strings.Contains(page, `class="failed"`) || !strings.Contains(page, "sync failed") || strings.Contains(page, "usual 0") || strings.Contains(page, "+0") {
		t.Errorf("a failed athlete's row does not say so:\n%s", page)
	}
}

// TestMemory: the digest memory round-trips beside the store; a missing one is no error, a
// damaged one is, naming the file.
func TestMemory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	if _, ok, err := LoadMemory(db); ok || err != nil {
		t.Fatalf("no memory yet: got ok %v, %v", ok, err)
	}
	mem := Memory{From: "2026-11-09", Keys: []string{"recovery_too_fast 2026-W46 2026-11-12 7"}}
	if err := SaveMemory(db, mem); err != nil {
		t.Fatal(err)
	}
	got, ok, err := LoadMemory(db)
	if !ok || err != nil || !cmp.Equal(got, mem) {
		t.Errorf("got %+v %v %v, want %+v", got, ok, err, mem)
	}
	if err := SaveMemory(db, Memory{From: "yesterday"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadMemory(db); err == nil || !strings.Contains(err.Error(), MemoryPath(db)) {
		t.Errorf("damaged memory: got %v, want an error naming %s", err, MemoryPath(db))
	}
}

// TestRowCache: a row comes back as it was put, NaN included, only in the state it was built
// in, across a save and a load; a damaged cache is an empty one.
func TestRowCache(t *testing.T) {
	dir := t.TempDir()
	id := int64(7)
	row := Row{Key: "anna", Today: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC), Warnings: 1, Load: 412, Usual: math.NaN(), Form: math.NaN(),
		RecoveryRuns: 2, RecoveryOK: 1, Last: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC),
		Flags: []report.Flag{{Kind: "recovery_too_fast", Week: "2026-W49", Date: "2026-12-05", Activity: &id, Message: "slow down"}}}
	c := LoadRowCache(dir)
	c.Put("anna", "2026-12-06\nstate", row)
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c = LoadRowCache(dir)
	got, ok := c.Get("anna", "2026-12-06\nstate")
	if !ok {
		t.Fatal("Get: not found after Save and LoadRowCache")
	}
	if d := cmp.Diff(got, row, cmpopts.EquateNaNs(), cmpopts.IgnoreUnexported(report.Flag{})); d != "" {
		t.Errorf("row (-got +want):\n%s", d)
	}
	if _, ok := c.Get("anna", "2026-12-07\nstate"); ok {
		t.Error("Get: a row of another day")
	}
	if err := os.WriteFile(filepath.Join(dir, RowCacheName), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, ok := LoadRowCache(dir).Get("anna", "2026-12-06\nstate"); ok {
		t.Error("a damaged cache gave a row")
	}
}

// TestUsualShortHistory: an athlete with four weeks of history has three seven-day spans
// before the last seven days: the row's usual load averages those three, the weeks before the
// first activity being unknown, not rest, and so is the weekly report's base of the same days
// (today a Sunday, the window is the ISO week).
func TestUsualShortHistory(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	end := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC) // a Sunday
	if _, err := demo.Generate(src, demo.Options{Weeks: 4, Seed: 2, End: end}); err != nil {
		t.Fatal(err)
	}
	cfg, err := profile.Load(strings.NewReader("max_hr = 186\n"), "config.toml")
	if err != nil {
		t.Fatal(err)
	}
	now := end.Add(20 * time.Hour)
	a, err := athlete.Open(ctx, athlete.Options{DB: filepath.Join(t.TempDir(), "s.db"), Config: cfg, Loc: time.UTC,
		Write: true, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := ingest.Run(ctx, a.Store, []string{src}, ingest.Options{Profile: a.Profile, Loc: time.UTC,
		Now: func() time.Time { return now }}); err != nil {
		t.Fatal(err)
	}
	row, err := Summarize(ctx, a, "metric", now, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.Report(ctx, end.AddDate(0, 0, -6), end, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Weeks) != 1 {
		t.Fatalf("report of the last week: %d weeks", len(r.Weeks))
	}
	tot := r.Weeks[0].Totals
	if tot.LoadPrevWeeks != 3 {
		t.Fatalf("the report compares the last week with %d weeks, want the 3 of the history", tot.LoadPrevWeeks)
	}
	if math.Abs(row.Usual-float64(tot.LoadPrevAvg)) > 0.01 || math.Abs(row.Load-float64(tot.Load)) > 0.01 {
		t.Errorf("row: load %.1f, usual %.1f; the report says %.1f against %.1f, the average of %d weeks",
			row.Load, row.Usual, float64(tot.Load), float64(tot.LoadPrevAvg), tot.LoadPrevWeeks)
	}
}

// TestUsualLoad: the spans before the first activity do not count; a span without activities
// is rest; one whose activities all lack a TRIMP does not count; none at all is NaN.
func TestUsualLoad(t *testing.T) {
	day0 := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	spans := []span{{load: 100, acts: 2, known: 2}, {acts: 1}, {}, {load: 300, acts: 1, known: 1}}
	at := func(d string) time.Time {
		t, _ := time.Parse(time.DateOnly, d)
		return t.Add(7 * time.Hour)
	}
	for _, c := range []struct {
		first time.Time
		want  float64
	}{
		{at("2026-10-01"), (100 + 0 + 300) / 3.0}, // all four spans in the history
		{at("2026-10-25"), (100 + 0 + 300) / 3.0}, // the fourth span's last day
		{at("2026-10-26"), (100 + 0) / 2.0},       // from the third span on
		{at("2026-11-15"), 100},                   // the last day of the span just before
		{at("2026-11-16"), math.NaN()},            // the window's first day
		{time.Time{}, math.NaN()},                 // no activities
	} {
		got := usualLoad(spans, c.first, time.UTC, day0)
		if !(got == c.want || math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("first activity %v: usual %v, want %v", c.first, got, c.want)
		}
	}
}

// TestIndexStale: the row of a failed sync read from the store as it stood says the failure
// and that it is the last good data, with what was measured; one without a store has nothing.
func TestIndexStale(t *testing.T) {
	nan := math.NaN()
	rows := []Row{
		{Key: "ben", Name: "ben", Err: "athlete ben: lock /s/ben.db.lock: held by easyday (pid 7)", Stale: true,
			Warnings: 1, Load: 412, Usual: 206, Form: -12, RecoveryRuns: 2, RecoveryOK: 1,
			Last: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), Flags: []report.Flag{{Kind: "recovery_too_fast", Message: "slow down"}}},
		{Key: "dan", Name: "dan", Err: "athlete dan: folder /w/dan: no such file or directory", Load: nan, Usual: nan, Form: nan},
	}
	b, err := Index(rows, time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	ben, dan, ok := strings.Cut(page, `data-athlete="dan"`)
	if !ok {
		t.Fatalf("no row for dan:\n%s", page)
	}
	for _, want := range []string{`<tr class="failed" data-athlete="ben">`, "sync failed", "held by easyday (pid 7)", "last good data",
		"1 warning", "slow down", "412", "usual 206 (&#43;100%)", "-12", "1 of 2 within limits", "Sat 5 Dec 2026"} {
		if !strings.Contains(ben, want) {
			t.Errorf("ben's row does not say %q:\n%s", want, ben)
		}
	}
	for _, want := range []string{"sync failed", "no such file or directory", "–"} {
		if !strings.Contains(dan, want) {
			t.Errorf("dan's row does not say %q:\n%s", want, dan)
		}
	}
	if strings.Contains(dan, "last good data") || strings.Contains(dan, "no flags") {
		t.Errorf("dan's row, nothing measured, shows measures:\n%s", dan)
	}
}
