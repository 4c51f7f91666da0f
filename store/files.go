package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/easyday/easyday/activity"
)

// FileStatus is what became of a file the last time it was read.
type FileStatus string

// The statuses of a file.
const (
	// StatusOK: the file's activities are stored (some may be duplicates of others').
	StatusOK FileStatus = "ok"
	// StatusFailed: the file could not be read or decoded; Reason says why.
	StatusFailed FileStatus = "failed"
	// StatusDuplicate: the file adds nothing new: its content is known under another path, or
	// every activity in it duplicates one already stored.
	StatusDuplicate FileStatus = "duplicate"
	// StatusEmpty: a valid file that holds no activity.
	StatusEmpty FileStatus = "empty"
)

// valid reports whether s is one of the statuses above.
func (s FileStatus) valid() bool {
	switch s {
	case StatusOK, StatusFailed, StatusDuplicate, StatusEmpty:
		return true
	}
	return false
}

// FileState is the ledger's record of one file seen. Size, ModTime and Hash tell whether the
// file changed since; a file is not decoded again until one of them does.
type FileState struct {
	// Path names the file as the user did; inside an archive "export.zip!/a/b.fit".
	Path    string
	Size    int64
	ModTime time.Time // the zero time when unknown
	// Hash is the content hash the importer computed (any stable text), empty when unknown.
	Hash   string
	Status FileStatus
	// Reason says why a file failed, or what was noticed about it.
	Reason string
	// Activities is how many activities the store holds from this path. It is computed by
	// the store; PutFile and MarkFile ignore the value given.
	Activities int
	// SeenAt is when the file was last recorded. PutFile and MarkFile set it.
	SeenAt time.Time
	// Format is the format the file was decoded as, empty when unknown (it failed before
	// that was known, or it was recorded before the store kept it).
	Format activity.Format
	// Rules is the version of the decoding rules (importer.RulesVersion) that read the file;
	// 0 for a file recorded before the store kept it.
	Rules int
	// Digest names what the store holds from the file's decoding (see Digest), empty when
	// unknown. PutFile sets it from the activities it stores; MarkFile records the value given.
	Digest string
}

const fileColumns = `path, size, mtime_ns, hash, status, reason, activities, seen_at, format, rules, digest`

// scanFile reads a row of fileColumns.
func scanFile(sc interface{ Scan(...any) error }) (FileState, error) {
	var (
		f      FileState
		mtime  sql.NullInt64
		hash   sql.NullString
		status string
		seen   int64
		format string
		digest sql.NullString
	)
	if err := sc.Scan(&f.Path, &f.Size, &mtime, &hash, &status, &f.Reason, &f.Activities, &seen,
		&format, &f.Rules, &digest); err != nil {
		return FileState{}, err
	}
	if mtime.Valid {
		f.ModTime = time.Unix(0, mtime.Int64)
	}
	f.Hash, f.Status = hash.String, FileStatus(status)
	f.Format, f.Digest = activity.Format(format), digest.String
	f.SeenAt = fromMS(seen)
	return f, nil
}

// FileStates returns the whole ledger by path, for telling unchanged files from changed ones
// without decoding them, and the ones read under older rules. To stay fast on large archives
// it reads only what that takes: SeenAt is zero.
func (s *Store) FileStates(ctx context.Context) (map[string]FileState, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM files`).Scan(&n); err != nil {
		return nil, fmt.Errorf("store file states: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT path, size, mtime_ns, hash, status, reason,
		activities, format, rules, digest FROM files`)
	if err != nil {
		return nil, fmt.Errorf("store file states: %w", err)
	}
	defer rows.Close()
	m := make(map[string]FileState, n)
	for rows.Next() {
		var (
			f      FileState
			mtime  sql.NullInt64
			hash   sql.NullString
			status sql.RawBytes
			format sql.RawBytes
			digest sql.NullString
		)
		if err := rows.Scan(&f.Path, &f.Size, &mtime, &hash, &status, &f.Reason,
			&f.Activities, &format, &f.Rules, &digest); err != nil {
			return nil, fmt.Errorf("store file states: %w", err)
		}
		if mtime.Valid {
			f.ModTime = time.Unix(0, mtime.Int64)
		}
		f.Hash, f.Status = hash.String, statusOf(status)
		f.Format, f.Digest = formatOf(format), digest.String
		m[f.Path] = f
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store file states: %w", err)
	}
	return m, nil
}

// statusOf returns the FileStatus spelled b, without allocating for the known ones.
func statusOf(b []byte) FileStatus {
	for _, st := range []FileStatus{StatusOK, StatusFailed, StatusDuplicate, StatusEmpty} {
		if string(b) == string(st) {
			return st
		}
	}
	return FileStatus(b)
}

// formatOf returns the activity.Format spelled b, without allocating for the known ones.
func formatOf(b []byte) activity.Format {
	for _, f := range []activity.Format{activity.FormatFIT, activity.FormatGPX, activity.FormatTCX, ""} {
		if string(b) == string(f) {
			return f
		}
	}
	return activity.Format(b)
}

// PreferFile orders files of the same content the way FileByHash chooses among them: one whose
// activities are stored (status ok) first, then by path. The import's in-memory ledger orders
// them by it too.
func PreferFile(a, b FileState) int {
	if aok, bok := a.Status == StatusOK, b.Status == StatusOK; aok != bok {
		if aok {
			return -1
		}
		return 1
	}
	return strings.Compare(a.Path, b.Path)
}

// FileByHash returns a file recorded with the given content hash, and whether there is one:
// the first by PreferFile among several.
func (s *Store) FileByHash(ctx context.Context, hash string) (FileState, bool, error) {
	if hash == "" {
		return FileState{}, false, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+fileColumns+` FROM files WHERE hash = ?`, hash)
	if err != nil {
		return FileState{}, false, fmt.Errorf("store file by hash %s: %w", hash, err)
	}
	defer rows.Close()
	var best FileState
	found := false
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return FileState{}, false, fmt.Errorf("store file by hash %s: %w", hash, err)
		}
		if !found || PreferFile(f, best) < 0 {
			best, found = f, true
		}
	}
	if err := rows.Err(); err != nil {
		return FileState{}, false, fmt.Errorf("store file by hash %s: %w", hash, err)
	}
	return best, found, nil
}

// FailedFiles returns the files whose last reading failed, by path, with their reasons.
func (s *Store) FailedFiles(ctx context.Context) ([]FileState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+fileColumns+` FROM files WHERE status = 'failed' ORDER BY path`)
	if err != nil {
		return nil, fmt.Errorf("store failed files: %w", err)
	}
	defer rows.Close()
	var out []FileState
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, fmt.Errorf("store failed files: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store failed files: %w", err)
	}
	return out, nil
}

// MarkFile records a file in the ledger without touching any activity: a file that failed
// (with its Reason), an empty one, or a renamed or copied file whose content hash is already
// known (StatusDuplicate, or StatusOK). Activities stored earlier from the same path stay: the
// store is the athlete's history, and a file that fails now may have been read before.
func (s *Store) MarkFile(ctx context.Context, f FileState) error {
	if err := checkFile(f); err != nil {
		return fmt.Errorf("store mark %s: %w", f.Path, err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store mark %s: %w", f.Path, err)
	}
	defer tx.Rollback()
	if err := s.upsertFile(ctx, tx, f); err != nil {
		return fmt.Errorf("store mark %s: %w", f.Path, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store mark %s: %w", f.Path, err)
	}
	return nil
}

func checkFile(f FileState) error {
	if f.Path == "" {
		return errors.New("empty path")
	}
	if !f.Status.valid() {
		return fmt.Errorf("unknown status %q", f.Status)
	}
	return nil
}

// upsertFile writes f's ledger row within tx, counting the activities stored from its path.
func (s *Store) upsertFile(ctx context.Context, tx *sql.Tx, f FileState) error {
	var mtime, hash, digest any
	if !f.ModTime.IsZero() {
		mtime = f.ModTime.UnixNano()
	}
	if f.Hash != "" {
		hash = f.Hash
	}
	if f.Digest != "" {
		digest = f.Digest
	}
	_, err := tx.StmtContext(ctx, s.upsertFileStmt).ExecContext(ctx,
		f.Path, f.Size, mtime, hash, string(f.Status), f.Reason, ms(s.now()), string(f.Format), f.Rules, digest)
	return err
}

const upsertFileSQL = `
	INSERT INTO files (path, size, mtime_ns, hash, status, reason, activities, seen_at, format, rules, digest)
	VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT count(*) FROM activities WHERE file_path = ?1), ?7, ?8, ?9, ?10)
	ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,
		hash = excluded.hash, status = excluded.status, reason = excluded.reason,
		activities = excluded.activities, seen_at = excluded.seen_at, format = excluded.format,
		rules = excluded.rules, digest = excluded.digest`
