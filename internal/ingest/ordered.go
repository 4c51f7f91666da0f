package ingest

import (
	"context"
	"errors"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

// Ordered runs work for items 0..n-1 on up to jobs workers and hands each result to write, on
// the caller's goroutine, in item order, as soon as it and those before it are done. A window
// bounds how far the workers may run ahead of write: item i holds weight(i) of window until
// write has taken it (a weight above window is cut to window), so that memory holds the items
// in flight, not all n. write's first error, or ctx's, stops the run; every worker is done
// when Ordered returns.
func Ordered[T any](ctx context.Context, n, jobs int, window int64, weight func(i int) int64,
	work func(i int) T, write func(i int, v T) error) error {
	results := make([]chan T, n)
	for i := range results {
		results[i] = make(chan T, 1)
	}
	w := func(i int) int64 { return min(max(weight(i), 1), window) }
	sem := semaphore.NewWeighted(window)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, gctx := errgroup.WithContext(wctx)
	g.SetLimit(jobs + 1)
	g.Go(func() error { // the feeder: starts one worker per item, within the window
		for i := range n {
			if err := sem.Acquire(gctx, w(i)); err != nil {
				return err
			}
			g.Go(func() error {
				results[i] <- work(i)
				return nil
			})
		}
		return nil
	})
	var werr error
	for i := range n {
		var v T
		select {
		case v = <-results[i]:
		case <-gctx.Done():
			werr = gctx.Err()
		}
		if werr != nil {
			break
		}
		sem.Release(w(i))
		if werr = write(i, v); werr != nil {
			break
		}
	}
	cancel()
	if err := g.Wait(); err != nil && werr == nil && !errors.Is(err, context.Canceled) {
		werr = err
	}
	if werr == nil {
		werr = ctx.Err()
	}
	return werr
}
