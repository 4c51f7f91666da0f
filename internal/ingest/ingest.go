// Package ingest runs an import: it walks the input paths, skips what the store has seen
// unchanged, decodes and analyses the rest in parallel, and hands each file's activities to a
// single writer, in walk order, one store transaction per file. `easyday import` and `easyday
// sync` both use it.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/store"
)

// Options tune a run. The zero value decodes with one worker per CPU.
type Options struct {
	// Jobs is the number of files decoded at once (default: the number of CPUs).
	Jobs int
	// Importer bounds what decoding may expand to.
	Importer importer.Options
	// Progress, when set, is called from the writer once before the first file, with the
	// number of files to read, then after each file with the counts so far.
	Progress func(Progress)
	// Now tells the time (default time.Now): for the elapsed time of the summary, and the
	// latest plausible date of an activity (analysis.LastPlausible).
	Now func() time.Time
	// Profile is the athlete profile activities are analysed under, Loc the zone whose
	// calendar days decide classes (UTC when nil).
	Profile analysis.Profile
	Loc     *time.Location
	// Decoding, when set, is called by a worker before it reads and decodes an entry of the
	// given size, and the function it returns when the worker is done with it; for a gzipped
	// entry once more, when the worker knows the size it expands to (the bytes it then holds:
	// compressed and expanded), the first call's function then called. easyday's command uses
	// it to give the garbage collector room for the files in flight.
	Decoding func(size int64) (done func())
	// Reread reads every file again, whatever rules read it before (import --reread). Without
	// it, a file the ledger knows unchanged is read again only when an older version of its
	// format's rules read it (Rules).
	Reread bool
	// Rules and Decode are the decoding rules' versions and the decoder (default
	// importer.RulesVersion and importer.Decode); tests change the rules with them.
	Rules  func(activity.Format) int
	Decode func(path string, data []byte, opts importer.Options) ([]activity.Activity, error)
}

// withDefaults fills in the defaults of Options.
func (o Options) withDefaults() Options {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Jobs <= 0 {
		o.Jobs = runtime.GOMAXPROCS(0)
	}
	if o.Rules == nil {
		o.Rules = importer.RulesVersion
	}
	if o.Decode == nil {
		o.Decode = importer.Decode
	}
	return o
}

// Progress is how far a run has come.
type Progress struct {
	Done, Total int
	Started     time.Time
}

// Failure is a file that failed, with its reason.
type Failure struct {
	Path   string
	Reason string
	// New is set when the file had not failed this way before (it is new, or it changed).
	New bool
}

// Stats count what a run did with each file (DESIGN.md "Inputs": the summary line).
type Stats struct {
	New, Changed, Unchanged, Duplicate, Failed int
	// Reread counts the files the ledger knew unchanged, read again because older rules read
	// them (or Options.Reread), and stored; one that fails now counts as Failed instead.
	Reread int
	// Skipped counts the valid files that hold no activity (a watch's monitoring, settings,
	// sleep, workout or course files): recorded, neither stored nor failed.
	Skipped int
	// Files is the number of files walked (for a run stopped early, those it got to: the
	// counts above add up to it); Decoded, how many of them were read and decoded.
	Files   int
	Decoded int
	Elapsed time.Duration
	// Failures lists the files that failed in this run, and those that failed before and are
	// unchanged since (with New unset).
	Failures []Failure
	// Touched are the activities added, replaced or removed: what a report must re-render.
	Touched []store.Ref
}

// Line is the summary line of DESIGN.md:
// "imported 23 new, 0 changed, 41 unchanged, 1 duplicate, 2 failed (67 files, 1.4s)", with
// ", 12 re-read" after the unchanged when files were read again, and "3 skipped, " before the
// failed count when files that hold no activity were walked.
func (s Stats) Line() string {
	reread, skipped := "", ""
	if s.Reread > 0 {
		reread = fmt.Sprintf(", %d re-read", s.Reread)
	}
	if s.Skipped > 0 {
		skipped = fmt.Sprintf("%d skipped, ", s.Skipped)
	}
	return fmt.Sprintf("imported %d new, %d changed, %d unchanged%s, %d duplicate, %s%d failed (%d files, %.1fs)",
		s.New, s.Changed, s.Unchanged, reread, s.Duplicate, skipped, s.Failed, s.Files, s.Elapsed.Seconds())
}

// again says why a run reads a file the ledger knows unchanged.
type again int

const (
	notAgain again = iota // a new or changed file
	// reread: older rules read it; it is decoded again and stored in place.
	reread
	// remark: older rules recorded it as a copy of another file's content; its ledger row is
	// written again under the current rules, without reading it (its twin is read again).
	remark
)

// item is a file a run reads.
type item struct {
	importer.Entry
	again again
}

// decoded is what a worker made of one file.
type decoded struct {
	hash string
	// known is set when the ledger the run started with has the same content (under this
	// path or another): the file was not decoded.
	known   bool
	decoded bool
	// format is the format decoded, or sniffed when decoding failed; digest is store.Digest's
	// of puts.
	format activity.Format
	digest string
	// puts are encoded for storing under the file's path (store.Put.Encode).
	puts []store.Put
	// err is why the file failed; encodeErr a Put that could not be encoded, which stops the
	// run in the writer as PutFile would.
	err, encodeErr error
}

// Run imports paths into st. Per-file problems are counted and listed in Stats, never
// returned: only cancellation or a broken store stop the run, and then what was written so
// far stays written (one transaction per file).
func Run(ctx context.Context, st *store.Store, paths []string, opts Options) (Stats, error) {
	opts = opts.withDefaults()
	now, jobs := opts.Now, opts.Jobs
	start := now()
	var stats Stats
	known, err := st.FileStates(ctx)
	if err != nil {
		return stats, err
	}
	led := newLedger(known)
	archives, err := st.ArchiveStates(ctx)
	if err != nil {
		return stats, err
	}

	// Walk, and keep only what must be read: new or changed by size or time, or read by
	// older rules. An archive unchanged since its every entry was recorded, under the rules
	// of now, is not opened: its entries are as the ledger has them.
	walker := importer.NewWalker(opts.Importer)
	defer walker.Close()
	archiveRules := opts.Rules("") // every format's: raised when any is
	var walked []store.ArchiveState
	// The paths of the entries the walk passed on from the archive on disk being walked, while
	// opened is set (the walker goes through one at a time: SkipArchive, its entries,
	// ArchiveWalked).
	var (
		walking []string
		opened  bool
	)
	walker.SkipArchive = func(path string, info fs.FileInfo) bool {
		walking, opened = walking[:0], true
		a, ok := archives[path]
		if !ok || opts.Reread || a.Rules != archiveRules || a.Size != info.Size() || !sameTime(a.ModTime, info.ModTime()) {
			return false
		}
		entries, ok := archiveEntries(a, known)
		if !ok {
			return false
		}
		// Its entries count as the files they are would: a failed one (or the archive that
		// failed to open) as failed again, so that import --strict fails again over it.
		stats.Files += len(entries)
		for _, k := range entries {
			countUnchanged(&stats, k)
		}
		opened = false
		return true
	}
	walker.ArchiveWalked = func(path string, info fs.FileInfo, _ int) {
		// Its entries by path, each once: a zip may hold two entries of one name, which the
		// ledger has as one file.
		paths := slices.Compact(slices.Sorted(slices.Values(walking)))
		walking, opened = walking[:0], false
		for _, p := range paths {
			if p != path && !strings.HasPrefix(p, path+"!/") {
				return // not the walk this was made for: left unrecorded, walked again next time
			}
		}
		walked = append(walked, store.ArchiveState{Path: path, Size: info.Size(), ModTime: info.ModTime(),
			Entries: len(paths), Paths: paths, Rules: archiveRules})
	}
	var todo []item
	err = walker.Walk(ctx, paths, func(e importer.Entry) error {
		stats.Files++
		if opened {
			walking = append(walking, e.Path)
		}
		if e.Err != nil {
			todo = append(todo, item{Entry: e}) // reported (and recorded) by the writer, in order
			return nil
		}
		if k, ok := known[e.Path]; ok && k.Size == e.Size && sameTime(k.ModTime, e.ModTime) {
			switch {
			case !opts.Reread && k.Rules >= opts.Rules(k.Format):
				countUnchanged(&stats, k)
			case k.Activities == 0 && (k.Status == store.StatusOK || k.Status == store.StatusDuplicate):
				todo = append(todo, item{Entry: e, again: remark})
			default:
				todo = append(todo, item{Entry: e, again: reread})
			}
			return nil
		}
		todo = append(todo, item{Entry: e})
		return nil
	})
	if err != nil {
		stats.Files -= len(todo) // found, never read: the summary counts the files done
		stats.Elapsed = now().Sub(start)
		return stats, err
	}
	progress := func(done int) {
		if opts.Progress != nil {
			opts.Progress(Progress{Done: done, Total: len(todo), Started: start})
		}
	}
	progress(0)

	// Decode in parallel, write in walk order. A window bounds how far the workers may run
	// ahead of the writer, so memory holds a part of the archive, not all of it. It is
	// counted in bytes, not files: behind one big GPX or TCX file at the head, the workers go
	// on with the many small files after it instead of waiting for the writer.
	results := make([]chan decoded, len(todo))
	for i := range results {
		results[i] = make(chan decoded, 1)
	}
	window := semaphore.NewWeighted(2 * int64(jobs) * maxAhead)
	mem := newMemory(opts)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	g, gctx := errgroup.WithContext(wctx)
	g.SetLimit(jobs + 1)
	g.Go(func() error { // the feeder: starts one worker per file, within the window
		for i := range todo {
			if err := window.Acquire(gctx, aheadWeight(todo[i].Entry)); err != nil {
				return err
			}
			g.Go(func() error {
				results[i] <- work(todo[i], led, opts, mem)
				return nil
			})
		}
		return nil
	})

	// A cancelled ctx (a signal) stops the run at a file boundary: the file being written is
	// written whole, the next one is not started.
	wrctx := context.WithoutCancel(ctx)
	var writeErr error
	wr := &writer{st: st, led: led, opts: opts, mem: mem, stats: &stats}
	written := 0
	for i, e := range todo {
		if err := ctx.Err(); err != nil {
			writeErr = err
			break
		}
		var d decoded
		select {
		case d = <-results[i]:
		case <-gctx.Done():
			writeErr = gctx.Err()
		}
		if writeErr != nil {
			break
		}
		window.Release(aheadWeight(e.Entry))
		if err := wr.write(wrctx, e, d); err != nil {
			writeErr = err
			break
		}
		written++
		progress(i + 1)
	}
	// A run stopped early (a signal) counts the files it did, not those it found: the
	// summary line's counts then add up to its files.
	stats.Files -= len(todo) - written
	cancel()
	if err := g.Wait(); err != nil && writeErr == nil && !errors.Is(err, context.Canceled) {
		writeErr = err
	}
	// Every entry of the archives walked is recorded now: remember the archives. (A run cut
	// short walks them again next time, and finds their recorded entries unchanged.)
	if writeErr == nil && ctx.Err() == nil {
		for _, a := range walked {
			if err := st.MarkArchive(ctx, a); err != nil {
				writeErr = err
				break
			}
		}
	}
	// The calendar: a file that arrives late can change the class of the day after it. A run
	// stopped early classifies what it stored too (from the stored variants: quick), so that
	// the store it leaves is whole.
	if (writeErr == nil || errors.Is(writeErr, ctx.Err())) && len(stats.Touched) > 0 {
		if _, err := Classify(wrctx, st, opts.Profile, opts.Loc); err != nil && writeErr == nil {
			writeErr = err
		}
	}
	stats.Elapsed = now().Sub(start)
	return stats, writeErr
}

// archiveEntries returns the ledger's rows of the entries archive a held when it was walked
// (a.Paths: the archive itself when it failed to open), whatever rows the entries an earlier
// version of it held left beside them. ok is false when a was recorded without its entries'
// paths (before schema 6), or when the ledger lacks one of them: the archive is then walked.
func archiveEntries(a store.ArchiveState, known map[string]store.FileState) (entries []store.FileState, ok bool) {
	if a.Paths == nil {
		return nil, false
	}
	entries = make([]store.FileState, 0, len(a.Paths))
	for _, p := range a.Paths {
		k, ok := known[p]
		if !ok {
			return nil, false
		}
		entries = append(entries, k)
	}
	return entries, true
}

// countUnchanged counts a file the store has seen as it is: a file that failed still counts
// as failed (so that `import --strict` fails again over the same bad file), though not as
// newly failed; a file that holds no activity counts as skipped; the rest as unchanged.
func countUnchanged(stats *Stats, k store.FileState) {
	switch k.Status {
	case store.StatusFailed:
		stats.Failed++
		stats.Failures = append(stats.Failures, Failure{Path: k.Path, Reason: k.Reason})
	case store.StatusEmpty:
		stats.Skipped++
	default:
		stats.Unchanged++
	}
}

// A file counts in the window of Run as its size, but at least minAhead (so that tiny files
// are not read ahead by the thousand) and at most maxAhead (so that 2 files per worker of any
// size fit in it, as many as a window of files would hold).
const (
	minAhead = 64 << 10
	maxAhead = 4 << 20
)

func aheadWeight(e importer.Entry) int64 { return min(max(e.Size, minAhead), maxAhead) }

// sameTime compares modification times to the microsecond: file systems and zip headers keep
// different precisions, and a round trip through the store must not look like a change.
func sameTime(a, b time.Time) bool {
	return a.Truncate(time.Microsecond).Equal(b.Truncate(time.Microsecond))
}

// work is what a worker does with an item: nothing for a copy to mark again, a decode without
// asking the ledger for a file read again (the ledger knows its content: under its own path),
// else decode.
func work(it item, led *ledger, opts Options, mem *memory) decoded {
	switch it.again {
	case remark:
		return decoded{}
	case reread:
		return decode(it.Entry, nil, opts, mem)
	}
	return decode(it.Entry, led.known, opts, mem)
}

// decode reads and hashes one file, and decodes, summarises and encodes it for the store
// unless known (which may be nil) says the store already has its content. It runs on a
// worker.
//
// It holds mem for the bytes it reads and decodes, decompressed (memory.go).
func decode(e importer.Entry, known func(hash string) (store.FileState, bool), opts Options, mem *memory) decoded {
	if e.Err != nil {
		return decoded{err: e.Err}
	}
	h := mem.acquire(e.Size, held{})
	defer func() { mem.release(h) }()
	data, err := e.Read()
	if err != nil {
		return decoded{err: err}
	}
	sum := sha256.Sum256(data)
	d := decoded{hash: hex.EncodeToString(sum[:])}
	if known != nil {
		if _, ok := known(d.hash); ok {
			d.known = true
			return d
		}
	}
	d.decoded = true
	acts, err := decodeBounded(e.Path, data, opts, mem, &h)
	d.format = importer.FormatOf(data)
	if len(acts) > 0 {
		d.format = acts[0].Source.Format
	}
	if err != nil {
		d.err = err
		return d
	}
	e.Annotate(acts)
	fp := Fingerprint(opts.Profile)
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	var implausible []string
	for i := range acts {
		if len(acts[i].Samples) == 0 {
			continue // a session without records (a GPX route, a FIT lap summary): nothing to keep
		}
		sum, v := analysis.SummarizeVariants(&acts[i], opts.Profile)
		// An activity no person recorded (a clock never set, a corrupt timestamp in 2117, a
		// distance or speed no one covers) stays out of the store, the reports and the season.
		if why := analysis.Implausible(&acts[i], sum, now()); why != "" {
			implausible = append(implausible, fmt.Sprintf("session %d %s", acts[i].Source.Session, why))
			continue
		}
		raw, err := encodeStored(Stored{Profile: fp, Rules: analysis.RulesVersion, Variants: v})
		if err != nil {
			d.err = &importer.FileError{Path: e.Path, Err: fmt.Errorf("analyse: %w", err)}
			return d
		}
		d.puts = append(d.puts, store.Put{Activity: acts[i], Summary: sum, Analysis: raw})
	}
	switch {
	case len(d.puts) == 0 && len(implausible) > 0:
		d.err = &importer.FileError{Path: e.Path, Err: fmt.Errorf("%s: %w", strings.Join(implausible, "; "), importer.ErrImplausible)}
	case len(d.puts) == 0:
		d.err = &importer.FileError{Path: e.Path, Err: importer.ErrNoData}
	case len(implausible) > 0:
		for i := range d.puts {
			d.puts[i].Activity.Notes = append(d.puts[i].Activity.Notes, "left out: "+strings.Join(implausible, "; "))
		}
	}
	for i := range d.puts {
		// Encoding here takes the work off the writer. A Put that cannot be encoded stops the
		// run in the writer, as PutFile would.
		if err := d.puts[i].Encode(e.Path); err != nil && d.encodeErr == nil {
			d.encodeErr = err
		}
	}
	if len(d.puts) == 0 {
		return d // failed above
	}
	if d.digest, err = store.Digest(e.Path, d.puts); err != nil && d.encodeErr == nil {
		d.digest, d.encodeErr = "", err // stops the run in the writer, as PutFile would
	}
	return d
}

// writer is the single writer of a run: the store, the run's ledger and options, and the
// statistics it keeps.
type writer struct {
	st    *store.Store
	led   *ledger
	opts  Options
	mem   *memory
	stats *Stats
}

// write records one decoded file in the store and counts it, and notes it in led.
func (w *writer) write(ctx context.Context, it item, d decoded) error {
	st, led, opts, mem, stats := w.st, w.led, w.opts, w.mem, w.stats
	e := it.Entry
	prev, seen := led.start[e.Path]
	if it.again == remark {
		f := prev
		if k, ok := led.lookup(prev.Hash); ok && k.Path != e.Path {
			f.Format = k.Format // the twin's, as it is now known
		}
		f.Rules = opts.Rules(f.Format)
		stats.Unchanged++
		return mark(ctx, st, led, f)
	}

	// The same content under this path (only its time changed), or under another (renamed,
	// copied): not decoded again. The worker looked in the ledger as the run found it: look
	// again with the files this run recorded since, so that a file and its copy in one run
	// are told apart the same way every time (the first in walk order is read, the other
	// marked), and a file is not taken for one whose content changed in this run. A file read
	// again under new rules is not looked up: the ledger knows its content, as what older
	// rules made of it.
	var k store.FileState
	var ok bool
	if it.again != reread {
		k, ok = led.lookup(d.hash)
		if !ok && d.known {
			// What the worker found is gone: read the file after all (rare).
			d = decode(e, nil, opts, mem)
			k, ok = led.lookup(d.hash) // in case the file changed since the worker read it
		}
	}
	f := store.FileState{Path: e.Path, Size: e.Size, ModTime: e.ModTime, Hash: d.hash,
		Format: d.format, Rules: opts.Rules(d.format)}
	if d.decoded {
		stats.Decoded++
	}
	if ok {
		// What the ledger knows of the content: read by the rules that read k.
		f.Status, f.Reason, f.Format, f.Rules = k.Status, k.Reason, k.Format, k.Rules
		if k.Path == e.Path {
			f.Digest = k.Digest
		}
		if k.Path != e.Path && k.Status == store.StatusOK {
			f.Status, f.Reason = store.StatusDuplicate, "same content as "+k.Path
		}
		if f.Status == store.StatusDuplicate && k.Path != e.Path && (!seen || prev.Hash != d.hash) {
			// A copy, new under this path (or changed into it), of what the store holds from
			// another file, read in this run or before: a duplicate, as a file decoded and
			// found to be an activity the store holds is. Seen again, it is unchanged.
			stats.Duplicate++
			return mark(ctx, st, led, f)
		}
		countUnchanged(stats, f)
		return mark(ctx, st, led, f)
	}

	if d.err != nil && errors.Is(d.err, importer.ErrNotActivity) {
		// A watch's monitoring, settings or sleep file: not a failure, and not read again
		// until it changes.
		stats.Skipped++
		f.Status, f.Reason = store.StatusEmpty, importer.Reason(d.err)
		return mark(ctx, st, led, f)
	}
	if d.err != nil {
		reason := importer.Reason(d.err)
		stats.Failed++
		stats.Failures = append(stats.Failures, Failure{Path: e.Path, Reason: reason,
			New: !seen || prev.Status != store.StatusFailed || prev.Reason != reason})
		if e.Size == 0 && e.ModTime.IsZero() && e.Archive == "" {
			return nil // nothing on disk to remember (a path that does not exist)
		}
		// The activities an earlier reading stored stay, and so does their digest. An entry
		// of an archive that failed (nested too deep, beyond the bounds) is recorded like a
		// file, so that the next run does not report it anew.
		f.Status, f.Reason, f.Digest = store.StatusFailed, reason, prev.Digest
		return mark(ctx, st, led, f)
	}

	if it.again == reread {
		stats.Reread++
		if d.digest != "" && d.digest == prev.Digest && prev.Status != store.StatusFailed {
			// The new rules read what the old ones did: the stored activities stay untouched.
			f.Status, f.Reason, f.Digest = prev.Status, prev.Reason, d.digest
			return mark(ctx, st, led, f)
		}
	}
	if d.encodeErr != nil {
		return d.encodeErr
	}
	res, err := st.PutFile(ctx, f, d.puts)
	if err != nil {
		return err
	}
	f.Status = res.Status
	led.record(f)
	stats.Touched = append(stats.Touched, res.Replaced...)
	for _, o := range res.Activities {
		stats.Touched = append(stats.Touched, store.Ref{ID: o.ID, Start: o.Start})
	}
	switch {
	case it.again == reread:
	case res.Status == store.StatusDuplicate:
		stats.Duplicate++
	case seen:
		stats.Changed++
	default:
		stats.New++
	}
	return nil
}

// mark records f with store.MarkFile, and notes it in led.
func mark(ctx context.Context, st *store.Store, led *ledger, f store.FileState) error {
	if err := st.MarkFile(ctx, f); err != nil {
		return err
	}
	led.record(f)
	return nil
}
