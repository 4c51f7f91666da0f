package store

// Reading the stored activities, and storing their analyses: what the commands ask of the
// store once the import has written.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// Stored is a stored activity as Activities lists it: everything but its samples, laps, timer
// events and track breaks.
type Stored struct {
	ID           int64
	Source       activity.Source // Path is the file it came from
	Sport        activity.Sport
	SubSport     string
	Name         string
	Device       string
	Start        time.Time // in the activity's own UTC offset when HasUTCOffset, else UTC
	HasUTCOffset bool
	Summary      analysis.Summary
	Samples      int
	Laps         int
	Partial      bool
	// DeviceSummary is the device's own session summary, nil when the file had none.
	DeviceSummary *activity.DeviceSummary
	Notes         []string
	// DuplicateOf is the id of the primary activity this one duplicates, 0 for a primary.
	DuplicateOf int64
	// Analysis is what SetAnalysis stored, nil when nothing was.
	Analysis json.RawMessage
	// Description is the athlete's text about the activity and Commute its commute mark, from
	// a bulk export's metadata (activity.Activity); "" and false otherwise.
	Description string
	Commute     bool
}

// Filter selects the activities Activities lists.
type Filter struct {
	// From and To bound the start times: From <= start < To. A zero time does not bound.
	From, To time.Time
	// IncludeDuplicates lists duplicates too; by default only primaries are listed.
	IncludeDuplicates bool
}

// Activities lists the stored activities the filter selects, in start order, without their
// samples.
func (s *Store) Activities(ctx context.Context, f Filter) ([]Stored, error) {
	where := ` WHERE 1`
	var args []any
	if !f.From.IsZero() {
		where += ` AND start_utc >= ?`
		args = append(args, ms(f.From))
	}
	if !f.To.IsZero() {
		where += ` AND start_utc < ?`
		args = append(args, ms(f.To))
	}
	if !f.IncludeDuplicates {
		where += ` AND duplicate_of IS NULL`
	}
	// Counting first costs less than growing the slice of large structs.
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM activities`+where, args...).Scan(&n); err != nil {
		return nil, fmt.Errorf("store activities: %w", err)
	}
	rs, err := s.db.QueryContext(ctx, `SELECT id, duplicate_of, analysis, listing, description, commute FROM activities`+
		where+` ORDER BY start_utc, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store activities: %w", err)
	}
	defer rs.Close()
	out := make([]Stored, 0, n)
	z := zones{}
	for rs.Next() {
		var (
			st       Stored
			dupOf    sql.NullInt64
			analysis []byte
			listing  sql.RawBytes
		)
		if err := rs.Scan(&st.ID, &dupOf, &analysis, &listing, &st.Description, &st.Commute); err != nil {
			return nil, fmt.Errorf("store activities: %w", err)
		}
		if err := decodeListing(listing, &st, z); err != nil {
			return nil, fmt.Errorf("store activities: activity %d: %w", st.ID, err)
		}
		st.DuplicateOf = dupOf.Int64
		if analysis != nil {
			st.Analysis = json.RawMessage(analysis)
		}
		out = append(out, st)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("store activities: %w", err)
	}
	return out, nil
}

// Span returns the earliest and the latest start of the stored activities, duplicates
// aside, in UTC; both are zero when the store holds none.
//
// Each end is read along the start index (activities_by_start), stopping at the first
// primary: min() and max() with the duplicate condition would read every row.
func (s *Store) Span(ctx context.Context) (first, last time.Time, err error) {
	var lo, hi sql.NullInt64
	err = s.db.QueryRowContext(ctx, `SELECT
		(SELECT start_utc FROM activities INDEXED BY activities_by_start WHERE duplicate_of IS NULL ORDER BY start_utc LIMIT 1),
		(SELECT start_utc FROM activities INDEXED BY activities_by_start WHERE duplicate_of IS NULL ORDER BY start_utc DESC LIMIT 1)`).Scan(&lo, &hi)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("store span: %w", err)
	}
	if !lo.Valid {
		return time.Time{}, time.Time{}, nil
	}
	return fromMS(lo.Int64), fromMS(hi.Int64), nil
}

// startTime rebuilds a start time from its column values.
func startTime(start int64, offset sql.NullInt64, z zones) (time.Time, bool) {
	t := fromMS(start)
	if !offset.Valid {
		return t, false
	}
	return t.In(z.at(int(offset.Int64))), true
}

// Activity returns the stored activity with the given id, whole: samples, laps, timer events
// and track breaks included. Its Source.Path is the file it came from. An unknown id gives an
// error wrapping ErrNotFound.
func (s *Store) Activity(ctx context.Context, id int64) (activity.Activity, error) {
	a, err := s.activity(ctx, id)
	if err != nil {
		return activity.Activity{}, fmt.Errorf("store activity %d: %w", id, err)
	}
	return a, nil
}

func (s *Store) activity(ctx context.Context, id int64) (activity.Activity, error) {
	var (
		a                     activity.Activity
		path, format, sport   string
		start                 int64
		offset                sql.NullInt64
		devSum, notes, packed []byte
		laps, timer, breaks   []byte
	)
	err := s.db.QueryRowContext(ctx, `SELECT a.file_path, a.session, a.format, a.sport, a.sub_sport,
		a.name, a.description, a.commute, a.device, a.start_utc, a.utc_offset_s, a.partial,
		a.device_summary, a.notes, d.samples, d.laps, d.timer, d.breaks
		FROM activities a JOIN activity_data d ON d.activity_id = a.id WHERE a.id = ?`, id).
		Scan(&path, &a.Source.Session, &format, &sport, &a.SubSport, &a.Name, &a.Description, &a.Commute,
			&a.Device, &start, &offset, &a.Partial, &devSum, &notes, &packed, &laps, &timer, &breaks)
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, err
	}
	a.Source.Path, a.Source.Format, a.Sport = path, activity.Format(format), activity.Sport(sport)
	a.Start, a.HasUTCOffset = startTime(start, offset, zones{})
	if a.Summary, err = decodeDeviceSummary(devSum); err != nil {
		return a, err
	}
	if a.Notes, err = decodeNotes(notes); err != nil {
		return a, err
	}
	if a.Samples, err = UnpackSamples(packed); err != nil {
		return a, err
	}
	if len(a.Samples) == 0 {
		a.Samples = nil
	}
	if a.Laps, err = decodeLaps(laps); err != nil {
		return a, err
	}
	if a.Timer, err = decodeTimer(timer); err != nil {
		return a, err
	}
	if a.Breaks, err = decodeInts(breaks); err != nil {
		return a, err
	}
	return a, nil
}

const setAnalysisSQL = `UPDATE activities SET analysis = ? WHERE id = ?`

// analysisArg is the analysis column's value for results v: NULL for nil, else the JSON text;
// false when v is not valid JSON.
func analysisArg(v json.RawMessage) (any, bool) {
	if v == nil {
		return nil, true
	}
	if !json.Valid(v) {
		return nil, false
	}
	return string(v), true
}

// SetAnalysis stores analysis results (JSON) with an activity, for Stored.Analysis; nil
// clears them. An unknown id gives an error wrapping ErrNotFound.
func (s *Store) SetAnalysis(ctx context.Context, id int64, v json.RawMessage) error {
	arg, ok := analysisArg(v)
	if !ok {
		return fmt.Errorf("store set analysis %d: invalid JSON", id)
	}
	res, err := s.db.ExecContext(ctx, setAnalysisSQL, arg, id)
	if err != nil {
		return fmt.Errorf("store set analysis %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("store set analysis %d: %w", id, ErrNotFound)
	}
	return nil
}

// SetAnalyses stores several activities' analysis results in one transaction, as SetAnalysis
// does each, except that an unknown id is skipped without an error.
func (s *Store) SetAnalyses(ctx context.Context, byID map[int64]json.RawMessage) error {
	return updateEach(ctx, s, "set analyses", setAnalysisSQL, byID, func(v json.RawMessage) ([]any, error) {
		arg, ok := analysisArg(v)
		if !ok {
			return nil, errors.New("invalid JSON")
		}
		return []any{arg}, nil
	})
}

// updateEach runs query, whose last parameter is an activity id, once for each id of byID,
// with the arguments args gives for its value before it, in one transaction; op names the
// operation in errors.
func updateEach[V any](ctx context.Context, s *Store, op, query string, byID map[int64]V, args func(V) ([]any, error)) error {
	if len(byID) == 0 {
		return nil
	}
	err := func() error {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		stmt, err := tx.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for id, v := range byID {
			a, err := args(v)
			if err == nil {
				_, err = stmt.ExecContext(ctx, append(a, id)...)
			}
			if err != nil {
				return fmt.Errorf("activity %d: %w", id, err)
			}
		}
		return tx.Commit()
	}()
	if err != nil {
		return fmt.Errorf("store %s: %w", op, err)
	}
	return nil
}
