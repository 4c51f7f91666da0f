package importer

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"sync"
)

// zipSource is where an archive's bytes are: open before reading them, close after.
type zipSource interface {
	open() error
	close()
}

// nestedKeep bounds the bytes of nested archives a walker keeps in memory while nobody reads
// them, the most recently loaded first. Beyond it a nested archive is dropped and read again
// from its parent when one of its entries is: a small zip of large nested zips (a 4 MB zip of
// sixty-four 60 MB ones) no longer holds them all from the walk to the last read.
const nestedKeep = 128 << 20

// memZip is an archive nested in another (parent), in memory while it is walked and while its
// entries are read, and kept a while after among the walker's recent ones (nestedKeep); then
// dropped, and read again from its parent when needed. It is the io.ReaderAt of its
// zip.Reader.
type memZip struct {
	w       *Walker
	parent  zipSource
	zf      *zip.File // its entry in the parent
	display string
	limit   int64 // the most bytes it may expand to
	size    int64 // its size, from its first reading

	mu     sync.Mutex
	b      []byte // nil while dropped
	users  int
	recent bool // among the walker's recent archives: kept while nobody uses it
}

// open loads the archive for one more user; each call must be followed by one of close.
func (m *memZip) open() error {
	m.mu.Lock()
	loaded := false
	if m.b == nil {
		if err := m.load(); err != nil {
			m.mu.Unlock()
			return err
		}
		loaded = true
	}
	m.users++
	m.mu.Unlock()
	if loaded {
		m.w.remember(m)
	}
	return nil
}

// load reads the archive from its parent, under m.mu.
func (m *memZip) load() error {
	if m.w.closed.Load() {
		return &FileError{Path: m.display, Err: errors.New("walker closed")}
	}
	if err := m.parent.open(); err != nil {
		return err
	}
	defer m.parent.close()
	b, err := readZipEntry(m.zf, m.limit+1)
	if err != nil {
		return &FileError{Path: m.display, Err: fmt.Errorf("read: %w", err)}
	}
	switch {
	case int64(len(b)) > m.limit:
		return &FileError{Path: m.display, Err: fmt.Errorf("nested archive too large: %w", ErrTooLarge)}
	case m.size == 0:
		m.size = int64(len(b))
	case int64(len(b)) != m.size:
		return &FileError{Path: m.display, Err: errors.New("archive changed since it was walked")}
	}
	m.b = b
	return nil
}

// close ends one use; the bytes are dropped after the last unless the archive is recent.
func (m *memZip) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.users--; m.users == 0 && !m.recent {
		m.b = nil
	}
}

// ReadAt implements io.ReaderAt, between open and close.
func (m *memZip) ReadAt(p []byte, off int64) (int, error) {
	m.mu.Lock()
	b := m.b
	m.mu.Unlock()
	if b == nil {
		return 0, fmt.Errorf("archive %s: read while dropped", m.display)
	}
	if off < 0 || off > int64(len(b)) {
		return 0, fmt.Errorf("archive %s: read at %d of %d bytes", m.display, off, len(b))
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

// remember puts m first among the walker's recent archives, and drops those beyond
// nestedKeep that nobody uses.
func (w *Walker) remember(m *memZip) {
	w.mu.Lock()
	var out []*memZip
	kept := []*memZip{m}
	total := m.size
	for _, r := range w.recent {
		if r == m {
			continue
		}
		if total+r.size > w.keep {
			out = append(out, r)
			continue
		}
		total += r.size
		kept = append(kept, r)
	}
	w.recent = kept
	w.mu.Unlock()
	m.mu.Lock()
	m.recent = true
	m.mu.Unlock()
	for _, r := range out { // outside w.mu: an archive loading holds its own lock, then takes w.mu
		r.forget()
	}
}

// forget takes m off the recent archives: its bytes are dropped now, or after its last user.
func (m *memZip) forget() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.recent = false; m.users == 0 {
		m.b = nil
	}
}

// heldZip is the zipSource of an archive whose reader holds its bytes itself.
type heldZip struct{}

func (heldZip) open() error { return nil }
func (heldZip) close()      {}
