package analysis

import (
	"fmt"
	"math"
)

// EffortModel says how a heart rate becomes an effort (DESIGN.md "Analysis rules").
type EffortModel string

// The effort models.
const (
	ModelHRMax EffortModel = "hrmax" // HR / max HR
	ModelHRR   EffortModel = "hrr"   // Karvonen: (HR − resting) / (max − resting)
	ModelLTHR  EffortModel = "lthr"  // HR / LTHR, on Friel's running zones
)

// Level is the athlete's fitness level; it sets how long a recovery run may last by default.
type Level string

// The levels.
const (
	LevelBeginner     Level = "beginner"
	LevelIntermediate Level = "intermediate"
	LevelAdvanced     Level = "advanced"
)

// Sex selects Banister's TRIMP constants; empty means unset (the male constants are used).
type Sex string

// The sexes TRIMP knows.
const (
	SexMale   Sex = "male"
	SexFemale Sex = "female"
)

// Profile is the athlete profile: set by the athlete, estimated from stored data, or defaulted.
// Unknown numbers are NaN. Use DefaultProfile and then set what is known.
type Profile struct {
	MaxHR        float64 // bpm
	RestingHR    float64 // bpm
	LTHR         float64 // bpm, lactate-threshold heart rate
	Age          float64 // years
	Sex          Sex
	MarathonPace float64 // seconds per km
	Level        Level
	EffortModel  EffortModel
	// RecoveryCeiling is the highest average effort (0–1) a recovery run may have.
	RecoveryCeiling float64
	// EasyCeiling is the highest average effort (0–1) an easy run may have: above it lies the
	// grey zone between easy and tempo.
	EasyCeiling float64
	// RecoveryMaxMin is the longest a recovery run should last, in minutes.
	RecoveryMaxMin float64
	// LongRunMin: a run at least this long (moving minutes) is a long run.
	LongRunMin float64
}

// Defaults of DESIGN.md "The athlete profile".
const (
	DefaultRecoveryCeiling = 0.70
	// DefaultEasyCeiling: common guidance puts the top of easy running at about 75% of
	// maximum heart rate.
	DefaultEasyCeiling = 0.75
	DefaultLongRunMin  = 90.0
)

// DefaultRecoveryMaxMin is the longest a recovery run should last by level, in minutes.
func DefaultRecoveryMaxMin(l Level) float64 {
	switch l {
	case LevelBeginner:
		return 30
	case LevelAdvanced:
		return 45
	}
	return 40
}

// DefaultProfile returns a profile where nothing about the athlete is known and every rule
// has its default.
func DefaultProfile() Profile {
	nan := math.NaN()
	return Profile{MaxHR: nan, RestingHR: nan, LTHR: nan, Age: nan, MarathonPace: nan,
		Level: LevelIntermediate, EffortModel: ModelHRMax, RecoveryCeiling: DefaultRecoveryCeiling,
		EasyCeiling:    DefaultEasyCeiling,
		RecoveryMaxMin: DefaultRecoveryMaxMin(LevelIntermediate), LongRunMin: DefaultLongRunMin}
}

// TanakaMaxHR is the age-predicted maximum heart rate: 208 − 0.7 × age.
func TanakaMaxHR(age float64) float64 { return 208 - 0.7*age }

// Validate reports the first value of p that makes no sense.
func (p Profile) Validate() error {
	check := func(name string, v, lo, hi float64) error {
		if !math.IsNaN(v) && (v < lo || v > hi) {
			return fmt.Errorf("%s %g is outside %g–%g", name, v, lo, hi)
		}
		return nil
	}
	for _, c := range []struct {
		name      string
		v, lo, hi float64
	}{
		{"max_hr", p.MaxHR, 100, 240}, {"resting_hr", p.RestingHR, 25, 120}, {"lthr", p.LTHR, 80, 230},
		{"age", p.Age, 5, 110}, {"marathon_pace", p.MarathonPace, 120, 900},
		{"recovery_ceiling", p.RecoveryCeiling, 0.3, 1}, {"easy_ceiling", p.EasyCeiling, 0.3, 1},
		{"recovery_max_min", p.RecoveryMaxMin, 5, 240},
		{"long_run_min", p.LongRunMin, 20, 600},
	} {
		if err := check(c.name, c.v, c.lo, c.hi); err != nil {
			return err
		}
	}
	if !math.IsNaN(p.MaxHR) && !math.IsNaN(p.RestingHR) && p.RestingHR >= p.MaxHR {
		return fmt.Errorf("resting_hr %g is not below max_hr %g", p.RestingHR, p.MaxHR)
	}
	switch p.EffortModel {
	case ModelHRMax, ModelHRR, ModelLTHR:
	default:
		return fmt.Errorf("effort_model %q: want hrmax, hrr or lthr", p.EffortModel)
	}
	switch p.Level {
	case LevelBeginner, LevelIntermediate, LevelAdvanced:
	default:
		return fmt.Errorf("level %q: want beginner, intermediate or advanced", p.Level)
	}
	switch p.Sex {
	case "", SexMale, SexFemale:
	default:
		return fmt.Errorf("sex %q: want male or female", p.Sex)
	}
	return nil
}
