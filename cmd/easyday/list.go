package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/athlete"
	"github.com/easyday/easyday/internal/ingest"
	"github.com/easyday/easyday/report"
	"github.com/easyday/easyday/store"
)

type listOptions struct {
	*globalOptions
	from, to string
	failed   bool
	json     bool
}

func newListCmd(g *globalOptions) *cobra.Command {
	o := &listOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "list [--from DATE --to DATE] [--failed] [--json]",
		Short: "List what the store holds: one row per activity, or the files that failed",
		Long: `list prints one row per stored activity, oldest first: date, sport, name, class, moving time,
distance, average heart rate, effort and the files it came from (a run stored once from a
FIT and a GPX file names both). --from and --to bound the dates (inclusive, in --tz).
--failed lists the files that failed instead, with their reasons.`,
		Example: `  easyday list --from 2026-11-01
  easyday list --failed
  easyday list --json | jq '.[] | select(.sport == "running") | .distance_m'`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return runList(cmd.Context(), o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "", "first date, YYYY-MM-DD")
	f.StringVar(&o.to, "to", "", "last date, YYYY-MM-DD (inclusive)")
	f.BoolVar(&o.failed, "failed", false, "list the files that failed, with their reasons")
	f.BoolVar(&o.json, "json", false, "print JSON")
	return cmd
}

// listItem is one activity of `list --json`: the activity summary of `inspect --json` plus
// its store id, local date, name, description and commute mark (a bulk export's), and every
// file it was found in.
type listItem struct {
	ID          int64  `json:"id"`
	Date        string `json:"date"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Commute     bool   `json:"commute"`
	report.ActivitySummary
	report.Classification
	Files []string `json:"files"`
}

func runList(ctx context.Context, o *listOptions) error {
	loc, err := o.location()
	if err != nil {
		return err
	}
	from, to, err := dateRange(o.from, o.to, loc)
	if err != nil {
		return err
	}
	// list shows what the store holds even when the profile is wrong: then with the classes
	// stored, and a warning. It never creates a store.
	a, err := athlete.Open(ctx, athlete.Options{DB: o.db, Config: o.cfg, Loc: loc, Existing: true, KeepBadProfile: true})
	if err != nil {
		return err
	}
	defer a.Close()
	if o.failed {
		return listFailed(ctx, o, a.Store)
	}
	if a.ProfileErr != nil {
		o.log.Warn("listing the stored classes", "err", a.ProfileErr)
	} else if err := refresh(ctx, o.globalOptions, a); err != nil {
		return err
	}
	all, err := a.Store.Activities(ctx, store.Filter{From: from, To: to, IncludeDuplicates: true})
	if err != nil {
		return err
	}
	files := map[int64][]string{}
	var items []listItem
	for _, s := range all {
		if s.DuplicateOf != 0 {
			files[s.DuplicateOf] = append(files[s.DuplicateOf], s.Source.Path)
			continue
		}
		files[s.ID] = append(files[s.ID], s.Source.Path)
		it := listItem{ID: s.ID, Date: s.Start.In(loc).Format("2006-01-02"), Name: s.Name,
			Description: s.Description, Commute: s.Commute, ActivitySummary: athlete.Summary(s)}
		r, _ := ingest.StoredResult(s.Analysis)
		if it.Classification, err = report.NewClassification(r).Worded(report.Options{Units: o.units}); err != nil {
			return err
		}
		items = append(items, it)
	}
	for i := range items {
		items[i].Files = files[items[i].ID]
	}
	if o.json {
		if items == nil {
			items = []listItem{}
		}
		enc := json.NewEncoder(o.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(items)
	}
	tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
	distUnit := "km"
	if o.units == "imperial" {
		distUnit = "mi"
	}
	fmt.Fprintf(tw, "ID\tDATE\tSPORT\tNAME\tCLASS\tMOVING\tDIST %s\tAVG HR\tEFFORT\tFILES\n", distUnit)
	for _, it := range items {
		names := ""
		for i, f := range it.Files {
			if i > 0 {
				names += ", "
			}
			names += shortName(f)
		}
		class, effort := string(it.Class), "-"
		if class == "" {
			class = "-"
		}
		if e := float64(it.Effort); !math.IsNaN(e) {
			effort = fmt.Sprintf("%.0f%%", 100*e)
			if it.EffortSource == analysis.EffortFromPace {
				effort += " (pace)"
			}
		}
		name := strings.Map(func(r rune) rune { // one line, one cell: no tab or newline from a file
			if r == '\t' || r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, it.Name)
		if name == "" {
			name = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", it.ID, it.Date, it.Sport, name, class,
			clock(float64(it.MovingS)), distance(float64(it.DistanceM), o.units), bpm(float64(it.AvgHR)), effort, names)
	}
	return tw.Flush()
}

func listFailed(ctx context.Context, o *listOptions, st *store.Store) error {
	failed, err := st.FailedFiles(ctx)
	if err != nil {
		return err
	}
	if o.json {
		items := make([]report.FileError, 0, len(failed))
		for _, f := range failed {
			items = append(items, report.FileError{File: f.Path, Error: f.Reason})
		}
		enc := json.NewEncoder(o.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(items)
	}
	tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "FILE\tREASON\n")
	for _, f := range failed {
		fmt.Fprintf(tw, "%s\t%s\n", printable(f.Path), printable(f.Reason))
	}
	return tw.Flush()
}

// dateRange parses --from and --to (inclusive dates in loc) into [from, to) instants; an
// empty one does not bound.
func dateRange(from, to string, loc *time.Location) (time.Time, time.Time, error) {
	var f, t time.Time
	var err error
	if from != "" {
		if f, err = time.ParseInLocation("2006-01-02", from, loc); err != nil {
			return f, t, usageError{fmt.Errorf("--from %q: want YYYY-MM-DD", from)}
		}
	}
	if to != "" {
		if t, err = time.ParseInLocation("2006-01-02", to, loc); err != nil {
			return f, t, usageError{fmt.Errorf("--to %q: want YYYY-MM-DD", to)}
		}
		t = t.AddDate(0, 0, 1)
	}
	if !f.IsZero() && !t.IsZero() && !t.After(f) {
		return f, t, usageError{fmt.Errorf("--to %s is before --from %s", to, from)}
	}
	return f, t, nil
}
