package analysis

import (
	"encoding/json"
	"math"
)

// ReasonCode names one kind of reason the classifier gives (Classify). report words each code.
type ReasonCode string

// The reason codes, with the values each carries (numbers in SI units: seconds, seconds per km,
// bpm, efforts and shares 0–1; words are names and labels, never numbers).
const (
	// ReasonNotRunning: not a run, so cross-training. Words: sport, sub_sport.
	ReasonNotRunning ReasonCode = "not_running"
	// ReasonNameSaysRace: the name says race. Words: name, word.
	ReasonNameSaysRace ReasonCode = "name_says_race"
	// ReasonNearMaximal: a near-maximal sustained effort. Values: duration_s, level, avg,
	// moving_s, min_share, min_s.
	ReasonNearMaximal ReasonCode = "near_maximal"
	// ReasonWorkBouts: work bouts clearly harder than the recoveries (intervals);
	// ReasonTooFewBouts and ReasonBoutsNotHarder: bouts that did not make intervals. Values:
	// bouts, work_s, recovery_s, work_pace_s_per_km, recovery_pace_s_per_km, work_hr,
	// recovery_hr, work_effort, recovery_effort, min_bouts. Words: from.
	ReasonWorkBouts      ReasonCode = "work_bouts"
	ReasonTooFewBouts    ReasonCode = "too_few_bouts"
	ReasonBoutsNotHarder ReasonCode = "bouts_not_harder"
	// ReasonLong and ReasonNotLong: moving time at or beyond, or below, long_run_min.
	// Values: moving_s, limit_s.
	ReasonLong    ReasonCode = "long"
	ReasonNotLong ReasonCode = "not_long"
	// ReasonAfterHard: the day before held hard sessions (Classes, the hard ones).
	ReasonAfterHard ReasonCode = "after_hard"
	// ReasonNameSaysRecovery: the name says recovery. Words: name, word.
	ReasonNameSaysRecovery ReasonCode = "name_says_recovery"
	// ReasonDayBefore: the day before held no hard session (Classes: what it held, maybe
	// nothing).
	ReasonDayBefore ReasonCode = "day_before"
	// ReasonNoEffort: effort unknown, so no sustained effort can be told.
	ReasonNoEffort ReasonCode = "no_effort"
	// ReasonTempo: a sustained effort at TempoEffort. Values: level, duration_s, avg, min_s.
	ReasonTempo ReasonCode = "tempo"
	// ReasonNotSustained: the longest stretch at TempoEffort was too short. Values: level,
	// duration_s, min_s.
	ReasonNotSustained ReasonCode = "not_sustained"
	// ReasonEffortHR: the effort came from heart rate. Values: avg, above_ceiling_s,
	// ceiling, max_hr, resting_hr, resting_assumed (1 when resting_hr is DefaultRestingHR,
	// assumed), lthr, lthr_factor. Words: model.
	ReasonEffortHR ReasonCode = "effort_hr"
	// ReasonEffortPace: the effort came from pace. Values: avg, marathon_pace_s_per_km,
	// marathon_effort, easy_pace_s_per_km, easy_effort. Words: why (heart rate gave none).
	ReasonEffortPace ReasonCode = "effort_pace"
	// ReasonEffortNotRun, ReasonEffortNoPace, ReasonEffortNoSpeed: the effort is unknown:
	// pace effort is for runs only, there is no marathon pace, or no speed. Words: why.
	ReasonEffortNotRun  ReasonCode = "effort_not_run"
	ReasonEffortNoPace  ReasonCode = "effort_no_marathon_pace"
	ReasonEffortNoSpeed ReasonCode = "effort_no_speed"
	// ReasonAlone: classified without calendar context (inspect).
	ReasonAlone ReasonCode = "alone"
	// ReasonText: a reason an earlier version stored in words (Words: text), read back until
	// the activity is classified again.
	ReasonText ReasonCode = "text"
)

// Reason is one reason for a class, as data: its code and the numbers and words it cites.
// report words it, in the units the user chose.
type Reason struct {
	Code ReasonCode
	// Values are the numbers, by name, in SI units; NaN when unknown.
	Values map[string]float64
	// Words are the names and labels, by name: an activity's name, a sport, a source.
	Words map[string]string
	// Classes are the classes of the day before, for ReasonAfterHard and ReasonDayBefore.
	Classes []Class
}

// V returns the value called name, NaN when absent.
func (r Reason) V(name string) float64 {
	if v, ok := r.Values[name]; ok {
		return v
	}
	return math.NaN()
}

type reasonJSON struct {
	Code    ReasonCode           `json:"code"`
	Values  map[string]NullFloat `json:"values,omitempty"`
	Words   map[string]string    `json:"words,omitempty"`
	Classes []Class              `json:"classes,omitempty"`
}

// MarshalJSON implements json.Marshaler: NaN values are null.
func (r Reason) MarshalJSON() ([]byte, error) {
	j := reasonJSON{Code: r.Code, Words: r.Words, Classes: r.Classes}
	if len(r.Values) > 0 {
		j.Values = make(map[string]NullFloat, len(r.Values))
		for k, v := range r.Values {
			j.Values[k] = NullFloat(v)
		}
	}
	return json.Marshal(j)
}

// UnmarshalJSON implements json.Unmarshaler: null is NaN; a string (an earlier version's
// reason in words) is a ReasonText.
func (r *Reason) UnmarshalJSON(b []byte) error {
	var text string
	if len(b) > 0 && (b[0] == '"' || b[0] == 'n') && json.Unmarshal(b, &text) == nil { // a string, or null
		*r = Reason{Code: ReasonText, Words: map[string]string{"text": text}}
		return nil
	}
	var j reasonJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*r = Reason{Code: j.Code, Words: j.Words, Classes: j.Classes}
	if len(j.Values) > 0 {
		r.Values = make(map[string]float64, len(j.Values))
		for k, v := range j.Values {
			r.Values[k] = float64(v)
		}
	}
	return nil
}

// Equal reports whether two reasons say the same: same code, values (NaN equal to NaN), words
// and classes.
func (r Reason) Equal(o Reason) bool {
	if r.Code != o.Code || len(r.Values) != len(o.Values) || len(r.Words) != len(o.Words) || len(r.Classes) != len(o.Classes) {
		return false
	}
	for k, v := range r.Values {
		w, ok := o.Values[k]
		if !ok || (v != w && !(math.IsNaN(v) && math.IsNaN(w))) {
			return false
		}
	}
	for k, v := range r.Words {
		if w, ok := o.Words[k]; !ok || v != w {
			return false
		}
	}
	for i := range r.Classes {
		if r.Classes[i] != o.Classes[i] {
			return false
		}
	}
	return true
}

// SameReasons reports whether two lists of reasons say the same, in the same order.
func SameReasons(a, b []Reason) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}
