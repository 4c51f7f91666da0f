package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWrite: a new file is written whole, the same bytes again change nothing (changed false,
// the same modification time), other bytes replace it; no temporary file is left behind.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "index.html")
	for i, c := range []struct {
		data    string
		changed bool
	}{{"one", true}, {"one", false}, {"two!", true}} {
		var before os.FileInfo
		if i > 0 {
			before, _ = os.Stat(path)
		}
		changed, err := Write(path, []byte(c.data))
		if err != nil || changed != c.changed {
			t.Fatalf("write %d (%q): got changed %v, %v; want %v", i, c.data, changed, err, c.changed)
		}
		b, err := os.ReadFile(path)
		if err != nil || string(b) != c.data {
			t.Fatalf("write %d: file holds %q, %v; want %q", i, b, err, c.data)
		}
		if after, _ := os.Stat(path); !c.changed && !os.SameFile(before, after) {
			t.Errorf("write %d: the same bytes replaced the file", i)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Errorf("folder holds %v, %v; want index.html alone", entries, err)
	}
	if _, err := Write(filepath.Join(dir, "no", "such", "folder", "f"), []byte("x")); err == nil {
		t.Error("write into a missing folder: no error")
	}
}
