package analysis

import (
	"encoding/json"
	"math"
	"strconv"
)

// NullFloat is a float64 that is JSON null when NaN or infinite (encoding/json refuses them),
// and NaN when null: how unknown values are stored.
type NullFloat float64

// MarshalJSON implements json.Marshaler.
func (n NullFloat) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(n)) || math.IsInf(float64(n), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(n))
}

// UnmarshalJSON implements json.Unmarshaler.
func (n *NullFloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = NullFloat(math.NaN())
		return nil
	}
	// encoding/json hands over a valid JSON value: a number parses as it is, without a
	// second decoder (the stored analyses hold thousands of these); anything else is
	// refused as encoding/json refuses it.
	if jsonNumber(b) {
		if f, err := strconv.ParseFloat(string(b), 64); err == nil {
			*n = NullFloat(f)
			return nil
		}
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = NullFloat(f)
	return nil
}

// jsonNumber reports whether b is spelled as JSON numbers are: a sign, digits, a point and an
// exponent, nothing strconv reads besides (Inf, NaN, hexadecimal, underscores). It does not
// check their order: encoding/json has.
func jsonNumber(b []byte) bool {
	if len(b) == 0 || !(b[0] == '-' || '0' <= b[0] && b[0] <= '9') {
		return false
	}
	for _, c := range b {
		if !('0' <= c && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
			return false
		}
	}
	return true
}

type effortJSON struct {
	Avg           NullFloat    `json:"avg"`
	Source        EffortSource `json:"source"`
	Model         EffortModel  `json:"model"`
	ZonesS        [5]NullFloat `json:"zones_s"`
	AboveCeilingS NullFloat    `json:"above_ceiling_s"`
	AboveEasyS    NullFloat    `json:"above_easy_s"`
	MovingS       NullFloat    `json:"moving_s"`
	TRIMP         NullFloat    `json:"trimp"`
	Decoupling    NullFloat    `json:"decoupling"`
}

// MarshalJSON implements json.Marshaler: NaN (unknown) values are null.
func (e Effort) MarshalJSON() ([]byte, error) {
	j := effortJSON{Avg: NullFloat(e.Avg), Source: e.Source, Model: e.Model, AboveCeilingS: NullFloat(e.AboveCeilingS),
		AboveEasyS: NullFloat(e.AboveEasyS), MovingS: NullFloat(e.MovingS), TRIMP: NullFloat(e.TRIMP), Decoupling: NullFloat(e.Decoupling)}
	for i, z := range e.ZonesS {
		j.ZonesS[i] = NullFloat(z)
	}
	return json.Marshal(j)
}

// UnmarshalJSON implements json.Unmarshaler: null is NaN.
func (e *Effort) UnmarshalJSON(b []byte) error {
	j := effortJSON{Decoupling: NullFloat(math.NaN())} // absent in analyses stored before it
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*e = Effort{Avg: float64(j.Avg), Source: j.Source, Model: j.Model, AboveCeilingS: float64(j.AboveCeilingS),
		AboveEasyS: float64(j.AboveEasyS), MovingS: float64(j.MovingS), TRIMP: float64(j.TRIMP), Decoupling: float64(j.Decoupling)}
	for i, z := range j.ZonesS {
		e.ZonesS[i] = float64(z)
	}
	return nil
}

type structureJSON struct {
	From               string    `json:"from"`
	WorkBouts          int       `json:"work_bouts"`
	WorkS              NullFloat `json:"work_s"`
	RecoveryS          NullFloat `json:"recovery_s"`
	WorkEffort         NullFloat `json:"work_effort"`
	RecoveryEffort     NullFloat `json:"recovery_effort"`
	WorkPaceSPerKm     NullFloat `json:"work_pace_s_per_km"`
	RecoveryPaceSPerKm NullFloat `json:"recovery_pace_s_per_km"`
	WorkHR             NullFloat `json:"work_hr"`
	RecoveryHR         NullFloat `json:"recovery_hr"`
}

// MarshalJSON implements json.Marshaler: NaN (unknown) values are null.
func (s Structure) MarshalJSON() ([]byte, error) {
	return json.Marshal(structureJSON{From: s.From, WorkBouts: s.WorkBouts, WorkS: NullFloat(s.WorkS),
		RecoveryS: NullFloat(s.RecoveryS), WorkEffort: NullFloat(s.WorkEffort), RecoveryEffort: NullFloat(s.RecoveryEffort),
		WorkPaceSPerKm: NullFloat(s.WorkPaceSPerKm), RecoveryPaceSPerKm: NullFloat(s.RecoveryPaceSPerKm),
		WorkHR: NullFloat(s.WorkHR), RecoveryHR: NullFloat(s.RecoveryHR)})
}

// UnmarshalJSON implements json.Unmarshaler: null is NaN.
func (s *Structure) UnmarshalJSON(b []byte) error {
	var j structureJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*s = Structure{From: j.From, WorkBouts: j.WorkBouts, WorkS: float64(j.WorkS), RecoveryS: float64(j.RecoveryS),
		WorkEffort: float64(j.WorkEffort), RecoveryEffort: float64(j.RecoveryEffort),
		WorkPaceSPerKm: float64(j.WorkPaceSPerKm), RecoveryPaceSPerKm: float64(j.RecoveryPaceSPerKm),
		WorkHR: float64(j.WorkHR), RecoveryHR: float64(j.RecoveryHR)}
	return nil
}

type hillsJSON struct {
	AscentM   NullFloat `json:"ascent_m"`
	DescentM  NullFloat `json:"descent_m"`
	GAPSPerKm NullFloat `json:"gap_s_per_km"`
	From      string    `json:"from,omitempty"`
}

// MarshalJSON implements json.Marshaler: NaN (unknown) values are null.
func (h Hills) MarshalJSON() ([]byte, error) {
	return json.Marshal(hillsJSON{AscentM: NullFloat(h.AscentM), DescentM: NullFloat(h.DescentM),
		GAPSPerKm: NullFloat(h.GAPSPerKm), From: h.From})
}

// UnmarshalJSON implements json.Unmarshaler: null, or a value absent, is NaN.
func (h *Hills) UnmarshalJSON(b []byte) error {
	nan := NullFloat(math.NaN())
	j := hillsJSON{AscentM: nan, DescentM: nan, GAPSPerKm: nan}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*h = Hills{AscentM: float64(j.AscentM), DescentM: float64(j.DescentM), GAPSPerKm: float64(j.GAPSPerKm), From: j.From}
	return nil
}
