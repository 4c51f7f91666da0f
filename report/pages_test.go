package report

import (
	"math"
	"slices"
	"testing"
	"time"
)

// TestPages: a week page's fingerprint changes with what the page shows (its activities and
// their start times, the weeks it links to, the units, the zone, the version), and not with
// an earlier week's content; Stale names what to render and what is gone.
func TestPages(t *testing.T) {
	d := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC) // Monday of W45
	runs := []Input{at(t, 1, time.UTC, 2026, 11, 3, 7, 0), at(t, 2, time.UTC, 2026, 11, 18, 7, 0)}
	build := func(in []Input, to time.Time) Report { return Build(in, testProfile(), nil, time.UTC, d, to) }
	pages := func(r Report, opts Options) Manifest {
		t.Helper()
		m, err := Pages(r, "html", "index.html", opts, "v1")
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	base := pages(build(runs, d.AddDate(0, 0, 20)), Options{})
	if len(base) != 4 { // W45, W46, W47, index
		t.Fatalf("%d pages: %v", len(base), base)
	}
	exists := func(string) bool { return true }
	if render, gone := base.Stale(base, exists); len(render)+len(gone) != 0 {
		t.Errorf("the same report: render %v, gone %v; want nothing", render, gone)
	}
	render, _ := base.Stale(base, func(n string) bool { return n != "2026-W46.html" })
	if !slices.Equal(render, []string{"2026-W46.html"}) {
		t.Errorf("a missing page: render %v, want it", render)
	}

	// The second run an hour later (a start time, which the JSON leaves out): its week and
	// the index change, the weeks before it do not.
	moved := slices.Clone(runs)
	moved[1] = at(t, 2, time.UTC, 2026, 11, 18, 8, 0)
	render, gone := pages(build(moved, d.AddDate(0, 0, 20)), Options{}).Stale(base, exists)
	if !slices.Equal(render, []string{"2026-W47.html", "index.html"}) || len(gone) != 0 {
		t.Errorf("a run changed in W47: render %v, gone %v; want W47 and the index", render, gone)
	}

	// A week more: W48 is new, W47 links to it.
	render, _ = pages(build(runs, d.AddDate(0, 0, 27)), Options{}).Stale(base, exists)
	if !slices.Equal(render, []string{"2026-W47.html", "2026-W48.html", "index.html"}) {
		t.Errorf("a week added: render %v; want W47 (its link), W48 and the index", render)
	}
	// A week fewer: W47 is gone.
	_, gone = pages(build(runs[:1], d.AddDate(0, 0, 13)), Options{}).Stale(base, exists)
	if !slices.Equal(gone, []string{"2026-W47.html"}) {
		t.Errorf("a week fewer: gone %v; want W47", gone)
	}
	// Units, the zone shown and the version change every page.
	for name, m := range map[string]Manifest{
		"imperial": pages(build(runs, d.AddDate(0, 0, 20)), Options{Units: "imperial"}),
		"zone":     pages(build(runs, d.AddDate(0, 0, 20)), Options{Loc: time.FixedZone("x", 3600)}),
	} {
		if render, _ := m.Stale(base, exists); len(render) != 4 {
			t.Errorf("%s: render %v; want every page", name, render)
		}
	}
	named := build(runs, d.AddDate(0, 0, 20))
	named.Name = "Anna"
	if render, _ := pages(named, Options{}).Stale(base, exists); len(render) != 4 {
		t.Errorf("an athlete's name: render %v; want every page", render)
	}
	// Today's advice is on the index only.
	advised := build(runs, d.AddDate(0, 0, 20))
	advised.Advice = &Advice{}
	if render, _ := pages(advised, Options{}).Stale(base, exists); !slices.Equal(render, []string{"index.html"}) {
		t.Errorf("advice: render %v; want the index only", render)
	}
	v2, _ := Pages(build(runs, d.AddDate(0, 0, 20)), "html", "index.html", Options{}, "v2")
	if render, _ := v2.Stale(base, exists); len(render) != 4 {
		t.Errorf("another version: render %v; want every page", render)
	}
}

// TestFingerprintTellsApart: values that differ only in what a careless hash would drop
// (nil or a pointer to an empty value, an interface's type, a nil or an empty slice or map,
// where a value sits among its neighbours) have other fingerprints.
func TestFingerprintTellsApart(t *testing.T) {
	type empty struct{}
	type two struct{ A, B *empty }
	type in struct{ P *in }
	type out struct{ X, Y *in }
	for _, c := range []struct {
		name string
		a, b any
	}{
		{"nil or a pointer to empty", two{nil, &empty{}}, two{&empty{}, nil}},
		{"nested nil", out{nil, nil}, out{&in{}, nil}},
		{"interface types", []any{int64(5)}, []any{time.Duration(5)}},
		{"nil or empty slice", []string(nil), []string{}},
		{"nil or empty map", map[string]int(nil), map[string]int{}},
		{"strings split otherwise", []string{"ab", "c"}, []string{"a", "bc"}},
		{"NaN or null", []float64{math.NaN()}, []float64{0}},
	} {
		if Fingerprint(c.a) == Fingerprint(c.b) {
			t.Errorf("%s: %#v and %#v have one fingerprint", c.name, c.a, c.b)
		}
	}
	if Fingerprint(two{&empty{}, nil}) != Fingerprint(two{&empty{}, nil}) {
		t.Errorf("equal values, other fingerprints")
	}
}
