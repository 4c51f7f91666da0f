package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/store"
)

// Classify gives every stored activity its class in the calendar of the season (days in loc,
// UTC when nil): activities analysed under another profile, or not at all, are analysed
// again from their samples first (in parallel), and those analysed under older analysis rules
// (or not at all) get their summary recomputed too, written when it changed; then the classes
// are decided in start order from the stored variants, and the activities whose result or
// zone changed are written, in one transaction. It returns how many activities were analysed
// again from their samples.
func Classify(ctx context.Context, st *store.Store, p analysis.Profile, loc *time.Location) (int, error) {
	acts, err := st.Activities(ctx, store.Filter{})
	if err != nil {
		return 0, err
	}
	fp, zone := Fingerprint(p), loc.String()
	stored := make([]Stored, len(acts))
	current := make([]bool, len(acts))
	sameRules := make([]bool, len(acts)) // the summary was made under these rules
	inParallel(len(acts), func(i int) {
		if s, ok := DecodeStored(acts[i].Analysis); ok {
			sameRules[i] = s.Rules == analysis.RulesVersion
			if s.Profile == fp {
				stored[i], current[i] = s, true
			}
		}
	})
	var stale []int
	for i := range acts {
		if !current[i] {
			stale = append(stale, i)
		}
	}

	// Analyse the stale ones again from their samples, in parallel; under new rules, summarise
	// them again too.
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	summarised := make([]*store.Put, len(acts))
	for _, i := range stale {
		g.Go(func() error {
			a, err := st.Activity(gctx, acts[i].ID)
			if err != nil {
				return err
			}
			if sameRules[i] {
				stored[i] = Stored{Profile: fp, Rules: analysis.RulesVersion,
					Variants: analysis.AnalyzeVariants(&a, acts[i].Summary, p)}
				return nil
			}
			sum, v := analysis.SummarizeVariants(&a, p)
			stored[i] = Stored{Profile: fp, Rules: analysis.RulesVersion, Variants: v}
			if fmt.Sprint(sum) != fmt.Sprint(acts[i].Summary) { // NaN equal to NaN
				summarised[i] = &store.Put{Activity: a, Summary: sum}
			}
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
		if old := stored[i].Result; current[i] && old != nil && sameResult(*old, r) && stored[i].Zone == zone {
			continue
		}
		stored[i].Result, stored[i].Zone = &r, zone
		write = append(write, i)
	}
	raws := make([]json.RawMessage, len(write))
	errs := make([]error, len(write))
	inParallel(len(write), func(j int) { raws[j], errs[j] = encodeStored(stored[write[j]]) })
	changed := make(map[int64]json.RawMessage, len(write))
	resummed := map[int64]store.Put{}
	for j, i := range write {
		if errs[j] != nil {
			return 0, fmt.Errorf("encode analysis of activity %d: %w", acts[i].ID, errs[j])
		}
		if put := summarised[i]; put != nil {
			put.Analysis = raws[j]
			resummed[acts[i].ID] = *put
			continue
		}
		changed[acts[i].ID] = raws[j]
	}
	// The summaries first, each with its analysis: a run killed between the two leaves the
	// rest stale, to be done again, never a new analysis over an old summary.
	if err := st.SetSummaries(ctx, resummed); err != nil {
		return 0, err
	}
	if err := st.SetAnalyses(ctx, changed); err != nil {
		return 0, err
	}
	markCurrent(ctx, st, fp, zone) // every activity has its result under p in loc now
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
	return a.Class == b.Class && analysis.SameReasons(a.Reasons, b.Reasons)
}
