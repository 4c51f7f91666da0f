//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
)

// TestKilledMidImport SIGKILLs a process that is writing files into the store, one
// transaction each, and checks that the store it leaves is consistent and usable.
func TestKilledMidImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a second process")
	}
	db := filepath.Join(t.TempDir(), "easyday.db")
	c := startChild(t, "import", db)
	c.waitFor(t, "ready")
	time.Sleep(300 * time.Millisecond)
	c.kill(t)

	s := mustOpen(t, db)
	defer s.Close()
	checks := []struct {
		name  string
		query string
		want  string
	}{
		{"integrity", `PRAGMA integrity_check`, "ok"},
		{"foreign keys", `SELECT count(*) FROM pragma_foreign_key_check`, "0"},
		{"activities without a file", `SELECT count(*) FROM activities a
			WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.path = a.file_path)`, "0"},
		{"files whose count is off", `SELECT count(*) FROM files f
			WHERE f.activities <> (SELECT count(*) FROM activities a WHERE a.file_path = f.path)`, "0"},
		{"activities without data", `SELECT count(*) FROM activities a
			WHERE NOT EXISTS (SELECT 1 FROM activity_data d WHERE d.activity_id = a.id)`, "0"},
		{"data without an activity", `SELECT count(*) FROM activity_data d
			WHERE NOT EXISTS (SELECT 1 FROM activities a WHERE a.id = d.activity_id)`, "0"},
		{"duplicates of duplicates", `SELECT count(*) FROM activities a
			JOIN activities p ON p.id = a.duplicate_of WHERE p.duplicate_of IS NOT NULL`, "0"},
		{"files with ok status but no activities", `SELECT count(*) FROM files
			WHERE status = 'ok' AND activities = 0`, "0"},
	}
	for _, ck := range checks {
		var got string
		if err := s.db.QueryRow(ck.query).Scan(&got); err != nil {
			t.Fatalf("%s: %v", ck.name, err)
		}
		if got != ck.want {
			t.Errorf("%s: got %s, want %s", ck.name, got, ck.want)
		}
	}

	var files, acts int
	s.db.QueryRow(`SELECT count(*) FROM files`).Scan(&files)
	s.db.QueryRow(`SELECT count(*) FROM activities`).Scan(&acts)
	t.Logf("the killed process left %d files and %d activities", files, acts)
	if files == 0 {
		t.Errorf("files: got 0, want the child's commits")
	}
	// Every stored activity still reads whole.
	list, err := s.Activities(context.Background(), Filter{IncludeDuplicates: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if _, err := s.Activity(context.Background(), a.ID); err != nil {
			t.Fatal(err)
		}
	}
	// And the next run carries on.
	mustPut(t, s, "after.fit", run(activity.FormatFIT, activity.SportRunning, t0, time.Hour, time.Second))
}
