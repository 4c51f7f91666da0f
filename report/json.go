package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes the report as DESIGN.md's `report --format json` object, indented, fields in
// a fixed order: {"notices": [...], "profile": {key: {"value", "source", "detail"}}, "weeks": [{"week", "start",
// "activities", "totals", "flags"}]}. Numbers are SI; missing ones are null; the words (reasons
// and flag messages) are in opts.Units.
func WriteJSON(w io.Writer, r Report, opts Options) error {
	r, err := r.Worded(opts)
	if err != nil {
		return err
	}
	if r.Notices == nil {
		r.Notices = []string{}
	}
	out := struct {
		Notices []string                `json:"notices"`
		Profile map[string]profileValue `json:"profile"`
		Weeks   []Week                  `json:"weeks"`
	}{Notices: r.Notices, Profile: make(map[string]profileValue, len(r.Profile)), Weeks: r.Weeks}
	for _, it := range r.Profile {
		out.Profile[it.Key] = profileValue{Value: it.Value(), Source: string(it.Source), Detail: it.Detail}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("render report json: %w", err)
	}
	return nil
}

// profileValue is one profile value in the report's JSON: {"value", "source", "detail"}
// (detail only when set); a number is rounded as Fraction rounds it.
type profileValue struct {
	Value  any    `json:"value"`
	Source string `json:"source"`
	Detail string `json:"detail,omitempty"`
}

// MarshalJSON implements json.Marshaler.
func (v profileValue) MarshalJSON() ([]byte, error) {
	type plain profileValue
	if f, ok := v.Value.(float64); ok {
		v.Value = Fraction(f) // 0.725 keeps its digits
	}
	return json.Marshal(plain(v))
}
