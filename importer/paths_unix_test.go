//go:build unix

package importer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/importer"
)

// TestWalkSymlinkedFolder: a folder given as a symbolic link (a sync folder linked into a
// cloud drive) is walked, its files named under the link; links inside it are not followed.
func TestWalkSymlinkedFolder(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "real/a/run.fit", fitHead)
	write(t, dir, "real/ride.gpx", []byte(tinyGPX))
	write(t, dir, "elsewhere/loop.fit", fitHead)
	link := filepath.Join(dir, "sync")
	if err := os.Symlink(filepath.Join(dir, "real"), link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "real", "inner")); err != nil {
		t.Fatal(err)
	}
	for _, arg := range []string{link, link + "/"} {
		got := walked(t, dir, importer.Options{}, arg)
		want := []string{"sync/a/run.fit", "sync/ride.gpx"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("walk %s (-want +got):\n%s", arg, diff)
		}
	}
}

// TestWalkSpecialFiles: a named pipe or a device given as a path fails at once with a reason,
// instead of blocking (a pipe nobody writes) or reading for ever (/dev/zero); inside a folder
// they are skipped.
func TestWalkSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.fit")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	write(t, dir, "run.fit", fitHead)
	paths := []string{fifo, dir}
	kinds := []string{"a named pipe"}
	if _, err := os.Stat("/dev/zero"); err == nil {
		paths = append(paths, "/dev/zero")
		kinds = append(kinds, "a character device")
	}
	done := make(chan []importer.Entry, 1)
	go func() {
		var got []importer.Entry
		w := importer.NewWalker(importer.Options{})
		defer w.Close()
		w.Walk(context.Background(), paths, func(e importer.Entry) error {
			if e.Err == nil {
				if _, err := e.Read(); err != nil {
					e.Err = err
				}
			}
			got = append(got, e)
			return nil
		})
		done <- got
	}()
	var got []importer.Entry
	select {
	case got = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the walk hung on a pipe or a device")
	}
	var failed []importer.Entry
	for _, e := range got {
		if e.Err != nil {
			failed = append(failed, e)
		}
	}
	if len(failed) != len(kinds) || len(got) != len(kinds)+1 {
		t.Fatalf("got %d entries, %d failed; want the pipe and device failed and run.fit read", len(got), len(failed))
	}
	for i, e := range failed {
		want := e.Path + ": " + kinds[i] + ", not a regular file" // said once
		if !errors.Is(e.Err, importer.ErrNotRegular) || e.Err.Error() != want {
			t.Errorf("%s: error %q, want ErrNotRegular, %q", e.Path, e.Err, want)
		}
	}
}
