package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/report"
	"github.com/easyday/easyday/store"
)

// TestSyncRereadsOlderRules: an activity that an easyday of older decoding rules stored with
// other values (here: its distance doubled, its file recorded under rules 0) is read again by
// the next sync, which stores its right values in place (its id kept) and renders again its
// week, whose page changes, and no week outside the weeks that week's load touches; silently.
// import then counts what it read again, and --reread reads every file again.
func TestSyncRereadsOlderRules(t *testing.T) {
	ctx := context.Background()
	src := demoSeason(t, "8")
	db := filepath.Join(t.TempDir(), "s.db")
	out := filepath.Join(t.TempDir(), "reports")
	sync := func(name string) {
		t.Helper()
		if r := ez(t, db, "--tz", "Europe/Berlin", "sync", src, "--out", out); r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q; want silence", name, r.code, r.stdout, r.stderr)
		}
	}
	sync("first sync")
	_, items := list(t, db)
	if len(items) < 10 {
		t.Fatalf("listed %d activities, want a season", len(items))
	}
	victim := items[len(items)/2]
	start := victimStart(t, victim)
	page := filepath.Join(out, report.WeekKey(start)+".html")
	right, err := os.ReadFile(page)
	if err != nil {
		t.Fatalf("the week page of activity %d: %v", victim.ID, err)
	}

	// What an older easyday left: another distance, stored and rendered, and the file read
	// under rules 0.
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.Activity(ctx, victim.ID)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := st.Activities(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stored {
		if s.ID != victim.ID {
			continue
		}
		sum := s.Summary
		sum.DistanceM *= 2
		if err := st.SetSummaries(ctx, map[int64]store.Put{s.ID: {Activity: a, Summary: sum, Analysis: s.Analysis}}); err != nil {
			t.Fatal(err)
		}
	}
	files, err := st.FileStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f, ok := files[a.Source.Path]
	if !ok {
		t.Fatalf("no ledger row for %s", a.Source.Path)
	}
	f.Rules, f.Digest = 0, "older"
	if err := st.MarkFile(ctx, f); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, items := list(t, db); math.Abs(*findListed(t, items, victim.ID).Dist-2**victim.Dist) > 1 {
		t.Fatalf("the older easyday's distance did not take: %.1f, want %.1f", *findListed(t, items, victim.ID).Dist, 2**victim.Dist)
	}
	if r := ez(t, db, "--tz", "Europe/Berlin", "report", "--week", report.WeekKey(start), "--format", "html", "--out", out); r.code != 0 {
		t.Fatalf("report: exit %d, %s", r.code, r.stderr)
	}
	wrong, err := os.ReadFile(page)
	if err != nil || string(wrong) == string(right) {
		t.Fatalf("the week page with the older distance: %v, same as before: %v", err, string(wrong) == string(right))
	}
	before := mtimes(t, out)
	time.Sleep(20 * time.Millisecond)
	sync("sync after the upgrade")

	_, after := list(t, db)
	got := findListed(t, after, victim.ID)
	if math.Abs(*got.Dist-*victim.Dist) > 0.01 {
		t.Errorf("activity %d's distance after the sync: got %.1f, want the file's %.1f", victim.ID, *got.Dist, *victim.Dist)
	}
	if len(after) != len(items) {
		t.Errorf("activities after the sync: got %d, want %d", len(after), len(items))
	}
	if now, err := os.ReadFile(page); err != nil || string(now) != string(right) {
		t.Errorf("%s after the sync: %v, the page of the right distance: %v", filepath.Base(page), err, string(now) == string(right))
	}
	touched := map[string]bool{"index.html": true, ".easyday-sync": true, ".easyday-sync.cache": true}
	for k := 0; k <= 4; k++ { // report.HistoryWeeks
		touched[report.WeekKey(start.AddDate(0, 0, 7*k))+".html"] = true
	}
	for name, m := range mtimes(t, out) {
		if !touched[name] && !m.Equal(before[name]) {
			t.Errorf("%s rewritten, a week the re-read file does not touch", name)
		}
	}

	// import counts what it reads again; --reread reads everything again, and changes nothing.
	r := ez(t, db, "import", "--reread", src)
	m := regexp.MustCompile(`(\d+) unchanged, (\d+) re-read, `).FindStringSubmatch(r.stderr)
	if r.code != 0 || m == nil || m[2] == "0" {
		t.Fatalf("import --reread: exit %d, %q; want a summary line with the files re-read", r.code, r.stderr)
	}
	if _, again := list(t, db); !strings.EqualFold(listing(again), listing(after)) {
		t.Errorf("import --reread changed the store:\n%s\nwant\n%s", listing(again), listing(after))
	}
	if r := ez(t, db, "import", src); r.code != 0 || strings.Contains(r.stderr, "re-read") {
		t.Errorf("import after --reread: exit %d, %q; want nothing read again", r.code, r.stderr)
	}
}

// findListed returns the listed activity with the given id.
func findListed(t *testing.T, items []listed, id int64) listed {
	t.Helper()
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("activity %d not listed", id)
	return listed{}
}

// victimStart returns the listed activity's start.
func victimStart(t *testing.T, it listed) time.Time {
	t.Helper()
	start, err := time.Parse(time.RFC3339, it.Start)
	if err != nil {
		t.Fatal(err)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return start.In(berlin)
}

// listing is the listed activities in words, one a line.
func listing(items []listed) string {
	var sb strings.Builder
	for _, it := range items {
		sb.WriteString(it.Start + " " + it.File + " " + it.Sport)
		if it.Dist != nil {
			sb.WriteString(" " + strings.TrimRight(strings.TrimRight(ftoa(*it.Dist), "0"), "."))
		}
		sb.WriteString("\n")
	}
	return sb.String()
}
