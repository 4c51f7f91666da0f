package store

import (
	"context"
	"fmt"

	"github.com/easyday/easyday/profile"
)

// Profile returns the stored profile values by key (profile.Resolve takes them).
func (s *Store) Profile(ctx context.Context) (map[string]profile.Stored, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT key, value, source, detail, updated_at FROM profile`)
	if err != nil {
		return nil, fmt.Errorf("store profile: %w", err)
	}
	defer rows.Close()
	m := map[string]profile.Stored{}
	for rows.Next() {
		var (
			key, source string
			v           profile.Stored
			updated     int64
		)
		if err := rows.Scan(&key, &v.Value, &source, &v.Detail, &updated); err != nil {
			return nil, fmt.Errorf("store profile: %w", err)
		}
		v.Source, v.UpdatedAt = profile.Source(source), fromMS(updated)
		m[key] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store profile: %w", err)
	}
	return m, nil
}

// SetProfile stores a profile value, replacing the key's earlier one. source is profile.Set or
// profile.Estimated; detail says how an estimate was made.
func (s *Store) SetProfile(ctx context.Context, key, value string, source profile.Source, detail string) error {
	if key == "" {
		return fmt.Errorf("store set profile: empty key")
	}
	if source != profile.Set && source != profile.Estimated {
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
