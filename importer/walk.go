package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
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
	Err  error
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
}

// NewWalker returns a walker bound by opts.
func NewWalker(opts Options) *Walker { return &Walker{opts: opts.withDefaults()} }

// Close ends the reading of the archives Walk found: their entries cannot be read afterwards
// (a read under way finishes). No file stays open for it to close; it returns nil.
func (w *Walker) Close() error {
	w.closed.Store(true)
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
		if err := w.walkFile(ctx, p, info, true, fn); err != nil {
			return err
		}
	}
	return nil
}

func (w *Walker) walkDir(ctx context.Context, root string, fn func(Entry) error) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
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
		if p != root && hidden(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
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
	zw := &zipWalk{opts: w.opts, archive: p, budget: &zipBudget{}, fn: fn}
	return zw.walk(ctx, zr, z, p, 1)
}

// zipWalk is the walk of one archive on disk, nested archives included: the options and the
// budget that bound it, the archive's path, and the function the entries go to.
type zipWalk struct {
	opts    Options
	archive string
	budget  *zipBudget
	fn      func(Entry) error
}

// walk passes on the activity files of an open archive. disk is the archive on disk whose
// entries are read, nil for one read into memory (a nested archive); prefix is the archive's
// display path; depth its nesting level (1 for an archive on disk).
func (zw *zipWalk) walk(ctx context.Context, zr *zip.Reader, disk *diskZip, prefix string, depth int) error {
	opts, archive, budget, fn := zw.opts, zw.archive, zw.budget, zw.fn
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
			if err := zw.nested(ctx, zf, display, depth); err != nil {
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
			if disk != nil {
				if err := disk.open(); err != nil {
					return nil, &FileError{Path: display, Err: fmt.Errorf("read: %w", err)}
				}
				defer disk.close()
			}
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

// nested walks an archive inside an archive, read into memory within the budget.
func (zw *zipWalk) nested(ctx context.Context, zf *zip.File, display string, depth int) error {
	opts, archive, budget, fn := zw.opts, zw.archive, zw.budget, zw.fn
	if depth >= opts.MaxDepth {
		return fn(Entry{Path: display, Archive: archive, Err: &FileError{Path: display, Err: fmt.Errorf("archives nested deeper than %d: %w", opts.MaxDepth, ErrTooLarge)}})
	}
	remaining := opts.MaxArchiveBytes - budget.bytes
	b, err := readZipEntry(zf, min(remaining, opts.MaxFileBytes)+1)
	if err != nil {
		return fn(Entry{Path: display, Archive: archive, Err: &FileError{Path: display, Err: fmt.Errorf("read: %w", err)}})
	}
	if int64(len(b)) > min(remaining, opts.MaxFileBytes) {
		return fn(Entry{Path: display, Archive: archive, Err: &FileError{Path: display, Err: fmt.Errorf("nested archive too large: %w", ErrTooLarge)}})
	}
	budget.bytes += int64(len(b))
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return fn(Entry{Path: display, Archive: archive, Err: &FileError{Path: display, Err: fmt.Errorf("open zip: %w", err)}})
	}
	return zw.walk(ctx, zr, nil, display, depth+1)
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

// DecodeEntry reads and decodes one entry found by Walk.
func DecodeEntry(e Entry, opts Options) ([]activity.Activity, error) {
	data, err := e.Read()
	if err != nil {
		return nil, err
	}
	return Decode(e.Path, data, opts)
}
