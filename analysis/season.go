package analysis

import (
	"slices"
	"time"
)

// AnalyzeSeason analyses a season's activities in the order they started (ties keep their
// input order), giving each item's Analyze the calendar context: Known, and the classes of
// the activities already analysed on the calendar day before, days taken in loc (UTC when
// nil). Several activities a day are fine: each sees all of the day before's. The results
// are in the input order.
func AnalyzeSeason(items []SeasonItem, loc *time.Location) []Result {
	if loc == nil {
		loc = time.UTC
	}
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return items[i].Start.Compare(items[j].Start) })
	type day struct {
		y int
		m time.Month
		d int
	}
	dayOf := func(t time.Time) day {
		y, m, d := t.In(loc).Date()
		return day{y, m, d}
	}
	classes := make(map[day][]Class)
	out := make([]Result, len(items))
	for _, i := range order {
		today := dayOf(items[i].Start)
		y, m, d := time.Date(today.y, today.m, today.d-1, 12, 0, 0, 0, loc).Date()
		ctx := Context{Known: true, PreviousDay: slices.Clone(classes[day{y, m, d}])}
		out[i] = items[i].Analyze(ctx)
		classes[today] = append(classes[today], out[i].Class)
	}
	return out
}
