package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Generation names the store's content as the reports see it: its id and a number that every
// write to the activities, their data or the profile raises (schema 5's triggers), in the
// same transaction as the write. Two reads that return the same Generation saw the same
// activities and profile, so whatever was made of them then (a reports folder, a check that
// every analysis is current) still holds. The ledger of files is not part of it.
func (s *Store) Generation(ctx context.Context) (string, error) {
	var id string
	var n int64
	if err := s.db.QueryRowContext(ctx, "SELECT id, n FROM generation").Scan(&id, &n); err != nil {
		return "", fmt.Errorf("store generation %s: %w", s.path, err)
	}
	return fmt.Sprintf("%s:%d", id, n), nil
}

// State returns the value a run kept under key (SetState), and whether there is one.
func (s *Store) State(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM state WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store state %s: %w", key, err)
	}
	return v, true, nil
}

// SetState keeps value under key for later runs. It does not change the Generation.
func (s *Store) SetState(ctx context.Context, key, value string) error {
	if _, err := s.db.ExecContext(ctx, "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value); err != nil {
		return fmt.Errorf("store set state %s: %w", key, err)
	}
	return nil
}
