package athlete

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/atomicfile"
	"github.com/easyday/easyday/report"
)

// SyncStampName is the file in a reports folder that records what Publish last wrote there
// (syncRecord, as JSON).
const SyncStampName = ".easyday-sync"

// syncRecord is what sync wrote into a reports folder: each file's fingerprint of what its
// content was made of (report.Pages), and the SHA-256 of the bytes written. Both are the same
// for the same store, so that a folder brought up to date holds the record a sync into an
// empty folder writes.
type syncRecord struct {
	Pages   report.Manifest   `json:"pages"`
	Written map[string]string `json:"written"`
}

// fileSum is the SHA-256 of a file's bytes, in hex.
func fileSum(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// PublishOptions say where and how Publish writes the reports.
type PublishOptions struct {
	// Dir is the reports folder; Format one of text, md, html, json or csv.
	Dir, Format string
	// Units and Loc are the report's (report.Options).
	Units string
	Loc   *time.Location
	// Version is easyday's version, part of every page's fingerprint (report.Pages).
	Version string
	// Log receives a debug line for each file written or removed.
	Log *slog.Logger
}

// Publish brings the reports folder up to date with the store: it builds the report of
// every week the store holds, and renders again the files whose content's fingerprint
// differs from the one recorded when they were last written, or that are missing or changed
// since (report.Manifest): whatever was imported since, so that a sync stopped half way or an
// import between two syncs is made good. Files the report no longer has are removed; a file
// whose content did not change is not rewritten. It reports unchanged when there was nothing
// to render and nothing to remove.
func (a *Athlete) Publish(ctx context.Context, o PublishOptions) (unchanged bool, err error) {
	loc := o.Loc
	first, last, err := a.Store.Span(ctx)
	if err != nil || first.IsZero() {
		return false, err
	}
	// An implausible date stored before easyday refused them (analysis.Implausible) does not
	// stretch the reports over decades.
	now := time.Now()
	if first.Before(analysis.FirstPlausible) {
		first = analysis.FirstPlausible
	}
	if l := analysis.LastPlausible(now); last.After(l) {
		last = l
	}
	from, to := first.In(loc), last.In(loc)
	if t := now.In(loc); t.After(to) {
		to = t
	}
	from = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc)
	to = time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, loc)
	r, err := a.Report(ctx, from, to, nil)
	if err != nil {
		return false, err
	}
	opts := report.Options{Units: o.Units, Loc: loc}
	if o.Format == "html" {
		today := report.Today(now, loc)
		adv, err := report.NewAdvice(r.Season.Model.Sessions, a.Profile, today.AddDate(0, 0, 1), today, opts)
		if err != nil {
			return false, err
		}
		r.Advice = &adv
	}
	file := ReportFile(o.Format)
	pages, err := report.Pages(r, o.Format, file, opts, o.Version)
	if err != nil {
		return false, err
	}
	var old syncRecord
	if b, err := os.ReadFile(filepath.Join(o.Dir, SyncStampName)); err == nil {
		_ = json.Unmarshal(b, &old) // unreadable: every file is rendered again
	}
	// A file counts as there when it holds what sync wrote: not when something else (report
	// --out into the same folder, a hand) changed it since.
	render, gone := pages.Stale(old.Pages, func(name string) bool {
		sum, err := fileSum(filepath.Join(o.Dir, name))
		return err == nil && sum == old.Written[name]
	})
	if len(render) == 0 && len(gone) == 0 {
		return true, nil // nothing to render, nothing to rewrite
	}
	var weeks map[string]bool // the week pages to write (html)
	if o.Format == "html" {
		names := map[string]bool{}
		for _, n := range render {
			names[n] = true
		}
		weeks = map[string]bool{}
		for _, wk := range r.Weeks {
			if names[report.WeekFileName(wk)] {
				weeks[wk.Week] = true
			}
		}
		if len(weeks) > 0 { // their recovery runs' heart rate, for the charts
			advice := r.Advice
			if r, err = a.Report(ctx, from, to, Charted(o.Format, weeks)); err != nil {
				return false, err
			}
			r.Advice = advice
		}
	}
	written, err := WriteReport(o.Dir, o.Format, r, opts, weeks)
	for _, f := range written {
		o.Log.Debug("report written", "file", filepath.Join(o.Dir, f))
	}
	if err != nil {
		return false, err
	}
	for _, name := range gone {
		if name != filepath.Base(name) || name == SyncStampName {
			continue // a record edited by hand names nothing outside the folder
		}
		if err := os.Remove(filepath.Join(o.Dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return false, err
		}
		o.Log.Debug("report removed", "file", filepath.Join(o.Dir, name))
	}
	rec := syncRecord{Pages: pages, Written: map[string]string{}}
	for name := range pages {
		if rec.Written[name] = old.Written[name]; slices.Contains(render, name) {
			if rec.Written[name], err = fileSum(filepath.Join(o.Dir, name)); err != nil {
				return false, err
			}
		}
	}
	b, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return false, err
	}
	_, err = atomicfile.Write(filepath.Join(o.Dir, SyncStampName), append(b, '\n'))
	return false, err
}

// Charted tells which weeks of a report in format need the heart rate of their recovery runs:
// for html, the weeks whose pages are written (those in weeks, every week when nil); for the
// other formats, which draw no charts, none (nil).
func Charted(format string, weeks map[string]bool) func(week string) bool {
	if format != "html" {
		return nil
	}
	return func(week string) bool { return weeks == nil || weeks[week] }
}

// Render writes a whole report in one of the single-file formats.
func Render(w io.Writer, format string, r report.Report, opts report.Options) error {
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

// WriteReport writes the report into dir: report.txt/.md/.json/.csv, or for html one page per
// week (only the weeks named in weeks, all when nil) and index.html. A file whose content is
// unchanged is not rewritten (atomicfile.Write). It returns the files written.
func WriteReport(dir, format string, r report.Report, opts report.Options, weeks map[string]bool) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	put := func(name string, fill func(io.Writer) error) error {
		var b bytes.Buffer
		if err := fill(&b); err != nil {
			return fmt.Errorf("render %s: %w", name, err)
		}
		changed, err := atomicfile.Write(filepath.Join(dir, name), b.Bytes())
		if changed {
			written = append(written, name)
		}
		return err
	}
	if format != "html" {
		return written, put(ReportFile(format), func(w io.Writer) error { return Render(w, format, r, opts) })
	}
	for _, wk := range r.Weeks {
		if weeks != nil && !weeks[wk.Week] {
			continue
		}
		if err := put(report.WeekFileName(wk), func(w io.Writer) error { return report.WriteHTMLWeek(w, r, wk, opts) }); err != nil {
			return written, err
		}
	}
	return written, put(ReportFile(format), func(w io.Writer) error { return report.WriteHTMLIndex(w, r, opts) })
}

// ReportFile is the file WriteReport writes for a format in every run: report.txt, .md,
// .json or .csv, or index.html beside the week pages.
func ReportFile(format string) string {
	if format == "html" {
		return report.IndexFileName
	}
	return "report." + map[string]string{"text": "txt", "md": "md", "json": "json", "csv": "csv"}[format]
}
