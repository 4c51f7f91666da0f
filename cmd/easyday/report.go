package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/ingest"
	"github.com/easyday/easyday/profile"
	"github.com/easyday/easyday/report"
	"github.com/easyday/easyday/store"
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
too fast or too long, back-to-back hard days, weeks without recovery. Each flag says its
number, its limit and what to do.

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
	st, p, srcs, err := openWithProfile(ctx, o.globalOptions)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := ensureClassified(ctx, o.globalOptions, st, p, loc); err != nil {
		return err
	}
	r, err := buildReport(ctx, o.globalOptions, st, p, srcs, loc, from, to, charted(o.format, nil))
	if err != nil {
		return err
	}
	opts := report.Options{Units: o.units, Loc: loc}
	if o.out == "" {
		return render(o.stdout, o.format, r, opts)
	}
	_, err = writeReport(o.out, o.format, r, opts, nil)
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
		m, err := isoWeekMonday(week, loc)
		if err != nil {
			return time.Time{}, time.Time{}, usageError{err}
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

// isoWeekMonday parses "2026-W47" into the Monday of that ISO week.
func isoWeekMonday(s string, loc *time.Location) (time.Time, error) {
	y, w, ok := strings.Cut(s, "-W")
	year, err1 := strconv.Atoi(y)
	week, err2 := strconv.Atoi(w)
	if !ok || err1 != nil || err2 != nil || week < 1 || week > 53 {
		return time.Time{}, fmt.Errorf("--week %q: want YYYY-Www, e.g. 2026-W47", s)
	}
	jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, loc)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(week-1))
	if _, wk := monday.ISOWeek(); wk != week {
		return time.Time{}, fmt.Errorf("--week %q: %d has no week %d", s, year, week)
	}
	return monday, nil
}

// buildReport reads the store's activities through to and builds the report of from to to
// under profile p, whose values came from srcs, with the season through to: its flags in the
// weeks, its summary, and the athlete's name from the config file. It loads the heart rate of
// the recovery runs, for their charts, only in the weeks chart names (none when chart is nil).
func buildReport(ctx context.Context, g *globalOptions, st *store.Store, p analysis.Profile, srcs profile.Sources, loc *time.Location,
	from, to time.Time, chart func(week string) bool) (report.Report, error) {
	acts, err := st.Activities(ctx, store.Filter{To: to.AddDate(0, 0, 2)})
	if err != nil {
		return report.Report{}, err
	}
	firstWeek, lastWeek := weekKey(from), weekKey(to) // the weeks of the report: they sort as text
	inputs := storedInputs(acts)
	for i := range inputs {
		in := &inputs[i]
		if in.Result.Class == analysis.ClassRecovery && chart != nil {
			if wk := weekKey(in.Start.In(loc)); wk >= firstWeek && wk <= lastWeek && chart(wk) {
				if in.HR, err = hrSeries(ctx, st, in.ID); err != nil {
					return report.Report{}, err
				}
			}
		}
	}
	r := report.Build(inputs, p, profile.NewView(p, srcs), loc, from, to)
	s := report.BuildSeason(report.Sessions(inputs, p, loc), p, g.cfg.Name, time.Time{}, to)
	r.AddSeasonFlags(s)
	r.Season, r.Name = &s, g.cfg.Name
	return r, nil
}

// storedInputs turns stored activities into the reports' inputs, with their stored results.
func storedInputs(acts []store.Stored) []report.Input {
	inputs := make([]report.Input, 0, len(acts))
	for _, a := range acts {
		in := report.Input{ID: a.ID, Activity: storedSummary(a), Start: a.Start, Name: a.Name}
		in.Result, _ = ingest.StoredResult(a.Analysis)
		inputs = append(inputs, in)
	}
	return inputs
}

// charted tells which weeks of a report in format need the heart rate of their recovery runs:
// for html, the weeks whose pages are written (those in weeks, every week when nil); for the
// other formats, which draw no charts, none (nil).
func charted(format string, weeks map[string]bool) func(week string) bool {
	if format != "html" {
		return nil
	}
	return func(week string) bool { return weeks == nil || weeks[week] }
}

// weekKey names the ISO week of t, in t's zone, as reports do: "2026-W47".
func weekKey(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// ensureClassified classifies the stored activities again when their analysis was made under
// another profile or in another zone (a config file edited since, another --tz), when the
// store's lock is free; otherwise the stored results are used, with a warning.
func ensureClassified(ctx context.Context, g *globalOptions, st *store.Store, p analysis.Profile, loc *time.Location) error {
	if current, err := ingest.Current(ctx, st, p, loc); err != nil || current {
		return err
	}
	lock, err := store.Lock(g.db)
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			g.log.Warn("profile or zone changed but the store is busy: reporting the stored analysis", "err", err)
			return nil
		}
		return err
	}
	defer lock.Release()
	n, err := ingest.Classify(ctx, st, p, loc)
	if n > 0 {
		g.log.Info("re-analysed activities for the current profile", "activities", n)
	}
	return err
}

// hrSeries is an activity's cleaned heart rate over time, for the recovery-run chart.
func hrSeries(ctx context.Context, st *store.Store, id int64) ([]report.HRPoint, error) {
	a, err := st.Activity(ctx, id)
	if err != nil {
		return nil, err
	}
	hr, _ := analysis.CleanHR(a.Samples)
	var out []report.HRPoint
	start := a.Begin()
	var last time.Time
	for i, v := range hr {
		t := a.Samples[i].Time
		if math.IsNaN(v) || t.Sub(last) < 5*time.Second { // one point in five seconds is plenty
			continue
		}
		last = t
		out = append(out, report.HRPoint{T: t.Sub(start).Seconds(), BPM: v})
	}
	return out, nil
}

// render writes a whole report in one of the single-file formats.
func render(w io.Writer, format string, r report.Report, opts report.Options) error {
	switch format {
	case "text":
		return report.WriteText(w, r, opts)
	case "md":
		return report.WriteMarkdown(w, r, opts)
	case "json":
		return report.WriteJSON(w, r, opts)
	case "csv":
		return report.WriteCSV(w, r, opts)
	}
	return fmt.Errorf("format %s needs a folder", format)
}

// writeReport writes the report into dir: report.txt/.md/.json/.csv, or for html one page per
// week (only the weeks named in weeks, all when nil) and index.html. A file whose content is
// unchanged is not rewritten. It returns the files written.
func writeReport(dir, format string, r report.Report, opts report.Options, weeks map[string]bool) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	put := func(name string, fill func(io.Writer) error) error {
		var b bytes.Buffer
		if err := fill(&b); err != nil {
			return fmt.Errorf("render %s: %w", name, err)
		}
		changed, err := writeAtomic(filepath.Join(dir, name), b.Bytes())
		if changed {
			written = append(written, name)
		}
		return err
	}
	if format != "html" {
		return written, put(reportFile(format), func(w io.Writer) error { return render(w, format, r, opts) })
	}
	for _, wk := range r.Weeks {
		if weeks != nil && !weeks[wk.Week] {
			continue
		}
		if err := put(report.WeekFileName(wk), func(w io.Writer) error { return report.WriteHTMLWeek(w, r, wk, opts) }); err != nil {
			return written, err
		}
	}
	return written, put(reportFile(format), func(w io.Writer) error { return report.WriteHTMLIndex(w, r, opts) })
}

// reportFile is the file writeReport writes for a format in every run: report.txt, .md,
// .json or .csv, or index.html beside the week pages.
func reportFile(format string) string {
	if format == "html" {
		return "index.html"
	}
	return "report." + map[string]string{"text": "txt", "md": "md", "json": "json", "csv": "csv"}[format]
}

// writeAtomic writes b to path through a temporary file in the same folder, synced and
// renamed into place; a file that already holds b is left alone (changed is false).
func writeAtomic(path string, b []byte) (changed bool, err error) {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return false, nil
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return false, err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // gone after the rename; cleans up after a failure
	if _, err := f.Write(b); err != nil {
		f.Close()
		return false, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return false, err
	}
	if err := f.Close(); err != nil {
		return false, err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return false, err
	}
	return true, os.Rename(tmp, path)
}
