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
	// Err is set when the file or archive could not be read at all; Read returns it.
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

// Walker finds activity files. Archives it opens stay open until Close, so that the entries it
// found can be read after Walk returns (by parallel workers, say).
type Walker struct {
	opts Options
	mu   sync.Mutex
	open []*os.File
}

// NewWalker returns a walker bound by opts.
func NewWalker(opts Options) *Walker { return &Walker{opts: opts.withDefaults()} }

// Close closes the archives Walk opened; their entries cannot be read afterwards.
func (w *Walker) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var first error
	for _, f := range w.open {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
	}
	w.open = nil
	return first
}

func (w *Walker) keep(f *os.File) {
	w.mu.Lock()
	w.open = append(w.open, f)
	w.mu.Unlock()
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
			if err := fn(Entry{Path: p, Err: fmt.Errorf("open %s: %w", p, unwrapPathError(err))}); err != nil {
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
			if ferr := fn(Entry{Path: p, Err: fmt.Errorf("read %s: %w", p, unwrapPathError(err))}); ferr != nil {
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
		return nil, fmt.Errorf("open %s: %w", p, unwrapPathError(err))
	}
	defer f.Close()
	size := int64(0)
	if info, err := f.Stat(); err == nil {
		size = info.Size()
	}
	b, err := readAllSized(io.LimitReader(f, limit+1), size, limit)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, unwrapPathError(err))
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes: %w", p, limit, ErrTooLarge)
	}
	return b, nil
}

// readAllSized is io.ReadAll with its buffer sized from the expected size (bounded by limit),
// so that reading a file costs one allocation, not a doubling series.
func readAllSized(r io.Reader, size, limit int64) ([]byte, error) {
	if size <= 0 || size > limit {
		return io.ReadAll(r)
	}
	b := make([]byte, 0, size+1) // +1: a read at EOF needs room to say so
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) { // the file grew: go on as io.ReadAll does
			b = append(b, 0)[:len(b)]
		}
	}
}

func sniffFile(p string) (Kind, error) {
	f, err := os.Open(p)
	if err != nil {
		return KindUnknown, fmt.Errorf("open %s: %w", p, unwrapPathError(err))
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return KindUnknown, fmt.Errorf("read %s: %w", p, unwrapPathError(err))
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
		return fn(Entry{Path: p, Size: info.Size(), ModTime: info.ModTime(), Err: fmt.Errorf("open %s: %w", p, unwrapPathError(err))})
	}
	zr, err := zip.NewReader(f, info.Size())
	if err != nil {
		f.Close()
		return fn(Entry{Path: p, Size: info.Size(), ModTime: info.ModTime(), Archive: p, Err: fmt.Errorf("open zip %s: %w", p, err)})
	}
	w.keep(f) // its entries are read later, until Close
	return walkZip(ctx, zr, p, p, 1, &zipBudget{}, w.opts, fn)
}

// walkZip passes on the activity files of an open archive. prefix is the archive's display
// path; depth its nesting level (1 for an archive on disk).
func walkZip(ctx context.Context, zr *zip.Reader, prefix, archive string, depth int, budget *zipBudget, opts Options, fn func(Entry) error) error {
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
			if err := walkNestedZip(ctx, zf, display, archive, depth, budget, opts, fn); err != nil {
				return err
			}
			continue
		}
		zf := zf
		e := Entry{Path: display, Size: size, ModTime: zf.Modified, Archive: archive}
		e.read = func() ([]byte, error) {
			if zf.UncompressedSize64 > uint64(opts.MaxFileBytes) {
				return nil, fmt.Errorf("%s: %d bytes uncompressed: %w", display, zf.UncompressedSize64, ErrTooLarge)
			}
			b, err := readZipEntry(zf, opts.MaxFileBytes+1)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", display, err)
			}
			if int64(len(b)) > opts.MaxFileBytes {
				return nil, fmt.Errorf("%s: more than %d bytes uncompressed: %w", display, opts.MaxFileBytes, ErrTooLarge)
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

func walkNestedZip(ctx context.Context, zf *zip.File, display, archive string, depth int, budget *zipBudget, opts Options, fn func(Entry) error) error {
	if depth >= opts.MaxDepth {
		return fn(Entry{Path: display, Archive: archive, Err: fmt.Errorf("%s: archives nested deeper than %d: %w", display, opts.MaxDepth, ErrTooLarge)})
	}
	remaining := opts.MaxArchiveBytes - budget.bytes
	b, err := readZipEntry(zf, min(remaining, opts.MaxFileBytes)+1)
	if err != nil {
		return fn(Entry{Path: display, Archive: archive, Err: fmt.Errorf("read %s: %w", display, err)})
	}
	if int64(len(b)) > min(remaining, opts.MaxFileBytes) {
		return fn(Entry{Path: display, Archive: archive, Err: fmt.Errorf("%s: nested archive too large: %w", display, ErrTooLarge)})
	}
	budget.bytes += int64(len(b))
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return fn(Entry{Path: display, Archive: archive, Err: fmt.Errorf("open zip %s: %w", display, err)})
	}
	return walkZip(ctx, zr, display, archive, depth+1, budget, opts, fn)
}

// readZipEntry reads at most limit bytes of an archive entry.
func readZipEntry(zf *zip.File, limit int64) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := readAllSized(io.LimitReader(rc, limit), int64(min(zf.UncompressedSize64, uint64(limit))), limit)
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
