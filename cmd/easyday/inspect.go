package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/athlete"
	"github.com/easyday/easyday/internal/ingest"
	"github.com/easyday/easyday/profile"
	"github.com/easyday/easyday/report"
)

type inspectOptions struct {
	*globalOptions
	json  bool
	paths []string
}

func newInspectCmd(g *globalOptions) *cobra.Command {
	o := &inspectOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "inspect [--json] FILE...",
		Short: "Decode activity files and summarise each activity, without touching the store",
		Long: `inspect decodes FIT, GPX and TCX files (also gzipped, and zip archives of them) and prints
one summary per activity: a multisport FIT file holds one activity per session. Metrics are
recomputed from the samples (elapsed and moving time, distance, pace, cleaned average and max
heart rate); the device's own session summary is shown beside them in --json.

A file that cannot be read is reported with its reason and the others go on; the exit code
is then 1.`,
		Example: `  easyday inspect 2026-11-18-0715-run.fit
  easyday inspect --json ~/Downloads/export.zip | jq '.[] | {file, distance_m, avg_hr}'`,
		Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runInspect(cmd.Context(), o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print a JSON array, one item per activity (and per failed file)")
	return cmd
}

// inspected is what one input file gave.
type inspected struct {
	entry     importer.Entry
	acts      []activity.Activity
	summaries []analysis.Summary
	results   []analysis.Result
	// samples counts each activity's samples, which are dropped once it is summarised: the
	// results of every file are held until all are printed.
	samples []int
	err     error
}

func runInspect(ctx context.Context, o *inspectOptions) error {
	walker := importer.NewWalker(importer.Options{})
	defer walker.Close()
	var entries []importer.Entry
	err := walker.Walk(ctx, o.paths, func(e importer.Entry) error {
		entries = append(entries, e)
		return nil
	})
	if err != nil {
		return err
	}
	var p analysis.Profile
	if o.json { // only --json shows the class
		p = inspectProfile(ctx, o.globalOptions)
	}
	budget := ingest.NewBudget(nil) // the import's bound on the bytes being decoded at once
	var (
		failed int
		out    func(inspected) error
		flush  func() error
	)
	if o.json {
		jw := &inspectJSON{w: o.stdout, units: o.units}
		out, flush = jw.write, jw.close
	} else {
		tw := newInspectText(o.stdout, o.units)
		out = func(r inspected) error {
			tw.write(r)
			if r.err != nil {
				fmt.Fprintf(o.stderr, "easyday: %s: %s\n", printable(r.entry.Path), printable(importer.Reason(r.err)))
			}
			for _, a := range r.acts {
				for _, n := range a.Notes { // what the importer worked around: with -v
					o.log.Debug("note", "path", a.Source.Path, "session", a.Source.Session, "note", n)
				}
			}
			return nil
		}
		flush = tw.flush
	}
	err = inspectEach(ctx, entries, func(e importer.Entry) inspected {
		r := inspected{entry: e}
		r.acts, r.err = budget.Decode(e, importer.Options{})
		e.Annotate(r.acts)
		for j := range r.acts {
			if !o.json {
				r.summaries = append(r.summaries, analysis.Summarize(&r.acts[j]))
			} else {
				// Classified alone: inspect knows no calendar, and its reasons say so.
				s, v := analysis.SummarizeVariants(&r.acts[j], p)
				r.summaries, r.results = append(r.summaries, s), append(r.results, v.Alone)
			}
			r.samples = append(r.samples, len(r.acts[j].Samples))
			r.acts[j].Samples = nil
		}
		return r
	}, func(r inspected) error {
		if r.err != nil {
			failed++
		}
		return out(r)
	})
	if err != nil {
		return err
	}
	if err := flush(); err != nil {
		return err
	}
	if failed > 0 {
		return errFilesFailed
	}
	return nil
}

// inspectEach decodes entries on parallel workers and hands each result to write in walk
// order, as soon as it and those before it are done. At most twice as many files as workers
// are in flight (decoded or waiting to be written), so that memory holds a few files' samples,
// not the archive's.
func inspectEach(ctx context.Context, entries []importer.Entry, decode func(importer.Entry) inspected,
	write func(inspected) error) error {
	jobs := runtime.GOMAXPROCS(0)
	return ingest.Ordered(ctx, len(entries), jobs, int64(2*jobs), func(int) int64 { return 1 },
		func(i int) inspected { return decode(entries[i]) },
		func(_ int, r inspected) error { return write(r) })
}

// inspectItem is one activity of inspect --json: DESIGN's summary fields and its class.
type inspectItem struct {
	report.ActivitySummary
	report.Classification
}

// inspectProfile is the profile inspect analyses with: the config file's and, when the store
// exists, the store's; defaults otherwise. inspect opens the store read-only, and never
// creates one.
func inspectProfile(ctx context.Context, g *globalOptions) analysis.Profile {
	if a, err := athlete.Open(ctx, athlete.Options{DB: g.db, Config: g.cfg, ReadOnly: true}); err == nil {
		defer a.Close()
		return a.Profile
	}
	p, _, err := profile.Resolve(nil, g.cfg)
	if err != nil {
		return analysis.DefaultProfile()
	}
	return p
}

// inspectJSON writes inspect --json's array one item at a time, byte for byte as
// json.Encoder with two-space indentation writes the whole array.
type inspectJSON struct {
	w     io.Writer
	items int
	buf   bytes.Buffer
	units string
}

// write adds the items of one file: its activities, or its error.
func (j *inspectJSON) write(r inspected) error {
	if r.err != nil {
		return j.item(report.FileError{File: r.entry.Path, Error: importer.Reason(r.err)})
	}
	for i := range r.acts {
		c, err := report.NewClassification(r.results[i]).Worded(report.Options{Units: j.units})
		if err != nil {
			return err
		}
		sum := report.NewActivitySummary(&r.acts[i], r.summaries[i])
		sum.Samples = r.samples[i]
		if err := j.item(inspectItem{sum, c}); err != nil {
			return err
		}
	}
	return nil
}

func (j *inspectJSON) item(v any) error {
	j.buf.Reset()
	if j.items == 0 {
		j.buf.WriteString("[\n  ")
	} else {
		j.buf.WriteString(",\n  ")
	}
	j.items++
	enc := json.NewEncoder(&j.buf)
	enc.SetIndent("  ", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	j.buf.Truncate(j.buf.Len() - 1) // Encode's newline: the separator or the end follows
	_, err := j.w.Write(j.buf.Bytes())
	return err
}

// close ends the array.
func (j *inspectJSON) close() error {
	end := "\n]\n"
	if j.items == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(j.w, end)
	return err
}

// inspectText is inspect's table, a row per activity; the table is aligned when flushed.
type inspectText struct {
	tw                 *tabwriter.Writer
	units              string
	distUnit, paceUnit string
}

func newInspectText(w io.Writer, units string) *inspectText {
	t := &inspectText{tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight), units: units,
		distUnit: "km", paceUnit: "/km"}
	if units == "imperial" {
		t.distUnit, t.paceUnit = "mi", "/mi"
	}
	fmt.Fprintf(t.tw, "FILE\t#\tSPORT\tSTART\tMOVING\tDIST %s\tPACE %s\tAVG HR\tMAX HR\tSAMPLES\tNOTE\t\n", t.distUnit, t.paceUnit)
	return t
}

// write adds the rows of one file (none for a file that failed).
func (t *inspectText) write(r inspected) {
	if r.err != nil {
		return
	}
	units := t.units
	for i := range r.acts {
		a, s := &r.acts[i], r.summaries[i]
		note := ""
		if a.Partial {
			note = "partial"
		}
		start := "-"
		if !a.Start.IsZero() {
			start = a.Start.Format("2006-01-02 15:04")
		}
		fmt.Fprintf(t.tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t\n",
			shortName(a.Source.Path), a.Source.Session, a.Sport, start, clock(s.MovingS),
			distance(s.DistanceM, units), pace(s.PaceSPerKm, units), bpm(s.AvgHR), bpm(s.MaxHR),
			r.samples[i], note)
	}
}

func (t *inspectText) flush() error { return t.tw.Flush() }

// shortName keeps a long path readable in a table: the base name, with the archive it is in.
func shortName(p string) string {
	parts := strings.Split(p, "!/")
	for i := range parts {
		parts[i] = filepath.Base(parts[i])
	}
	s := printable(strings.Join(parts, "!/"))
	if len(s) > 48 {
		s = "…" + s[len(s)-47:]
	}
	return s
}

// dash shows an unknown value (an empty string) as "-".
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clock, distance and pace are the reports' formatters, with "-" for unknown values.
func clock(sec float64) string                { return dash(report.HMS(sec)) }
func distance(m float64, units string) string { return dash(report.Distance(m, units)) }
func pace(sPerKm float64, units string) string {
	return dash(report.Pace(sPerKm, units))
}

func bpm(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.0f", v)
}
