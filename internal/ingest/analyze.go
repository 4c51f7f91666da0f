package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sync"
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
	current := make([]bool, len(acts))
	if !all {
		inParallel(len(acts), func(i int) {
			if s, ok := DecodeStored(acts[i].Analysis); ok && s.Profile == fp {
				stored[i], current[i] = s, true
			}
		})
	}
	var stale []int
	for i := range acts {
		if !current[i] {
			stale = append(stale, i)
		}
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
	var write []int
	for i := range acts {
		r := results[i]
		if old := stored[i].Result; current[i] && old != nil && sameResult(*old, r) {
			continue
		}
		stored[i].Result = &r
		write = append(write, i)
	}
	raws := make([]json.RawMessage, len(write))
	errs := make([]error, len(write))
	inParallel(len(write), func(j int) { raws[j], errs[j] = encodeStored(stored[write[j]]) })
	changed := make(map[int64]json.RawMessage, len(write))
	for j, i := range write {
		if errs[j] != nil {
			return 0, fmt.Errorf("encode analysis of activity %d: %w", acts[i].ID, errs[j])
		}
		changed[acts[i].ID] = raws[j]
	}
	if err := st.SetAnalyses(ctx, changed); err != nil {
		return 0, err
	}
	return len(stale), nil
}

// inParallel calls fn(i) for every i in [0, n), in chunks spread over the CPUs, and returns
// when every call has. Each call must touch only what belongs to its i.
func inParallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/64+1) // small jobs are not worth a goroutine
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w * n / workers; i < (w+1)*n/workers; i++ {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// sameResult compares what the calendar decides: the class and its reasons.
func sameResult(a, b analysis.Result) bool {
	return a.Class == b.Class && slices.Equal(a.Reasons, b.Reasons)
}
