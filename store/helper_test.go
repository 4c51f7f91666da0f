package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
)

// The tests that need a second process run this test binary again, with helperEnv naming what
// the child is to do and helperDBEnv the database; TestHelperProcess is the child's body.
const (
	helperEnv   = "EASYDAY_STORE_TEST_HELPER"
	helperDBEnv = "EASYDAY_STORE_TEST_DB"
)

// child is a running helper process.
type child struct {
	cmd   *exec.Cmd
	lines *bufio.Scanner
}

// startChild starts the helper process doing role on the database at dbPath, and kills it
// when the test ends.
func startChild(t *testing.T, role, dbPath string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+role, helperDBEnv+"="+dbPath)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return &child{cmd: cmd, lines: bufio.NewScanner(out)}
}

// waitFor reads the child's output until a line starting with prefix, and returns that line.
func (c *child) waitFor(t *testing.T, prefix string) string {
	t.Helper()
	got := make(chan string, 1)
	go func() {
		for c.lines.Scan() {
			if l := c.lines.Text(); strings.HasPrefix(l, prefix) {
				got <- l
				return
			}
		}
		close(got)
	}()
	select {
	case l, ok := <-got:
		if !ok {
			t.Fatalf("helper process ended before saying %q", prefix)
		}
		return l
	case <-time.After(30 * time.Second):
		t.Fatalf("helper process did not say %q within 30 s", prefix)
	}
	return ""
}

// kill SIGKILLs the child (os.Process.Kill) and waits for it to end.
func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	c.cmd.Wait()
}

// TestHelperProcess is not a test: it is the body of the helper processes.
func TestHelperProcess(t *testing.T) {
	role := os.Getenv(helperEnv)
	if role == "" {
		t.Skip("the body of helper processes, run by other tests")
	}
	db := os.Getenv(helperDBEnv)
	var err error
	switch role {
	case "lock":
		err = holdLock(db)
	case "import":
		err = importForever(db)
	default:
		err = fmt.Errorf("unknown helper role %q", role)
	}
	fmt.Fprintln(os.Stderr, "helper:", err)
	os.Exit(2)
}

// holdLock takes the lock and holds it until killed.
func holdLock(db string) error {
	l, err := Lock(db)
	if err != nil {
		return err
	}
	fmt.Printf("locked %d\n", os.Getpid())
	defer l.Release() // never: the lock is held until the process is killed
	select {}
}

// importForever puts files into the store, one transaction each, until killed: new files,
// GPX copies of earlier runs (duplicates) and changed files (replacing activities).
func importForever(db string) error {
	ctx := context.Background()
	s, err := Open(ctx, db)
	if err != nil {
		return err
	}
	start := time.Date(2026, 1, 1, 7, 0, 0, 0, time.UTC)
	for i := 0; ; i++ {
		var (
			path string
			acts []Put
		)
		day := start.Add(time.Duration(i%50) * 24 * time.Hour)
		switch i % 4 {
		case 0, 1: // a new file with two sessions
			path = fmt.Sprintf("run-%d.fit", i)
			a := run(activity.FormatFIT, activity.SportRunning, day.Add(time.Duration(i)*time.Minute), 20*time.Minute, time.Second)
			b := run(activity.FormatFIT, activity.SportCycling, day.Add(6*time.Hour), 20*time.Minute, time.Second)
			acts = []Put{put(a), put(b)}
		case 2: // a GPX copy of an earlier run: a duplicate
			path = fmt.Sprintf("run-%d.gpx", i)
			j := i - 2
			a := run(activity.FormatGPX, activity.SportRunning, start.Add(time.Duration(j%50)*24*time.Hour+time.Duration(j)*time.Minute), 20*time.Minute, 2*time.Second)
			acts = []Put{put(a)}
		case 3: // an earlier FIT file changed: its activities are replaced
			path = fmt.Sprintf("run-%d.fit", i-3)
			a := run(activity.FormatFIT, activity.SportRunning, day.Add(time.Duration(i-3)*time.Minute), 25*time.Minute, time.Second)
			acts = []Put{put(a)}
		}
		f := FileState{Path: path, Size: int64(i), ModTime: start, Hash: fmt.Sprint("hash-", i)}
		if _, err := s.PutFile(ctx, f, acts); err != nil {
			return err
		}
		if i == 0 {
			fmt.Println("ready")
		}
	}
}
