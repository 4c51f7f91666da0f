// Package report renders what easyday knows about activities and weeks: the activity summary
// of `inspect --json`, and the weekly reports in text, Markdown, HTML, JSON and CSV. Renderers
// write to an io.Writer.
package report

import (
	"encoding/json"
	"math"
	"strconv"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// Float is a number that renders NaN (a missing value) as JSON null, rounded to one decimal.
type Float float64

// MarshalJSON implements json.Marshaler.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, math.Round(v*10)/10, 'f', -1, 64), nil
}

// UnmarshalJSON implements json.Unmarshaler (null → NaN).
func (f *Float) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = Float(math.NaN())
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = Float(v)
	return nil
}

// DeviceSummary is the device's own session summary, as DESIGN.md names its fields.
type DeviceSummary struct {
	DistanceM           Float `json:"distance_m"`
	TimerS              Float `json:"timer_s"`
	ElapsedS            Float `json:"elapsed_s"`
	AvgHR               Float `json:"avg_hr"`
	MaxHR               Float `json:"max_hr"`
	TotalTrainingEffect Float `json:"total_training_effect"`
}

// ActivitySummary is one activity as `inspect --json` prints it (DESIGN.md "Activity summary").
type ActivitySummary struct {
	File          string         `json:"file"`
	Session       int            `json:"session"`
	Format        string         `json:"format"`
	Sport         string         `json:"sport"`
	SubSport      string         `json:"sub_sport"`
	Start         *string        `json:"start"`
	ElapsedS      Float          `json:"elapsed_s"`
	MovingS       Float          `json:"moving_s"`
	DistanceM     Float          `json:"distance_m"`
	PaceSPerKm    Float          `json:"pace_s_per_km"`
	AvgHR         Float          `json:"avg_hr"`
	MaxHR         Float          `json:"max_hr"`
	Samples       int            `json:"samples"`
	HRSamples     int            `json:"hr_samples"`
	Laps          int            `json:"laps"`
	Device        string         `json:"device"`
	Partial       bool           `json:"partial"`
	DeviceSummary *DeviceSummary `json:"device_summary"`
}

// FileError is the item `inspect --json` prints for a file that failed.
type FileError struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

// NewActivitySummary builds an activity's summary item from its recomputed metrics.
func NewActivitySummary(a *activity.Activity, s analysis.Summary) ActivitySummary {
	out := ActivitySummary{
		File:       a.Source.Path,
		Session:    a.Source.Session,
		Format:     string(a.Source.Format),
		Sport:      string(a.Sport),
		SubSport:   a.SubSport,
		ElapsedS:   Float(s.ElapsedS),
		MovingS:    Float(s.MovingS),
		DistanceM:  Float(s.DistanceM),
		PaceSPerKm: Float(s.PaceSPerKm),
		AvgHR:      Float(s.AvgHR),
		MaxHR:      Float(s.MaxHR),
		Samples:    len(a.Samples),
		HRSamples:  s.HRSamples,
		Laps:       len(a.Laps),
		Device:     a.Device,
		Partial:    a.Partial,
	}
	if !a.Start.IsZero() {
		st := a.Start.Format(time.RFC3339)
		out.Start = &st
	}
	if d := a.Summary; d != nil {
		out.DeviceSummary = &DeviceSummary{
			DistanceM: Float(d.DistanceM), TimerS: Float(d.TimerS), ElapsedS: Float(d.ElapsedS),
			AvgHR: Float(d.AvgHR), MaxHR: Float(d.MaxHR), TotalTrainingEffect: Float(d.TotalTrainingEffect),
		}
	}
	return out
}

// Classification is what the analysis says of an activity, as list, inspect and the reports
// print it: its class with the reasons, and its effort.
type Classification struct {
	Class analysis.Class `json:"class"`
	Hard  bool           `json:"hard"`
	// Reasons are Why worded, in the units of the rendering (Worded); Why the reasons as data.
	Reasons      []string              `json:"reasons"`
	Why          []analysis.Reason     `json:"-"`
	Effort       Fraction              `json:"effort"` // average effort 0–1; null when unknown
	EffortSource analysis.EffortSource `json:"effort_source"`
	ZonesS       [5]Float              `json:"zones_s"` // moving seconds in Z1..Z5
	TRIMP        Float                 `json:"trimp"`
	// AscentM and DescentM are the metres climbed and descended, GAPSPerKm the grade-adjusted
	// pace (s/km); null without elevation.
	AscentM   Float `json:"ascent_m"`
	DescentM  Float `json:"descent_m"`
	GAPSPerKm Float `json:"gap_s_per_km"`
}

// Worded returns c with its reasons worded in opts.Units, as JSON prints them.
func (c Classification) Worded(opts Options) (Classification, error) {
	u, err := opts.units()
	if err != nil {
		return c, err
	}
	c.Reasons = u.reasons(c.Why)
	return c, nil
}

// NewClassification renders an analysis result; Worded words its reasons.
func NewClassification(r analysis.Result) Classification {
	c := Classification{Class: r.Class, Hard: r.Hard, Why: r.Reasons, Effort: Fraction(r.Effort.Avg),
		EffortSource: r.Effort.Source, TRIMP: Float(r.Effort.TRIMP),
		AscentM: Float(r.Hills.AscentM), DescentM: Float(r.Hills.DescentM), GAPSPerKm: Float(r.Hills.GAPSPerKm)}
	if c.EffortSource == "" || math.IsNaN(r.Effort.Avg) {
		c.EffortSource = analysis.EffortFromUnknown
		c.Effort = Fraction(math.NaN())
	}
	for i, z := range r.Effort.ZonesS {
		c.ZonesS[i] = Float(z)
	}
	if r.Hills.From == "" { // no elevation, or a result from before hills were measured
		c.AscentM, c.DescentM, c.GAPSPerKm = Float(math.NaN()), Float(math.NaN()), Float(math.NaN())
	}
	return c
}
