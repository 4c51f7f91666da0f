// Package athlete is the one workflow every command that reads or writes a store goes
// through: take or respect the store's lock, open the store, resolve the athlete's profile
// (profile.Resolve over the store's values and the config file's), classify again what was
// analysed under another profile or in another zone, and hand the command the store, the
// profile and the reports it asks for, or bring a reports folder up to date (Publish).
//
// The lock policy, the same for every command: a command that writes (import, sync, a profile
// change) opens with Write and holds the lock from Open to Close; another holder makes Open fail
// with store.ErrLocked (exit 3). A command that reads (report, list) does not wait for the lock:
// Refresh takes it only to classify stale analyses again, and when another process holds it
// the stored analysis is used as it is, and Refresh says so.
package athlete

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/ingest"
	"github.com/easyday/easyday/profile"
	"github.com/easyday/easyday/report"
	"github.com/easyday/easyday/store"
)

// Options say which store to open, and how.
type Options struct {
	// DB is the store's path; Config the config file read (its profile keys).
	DB     string
	Config profile.Config
	// Loc is the zone whose calendar days classes and reports use.
	Loc *time.Location
	// Write takes the store's lock for the whole session.
	Write bool
	// ReadOnly opens an existing store read-only and never creates one (inspect); no lock.
	// Live, with it, is for a store another process may be writing: never read as an
	// immutable file (store.OpenReadOnlyLive).
	ReadOnly, Live bool
	// Existing opens only a store that exists, never creating one (report, list): where the
	// store or its folder cannot be written, it is opened read-only, and the stored analysis
	// is used as it is.
	Existing bool
	// KeepBadProfile opens even when the profile does not resolve (ProfileErr says why), for
	// the command that shows and fixes it.
	KeepBadProfile bool
	// Now is the clock whose day the reports are made on (time.Now when nil): tests set it.
	Now func() time.Time
}

// Athlete is an open store with its athlete's profile.
type Athlete struct {
	Store *store.Store
	// Profile is the effective profile and Sources where each value came from; ProfileErr
	// says what is wrong with it (only with Options.KeepBadProfile; Open fails otherwise).
	Profile    analysis.Profile
	Sources    profile.Sources
	ProfileErr error
	Loc        *time.Location

	opts Options
	lock *store.Lockfile
}

// Open opens the athlete's store as opts say and resolves the profile. The caller closes it.
func Open(ctx context.Context, opts Options) (*Athlete, error) {
	if opts.Loc == nil {
		opts.Loc = time.UTC
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	a := &Athlete{opts: opts, Loc: opts.Loc}
	var err error
	if opts.Write {
		if a.lock, err = store.Lock(opts.DB); err != nil {
			return nil, err
		}
	}
	switch {
	case opts.ReadOnly && opts.Live:
		a.Store, err = store.OpenReadOnlyLive(ctx, opts.DB)
	case opts.ReadOnly:
		a.Store, err = store.OpenReadOnly(ctx, opts.DB)
	case opts.Existing:
		a.Store, err = openExisting(ctx, opts.DB)
	default:
		a.Store, err = store.Open(ctx, opts.DB)
	}
	if err == nil {
		err = a.Reload(ctx)
		if err == nil && a.ProfileErr != nil && !opts.KeepBadProfile {
			err = a.ProfileErr
		}
	}
	if err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// openExisting opens the store at path for a command that reads it: it is an error when there
// is none, which is not created; where the store or its folder cannot be written, it is opened
// read-only.
func openExisting(ctx context.Context, path string) (*store.Store, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no store at %s: import your activities first (easyday import PATH), or name the store with --db", path)
	}
	st, err := store.Open(ctx, path)
	if err == nil {
		return st, nil
	}
	if ro, rerr := store.OpenReadOnly(ctx, path); rerr == nil {
		return ro, nil
	}
	return nil, err
}

// errReadOnly is Refresh's busy when the store is read-only.
var errReadOnly = errors.New("the store is read-only")

// Reload resolves the profile again from the store and the config file (after a change).
func (a *Athlete) Reload(ctx context.Context) error {
	stored, err := a.Store.Profile(ctx)
	if err != nil {
		return err
	}
	a.Profile, a.Sources, a.ProfileErr = profile.Resolve(stored, a.opts.Config)
	return nil
}

// Close releases the store and the lock.
func (a *Athlete) Close() error {
	var err error
	if a.Store != nil {
		err = a.Store.Close()
	}
	if a.lock != nil {
		err = errors.Join(err, a.lock.Release())
	}
	return err
}

// Refresh classifies every stored activity again whose analysis was made under another
// profile or in another zone (ingest.Classify), and returns how many were analysed again from
// their samples. Without the lock (a reading session) it takes it for the time it takes; when
// another process holds it, it changes nothing and returns busy, wrapping store.ErrLocked.
func (a *Athlete) Refresh(ctx context.Context) (n int, busy error, err error) {
	current, err := ingest.Current(ctx, a.Store, a.Profile, a.Loc)
	if err != nil || current {
		return 0, nil, err
	}
	if a.Store.ReadOnly() {
		return 0, errReadOnly, nil
	}
	if a.lock == nil {
		lock, err := store.Lock(a.opts.DB)
		if errors.Is(err, store.ErrLocked) {
			return 0, err, nil
		}
		if err != nil {
			return 0, nil, err
		}
		defer lock.Release()
	}
	n, err = ingest.Classify(ctx, a.Store, a.Profile, a.Loc)
	return n, nil, err
}

// Report builds the report of from to to (calendar dates in the athlete's zone) under the
// athlete's profile, with the season through to (report.BuildSeason: its flags in the weeks,
// its summary) and the athlete's name from the config file. It loads the heart rate of the
// recovery runs, for their charts, only in the weeks chart names (none when chart is nil).
func (a *Athlete) Report(ctx context.Context, from, to time.Time, chart func(week string) bool) (report.Report, error) {
	return a.ReportSince(ctx, time.Time{}, from, to, chart)
}

// ReportSince is Report over the activities that start at since or later (all of them when
// since is zero): the season, and so the form and the season's flags, is modelled from since
// on. A season of 180 days or more has the form within about 1.4% of fitness of the whole
// history's (CTL's time constant is 42 days); it reads a fraction of a long history.
func (a *Athlete) ReportSince(ctx context.Context, since, from, to time.Time, chart func(week string) bool) (report.Report, error) {
	inputs, err := a.inputs(ctx, since, to.AddDate(0, 0, 2))
	if err != nil {
		return report.Report{}, err
	}
	if err := a.chartHR(ctx, inputs, from, to, chart); err != nil {
		return report.Report{}, err
	}
	r := report.BuildAt(inputs, a.Profile, profile.NewView(a.Profile, a.Sources), a.Loc, from, to, a.opts.Now().In(a.Loc))
	name := a.opts.Config.Name
	s := report.BuildSeason(report.Sessions(inputs, a.Profile, a.Loc), a.Profile, name, time.Time{}, to)
	r.AddSeasonFlags(s)
	r.Season, r.Name = &s, name
	return r, nil
}

// chartHR loads the heart rate of the recovery runs among inputs, for their charts, in the
// weeks from from's to to's that chart names (none when chart is nil).
func (a *Athlete) chartHR(ctx context.Context, inputs []report.Input, from, to time.Time, chart func(week string) bool) error {
	if chart == nil {
		return nil
	}
	firstWeek, lastWeek := report.WeekKey(from), report.WeekKey(to) // the weeks of the report: they sort as text
	for i := range inputs {
		in := &inputs[i]
		if in.Result.Class != analysis.ClassRecovery {
			continue
		}
		if wk := report.WeekKey(in.Start.In(a.Loc)); wk >= firstWeek && wk <= lastWeek && chart(wk) {
			var err error
			if in.HR, err = a.hrSeries(ctx, in.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// Inputs reads the stored activities that start before end, with their stored results, as
// the reports take them.
func (a *Athlete) Inputs(ctx context.Context, end time.Time) ([]report.Input, error) {
	return a.inputs(ctx, time.Time{}, end)
}

// inputs reads the stored activities that start from since (zero: the first) to before end.
func (a *Athlete) inputs(ctx context.Context, since, end time.Time) ([]report.Input, error) {
	acts, err := a.Store.Activities(ctx, store.Filter{From: since, To: end})
	if err != nil {
		return nil, fmt.Errorf("read activities: %w", err)
	}
	inputs := make([]report.Input, 0, len(acts))
	for _, s := range acts {
		in := report.Input{ID: s.ID, Activity: Summary(s), Start: s.Start, Name: s.Name,
			Description: s.Description, Commute: s.Commute}
		in.Result, _ = ingest.StoredResult(s.Analysis)
		inputs = append(inputs, in)
	}
	return inputs, nil
}

// EstimateInputs measures what profile estimation (analysis.EstimateMeasured) learns from:
// the activities of the year before now that carry heart rate, or are runs long enough for a
// best effort. One activity's samples are in memory at a time.
func (a *Athlete) EstimateInputs(ctx context.Context, now time.Time) ([]analysis.Measure, error) {
	list, err := a.Store.Activities(ctx, store.Filter{From: now.AddDate(-1, 0, 0), To: now.Add(time.Second)})
	if err != nil {
		return nil, err
	}
	var measured []analysis.Measure
	for _, s := range list {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		run := s.Sport == activity.SportRunning
		if s.Summary.HRSamples == 0 && !(run && s.Summary.DistanceM >= analysis.EffortDistances[0]) {
			continue // nothing to learn from it
		}
		act, err := a.Store.Activity(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		measured = append(measured, analysis.MeasureForEstimate(analysis.EstimateInput{ID: s.ID, Activity: &act, Summary: s.Summary}))
	}
	return measured, nil
}

// hrSeries is an activity's cleaned heart rate over time, for the recovery-run chart.
func (a *Athlete) hrSeries(ctx context.Context, id int64) ([]report.HRPoint, error) {
	act, err := a.Store.Activity(ctx, id)
	if err != nil {
		return nil, err
	}
	hr, _ := analysis.CleanHR(act.Samples)
	var out []report.HRPoint
	start := act.Begin()
	var last time.Time
	for i, v := range hr {
		t := act.Samples[i].Time
		if math.IsNaN(v) || t.Sub(last) < 5*time.Second { // one point in five seconds is plenty
			continue
		}
		last = t
		out = append(out, report.HRPoint{T: t.Sub(start).Seconds(), BPM: v})
	}
	return out, nil
}

// Summary is a stored activity's summary as inspect prints it.
func Summary(s store.Stored) report.ActivitySummary {
	a := activity.Activity{Source: s.Source, Sport: s.Sport, SubSport: s.SubSport, Start: s.Start,
		HasUTCOffset: s.HasUTCOffset, Device: s.Device, Partial: s.Partial, Summary: s.DeviceSummary}
	out := report.NewActivitySummary(&a, s.Summary)
	out.Samples, out.Laps = s.Samples, s.Laps
	return out
}
