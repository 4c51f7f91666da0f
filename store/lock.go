package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ErrLocked is wrapped by Lock's error when another live process holds the lock.
var ErrLocked = errors.New("store is locked by another process")

// errWouldBlock is what the platform's lockFile returns when another process holds the lock.
var errWouldBlock = errors.New("lock held elsewhere")

// LockedError is Lock's error when another process holds the lock: it says which process, and
// since when, as far as the lock file tells. errors.Is(err, ErrLocked) holds for it.
type LockedError struct {
	Path    string    // the lock file
	PID     int       // the holder's process id, 0 when unknown
	Program string    // the holder's program name, empty when unknown
	Since   time.Time // when the holder took the lock, zero when unknown
}

// Error names the lock file and which process holds it, and since when, once:
// "lock /data/easyday.db.lock: held by easyday (pid 4242) since 2026-12-06 03:15:02 CET", or
// "held by another process" when the lock file does not say.
func (e *LockedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "lock %s: held by ", e.Path)
	switch {
	case e.PID == 0:
		b.WriteString("another process")
	case e.Program != "":
		fmt.Fprintf(&b, "%s (pid %d)", e.Program, e.PID)
	default:
		fmt.Fprintf(&b, "pid %d", e.PID)
	}
	if !e.Since.IsZero() {
		fmt.Fprintf(&b, " since %s", e.Since.Local().Format("2006-01-02 15:04:05 MST"))
	}
	return b.String()
}

// Unwrap returns ErrLocked.
func (e *LockedError) Unwrap() error { return ErrLocked }

// Lockfile is a held lock on a store: see Lock.
type Lockfile struct {
	f    *os.File
	path string
}

// Lock takes the exclusive lock of the store at dbPath: the file dbPath+".lock", locked with
// flock(2) (LockFileEx on Windows), into which it writes the holder's process id, program
// name and the time. When another live process holds the lock it returns at once with a
// *LockedError, which wraps ErrLocked. A lock left by a killed process never blocks: the
// operating system releases the lock when its holder dies, and the next holder overwrites the
// file's contents. Lock creates the folder when missing.
func Lock(dbPath string) (*Lockfile, error) {
	path := dbPath + ".lock"
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := lockFile(f); err != nil {
		defer f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, holder(f, path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	now := time.Now()
	content := fmt.Sprintf("pid %d\nprogram %s\nsince %s\n", os.Getpid(),
		filepath.Base(os.Args[0]), now.UTC().Format(time.RFC3339Nano))
	err = f.Truncate(0)
	if err == nil {
		_, err = f.WriteAt([]byte(content), 0)
	}
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		unlockFile(f)
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lockfile{f: f, path: path}, nil
}

// holder reads who holds the lock from its file. The holder writes it just after taking the
// lock, so an empty file is read again a few times.
func holder(f *os.File, path string) *LockedError {
	e := &LockedError{Path: path}
	for try := 0; try < 5; try++ {
		if try > 0 {
			time.Sleep(10 * time.Millisecond)
		}
		buf := make([]byte, 512)
		n, _ := f.ReadAt(buf, 0)
		if n == 0 {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(buf[:n]))
		for sc.Scan() {
			key, val, _ := strings.Cut(sc.Text(), " ")
			switch key {
			case "pid":
				e.PID, _ = strconv.Atoi(val)
			case "program":
				e.Program = val
			case "since":
				e.Since, _ = time.Parse(time.RFC3339Nano, val)
			}
		}
		if e.PID != 0 {
			break
		}
	}
	return e
}

// Path returns the lock file's path.
func (l *Lockfile) Path() string { return l.path }

// Release empties the lock file and releases the lock. The file stays: removing it could let
// two processes hold locks on two different files of the same name. Releasing twice is no
// error.
func (l *Lockfile) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	f := l.f
	l.f = nil
	truncErr := f.Truncate(0)
	unlockErr := unlockFile(f)
	closeErr := f.Close()
	if err := errors.Join(truncErr, unlockErr, closeErr); err != nil {
		return fmt.Errorf("release lock %s: %w", l.path, err)
	}
	return nil
}
