package demo

// A planned session: what the plan decides, what its samples come from, how it is written.

import (
	"time"

	"github.com/easyday/easyday/activity"
)

// session is one planned day: what the plan decided (slot), what its samples are synthesised
// from (recording, by synthesize, from its own seed) and how it is written and labelled
// (output).
type session struct {
	slot
	recording
	output
}

// slot is what the plan decides of a day: its date, its week's role, the kind of session and
// its variant (a classic mistake), and the quirks the season must show somewhere.
type slot struct {
	date      time.Time // the local calendar date, at midnight UTC
	week      int       // 0-based week of the season
	role      role      // what its week is for
	kind      kind
	variant   variant
	named     bool // named "Recovery run"
	treadmill bool
}

// recording is what synthesize makes a session's samples from.
type recording struct {
	start      time.Time // in a fixed zone with Berlin's offset
	frac       bool      // samples at half seconds (GPX only)
	sport      activity.Sport
	subSport   string
	name       string
	segs       []segment
	drift      float64 // cardiac drift, bpm per hour after the first 24 minutes
	initHR     float64
	pauses     int
	route      int
	device     deviceSpec
	indoor     bool // no GPS, no altitude: a treadmill run or a pool swim
	noHR       bool // the strap forgotten
	hrArtifact bool // the sensor locked onto cadence for a minute
	seed       uint64
}

// output is how a session is written and what the ground truth says of it.
type output struct {
	primary  activity.Format
	dup      bool // also written as GPX
	notes    []string
	label    string
	mistakes []string // week-level ground truth: back_to_back_hard, no_recovery
	advice   []string // those of mistakes that are advice, not warnings
	file     string   // primary file name
}

func (s *session) isRun() bool {
	switch s.kind {
	case kindEasy, kindRecovery, kindIntervals, kindTempo, kindLong, kindRace:
		return true
	}
	return false
}
