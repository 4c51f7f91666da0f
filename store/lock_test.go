//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLockHeldByAnotherProcess(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sub", "easyday.db")
	c := startChild(t, "lock", db)
	line := c.waitFor(t, "locked ")
	pid := strings.TrimPrefix(line, "locked ")

	l, err := Lock(db)
	if err == nil {
		l.Release()
		t.Fatal("Lock while another process holds it: got nil error")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("Lock: got %v, want an error wrapping ErrLocked", err)
	}
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("Lock: got %T, want *LockedError", err)
	}
	if got := fmt.Sprint(le.PID); got != pid {
		t.Errorf("holder pid: got %s, want %s", got, pid)
	}
	if le.Since.IsZero() {
		t.Errorf("holder since: got the zero time, want when it took the lock")
	}
	for _, want := range []string{"pid " + pid, "since ", db + ".lock"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}

	// Killed, the holder leaves its file behind, which never blocks.
	c.kill(t)
	l, err = Lock(db)
	if err != nil {
		t.Fatalf("Lock after the holder was killed: %v", err)
	}
	b, err := os.ReadFile(db + ".lock")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("pid %d\n", os.Getpid()); !strings.HasPrefix(string(b), want) {
		t.Errorf("lock file: got %q, want it to start %q", b, want)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	if err := l.Release(); err != nil {
		t.Errorf("second Release: %v", err)
	}
}

func TestLockInProcess(t *testing.T) {
	db := filepath.Join(t.TempDir(), "easyday.db")
	l, err := Lock(db)
	if err != nil {
		t.Fatal(err)
	}
	// flock locks belong to open files: a second open in this process is refused too.
	if l2, err := Lock(db); !errors.Is(err, ErrLocked) {
		l2.Release()
		t.Fatalf("second Lock: got %v, want ErrLocked", err)
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l, err = Lock(db)
	if err != nil {
		t.Fatalf("Lock after Release: %v", err)
	}
	l.Release()
}

// TestLockedErrorMessage: the message names the lock file and the holder once, without
// saying twice that another process holds it.
func TestLockedErrorMessage(t *testing.T) {
	since := time.Date(2026, 12, 6, 3, 15, 2, 0, time.UTC)
	for _, c := range []struct {
		err  LockedError
		want string
	}{
		{LockedError{Path: "/d/a.db.lock"}, "lock /d/a.db.lock: held by another process"},
		{LockedError{Path: "/d/a.db.lock", PID: 42}, "lock /d/a.db.lock: held by pid 42"},
		{LockedError{Path: "/d/a.db.lock", PID: 42, Program: "easyday", Since: since},
			"lock /d/a.db.lock: held by easyday (pid 42) since " + since.Local().Format("2006-01-02 15:04:05 MST")},
	} {
		if got := c.err.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
		if !errors.Is(&c.err, ErrLocked) {
			t.Errorf("%q does not wrap ErrLocked", c.err.Error())
		}
	}
}
