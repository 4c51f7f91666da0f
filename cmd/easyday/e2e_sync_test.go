package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/internal/demo"
)

// folderBytes reads every file of a reports folder (the sync manifest included).
func folderBytes(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

// sameAsFresh checks that the reports folder out holds byte for byte what a sync of src into
// an empty folder, from the same store, writes.
func sameAsFresh(t *testing.T, db, src, out string, args ...string) {
	t.Helper()
	fresh := filepath.Join(t.TempDir(), "fresh")
	if r := ez(t, db, append(args, "sync", src, "--out", fresh)...); r.code != 0 {
		t.Fatalf("fresh sync: exit %d: %s", r.code, r.stderr)
	}
	got, want := folderBytes(t, out), folderBytes(t, fresh)
	if len(want) < 3 {
		t.Fatalf("the fresh sync wrote only %d files", len(want))
	}
	gotNames, wantNames := slices.Sorted(mapKeys(got)), slices.Sorted(mapKeys(want))
	if d := cmp.Diff(wantNames, gotNames); d != "" {
		t.Errorf("files (-fresh +synced):\n%s", d)
	}
	differ := 0
	for name, b := range want {
		if g, ok := got[name]; ok && !bytes.Equal(g, b) {
			differ++
			t.Errorf("%s differs from a fresh sync's", name)
		}
	}
	t.Logf("%d files compared, %d differ", len(want), differ)
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestSyncConverges: whatever happened to the reports folder between two syncs (an import
// run on its own, a sync stopped while it rendered, pages deleted, a manifest from an older
// easyday), the next sync leaves it byte for byte as a sync into an empty folder would.
func TestSyncConverges(t *testing.T) {
	src := demoSeason(t, "8")
	// Hold back the last two weeks' files: they arrive later, out of band.
	later := filepath.Join(t.TempDir(), "later")
	if err := os.MkdirAll(later, 0o755); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(src, "2026-11-*"))
	moved := 0
	for _, f := range files {
		if base := filepath.Base(f); base >= "2026-11-09" {
			if err := os.Rename(f, filepath.Join(later, base)); err != nil {
				t.Fatal(err)
			}
			moved++
		}
	}
	if moved < 5 {
		t.Fatalf("held back %d files; the demo season's names changed?", moved)
	}
	db := filepath.Join(t.TempDir(), "s.db")
	out := filepath.Join(t.TempDir(), "reports")
	tz := []string{"--tz", "Europe/Berlin"}
	if r := ez(t, db, append(tz, "sync", src, "--out", out)...); r.code != 0 || r.stderr != "" {
		t.Fatalf("first sync: exit %d: %s", r.code, r.stderr)
	}
	before := folderBytes(t, out)

	// An import between two syncs: the next sync's own import finds nothing new.
	if r := ez(t, db, append(tz, "-q", "import", later)...); r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	if r := ez(t, db, append(tz, "sync", src, "--out", out)...); r.code != 0 || r.stderr != "" {
		t.Fatalf("sync after an import: exit %d: %s", r.code, r.stderr)
	}
	after := folderBytes(t, out)
	changed := 0
	for name, b := range after {
		if !bytes.Equal(before[name], b) {
			changed++
		}
	}
	if changed < 3 {
		t.Fatalf("the sync after an out-of-band import changed %d files; want the new weeks", changed)
	}
	sameAsFresh(t, db, src, out, tz...)

	// A sync stopped while it rendered: some pages new, the rest and the manifest as the
	// sync before left them. Put the older folder's files back over every other page.
	names := slices.Sorted(mapKeys(before))
	for i, name := range names {
		if i%2 == 0 || name == ".easyday-sync" {
			if err := os.WriteFile(filepath.Join(out, name), before[name], 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A page deleted, and a page of a week that no longer exists left from a manifest.
	os.Remove(filepath.Join(out, "index.html"))
	if r := ez(t, db, append(tz, "sync", src, "--out", out)...); r.code != 0 || r.stderr != "" {
		t.Fatalf("sync after an interrupted render: exit %d: %s", r.code, r.stderr)
	}
	sameAsFresh(t, db, src, out, tz...)

	// A manifest from before manifests (the old stamp): everything is rendered again.
	if err := os.WriteFile(filepath.Join(out, ".easyday-sync"), []byte("html stale-stamp"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "2026-W48.html"), []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := ez(t, db, append(tz, "sync", src, "--out", out)...); r.code != 0 || r.stderr != "" {
		t.Fatalf("sync over an old stamp: exit %d: %s", r.code, r.stderr)
	}
	sameAsFresh(t, db, src, out, tz...)
}

// TestSyncKilled kills sync with SIGKILL at points of its import, and with SIGTERM, and runs
// it again: the store lists what an import never interrupted lists, and the reports folder
// is what a sync into an empty folder writes. SIGTERM and SIGINT stop at a file boundary,
// print the summary line and exit 143 and 130.
func TestSyncKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("syncs a demo season several times")
	}
	src := demoSeason(t, "16")
	cleanDB := filepath.Join(t.TempDir(), "clean.db")
	importRun(t, cleanDB, src)
	want, _ := list(t, cleanDB)
	total := storedSoFar(cleanDB)

	for _, tc := range []struct {
		frac float64
		sig  syscall.Signal
		cmd  string
	}{
		{0.3, syscall.SIGKILL, "sync"},
		{0.7, syscall.SIGKILL, "sync"},
		{0.5, syscall.SIGTERM, "sync"},
		{0.5, syscall.SIGINT, "import"},
	} {
		t.Run(fmt.Sprintf("%s-%s-at%.0f%%", tc.cmd, tc.sig, 100*tc.frac), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "k.db")
			out := filepath.Join(t.TempDir(), "reports")
			args := []string{"sync", src, "--out", out}
			if tc.cmd == "import" {
				args = []string{"import", src}
			}
			var stderr bytes.Buffer
			cmd, stored := startUntilStored(t, db, tc.frac, total, &stderr, args...)
			cmd.Process.Signal(tc.sig)
			err := cmd.Wait()
			ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
			if tc.sig == syscall.SIGKILL {
				if !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
					t.Fatalf("not killed at %d of %d activities: %v", stored, total, err)
				}
			} else {
				code := 128 + int(tc.sig)
				if ws.ExitStatus() != code || !summaryRe.MatchString(stderr.String()) ||
					!strings.Contains(stderr.String(), "stopped by "+signalName(tc.sig)) || strings.Contains(stderr.String(), "context canceled") {
					t.Fatalf("after %s at %d of %d activities: exit %d, stderr %q; want %d, the summary line and the signal named",
						tc.sig, stored, total, ws.ExitStatus(), stderr.String(), code)
				}
				m := summaryRe.FindStringSubmatch(stderr.String())
				if n, _ := strconv.Atoi(m[1]); n == 0 || n >= total {
					t.Errorf("the summary says %s new of %d: want the files done before the signal", m[1], total)
				}
			}
			t.Logf("%s at %d of %d activities: %q", tc.sig, stored, total, stderr.String())
			r := ez(t, db, "sync", src, "--out", out)
			if r.code != 0 {
				t.Fatalf("sync again: exit %d: %s", r.code, r.stderr)
			}
			got, _ := list(t, db)
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("list after the stop and a sync differs (-clean +synced):\n%s", d)
			}
			sameAsFresh(t, db, src, out)
		})
	}
}

// TestSyncImplausibleDates: a FIT file dated 2117 (a corrupt clock) is refused with its
// reason, listed by list --failed, and kept out of the reports: sync writes the pages of the
// season, not of a century.
func TestSyncImplausibleDates(t *testing.T) {
	src := demoSeason(t, "2")
	for name, start := range map[string]time.Time{
		"future.fit": time.Date(2117, 3, 1, 7, 0, 0, 0, time.UTC),
		"past.fit":   time.Date(1989, 12, 31, 7, 0, 0, 0, time.UTC), // FIT time begins that day
	} {
		a := activity.Activity{Sport: activity.SportRunning, SubSport: "generic", Start: start}
		for k := range 600 {
			s := activity.NewSample(start.Add(time.Duration(k) * time.Second))
			s.Distance, s.HeartRate = 2.8*float64(k), 130
			a.Samples = append(a.Samples, s)
		}
		var b bytes.Buffer
		if err := demo.WriteFIT(&b, &a); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "s.db")
	out := filepath.Join(t.TempDir(), "reports")
	r := ez(t, db, "sync", src, "--out", out)
	if r.code != 0 || !strings.Contains(r.stderr, "2 failed") {
		t.Fatalf("sync: exit %d, stderr %q; want 2 failed", r.code, r.stderr)
	}
	pages, _ := filepath.Glob(filepath.Join(out, "*-W*.html"))
	if len(pages) == 0 || len(pages) > 10 {
		t.Errorf("sync wrote %d week pages; want the season's few", len(pages))
	}
	r = ez(t, db, "list", "--failed")
	if !strings.Contains(r.stdout, "future.fit") || !strings.Contains(r.stdout, "after 2027") ||
		!strings.Contains(r.stdout, "past.fit") || !strings.Contains(r.stdout, "before 1990") {
		t.Errorf("list --failed:\n%s\nwant both files with their reasons", r.stdout)
	}
}
