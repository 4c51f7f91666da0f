package athlete

// A later day's publish: the weeks since the last run, with what it kept of the whole history.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/easyday/easyday/profile"
	"github.com/easyday/easyday/report"
	"github.com/easyday/easyday/season"
)

// syncCache is what Publish on a later day takes from the last run, so that it reads only the
// weeks since (publishWindow): valid while the record's State is the same. Known, Facts and
// Sessions are the whole history's (report.Window, the season's sessions); Rows every week's
// row of the HTML index, oldest first, as Weeks lists them.
type syncCache struct {
	// State is the record's; Data names the store, profile, zone and program the rest was
	// made of (dataState), whatever the format and units (ReportRecent).
	State    string
	Data     string
	Known    time.Time
	Facts    report.NoticeFacts
	Sessions []season.Session
	Rows     []report.IndexRow
}

// maxCacheBytes bounds the cache readCache reads: about ten times a century's of a runner
// training daily.
const maxCacheBytes = 64 << 20

// readCache reads the cache a publish kept in dir, when it is the one rec says it wrote (its
// SHA-256) and not beyond maxCacheBytes; ok is false otherwise, or when it does not decode.
func readCache(dir string, rec *syncRecord) (c syncCache, ok bool) {
	f, err := os.Open(filepath.Join(dir, SyncCacheName))
	if err != nil || rec.Cache == "" {
		return c, false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxCacheBytes+1))
	if err != nil || len(b) > maxCacheBytes {
		return c, false
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != rec.Cache {
		return c, false
	}
	return c, gob.NewDecoder(bytes.NewReader(b)).Decode(&c) == nil
}

// publishWindow is Publish on a later day than the last run, of the same store and all else
// (old.State): it builds only the weeks from the last run's week on, and the one before to
// link back to, from their activities and those of the report.HistoryWeeks before, with the
// whole history's season, notices and index rows from the cache. It reports done false,
// having written nothing, where it cannot: no cache for this state, a history that starts
// within the window, or a page of an earlier week missing or changed since it was written.
func (a *Athlete) publishWindow(ctx context.Context, o PublishOptions, old *syncRecord, day string, from, to, now time.Time) (done bool, err error) {
	loc := o.Loc
	c, ok := readCache(o.Dir, old)
	if !ok || c.State != old.State || len(c.Rows) != len(old.Weeks) {
		return false, nil
	}
	last, err := time.ParseInLocation(time.DateOnly, old.Day, loc)
	if err != nil {
		return false, nil
	}
	w0 := mondayOf(last)          // the last run's week: from it on, weeks may have changed
	start := w0.AddDate(0, 0, -7) // the week before, to link back to
	if start.Before(mondayOf(from)) {
		return false, nil
	}
	k := slices.IndexFunc(old.Weeks, func(p report.WeekPrint) bool { return p.Week == report.WeekKey(start) })
	if k < 0 {
		return false, nil
	}
	for _, p := range old.Weeks[:k+1] {
		if name := report.WeekFileName(report.Week{Week: p.Week}); !old.intact(o.Dir, name) {
			return false, nil // render it again: that takes its week
		}
	}
	o.Log.Debug("reports from the last run's week on", "from", start.Format(time.DateOnly))

	firstWeek := report.WeekKey(w0) // the charts of the weeks that may be written
	r, err := a.reportWindow(ctx, &c, start, to, func(week string) bool { return week >= firstWeek })
	if err != nil {
		return false, err
	}
	opts := report.Options{Units: o.Units, Loc: loc}
	if err := a.advise(&r, o.Format, now, opts); err != nil {
		return false, err
	}
	pages, prints, err := report.PagesWith(r, o.Format, ReportFile(o.Format), opts, o.Version, old.Weeks[:k+1])
	if err != nil {
		return false, err
	}
	render, _ := pages.Stale(old.Pages, func(name string) bool { return old.intact(o.Dir, name) })
	if err := a.write(o, r, opts, renderedWeeks(r, o.Format, render), c.Rows[:k]); err != nil {
		return false, err
	}
	rec := syncRecord{State: old.State, Day: day, Pages: maps.Clone(old.Pages), Weeks: prints}
	maps.Copy(rec.Pages, pages)
	rows, err := report.IndexRows(r, opts)
	if err != nil {
		return false, err
	}
	c.Rows = append(c.Rows[:k:k], rows...)
	return true, a.finish(ctx, o.Dir, &rec, old, render, &c)
}

// reportWindow is the report of the weeks from from's to to's, as Report gives them over the
// whole history, read from those weeks' activities and the report.HistoryWeeks before, with
// the whole history's first day, notice facts and season sessions from c. It loads the heart
// rate of the recovery runs, for their charts, in the weeks chart names (none when nil).
func (a *Athlete) reportWindow(ctx context.Context, c *syncCache, from, to time.Time, chart func(week string) bool) (report.Report, error) {
	inputs, err := a.inputs(ctx, mondayOf(from).AddDate(0, 0, -7*report.HistoryWeeks), to.AddDate(0, 0, 2))
	if err != nil {
		return report.Report{}, err
	}
	if err := a.chartHR(ctx, inputs, from, to, chart); err != nil {
		return report.Report{}, err
	}
	name := a.opts.Config.Name
	r := report.BuildWindow(inputs, a.Profile, profile.NewView(a.Profile, a.Sources), a.Loc, from, to, a.opts.Now().In(a.Loc),
		report.Window{Known: c.Known, Facts: c.Facts})
	s := report.BuildSeason(c.Sessions, a.Profile, name, time.Time{}, to)
	r.AddSeasonFlags(s)
	r.Season, r.Name = &s, name
	return r, nil
}

// ReportRecent is Report of from to to (midnights in the athlete's zone), read from those
// weeks' activities and the few before them only, with what the last Publish into dir kept
// of the whole history (its season and first day): the weeks and season Report gives, for a
// fraction of the reading. Its notices are the whole history's, where Report's are those of
// the weeks it reports. ok is false, and nothing is read, when dir keeps nothing of the store
// as it is now (a Publish since it changed, under this profile and zone, by this program).
func (a *Athlete) ReportRecent(ctx context.Context, dir string, from, to time.Time) (r report.Report, ok bool, err error) {
	rec, err := a.readRecord(ctx, dir)
	if err != nil {
		return r, false, err
	}
	c, ok := readCache(dir, &rec)
	if !ok {
		return r, false, nil
	}
	sp, err := a.span(ctx, a.opts.Now())
	if err != nil {
		return r, false, err
	}
	data, err := a.dataState(ctx, sp)
	if err != nil || c.Data != data {
		return r, false, err
	}
	r, err = a.reportWindow(ctx, &c, from, to, nil)
	return r, err == nil, err
}

// mondayOf is the Monday of the week of d, at midnight in d's zone.
func mondayOf(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day()-(int(d.Weekday())+6)%7, 0, 0, 0, 0, d.Location())
}
