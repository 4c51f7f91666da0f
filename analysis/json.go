package analysis

import (
	"encoding/json"
	"math"
)

// num is a float64 that is JSON null when NaN (encoding/json refuses NaN).
type num float64

func (n num) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(n)) || math.IsInf(float64(n), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(n))
}

func (n *num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = num(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = num(f)
	return nil
}

type effortJSON struct {
	Avg           num          `json:"avg"`
	Source        EffortSource `json:"source"`
	Model         EffortModel  `json:"model"`
	ZonesS        [5]num       `json:"zones_s"`
	AboveCeilingS num          `json:"above_ceiling_s"`
	MovingS       num          `json:"moving_s"`
	TRIMP         num          `json:"trimp"`
}

// MarshalJSON implements json.Marshaler: NaN (unknown) values are null.
func (e Effort) MarshalJSON() ([]byte, error) {
	j := effortJSON{Avg: num(e.Avg), Source: e.Source, Model: e.Model, AboveCeilingS: num(e.AboveCeilingS),
		MovingS: num(e.MovingS), TRIMP: num(e.TRIMP)}
	for i, z := range e.ZonesS {
		j.ZonesS[i] = num(z)
	}
	return json.Marshal(j)
}

// UnmarshalJSON implements json.Unmarshaler: null is NaN.
func (e *Effort) UnmarshalJSON(b []byte) error {
	var j effortJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*e = Effort{Avg: float64(j.Avg), Source: j.Source, Model: j.Model, AboveCeilingS: float64(j.AboveCeilingS),
		MovingS: float64(j.MovingS), TRIMP: float64(j.TRIMP)}
	for i, z := range j.ZonesS {
		e.ZonesS[i] = float64(z)
	}
	return nil
}

type structureJSON struct {
	From               string `json:"from"`
	WorkBouts          int    `json:"work_bouts"`
	WorkS              num    `json:"work_s"`
	RecoveryS          num    `json:"recovery_s"`
	WorkEffort         num    `json:"work_effort"`
	RecoveryEffort     num    `json:"recovery_effort"`
	WorkPaceSPerKm     num    `json:"work_pace_s_per_km"`
	RecoveryPaceSPerKm num    `json:"recovery_pace_s_per_km"`
	WorkHR             num    `json:"work_hr"`
	RecoveryHR         num    `json:"recovery_hr"`
}

// MarshalJSON implements json.Marshaler: NaN (unknown) values are null.
func (s Structure) MarshalJSON() ([]byte, error) {
	return json.Marshal(structureJSON{From: s.From, WorkBouts: s.WorkBouts, WorkS: num(s.WorkS),
		RecoveryS: num(s.RecoveryS), WorkEffort: num(s.WorkEffort), RecoveryEffort: num(s.RecoveryEffort),
		WorkPaceSPerKm: num(s.WorkPaceSPerKm), RecoveryPaceSPerKm: num(s.RecoveryPaceSPerKm),
		WorkHR: num(s.WorkHR), RecoveryHR: num(s.RecoveryHR)})
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
