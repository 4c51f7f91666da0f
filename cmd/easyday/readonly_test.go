//go:build unix

package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadOnlyStore: report and list work on a store the user cannot write, in a folder the
// user cannot write, and give what they gave before; nothing is written beside it. Run as root,
// the test runs easyday as the user nobody, for whom the permissions hold.
func TestReadOnlyStore(t *testing.T) {
	src := demoSeason(t, "3")
	top := t.TempDir()
	folder := filepath.Join(top, "store")
	db := filepath.Join(folder, "s.db")
	if r := ez(t, db, "-q", "import", src); r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	reportArgs := []string{"report", "--format", "json", "--from", "2026-11-02", "--to", "2026-11-22"}
	want := map[string]result{"report": ez(t, db, reportArgs...), "list": ez(t, db, "list", "--json")}
	os.Remove(db + ".lock")
	before, _ := os.ReadDir(folder)

	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(folder, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(folder, 0o755) })
	run := func(args ...string) result {
		t.Helper()
		cmd := exec.Command(binary(t), args...)
		cmd.Env = append(os.Environ(), "EASYDAY_DB="+db, "XDG_CONFIG_HOME="+filepath.Join(top, "config"))
		if os.Geteuid() == 0 { // root writes anything: be nobody
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
			for _, d := range []string{filepath.Dir(top), top, filepath.Dir(binary(t))} {
				if err := os.Chmod(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
		}
		return runCmd(t, cmd)
	}
	if r := run("-q", "import", src); r.code == 0 {
		t.Fatalf("import into the read-only store: exit 0; the test cannot tell read-only from writable")
	}
	for name, args := range map[string][]string{"report": reportArgs, "list": {"list", "--json"}} {
		r := run(args...)
		if r.code != 0 || r.stdout != want[name].stdout {
			t.Errorf("%s on a read-only store: exit %d, stderr %q, same output as before: %v", name, r.code, r.stderr, r.stdout == want[name].stdout)
		}
	}
	after, _ := os.ReadDir(folder)
	if len(after) != len(before) {
		t.Errorf("files beside the store: %v, before %v", after, before)
	}
}

// TestMissingStore: report, list and digest on a store that does not exist say so and exit 1,
// and create nothing.
func TestMissingStore(t *testing.T) {
	db := filepath.Join(t.TempDir(), "nowhere", "s.db")
	for _, args := range [][]string{{"report"}, {"list"}, {"list", "--failed"}, {"report", "--format", "json"},
		{"digest"}, {"--db", db, "digest", "--format", "json"}} {
		r := ez(t, db, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "no store at "+db) || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 saying there is no store", args, r.code, r.stdout, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Dir(db)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the store's folder was created: %v", err)
	}
}

// TestReportNotices: on a store whose activities cannot give the key the effort model needs,
// every format of report says at its top what to set; CSV, which has no place for prose, says
// it on stderr.
func TestReportNotices(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	src := filepath.Join(dir, "src")
	if r := ez(t, db, "demo", "--weeks", "1", "--end", "2026-11-22", src); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	// A walk alone, under the lthr model: its heart rate estimates a max HR, but LTHR, which
	// the model needs, comes only from 20 minutes of a run.
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("effort_model = \"lthr\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	walks, _ := filepath.Glob(filepath.Join(src, "*-walk.*"))
	if len(walks) == 0 {
		t.Fatal("the demo week has no walk")
	}
	if r := ez(t, db, "--config", cfg, "-q", "import", walks[0]); r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	for _, f := range []string{"text", "md", "json", "csv"} {
		r := ez(t, db, "--config", cfg, "report", "--format", f, "--from", "2026-11-16", "--to", "2026-11-22")
		out := r.stdout
		if f == "csv" {
			out = r.stderr
		}
		top := strings.ReplaceAll(out[:min(len(out), 600)], `\_`, "_")
		if r.code != 0 || !strings.Contains(top, "No lthr in the profile") || !strings.Contains(top, "easyday profile --set lthr=") {
			t.Errorf("report --format %s: exit %d, top:\n%s\nwant the notice to set lthr", f, r.code, top)
		}
	}
}
