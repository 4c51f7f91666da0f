package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/store"
)

// The stored analysis, an activity's analysis column: its one codec. Two readers: readHead,
// which streams it up to the result and never reads the variants (the reports, Classify for an
// unchanged context), and readStored, which checks it whole and leaves the variants and the
// result raw until asked (DecodeStored, Current's scan).

// Stored is what the store keeps of an activity's analysis (its analysis column): the results
// for each calendar situation, decided from the samples under the profile named by Profile,
// and the result the calendar of the season chose, its days in the zone named by Zone.
type Stored struct {
	Profile string `json:"profile"`
	// Rules is the analysis.RulesVersion the analysis was made under (0 before it was kept).
	Rules int    `json:"rules,omitempty"`
	Zone  string `json:"zone,omitempty"`
	// Context is the classes of the day before that Result was chosen in (the calendar
	// context; nil where it was not recorded, before it was kept): Classify keeps a result
	// whose context is unchanged without reading the variants.
	Context *[]analysis.Class `json:"context,omitempty"`
	// Result comes before Variants in the stored JSON, so that StoredResult, which the
	// reports call for every activity, stops reading there.
	Result   *analysis.Result  `json:"result,omitempty"`
	Variants analysis.Variants `json:"variants"`
}

// Fingerprint names the inputs a stored analysis was made from: the analysis rules' version
// (analysis.RulesVersion, which also names the stored form: 2, reasons as data) and every field
// of the profile (printed whole, so that a field added to analysis.Profile is part of it), as a
// SHA-256 hash. Stored analyses with another fingerprint are made again. A new input is one
// more line of the text hashed.
func Fingerprint(p analysis.Profile) string {
	h := sha256.New()
	fmt.Fprintf(h, "rules %d\nprofile %#v\n", analysis.RulesVersion, p)
	return hex.EncodeToString(h.Sum(nil))
}

// envelope is a stored analysis with its parts left raw.
type envelope struct {
	Profile  string            `json:"profile"`
	Rules    int               `json:"rules"`
	Zone     string            `json:"zone"`
	Context  *[]analysis.Class `json:"context"`
	Variants json.RawMessage   `json:"variants"`
	Result   json.RawMessage   `json:"result"`
}

// readStored decodes the envelope of a stored analysis; ok is false when there is none or it
// does not decode.
func readStored(raw json.RawMessage) (envelope, bool) {
	var e envelope
	if raw == nil || json.Unmarshal(raw, &e) != nil {
		return envelope{}, false
	}
	return e, true
}

// hasResult reports whether the envelope holds a result.
func (e envelope) hasResult() bool { return len(e.Result) > 0 && string(e.Result) != "null" }

// encodeStored marshals an analysis for the store.
func encodeStored(v Stored) (json.RawMessage, error) { return json.Marshal(v) }

// DecodeStored reads a stored analysis; ok is false when there is none.
func DecodeStored(raw json.RawMessage) (Stored, bool) {
	e, ok := readStored(raw)
	if !ok {
		return Stored{}, false
	}
	s := Stored{Profile: e.Profile, Rules: e.Rules, Zone: e.Zone, Context: e.Context}
	if len(e.Variants) > 0 && json.Unmarshal(e.Variants, &s.Variants) != nil {
		return Stored{}, false
	}
	if e.hasResult() {
		var r analysis.Result
		if json.Unmarshal(e.Result, &r) != nil {
			return Stored{}, false
		}
		s.Result = &r
	}
	return s, true
}

// StoredResult reads only the result of a stored analysis, the class the calendar chose;
// ok is false when there is none.
//
// It reads the stored JSON only up to the result, which an analysis stored since the result
// came first (Stored) holds before the variants: the variants, three times the result's size,
// are not read at all, nor is anything after the result checked (the store writes this JSON
// itself, with json.Marshal; a damaged one is analysed again by Classify, whose DecodeStored
// reads it whole). The first "result" key counts.
func StoredResult(raw json.RawMessage) (r analysis.Result, ok bool) {
	h, ok := readHead(raw)
	if !ok || h.Result == nil {
		return analysis.Result{}, false
	}
	return *h.Result, true
}

// readHead reads a stored analysis up to its result, the variants left out: what Classify
// needs of an activity whose context is unchanged, and the reports of every activity. ok is
// false when it does not read as a stored analysis up to there (no result is not an error).
func readHead(raw json.RawMessage) (h Stored, ok bool) {
	if raw == nil {
		return h, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return h, false
	}
	for dec.More() {
		t, err := dec.Token()
		key, isKey := t.(string)
		if err != nil || !isKey {
			return Stored{}, false
		}
		var err2 error
		switch key {
		case "profile":
			err2 = dec.Decode(&h.Profile)
		case "rules":
			err2 = dec.Decode(&h.Rules)
		case "zone":
			err2 = dec.Decode(&h.Zone)
		case "context":
			err2 = dec.Decode(&h.Context)
		case "result":
			if err := dec.Decode(&h.Result); err != nil {
				return Stored{}, false
			}
			return h, true // the first result counts; the variants are not read
		default:
			var skip json.RawMessage
			err2 = dec.Decode(&skip)
		}
		if err2 != nil {
			return Stored{}, false
		}
	}
	return h, true
}

// Current reports whether every stored activity has its result under profile p in the
// calendar of loc: whether Classify would find nothing to do. It reads only what names the
// profile and the zone of each stored analysis, and only when the store changed since a check
// that found them current: a writable store keeps the generation (store.Generation) at which
// that was so, under the profile's fingerprint and the zone (the state currentKey), so that a
// run that finds the store as the last one left it answers from one read.
func Current(ctx context.Context, st *store.Store, p analysis.Profile, loc *time.Location) (bool, error) {
	fp, zone := Fingerprint(p), loc.String()
	gen, err := st.Generation(ctx)
	if err != nil {
		return false, err
	}
	mark := currentMark(gen, fp, zone)
	if v, ok, err := st.State(ctx, currentKey); err != nil || (ok && v == mark) {
		return ok && v == mark, err
	}
	acts, err := st.Activities(ctx, store.Filter{})
	if err != nil {
		return false, err
	}
	for _, a := range acts {
		e, ok := readStored(a.Analysis)
		if !ok || e.Profile != fp || e.Zone != zone || !e.hasResult() {
			return false, nil
		}
	}
	if !st.ReadOnly() {
		// Best effort: a store busy with another process's write, or on a disk that refuses
		// it, is checked again next time.
		_ = st.SetState(ctx, currentKey, mark)
	}
	return true, nil
}

// currentMark is what the state currentKey holds: the generation at which every stored
// analysis had its result under the profile fingerprint fp in the zone named zone.
func currentMark(gen, fp, zone string) string { return gen + " " + fp + " " + zone }

// markCurrent keeps, best effort, that every stored analysis has its result under fp in
// zone as the store is now (Classify, having just made it so).
func markCurrent(ctx context.Context, st *store.Store, fp, zone string) {
	if gen, err := st.Generation(ctx); err == nil && !st.ReadOnly() {
		_ = st.SetState(ctx, currentKey, currentMark(gen, fp, zone))
	}
}

// currentKey is the store state under which Current keeps the generation, profile fingerprint
// and zone at which every stored analysis was found current.
const currentKey = "analyses_current"
