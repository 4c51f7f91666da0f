// Package demo writes a synthetic athlete's training as real activity files: FIT mostly, some
// GPX and TCX, with 1 Hz samples, GPS, heart rate and laps, hard sessions, recovery runs,
// cross-training and the classic recovery mistakes, deterministically for a seed. It is the
// data behind `easyday demo`, the source of the fixtures in testdata/, and the archive for
// benchmarks.
//
// Every planned activity carries its ground truth: the label easyday's rules give it
// (shared/DESIGN.md, in their order) and the mistakes they flag, for the athlete described by
// MaxHR, RestingHR, LTHR, MarathonPace and Level with the profile's defaults.
//
// A typical week: Monday rest, an easy walk or ride; Tuesday intervals; Wednesday a recovery
// run; Thursday tempo; Friday rest, a swim or a ride; Saturday an easy run or a ride; Sunday
// the long run. Every fourth week ends in a race on Saturday (10K or half marathon) and on
// Sunday a recovery run, walk or ride, or one time in four a long run. Within each block of
// eight weeks, one week has no recovery at all, one has back-to-back hard days (tempo on
// Saturday before the long run, or intervals on the Monday after it), and three have
// Wednesday's recovery run too hard, too fast and too long. Tempo is on Thursday rather than
// Saturday so that an ordinary week is free of flags: by easyday's rules a long run the day
// after a Saturday tempo is back-to-back hard.
package demo

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/easyday/easyday/activity"
)

// Options says which season to generate.
type Options struct {
	// Weeks is the number of ISO weeks (Monday to Sunday); zero means 12.
	Weeks int
	// Seed selects the season; the same seed gives the same bytes.
	Seed uint64
	// End is the last day of the season (its calendar date counts); zero means 2026-11-22,
	// a Sunday. The season starts on the Monday Weeks-1 weeks before End's week.
	End time.Time
}

func (o Options) withDefaults() Options {
	if o.Weeks <= 0 {
		o.Weeks = 12
	}
	if o.End.IsZero() {
		o.End = defaultEnd
	}
	return o
}

// File is one file a planned activity is written as.
type File struct {
	Name   string // base name in the output folder, e.g. 2026-11-18-0715-run.fit
	Format activity.Format
	// DuplicateOf names the file this one repeats (the same samples in another format);
	// empty for the activity's primary file.
	DuplicateOf string
}

// Planned is one activity of the season with its ground truth.
type Planned struct {
	// Activity is the activity as its primary file (Files[0]) holds it: see AsFormat. Its
	// Source.Path is the primary file's name.
	Activity activity.Activity
	// Label is the class easyday's rules give it: one of Labels.
	Label string
	// Mistakes are the flags easyday's rules raise on it, in the order of Mistakes; nil when
	// none. no_recovery is a week's flag: it is listed on the week's first hard session.
	Mistakes []string
	// Severities are the mistakes' severities, in the same order: SeverityWarning or
	// SeverityAdvice.
	Severities []string
	// Files are the files it is written as, the primary first.
	Files []File
	// Notes say in words what is special about it.
	Notes []string
}

// Result counts what Generate wrote.
type Result struct {
	Files      int   // activity files written (labels.tsv not counted)
	Activities int   // activities (a FIT file and its GPX copy are one activity)
	Bytes      int64 // bytes of the activity files
}

// Season returns the planned season with every activity's samples. It holds the whole season
// in memory (88 bytes per sample, about 1.8 MB a week): for long seasons use Generate,
// which synthesises and writes one activity at a time per worker.
func Season(opts Options) []Planned {
	ss := plan(opts)
	out := make([]Planned, len(ss))
	_ = synthesizeEach(ss, func(i int, s *session, a *activity.Activity) error {
		p := planned(s, a)
		p.Activity = AsFormat(a, s.primary)
		p.Activity.Source = activity.Source{Path: s.file, Format: s.primary}
		out[i] = p
		return nil
	})
	return out
}

// synthesizeEach synthesises the sessions in parallel, one per worker at a time, and calls fn
// from the worker with each session's index and activity. It returns fn's first error.
func synthesizeEach(ss []*session, fn func(i int, s *session, a *activity.Activity) error) error {
	routes := newRoutes()
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, s := range ss {
		g.Go(func() error {
			a := synthesize(s, routes)
			return fn(i, s, &a)
		})
	}
	return g.Wait()
}

// planned turns a synthesised session into its Planned, all but the Activity: ground truth and
// files.
func planned(s *session, a *activity.Activity) Planned {
	p := Planned{Label: s.label, Notes: s.notes}
	var ms []string
	switch s.label {
	case LabelRecovery:
		ms = recoveryMistakes(a)
	case LabelEasy:
		ms = easyMistakes(a)
	}
	ms = append(ms, s.mistakes...)
	for _, m := range append(slices.Clone(Mistakes), SeasonMistakes...) {
		if slices.Contains(ms, m) {
			p.Mistakes = append(p.Mistakes, m)
			sev := SeverityWarning
			if slices.Contains(s.advice, m) {
				sev = SeverityAdvice
			}
			p.Severities = append(p.Severities, sev)
		}
	}
	p.Files = []File{{Name: s.file, Format: s.primary}}
	if s.dup {
		gpx := strings.TrimSuffix(s.file, ".fit") + ".gpx"
		p.Files = append(p.Files, File{Name: gpx, Format: activity.FormatGPX, DuplicateOf: s.file})
	}
	return p
}

// Generate writes the season into dir (created if need be): every activity as its files, and
// labels.tsv with the ground truth, one row per file. Activities are synthesised and written
// in parallel, one per worker at a time; the output is byte-identical for a seed. Each file's
// modification time is the end of its activity, as a watch sync would leave it.
func Generate(dir string, opts Options) (Result, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, fmt.Errorf("generate demo: %w", err)
	}
	ss := plan(opts)
	type slot struct {
		p     Planned // without its Activity: the samples are written and dropped
		hasHR bool
		bytes int64
	}
	slots := make([]slot, len(ss))
	err := synthesizeEach(ss, func(i int, s *session, a *activity.Activity) error {
		sl := &slots[i]
		sl.p, sl.hasHR = planned(s, a), a.HasHeartRate()
		for _, f := range sl.p.Files {
			n, err := writeActivityFile(filepath.Join(dir, f.Name), f.Format, a)
			if err != nil {
				return err
			}
			sl.bytes += n
		}
		return nil
	})
	if err != nil {
		return Result{}, fmt.Errorf("generate demo: %w", err)
	}

	var res Result
	rows := make([]labelRow, 0, len(ss)+len(ss)/16)
	for i, s := range ss {
		sl := &slots[i]
		res.Activities++
		res.Bytes += sl.bytes
		for _, f := range sl.p.Files {
			res.Files++
			rows = append(rows, labelRow{file: f, date: s.start, sport: s.sport, label: sl.p.Label,
				mistakes: sl.p.Mistakes, severities: sl.p.Severities, hasHR: sl.hasHR, notes: sl.p.Notes})
		}
	}
	if err := writeLabels(filepath.Join(dir, "labels.tsv"), rows); err != nil {
		return Result{}, fmt.Errorf("generate demo: %w", err)
	}
	return res, nil
}

// writeActivityFile writes a as format to path and returns its size.
func writeActivityFile(path string, format activity.Format, a *activity.Activity) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	switch format {
	case activity.FormatFIT:
		err = WriteFIT(f, a) // the encoder buffers, and seeks back to finish the header
	case activity.FormatGPX:
		err = WriteGPX(f, a)
	case activity.FormatTCX:
		err = WriteTCX(f, a)
	default:
		err = fmt.Errorf("unknown format %q", format)
	}
	var n int64
	if err == nil {
		n, err = f.Seek(0, io.SeekCurrent)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	end := a.End()
	if err := os.Chtimes(path, end, end); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	return n, nil
}

// labelRow is one row of labels.tsv.
type labelRow struct {
	file       File
	date       time.Time
	sport      activity.Sport
	label      string
	mistakes   []string
	severities []string
	hasHR      bool
	notes      []string
}

// LabelsHeader is the header line of labels.tsv (tab-separated). mistakes is a comma-separated
// list or "-", severities the mistakes' severities in the same order (warning or advice) or
// "-"; duplicate_of names the file a duplicate repeats, or "-"; date is the local date.
const LabelsHeader = "file\tformat\tdate\tsport\tlabel\tmistakes\tseverities\tduplicate_of\thas_hr\tnotes"

func writeLabels(path string, rows []labelRow) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	w.WriteString(LabelsHeader + "\n")
	for _, r := range rows {
		mistakes, sevs, dup, hr, notes := "-", "-", "-", "no", "-"
		if len(r.mistakes) > 0 {
			mistakes, sevs = strings.Join(r.mistakes, ","), strings.Join(r.severities, ",")
		}
		if r.file.DuplicateOf != "" {
			dup = r.file.DuplicateOf
		}
		if r.hasHR {
			hr = "yes"
		}
		if len(r.notes) > 0 {
			notes = strings.Join(r.notes, "; ")
		}
		if r.file.DuplicateOf != "" {
			notes = "same activity as " + r.file.DuplicateOf + "; " + notes
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.file.Name, r.file.Format,
			r.date.Format(time.DateOnly), r.sport, r.label, mistakes, sevs, dup, hr, notes)
	}
	err = errors.Join(w.Flush(), f.Close())
	return err
}
