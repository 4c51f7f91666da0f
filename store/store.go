// Package store keeps easyday's state in one SQLite database (modernc.org/sqlite, pure Go): the
// ledger of files seen, the activities decoded from them with their samples, and the athlete
// profile. Beside the database, a lock file (see Lock) keeps two importing processes apart.
//
// The database runs in WAL mode with versioned migrations. Every imported file is written in
// one transaction (PutFile), so a process killed at any point leaves a consistent store that
// the next run completes. OpenReadOnly reads a database without migrating or writing it. A
// Store is meant for one writing goroutine; its reading methods are safe to call
// concurrently, with each other and with the writer.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNewerSchema is wrapped by Open's error when the database was written by a newer easyday,
// whose schema this one does not know.
var ErrNewerSchema = errors.New("database schema is newer than this easyday supports")

// ErrNotFound is wrapped by the errors of methods that look up one thing that is not there.
var ErrNotFound = errors.New("not found")

// Store is an open easyday database.
type Store struct {
	db       *sql.DB
	path     string
	now      func() time.Time
	readOnly bool

	// Prepared statements of the per-file writes, used through each transaction.
	insertActivity *sql.Stmt
	insertData     *sql.Stmt
	candidates     *sql.Stmt
	byPath         *sql.Stmt
	upsertFileStmt *sql.Stmt
}

// Open opens the database at path, creating it and its folder when missing, and brings its
// schema up to date. It refuses, with an error wrapping ErrNewerSchema, a database written by a
// newer easyday.
func Open(ctx context.Context, path string) (*Store, error) {
	db, err := openDB(ctx, path, migrations)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db, path: path, now: time.Now}
	if err := s.prepare(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// OpenReadOnly opens the existing database at path for reading only: it migrates nothing and
// writes nothing (its writing methods fail). SQLite may leave the database's -wal and -shm
// files beside it, empty of data, where there were none; a store opened with Open removes
// them when it closes. A missing database gives an error wrapping fs.ErrNotExist, and is not
// created; a schema other than the one this easyday writes gives an error too (wrapping
// ErrNewerSchema for a newer one; Open migrates an older one).
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	s, err := openReadOnly(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open store %s read-only: %w", path, err)
	}
	return s, nil
}

// OpenReadOnlyLive is OpenReadOnly for a store another process may be writing: it never
// falls back to reading the file as immutable, which would ignore the writer's journal (a
// store whose folder cannot be written then fails to open instead).
func OpenReadOnlyLive(ctx context.Context, path string) (*Store, error) {
	s, err := openReadOnlyMode(ctx, path, false)
	if err != nil {
		return nil, fmt.Errorf("open store %s read-only: %w", path, err)
	}
	return s, nil
}

func openReadOnly(ctx context.Context, path string) (*Store, error) {
	return openReadOnlyMode(ctx, path, true)
}

// openReadOnlyMode opens the store read-only; immutable allows the fallback to reading the
// file as immutable where SQLite cannot make the shared memory its readers need.
func openReadOnlyMode(ctx context.Context, path string, immutable bool) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	s, v, err := openRO(ctx, path, false)
	if err != nil && !immutable {
		return nil, err
	}
	if err != nil {
		// A database in WAL mode in a folder the user cannot write: SQLite cannot make the
		// shared-memory file its readers need, and reads the file as immutable instead.
		var immErr error
		if s, v, immErr = openRO(ctx, path, true); immErr != nil {
			return nil, err
		}
	}
	if v != len(migrations) {
		s.Close()
		if v > len(migrations) {
			return nil, fmt.Errorf("schema version %d, this easyday knows up to %d (upgrade easyday): %w",
				v, len(migrations), ErrNewerSchema)
		}
		return nil, fmt.Errorf("schema version %d, not yet migrated to %d", v, len(migrations))
	}
	if err := s.prepare(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// openRO opens the database at path read-only (immutable: as a file nothing changes, without
// locks or shared memory) and returns its schema version.
func openRO(ctx context.Context, path string, immutable bool) (*Store, int, error) {
	src := dsn(path, true)
	if immutable {
		src += "&immutable=1"
	}
	db, err := sql.Open("sqlite", src)
	if err != nil {
		return nil, 0, err
	}
	db.SetMaxIdleConns(4)
	s := &Store{db: db, path: path, now: time.Now, readOnly: true}
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		s.Close()
		return nil, 0, err
	}
	return s, v, nil
}

// openDB opens the database at path, creating it and its folder when missing, and applies
// migs.
func openDB(ctx context.Context, path string, migs []string) (*sql.DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	db.SetMaxIdleConns(4)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := migrate(ctx, db, migs); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// dsn returns the data source name of the database at path: a file: URI (so that any path
// works) with the pragmas every pooled connection runs. Write transactions begin IMMEDIATE,
// taking the write lock at once rather than failing to upgrade a read. A read-only one opens
// the database in SQLite's mode=ro and leaves its journal mode as it is.
func dsn(path string, readOnly bool) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	abs = filepath.ToSlash(abs)
	if !strings.HasPrefix(abs, "/") {
		abs = "/" + abs // a Windows drive letter: file:///C:/...
	}
	u := url.URL{Path: abs}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
	}
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return "file://" + u.EscapedPath() + "?" + q.Encode()
}

// prepare prepares the statements of the per-file writes.
func (s *Store) prepare(ctx context.Context) error {
	for _, p := range []struct {
		stmt  **sql.Stmt
		query string
	}{
		{&s.insertActivity, insertActivitySQL},
		{&s.insertData, insertDataSQL},
		{&s.candidates, candidatesSQL},
		{&s.byPath, byPathSQL},
		{&s.upsertFileStmt, upsertFileSQL},
	} {
		var err error
		if *p.stmt, err = s.db.PrepareContext(ctx, p.query); err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
	}
	return nil
}

// Close closes the database. It runs SQLite's PRAGMA optimize first, as SQLite recommends for
// long-lived connections, unless the database was opened read-only.
func (s *Store) Close() error {
	var optErr error
	if !s.readOnly {
		_, optErr = s.db.Exec("PRAGMA optimize")
	}
	for _, st := range []*sql.Stmt{s.insertActivity, s.insertData, s.candidates, s.byPath, s.upsertFileStmt} {
		if st != nil {
			st.Close()
		}
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.path, err)
	}
	if optErr != nil {
		return fmt.Errorf("close store %s: %w", s.path, optErr)
	}
	return nil
}

// ReadOnly reports whether the store was opened with OpenReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Path returns the database file's path as Open was given it.
func (s *Store) Path() string { return s.path }

// SchemaVersion returns the schema version this easyday writes: the number of migrations.
func SchemaVersion() int { return len(migrations) }

// migrate applies the migrations the database has not seen, each in its own transaction that
// also records the new version in PRAGMA user_version. A database already at a version beyond
// len(migs) is refused with ErrNewerSchema.
func migrate(ctx context.Context, db *sql.DB, migs []string) error {
	for {
		done, err := migrateOne(ctx, db, migs)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration, if any, and reports whether the schema is current.
func migrateOne(ctx context.Context, db *sql.DB, migs []string) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	// Read the version inside the (immediate) transaction: a second process migrating at the
	// same time waits, then sees the migration done.
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return false, fmt.Errorf("migrate: read schema version: %w", err)
	}
	switch {
	case v > len(migs):
		return false, fmt.Errorf("schema version %d, this easyday knows up to %d (upgrade easyday): %w",
			v, len(migs), ErrNewerSchema)
	case v == len(migs):
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migs[v]); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	return v+1 == len(migs), nil
}

// ms converts a time to Unix milliseconds, the store's time column unit.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts Unix milliseconds to a UTC time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }
