package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/internal/ingest"
	"github.com/easyday/easyday/report"
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
index.html. A report file whose content did not change is not rewritten. A file read by
an older easyday whose decoding rules have changed since is read again like a changed file;
its weeks are rendered again when what it holds changed.

It says nothing when all is well, so that cron mails only when there is something to read:
when a file newly failed, the import summary line, each such file with its reason, and the
command that lists every failure (the summary line alone with -v). Like import, it estimates
the profile from the data while the key the effort model needs is not set. The first run renders
every week the store holds, and so does a run after the profile (a config file edited), the
zone, the units or the analysis rules (an upgrade) changed; a new profile, zone or analysis
rules classify the stored activities again first.`,
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
	a, err := openAthlete(ctx, o.globalOptions, loc, true)
	if err != nil {
		return err
	}
	defer a.Close()
	stats, err := importLocked(ctx, o.globalOptions, a, o.paths, o.jobs, false)
	if err != nil {
		return err
	}
	writeFailures(o.globalOptions, stats)

	// Which weeks to render: the weeks the import touched and the HistoryWeeks after each,
	// none when it touched nothing; but every week when the reports were last rendered under
	// another profile, zone, units or format, or not at all (no stamp, or no index.html or
	// report file). Unchanged pages are not rewritten either way.
	stamp := filepath.Join(o.out, ".easyday-sync")
	state := o.format + " " + ingest.Fingerprint(a.Profile) + " " + loc.String() + " " + o.units
	old, _ := os.ReadFile(stamp)
	var weeks map[string]bool // nil: every week
	if _, err := os.Stat(filepath.Join(o.out, reportFile(o.format))); err == nil && string(old) == state {
		if len(stats.Touched) == 0 {
			return nil // nothing changed: nothing to render, nothing to rewrite
		}
		weeks = map[string]bool{}
		for _, ref := range stats.Touched {
			for k := 0; k <= report.HistoryWeeks; k++ {
				weeks[report.WeekKey(ref.Start.In(loc).AddDate(0, 0, 7*k))] = true
			}
		}
	}
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
	first, last, err := a.Store.Span(ctx)
	if err != nil || first.IsZero() {
		return err
	}
	from, to := first.In(loc), last.In(loc)
	if t := time.Now().In(loc); t.After(to) {
		to = t
	}
	r, err := a.Report(ctx, time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc),
		time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, loc), charted(o.format, weeks))
	if err != nil {
		return err
	}
	opts := report.Options{Units: o.units, Loc: loc}
	if o.format == "html" {
		today := report.Today(time.Now(), loc)
		adv, err := report.NewAdvice(r.Season.Model.Sessions, a.Profile, today.AddDate(0, 0, 1), today, opts)
		if err != nil {
			return err
		}
		r.Advice = &adv
	}
	written, err := writeReport(o.out, o.format, r, opts, weeks)
	for _, f := range written {
		o.log.Debug("report written", "file", filepath.Join(o.out, f))
	}
	if err != nil {
		return err
	}
	_, err = writeAtomic(stamp, []byte(state))
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
