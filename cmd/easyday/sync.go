package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/internal/ingest"
	"github.com/easyday/easyday/report"
	"github.com/easyday/easyday/store"
)

type syncOptions struct {
	*globalOptions
	out    string
	format string
	jobs   int
	paths  []string
}

func newSyncCmd(g *globalOptions) *cobra.Command {
	o := &syncOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "sync PATH... --out DIR [--format html|text|md|json|csv]",
		Short: "Import, then re-render the reports of the weeks that changed (the cron command)",
		Long: `sync imports PATH... like import, then renders again the reports of every week whose
activities changed (and the weeks after it, whose load change and calendar it touches), plus
index.html. A report file whose content did not change is not rewritten.

It says nothing when all is well, so that cron mails only when there is something to read:
the import summary line appears when a file newly failed (or with -v). The first run renders
every week the store holds.`,
		Example: `  easyday sync ~/WatchSync --out ~/training-reports
  # crontab: every night at 03:15
  15 3 * * * $HOME/go/bin/easyday sync $HOME/WatchSync --out $HOME/training-reports`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runSync(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.out, "out", "", "the reports folder (required)")
	f.StringVar(&o.format, "format", "html", "html, text, md, json or csv")
	f.IntVar(&o.jobs, "jobs", 0, "files decoded at once (default: the number of CPUs)")
	return cmd
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
	lock, err := store.Lock(o.db)
	if err != nil {
		return err
	}
	defer lock.Release()
	stats, err := importLocked(ctx, o.globalOptions, o.paths, o.jobs)
	if err != nil {
		return err
	}
	newlyFailed := false
	for _, f := range stats.Failures {
		newlyFailed = newlyFailed || f.New
	}
	if o.verbose || newlyFailed {
		fmt.Fprintln(o.stderr, stats.Line())
	}

	st, err := store.Open(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	first, err := st.Activities(ctx, store.Filter{})
	if err != nil || len(first) == 0 {
		return err
	}
	from := first[0].Start.In(loc)
	to := first[len(first)-1].Start.In(loc)
	if t := time.Now().In(loc); t.After(to) {
		to = t
	}
	// Which weeks to render: every week on the first run (no index yet), else the weeks the
	// import touched and the HistoryWeeks after each.
	// The analysis behind the pages changes with the profile: then every week is rendered
	// again (unchanged pages are still not rewritten).
	p, _, err := loadProfile(ctx, o.globalOptions, st)
	if err != nil {
		return err
	}
	stamp := filepath.Join(o.out, ".easyday-sync")
	state := o.format + " " + ingest.Fingerprint(p) + " " + loc.String() + " " + o.units
	old, _ := os.ReadFile(stamp)
	var weeks map[string]bool
	if _, err := os.Stat(filepath.Join(o.out, "index.html")); (err == nil || o.format != "html") && string(old) == state {
		weeks = map[string]bool{}
		for _, ref := range stats.Touched {
			for k := 0; k <= report.HistoryWeeks; k++ {
				y, w := ref.Start.In(loc).AddDate(0, 0, 7*k).ISOWeek()
				weeks[fmt.Sprintf("%d-W%02d", y, w)] = true
			}
		}
		if len(weeks) == 0 && o.format == "html" {
			return nil // nothing changed: nothing to render, nothing to rewrite
		}
	}
	r, err := buildReport(ctx, o.globalOptions, st, loc, time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc),
		time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, loc))
	if err != nil {
		return err
	}
	written, err := writeReport(o.out, o.format, r, report.Options{Units: o.units, Loc: loc}, weeks)
	for _, f := range written {
		o.log.Debug("report written", "file", filepath.Join(o.out, f))
	}
	if err != nil {
		return err
	}
	_, err = writeAtomic(stamp, []byte(state))
	return err
}
