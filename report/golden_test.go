package report

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin and America/New_York on any machine

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/demo"
	"github.com/easyday/easyday/profile"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// berlin is the demo athlete's zone.
func berlin(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// demoProfile is the demo athlete's profile, as easyday's profile command would show it.
func demoProfile() (analysis.Profile, profile.View) {
	p := analysis.DefaultProfile()
	p.MaxHR, p.RestingHR, p.LTHR, p.MarathonPace = demo.MaxHR, demo.RestingHR, demo.LTHR, demo.MarathonPace
	p.Level = analysis.Level(demo.Level)
	pv := profile.NewView(p, profile.Sources{
		"max_hr":           {Source: profile.Set},
		"resting_hr":       {Source: profile.Set},
		"lthr":             {Source: profile.Estimated, Detail: "best sustained 20–30 min efforts"},
		"age":              {Source: profile.Default},
		"sex":              {Source: profile.Default},
		"marathon_pace":    {Source: profile.Set},
		"level":            {Source: profile.Set},
		"effort_model":     {Source: profile.Default},
		"recovery_ceiling": {Source: profile.Default},
		"easy_ceiling":     {Source: profile.Default},
		"recovery_max_min": {Source: profile.Default, Detail: "intermediate"},
		"long_run_min":     {Source: profile.Default},
	})
	return p, pv
}

var demoOnce = sync.OnceValues(func() ([]demo.Planned, []Input) {
	season := demo.Season(demo.Options{Weeks: 6, Seed: 1, End: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)})
	p, _ := demoProfile()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return season, analyzeSeason(season, p, loc)
})

// demoSeason returns the demo season and its inputs, run through the real pipeline: Summarize,
// then AnalyzeSeason in the athlete's zone.
func demoSeason(t testing.TB) ([]demo.Planned, []Input) {
	t.Helper()
	return demoOnce()
}

// analyzeSeason runs easyday's analysis over a season, as the store's reanalysis does.
func analyzeSeason(season []demo.Planned, p analysis.Profile, loc *time.Location) []Input {
	sums := make([]analysis.Summary, len(season))
	items := make([]analysis.SeasonItem, len(season))
	for i := range season {
		a := &season[i].Activity
		sums[i] = analysis.Summarize(a)
		s := sums[i]
		items[i] = analysis.SeasonItem{Start: a.Start, Analyze: func(ctx analysis.Context) analysis.Result {
			return analysis.Analyze(a, s, ctx, p)
		}}
	}
	results := analysis.AnalyzeSeason(items, loc)
	inputs := make([]Input, len(season))
	for i := range season {
		a := &season[i].Activity
		in := Input{ID: int64(i + 1), Activity: NewActivitySummary(a, sums[i]), Start: a.Start, Name: a.Name,
			Result: results[i]}
		if results[i].Class == analysis.ClassRecovery {
			hr, _ := analysis.CleanHR(a.Samples)
			for k, v := range hr {
				if !math.IsNaN(v) {
					in.HR = append(in.HR, HRPoint{T: a.Samples[k].Time.Sub(a.Start).Seconds(), BPM: v})
				}
			}
		}
		inputs[i] = in
	}
	return inputs
}

// demoReport is the report of the whole demo season.
func demoReport(t testing.TB) Report {
	t.Helper()
	_, inputs := demoSeason(t)
	p, pv := demoProfile()
	loc := berlin(t)
	return Build(inputs, p, pv, loc, time.Date(2026, 10, 12, 0, 0, 0, 0, loc), time.Date(2026, 11, 22, 0, 0, 0, 0, loc))
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if d := cmp.Diff(string(got), string(want)); d != "" {
		t.Errorf("%s differs (-got +want; go test ./report -update rewrites it):\n%s", name, d)
	}
}

func TestGolden(t *testing.T) {
	r := demoReport(t)
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer, Report, Options) error
		opts  Options
	}{
		{"season.txt", func(b *bytes.Buffer, r Report, o Options) error { return WriteText(b, r, o) }, Options{}},
		{"season-imperial.txt", func(b *bytes.Buffer, r Report, o Options) error { return WriteText(b, r, o) }, Options{Units: "imperial"}},
		{"season.md", func(b *bytes.Buffer, r Report, o Options) error { return WriteMarkdown(b, r, o) }, Options{}},
		{"season.json", func(b *bytes.Buffer, r Report, o Options) error { return WriteJSON(b, r, o) }, Options{}},
		{"season.csv", func(b *bytes.Buffer, r Report, o Options) error { return WriteCSV(b, r, o) }, Options{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b, r, tc.opts); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, b.Bytes())
		})
	}
}

// TestDemoGroundTruth: on the demo season, the flags are the mistakes the generator planned,
// wherever the analysis gave the planned class.
func TestDemoGroundTruth(t *testing.T) {
	// Sixteen weeks: two blocks of the demo's week roles, so that both severities of
	// no_recovery come up.
	season := demo.Season(demo.Options{Weeks: 16, Seed: 1, End: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)})
	p, pv := demoProfile()
	loc := berlin(t)
	inputs := analyzeSeason(season, p, loc)
	r := Build(inputs, p, pv, loc, time.Time{}, time.Time{})
	byID := map[int64]Activity{}
	weekFlags := map[string][]analysis.FlagKind{}
	weekSeverity := map[string]analysis.Severity{} // of no_recovery
	for _, w := range r.Weeks {
		for _, a := range w.Activities {
			byID[a.ID] = a
		}
		for _, f := range w.Flags {
			if f.Activity == nil {
				weekFlags[w.Week] = append(weekFlags[w.Week], f.Kind)
				weekSeverity[w.Week] = f.Severity
			}
		}
	}
	mismatched := map[string]bool{}                         // weeks with a class other than planned
	kinds, severities := map[string]int{}, map[string]int{} // compared, to tell the season covers them
	for i, pl := range season {
		a := byID[inputs[i].ID]
		if string(a.Class) != pl.Label {
			t.Logf("%s %s: class %s, planned %s (analysis differs; flags not compared)", a.Date, a.File, a.Class, pl.Label)
			mismatched[WeekKey(monday(a.Day))] = true
		}
	}
	compared := 0
	for i, pl := range season {
		a := byID[inputs[i].ID]
		wk := WeekKey(monday(a.Day))
		if mismatched[wk] {
			continue
		}
		compared++
		var want, got []string
		for i, m := range pl.Mistakes {
			if m != demo.MistakeNoRecovery && !slices.Contains(demo.SeasonMistakes, m) {
				want = append(want, m+" "+pl.Severities[i])
			}
		}
		for _, f := range a.Flags {
			got = append(got, string(f.Kind)+" "+string(f.Severity))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s %s (%s): flags %v, want %v", a.Date, a.File, a.Class, got, want)
		}
		if i := slices.Index(pl.Mistakes, demo.MistakeNoRecovery); i >= 0 {
			if !slices.Contains(weekFlags[wk], analysis.FlagNoRecovery) {
				t.Errorf("%s: no no_recovery flag, want one", wk)
			} else if string(weekSeverity[wk]) != pl.Severities[i] {
				t.Errorf("%s: no_recovery %s, want %s", wk, weekSeverity[wk], pl.Severities[i])
			}
			severities[pl.Severities[i]]++
		}
		for _, m := range pl.Mistakes {
			kinds[m]++
		}
	}
	if compared == 0 {
		t.Fatalf("every week of the %d planned sessions has a class other than planned: nothing compared", len(season))
	}
	if kinds[demo.MistakeEasyTooHard] == 0 || severities[demo.SeverityAdvice] == 0 || severities[demo.SeverityWarning] == 0 {
		t.Errorf("compared mistakes %v, no_recovery severities %v: want easy_too_hard and both severities", kinds, severities)
	}
	for wk, kinds := range weekFlags {
		if mismatched[wk] || !slices.Contains(kinds, analysis.FlagNoRecovery) {
			continue
		}
		planned := false
		for i, pl := range season {
			if WeekKey(monday(byID[inputs[i].ID].Day)) == wk && slices.Contains(pl.Mistakes, demo.MistakeNoRecovery) {
				planned = true
			}
		}
		if !planned {
			t.Errorf("%s: no_recovery flag not planned", wk)
		}
	}
}

// TestTextWidth: every line of the text report fits TextWidth columns.
func TestTextWidth(t *testing.T) {
	r := demoReport(t)
	for _, u := range []string{"metric", "imperial"} {
		var b bytes.Buffer
		if err := WriteText(&b, r, Options{Units: u}); err != nil {
			t.Fatal(err)
		}
		for n, l := range strings.Split(b.String(), "\n") {
			if c := len([]rune(l)); c > TextWidth {
				t.Errorf("%s line %d: %d columns > %d: %q", u, n+1, c, TextWidth, l)
			}
		}
	}
}
