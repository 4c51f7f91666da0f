package analysis_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/demo"
)

// TestVariantsMatchAnalyze: the stored variants give, for every calendar context, exactly what
// Analyze gives with that context, reasons included.
func TestVariantsMatchAnalyze(t *testing.T) {
	p := demoProfile()
	season := demoSeason(t, demo.Options{Weeks: 3, Seed: 3, End: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)})
	contexts := []analysis.Context{
		{},
		{Known: true},
		{Known: true, PreviousDay: []analysis.Class{analysis.ClassEasy}},
		{Known: true, PreviousDay: []analysis.Class{analysis.ClassCross, analysis.ClassRecovery}},
		{Known: true, PreviousDay: []analysis.Class{analysis.ClassLong}},
		{Known: true, PreviousDay: []analysis.Class{analysis.ClassTempo, analysis.ClassCross, analysis.ClassRace}},
	}
	for _, pl := range season {
		a := pl.Activity
		s := analysis.Summarize(&a)
		v := analysis.AnalyzeVariants(&a, s, p)
		for _, ctx := range contexts {
			want := analysis.Analyze(&a, s, ctx, p)
			got := v.In(ctx)
			if diff := cmp.Diff(want, got, cmpopts.EquateNaNs()); diff != "" {
				t.Fatalf("%s with %+v (-Analyze +Variants.In):\n%s", a.Source.Path, ctx, diff)
			}
		}
	}
}

// TestVariantsJSONRoundTrip: variants survive the store's JSON, unknown values included.
func TestVariantsJSONRoundTrip(t *testing.T) {
	p := demoProfile()
	p.MarathonPace = math.NaN() // runs without HR then have an unknown effort
	for _, pl := range demoSeason(t, demo.Options{Weeks: 2, Seed: 5, End: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}) {
		a := pl.Activity
		v := analysis.AnalyzeVariants(&a, analysis.Summarize(&a), p)
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", a.Source.Path, err)
		}
		var back analysis.Variants
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", a.Source.Path, err)
		}
		if diff := cmp.Diff(back, v, cmpopts.EquateNaNs()); diff != "" {
			t.Fatalf("%s round trip (-got +want):\n%s", a.Source.Path, diff)
		}
	}
}

// TestSummarizeVariants: the import's combined path gives exactly Summarize and
// AnalyzeVariants.
func TestSummarizeVariants(t *testing.T) {
	p := demoProfile()
	for _, pl := range demoSeason(t, demo.Options{Weeks: 2, Seed: 7, End: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)}) {
		a := pl.Activity
		ws := analysis.Summarize(&a)
		wv := analysis.AnalyzeVariants(&a, ws, p)
		gs, gv := analysis.SummarizeVariants(&a, p)
		if diff := cmp.Diff(gs, ws, cmpopts.EquateNaNs()); diff != "" {
			t.Fatalf("%s summary (-got +want):\n%s", a.Source.Path, diff)
		}
		if diff := cmp.Diff(gv, wv, cmpopts.EquateNaNs()); diff != "" {
			t.Fatalf("%s variants (-got +want):\n%s", a.Source.Path, diff)
		}
	}
}
