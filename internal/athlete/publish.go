package athlete

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/atomicfile"
	"github.com/easyday/easyday/report"
)

// SyncStampName is the file in a reports folder that records what Publish last wrote there
// (syncRecord, as JSON); SyncCacheName what a run on a later day takes from it (syncCache).
const (
	SyncStampName = ".easyday-sync"
	SyncCacheName = ".easyday-sync.cache"
)

// syncRecord is what sync wrote into a reports folder: each file's fingerprint of what its
// content was made of (report.Pages), and the SHA-256 of the bytes written. Both are the same
// for the same store, so that a folder brought up to date holds the record a sync into an
// empty folder writes.
type syncRecord struct {
	// State names all the folder was made of but the day (publishState): the store's
	// generation, the profile, the zone, the units, the format and the program. Day is the
	// calendar day, in the zone, it was made on.
	State string          `json:"state,omitempty"`
	Day   string          `json:"day,omitempty"`
	Pages report.Manifest `json:"pages"`
	// Weeks are the weeks' fingerprints, oldest first (report.PagesWith).
	Weeks   []report.WeekPrint `json:"weeks,omitempty"`
	Written map[string]string  `json:"written"`
	// Cache is the SHA-256 of the cache written beside the record (SyncCacheName): a cache
	// that is not the one written is not read.
	Cache string `json:"cache,omitempty"`
	// Stat is each file's size and modification time (Unix ns) after it was written: a file
	// that still has them holds what was written, and is not read to tell. It is kept in the
	// store (statKey), not in the folder, which holds only what a sync into an empty folder
	// would write.
	Stat map[string][2]int64 `json:"-"`
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

// racyAfter is how long after a file was written its size and time tell that it is unchanged.
const racyAfter = 2 * time.Second

// statOf is a file's size and modification time, as syncRecord.Stat keeps them.
func statOf(path string) ([2]int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return [2]int64{}, err
	}
	return [2]int64{fi.Size(), fi.ModTime().UnixNano()}, nil
}

// intact tells whether the file name in dir holds what the record says was written there:
// it has the size and time it had then, or else the same bytes. As git does with its index,
// the size and time are trusted only for a file written more than racyAfter ago: the file
// system's clock is coarse, and a file changed within the same tick as it was written keeps
// its time.
func (rec *syncRecord) intact(dir, name string) bool {
	path := filepath.Join(dir, name)
	if st, err := statOf(path); err == nil && st == rec.Stat[name] && time.Since(time.Unix(0, st[1])) > racyAfter {
		return true
	}
	want := rec.Written[name]
	if name == SyncCacheName {
		want = rec.Cache
	}
	sum, err := fileSum(path)
	return err == nil && sum == want
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
//
// Two runs need not build every week. One that finds the folder made on the same day of the
// same store (its generation), profile, zone, units, format and program, every file as it was
// written, has nothing to do and reads no activity. One on a later day (html) renders the
// weeks from the last run's on and the index, reading only those weeks' activities and the
// few before them: the weeks before were over then and hold what they held, and the season,
// the notices and the index's older rows are kept from the last run (syncCache).
func (a *Athlete) Publish(ctx context.Context, o PublishOptions) (unchanged bool, err error) {
	loc := o.Loc
	now := a.opts.Now()
	sp, err := a.span(ctx, now)
	if err != nil {
		return false, err
	}
	if sp.first.IsZero() { // no activity yet: the week in progress, empty, and the index say so
		sp = span{known: now, first: now, last: now}
	}
	from, to := sp.first.In(loc), sp.last.In(loc)
	if t := now.In(loc); t.After(to) {
		to = t
	}
	from = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc)
	to = time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, loc)
	state, data, err := a.publishState(ctx, o, sp)
	if err != nil {
		return false, err
	}
	day := report.Today(now, loc).Format(time.DateOnly)
	old, err := a.readRecord(ctx, o.Dir)
	if err != nil {
		return false, err
	}
	if old.State == state && old.Day == day && old.allIntact(o.Dir) {
		return true, nil // the same store, on the same day, and every file as written
	}
	if o.Format == "html" && old.State == state && old.Day < day {
		done, err := a.publishWindow(ctx, o, &old, day, from, to, now)
		if err != nil || done {
			return false, err
		}
	}
	return a.publishAll(ctx, o, &old, syncCache{State: state, Data: data, Known: sp.known.In(loc)}, day, from, to, now)
}

// span is the store's span as the reports take it: known is the first activity's start,
// first and last the earliest and the latest within the plausible dates (analysis.Implausible:
// a date stored before easyday refused them does not stretch the reports over decades).
type span struct{ known, first, last time.Time }

func (a *Athlete) span(ctx context.Context, now time.Time) (span, error) {
	first, last, err := a.Store.Span(ctx)
	if err != nil || first.IsZero() {
		return span{}, err
	}
	sp := span{known: first, first: first, last: last}
	if first.Before(analysis.FirstPlausible) {
		sp.first = analysis.FirstPlausible
	}
	if l := analysis.LastPlausible(now); last.After(l) {
		sp.last = l
	}
	return sp, nil
}

// readRecord reads the record Publish keeps in dir, with its files' stats from the store; an
// unreadable record is an empty one (every file is rendered again).
func (a *Athlete) readRecord(ctx context.Context, dir string) (syncRecord, error) {
	var rec syncRecord
	if b, err := os.ReadFile(filepath.Join(dir, SyncStampName)); err == nil {
		_ = json.Unmarshal(b, &rec)
	}
	v, ok, err := a.Store.State(ctx, statKey(dir))
	if err != nil {
		return rec, err
	}
	if ok {
		_ = json.Unmarshal([]byte(v), &rec.Stat) // unreadable: each file is read to tell
	}
	return rec, nil
}

// allIntact tells whether every file the record names holds what was written.
func (rec *syncRecord) allIntact(dir string) bool {
	for name := range rec.Pages {
		if !rec.intact(dir, name) {
			return false
		}
	}
	return rec.Cache == "" || rec.intact(dir, SyncCacheName)
}

// publishState names all a reports folder is made of but the day: what the data are
// (dataState), and the format, units and easyday's version.
func (a *Athlete) publishState(ctx context.Context, o PublishOptions, sp span) (state, data string, err error) {
	if data, err = a.dataState(ctx, sp); err != nil {
		return "", "", err
	}
	return report.Fingerprint(data, o.Format, o.Units, o.Version), data, nil
}

// dataState names what the reports of the store are made of: the store's generation, the
// span the reports cover (sp: its plausible end moves with the date where an implausible date
// is stored), the profile and where its values came from, the athlete's name, the zone (by
// its offsets, not only its name: Local is Local whatever it is), the analysis rules, and the
// running program itself (its path, size and time), so that a new build never takes an older
// build's folder for its own.
func (a *Athlete) dataState(ctx context.Context, sp span) (string, error) {
	gen, err := a.Store.Generation(ctx)
	if err != nil {
		return "", err
	}
	var exe [2]int64
	path, err := os.Executable()
	if err == nil {
		exe, _ = statOf(path) // unknown: a zero stat, as for every run of that program
	}
	return report.Fingerprint(gen, sp, a.Profile, a.Sources, a.opts.Config.Name, zoneKey(a.Loc, sp),
		path, exe, analysis.RulesVersion), nil
}

// zoneKey names the zone loc as the reports of sp see it: its name and its offset from UTC
// on every day from the span's first to two years after its last.
func zoneKey(loc *time.Location, sp span) string {
	var b strings.Builder
	b.WriteString(loc.String())
	end, last := sp.last.AddDate(2, 0, 0), -1
	for t := sp.first; t.Before(end); t = t.Add(24 * time.Hour) {
		if _, off := t.In(loc).Zone(); off != last {
			fmt.Fprintf(&b, " %d:%d", t.Unix()/86400, off) // where the offset changes
			last = off
		}
	}
	return b.String()
}

// publishAll is Publish building every week: it renders what changed, and records what it
// wrote, with the cache a later day's run takes.
func (a *Athlete) publishAll(ctx context.Context, o PublishOptions, old *syncRecord, c syncCache, day string, from, to, now time.Time) (bool, error) {
	loc := o.Loc
	r, err := a.Report(ctx, from, to, nil)
	if err != nil {
		return false, err
	}
	opts := report.Options{Units: o.Units, Loc: loc}
	if err := a.advise(&r, o.Format, now, opts); err != nil {
		return false, err
	}
	file := ReportFile(o.Format)
	pages, prints, err := report.PagesWith(r, o.Format, file, opts, o.Version, nil)
	if err != nil {
		return false, err
	}
	// A file counts as there when it holds what sync wrote: not when something else (report
	// --out into the same folder, a hand) changed it since.
	render, gone := pages.Stale(old.Pages, func(name string) bool { return old.intact(o.Dir, name) })
	weeks := renderedWeeks(r, o.Format, render)
	if len(weeks) > 0 { // their recovery runs' heart rate, for the charts (not in the fingerprints)
		advice := r.Advice
		if r, err = a.Report(ctx, from, to, Charted(o.Format, weeks)); err != nil {
			return false, err
		}
		r.Advice = advice
	}
	if len(render) > 0 {
		if err := a.write(o, r, opts, weeks, nil); err != nil {
			return false, err
		}
	}
	for _, name := range gone {
		if name != filepath.Base(name) || name == SyncStampName || name == SyncCacheName {
			continue // a record edited by hand names nothing outside the folder
		}
		if err := os.Remove(filepath.Join(o.Dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return false, fmt.Errorf("sync %s: %w", o.Dir, err)
		}
		o.Log.Debug("report removed", "file", filepath.Join(o.Dir, name))
	}
	rec := syncRecord{State: c.State, Day: day, Pages: pages, Weeks: prints}
	c.Facts, c.Sessions = report.FactsOf(r), r.Season.Model.Sessions
	if o.Format == "html" {
		if c.Rows, err = report.IndexRows(r, opts); err != nil {
			return false, err
		}
	}
	if err := a.finish(ctx, o.Dir, &rec, old, render, &c); err != nil {
		return false, err
	}
	return len(render) == 0 && len(gone) == 0, nil
}

// advise puts tomorrow's advice on the HTML index of r.
func (a *Athlete) advise(r *report.Report, format string, now time.Time, opts report.Options) error {
	if format != "html" {
		return nil
	}
	today := report.Today(now, opts.Loc)
	adv, err := report.NewAdvice(r.Season.Model.Sessions, a.Profile, today.AddDate(0, 0, 1), today, opts)
	if err != nil {
		return err
	}
	r.Advice = &adv
	return nil
}

// renderedWeeks are the weeks of r whose pages are among the files to render (html).
func renderedWeeks(r report.Report, format string, render []string) map[string]bool {
	weeks := map[string]bool{}
	if format != "html" {
		return weeks
	}
	for _, wk := range r.Weeks {
		if slices.Contains(render, report.WeekFileName(wk)) {
			weeks[wk.Week] = true
		}
	}
	return weeks
}

// write renders r into the reports folder (WriteReport), logging each file written.
func (a *Athlete) write(o PublishOptions, r report.Report, opts report.Options, weeks map[string]bool, before []report.IndexRow) error {
	written, err := WriteReport(o.Dir, o.Format, r, opts, weeks, before)
	for _, f := range written {
		o.Log.Debug("report written", "file", filepath.Join(o.Dir, f))
	}
	return err
}

// finish records what a publish left in dir: the cache c, and the record rec with the sums
// and stats of its files (those rendered read again, the others as old had them).
func (a *Athlete) finish(ctx context.Context, dir string, rec, old *syncRecord, render []string, c *syncCache) error {
	rec.Written, rec.Stat = map[string]string{}, map[string][2]int64{}
	for name := range rec.Pages {
		rec.Written[name], rec.Stat[name] = old.Written[name], old.Stat[name]
		if !slices.Contains(render, name) {
			if _, ok := old.Stat[name]; !ok { // a record of an older easyday: note it now
				rec.Stat[name], _ = statOf(filepath.Join(dir, name))
			}
			continue
		}
		var err error
		if rec.Written[name], err = fileSum(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("sync %s: %w", dir, err)
		}
		if rec.Stat[name], err = statOf(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("sync %s: %w", dir, err)
		}
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(c); err != nil {
		return fmt.Errorf("sync cache %s: %w", dir, err)
	}
	path := filepath.Join(dir, SyncCacheName)
	if _, err := atomicfile.Write(path, b.Bytes()); err != nil {
		return fmt.Errorf("sync cache %s: %w", dir, err)
	}
	sum := sha256.Sum256(b.Bytes())
	rec.Cache = hex.EncodeToString(sum[:])
	var err error
	if rec.Stat[SyncCacheName], err = statOf(path); err != nil {
		return fmt.Errorf("sync cache %s: %w", dir, err)
	}

	j, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	if _, err = atomicfile.Write(filepath.Join(dir, SyncStampName), append(j, '\n')); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	st, err := json.Marshal(rec.Stat)
	if err != nil {
		return err
	}
	return a.Store.SetState(ctx, statKey(dir), string(st))
}

// statKey is the store state that keeps the stats of the files Publish wrote into dir.
func statKey(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return "publish_stat " + dir
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
// week (only the weeks named in weeks, all when nil) and index.html, which lists before's rows
// (report.IndexRows of the weeks before r's) and then r's weeks. A file whose content is
// unchanged is not rewritten (atomicfile.Write). It returns the files written.
func WriteReport(dir, format string, r report.Report, opts report.Options, weeks map[string]bool, before []report.IndexRow) ([]string, error) {
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
	return written, put(ReportFile(format), func(w io.Writer) error { return report.WriteHTMLIndexAfter(w, r, before, opts) })
}

// ReportFile is the file WriteReport writes for a format in every run: report.txt, .md,
// .json or .csv, or index.html beside the week pages.
func ReportFile(format string) string {
	if format == "html" {
		return report.IndexFileName
	}
	return "report." + map[string]string{"text": "txt", "md": "md", "json": "json", "csv": "csv"}[format]
}
