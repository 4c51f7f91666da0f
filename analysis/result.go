package analysis

import "time"

// Class is what kind of session an activity was (DESIGN.md "Analysis rules").
type Class string

// The classes, in the order the classifier decides them.
const (
	ClassCross     Class = "cross"     // not a run: walk, hike, ride, swim, other
	ClassRace      Class = "race"      // the file says race, or a near-maximal sustained effort
	ClassIntervals Class = "intervals" // three or more work bouts clearly harder than the recoveries between
	ClassLong      Class = "long"      // moving time at or beyond the profile's long_run_min
	ClassRecovery  Class = "recovery"  // the day after a hard session, or labelled recovery
	ClassTempo     Class = "tempo"     // 15 min or more of sustained effort at 80% or above
	ClassEasy      Class = "easy"      // every other run
)

// Hard reports whether the class is a hard session: race, intervals, long or tempo.
func (c Class) Hard() bool {
	switch c {
	case ClassRace, ClassIntervals, ClassLong, ClassTempo:
		return true
	}
	return false
}

// EffortSource says what an effort was measured from.
type EffortSource string

// The sources of effort.
const (
	EffortFromHR      EffortSource = "hr"
	EffortFromPace    EffortSource = "pace"
	EffortFromUnknown EffortSource = "unknown"
)

// Effort is how hard an activity was, per the profile's effort model.
type Effort struct {
	// Avg is the average effort over moving time, 0–1 (it can pass 1 in a race); NaN when
	// unknown.
	Avg    float64
	Source EffortSource
	Model  EffortModel
	// ZonesS are the moving seconds in Z1..Z5 (time below Z1 counts in none).
	ZonesS [5]float64
	// AboveCeilingS is the moving time above the profile's recovery ceiling, in seconds;
	// AboveEasyS above its easy ceiling.
	AboveCeilingS float64
	AboveEasyS    float64
	// MovingS is the moving time the effort was measured over.
	MovingS float64
	// TRIMP is Banister's training impulse; NaN without heart rate.
	TRIMP float64
	// Decoupling is the aerobic decoupling (Pa:HR) of a run of DecouplingMinS or more: the
	// drop of speed per heartbeat from the first half of the moving time to the second,
	// (EF₁ − EF₂) / EF₁; NaN for other activities or without heart rate over both halves.
	Decoupling float64
}

// Structure is what the classifier found of an activity's work and recovery bouts.
type Structure struct {
	// From says where the bouts were found: "workout steps", "lap intensity", "laps",
	// "detected" (in the speed or HR signal), or "" when none were.
	From string
	// WorkBouts is the number of work bouts; WorkS and RecoveryS their total seconds.
	WorkBouts          int
	WorkS, RecoveryS   float64
	WorkEffort         float64 // average effort of the work bouts; NaN unknown
	RecoveryEffort     float64 // of the recoveries between them
	WorkPaceSPerKm     float64 // NaN unknown
	RecoveryPaceSPerKm float64
	WorkHR             float64 // average heart rate of the work bouts, bpm; NaN unknown
	RecoveryHR         float64 // of the recoveries between them
}

// ClearlyHarder reports whether the work bouts were clearly harder than the recoveries
// between them: IntervalSpeedRatio faster, or IntervalHRRatio higher by heart rate. Bouts
// the file itself marks (workout steps, lap intensity) with neither pace nor heart rate to
// compare are taken at the file's word.
func (s Structure) ClearlyHarder() bool {
	if s.WorkPaceSPerKm > 0 && s.RecoveryPaceSPerKm >= IntervalSpeedRatio*s.WorkPaceSPerKm {
		return true
	}
	if s.WorkHR > 0 && s.RecoveryHR > 0 && s.WorkHR >= IntervalHRRatio*s.RecoveryHR {
		return true
	}
	marked := s.From == "workout steps" || s.From == "lap intensity"
	paces := s.WorkPaceSPerKm > 0 && s.RecoveryPaceSPerKm > 0
	hrs := s.WorkHR > 0 && s.RecoveryHR > 0
	return marked && s.WorkBouts > 0 && !paces && !hrs
}

// Context is the calendar around an activity, for the classifier.
type Context struct {
	// Known is false when the calendar is not known (inspect classifies files alone).
	Known bool
	// PreviousDay holds the classes of the athlete's sessions on the calendar day before, in
	// the athlete's time zone.
	PreviousDay []Class
}

// Result is the analysis of one activity.
type Result struct {
	Class     Class
	Hard      bool
	Reasons   []Reason // as data, the decisive one first; report words them
	Effort    Effort
	Structure Structure
	// Hills is the activity's climbing and grade-adjusted pace.
	Hills Hills
}

// SeasonItem is one activity of a season for AnalyzeSeason.
type SeasonItem struct {
	Start time.Time // any zone; the calendar day is taken in AnalyzeSeason's loc
	// Analyze returns the activity's result for a calendar context; AnalyzeSeason calls it
	// once, in start order, with the classes of the day before.
	Analyze func(Context) Result
}
