package analysis_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin wherever the tests run

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/demo"
)

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestAnalyzeSeason: items are analysed in start order, each with the classes of the calendar
// day before in the zone given, several a day; the results come back in the input order.
func TestAnalyzeSeason(t *testing.T) {
	loc := berlin(t)
	day := func(d, hh, mm int) time.Time { return time.Date(2026, time.November, d, hh, mm, 0, 0, loc) }
	type item struct {
		name  string
		start time.Time
		class analysis.Class
	}
	items := []item{ // not in start order
		{"wed recovery", day(18, 7, 0), analysis.ClassRecovery},
		{"tue intervals", day(17, 18, 0), analysis.ClassIntervals},
		{"tue ride", day(17, 7, 0), analysis.ClassCross},
		// 00:30 on Thursday in Berlin is still Wednesday in UTC
		{"thu early run", day(19, 0, 30).UTC(), analysis.ClassEasy},
		{"thu tempo", day(19, 17, 0), analysis.ClassTempo},
		{"sat long", day(21, 9, 0), analysis.ClassLong},
		{"sun recovery", day(22, 9, 0).In(time.FixedZone("", -5*3600)), analysis.ClassRecovery},
		{"mon swim", day(16, 7, 0), analysis.ClassCross},
	}
	var order []string
	seen := map[string][]analysis.Class{}
	in := make([]analysis.SeasonItem, len(items))
	for i, it := range items {
		in[i] = analysis.SeasonItem{Start: it.start, Analyze: func(ctx analysis.Context) analysis.Result {
			if !ctx.Known {
				t.Errorf("%s: calendar unknown", it.name)
			}
			order = append(order, it.name)
			seen[it.name] = ctx.PreviousDay
			return analysis.Result{Class: it.class, Reasons: []analysis.Reason{{Code: analysis.ReasonCode(it.name)}}}
		}}
	}
	got := analysis.AnalyzeSeason(in, loc)
	for i, r := range got {
		if string(r.Reasons[0].Code) != items[i].name {
			t.Errorf("result %d is %s's; want %s's", i, r.Reasons[0].Code, items[i].name)
		}
	}
	wantOrder := []string{"mon swim", "tue ride", "tue intervals", "wed recovery", "thu early run", "thu tempo", "sat long", "sun recovery"}
	if diff := cmp.Diff(order, wantOrder); diff != "" {
		t.Errorf("order (-got +want):\n%s", diff)
	}
	want := map[string][]analysis.Class{
		"mon swim":      nil,
		"tue ride":      {analysis.ClassCross},
		"tue intervals": {analysis.ClassCross},
		"wed recovery":  {analysis.ClassCross, analysis.ClassIntervals},
		"thu early run": {analysis.ClassRecovery},
		"thu tempo":     {analysis.ClassRecovery},
		"sat long":      nil,
		"sun recovery":  {analysis.ClassLong},
	}
	if diff := cmp.Diff(seen, want); diff != "" {
		t.Errorf("classes of the day before (-got +want):\n%s", diff)
	}
}

// demoProfile is the profile of the demo athlete, with DESIGN.md's defaults.
func demoProfile() analysis.Profile {
	p := analysis.DefaultProfile()
	p.MaxHR, p.RestingHR, p.LTHR, p.MarathonPace = demo.MaxHR, demo.RestingHR, demo.LTHR, demo.MarathonPace
	p.Level = analysis.Level(demo.Level)
	p.RecoveryMaxMin = analysis.DefaultRecoveryMaxMin(p.Level)
	return p
}

// demoSeason is the demo's season for o; a test over an empty one would test nothing.
func demoSeason(t *testing.T, o demo.Options) []demo.Planned {
	t.Helper()
	season := demo.Season(o)
	if len(season) == 0 {
		t.Fatalf("demo season %+v is empty", o)
	}
	return season
}

// seasonOf analyses the planned season's activities, each as its primary file holds it.
func seasonOf(t *testing.T, season []demo.Planned, p analysis.Profile) []analysis.Result {
	t.Helper()
	items := make([]analysis.SeasonItem, len(season))
	for i := range season {
		a := &season[i].Activity
		items[i] = analysis.SeasonItem{Start: a.Start, Analyze: func(ctx analysis.Context) analysis.Result {
			return analysis.Analyze(a, analysis.Summarize(a), ctx, p)
		}}
	}
	return analysis.AnalyzeSeason(items, berlin(t))
}

// TestDemoSeasonLabels: on the demo's seasons every planned activity gets the class its
// ground truth labels it with; the confusion counts (label → class) are logged.
func TestDemoSeasonLabels(t *testing.T) {
	p := demoProfile()
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			season := demo.Season(demo.Options{Weeks: 12, Seed: seed})
			results := seasonOf(t, season, p)
			confusion := map[string]map[analysis.Class]int{}
			for i, r := range results {
				pl := season[i]
				if confusion[pl.Label] == nil {
					confusion[pl.Label] = map[analysis.Class]int{}
				}
				confusion[pl.Label][r.Class]++
				if string(r.Class) != pl.Label {
					t.Errorf("%s %q: class %s; labelled %s\n\tnotes: %s\n\t%+v", pl.Activity.Source.Path, pl.Activity.Name,
						r.Class, pl.Label, strings.Join(pl.Notes, "; "), r.Reasons)
				}
			}
			var lines []string
			for _, l := range demo.Labels {
				var cells []string
				for _, c := range demo.Labels {
					cells = append(cells, fmt.Sprintf("%s %d", c, confusion[l][analysis.Class(c)]))
				}
				lines = append(lines, fmt.Sprintf("%-9s → %s", l, strings.Join(cells, ", ")))
			}
			t.Logf("%d activities; label → class:\n%s", len(season), strings.Join(lines, "\n"))
			for _, l := range demo.Labels {
				if len(confusion[l]) == 0 {
					t.Errorf("the season holds no %s", l)
				}
			}
		})
	}
}

// TestClassIndependentOfFormat: the demo's runs as FIT, GPX and TCX files hold get the same
// class, both as the demo says each format holds them (AsFormat) and through a real round trip
// (WriteGPX/WriteTCX, then the importer). TCX carries no name: its class is compared with the
// FIT's without its name.
func TestClassIndependentOfFormat(t *testing.T) {
	p := demoProfile()
	season := demoSeason(t, demo.Options{Weeks: 4, Seed: 1})
	type version struct {
		name string
		a    activity.Activity
	}
	for i := range season {
		pl := &season[i]
		fit := demo.AsFormat(&pl.Activity, activity.FormatFIT)
		unnamed := fit
		unnamed.Name = ""
		versions := []version{
			{"GPX (AsFormat)", demo.AsFormat(&pl.Activity, activity.FormatGPX)},
			{"TCX (AsFormat)", demo.AsFormat(&pl.Activity, activity.FormatTCX)},
		}
		if fit.Sport == activity.SportRunning { // a real round trip for the runs (XML is slow)
			var gpxFile, tcxFile bytes.Buffer
			if err := demo.WriteGPX(&gpxFile, &pl.Activity); err != nil {
				t.Fatal(err)
			}
			if err := demo.WriteTCX(&tcxFile, &pl.Activity); err != nil {
				t.Fatal(err)
			}
			gpxs, err := importer.GPX(&gpxFile)
			if err != nil || len(gpxs) != 1 {
				t.Fatalf("%s: read back GPX: %d activities, %v", pl.Activity.Source.Path, len(gpxs), err)
			}
			tcxs, err := importer.TCX(&tcxFile)
			if err != nil || len(tcxs) != 1 {
				t.Fatalf("%s: read back TCX: %d activities, %v", pl.Activity.Source.Path, len(tcxs), err)
			}
			versions = append(versions, version{"GPX (written and read)", gpxs[0]}, version{"TCX (written and read)", tcxs[0]})
		}
		// alone, and for runs the day after intervals
		ctxs := []analysis.Context{{}}
		if fit.Sport == activity.SportRunning {
			ctxs = append(ctxs, analysis.Context{Known: true, PreviousDay: []analysis.Class{analysis.ClassIntervals}})
		}
		for _, ctx := range ctxs {
			classOf := func(a activity.Activity) (analysis.Class, []analysis.Reason) {
				r := analysis.Analyze(&a, analysis.Summarize(&a), ctx, p)
				return r.Class, r.Reasons
			}
			want, why := classOf(fit)
			wantUnnamed, whyUnnamed := classOf(unnamed)
			for _, v := range versions {
				w, wy := want, why
				if strings.HasPrefix(v.name, "TCX") {
					w, wy = wantUnnamed, whyUnnamed
				}
				if got, gy := classOf(v.a); got != w {
					t.Errorf("%s (%s) as %s, calendar known %v: %s; as FIT %s\n\t%+v\n\tFIT:\n\t%+v", pl.Activity.Source.Path,
						pl.Label, v.name, ctx.Known, got, w, gy, wy)
				}
			}
		}
	}
}

// TestDemoSeasonRecoveryFlagsHaveTheirNumbers: the effort of each labelled recovery run with a
// recovery_too_hard mistake is above the ceiling on average or for over 20% of its moving time,
// and that of each without one is not; what the weekly report's flag is built from.
func TestDemoSeasonRecoveryFlagsHaveTheirNumbers(t *testing.T) {
	p := demoProfile()
	season := demo.Season(demo.Options{Weeks: 12, Seed: 1})
	results := seasonOf(t, season, p)
	var with, without int
	for i, r := range results {
		pl := season[i]
		if pl.Label != demo.LabelRecovery || r.Effort.Source != analysis.EffortFromHR {
			continue
		}
		tooHard := r.Effort.Avg > p.RecoveryCeiling || r.Effort.AboveCeilingS > 0.2*r.Effort.MovingS
		want := slices.Contains(pl.Mistakes, demo.MistakeRecoveryTooHard)
		if want {
			with++
		} else {
			without++
		}
		if tooHard != want {
			t.Errorf("%s: average effort %.3f, %.0f of %.0f s above the ceiling; recovery_too_hard %v",
				pl.Activity.Source.Path, r.Effort.Avg, r.Effort.AboveCeilingS, r.Effort.MovingS, want)
		}
	}
	if with == 0 || without == 0 {
		t.Errorf("recovery runs with heart rate: %d with the recovery_too_hard mistake, %d without; want some of each", with, without)
	}
}
