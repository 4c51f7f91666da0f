package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/easyday/easyday/internal/demo"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"run.fit", "run.fit"},
		{"Läufe/Morgenlauf 5 km.fit", "Läufe/Morgenlauf 5 km.fit"},
		{"a\x1b]0;owned\x07b", `a\x1b]0;owned\ab`},
		{"x\x1b[2Jy\nz\tw", `x\x1b[2Jy\nz\tw`},
		{"c1\u009bdel\x7f", `c1\u009bdel\x7f`},
		{"evil\u202egpx.exe", `evil\u202egpx.exe`},
		{"bad\xffutf8", `bad\xffutf8`},
	}
	for _, tt := range tests {
		if got := printable(tt.in); got != tt.want {
			t.Errorf("printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNamesEscaped: file and zip-entry names with ESC and OSC sequences come out escaped from
// list, list --failed, inspect and import -v (the logs), never raw.
func TestNamesEscaped(t *testing.T) {
	dir := t.TempDir()
	fx := demo.Fixtures()
	evil := "run\x1b]0;owned\x07\x1b[2J"
	if err := os.WriteFile(filepath.Join(dir, evil+".fit"), fx["fixture-run.fit"], 0o644); err != nil {
		t.Skipf("this file system refuses control characters in names: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad\x1b[31m.fit"), []byte("\x0e\x10junk.FITjunk"), 0o644); err != nil {
		t.Fatal(err)
	}
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, data := range map[string][]byte{"in\x1b[5mzip.tcx": fx["fixture-run.tcx"], "broken\x1b[1m.gpx": []byte("<gpx")} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "export.zip"), zb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "e.db")
	if _, _, errs := easyday(t, "--db", filepath.Join(t.TempDir(), "j.db"), "-v", "--log-format", "json", "import", dir); strings.ContainsAny(errs, "\x1b\x07") || !strings.Contains(errs, `\u001b`) {
		t.Errorf("import -v --log-format json: want the names escaped:\n%q", errs)
	}
	for _, args := range [][]string{
		{"-v", "import", dir},
		{"list"},
		{"list", "--failed"},
		{"inspect", dir},
		{"-v", "inspect", dir},
	} {
		_, out, errs := easyday(t, append([]string{"--db", db}, args...)...)
		all := out + errs
		if strings.ContainsAny(all, "\x1b\x07") {
			t.Errorf("%v printed a raw control character:\n%q", args, all)
		}
		if !strings.Contains(all, `\x1b`) && !strings.Contains(all, `\u001b`) {
			t.Errorf("%v: no escaped name in its output:\n%s", args, all)
		}
	}
}
