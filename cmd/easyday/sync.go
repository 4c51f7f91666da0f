package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/athlete"
	"github.com/easyday/easyday/internal/ingest"
	"github.com/easyday/easyday/squad"
)

type syncOptions struct {
	*globalOptions
	out    string
	format string
	jobs   int
	all    bool
	paths  []string

	// unchanged is set by syncAthlete when it found nothing to do.
	unchanged bool
}

func newSyncCmd(g *globalOptions) *cobra.Command {
	o := &syncOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "sync PATH... --out DIR [--format html|text|md|json|csv] | sync --all --out DIR [--jobs N]",
		Short: "Import, then re-render the reports whose content changed (the cron command)",
		Long: `sync imports PATH... like import, then brings the reports folder up to date with the store:
it renders again every file whose content changed since it was last written there (a
fingerprint of each page's content is kept in .easyday-sync), plus index.html, whatever this
run imported: a sync stopped half way, or an import run between two syncs, is made good by the
next sync, which leaves the folder as a sync into an empty folder would. A report file whose
content did not change is not rewritten. A file read by an older easyday whose decoding rules
have changed since is read again like a changed file; its weeks are rendered again when what
it holds changed.

It says nothing when all is well, so that cron mails only when there is something to read:
when a file newly failed, the import summary line, each such file with its reason, and the
command that lists every failure (the summary line alone with -v). Like import, it estimates
the profile from the data while the key the effort model needs is not set. A new profile, zone
or analysis rules (an upgrade) classify the stored activities again first. SIGINT or SIGTERM
stop it after the file under way, with the summary line, exit 130 or 143.

With --athlete NAME and no PATH, it syncs that athlete's folders from the config file.

With --all (a coach), it syncs every athlete of the config file's [athletes.NAME] tables,
each from their folders into their own store (under its own lock) and into DIR/NAME/, up to
--jobs athletes at once, and writes DIR/index.html: one row per athlete with the last seven
days' flags, load against their usual, recovery runs within limits and the last activity,
the athletes who need a word first. An athlete that fails (a missing folder, a store another
run holds) is reported on stderr and never stops the others; the exit code is 1 when any
failed. Its row says why, with what its store holds where it can still be read (the last
good data). Each athlete's store is their own (their table's db key), so --all refuses --db.`,
		Example: `  easyday sync ~/WatchSync --out ~/training-reports
  # crontab: every night at 03:15
  15 3 * * * $HOME/go/bin/easyday sync $HOME/WatchSync --out $HOME/training-reports
  # a coach: every athlete of the config file, and the team index
  15 3 * * * $HOME/go/bin/easyday sync --all --out $HOME/squad-reports`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.all {
				if len(args) > 0 {
					return usageError{errors.New("sync --all takes no PATH: the config file names each athlete's folders")}
				}
				return runSyncAll(cmd.Context(), o)
			}
			paths, err := memberPaths(g, args)
			if err != nil {
				return err
			}
			o.paths = paths
			return runSync(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.out, "out", "", "the reports folder (required)")
	f.StringVar(&o.format, "format", "html", "html, text, md, json or csv")
	f.IntVar(&o.jobs, "jobs", 0, "files decoded at once (default: the number of CPUs); with --all, athletes synced at once")
	f.BoolVar(&o.all, "all", false, "every athlete of the config file, each into DIR/NAME/, and the team index DIR/index.html")
	return cmd
}

// memberPaths is what import and sync read: the PATHs given, else the folders of the athlete
// --athlete names.
func memberPaths(g *globalOptions, args []string) ([]string, error) {
	if len(args) > 0 {
		return args, nil
	}
	if g.member.Key != "" {
		return g.member.Folders, squad.CheckFolders(g.member)
	}
	return nil, usageError{errors.New("requires at least 1 PATH (or --athlete NAME, whose folders the config file names)")}
}

func runSync(ctx context.Context, o *syncOptions) error {
	if o.out == "" {
		return usageError{errors.New("sync needs --out DIR")}
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	loc, err := o.location()
	if err != nil {
		return err
	}
	if err := importer.CheckPaths(o.paths); err != nil {
		return err
	}
	a, err := openAthlete(ctx, o.globalOptions, loc, true)
	if err != nil {
		return err
	}
	defer a.Close()
	return syncAthlete(ctx, o, a, loc)
}

// syncAthlete imports o.paths into a's store, opened for writing, and renders the weeks that
// changed into o.out.
func syncAthlete(ctx context.Context, o *syncOptions, a *athlete.Athlete, loc *time.Location) error {
	stats, err := importLocked(ctx, o.globalOptions, a, o.paths, o.jobs, false)
	if stoppedEarly(ctx, err) {
		fmt.Fprintln(o.stderr, stats.Line()) // the next sync renders what this one did not
	}
	if err != nil {
		return err
	}
	writeFailures(o.globalOptions, stats)

	// The import classified the season under p in loc when it touched anything; otherwise the
	// stored analysis may come from another profile or zone (a config file edited since,
	// another --tz): classify it again, under the lock this sync holds.
	if len(stats.Touched) == 0 {
		n, _, err := a.Refresh(ctx)
		if err != nil {
			return err
		}
		o.log.Debug("re-analysed activities for the current profile", "activities", n)
	}
	o.unchanged, err = a.Publish(ctx, athlete.PublishOptions{Dir: o.out, Format: o.format, Units: o.units,
		Loc: loc, Version: moduleVersion(), Log: o.log})
	return err
}

// writeFailures is what sync prints on stderr, so that cron mails something a person can act
// on: nothing, unless a file newly failed (or with -v); then the summary line, each file that
// newly failed with its reason, one line each, and the command that lists every failure.
func writeFailures(g *globalOptions, stats ingest.Stats) {
	var fresh []ingest.Failure
	for _, f := range stats.Failures {
		if f.New {
			fresh = append(fresh, f)
		}
	}
	if !g.verbose && len(fresh) == 0 {
		return
	}
	fmt.Fprintln(g.stderr, stats.Line())
	for _, f := range fresh {
		fmt.Fprintf(g.stderr, "failed %s: %s\n", f.Path, f.Reason)
	}
	if len(fresh) > 0 {
		fmt.Fprintf(g.stderr, "every file that failed: easyday --db %s list --failed\n", shellQuote(g.db))
	}
}

// shellQuote quotes s for a POSIX shell where it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == '~' || r == '+' || r == ',' || r == ':' ||
			('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// runSyncAll syncs every athlete of the config file into o.out/NAME/, at most o.jobs at once,
// and writes the team index; an athlete's failure is reported and stops no other.
func runSyncAll(ctx context.Context, o *syncOptions) error {
	if o.out == "" {
		return usageError{errors.New("sync --all needs --out DIR")}
	}
	if o.jobs < 0 {
		return usageError{fmt.Errorf("--jobs must be 0 (all CPUs) or more, not %d", o.jobs)}
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	if o.member.Key != "" {
		return usageError{errors.New("sync --all syncs every athlete: leave out --athlete")}
	}
	if o.dbFlag {
		return usageError{errors.New("sync --all syncs each athlete into their own store (the db key of their table, else " +
			"$XDG_DATA_HOME/easyday/athletes/NAME.db): leave out --db, or sync one athlete with --athlete NAME --db FILE")}
	}
	members := squad.Members(o.file, dataDir())
	if len(members) == 0 {
		return usageError{fmt.Errorf("sync --all: the config file %s has no [athletes.NAME] tables", o.config)}
	}
	jobs := o.jobs
	if jobs == 0 {
		jobs = runtime.NumCPU()
	}
	restoreGC, _ := importGC() // once for the run: the athletes' imports share the heap
	defer restoreGC()
	now := time.Now()
	cache := squad.LoadRowCache(o.out)
	stderrs := make([]bytes.Buffer, len(members))
	results := squad.Run(ctx, members, jobs, func(ctx context.Context, i int, m squad.Member) (squad.Row, error) {
		mo := &syncOptions{globalOptions: o.forMember(m, &stderrs[i]), out: filepath.Join(o.out, m.Key),
			format: o.format, jobs: max(1, runtime.NumCPU()/jobs), paths: m.Folders}
		row, err := syncMember(ctx, mo, m, now, cache)
		if err != nil && ctx.Err() == nil {
			row = lastGoodRow(ctx, mo, now)
		}
		return row, err
	})
	rows := make([]squad.Row, len(results))
	failed := 0
	for i, r := range results {
		for _, line := range strings.SplitAfter(stderrs[i].String(), "\n") {
			if line != "" {
				fmt.Fprintf(o.stderr, "%s: %s", r.Member.Key, line)
			}
		}
		if r.Err != nil {
			failed++
			fmt.Fprintf(o.stderr, "easyday: %v\n", r.Err)
		}
		rows[i] = r.Value
		rows[i].Key, rows[i].Name = r.Member.Key, r.Member.Name
		if r.Err != nil {
			rows[i].Err = r.Err.Error()
		}
		if link := r.Member.Key + "/" + athlete.ReportFile(o.format); fileExists(filepath.Join(o.out, link)) {
			rows[i].Link = link // a failed athlete's pages of an earlier run too
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := squad.WriteIndex(o.out, rows, now); err != nil {
		return err
	}
	if err := cache.Save(); err != nil {
		return fmt.Errorf("sync --all: %w", err)
	}
	if failed > 0 {
		fmt.Fprintf(o.stderr, "easyday: %d of %d athletes failed\n", failed, len(members))
		return errFilesFailed
	}
	return nil
}

// syncMember syncs one athlete of sync --all into mo.out and returns their row of the team
// index, the last run's where the sync changed nothing on the same day.
func syncMember(ctx context.Context, mo *syncOptions, m squad.Member, now time.Time, cache *squad.RowCache) (squad.Row, error) {
	if err := squad.CheckFolders(m); err != nil {
		return squad.Row{}, err
	}
	loc, err := mo.location()
	if err != nil {
		return squad.Row{}, fmt.Errorf("athlete %s: %w", m.Key, err)
	}
	a, err := openAthlete(ctx, mo.globalOptions, loc, true)
	if err != nil {
		return squad.Row{}, fmt.Errorf("athlete %s: %w", m.Key, err)
	}
	defer a.Close()
	if err := syncAthlete(ctx, mo, a, loc); err != nil {
		return squad.Row{}, fmt.Errorf("athlete %s: %w", m.Key, err)
	}
	// The row of the last run serves when the sync changed nothing, on the same day, under
	// the same profile, zone, units and format (the stamp).
	stamp, _ := os.ReadFile(filepath.Join(mo.out, athlete.SyncStampName))
	state := now.In(loc).Format(time.DateOnly) + "\n" + string(stamp)
	if row, ok := cache.Get(m.Key, state); ok && mo.unchanged {
		return row, nil
	}
	row, err := squad.Summarize(ctx, a, mo.units, now, mo.out)
	if err != nil {
		return squad.Row{}, fmt.Errorf("athlete %s: %w", m.Key, err)
	}
	cache.Put(m.Key, state, row)
	return row, nil
}

// lastGoodRow is the row of an athlete whose sync failed, read from their store as it is (the
// last sync or import that got through), opened read-only and without the lock (another run
// may hold it): marked Stale, so that the team index shows what the coach last knew beside
// the failure. The zero row, nothing measured, where the store cannot be read (none yet).
func lastGoodRow(ctx context.Context, mo *syncOptions, now time.Time) squad.Row {
	loc, err := mo.location()
	if err != nil {
		return squad.Row{}
	}
	// Live: another run may be writing the store (it holds the lock); read what it committed.
	a, err := athlete.Open(ctx, athlete.Options{DB: mo.db, Config: mo.cfg, Loc: loc, ReadOnly: true, Live: true})
	if err != nil {
		mo.log.Debug("no row from the store", "err", err)
		return squad.Row{}
	}
	defer a.Close()
	row, err := squad.Summarize(ctx, a, mo.units, now, mo.out)
	if err != nil {
		mo.log.Debug("no row from the store", "err", err)
		return squad.Row{}
	}
	row.Stale = true
	return row
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
