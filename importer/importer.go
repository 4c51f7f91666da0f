// Package importer turns the bytes of activity files (FIT, GPX, TCX; loose, gzipped or inside
// zip archives) into activity.Activity values. It knows nothing of analysis, storage or reports,
// and it only ever reads its input.
package importer

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/easyday/easyday/activity"
)

// Errors callers branch on (errors.Is).
var (
	// ErrNotActivity: a valid file that holds no activity (FIT settings, workout, course,
	// monitoring files; a GPX route without times).
	ErrNotActivity = errors.New("not an activity file")
	// ErrUnknownFormat: the content is neither FIT, GPX, TCX, gzip nor zip.
	ErrUnknownFormat = errors.New("unrecognised file format")
	// ErrNoData: the file is well formed but holds no timed track points.
	ErrNoData = errors.New("no timed track points")
	// ErrTooLarge: a compressed file or archive expands beyond the configured bounds.
	ErrTooLarge = errors.New("too large when decompressed")
	// ErrImplausible: a file holds what no device records (thousands of sessions, sessions
	// that overlap); it is refused with the numbers.
	ErrImplausible = errors.New("implausible content")
	// ErrZipOverlap: an archive entry's data overlaps another's, as in a zip bomb.
	ErrZipOverlap = errors.New("overlapping zip entries")
	// ErrNotRegular: a path names a named pipe, a device or a socket, which are never read.
	ErrNotRegular = errors.New("not a regular file")
)

// Kind is what a file's content looks like.
type Kind int

// The kinds of content Sniff recognises.
const (
	KindUnknown Kind = iota
	KindFIT
	KindGPX
	KindTCX
	KindGzip
	KindZip
)

func (k Kind) String() string {
	switch k {
	case KindFIT:
		return "fit"
	case KindGPX:
		return "gpx"
	case KindTCX:
		return "tcx"
	case KindGzip:
		return "gzip"
	case KindZip:
		return "zip"
	}
	return "unknown"
}

// Sniff tells a file's kind from its first bytes (512 are plenty), whatever its name says.
func Sniff(head []byte) Kind {
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return KindGzip
	case len(head) >= 4 && string(head[:4]) == "PK\x03\x04", len(head) >= 4 && string(head[:4]) == "PK\x05\x06":
		return KindZip
	case len(head) >= 12 && (head[0] == 12 || head[0] == 14) && string(head[8:12]) == ".FIT":
		return KindFIT
	}
	return sniffXML(head)
}

// sniffXML finds the root element of an XML document: gpx or TrainingCenterDatabase.
func sniffXML(head []byte) Kind {
	b := trimLeadingSpace(head)
	if len(b) == 0 || b[0] != '<' {
		return KindUnknown
	}
	for len(b) > 0 {
		i := bytes.IndexByte(b, '<')
		if i < 0 || i+1 >= len(b) {
			return KindUnknown
		}
		b = b[i+1:]
		if b[0] == '?' || b[0] == '!' { // declaration, comment, doctype
			j := bytes.IndexByte(b, '>')
			if j < 0 {
				return KindUnknown
			}
			b = b[j+1:]
			continue
		}
		end := bytes.IndexAny(b, " \t\r\n>/")
		if end < 0 {
			end = len(b)
		}
		name := b[:end]
		if k := bytes.IndexByte(name, ':'); k >= 0 {
			name = name[k+1:]
		}
		switch string(name) {
		case "gpx":
			return KindGPX
		case "TrainingCenterDatabase":
			return KindTCX
		}
		return KindUnknown
	}
	return KindUnknown
}

// Options bound what decoding may expand to. The zero value uses the defaults.
type Options struct {
	// MaxFileBytes bounds one decompressed file (default 64 MiB: a GPX of four days at one
	// point a second; decoding holds about seven times a GPX's size).
	MaxFileBytes int64
	// MaxArchiveBytes bounds the decompressed total of one archive (default 4 GiB).
	MaxArchiveBytes int64
	// MaxEntries bounds the number of entries of one archive, nested ones included (default 100000).
	MaxEntries int
	// MaxDepth bounds archive nesting (default 4).
	MaxDepth int
}

// DefaultMaxFileBytes is Options.MaxFileBytes by default.
const DefaultMaxFileBytes = 64 << 20

func (o Options) withDefaults() Options {
	if o.MaxFileBytes <= 0 {
		o.MaxFileBytes = DefaultMaxFileBytes
	}
	if o.MaxArchiveBytes <= 0 {
		o.MaxArchiveBytes = 4 << 30
	}
	if o.MaxEntries <= 0 {
		o.MaxEntries = 100000
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = 4
	}
	return o
}

// FileError is an error about one input file, in the manner of fs.PathError: the file, as
// the walk names it ("export.zip!/activities/1.fit.gz"), and what went wrong with it. Callers
// that name the file themselves print Err (errors.As), never strip the path from the text.
type FileError struct {
	Path string
	Err  error
}

// Error implements error: "PATH: what went wrong".
func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

// Unwrap returns Err.
func (e *FileError) Unwrap() error { return e.Err }

// Reason is err in words without the file's path when it is a *FileError (the caller names
// the file), err's text otherwise.
func Reason(err error) string {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.Err.Error()
	}
	return err.Error()
}

// Decode decodes one activity file's bytes, recognised by content (a gzip wrapper is unwrapped),
// and returns its activities with Source.Path set to path. Archives are not files: walk them
// with Walk. Activities of a damaged file that could still be read come back marked Partial
// with a nil error.
func Decode(path string, data []byte, opts Options) ([]activity.Activity, error) {
	opts = opts.withDefaults()
	kind := Sniff(data)
	if kind == KindGzip {
		var err error
		if data, err = gunzip(data, opts.MaxFileBytes); err != nil {
			return nil, err
		}
		kind = Sniff(data)
	}
	var (
		acts []activity.Activity
		err  error
	)
	switch kind {
	case KindFIT:
		acts, err = decodeFIT(data)
	case KindGPX:
		acts, err = decodeGPX(data)
	case KindTCX:
		acts, err = decodeTCX(data)
	case KindZip:
		return nil, fmt.Errorf("a zip archive, not an activity file: walk it instead")
	default:
		if len(data) == 0 {
			return nil, fmt.Errorf("empty file: %w", ErrUnknownFormat)
		}
		return nil, ErrUnknownFormat
	}
	for i := range acts {
		acts[i].Source.Path = path
	}
	return acts, err
}

// SizeHint returns how many bytes data takes once unwrapped for decoding, to budget memory
// before Decode: for a gzip stream the size its trailer declares (which a hostile or
// concatenated stream may understate: decode it with MaxFileBytes set to the hint, and again
// with the full bound should that fail with ErrTooLarge), otherwise len(data).
func SizeHint(data []byte) int64 {
	if Sniff(data) == KindGzip && len(data) >= 18 {
		return int64(binary.LittleEndian.Uint32(data[len(data)-4:]))
	}
	return int64(len(data))
}

// gunzip expands gzip data in memory, refusing more than limit bytes. Concatenated gzip members
// are read as one stream, as gzip(1) does.
func gunzip(data []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	if int64(len(out)) > limit {
		return nil, fmt.Errorf("gunzip: more than %d bytes: %w", limit, ErrTooLarge)
	}
	return out, nil
}
