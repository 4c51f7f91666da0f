package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestArchiveStatesRoundTrip: an archive's entry paths come back as MarkArchive was given
// them, sorted and each once, names no UTF-8 or holding a newline included; an archive of no
// entries has an empty list, not none; an entry outside the archive is refused.
func TestArchiveStatesRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	mtime := time.Unix(0, 1700000000123456789)
	marks := []ArchiveState{
		{Path: "in/Runs!/export.zip", Size: 10, ModTime: mtime, Entries: 99, Rules: 2, Paths: []string{
			"in/Runs!/export.zip!/b.fit", "in/Runs!/export.zip!/a\nb.fit", "in/Runs!/export.zip!/b.fit",
			"in/Runs!/export.zip!/\xff\xfe.gpx", "in/Runs!/export.zip!/inner.zip!/c.tcx"}},
		{Path: "trunc.zip", Size: 3, Rules: 2, Paths: []string{"trunc.zip"}},
		{Path: "empty.zip", Size: 22, Rules: 2},
	}
	for _, a := range marks {
		if err := s.MarkArchive(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.ArchiveStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]ArchiveState{
		"in/Runs!/export.zip": {Path: "in/Runs!/export.zip", Size: 10, ModTime: mtime, Entries: 4, Rules: 2, Paths: []string{
			"in/Runs!/export.zip!/a\nb.fit", "in/Runs!/export.zip!/b.fit", "in/Runs!/export.zip!/inner.zip!/c.tcx",
			"in/Runs!/export.zip!/\xff\xfe.gpx"}},
		"trunc.zip": {Path: "trunc.zip", Size: 3, Entries: 1, Rules: 2, Paths: []string{"trunc.zip"}},
		"empty.zip": {Path: "empty.zip", Size: 22, Rules: 2, Paths: []string{}},
	}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("archive states (-got +want):\n%s", d)
	}
	err = s.MarkArchive(ctx, ArchiveState{Path: "a.zip", Paths: []string{"a.zip!/1.fit", "b.zip!/2.fit"}})
	if err == nil || !strings.Contains(err.Error(), "store mark archive a.zip: entry b.zip!/2.fit is not in it") {
		t.Errorf("an entry outside the archive: got %v, want it refused", err)
	}
}
