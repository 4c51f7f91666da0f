package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/internal/corpus"
	"github.com/easyday/easyday/store"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
	binDir    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// binary builds easyday once for the tests that run it as users do.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "easyday-e2e")
		if buildErr != nil {
			return
		}
		builtBin = filepath.Join(binDir, "easyday")
		out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

type result struct {
	code           int
	stdout, stderr string
}

// ez runs the built binary with a store of its own (EASYDAY_DB) and no terminal.
func ez(t *testing.T, db string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "EASYDAY_DB="+db)
	return runCmd(t, cmd)
}

// runCmd runs cmd, without a terminal, and returns its exit code and output.
func runCmd(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("run %v: %v", cmd.Args, err)
	}
	return r
}

var summaryRe = regexp.MustCompile(`imported (\d+) new, (\d+) changed, (\d+) unchanged, (\d+) duplicate, (?:(\d+) skipped, )?(\d+) failed \((\d+) files, [0-9.]+s\)`)

type counts struct{ New, Changed, Unchanged, Duplicate, Skipped, Failed, Files, Decoded int }

// importRun runs `-v --log-format json import` and reads the summary line and the decoded count.
func importRun(t *testing.T, db string, paths ...string) counts {
	t.Helper()
	r := ez(t, db, append([]string{"-v", "--log-format", "json", "import"}, paths...)...)
	if r.code != 0 {
		t.Fatalf("import exit %d: %s", r.code, r.stderr)
	}
	m := summaryRe.FindStringSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("no summary line in %q", r.stderr)
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	c := counts{New: n(1), Changed: n(2), Unchanged: n(3), Duplicate: n(4), Skipped: n(5), Failed: n(6), Files: n(7), Decoded: -1}
	sc := bufio.NewScanner(strings.NewReader(r.stderr))
	for sc.Scan() {
		var rec struct {
			Msg     string `json:"msg"`
			Decoded int    `json:"decoded"`
		}
		if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "import done" {
			c.Decoded = rec.Decoded
		}
	}
	if c.Decoded < 0 {
		t.Fatalf("no 'import done' log record in %q", r.stderr)
	}
	return c
}

type listed struct {
	ID     int64    `json:"id"`
	Date   string   `json:"date"`
	File   string   `json:"file"`
	Format string   `json:"format"`
	Sport  string   `json:"sport"`
	Start  string   `json:"start"`
	Files  []string `json:"files"`
	Dist   *float64 `json:"distance_m"`
}

func list(t *testing.T, db string) (string, []listed) {
	t.Helper()
	r := ez(t, db, "list", "--json")
	if r.code != 0 {
		t.Fatalf("list exit %d: %s", r.code, r.stderr)
	}
	var items []listed
	if err := json.Unmarshal([]byte(r.stdout), &items); err != nil {
		t.Fatalf("list --json: %v\n%s", err, r.stdout)
	}
	return r.stdout, items
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(target, b, 0o644); err != nil {
			return err
		}
		return os.Chtimes(target, info.ModTime(), info.ModTime())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestImportIncremental: import the corpus, import again (nothing decoded), rename a file (not
// new), edit one (1 changed); the same run as FIT, GPX and TCX is stored once, as the FIT.
func TestImportIncremental(t *testing.T) {
	src := corpus.Dir(t)
	dir := filepath.Join(t.TempDir(), "corpus")
	copyTree(t, src, dir)
	db := filepath.Join(t.TempDir(), "e.db")

	first := importRun(t, db, dir)
	t.Logf("first import: %+v", first)
	if first.New == 0 || first.Decoded != first.Files {
		t.Fatalf("first import %+v: want every file decoded", first)
	}
	second := importRun(t, db, dir)
	// The files that failed or hold no activity still count as such, unread.
	if second.Decoded != 0 || second.Unchanged+second.Skipped+second.Failed != second.Files || second.New+second.Changed != 0 ||
		second.Failed != first.Failed || second.Skipped != first.Skipped {
		t.Fatalf("second import %+v: want nothing decoded, everything unchanged (first %+v)", second, first)
	}

	// A renamed file is not new, and is not decoded: the same file under another name, it
	// counts as a duplicate of the path it had.
	old := filepath.Join(dir, "fit", "sportslib__garmin.fit")
	if err := os.Rename(old, filepath.Join(dir, "fit", "renamed-garmin.fit")); err != nil {
		t.Fatal(err)
	}
	third := importRun(t, db, dir)
	if third.New != 0 || third.Duplicate != 1 || third.Unchanged+third.Duplicate+third.Skipped+third.Failed != third.Files || third.Decoded != 0 {
		t.Fatalf("after a rename %+v: want nothing new, 1 duplicate and nothing decoded", third)
	}

	// An edited file is changed: one heart rate of a GPX goes up by one.
	gpx := filepath.Join(dir, "gpx", "sportslib__garmin.gpx")
	b, err := os.ReadFile(gpx)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "<ns3:hr>61</ns3:hr>", "<ns3:hr>62</ns3:hr>", 1)
	if edited == string(b) {
		t.Fatal("could not edit the GPX")
	}
	if err := os.WriteFile(gpx, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	fourth := importRun(t, db, dir)
	if fourth.Changed != 1 || fourth.New != 0 || fourth.Decoded != 1 {
		t.Fatalf("after an edit %+v: want 1 changed, 1 decoded", fourth)
	}

	// Cross-format duplicates are stored once, the FIT kept.
	_, items := list(t, db)
	for _, run := range []string{"sportslib__6782987395", "sportslib__2067489619"} {
		var found []listed
		for _, it := range items {
			for _, f := range it.Files {
				if strings.Contains(f, run) {
					found = append(found, it)
					break
				}
			}
		}
		if len(found) != 1 {
			t.Errorf("%s: %d stored activities, want 1", run, len(found))
			continue
		}
		if found[0].Format != "fit" {
			t.Errorf("%s: kept the %s, want the FIT", run, found[0].Format)
		}
		t.Logf("%s stored once from %v", run, found[0].Files)
		if len(found[0].Files) < 2 {
			t.Errorf("%s: files %v, want the FIT with its GPX/TCX duplicates", run, found[0].Files)
		}
	}
}

// TestImportKilled kills the import with SIGKILL at several points, runs it again, and
// compares `list --json` with that of an import never interrupted: equal. The points are
// told by how many activities the import has stored, not by the clock, so that the kill
// lands inside the import however fast the machine runs it.
func TestImportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a demo season several times")
	}
	demoDir := filepath.Join(t.TempDir(), "demo")
	if r := ez(t, filepath.Join(t.TempDir(), "x.db"), "demo", "--weeks", "16", "--end", "2026-11-22", demoDir); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	cleanDB := filepath.Join(t.TempDir(), "clean.db")
	importRun(t, cleanDB, demoDir)
	want, wantItems := list(t, cleanDB)
	if len(wantItems) < 50 {
		t.Fatalf("clean import listed %d activities", len(wantItems))
	}
	total := storedSoFar(cleanDB)

	// Kill points spread over the import: at the start (once it holds the lock), early,
	// halfway, late.
	for _, frac := range []float64{0, 0.3, 0.55, 0.8} {
		t.Run(fmt.Sprintf("at%.0f%%", 100*frac), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "k.db")
			cmd, stored := startUntilStored(t, db, frac, total, nil, "import", demoDir)
			cmd.Process.Signal(syscall.SIGKILL)
			err := cmd.Wait()
			// An import that ended before the signal would leave nothing to test.
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("import not killed at %d of %d activities: %v", stored, total, err)
			}
			t.Logf("killed at %d of %d activities: %v", stored, total, err)
			c := importRun(t, db, demoDir)
			t.Logf("rerun: %+v", c)
			if c.Decoded == 0 {
				t.Errorf("the kill at %d of %d activities left no file to import again", stored, total)
			}
			got, _ := list(t, db)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("list after a kill and a rerun differs (-clean +rerun):\n%s", diff)
			}
		})
	}
}

// startUntilStored starts easyday with args on the store at db (its stderr into stderr when
// not nil) and returns once it holds the store's lock and has stored frac of total
// activities, with the number stored; the process is killed when the test ends.
func startUntilStored(t *testing.T, db string, frac float64, total int, stderr io.Writer, args ...string) (*exec.Cmd, int) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "EASYDAY_DB="+db)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	pid := strconv.Itoa(cmd.Process.Pid)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(2 * time.Millisecond) {
		if b, _ := os.ReadFile(db + ".lock"); strings.Contains(string(b), pid) {
			if stored := storedSoFar(db); float64(stored) >= frac*float64(total) {
				return cmd, stored
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v never stored %.0f%% of %d activities", args, 100*frac, total)
		}
	}
}

// storedSoFar counts the activities (duplicates included) in the store at db, which an
// import may be writing; 0 while it cannot be read yet.
func storedSoFar(db string) int {
	ctx := context.Background()
	st, err := store.OpenReadOnly(ctx, db)
	if err != nil {
		return 0
	}
	defer st.Close()
	acts, err := st.Activities(ctx, store.Filter{IncludeDuplicates: true})
	if err != nil {
		return 0
	}
	return len(acts)
}

// TestImportLocked: a second import while the first runs exits 3 at once and names the
// holder; after the first is killed, the next import proceeds.
func TestImportLocked(t *testing.T) {
	demoDir := filepath.Join(t.TempDir(), "demo")
	db := filepath.Join(t.TempDir(), "l.db")
	if r := ez(t, db+".x", "demo", "--weeks", "16", "--end", "2026-11-22", demoDir); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	first := exec.Command(binary(t), "import", demoDir)
	first.Env = append(os.Environ(), "EASYDAY_DB="+db)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()
	// Wait until the first holds the lock (its lock file names its pid).
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(db + ".lock")
		if strings.Contains(string(b), strconv.Itoa(first.Process.Pid)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first import never took the lock")
		}
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	r := ez(t, db, "import", demoDir)
	if r.code != exitLocked {
		t.Fatalf("second import exit %d, want %d: %s", r.code, exitLocked, r.stderr)
	}
	if !strings.Contains(r.stderr, strconv.Itoa(first.Process.Pid)) {
		t.Errorf("message %q does not name the holder's pid %d", r.stderr, first.Process.Pid)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second import took %v to give up; want at once", d)
	}
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	c := importRun(t, db, demoDir)
	if c.Failed != 0 || c.New+c.Unchanged+c.Duplicate+c.Changed != c.Files {
		t.Errorf("import after the kill: %+v", c)
	}
}
