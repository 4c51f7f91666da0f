package athlete

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/easyday/easyday/internal/ingest"
	"github.com/easyday/easyday/profile"
	"github.com/easyday/easyday/store"
)

// imported returns a store path holding the intervals and run fixtures, imported under the
// default profile in UTC.
func imported(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "easyday.db")
	a, err := Open(context.Background(), Options{DB: db, Write: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	dir := filepath.Join("..", "..", "testdata")
	paths := []string{filepath.Join(dir, "fixture-intervals.fit"), filepath.Join(dir, "fixture-run.fit")}
	if _, err := ingest.Run(context.Background(), a.Store, paths, ingest.Options{Profile: a.Profile, Loc: a.Loc}); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestLockPolicy: a writing session holds the lock until Close, so a second writer fails with
// store.ErrLocked; a reading session opens all the same, and its Refresh, with stale analyses,
// changes nothing and says the store is busy; after Close it classifies them again.
func TestLockPolicy(t *testing.T) {
	ctx := context.Background()
	db := imported(t)
	w, err := Open(ctx, Options{DB: db, Write: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, Options{DB: db, Write: true}); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second writer: got %v, want store.ErrLocked", err)
	}
	cfg := profile.Config{Path: "c.toml", Settings: profile.Settings{Profile: map[string]string{"max_hr": "185"}}}
	r, err := Open(ctx, Options{DB: db, Config: cfg})
	if err != nil {
		t.Fatalf("reader beside a writer: %v", err)
	}
	defer r.Close()
	if r.Profile.MaxHR != 185 || r.Sources["max_hr"].Detail != "config file c.toml" {
		t.Errorf("profile: max_hr %g from %+v, want 185 from the config file", r.Profile.MaxHR, r.Sources["max_hr"])
	}
	n, busy, err := r.Refresh(ctx)
	if err != nil || !errors.Is(busy, store.ErrLocked) || n != 0 {
		t.Fatalf("refresh while locked: %d, busy %v, err %v; want 0, ErrLocked, nil", n, busy, err)
	}
	if current, _ := ingest.Current(ctx, r.Store, r.Profile, r.Loc); current {
		t.Fatal("stale analyses became current while the store was busy")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	n, busy, err = r.Refresh(ctx)
	if err != nil || busy != nil || n != 2 {
		t.Fatalf("refresh: %d, busy %v, err %v; want 2 analysed again", n, busy, err)
	}
	if current, _ := ingest.Current(ctx, r.Store, r.Profile, r.Loc); !current {
		t.Error("after refresh: analyses still stale")
	}
	if n, _, _ := r.Refresh(ctx); n != 0 {
		t.Errorf("second refresh analysed %d again, want 0", n)
	}
}

// TestOpenBadProfile: a profile that does not resolve fails Open, unless the session is for
// the command that fixes it.
func TestOpenBadProfile(t *testing.T) {
	ctx := context.Background()
	db := imported(t)
	cfg := profile.Config{Path: "c.toml", Settings: profile.Settings{Profile: map[string]string{"resting_hr": "110", "max_hr": "105"}}}
	if _, err := Open(ctx, Options{DB: db, Config: cfg}); err == nil {
		t.Fatal("Open with a bad profile: no error")
	}
	a, err := Open(ctx, Options{DB: db, Config: cfg, KeepBadProfile: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.ProfileErr == nil || a.Sources == nil {
		t.Errorf("KeepBadProfile: ProfileErr %v, sources %v", a.ProfileErr, a.Sources)
	}
}

// TestReport: the report of a session holds the stored activities under its profile, with the
// profile's view.
func TestReport(t *testing.T) {
	ctx := context.Background()
	a, err := Open(ctx, Options{DB: imported(t), Loc: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	first, last, err := a.Store.Span(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := a.Report(ctx, first, last, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, wk := range r.Weeks {
		n += len(wk.Activities)
	}
	if n != 2 || len(r.Profile) != len(profile.Keys()) {
		t.Errorf("report: %d activities, %d profile items; want 2 and %d", n, len(r.Profile), len(profile.Keys()))
	}
}
