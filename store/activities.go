package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// Put is one activity for PutFile, with its summary recomputed from its samples.
type Put struct {
	Activity activity.Activity
	Summary  analysis.Summary
	// Analysis, when set, is stored as with SetAnalysis, in the same transaction.
	Analysis json.RawMessage

	// enc is what Encode made of the Put, nil until it is called.
	enc *encoded
}

// encoded is a Put encoded for storing under path.
type encoded struct {
	path string
	row  row
}

// Encode encodes p for storing under path (packs its samples, builds its rows), the work
// PutFile otherwise does in the writing goroutine: call it ahead, on any goroutine, to take
// that work off the writer. PutFile stores an encoded Put exactly as it would the Put itself;
// under another path than the one given here, it encodes the Put again. Once encoded, p must
// not change: PutFile stores what Encode saw.
func (p *Put) Encode(path string) error {
	p.enc = nil
	r, err := encode(path, *p)
	if err != nil {
		return fmt.Errorf("store encode %s: %w", path, err)
	}
	p.enc = &encoded{path: path, row: r}
	return nil
}

// row returns p's rows for storing under path: those Encode made, or made now.
func (p *Put) row(path string) (row, error) {
	if p.enc != nil && p.enc.path == path {
		return p.enc.row, nil
	}
	return encode(path, *p)
}

// Outcome says how PutFile stored one activity.
type Outcome struct {
	// ID is the stored activity's id.
	ID int64
	// Start is the start stored (UTC): the activity's, or its first sample's when it has none.
	Start time.Time
	// DuplicateOf is the id of the richer stored activity this one duplicates; 0 when it was
	// stored as a primary.
	DuplicateOf int64
	// Demoted lists the stored activities that became duplicates of this richer one.
	Demoted []int64
}

// Duplicate reports whether the activity was stored as a duplicate of another.
func (o Outcome) Duplicate() bool { return o.DuplicateOf != 0 }

// Ref names a stored activity and its start, enough to know which week it touched.
type Ref struct {
	ID    int64
	Start time.Time // UTC
}

// PutResult is what PutFile did.
type PutResult struct {
	// Activities holds one outcome per Put, in order.
	Activities []Outcome
	// Replaced lists the activities stored earlier from the same path, which the new ones
	// replace: the file changed.
	Replaced []Ref
	// Status is the status recorded for the file.
	Status FileStatus
}

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
}

// Filter selects the activities Activities lists.
type Filter struct {
	// From and To bound the start times: From <= start < To. A zero time does not bound.
	From, To time.Time
	// IncludeDuplicates lists duplicates too; by default only primaries are listed.
	IncludeDuplicates bool
}

const insertActivitySQL = `INSERT INTO activities (id, file_path, session, format, sport, sub_sport,
	name, device, start_utc, utc_offset_s, elapsed_s, moving_s, distance_m, pace_s_per_km,
	avg_hr, max_hr, samples_n, hr_samples, laps_n, partial, moving_from, distance_from,
	hr_dropouts, hr_out_of_band, hr_spikes, hr_flatline, device_summary, notes, listing,
	analysis, duplicate_of)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

const insertDataSQL = `INSERT INTO activity_data (activity_id, samples, laps, timer, breaks)
	VALUES (?, ?, ?, ?, ?)`

const byPathSQL = `SELECT id, start_utc, session FROM activities WHERE file_path = ? ORDER BY id`

const candidatesSQL = `SELECT id, format, samples_n, start_utc, elapsed_s, duplicate_of
	FROM activities WHERE sport = ? AND start_utc BETWEEN ? AND ?`

// row is an activity encoded for its two tables. It is not changed once made: an encoded Put
// may be stored more than once.
type row struct {
	start   int64   // start_utc
	elapsed float64 // for the duplicate rule; 0 when unknown
	format  activity.Format
	samples int
	session int
	args    []any // insertActivitySQL's but the first, id, and the last, duplicate_of
	packed  []byte
	laps    any
	timer   any
	breaks  any
	sport   string
	digest  [sha256.Size]byte // see Digest
}

// encode prepares p's rows outside any transaction.
func encode(path string, p Put) (row, error) {
	an, ok := analysisArg(p.Analysis)
	if !ok {
		return row{}, errors.New("invalid analysis JSON")
	}
	a, sum := &p.Activity, p.Summary
	start := a.Start
	if start.IsZero() && len(a.Samples) > 0 {
		start = a.Samples[0].Time
	}
	var offset any
	if a.HasUTCOffset {
		_, off := a.Start.Zone()
		offset = off
	}
	var notes any
	if len(a.Notes) > 0 {
		b, err := json.Marshal(a.Notes)
		if err != nil {
			return row{}, err
		}
		notes = string(b)
	}
	r := row{start: ms(start), format: a.Source.Format, samples: len(a.Samples), sport: string(a.Sport),
		session: a.Source.Session}
	if e := sum.ElapsedS; e > 0 && !math.IsInf(e, 0) {
		r.elapsed = e
	}
	r.args = []any{path, a.Source.Session, string(a.Source.Format), string(a.Sport), a.SubSport,
		a.Name, a.Device, r.start, offset, nullFloat(sum.ElapsedS), nullFloat(sum.MovingS),
		nullFloat(sum.DistanceM), nullFloat(sum.PaceSPerKm), nullFloat(sum.AvgHR), nullFloat(sum.MaxHR),
		len(a.Samples), sum.HRSamples, len(a.Laps), a.Partial, sum.MovingFrom, sum.DistanceFrom,
		sum.HR.Dropouts, sum.HR.OutOfBand, sum.HR.Spikes, sum.HR.Flatline,
		encodeDeviceSummary(a.Summary), notes, encodeListing(path, a, &sum, r.start), an}
	var err error
	if r.packed, err = PackSamples(a.Samples); err != nil {
		return row{}, err
	}
	if r.laps, err = encodeLaps(a.Laps); err != nil {
		return row{}, err
	}
	if r.timer, err = encodeTimer(a.Timer); err != nil {
		return row{}, err
	}
	if r.breaks, err = encodeJSON(len(a.Breaks), a.Breaks); err != nil {
		return row{}, err
	}
	// What decoding gave, apart from the path, the summary and the analysis (see Digest).
	h := sha256.New()
	for _, v := range []any{a.Source.Session, string(a.Source.Format), string(a.Sport), a.SubSport,
		a.Name, a.Device, r.start, offset, len(a.Laps), a.Partial, encodeDeviceSummary(a.Summary),
		notes, r.packed, r.laps, r.timer, r.breaks} {
		digestField(h, v)
	}
	h.Sum(r.digest[:0])
	return r, nil
}

// PutFile records the file f and stores its activities, in one transaction: a process killed
// at any point leaves either all of it or none. Activities stored earlier from the same path
// are replaced (the file changed, or was read again under new rules): an activity of the same
// session as a replaced one keeps its id; stored activities that were duplicates of them fall
// back to the richest among themselves. Each new activity then meets the duplicate rule
// against everything stored (see DuplicateStartWithin): of the activities found to be the
// same, the richest source is the primary (FIT over TCX over GPX, then more samples; on a tie
// the one stored first, the lowest id) and the others point to it.
//
// f.Status may be left empty: it becomes StatusEmpty for no activities, StatusDuplicate when
// every activity is a duplicate, StatusOK otherwise. The activities are stored under f.Path,
// whatever their Source.Path says. f.Digest is set to Digest's of acts.
func (s *Store) PutFile(ctx context.Context, f FileState, acts []Put) (PutResult, error) {
	res, err := s.putFile(ctx, f, acts)
	if err != nil {
		return PutResult{}, fmt.Errorf("store put %s: %w", f.Path, err)
	}
	return res, nil
}

func (s *Store) putFile(ctx context.Context, f FileState, acts []Put) (PutResult, error) {
	if f.Status != "" && !f.Status.valid() {
		return PutResult{}, fmt.Errorf("unknown status %q", f.Status)
	}
	if f.Path == "" {
		return PutResult{}, errors.New("empty path")
	}
	rows := make([]row, len(acts))
	h := sha256.New()
	for i := range acts {
		var err error
		if rows[i], err = acts[i].row(f.Path); err != nil {
			return PutResult{}, fmt.Errorf("activity %d: %w", i, err)
		}
		h.Write(rows[i].digest[:])
	}
	f.Digest = hex.EncodeToString(h.Sum(nil))

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return PutResult{}, err
	}
	defer tx.Rollback()

	var res PutResult
	var sessions map[int]int64
	if res.Replaced, sessions, err = s.removePath(ctx, tx, f.Path); err != nil {
		return PutResult{}, err
	}
	insAct := tx.StmtContext(ctx, s.insertActivity)
	insData := tx.StmtContext(ctx, s.insertData)
	cands := tx.StmtContext(ctx, s.candidates)
	dups := 0
	for i := range rows {
		keep := sessions[rows[i].session]
		delete(sessions, rows[i].session) // two activities of one session: the first keeps it
		out, err := s.insert(ctx, tx, insAct, insData, cands, &rows[i], keep)
		if err != nil {
			return PutResult{}, fmt.Errorf("activity %d: %w", i, err)
		}
		if out.Duplicate() {
			dups++
		}
		res.Activities = append(res.Activities, out)
	}

	if f.Status == "" {
		switch {
		case len(acts) == 0:
			f.Status = StatusEmpty
		case dups == len(acts):
			f.Status = StatusDuplicate
		default:
			f.Status = StatusOK
		}
	}
	res.Status = f.Status
	if err := s.upsertFile(ctx, tx, f); err != nil {
		return PutResult{}, err
	}
	if err := tx.Commit(); err != nil {
		return PutResult{}, err
	}
	return res, nil
}

// removePath deletes the activities stored from path, and returns them and their ids by
// session. Activities of other files that were duplicates of one of them get a new primary:
// the richest among themselves.
func (s *Store) removePath(ctx context.Context, tx *sql.Tx, path string) ([]Ref, map[int]int64, error) {
	rs, err := tx.StmtContext(ctx, s.byPath).QueryContext(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	var old []Ref
	sessions := map[int]int64{}
	for rs.Next() {
		var r Ref
		var start int64
		var session int
		if err := rs.Scan(&r.ID, &start, &session); err != nil {
			rs.Close()
			return nil, nil, err
		}
		r.Start = fromMS(start)
		old = append(old, r)
		if _, ok := sessions[session]; !ok {
			sessions[session] = r.ID
		}
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, nil, err
	}
	if len(old) == 0 {
		return nil, nil, nil
	}
	for _, o := range old {
		deps, err := queryCands(ctx, tx, `SELECT id, format, samples_n FROM activities
			WHERE duplicate_of = ? AND file_path <> ?`, o.ID, path)
		if err != nil {
			return nil, nil, err
		}
		if len(deps) == 0 {
			continue
		}
		p := richest(deps)
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET duplicate_of = NULL WHERE id = ?`, p.id); err != nil {
			return nil, nil, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET duplicate_of = ?
			WHERE duplicate_of = ? AND file_path <> ?`, p.id, o.ID, path); err != nil {
			return nil, nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM activities WHERE file_path = ?`, path); err != nil {
		return nil, nil, err
	}
	return old, sessions, nil
}

// cand is an activity as the duplicate rule sees it.
type cand struct {
	id      int64
	format  activity.Format
	samples int
	start   int64   // ms
	elapsed float64 // s
	dupOf   int64
}

// queryCands reads id, format and samples_n rows.
func queryCands(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]cand, error) {
	rs, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []cand
	for rs.Next() {
		var c cand
		var format string
		if err := rs.Scan(&c.id, &format, &c.samples); err != nil {
			return nil, err
		}
		c.format = activity.Format(format)
		out = append(out, c)
	}
	return out, rs.Err()
}

// insert stores one activity, applying the duplicate rule, under the id keep when it is not 0
// (an activity read again keeps its id, and its place among equals as the one stored first).
func (s *Store) insert(ctx context.Context, tx *sql.Tx, insAct, insData, cands *sql.Stmt, r *row, keep int64) (Outcome, error) {
	within := DuplicateStartWithin.Milliseconds()
	rs, err := cands.QueryContext(ctx, r.sport, r.start-within, r.start+within)
	if err != nil {
		return Outcome{}, err
	}
	found := map[int64]cand{}  // stored activities by id
	groups := map[int64]bool{} // the primaries of the matching activities
	for rs.Next() {
		var c cand
		var format string
		var elapsed sql.NullFloat64
		var dupOf sql.NullInt64
		if err := rs.Scan(&c.id, &format, &c.samples, &c.start, &elapsed, &dupOf); err != nil {
			rs.Close()
			return Outcome{}, err
		}
		c.format, c.dupOf = activity.Format(format), dupOf.Int64
		if elapsed.Valid && elapsed.Float64 > 0 {
			c.elapsed = elapsed.Float64
		}
		found[c.id] = c
		if !sameActivity(r.start, r.elapsed, c.start, c.elapsed) {
			continue
		}
		if c.dupOf != 0 {
			groups[c.dupOf] = true
		} else {
			groups[c.id] = true
		}
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return Outcome{}, err
	}

	var primaries []cand
	for id := range groups {
		c, ok := found[id]
		if !ok { // a primary that starts outside the window
			var format string
			err := tx.QueryRowContext(ctx, `SELECT format, samples_n FROM activities WHERE id = ?`, id).
				Scan(&format, &c.samples)
			if err != nil {
				return Outcome{}, fmt.Errorf("primary %d: %w", id, err)
			}
			c.id, c.format = id, activity.Format(format)
		}
		primaries = append(primaries, c)
	}
	sort.Slice(primaries, func(i, j int) bool { return primaries[i].id < primaries[j].id })

	out := Outcome{Start: fromMS(r.start)}
	var best cand
	newWins := true
	if len(primaries) > 0 {
		best = richest(primaries)
		newWins = richer(r.format, r.samples, best.format, best.samples) ||
			(keep != 0 && keep < best.id && !richer(best.format, best.samples, r.format, r.samples))
	}
	var dupOf, id any
	if !newWins {
		dupOf = best.id
		out.DuplicateOf = best.id
	}
	if keep != 0 {
		id = keep
	}
	args := make([]any, 0, len(r.args)+2)
	args = append(append(append(args, id), r.args...), dupOf)
	res, err := insAct.ExecContext(ctx, args...)
	if err != nil {
		return Outcome{}, err
	}
	if out.ID, err = res.LastInsertId(); err != nil {
		return Outcome{}, err
	}
	if _, err := insData.ExecContext(ctx, out.ID, r.packed, r.laps, r.timer, r.breaks); err != nil {
		return Outcome{}, err
	}

	// Point every other group at the primary: the new activity, or the best stored one.
	primary := best.id
	if newWins {
		primary = out.ID
	}
	for _, g := range primaries {
		if g.id == primary {
			continue
		}
		ids, err := repoint(ctx, tx, g.id, primary)
		if err != nil {
			return Outcome{}, err
		}
		if newWins {
			out.Demoted = append(out.Demoted, ids...)
		}
	}
	return out, nil
}

// repoint makes primary the primary of group g (g and its duplicates), returning their ids.
func repoint(ctx context.Context, tx *sql.Tx, g, primary int64) ([]int64, error) {
	rs, err := tx.QueryContext(ctx, `UPDATE activities SET duplicate_of = ?
		WHERE id = ? OR duplicate_of = ? RETURNING id`, primary, g, g)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var ids []int64
	for rs.Next() {
		var id int64
		if err := rs.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids, nil
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
	rs, err := s.db.QueryContext(ctx, `SELECT id, duplicate_of, analysis, listing FROM activities`+
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
		if err := rs.Scan(&st.ID, &dupOf, &analysis, &listing); err != nil {
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
func (s *Store) Span(ctx context.Context) (first, last time.Time, err error) {
	var lo, hi sql.NullInt64
	err = s.db.QueryRowContext(ctx, `SELECT min(start_utc), max(start_utc) FROM activities
		WHERE duplicate_of IS NULL`).Scan(&lo, &hi)
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
		a.name, a.device, a.start_utc, a.utc_offset_s, a.partial, a.device_summary, a.notes,
		d.samples, d.laps, d.timer, d.breaks
		FROM activities a JOIN activity_data d ON d.activity_id = a.id WHERE a.id = ?`, id).
		Scan(&path, &a.Source.Session, &format, &sport, &a.SubSport, &a.Name, &a.Device, &start, &offset,
			&a.Partial, &devSum, &notes, &packed, &laps, &timer, &breaks)
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
