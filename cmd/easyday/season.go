package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/report"
	"github.com/easyday/easyday/season"
)

type seasonOptions struct {
	*globalOptions
	from, to string
	format   string
}

func newSeasonCmd(g *globalOptions) *cobra.Command {
	o := &seasonOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "season [--from DATE --to DATE] [--format text|md|json|csv|html]",
		Short: "The bigger picture: fitness, fatigue, form, load spikes, recovery compliance, aerobic efficiency",
		Long: `season models the whole history in the store, day by day in --tz: the daily load (TRIMP),
fitness (CTL, 42 days), fatigue (ATL, 7 days), the morning's form (TSB = yesterday's CTL − ATL)
and the acute:chronic load ratio (7 days over the 28-day weekly average). Per week it counts
the recovery runs within all their limits and the hard sessions followed by recovery or rest,
and the aerobic efficiency of the easy runs (metres per heartbeat); it flags load spikes
(ratio 1.5 or more) and fatigue (form below −30% of fitness while hard sessions continue).
Until the history is six weeks long the season says it is still learning the athlete.

It prints --from to --to (default: the whole history through today) on stdout: the days from
--from, the weeks and the summary over whole weeks from the Monday of its week; fitness,
fatigue and form shown together are a morning's (the day before's CTL and ATL, form their
difference), while JSON and CSV give each day's CTL and ATL at its end. Text ends with a
five-line summary; html is one self-contained page with the season charts. A --from after
--to (default today) is wrong usage.`,
		Example: `  easyday season
  easyday season --from 2026-01-01 --format md
  easyday season --format json | jq '.days[-1]'
  easyday season --format html > season.html`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return runSeason(cmd.Context(), o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "", "first date shown, YYYY-MM-DD (the whole history counts all the same)")
	f.StringVar(&o.to, "to", "", "last date, YYYY-MM-DD (inclusive; default today)")
	f.StringVar(&o.format, "format", "text", "text, md, json, csv or html")
	return cmd
}

func runSeason(ctx context.Context, o *seasonOptions) error {
	loc, err := o.location()
	if err != nil {
		return err
	}
	if err := checkFormat(o.format); err != nil {
		return err
	}
	from, to, err := dateRange(o.from, o.to, loc)
	if err != nil {
		return err
	}
	today := report.Today(time.Now(), loc)
	through, toName := today, "today"
	if !to.IsZero() {
		through = civilDate(to.AddDate(0, 0, -1)) // dateRange's end is exclusive
		toName = "--to"
	}
	if !from.IsZero() && civilDate(from).After(through) {
		return usageError{fmt.Errorf("--from %s is after %s %s: no days to show",
			civilDate(from).Format(time.DateOnly), toName, through.Format(time.DateOnly))}
	}
	sessions, p, err := loadSessions(ctx, o.globalOptions, loc, through)
	if err != nil {
		return err
	}
	var first time.Time
	if !from.IsZero() {
		first = civilDate(from)
	}
	s := report.BuildSeason(sessions, p, o.cfg.Name, first, through)
	return report.WriteSeason(o.stdout, o.format, s, report.Options{Units: o.units, Loc: loc})
}

// loadSessions reads the store's activities through the civil date through, classified
// under the current profile in loc, as the season's sessions.
func loadSessions(ctx context.Context, g *globalOptions, loc *time.Location, through time.Time) ([]season.Session, analysis.Profile, error) {
	a, err := openAthlete(ctx, g, loc, false)
	if err != nil {
		return nil, analysis.DefaultProfile(), err
	}
	defer a.Close()
	if err := refresh(ctx, g, a); err != nil {
		return nil, a.Profile, err
	}
	end := time.Date(through.Year(), through.Month(), through.Day()+2, 0, 0, 0, 0, loc)
	inputs, err := a.Inputs(ctx, end)
	if err != nil {
		return nil, a.Profile, err
	}
	return report.Sessions(inputs, a.Profile, loc), a.Profile, nil
}

// civilDate is t's calendar date at midnight UTC, as the season counts days.
func civilDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
