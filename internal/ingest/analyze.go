package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/store"
)

// Stored is what the store keeps of an activity's analysis (its analysis column): the results
// for each calendar situation, decided from the samples under the profile named by Profile,
// and the result the calendar of the season chose.
type Stored struct {
	Profile  string            `json:"profile"`
	Variants analysis.Variants `json:"variants"`
	Result   *analysis.Result  `json:"result,omitempty"`
}

// Fingerprint names a profile's values, to tell stored analyses made under another profile.
func Fingerprint(p analysis.Profile) string {
	return fmt.Sprintf("%g/%g/%g/%g/%s/%g/%s/%s/%g/%g/%g", p.MaxHR, p.RestingHR, p.LTHR, p.Age, p.Sex,
		p.MarathonPace, p.Level, p.EffortModel, p.RecoveryCeiling, p.RecoveryMaxMin, p.LongRunMin)
}

// encodeStored marshals an analysis for the store.
func encodeStored(v Stored) (json.RawMessage, error) { return json.Marshal(v) }

// DecodeStored reads a stored analysis; ok is false when there is none.
func DecodeStored(raw json.RawMessage) (Stored, bool) {
	if raw == nil {
		return Stored{}, false
	}
	var s Stored
	if err := json.Unmarshal(raw, &s); err != nil {
		return Stored{}, false
	}
	return s, true
}

// Classify gives every stored activity its class in the calendar of the season (days in loc):
// activities analysed under another profile, or not at all, are analysed again from their
// samples first (in parallel); then the classes are decided in start order from the stored
// variants, and the activities whose result changed are written, in one transaction. It
// returns how many activities were analysed again from their samples.
func Classify(ctx context.Context, st *store.Store, p analysis.Profile, loc *time.Location) (int, error) {
	return classify(ctx, st, p, loc, false)
}

// Reanalyze analyses every stored activity again from its samples under profile p, then
// classifies the season (see Classify). Run it after the profile changes.
func Reanalyze(ctx context.Context, st *store.Store, p analysis.Profile, loc *time.Location) (int, error) {
	return classify(ctx, st, p, loc, true)
}

func classify(ctx context.Context, st *store.Store, p analysis.Profile, loc *time.Location, all bool) (int, error) {
	acts, err := st.Activities(ctx, store.Filter{})
	if err != nil {
		return 0, err
	}
	fp := Fingerprint(p)
	stored := make([]Stored, len(acts))
	var stale []int
	for i, a := range acts {
		s, ok := DecodeStored(a.Analysis)
		if !ok || all || s.Profile != fp {
			stale = append(stale, i)
			continue
		}
		stored[i] = s
	}

	// Analyse the stale ones again from their samples, in parallel.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, i := range stale {
		g.Go(func() error {
			a, err := st.Activity(gctx, acts[i].ID)
			if err != nil {
				return err
			}
			stored[i] = Stored{Profile: fp, Variants: analysis.AnalyzeVariants(&a, acts[i].Summary, p)}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}

	items := make([]analysis.SeasonItem, len(acts))
	for i := range acts {
		v := stored[i].Variants
		items[i] = analysis.SeasonItem{Start: acts[i].Start, Analyze: v.In}
	}
	results := analysis.AnalyzeSeason(items, loc)
	changed := map[int64]json.RawMessage{}
	staleSet := map[int]bool{}
	for _, i := range stale {
		staleSet[i] = true
	}
	for i := range acts {
		r := results[i]
		if old := stored[i].Result; !staleSet[i] && old != nil && sameResult(*old, r) {
			continue
		}
		stored[i].Result = &r
		raw, err := encodeStored(stored[i])
		if err != nil {
			return 0, fmt.Errorf("encode analysis of activity %d: %w", acts[i].ID, err)
		}
		changed[acts[i].ID] = raw
	}
	if err := st.SetAnalyses(ctx, changed); err != nil {
		return 0, err
	}
	return len(stale), nil
}

// sameResult compares what the calendar decides: the class and its reasons.
func sameResult(a, b analysis.Result) bool {
	return a.Class == b.Class && slices.Equal(a.Reasons, b.Reasons)
}
