// Package activity is easyday's domain model: one Activity per recorded session, whatever file
// format it came from, with its 1 Hz-ish samples, laps, timer events and the summary the device
// itself wrote. It imports nothing of the project's own.
//
// Units are SI throughout (metres, seconds, m/s, bpm, degrees for positions). A value that the
// file did not record is NaN, never zero.
package activity

import (
	"math"
	"time"
)

// Format is the file format an activity was decoded from.
type Format string

// The formats easyday reads.
const (
	FormatFIT Format = "fit"
	FormatGPX Format = "gpx"
	FormatTCX Format = "tcx"
)

// Sport is the normalised sport of an activity.
type Sport string

// The sports easyday tells apart. Everything else is SportOther.
const (
	SportRunning  Sport = "running"
	SportCycling  Sport = "cycling"
	SportSwimming Sport = "swimming"
	SportWalking  Sport = "walking"
	SportHiking   Sport = "hiking"
	SportOther    Sport = "other"
)

// SubSportTransition is the sub-sport of a multisport transition (T1, T2): the time between
// the legs of a triathlon, timed whole.
const SubSportTransition = "transition"

// Noun names one activity of the sport in a word: run, ride, swim, walk, hike; empty for
// other sports.
func (s Sport) Noun() string {
	switch s {
	case SportRunning:
		return "run"
	case SportCycling:
		return "ride"
	case SportSwimming:
		return "swim"
	case SportWalking:
		return "walk"
	case SportHiking:
		return "hike"
	}
	return ""
}

// Sample is one recorded point. Missing values are NaN.
type Sample struct {
	Time      time.Time // UTC
	Lat, Lon  float64   // degrees (WGS84)
	Altitude  float64   // metres
	Distance  float64   // metres from the start, as the device recorded it
	Speed     float64   // m/s, as the device recorded it
	HeartRate float64   // bpm
	Cadence   float64   // steps or revolutions per minute, as the device recorded it
	Power     float64   // watts
}

// NewSample returns a sample at t with every sensor value missing (NaN).
func NewSample(t time.Time) Sample {
	nan := math.NaN()
	return Sample{Time: t, Lat: nan, Lon: nan, Altitude: nan, Distance: nan, Speed: nan,
		HeartRate: nan, Cadence: nan, Power: nan}
}

// HasPosition reports whether the sample carries a latitude and longitude.
func (s Sample) HasPosition() bool { return !math.IsNaN(s.Lat) && !math.IsNaN(s.Lon) }

// Lap is one lap as the file recorded it. Missing values are NaN; strings are empty when absent.
type Lap struct {
	Start     time.Time
	ElapsedS  float64
	TimerS    float64
	DistanceM float64
	AvgHR     float64
	MaxHR     float64
	AvgSpeed  float64 // m/s
	// Intensity is the FIT lap intensity (active, rest, warmup, cooldown, recovery, interval,
	// other) or the TCX lap intensity (active, resting), lower case.
	Intensity string
	// Trigger is what closed the lap (manual, time, distance, position_start, session_end, ...).
	Trigger string
	// WorkoutStep is the index of the FIT workout step the lap belongs to, or -1.
	WorkoutStep int
}

// NewLap returns a lap starting at t with every value missing.
func NewLap(t time.Time) Lap {
	nan := math.NaN()
	return Lap{Start: t, ElapsedS: nan, TimerS: nan, DistanceM: nan, AvgHR: nan, MaxHR: nan,
		AvgSpeed: nan, WorkoutStep: -1}
}

// TimerEvent is a start or stop of the device's timer (FIT timer events).
type TimerEvent struct {
	Time  time.Time
	Start bool // true: the timer (re)started; false: it stopped or paused
}

// DeviceSummary is what the device itself wrote in its session message. Missing values are NaN.
type DeviceSummary struct {
	DistanceM           float64
	TimerS              float64
	ElapsedS            float64
	AvgHR               float64
	MaxHR               float64
	TotalTrainingEffect float64
}

// Source says where an activity came from.
type Source struct {
	// Path is the file's path as the user named it; inside an archive it is
	// "archive.zip!/inner/path.fit" (nested archives add further "!/" parts).
	Path string
	// Format is the decoded format.
	Format Format
	// Session is the 0-based index of the activity within its file.
	Session int
}

// Activity is one recorded session: a run, a ride, a swim, a walk, ...
type Activity struct {
	Source   Source
	Sport    Sport
	SubSport string // e.g. treadmill, trail, track, indoor, generic, transition; empty when unknown
	// Name is the activity's own name where the file gives one (GPX/TCX name, FIT workout or
	// session name); empty otherwise.
	Name string
	// Description is the athlete's text about the activity, from a bulk export's metadata;
	// Commute marks a commute there. Empty and false otherwise.
	Description string
	Commute     bool
	// Start is the start of the activity. Its location is a fixed zone with the activity's UTC
	// offset when the file records one (HasUTCOffset), UTC otherwise.
	Start        time.Time
	HasUTCOffset bool
	// Device names the recording device as the file does ("Garmin Fr945", "Suunto 9 Baro").
	Device  string
	Samples []Sample
	// Breaks are the indices of samples that begin a new track or track segment (GPX trkseg,
	// TCX Track). Where the sample lies over 10 s after the one before, the recording stopped
	// there: the analysis counts neither time nor distance across. A break without such a gap
	// (Garmin's TCX writers start a new track at every lap) is bridged.
	Breaks []int
	Laps   []Lap
	Timer  []TimerEvent
	// Summary is the device's own session summary, nil when the file has none.
	Summary *DeviceSummary
	// Partial is set when the file was damaged or truncated and only part of it was read.
	Partial bool
	// Notes are what the importer noticed and worked around (a false CRC mismatch, a truncated
	// tail, a lying extension), in words.
	Notes []string
}

// Begin returns when the activity began: Start, or the first sample's time when Start is unset
// or later than it.
func (a *Activity) Begin() time.Time {
	if len(a.Samples) > 0 && (a.Start.IsZero() || a.Start.After(a.Samples[0].Time)) {
		return a.Samples[0].Time
	}
	return a.Start
}

// End returns the time of the last sample, or Start when there are none.
func (a *Activity) End() time.Time {
	if n := len(a.Samples); n > 0 {
		return a.Samples[n-1].Time
	}
	return a.Start
}

// HasHeartRate reports whether any sample carries a heart rate.
func (a *Activity) HasHeartRate() bool {
	for i := range a.Samples {
		if !math.IsNaN(a.Samples[i].HeartRate) {
			return true
		}
	}
	return false
}

// Haversine returns the great-circle distance in metres between two WGS84 positions given in
// degrees, on a sphere of the mean Earth radius (IUGG, 6371008.8 m).
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371008.8 // mean Earth radius, metres
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp := p2 - p1
	dl := (lon2 - lon1) * math.Pi / 180
	h := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}
