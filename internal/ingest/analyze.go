package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
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
	// Each analysis's head first (all but the variants, three quarters of it): a current
	// one whose calendar context turns out unchanged keeps its result without its variants
	// being read. Those that will need their variants (no context recorded, another zone)
	// are read whole here, in parallel; the others when their context changed.
	stored := make([]Stored, len(acts))
	current := make([]bool, len(acts))
	whole := make([]bool, len(acts))     // stored[i] holds the variants
	sameRules := make([]bool, len(acts)) // the summary was made under these rules
	inParallel(len(acts), func(i int) {
		raw := acts[i].Analysis
		h, ok := readHead(raw)
		if !ok || !json.Valid(raw) {
			return
		}
		sameRules[i] = h.Rules == analysis.RulesVersion
		if h.Profile != fp {
			return
		}
		stored[i], current[i] = h, true
		if h.Context == nil || h.Zone != zone || h.Result == nil {
			stored[i], current[i] = DecodeStored(raw)
			whole[i] = true
			readWhole.Add(1)
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
			whole[i] = true
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

	// The calendar in start order. A result is a function of the variants and the classes
	// of the day before: where those classes are the ones it was chosen in, it stands.
	items := make([]analysis.SeasonItem, len(acts))
	contexts := make([][]analysis.Class, len(acts))
	var decodeErr error
	for i := range acts {
		items[i] = analysis.SeasonItem{Start: acts[i].Start, Analyze: func(c analysis.Context) analysis.Result {
			contexts[i] = slices.Clone(c.PreviousDay)
			if s := &stored[i]; !whole[i] && slices.Equal(*s.Context, c.PreviousDay) {
				return *s.Result
			}
			if !whole[i] { // its context changed: its variants are needed after all
				readWhole.Add(1)
				s, ok := DecodeStored(acts[i].Analysis)
				if !ok {
					decodeErr = fmt.Errorf("stored analysis of activity %d: unreadable", acts[i].ID)
				}
				stored[i], whole[i] = s, true
			}
			return stored[i].Variants.In(c)
		}}
	}
	results := analysis.AnalyzeSeason(items, loc)
	if decodeErr != nil {
		return 0, decodeErr
	}
	var write []int
	for i := range acts {
		r := results[i]
		if old := stored[i].Result; current[i] && old != nil && sameResult(*old, r) && stored[i].Zone == zone &&
			stored[i].Context != nil && slices.Equal(*stored[i].Context, contexts[i]) {
			continue
		}
		if !whole[i] { // a write needs the whole analysis
			readWhole.Add(1)
			s, ok := DecodeStored(acts[i].Analysis)
			if !ok {
				return 0, fmt.Errorf("stored analysis of activity %d: unreadable", acts[i].ID)
			}
			stored[i], whole[i] = s, true
		}
		ctx := contexts[i]
		if ctx == nil {
			ctx = []analysis.Class{}
		}
		stored[i].Result, stored[i].Zone, stored[i].Context = &r, zone, &ctx
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

// readWhole counts the stored analyses Classify read whole, variants included (the tests
// see what the calendar context spares).
var readWhole atomic.Int64

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
