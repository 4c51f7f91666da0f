package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ArchiveState is the ledger's record of an archive on disk (a zip) whose every entry was
// recorded: while its size and modification time stay the same, its entries are as the
// ledger has them, and the archive need not be opened again.
type ArchiveState struct {
	Path    string
	Size    int64
	ModTime time.Time // the zero time when unknown
	// Entries is the number of files found in it, nested archives' included.
	Entries int
	// Rules is the version of the decoding rules it was walked under (importer.RulesVersion
	// of all formats): an archive walked under older rules is walked again, so that its
	// entries are read again as loose files are.
	Rules int
}

// ArchiveStates returns the archives recorded, by path.
func (s *Store) ArchiveStates(ctx context.Context) (map[string]ArchiveState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT path, size, mtime_ns, entries, rules FROM archives`)
	if err != nil {
		return nil, fmt.Errorf("store archive states: %w", err)
	}
	defer rows.Close()
	m := map[string]ArchiveState{}
	for rows.Next() {
		var (
			a     ArchiveState
			mtime sql.NullInt64
		)
		if err := rows.Scan(&a.Path, &a.Size, &mtime, &a.Entries, &a.Rules); err != nil {
			return nil, fmt.Errorf("store archive states: %w", err)
		}
		if mtime.Valid {
			a.ModTime = time.Unix(0, mtime.Int64)
		}
		m[a.Path] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store archive states: %w", err)
	}
	return m, nil
}

// MarkArchive records that every entry of archive a is in the ledger.
func (s *Store) MarkArchive(ctx context.Context, a ArchiveState) error {
	if a.Path == "" {
		return fmt.Errorf("store mark archive: %w", errors.New("empty path"))
	}
	var mtime any
	if !a.ModTime.IsZero() {
		mtime = a.ModTime.UnixNano()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO archives (path, size, mtime_ns, entries, rules, seen_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,
			entries = excluded.entries, rules = excluded.rules, seen_at = excluded.seen_at`,
		a.Path, a.Size, mtime, a.Entries, a.Rules, ms(s.now()))
	if err != nil {
		return fmt.Errorf("store mark archive %s: %w", a.Path, err)
	}
	return nil
}
