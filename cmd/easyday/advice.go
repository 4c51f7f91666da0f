package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/report"
)

type adviceOptions struct {
	*globalOptions
	date string
	json bool
}

func newAdviceCmd(g *globalOptions) *cobra.Command {
	o := &adviceOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "advice [--date DATE] [--json]",
		Short: "What tomorrow (or --date) should be: a recovery run, rest or cross-training, or free",
		Long: `advice says what day DATE (default: tomorrow in --tz) should be, from the sessions before
it, the profile and the form that morning: after a day with a hard session, a recovery run of
N–M minutes (by level: recovery_max_min − 10 to recovery_max_min) under the heart rate of the
recovery ceiling and slower than marathon pace + 60 s/km, or an easy walk, swim or ride; when
the form is below −30% of fitness (fatigued), rest or cross-training; otherwise free for the
plan. One line, then the reasons.

--json prints {"date", "kind": "recovery"|"rest_or_cross"|"free", "text", "reasons",
"minutes": [min, max], "hr_max_bpm", "pace_floor_s_per_km"}, the last three null where they do
not apply or are unknown.`,
		Example: `  easyday advice
  easyday advice --date 2026-11-24
  easyday advice --json | jq -r .text`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return runAdvice(cmd.Context(), o) },
	}
	cmd.Flags().StringVar(&o.date, "date", "", "the day to advise, YYYY-MM-DD (default tomorrow)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print JSON")
	return cmd
}

func runAdvice(ctx context.Context, o *adviceOptions) error {
	loc, err := o.location()
	if err != nil {
		return err
	}
	today := report.Today(time.Now(), loc)
	day := today.AddDate(0, 0, 1)
	if o.date != "" {
		d, err := time.Parse(time.DateOnly, o.date)
		if err != nil {
			return usageError{fmt.Errorf("--date %q: want YYYY-MM-DD", o.date)}
		}
		day = d
	}
	sessions, p, err := loadSessions(ctx, o.globalOptions, loc, day.AddDate(0, 0, -1))
	if err != nil {
		return err
	}
	a, err := report.NewAdvice(sessions, p, day, today, report.Options{Units: o.units, Loc: loc})
	if err != nil {
		return err
	}
	if o.json {
		enc := json.NewEncoder(o.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(a)
	}
	var b strings.Builder
	b.WriteString(a.Text + "\n")
	for _, r := range a.Reasons {
		b.WriteString("  - " + r + "\n")
	}
	_, err = fmt.Fprint(o.stdout, b.String())
	return err
}
