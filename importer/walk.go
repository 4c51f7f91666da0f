package importer

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/easyday/easyday/activity"
)

// Entry is one candidate activity file found by Walk: a file on disk, or an entry of a zip
// archive (nested archives included). Its bytes are read only when Read is called.
type Entry struct {
	// Path names the file for the user: the path on disk, or "export.zip!/activities/1.fit.gz"
	// for an archive entry (nested archives add further "!/" parts).
	Path    string
	Size    int64
	ModTime time.Time
	// Archive is the path on disk of the archive holding the entry; empty for a loose file.
	Archive string
	// Err is set when the file or archive could not be read at all, or the entry lies beyond
	// the walker's bounds (Options); Read returns it.
	Err error
	// Meta is what the bulk export holding the file says of its activities (Strava's
	// activities.csv, Garmin's summaries); nil outside an export. Annotate applies it.
	Meta *ExportMeta
	read func() ([]byte, error)
}

// Read returns the entry's bytes (still gzipped where the file is; Decode unwraps them).
func (e Entry) Read() ([]byte, error) {
	if e.Err != nil {
		return nil, e.Err
	}
	return e.read()
}

// activityExt reports whether a name carries one of the extensions easyday reads.
func activityExt(name string) bool {
	n := strings.ToLower(name)
	n = strings.TrimSuffix(n, ".gz")
	return strings.HasSuffix(n, ".fit") || strings.HasSuffix(n, ".gpx") || strings.HasSuffix(n, ".tcx")
}

func zipExt(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".zip") }

func hidden(name string) bool { return strings.HasPrefix(name, ".") && name != "." && name != ".." }

// Walker finds activity files. The entries of the archives it walked can be read after Walk
// returns (by parallel workers, say), until Close. An archive is open only while Walk reads it
// and while its entries are being read, so that a folder of thousands of archives never holds
// thousands of files open.
type Walker struct {
	opts   Options
	closed atomic.Bool

	mu     sync.Mutex
	recent []*memZip // nested archives kept in memory, most recent first
	keep   int64     // the bytes of them kept (nestedKeep)

	// SkipArchive, when set, is asked about each archive on disk before Walk opens it: true
	// skips it, entries and all (a caller that knows it unchanged since it was last read).
	SkipArchive func(path string, info fs.FileInfo) bool
	// ArchiveWalked, when set, is told of each archive on disk Walk went through to its end,
	// with the number of entries it passed on from it (those with Err included).
	ArchiveWalked func(path string, info fs.FileInfo, entries int)
	// exports are the bulk exports' metadata found so far, by the paths they cover.
	exports []exportScope
}

// NewWalker returns a walker bound by opts.
func NewWalker(opts Options) *Walker { return &Walker{opts: opts.withDefaults(), keep: nestedKeep} }

// Close ends the reading of the archives Walk found: their entries cannot be read afterwards
// (a read under way finishes). No file stays open for it to close; it returns nil.
func (w *Walker) Close() error {
	w.closed.Store(true)
	w.mu.Lock()
	recent := w.recent
	w.recent = nil
	w.mu.Unlock()
	for _, r := range recent {
		r.forget()
	}
	return nil
}

// diskZip is a zip archive on disk, the io.ReaderAt its zip.Reader reads through. Its file is
// open while anyone uses it (Walk reading its directory, or the reads of its entries under
// way), and opened again, checked to be the same file, when the next one needs it.
type diskZip struct {
	w    *Walker
	path string
	info fs.FileInfo // of the file Walk listed

	mu    sync.Mutex
	f     *os.File // nil while nobody uses it
	users int
}

// open opens the archive for one more user; each call must be followed by one of close.
func (z *diskZip) open() error {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.f == nil {
		if z.w.closed.Load() {
			return fmt.Errorf("archive %s: walker closed: %w", z.path, os.ErrClosed)
		}
		f, err := os.Open(z.path)
		if err != nil {
			return fmt.Errorf("open %s: %w", z.path, unwrapPathError(err))
		}
		info, err := f.Stat()
		if err != nil || !os.SameFile(info, z.info) || info.Size() != z.info.Size() || !info.ModTime().Equal(z.info.ModTime()) {
			f.Close()
			return fmt.Errorf("archive %s changed since it was walked", z.path)
		}
		z.f = f
	}
	z.users++
	return nil
}

// close ends one use, closing the file after the last.
func (z *diskZip) close() {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.users--; z.users == 0 {
		z.f.Close() // read only: nothing to lose
		z.f = nil
	}
}

// ReadAt implements io.ReaderAt, between open and close.
func (z *diskZip) ReadAt(p []byte, off int64) (int, error) {
	z.mu.Lock()
	f := z.f
	z.mu.Unlock()
	if f == nil {
		return 0, fmt.Errorf("archive %s: read while closed: %w", z.path, os.ErrClosed)
	}
	return f.ReadAt(p, off)
}

// Walk finds the activity files under paths: files, folders (recursively) and zip archives
// (nested zips included, read in memory within the walker's bounds). It calls fn for each, in
// a stable order: folders in lexical order, archive entries in archive order. Hidden files and
// folders are skipped, and so are files whose name and content are neither an activity file
// nor an archive; a path named explicitly is always passed on. A file or archive that cannot
// be read reaches fn as an Entry with Err set: one bad file never stops the walk. Walk stops
// early only when ctx is cancelled or fn returns an error.
func (w *Walker) Walk(ctx context.Context, paths []string, fn func(Entry) error) error {
	inner := fn
	fn = func(e Entry) error {
		if e.Err == nil {
			e.Meta = w.metaFor(e.Path)
		}
		return inner(e)
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		info, err := os.Stat(p)
		if err != nil {
			if err := fn(Entry{Path: p, Err: &FileError{Path: p, Err: fmt.Errorf("open: %w", unwrapPathError(err))}}); err != nil {
				return err
			}
			continue
		}
		if info.IsDir() {
			if err := w.walkDir(ctx, p, fn); err != nil {
				return err
			}
			continue
		}
		if !info.Mode().IsRegular() {
			// A named pipe would block the read for ever, a device (/dev/zero) never end.
			// "/dev/zero: a character device, not a regular file"
			err := &FileError{Path: p, Err: fmt.Errorf("%s, %w", fileKind(info.Mode()), ErrNotRegular)}
			if err := fn(Entry{Path: p, ModTime: info.ModTime(), Err: err}); err != nil {
				return err
			}
			continue
		}
		if err := w.walkFile(ctx, p, info, true, fn); err != nil {
			return err
		}
	}
	return nil
}

// CheckPaths returns an error naming the first of paths that does not exist or cannot be
// read (a file that cannot be opened, a folder whose entries cannot be listed): a path the
// user typed is a mistake to stop at, not a file to count among the failures of a walk.
func CheckPaths(paths []string) error {
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("open %s: %w", p, unwrapPathError(err))
		}
		info, err := f.Stat()
		if err == nil && info.IsDir() {
			_, err = f.ReadDir(1)
			if errors.Is(err, io.EOF) {
				err = nil
			}
		}
		f.Close()
		if err != nil {
			return fmt.Errorf("read %s: %w", p, unwrapPathError(err))
		}
	}
	return nil
}

// fileKind names what a file that is not a regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "an irregular file (" + m.Type().String() + ")"
}

// walkDir walks the folder root. A root given as a symbolic link (a sync folder linked into a
// cloud drive) is walked where it points, its files named under root; links inside the
// folder are not followed (they could loop).
func (w *Walker) walkDir(ctx context.Context, root string, fn func(Entry) error) error {
	walkRoot := root
	if li, err := os.Lstat(root); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		if real, err := filepath.EvalSymlinks(root); err == nil {
			walkRoot = real
		}
	}
	return filepath.WalkDir(walkRoot, func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		isRoot := p == walkRoot
		if walkRoot != root {
			rel, rerr := filepath.Rel(walkRoot, p)
			if rerr != nil {
				return rerr
			}
			p = filepath.Join(root, rel)
		}
		if err != nil {
			// An unreadable folder or file is reported and the walk goes on.
			if ferr := fn(Entry{Path: p, Err: &FileError{Path: p, Err: fmt.Errorf("read: %w", unwrapPathError(err))}}); ferr != nil {
				return ferr
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !isRoot && hidden(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return w.scanFolderExport(p, fn)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return fn(Entry{Path: p, Err: fmt.Errorf("stat %s: %w", p, unwrapPathError(err))})
		}
		return w.walkFile(ctx, p, info, false, fn)
	})
}

// walkFile passes on one file on disk, expanding it when it is a zip archive.
func (w *Walker) walkFile(ctx context.Context, p string, info fs.FileInfo, explicit bool, fn func(Entry) error) error {
	opts := w.opts
	name := info.Name()
	if !zipExt(name) && !activityExt(name) {
		// Unknown extension: look at the content.
		k, err := sniffFile(p)
		if err != nil {
			return fn(Entry{Path: p, Size: info.Size(), ModTime: info.ModTime(), Err: err})
		}
		switch k {
		case KindZip:
		case KindFIT, KindGPX, KindTCX, KindGzip:
			return fn(diskEntry(p, info, opts))
		default:
			if !explicit {
				return nil // an unrelated file: skipped silently
			}
			return fn(diskEntry(p, info, opts))
		}
	} else if !zipExt(name) {
		return fn(diskEntry(p, info, opts))
	}
	return w.walkZipFile(ctx, p, info, fn)
}

func diskEntry(p string, info fs.FileInfo, opts Options) Entry {
	return Entry{Path: p, Size: info.Size(), ModTime: info.ModTime(), read: func() ([]byte, error) {
		return readFileLimited(p, opts.MaxFileBytes)
	}}
}

func readFileLimited(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, &FileError{Path: p, Err: fmt.Errorf("open: %w", unwrapPathError(err))}
	}
	defer f.Close()
	size := int64(0)
	if info, err := f.Stat(); err == nil {
		size = info.Size()
	}
	b, err := readAllSized(io.LimitReader(f, limit+1), min(size, limit))
	if err != nil {
		return nil, &FileError{Path: p, Err: fmt.Errorf("read: %w", unwrapPathError(err))}
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes: %w", p, limit, ErrTooLarge)
	}
	return b, nil
}

// readAllSized is io.ReadAll with its buffer sized from the expected size, so that reading a
// file of that size costs one allocation, not a growing series. size is only a hint, and the
// buffer grows past it with the bytes r gives: what is read is bounded by r alone.
func readAllSized(r io.Reader, size int64) ([]byte, error) {
	var buf bytes.Buffer
	if size > 0 {
		buf.Grow(int(size) + bytes.MinRead) // MinRead: the room ReadFrom wants to see EOF
	}
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}

func sniffFile(p string) (Kind, error) {
	f, err := os.Open(p)
	if err != nil {
		return KindUnknown, &FileError{Path: p, Err: fmt.Errorf("open: %w", unwrapPathError(err))}
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return KindUnknown, &FileError{Path: p, Err: fmt.Errorf("read: %w", unwrapPathError(err))}
	}
	return Sniff(head[:n]), nil
}

// zipBudget tracks what one top-level archive has expanded to, nested archives included.
type zipBudget struct {
	bytes   int64
	entries int
}

func (w *Walker) walkZipFile(ctx context.Context, p string, info fs.FileInfo, fn func(Entry) error) error {
	if w.SkipArchive != nil && w.SkipArchive(p, info) {
		return nil
	}
	entries := 0
	counted := func(e Entry) error {
		entries++
		return fn(e)
	}
	if err := w.walkZipFileEntries(ctx, p, info, counted); err != nil {
		return err
	}
	if w.ArchiveWalked != nil {
		w.ArchiveWalked(p, info, entries)
	}
	return nil
}

func (w *Walker) walkZipFileEntries(ctx context.Context, p string, info fs.FileInfo, fn func(Entry) error) error {
	f, err := os.Open(p)
	if err != nil {
		return fn(Entry{Path: p, Size: info.Size(), ModTime: info.ModTime(), Err: &FileError{Path: p, Err: fmt.Errorf("open: %w", unwrapPathError(err))}})
	}
	z := &diskZip{w: w, path: p, info: info, f: f, users: 1}
	defer z.close()
	zr, err := zip.NewReader(z, info.Size())
	if err != nil {
		return fn(Entry{Path: p, Size: info.Size(), ModTime: info.ModTime(), Archive: p, Err: &FileError{Path: p, Err: fmt.Errorf("open zip: %w", err)}})
	}
	zw := &zipWalk{w: w, opts: w.opts, archive: p, budget: &zipBudget{}, fn: fn}
	return zw.walk(ctx, zr, z, p, 1)
}

// zipWalk is the walk of one archive on disk, nested archives included: the walker, the
// options and the budget that bound it, the archive's path, and the function the entries go
// to.
type zipWalk struct {
	w       *Walker
	opts    Options
	archive string
	budget  *zipBudget
	fn      func(Entry) error
}

// walk passes on the activity files of an open archive. src is where its bytes are, opened
// again when an entry is read (the file on disk, or the nested archive in memory); prefix is
// the archive's display path; depth its nesting level (1 for an archive on disk).
func (zw *zipWalk) walk(ctx context.Context, zr *zip.Reader, src zipSource, prefix string, depth int) error {
	opts, archive, budget, fn := zw.opts, zw.archive, zw.budget, zw.fn
	overlaps := overlapping(zr.File)
	if zw.w != nil {
		if err := zw.w.scanZipExport(zr, prefix, zw.archive, zw.fn); err != nil {
			return err
		}
	}
	for _, zf := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if zf.FileInfo().IsDir() {
			continue
		}
		// Entry names are only ever used as labels: nothing is extracted to disk.
		name := path.Clean("/" + strings.ReplaceAll(zf.Name, "\\", "/"))[1:]
		base := path.Base(name)
		if hidden(base) || strings.HasPrefix(name, "__MACOSX/") {
			continue
		}
		display := prefix + "!/" + name
		budget.entries++
		if budget.entries > opts.MaxEntries {
			return fn(Entry{Path: display, Archive: archive, Err: fmt.Errorf("archive %s: more than %d entries: %w", archive, opts.MaxEntries, ErrTooLarge)})
		}
		if other, ok := overlaps[zf]; ok {
			err := &FileError{Path: display, Err: fmt.Errorf("its data overlaps that of entry %s: %w", other.Name, ErrZipOverlap)}
			if err := fn(Entry{Path: display, Size: int64(zf.CompressedSize64), ModTime: zf.Modified, Archive: archive, Err: err}); err != nil {
				return err
			}
			continue
		}
		isZip := zipExt(base)
		if !isZip && !activityExt(base) {
			// Unknown name inside an archive: only the content can tell.
			head, err := readZipEntry(zf, 512)
			if err != nil {
				continue
			}
			switch Sniff(head) {
			case KindZip:
				isZip = true
			case KindFIT, KindGPX, KindTCX, KindGzip:
			default:
				continue
			}
		}
		size := int64(zf.UncompressedSize64)
		if isZip {
			if err := zw.nested(ctx, zf, src, display, depth); err != nil {
				return err
			}
			continue
		}
		zf := zf
		e := Entry{Path: display, Size: size, ModTime: zf.Modified, Archive: archive}
		e.read = func() ([]byte, error) {
			if zf.UncompressedSize64 > uint64(opts.MaxFileBytes) {
				return nil, &FileError{Path: display, Err: fmt.Errorf("%d bytes uncompressed: %w", zf.UncompressedSize64, ErrTooLarge)}
			}
			if err := src.open(); err != nil {
				return nil, &FileError{Path: display, Err: fmt.Errorf("read: %w", err)}
			}
			defer src.close()
			b, err := readZipEntry(zf, opts.MaxFileBytes+1)
			if err != nil {
				return nil, &FileError{Path: display, Err: fmt.Errorf("read: %w", err)}
			}
			if int64(len(b)) > opts.MaxFileBytes {
				return nil, &FileError{Path: display, Err: fmt.Errorf("more than %d bytes uncompressed: %w", opts.MaxFileBytes, ErrTooLarge)}
			}
			return b, nil
		}
		budget.bytes += size
		if budget.bytes > opts.MaxArchiveBytes {
			e.Err = fmt.Errorf("archive %s: more than %d bytes uncompressed: %w", archive, opts.MaxArchiveBytes, ErrTooLarge)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// overlapping finds the entries of an archive whose compressed data overlaps another's, each
// with one entry it overlaps: a well-formed archive has none, and a hostile one points many
// entries at one stream so that a small file expands many times over (a zip bomb).
// Entries whose data cannot be located are left to fail when read.
func overlapping(files []*zip.File) map[*zip.File]*zip.File {
	type span struct {
		f      *zip.File
		lo, hi int64
	}
	spans := make([]span, 0, len(files))
	for _, f := range files {
		if f.CompressedSize64 == 0 || f.FileInfo().IsDir() {
			continue
		}
		off, err := f.DataOffset()
		if err != nil {
			continue
		}
		spans = append(spans, span{f, off, off + int64(min(f.CompressedSize64, 1<<62))})
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.lo, b.lo) })
	var out map[*zip.File]*zip.File
	var reach span // the span reaching furthest so far
	for i, s := range spans {
		if i > 0 && s.lo < reach.hi {
			if out == nil {
				out = map[*zip.File]*zip.File{}
			}
			out[s.f] = reach.f
			if _, ok := out[reach.f]; !ok {
				out[reach.f] = s.f
			}
		}
		if i == 0 || s.hi > reach.hi {
			reach = s
		}
	}
	return out
}

// nested walks an archive inside an archive (parent), read into memory within the budget.
func (zw *zipWalk) nested(ctx context.Context, zf *zip.File, parent zipSource, display string, depth int) error {
	opts, archive, budget, fn := zw.opts, zw.archive, zw.budget, zw.fn
	if depth >= opts.MaxDepth {
		return fn(Entry{Path: display, Archive: archive, Err: &FileError{Path: display, Err: fmt.Errorf("archives nested deeper than %d: %w", opts.MaxDepth, ErrTooLarge)}})
	}
	remaining := opts.MaxArchiveBytes - budget.bytes
	m := &memZip{w: zw.w, parent: parent, zf: zf, display: display, limit: min(remaining, opts.MaxFileBytes)}
	if err := m.open(); err != nil {
		return fn(Entry{Path: display, Archive: archive, Err: err})
	}
	defer m.close()
	budget.bytes += m.size
	zr, err := zip.NewReader(m, m.size)
	if err != nil {
		return fn(Entry{Path: display, Archive: archive, Err: &FileError{Path: display, Err: fmt.Errorf("open zip: %w", err)}})
	}
	return zw.walk(ctx, zr, m, display, depth+1)
}

// zipSizeHint bounds the buffer readZipEntry allocates from the sizes an archive declares,
// which anyone can write: a bigger entry's buffer grows with the bytes it really expands to.
const zipSizeHint = 4 << 20

// readZipEntry reads at most limit bytes of an archive entry.
func readZipEntry(zf *zip.File, limit int64) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// Deflate expands at most 1032 times; stored entries not at all.
	hint := min(zf.UncompressedSize64, zf.CompressedSize64*1032, zipSizeHint, uint64(limit))
	b, err := readAllSized(io.LimitReader(rc, limit), int64(hint))
	if err != nil && !errors.Is(err, zip.ErrChecksum) {
		return nil, err
	}
	if errors.Is(err, zip.ErrChecksum) && int64(len(b)) < limit {
		return nil, err
	}
	return b, nil
}

// unwrapPathError drops the *fs.PathError wrapper, whose text repeats the path the caller
// already names.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// DecodeEntry reads and decodes one entry found by Walk, and gives its activities what their
// export says of them (Annotate).
func DecodeEntry(e Entry, opts Options) ([]activity.Activity, error) {
	data, err := e.Read()
	if err != nil {
		return nil, err
	}
	acts, err := Decode(e.Path, data, opts)
	e.Annotate(acts)
	return acts, err
}
