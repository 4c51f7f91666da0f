package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSON writes the report as DESIGN.md's `report --format json` object, indented, fields in
// a fixed order: {"profile": {key: {"value", "source", "detail"}}, "weeks": [{"week", "start",
// "activities", "totals", "flags"}]}. Numbers are SI; missing ones are null. opts.Units does not
// apply (it is checked all the same).
func WriteJSON(w io.Writer, r Report, opts Options) error {
	if _, err := opts.units(); err != nil {
		return err
	}
	if r.Profile == nil {
		r.Profile = ProfileView{}
	}
	if r.Weeks == nil {
		r.Weeks = []Week{}
	}
	if r.Notices == nil {
		r.Notices = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("render report json: %w", err)
	}
	return nil
}
