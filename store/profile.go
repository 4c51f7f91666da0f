package store

import (
	"context"
	"fmt"
	"time"
)

// ProfileSource says where a profile value came from.
type ProfileSource string

// The sources of profile values kept in the store. (Defaults are not stored.)
const (
	// SourceSet: the athlete set the value.
	SourceSet ProfileSource = "set"
	// SourceEstimated: estimated from stored activities; Detail says how.
	SourceEstimated ProfileSource = "estimated"
)

// ProfileValue is one stored athlete profile value.
type ProfileValue struct {
	Value  string
	Source ProfileSource
	// Detail says how an estimate was made and from what, in words.
	Detail    string
	UpdatedAt time.Time
}

// Profile returns the stored profile values by key.
func (s *Store) Profile(ctx context.Context) (map[string]ProfileValue, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key, value, source, detail, updated_at FROM profile`)
	if err != nil {
		return nil, fmt.Errorf("store profile: %w", err)
	}
	defer rows.Close()
	m := map[string]ProfileValue{}
	for rows.Next() {
		var (
			key, source string
			v           ProfileValue
			updated     int64
		)
		if err := rows.Scan(&key, &v.Value, &source, &v.Detail, &updated); err != nil {
			return nil, fmt.Errorf("store profile: %w", err)
		}
		v.Source, v.UpdatedAt = ProfileSource(source), fromMS(updated)
		m[key] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store profile: %w", err)
	}
	return m, nil
}

// SetProfile stores a profile value, replacing the key's earlier one. source is SourceSet or
// SourceEstimated; detail says how an estimate was made.
func (s *Store) SetProfile(ctx context.Context, key, value string, source ProfileSource, detail string) error {
	if key == "" {
		return fmt.Errorf("store set profile: empty key")
	}
	if source != SourceSet && source != SourceEstimated {
		return fmt.Errorf("store set profile %s: unknown source %q", key, source)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO profile (key, value, source, detail, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, source = excluded.source,
			detail = excluded.detail, updated_at = excluded.updated_at`,
		key, value, string(source), detail, ms(s.now()))
	if err != nil {
		return fmt.Errorf("store set profile %s: %w", key, err)
	}
	return nil
}

// DeleteProfile removes a profile value; removing a key that is not there is no error.
func (s *Store) DeleteProfile(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM profile WHERE key = ?`, key); err != nil {
		return fmt.Errorf("store delete profile %s: %w", key, err)
	}
	return nil
}
