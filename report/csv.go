package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// CSVHeader is the header row of WriteCSV.
var CSVHeader = []string{"week", "date", "id", "file", "name", "sport", "class", "hard", "moving_s", "distance_m",
	"pace_s_per_km", "gap_s_per_km", "ascent_m", "descent_m", "avg_hr", "max_hr", "effort", "effort_source", "z1_s", "z2_s", "z3_s", "z4_s", "z5_s",
	"trimp", "decoupling", "flags"}

// WriteCSV writes one row per activity under CSVHeader: numbers in SI units (seconds, metres,
// s/km, bpm; effort and decoupling 0–1), empty when missing; flags are the kinds of the activity's own flags
// joined by ";" (week flags, having no activity, are not in the rows). opts.Units does not
// apply (it is checked all the same).
func WriteCSV(w io.Writer, r Report, opts Options) error {
	if _, err := opts.units(); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("render report csv: %w", err)
	}
	for _, wk := range r.Weeks {
		for i := range wk.Activities {
			a := &wk.Activities[i]
			kinds := make([]string, len(a.Flags))
			for k, f := range a.Flags {
				kinds[k] = string(f.Kind)
			}
			row := []string{wk.Week, a.Date, strconv.FormatInt(a.ID, 10), a.File, a.Name, a.Sport, string(a.Class),
				strconv.FormatBool(a.Hard), csvNum(a.MovingS, 1), csvNum(a.DistanceM, 1), csvNum(a.PaceSPerKm, 1),
				csvNum(a.GAPSPerKm, 1), csvNum(a.AscentM, 1), csvNum(a.DescentM, 1), csvNum(a.AvgHR, 1), csvNum(a.MaxHR, 1), csvNum(Float(a.Effort), 3), string(a.EffortSource)}
			for _, z := range a.ZonesS {
				row = append(row, csvNum(z, 1))
			}
			row = append(row, csvNum(a.TRIMP, 1), csvNum(Float(a.Decoupling), 3), strings.Join(kinds, ";"))
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("render report csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("render report csv: %w", err)
	}
	return nil
}

// csvNum formats v rounded to the given decimals, trailing zeros dropped; "" for NaN.
func csvNum(v Float, decimals int) string {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	p := math.Pow(10, float64(decimals))
	return strconv.FormatFloat(math.Round(f*p)/p, 'f', -1, 64)
}
