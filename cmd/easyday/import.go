package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/athlete"
	"github.com/easyday/easyday/internal/ingest"
)

type importOptions struct {
	*globalOptions
	jobs   int
	strict bool
	reread bool
	paths  []string
}

func newImportCmd(g *globalOptions) *cobra.Command {
	o := &importOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "import [--jobs N] [--strict] [--reread] PATH...",
		Short: "Import activity files, folders and zip archives into the store",
		Long: `import walks files, folders and .zip archives (Garmin's and Strava's bulk exports, nested
zips, .gz files) and stores every new or changed activity. Files it has seen unchanged (same
path, size and modification time, or the same content under another name) are skipped
without decoding. The same activity arriving twice (as FIT and GPX, from two platforms) is
stored once: the richer file wins. A file that fails is recorded with its reason and not
tried again until it changes (it still counts as failed, and fails --strict). Files that hold
no activity (a watch's monitoring, settings or sleep files) are skipped and counted as such.
A bulk export's metadata (Strava's activities.csv, Garmin's summarizedActivities.json) gives
the activities their names and sports. A path that does not exist is an error.

A file read by an older easyday whose decoding rules have changed since is read again, and
its activities are updated in place (they keep their ids); the summary line counts them
("12 re-read"). --reread reads every file again.

While the key the effort model needs (max_hr, or lthr for the lthr model) is not set, it
estimates the profile from the last 12 months of data after storing anything new (see
easyday help profile); set values are never overwritten.

It ends with one summary line on stderr; -v also lists each failed file and its reason. A
second import or sync on the same store exits 3 at once.`,
		Example: `  easyday import ~/Downloads/export.zip
  easyday import --jobs 4 ~/WatchSync
  easyday import --reread ~/WatchSync
  easyday --db athlete.db import -v ~/coaching/anna/
  easyday --athlete anna import       # the folders of [athletes.anna] in the config file`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			paths, err := memberPaths(g, args)
			if err != nil {
				return err
			}
			o.paths = paths
			return runImport(cmd.Context(), o)
		},
	}
	cmd.Flags().IntVar(&o.jobs, "jobs", 0, "files decoded at once (default: the number of CPUs)")
	cmd.Flags().BoolVar(&o.strict, "strict", false, "exit 1 when any input file fails")
	cmd.Flags().BoolVar(&o.reread, "reread", false, "read every file again, whatever rules read it before")
	return cmd
}

func runImport(ctx context.Context, o *importOptions) error {
	if o.jobs < 0 {
		return usageError{fmt.Errorf("--jobs must be 0 (all CPUs) or more, not %d", o.jobs)}
	}
	if err := importer.CheckPaths(o.paths); err != nil {
		return err
	}
	stats, err := importInto(ctx, o.globalOptions, o.paths, o.jobs, o.reread)
	if err != nil && !stoppedEarly(ctx, err) {
		return err
	}
	if !o.quiet || stats.Failed > 0 || err != nil {
		fmt.Fprintln(o.stderr, stats.Line())
	}
	if err != nil {
		return err
	}
	if o.strict && stats.Failed > 0 {
		return errFilesFailed
	}
	return nil
}

// stoppedEarly reports whether err is ctx's cancellation (a signal): the import stopped at a
// file boundary, and what it did so far is stored and worth saying.
func stoppedEarly(ctx context.Context, err error) bool {
	return ctx.Err() != nil && errors.Is(err, ctx.Err())
}

// importInto opens the store for writing (holding its lock) and imports paths (see
// importLocked).
func importInto(ctx context.Context, g *globalOptions, paths []string, jobs int, reread bool) (ingest.Stats, error) {
	loc, err := g.location()
	if err != nil {
		return ingest.Stats{}, err
	}
	a, err := openAthlete(ctx, g, loc, true)
	if err != nil {
		return ingest.Stats{}, err
	}
	defer a.Close()
	return importLocked(ctx, g, a, paths, jobs, reread)
}

// importLocked imports paths into a's store, opened for writing, analysing under its profile
// in its calendar, every file read again with reread; it reports failures with -v and
// progress on a terminal.
func importLocked(ctx context.Context, g *globalOptions, a *athlete.Athlete, paths []string, jobs int, reread bool) (ingest.Stats, error) {
	restoreGC, decoding := importGC()
	defer restoreGC()
	opts := ingest.Options{Jobs: jobs, Profile: a.Profile, Loc: a.Loc, Decoding: decoding, Reread: reread}
	var bar *progressBar
	if isTerminal(g.stderr) && !g.quiet {
		bar = &progressBar{w: g.stderr}
		opts.Progress = bar.update
	}
	stats, err := ingest.Run(ctx, a.Store, paths, opts)
	if bar != nil {
		bar.clear()
	}
	for _, f := range stats.Failures {
		g.log.Debug("file failed", "path", f.Path, "reason", f.Reason)
	}
	g.log.Debug("import done", "files", stats.Files, "decoded", stats.Decoded, "new", stats.New,
		"changed", stats.Changed, "unchanged", stats.Unchanged, "reread", stats.Reread, "duplicate", stats.Duplicate, "failed", stats.Failed)
	if err != nil {
		return stats, err
	}
	// No profile is no excuse: estimate it while the effort model's key is not set.
	return stats, a.AutoEstimate(ctx, len(stats.Touched) > 0, func(format string, args ...any) {
		g.log.Debug("profile", "estimate", fmt.Sprintf(format, args...))
	})
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "[=====>    ] 120/3000 files  45.2 files/s  ETA 1m03s" on one line.
type progressBar struct {
	w    io.Writer
	last time.Time
}

func (b *progressBar) update(p ingest.Progress) {
	now := time.Now()
	if p.Done != p.Total && now.Sub(b.last) < 100*time.Millisecond {
		return
	}
	b.last = now
	const width = 30
	filled := width
	if p.Total > 0 {
		filled = width * p.Done / p.Total
	}
	bar := make([]byte, width)
	for i := range bar {
		switch {
		case i < filled:
			bar[i] = '='
		case i == filled:
			bar[i] = '>'
		default:
			bar[i] = ' '
		}
	}
	rate := float64(p.Done) / now.Sub(p.Started).Seconds()
	eta := "-"
	if rate > 0 && p.Total > p.Done {
		eta = (time.Duration(float64(p.Total-p.Done)/rate) * time.Second).Round(time.Second).String()
	}
	fmt.Fprintf(b.w, "\r[%s] %d/%d files  %.1f files/s  ETA %s ", bar, p.Done, p.Total, rate, eta)
}

func (b *progressBar) clear() { fmt.Fprintf(b.w, "\r%80s\r", "") }

// Garbage collection during an import (importGC).
const (
	importGCPercent  = 400
	importMemLimitMB = 80
	// importMemPerByte is the room given to the heap for every byte of a file being decoded
	// beyond its first importMemFreeBytes, which the base limit has room for: a 53 MB GPX holds
	// about 350 MB live while gpxgo parses it.
	importMemPerByte   = 8
	importMemFreeBytes = 4 << 20
)

// importGC trades memory the import has room for against garbage collection: decoding
// allocates anew for every file, and at Go's default (GOGC=100) the collector runs hundreds of
// times over an archive. It collects at 400% of the live heap under a soft memory limit of
// 80 MiB, which keeps the peak bounded, plus 8 bytes for every byte beyond the first 4 MiB of
// each file being decoded, counted as it expands (the returned decoding function, for
// ingest.Options.Decoding), so
// that one big file does not pin the heap at the limit, where the collector would run without
// end. On 2,664 FIT files this took the import from 5.9 s to 3.9 s at about 100 MB resident
// (bench/bench.sh; README "Performance"). GOGC or GOMEMLIMIT set in the environment win.
// restore puts back what was set before.
func importGC() (restore func(), decoding func(size int64) (done func())) {
	gc, limit := -1, int64(-1)
	if os.Getenv("GOGC") == "" {
		gc = debug.SetGCPercent(importGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		var mu sync.Mutex
		var inflight int64
		set := func(delta int64) {
			mu.Lock()
			defer mu.Unlock()
			inflight += delta
			debug.SetMemoryLimit(importMemLimitMB<<20 + importMemPerByte*inflight)
		}
		limit = debug.SetMemoryLimit(importMemLimitMB << 20)
		decoding = func(size int64) func() {
			size = max(size-importMemFreeBytes, 0)
			set(size)
			return func() { set(-size) }
		}
	}
	restore = func() {
		if gc != -1 {
			debug.SetGCPercent(gc)
		}
		if limit != -1 {
			debug.SetMemoryLimit(limit)
		}
	}
	return restore, decoding
}
