package demo

import (
	"math"
	"time"
)

// The synthetic athlete. The ground truth in Planned (labels and mistakes) is what easyday's
// rules (shared/DESIGN.md) give for this profile with its defaults: effort model hrmax, recovery
// ceiling 0.70, easy ceiling 0.75, recovery_max_min 40 (intermediate), long_run_min 90.
const (
	// MaxHR is the athlete's maximum heart rate, bpm.
	MaxHR = 190
	// RestingHR is the athlete's resting heart rate, bpm.
	RestingHR = 50
	// LTHR is the athlete's lactate threshold heart rate, bpm.
	LTHR = 170
	// MarathonPace is the athlete's marathon pace, seconds per km (4:50/km).
	MarathonPace = 290
	// Level is the athlete's level, as easyday's profile names it.
	Level = "intermediate"

	recoveryCeiling  = 0.70                    // of MaxHR
	recoveryMaxS     = 40 * 60                 // recovery_max_min for an intermediate runner
	recoveryPaceMinS = MarathonPace + 60       // s/km: a recovery run faster than this is too fast
	longRunS         = 90 * 60                 // long_run_min
	ceilingHR        = recoveryCeiling * MaxHR // 133 bpm
	easyCeiling      = 0.75                    // of MaxHR: easy_ceiling
	easyCeilingHR    = easyCeiling * MaxHR     // 142.5 bpm
)

// defaultEnd is the last day of the season when Options.End is zero: a Sunday.
var defaultEnd = time.Date(2026, time.November, 22, 0, 0, 0, 0, time.UTC)

// berlinOffset returns the UTC offset, in seconds, that Europe/Berlin has at the instant t,
// by the EU rule in force since 1996 (summer time from the last Sunday of March to the last
// Sunday of October, 01:00 UTC). It is computed, not looked up in the machine's tz database,
// so that output does not depend on the machine.
func berlinOffset(t time.Time) int {
	t = t.UTC()
	y := t.Year()
	begin := lastSunday(y, time.March).Add(time.Hour)
	end := lastSunday(y, time.October).Add(time.Hour)
	if !t.Before(begin) && t.Before(end) {
		return 2 * 3600
	}
	return 3600
}

// lastSunday returns midnight UTC of the last Sunday of month m in year y.
func lastSunday(y int, m time.Month) time.Time {
	d := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	return d.AddDate(0, 0, -int(d.Weekday()))
}

// berlinTime returns the instant at which Berlin's wall clock shows the given local date and
// time, in a fixed zone with Berlin's offset at that instant.
func berlinTime(y int, m time.Month, d, hh, mm, ss int) time.Time {
	wall := time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
	off := berlinOffset(wall.Add(-time.Hour)) // a first guess with the winter offset
	off = berlinOffset(wall.Add(-time.Duration(off) * time.Second))
	return wall.Add(-time.Duration(off) * time.Second).In(fixedZone(off))
}

// fixedZone returns a nameless fixed zone with the given offset in seconds, the way
// time.Parse represents an RFC 3339 offset it does not know.
func fixedZone(off int) *time.Location {
	switch off {
	case 3600:
		return zonePlus1
	case 7200:
		return zonePlus2
	}
	return time.FixedZone("", off)
}

var (
	zonePlus1 = time.FixedZone("", 3600)
	zonePlus2 = time.FixedZone("", 7200)
)

// Quantisation to what a FIT file can hold, so that a written and re-read activity equals the
// planned one exactly.

const semicircle = 180.0 / (1 << 31)

// semicircles converts degrees to FIT semicircles.
func semicircles(deg float64) int32 { return int32(math.Round(deg / semicircle)) }

// quantDeg rounds degrees to FIT semicircle resolution.
func quantDeg(deg float64) float64 { return float64(semicircles(deg)) * semicircle }

// quantAlt rounds an altitude to FIT's enhanced_altitude resolution (scale 5, offset 500).
func quantAlt(m float64) float64 { return float64(altRaw(m))/5 - 500 }

func altRaw(m float64) uint32 { return uint32(math.Round((m + 500) * 5)) }

// quant rounds v to a multiple of 1/scale.
func quant(v, scale float64) float64 { return math.Round(v*scale) / scale }
