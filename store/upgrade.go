package store

// What reading files again under new rules needs of the store: a digest of what decoding gave,
// to tell a file that reads the same, and the summaries of analysis rules that changed.

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
)

// digestField writes v into h, its length first, so that no two sequences of fields write
// the same bytes.
func digestField(h hash.Hash, v any) {
	var b []byte
	switch v := v.(type) {
	case nil:
		b = []byte{0}
	case []byte:
		b = append([]byte{1}, v...)
	case string:
		b = append([]byte{2}, v...)
	default:
		b = fmt.Appendf([]byte{3}, "%v", v)
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
	h.Write(n[:])
	h.Write(b)
}

// Digest names what PutFile would store from puts, apart from the path they are stored
// under, their summaries and their analyses: samples, laps, timer events, track breaks, the
// device's summary and every decoded field. Two decodings of a file with the same Digest store
// the same activities, so a file read again under new rules with an unchanged Digest need not
// be stored again (FileState.Digest). path is the one Put.Encode was given, if called.
func Digest(path string, puts []Put) (string, error) {
	h := sha256.New()
	for i := range puts {
		r, err := puts[i].row(path)
		if err != nil {
			return "", fmt.Errorf("store digest %s: activity %d: %w", path, i, err)
		}
		h.Write(r.digest[:])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// setSummarySQL rewrites what a summary changes of an activity row: its summary columns, its
// listing and its analysis (the arguments of insertActivitySQL at summaryArgs, then the id).
const setSummarySQL = `UPDATE activities SET elapsed_s = ?, moving_s = ?, distance_m = ?,
	pace_s_per_km = ?, avg_hr = ?, max_hr = ?, hr_samples = ?, moving_from = ?, distance_from = ?,
	hr_dropouts = ?, hr_out_of_band = ?, hr_spikes = ?, hr_flatline = ?, listing = ?, analysis = ?
	WHERE id = ?`

// summaryArgs are the indices in row.args of setSummarySQL's columns.
var summaryArgs = []int{9, 10, 11, 12, 13, 14, 16, 19, 20, 21, 22, 23, 24, 27, 28}

// SetSummaries replaces the summaries and analyses of stored activities, by id, in one
// transaction: each Put's Summary and Analysis, recomputed from the activity Activity returned
// (analysis rules that changed); its Activity must be that activity, whose decoded data stay as
// they are. An unknown id is skipped.
func (s *Store) SetSummaries(ctx context.Context, byID map[int64]Put) error {
	return updateEach(ctx, s, "set summaries", setSummarySQL, byID, func(p Put) ([]any, error) {
		r, err := p.row(p.Activity.Source.Path)
		if err != nil {
			return nil, err
		}
		args := make([]any, 0, len(summaryArgs)+1)
		for _, i := range summaryArgs {
			args = append(args, r.args[i])
		}
		return args, nil
	})
}
