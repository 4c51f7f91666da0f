// Package atomicfile writes files that users or the next run depend on: through a temporary
// file in the same folder, synced and renamed into place, so that a reader never sees half a
// file and a run killed mid-way leaves the old one.
package atomicfile

import (
	"bytes"
	"os"
	"path/filepath"
)

// Write writes b to path through a temporary file in the same folder, synced and renamed into
// place; a file that already holds b is left alone (changed is false).
func Write(path string, b []byte) (changed bool, err error) {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return false, nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return false, err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // gone after the rename; cleans up after a failure
	if _, err := f.Write(b); err != nil {
		f.Close()
		return false, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return false, err
	}
	if err := f.Close(); err != nil {
		return false, err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return false, err
	}
	return true, os.Rename(tmp, path)
}
