package analysis

import (
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
)

func TestImplausible(t *testing.T) {
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	run := func(start time.Time, dur time.Duration, sport activity.Sport) *activity.Activity {
		a := &activity.Activity{Sport: sport, Start: start}
		a.Samples = []activity.Sample{activity.NewSample(start), activity.NewSample(start.Add(dur))}
		return a
	}
	day := time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		a    *activity.Activity
		s    Summary
		want string // a part of the reason; "" for plausible
	}{
		{"a run", run(day, time.Hour, activity.SportRunning), Summary{DistanceM: 12000, MovingS: 3600}, ""},
		{"next year", run(time.Date(2027, 12, 31, 7, 0, 0, 0, time.UTC), time.Hour, activity.SportRunning), Summary{DistanceM: 12000, MovingS: 3600}, ""},
		{"2117", run(time.Date(2117, 3, 1, 7, 0, 0, 0, time.UTC), time.Hour, activity.SportRunning), Summary{}, "after 2027"},
		{"a record in 2117", run(day, 91*365*24*time.Hour, activity.SportRunning), Summary{}, "up to 2117"},
		{"1989", run(time.Date(1989, 12, 31, 7, 0, 0, 0, time.UTC), time.Hour, activity.SportRunning), Summary{}, "before 1990"},
		{"unset clock", run(time.Unix(0, 0), time.Hour, activity.SportRunning), Summary{}, "starts 1970-01-01"},
		{"two months", run(day.AddDate(0, -2, 0), 60*24*time.Hour, activity.SportWalking), Summary{}, "lasts 60 days"},
		{"100 m/s run", run(day, 1000*time.Second, activity.SportRunning), Summary{DistanceM: 100000, MovingS: 1000}, "averages 100.0 m/s"},
		{"2000 km run", run(day, 20*24*time.Hour, activity.SportRunning), Summary{DistanceM: 2e6, MovingS: 20 * 86400}, "covers 2000 km"},
		{"fast ride", run(day, time.Hour, activity.SportCycling), Summary{DistanceM: 60000, MovingS: 3600}, ""},
		{"a car, as other", run(day, time.Hour, activity.SportOther), Summary{DistanceM: 120000, MovingS: 3600}, ""},
		{"a GPS jump on a short walk", run(day, 10*time.Second, activity.SportWalking), Summary{DistanceM: 500, MovingS: 10}, ""},
	}
	for _, tt := range tests {
		got := Implausible(tt.a, tt.s, now)
		if (got == "") != (tt.want == "") || !strings.Contains(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
