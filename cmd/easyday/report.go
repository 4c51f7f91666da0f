package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/internal/athlete"
	"github.com/easyday/easyday/report"
)

type reportOptions struct {
	*globalOptions
	week, from, to string
	format         string
	out            string
}

func newReportCmd(g *globalOptions) *cobra.Command {
	o := &reportOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "report [--week 2026-W47 | --from DATE --to DATE] [--format text|md|html|json|csv] [--out DIR]",
		Short: "Weekly reports: what you did, how hard it really was, and the recovery mistakes",
		Long: `report prints, per ISO week (Monday first, in --tz), every activity with its class, effort,
zones and load, the week's totals, and the flags a coach would raise: recovery runs too hard,
too fast or too long, easy runs in the grey zone, back-to-back hard days, weeks without
recovery. Each flag says its number, its limit and what to do, and is a warning or advice.
Pace is judged grade-adjusted where the activity has elevation. The week in progress is
compared with the same days of the weeks before. A store that does not exist is an error; a
read-only one is read as it is.

The default is the last four ISO weeks as text on stdout. --format html writes one
self-contained page per week plus index.html (charts as inline SVG, no network needed) and
needs --out. With --out every file is written to a temporary name and renamed into place.`,
		Example: `  easyday report
  easyday report --week 2026-W47 --format md
  easyday report --from 2026-09-01 --to 2026-11-30 --format html --out ~/training-reports
  easyday report --format json | jq '.weeks[].flags[].message'`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return runReport(cmd.Context(), o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.week, "week", "", "one ISO week, e.g. 2026-W47")
	f.StringVar(&o.from, "from", "", "first date, YYYY-MM-DD")
	f.StringVar(&o.to, "to", "", "last date, YYYY-MM-DD (inclusive)")
	f.StringVar(&o.format, "format", "text", "text, md, html, json or csv")
	f.StringVar(&o.out, "out", "", "write into this folder instead of stdout (html needs it)")
	return cmd
}

func runReport(ctx context.Context, o *reportOptions) error {
	loc, err := o.location()
	if err != nil {
		return err
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	if o.format == "html" && o.out == "" {
		return usageError{errors.New("--format html writes one page per week: give --out DIR")}
	}
	from, to, err := reportRange(o.week, o.from, o.to, loc, time.Now())
	if err != nil {
		return err
	}
	a, err := openAthlete(ctx, o.globalOptions, loc, false)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := refresh(ctx, o.globalOptions, a); err != nil {
		return err
	}
	r, err := a.Report(ctx, from, to, athlete.Charted(o.format, nil))
	if err != nil {
		return err
	}
	opts := report.Options{Units: o.units, Loc: loc, Quiet: o.quiet}
	if o.format == "csv" { // CSV has no place for prose: its notices go to stderr
		for _, n := range r.Notices {
			fmt.Fprintln(o.stderr, "note: "+n)
		}
	}
	if o.out == "" {
		return athlete.Render(o.stdout, o.format, r, opts)
	}
	_, err = athlete.WriteReport(o.out, o.format, r, opts, nil, nil)
	return err
}

// checkFormat checks a --format value of report and sync.
func checkFormat(format string) error {
	switch format {
	case "text", "md", "html", "json", "csv":
		return nil
	}
	return usageError{fmt.Errorf("--format %q: want text, md, html, json or csv", format)}
}

// reportRange turns --week or --from/--to into the dates to report (inclusive), the last four
// ISO weeks by default.
func reportRange(week, from, to string, loc *time.Location, now time.Time) (time.Time, time.Time, error) {
	if week != "" {
		if from != "" || to != "" {
			return time.Time{}, time.Time{}, usageError{errors.New("--week excludes --from and --to")}
		}
		m, err := report.WeekMonday(week, loc)
		if err != nil {
			return time.Time{}, time.Time{}, usageError{fmt.Errorf("--week %w", err)}
		}
		return m, m.AddDate(0, 0, 6), nil
	}
	f, t, err := dateRange(from, to, loc)
	if err != nil {
		return f, t, err
	}
	if !t.IsZero() {
		t = t.AddDate(0, 0, -1) // dateRange's end is exclusive
	}
	today := time.Date(now.In(loc).Year(), now.In(loc).Month(), now.In(loc).Day(), 0, 0, 0, 0, loc)
	if t.IsZero() {
		t = today
	}
	if f.IsZero() {
		wd := (int(t.Weekday()) + 6) % 7 // days since Monday
		f = t.AddDate(0, 0, -wd-21)
	}
	return f, t, nil
}

// openAthlete opens the store of the global options for a command, with the profile from the
// store and the config file: for writing (holding the lock) or reading.
func openAthlete(ctx context.Context, g *globalOptions, loc *time.Location, write bool) (*athlete.Athlete, error) {
	return athlete.Open(ctx, athlete.Options{DB: g.db, Config: g.cfg, Loc: loc, Write: write, Existing: !write})
}

// refresh classifies the stored activities again when their analysis was made under another
// profile or in another zone (a config file edited since, another --tz); when another process
// holds the store's lock, the stored results are used, with a warning.
func refresh(ctx context.Context, g *globalOptions, a *athlete.Athlete) error {
	n, busy, err := a.Refresh(ctx)
	if busy != nil {
		g.log.Warn("profile or zone changed but the store is busy or read-only: reporting the stored analysis", "err", busy)
	}
	if n > 0 {
		g.log.Info("re-analysed activities for the current profile", "activities", n)
	}
	return err
}
