package analysis

import (
	"fmt"
	"math"
	"time"

	"github.com/easyday/easyday/activity"
)

// FirstPlausible is the earliest time an activity can start: GPS watches that record
// activity files came after it. With LastPlausible it keeps a clock that was never set
// (1970, 1989) or a corrupt timestamp (2117) out of the store, the reports and the season.
var FirstPlausible = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// LastPlausible is the end of the year after now's: nothing is recorded later than that.
func LastPlausible(now time.Time) time.Time {
	return time.Date(now.UTC().Year()+2, 1, 1, 0, 0, 0, 0, time.UTC)
}

// Bounds of what a person covers in one activity: the average speed over moving time by
// sport (metres per second; a 100 m world record averages 10.4, the hour record on a bike
// 15, the fastest swims 2.4), and the distance (metres).
var (
	maxSpeed = map[activity.Sport]float64{
		activity.SportRunning:  12.5,
		activity.SportWalking:  7,
		activity.SportHiking:   7,
		activity.SportSwimming: 4,
		activity.SportCycling:  40,
	}
	maxDistance = map[activity.Sport]float64{
		activity.SportRunning:  1_000_000,
		activity.SportWalking:  1_000_000,
		activity.SportHiking:   1_000_000,
		activity.SportSwimming: 100_000,
		activity.SportCycling:  5_000_000,
	}
	maxDuration = 31 * 24 * time.Hour
)

// Implausible says why activity a, summarised as s, cannot have been recorded by a person
// (now: the current time), or returns "" when it can: a start before FirstPlausible, an
// end after LastPlausible(now), over a month long, or a distance or an average speed no
// person covers in its sport.
func Implausible(a *activity.Activity, s Summary, now time.Time) string {
	begin, end := a.Begin(), a.End()
	if a.Start.After(end) {
		end = a.Start
	}
	switch last := LastPlausible(now); {
	case begin.Before(FirstPlausible):
		return fmt.Sprintf("starts %s, before %d", begin.UTC().Format(time.RFC3339), FirstPlausible.Year())
	case end.After(last):
		return fmt.Sprintf("has times up to %s, after %d", end.UTC().Format(time.RFC3339), last.Year()-1)
	case end.Sub(begin) > maxDuration:
		return fmt.Sprintf("lasts %.0f days", end.Sub(begin).Hours()/24)
	}
	if d, ok := maxDistance[a.Sport]; ok && s.DistanceM > d {
		return fmt.Sprintf("covers %.0f km %s (at most %.0f)", s.DistanceM/1000, a.Sport, d/1000)
	}
	if v, ok := maxSpeed[a.Sport]; ok && s.MovingS > 0 && !math.IsNaN(s.DistanceM) {
		if got := s.DistanceM / s.MovingS; got > v && s.DistanceM > 1000 {
			return fmt.Sprintf("averages %.1f m/s %s over %.0f m (at most %.1f)", got, a.Sport, s.DistanceM, v)
		}
	}
	return ""
}
