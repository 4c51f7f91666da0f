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

const insertActivitySQL = `INSERT INTO activities (id, file_path, session, format, sport, sub_sport,
	name, device, start_utc, utc_offset_s, elapsed_s, moving_s, distance_m, pace_s_per_km,
	avg_hr, max_hr, samples_n, hr_samples, laps_n, partial, moving_from, distance_from,
	hr_dropouts, hr_out_of_band, hr_spikes, hr_flatline, device_summary, notes, listing,
	analysis, description, commute, duplicate_of)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

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
		encodeDeviceSummary(a.Summary), notes, encodeListing(path, a, &sum, r.start), an,
		a.Description, a.Commute}
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
