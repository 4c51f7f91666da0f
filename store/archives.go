package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ArchiveState is the ledger's record of an archive on disk (a zip) whose every entry was
// recorded: while its size and modification time stay the same, its entries are as the
// ledger has them, and the archive need not be opened again.
type ArchiveState struct {
	Path    string
	Size    int64
	ModTime time.Time // the zero time when unknown
	// Entries is the number of files found in it, nested archives' included: len(Paths) for
	// an archive recorded since schema 6.
	Entries int
	// Paths are the ledger paths of those files, each once, sorted ("export.zip!/a/1.fit"; the
	// archive's own path when it failed to open): the ledger's rows of exactly these are its
	// entries as it was walked, whatever rows entries it no longer holds left. nil when
	// unknown (recorded before schema 6): the archive must be walked again.
	Paths []string
	// Rules is the version of the decoding rules it was walked under (importer.RulesVersion
	// of all formats): an archive walked under older rules is walked again, so that its
	// entries are read again as loose files are.
	Rules int
}

// ArchiveStates returns the archives recorded, by path.
func (s *Store) ArchiveStates(ctx context.Context) (map[string]ArchiveState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT path, size, mtime_ns, entries, rules, entry_paths FROM archives`)
	if err != nil {
		return nil, fmt.Errorf("store archive states: %w", err)
	}
	defer rows.Close()
	m := map[string]ArchiveState{}
	for rows.Next() {
		var (
			a     ArchiveState
			mtime sql.NullInt64
			paths sql.NullString
		)
		if err := rows.Scan(&a.Path, &a.Size, &mtime, &a.Entries, &a.Rules, &paths); err != nil {
			return nil, fmt.Errorf("store archive states: %w", err)
		}
		if mtime.Valid {
			a.ModTime = time.Unix(0, mtime.Int64)
		}
		if paths.Valid {
			a.Paths = []string{}
			for _, q := range strings.FieldsFunc(paths.String, func(r rune) bool { return r == '\n' }) {
				r, err := strconv.Unquote(q)
				if err != nil {
					return nil, fmt.Errorf("store archive states %s: entry path %s: %w", a.Path, q, err)
				}
				a.Paths = append(a.Paths, a.Path+r)
			}
		}
		m[a.Path] = a
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store archive states: %w", err)
	}
	return m, nil
}

// MarkArchive records that every entry of archive a is in the ledger: a.Paths, taken as a set
// (sorted, each once; a nil Paths is recorded as an archive of no entries), whose number is
// recorded as its entries whatever a.Entries says. Each path must be the archive's own or lie
// in it (a.Path + "!/...").
func (s *Store) MarkArchive(ctx context.Context, a ArchiveState) error {
	if a.Path == "" {
		return fmt.Errorf("store mark archive: %w", errors.New("empty path"))
	}
	var mtime any
	if !a.ModTime.IsZero() {
		mtime = a.ModTime.UnixNano()
	}
	paths := slices.Compact(slices.Sorted(slices.Values(a.Paths)))
	// Each less the archive's path, which every one starts with, quoted (a name in a zip
	// need not be UTF-8, nor free of newlines), one a line.
	var list strings.Builder
	for _, p := range paths {
		if p != a.Path && !strings.HasPrefix(p, a.Path+"!/") {
			return fmt.Errorf("store mark archive %s: entry %s is not in it", a.Path, p)
		}
		list.WriteString(strconv.Quote(p[len(a.Path):]))
		list.WriteByte('\n')
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO archives (path, size, mtime_ns, entries, rules, seen_at, entry_paths)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,
			entries = excluded.entries, rules = excluded.rules, seen_at = excluded.seen_at,
			entry_paths = excluded.entry_paths`,
		a.Path, a.Size, mtime, len(paths), a.Rules, ms(s.now()), list.String())
	if err != nil {
		return fmt.Errorf("store mark archive %s: %w", a.Path, err)
	}
	return nil
}
