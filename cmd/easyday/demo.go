package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/internal/demo"
)

type demoOptions struct {
	*globalOptions
	dir    string
	weeks  int
	seed   uint64
	end    string
	export string
}

func newDemoCmd(g *globalOptions) *cobra.Command {
	o := &demoOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "demo DIR [--weeks N] [--seed S] [--end DATE] [--export strava|garmin]",
		Short: "Write a synthetic athlete's training as real FIT, GPX and TCX files",
		Long: `demo writes a synthetic athlete's training into DIR as real activity files: mostly FIT
(with 1 Hz samples, GPS, heart rate, laps, workout steps and timer pauses), some GPX and TCX,
and a labels.tsv with the truth about each session. The season holds intervals, tempo runs,
long runs and races, recovery runs the day after (some too fast or too long), back-to-back
hard days, a week without recovery, easy rides and walks, runs without heart rate, and
duplicates of one run as FIT and GPX.

The output is deterministic for a seed and an end date. The season ends on --end (default:
the last Sunday, today included).

--export strava writes the season as Strava's bulk export unpacked (activities.csv beside
activities/*.gz), --export garmin as Garmin Connect's (DI_CONNECT/DI-Connect-Fitness/
*_summarizedActivities.json and the FIT files in a zip under DI-Connect-Uploaded-Files): the
files carry no names, the export's metadata does.`,
		Example: `  easyday demo ~/easyday-demo
  easyday demo --weeks 520 --seed 1 /tmp/ten-years
  easyday demo --export strava /tmp/strava-export`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.dir = args[0]
			return runDemo(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.weeks, "weeks", 12, "how many weeks of training")
	f.Uint64Var(&o.seed, "seed", 1, "random seed: the same seed writes the same files")
	f.StringVar(&o.end, "end", "", "last day of the season, YYYY-MM-DD (default: the last Sunday)")
	f.StringVar(&o.export, "export", "", "write the season as a bulk export: strava or garmin")
	return cmd
}

func runDemo(ctx context.Context, o *demoOptions) error {
	if o.weeks < 1 || o.weeks > 2000 {
		return usageError{fmt.Errorf("--weeks must be between 1 and 2000, not %d", o.weeks)}
	}
	loc, err := o.location()
	if err != nil {
		return err
	}
	end := lastSunday(time.Now().In(loc))
	if o.end != "" {
		end, err = time.ParseInLocation("2006-01-02", o.end, loc)
		if err != nil {
			return usageError{fmt.Errorf("--end %q: want YYYY-MM-DD", o.end)}
		}
	}
	if o.export != "" && o.export != demo.ExportStrava && o.export != demo.ExportGarmin {
		return usageError{fmt.Errorf("--export %q: want strava or garmin", o.export)}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	start := time.Now()
	opts := demo.Options{Weeks: o.weeks, Seed: o.seed, End: end}
	var res demo.Result
	if o.export != "" {
		res, err = demo.GenerateExport(o.dir, opts, o.export)
	} else {
		res, err = demo.Generate(o.dir, opts)
	}
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if !o.quiet {
		fmt.Fprintf(o.stderr, "wrote %d files (%d activities, %.1f MB) to %s in %.1fs\n",
			res.Files, res.Activities, float64(res.Bytes)/1e6, o.dir, time.Since(start).Seconds())
	}
	return nil
}

// lastSunday returns the date of the last Sunday on or before t, at midnight.
func lastSunday(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	return d.AddDate(0, 0, -int(d.Weekday()))
}
