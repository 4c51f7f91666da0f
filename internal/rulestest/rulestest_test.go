package rulestest

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fakeT records what Check says; Fatalf stops Check as t.Fatalf would.
type fakeT struct {
	errs   []string
	failed bool
}

type fatal struct{}

func (f *fakeT) Helper() {}
func (f *fakeT) Errorf(format string, args ...any) {
	f.errs, f.failed = append(f.errs, fmt.Sprintf(format, args...)), true
}
func (f *fakeT) Fatalf(format string, args ...any) { f.Errorf(format, args...); panic(fatal{}) }
func (f *fakeT) Fatal(args ...any)                 { f.Errorf("%s", fmt.Sprint(args...)); panic(fatal{}) }
func (f *fakeT) Failed() bool                      { return f.failed }

// check runs Check with a fakeT and returns what it said.
func check(golden string, got map[string]Entry, update bool) []string {
	ft := &fakeT{}
	func() {
		defer func() {
			if r := recover(); r != nil && r != (fatal{}) {
				panic(r)
			}
		}()
		Check(ft, golden, got, func(g string, v int) string { return fmt.Sprintf("raise %s to %d", g, v+1) }, update)
	}()
	return ft.errs
}

func TestCheck(t *testing.T) {
	golden := filepath.Join(t.TempDir(), "rules.golden")
	a := Entry{Content: "c1", Group: "gpx", Version: 1, Digest: "d1"}
	b := Entry{Content: "c2", Group: "fit", Version: 1, Digest: "d2"}
	steps := []struct {
		name    string
		got     map[string]Entry
		update  bool
		want    string // a part of the one error expected; "" for none
		written map[string]Entry
	}{
		{"new files are stale", map[string]Entry{"a": a, "b": b}, false, "not up to date", nil},
		{"-update records them", map[string]Entry{"a": a, "b": b}, true, "", map[string]Entry{"a": a, "b": b}},
		{"the same results pass", map[string]Entry{"a": a, "b": b}, false, "", nil},
		{"a changed result under the same version fails",
			map[string]Entry{"a": {"c1", "gpx", 1, "d9"}, "b": b}, false, "raise gpx to 2", nil},
		{"and -update refuses it", map[string]Entry{"a": {"c1", "gpx", 1, "d9"}, "b": b}, true, "raise gpx to 2",
			map[string]Entry{"a": a, "b": b}},
		{"a raised version is stale", map[string]Entry{"a": {"c1", "gpx", 2, "d9"}, "b": b}, false, "version 2, was 1", nil},
		{"and -update records it; a file not read stays", map[string]Entry{"a": {"c1", "gpx", 2, "d9"}}, true, "",
			map[string]Entry{"a": {"c1", "gpx", 2, "d9"}, "b": b}},
		{"a file made anew is no rules change", map[string]Entry{"b": {"c3", "fit", 1, "d3"}}, false, "not up to date", nil},
	}
	for _, st := range steps {
		errs := check(golden, st.got, st.update)
		switch {
		case st.want == "" && len(errs) > 0:
			t.Errorf("%s: got errors %q, want none", st.name, errs)
		case st.want != "" && (len(errs) == 0 || !strings.Contains(errs[0], st.want)):
			t.Errorf("%s: got errors %q, want one saying %q", st.name, errs, st.want)
		}
		if st.written != nil {
			ft := &fakeT{}
			if d := cmp.Diff(read(ft, golden), st.written); d != "" {
				t.Errorf("%s: golden file (-got +want):\n%s", st.name, d)
			}
		}
	}
	if _, err := os.Stat(golden); err != nil {
		t.Fatal(err)
	}
}

func TestDigest(t *testing.T) {
	type inner struct {
		F float64
		S []string
	}
	type rec struct {
		T     time.Time
		P     *inner
		M     map[string]int
		small int
	}
	base := func() rec {
		return rec{T: time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("", 3600)),
			P: &inner{F: math.NaN(), S: []string{"a", "b"}}, M: map[string]int{"x": 1, "y": 2}, small: 1}
	}
	want := Digest(base())
	same := base()
	same.P.F = math.Float64frombits(0x7ff8000000000123) // another NaN
	same.M = map[string]int{"y": 2, "x": 1}
	if got := Digest(same); got != want {
		t.Errorf("the same values: digest %s, want %s", got, want)
	}
	changes := map[string]func(r *rec){
		"a float":           func(r *rec) { r.P.F = 0 },
		"a string moved":    func(r *rec) { r.P.S = []string{"ab"} },
		"the offset":        func(r *rec) { r.T = r.T.In(time.UTC) },
		"the instant":       func(r *rec) { r.T = r.T.Add(time.Nanosecond) },
		"a nil pointer":     func(r *rec) { r.P = nil },
		"a map value":       func(r *rec) { r.M["x"] = 3 },
		"an unexported int": func(r *rec) { r.small = 2 },
	}
	for name, f := range changes {
		r := base()
		f(&r)
		if Digest(r) == want {
			t.Errorf("%s changed: digest unchanged", name)
		}
	}
}
