package store

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/profile"
)

// TestGeneration: every write to what a report is made of (activities, their data, the
// profile) gives a new generation; reads, the ledger of files alone and SetState do not; two
// stores never share one.
func TestGeneration(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	gen := func() string {
		t.Helper()
		g, err := s.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	last := gen()
	step := func(what string, changes bool, do func() error) {
		t.Helper()
		if err := do(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		g := gen()
		if changed := g != last; changed != changes {
			t.Errorf("%s: generation %s → %s, want changed %t", what, last, g, changes)
		}
		last = g
	}
	var id int64
	step("put a file", true, func() error {
		id = mustPut(t, s, "a.fit", run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second)).Activities[0].ID
		return nil
	})
	step("read", false, func() error { _, err := s.Activities(ctx, Filter{}); return err })
	step("mark a failed file", false, func() error {
		return s.MarkFile(ctx, FileState{Path: "bad.fit", Size: 3, Status: StatusFailed, Reason: "truncated"})
	})
	step("keep a state", false, func() error { return s.SetState(ctx, "k", "v") })
	step("set an analysis", true, func() error { return s.SetAnalysis(ctx, id, json.RawMessage(`{"class":"easy"}`)) })
	step("set a profile value", true, func() error { return s.SetProfile(ctx, "max_hr", "190", profile.Set, "") })
	step("delete a profile value", true, func() error { return s.DeleteProfile(ctx, "max_hr") })
	step("put the file again, changed", true, func() error {
		mustPut(t, s, "a.fit", run(activity.FormatFIT, activity.SportRunning, t0.Add(time.Hour), time.Hour, time.Second))
		return nil
	})
	step("mark the file failed: its activity stays", false, func() error {
		return s.MarkFile(ctx, FileState{Path: "a.fit", Size: 3, Status: StatusFailed, Reason: "truncated"})
	})

	if v, ok, err := s.State(ctx, "k"); err != nil || !ok || v != "v" {
		t.Errorf("State(k): got %q %t %v, want v true nil", v, ok, err)
	}
	if err := s.SetState(ctx, "k", "w"); err != nil {
		t.Fatal(err)
	}
	if v, _, _ := s.State(ctx, "k"); v != "w" {
		t.Errorf("State(k) after a second SetState: got %q, want w", v)
	}
	if _, ok, err := s.State(ctx, "none"); ok || err != nil {
		t.Errorf("State(none): got %t %v, want false nil", ok, err)
	}

	// Each trigger on its own, in raw SQL: a write to any of the three tables raises it.
	for _, q := range []string{
		`INSERT INTO profile (key, value, source, updated_at) VALUES ('age', '40', 'set', 1)`,
		`UPDATE profile SET value = '41' WHERE key = 'age'`,
		`DELETE FROM profile WHERE key = 'age'`,
		`UPDATE activity_data SET laps = NULL`,
		`DELETE FROM activity_data`,
		`INSERT INTO activity_data (activity_id, samples) SELECT id, x'' FROM activities`,
		`UPDATE activities SET name = 'renamed'`,
		`INSERT INTO activities (file_path, session, format, sport, start_utc, samples_n, hr_samples, laps_n, listing)
			VALUES ('a.fit', 9, 'fit', 'running', 0, 0, 0, 0, x'')`,
		`DELETE FROM activities WHERE session = 9`,
	} {
		step(q, true, func() error { _, err := s.db.ExecContext(ctx, q); return err })
	}
	step("a file's ledger row", false, func() error {
		_, err := s.db.ExecContext(ctx, `UPDATE files SET seen_at = seen_at + 1`)
		return err
	})

	other := mustOpen(t, filepath.Join(t.TempDir(), "other.db"))
	defer other.Close()
	og, err := other.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if og[:32] == last[:32] {
		t.Errorf("two stores share the id %s", og[:32])
	}
}

// TestOpenReadOnlyLive: a store opened read-only beside a writer that holds it open sees what
// the writer committed, though it is still in the writer's journal (not checkpointed).
func TestOpenReadOnlyLive(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "live.db")
	w := mustOpen(t, path)
	defer w.Close()
	mustPut(t, w, "a.fit", run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second))
	r, err := OpenReadOnlyLive(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	mustPut(t, w, "b.fit", run(activity.FormatFIT, activity.SportRunning, t0.Add(24*time.Hour), time.Hour, time.Second))
	list, err := r.Activities(ctx, Filter{})
	if err != nil || len(list) != 2 {
		t.Errorf("the live reader sees %d activities (%v), want the writer's 2", len(list), err)
	}
	if _, err := OpenReadOnlyLive(ctx, filepath.Join(t.TempDir(), "none.db")); err == nil {
		t.Errorf("OpenReadOnlyLive of a missing store: no error")
	}
}
