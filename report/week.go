package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/profile"
)

// Fraction is a share or an effort (0–1, an effort can pass 1 in a race) that renders NaN (a
// missing value) as JSON null, rounded to three decimals. Float's one decimal would say 0.8 for
// an effort of 0.78.
type Fraction float64

// MarshalJSON implements json.Marshaler.
func (f Fraction) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, math.Round(v*1000)/1000, 'f', -1, 64), nil
}

// UnmarshalJSON implements json.Unmarshaler (null → NaN).
func (f *Fraction) UnmarshalJSON(b []byte) error {
	var v Float
	if err := v.UnmarshalJSON(b); err != nil {
		return err
	}
	*f = Fraction(v)
	return nil
}

// HRPoint is one point of an activity's cleaned heart rate: seconds from the start, bpm.
type HRPoint struct{ T, BPM float64 }

// Input is one stored activity with its analysis, as Build takes it.
type Input struct {
	ID       int64
	Activity ActivitySummary // the summary fields of `inspect --json`
	Start    time.Time       // any zone; Build takes the calendar date in its loc
	Name     string          // the activity's own name ("6x800m", "Morning Run"); may be empty
	// Description is the athlete's text about the activity, from a bulk export's metadata
	// (activity.Activity.Description), "" when none; Commute marks a commute there.
	Description string
	Commute     bool
	Result      analysis.Result
	// HR is the cleaned heart rate over the activity, for recovery runs, so that a report can
	// chart it against the ceiling; nil when not given. It is not printed in JSON.
	HR []HRPoint
}

// Report is the weekly report of Build: the profile and the weeks, in order. Its JSON form is
// DESIGN.md's `report --format json`: {"profile": {...}, "weeks": [...]}.
type Report struct {
	// Notices say what the report cannot judge for want of a profile value, and what to set:
	// every format prints them at its top. Empty when the profile gives all it needs.
	Notices []string     `json:"notices"`
	Profile profile.View `json:"-"` // written by WriteJSON as {key: {"value", "source", "detail"}}
	Weeks   []Week       `json:"weeks"`
	// Limits is the profile whose rules the flags applied (for charts: the recovery ceiling).
	Limits analysis.Profile `json:"-"`
	// Loc is the zone whose calendar days and ISO weeks the report uses.
	Loc *time.Location `json:"-"`
	// Name is the athlete's name (config key `name`) that titles the pages; may be empty.
	Name string `json:"-"`
	// Season, when set, opens the HTML index with the season charts and ends the text report
	// with the season's five-line summary; Advice, when set, tops the HTML index.
	Season *SeasonReport `json:"-"`
	Advice *Advice       `json:"-"`
}

// Week is one ISO week (Monday to Sunday in the report's zone).
type Week struct {
	Week       string     `json:"week"`  // ISO week, "2026-W37"
	Start      string     `json:"start"` // its Monday, "2026-09-07"
	Activities []Activity `json:"activities"`
	Totals     Totals     `json:"totals"`
	// Flags holds every flag of the week, warnings before advice: its activities' flags in
	// activity order, then the week's own (no_recovery).
	Flags []Flag `json:"flags"`
	// InProgress is set on the week that holds today (BuildAt): it covers Monday to Through
	// so far, and its load is compared with the same days of the weeks before.
	InProgress bool `json:"in_progress"`
	// Through is the last day the week covers so far: today in a week in progress, else its
	// Sunday ("2026-12-03").
	Through string `json:"through"`
	// Monday is midnight at the start of the week in the report's zone.
	Monday time.Time `json:"-"`
}

// Activity is one activity of a week: its summary, class, effort, load and flags.
type Activity struct {
	ID   int64  `json:"id"`
	Date string `json:"date"` // the local calendar date, "2026-11-20"
	ActivitySummary
	Name string `json:"name"`
	// Description is the athlete's own text about the activity (Input.Description), "" when
	// none; Commute marks a commute.
	Description string `json:"description"`
	Commute     bool   `json:"commute"`
	Classification
	// Decoupling is the aerobic decoupling (Pa:HR, first half against second) of a run of an
	// hour or more (analysis.Effort.Decoupling), a fraction; null when unknown. The renderers
	// note it above DecouplingNoted.
	Decoupling Fraction `json:"decoupling"`
	Flags      []Flag   `json:"flags"`

	// Time is the start in the report's zone.
	Time time.Time `json:"-"`
	// Day is the local calendar date at midnight UTC (for calendar arithmetic).
	Day time.Time `json:"-"`
	// AboveCeilingS is the moving time above the recovery ceiling, AboveEasyS above the easy
	// ceiling; EffortS the moving time the effort was measured over.
	AboveCeilingS, AboveEasyS, EffortS float64 `json:"-"`
	// HR is the cleaned heart rate as Input.HR gave it (recovery runs), for charts.
	HR []HRPoint `json:"-"`
	// EffortModel is the model the effort was measured with (the profile's when empty).
	EffortModel analysis.EffortModel `json:"-"`
	// CeilingHR is the heart rate at the recovery ceiling under the profile's effort model,
	// bpm; NaN when the profile does not give it.
	CeilingHR float64 `json:"-"`
}

// Totals are a week's sums. In JSON (README lists them):
//
//	activities       number of activities
//	runs             number of runs (every class but cross)
//	cross            number of cross-training activities (walks, hikes, rides, swims, other)
//	hard             number of hard sessions (race, intervals, long, tempo)
//	runs_by_class    runs per class: race, intervals, long, recovery, tempo, easy (all six keys)
//	time_s           moving time of all activities, seconds
//	distance_m       distance of all activities, metres
//	run_time_s       moving time of the runs, seconds
//	run_distance_m   distance of the runs, metres
//	zones_s          moving seconds in Z1..Z5, summed over the activities
//	easy_share       moving time of easy and recovery runs and of cross-training, over time_s
//	                 (0–1; null in a week without moving time)
//	load             sum of the activities' TRIMP (those without one are left out); 0 in a week
//	                 without activities, null when none of its activities has a TRIMP
//	load_unknown     activities without a TRIMP, not counted in load
//	load_prev_avg    average load of the four weeks before; weeks without any TRIMP, and
//	                 weeks before the first activity Build was given, are left out; null when
//	                 none is left. In a week in progress, of the same days (Monday to
//	                 through) of those weeks
//	load_prev_weeks  how many weeks load_prev_avg averages (0–4)
//	load_change_pct  (load − load_prev_avg) / load_prev_avg × 100; null without a base, and
//	                 in a week in progress without activities so far
//	daily_load_unit  "trimp", or "min" (moving minutes) when an activity of the week has no TRIMP
//	daily_load       seven days, Monday first: {"date", "by_class": {class: load}}
type Totals struct {
	Activities    int                    `json:"activities"`
	Runs          int                    `json:"runs"`
	Cross         int                    `json:"cross"`
	Hard          int                    `json:"hard"`
	RunsByClass   map[analysis.Class]int `json:"runs_by_class"`
	TimeS         Float                  `json:"time_s"`
	DistanceM     Float                  `json:"distance_m"`
	RunTimeS      Float                  `json:"run_time_s"`
	RunDistanceM  Float                  `json:"run_distance_m"`
	ZonesS        [5]Float               `json:"zones_s"`
	EasyShare     Fraction               `json:"easy_share"`
	Load          Float                  `json:"load"`
	LoadUnknown   int                    `json:"load_unknown"`
	LoadPrevAvg   Float                  `json:"load_prev_avg"`
	LoadPrevWeeks int                    `json:"load_prev_weeks"`
	LoadChangePct Float                  `json:"load_change_pct"`
	DailyLoadUnit string                 `json:"daily_load_unit"`
	DailyLoad     [7]DayLoad             `json:"daily_load"`
}

// DayLoad is one day's load by class, for the daily load chart: TRIMP, or moving minutes when
// the week's DailyLoadUnit is "min". Classes without activities that day are absent.
type DayLoad struct {
	Date    string                   `json:"date"`
	ByClass map[analysis.Class]Float `json:"by_class"`
}

// RunClasses are the classes of runs, in DESIGN.md's order.
var RunClasses = []analysis.Class{analysis.ClassRace, analysis.ClassIntervals, analysis.ClassLong,
	analysis.ClassRecovery, analysis.ClassTempo, analysis.ClassEasy}

// HistoryWeeks is how many weeks before `from` Build looks back: for the load change, and for
// the day before the first Monday.
const HistoryWeeks = 4

// Build groups activities into ISO weeks (Monday first) in loc and finds their flags.
//
// from and to are calendar dates (their year, month and day as they stand, in whatever zone
// they are given); every week that overlaps [from, to] is reported whole, empty weeks too, in
// order, and each week's activities in start order. A zero from or to means the week of the
// first or last input.
//
// The caller passes, besides the activities of those weeks, the activities of the
// HistoryWeeks (4) weeks before from's week: they are not reported, but give the load change
// its base and the first Monday its day before (back_to_back_hard, recovery). Inputs after
// to's week are ignored.
func Build(inputs []Input, p analysis.Profile, pv profile.View, loc *time.Location, from, to time.Time) Report {
	return BuildAt(inputs, p, pv, loc, from, to, time.Time{})
}

// BuildAt is Build on the day today (a calendar date as it stands, like from and to): the
// week that holds it is in progress (Week.InProgress, Through today), and its load is compared
// with the same days of the weeks before, never with whole weeks; an empty week in progress
// has no load change. A zero today makes every week complete, as Build does.
func BuildAt(inputs []Input, p analysis.Profile, pv profile.View, loc *time.Location, from, to, today time.Time) Report {
	return build(inputs, p, pv, loc, from, to, today, nil)
}

// Window is what a report of recent weeks takes from the whole history, so that its weeks
// are the whole report's: Known is the calendar date of the history's first activity (the
// weeks before its week are unknown, not rest, to the load change), Facts what the whole
// report's notices are of (FactsOf).
type Window struct {
	Known time.Time
	Facts NoticeFacts
}

// BuildWindow is BuildAt over the weeks from to to of a longer history that w describes:
// given the activities of those weeks and of the HistoryWeeks before, its weeks and notices
// are those BuildAt gives them over the whole history.
func BuildWindow(inputs []Input, p analysis.Profile, pv profile.View, loc *time.Location, from, to, today time.Time, w Window) Report {
	return build(inputs, p, pv, loc, from, to, today, &w)
}

func build(inputs []Input, p analysis.Profile, pv profile.View, loc *time.Location, from, to, today time.Time, window *Window) Report {
	if loc == nil {
		loc = time.UTC
	}
	r := Report{Notices: []string{}, Profile: pv, Weeks: []Week{}, Limits: p, Loc: loc}

	in := slices.Clone(inputs)
	slices.SortStableFunc(in, func(a, b Input) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
	})
	acts := make([]Activity, len(in))
	for i := range in {
		acts[i] = newActivity(&in[i], p, loc)
	}
	if len(acts) > 0 {
		if from.IsZero() {
			from = acts[0].Day
		}
		if to.IsZero() {
			to = acts[len(acts)-1].Day
		}
	}
	if from.IsZero() || to.IsZero() {
		return r
	}
	first, last := monday(civil(from)), monday(civil(to))
	if last.Before(first) {
		return r
	}
	end := last.AddDate(0, 0, 7)
	sessions := make([]analysis.Session, len(acts))
	for i := range acts {
		sessions[i] = session(&acts[i])
	}
	cal := analysis.NewCalendar(sessions)
	for i := range acts {
		if d := acts[i].Day; !d.Before(first) && d.Before(end) {
			for _, f := range cal.Flags(i, p) {
				acts[i].Flags = append(acts[i].Flags, newFlag(f, acts, WeekKey(monday(d))))
			}
		}
	}

	// Loads of every week from the first input's week (or the history window) on.
	loads := map[time.Time]float64{} // Monday → TRIMP sum; NaN for a week with activities but no TRIMP
	daily := map[int64]float64{}     // day number → the TRIMP known that day, for weeks in progress
	for i := range acts {
		m := monday(acts[i].Day)
		l, seen := loads[m]
		t := float64(acts[i].TRIMP)
		daily[dayNumber(acts[i].Day)] += nz(t)
		switch {
		case !seen:
			loads[m] = t
		case math.IsNaN(l):
			loads[m] = t
		case !math.IsNaN(t):
			loads[m] = l + t
		}
	}
	var known time.Time // the first week with an activity: weeks before it are unknown
	if len(acts) > 0 {
		known = monday(acts[0].Day)
	}
	if window != nil {
		known = monday(civil(window.Known))
	}

	now := time.Time{}
	if !today.IsZero() {
		now = civil(today)
	}
	k := 0
	for m := first; m.Before(end); m = m.AddDate(0, 0, 7) {
		w := Week{Week: WeekKey(m), Start: m.Format(time.DateOnly), Activities: []Activity{}, Flags: []Flag{},
			Through: m.AddDate(0, 0, 6).Format(time.DateOnly), Monday: time.Date(m.Year(), m.Month(), m.Day(), 0, 0, 0, 0, loc)}
		days := 7 // the days of the week compared with the weeks before
		if !now.IsZero() && !now.Before(m) && now.Before(m.AddDate(0, 0, 7)) {
			w.InProgress, w.Through = true, now.Format(time.DateOnly)
			days = int(dayNumber(now)-dayNumber(m)) + 1
		}
		next := m.AddDate(0, 0, 7)
		for ; k < len(acts) && acts[k].Day.Before(next); k++ {
			if !acts[k].Day.Before(m) {
				w.Activities = append(w.Activities, acts[k])
				w.Flags = append(w.Flags, acts[k].Flags...)
			}
		}
		w.Totals = totals(w.Activities, m)
		var base []float64
		for j := 1; j <= HistoryWeeks; j++ {
			pm := m.AddDate(0, 0, -7*j)
			if pm.Before(known) {
				break
			}
			l, ok := loads[pm]
			if !ok {
				l = 0 // a week without activities: rest
			}
			if !math.IsNaN(l) && days < 7 { // the same days of that week
				l = 0
				for d := range days {
					l += daily[dayNumber(pm)+int64(d)]
				}
			}
			if !math.IsNaN(l) {
				base = append(base, l)
			}
		}
		w.Totals.LoadPrevAvg = Float(math.NaN())
		w.Totals.LoadChangePct = Float(math.NaN())
		if len(base) > 0 {
			avg := 0.0
			for _, l := range base {
				avg += l
			}
			avg /= float64(len(base))
			w.Totals.LoadPrevAvg, w.Totals.LoadPrevWeeks = Float(avg), len(base)
			if l := float64(w.Totals.Load); avg > 0 && !math.IsNaN(l) && !(w.InProgress && len(w.Activities) == 0) {
				w.Totals.LoadChangePct = Float((l - avg) / avg * 100)
			}
		}
		if f, ok := cal.NoRecovery(dayNumber(m), p); ok && !w.InProgress { // the week is not over: recovery may still come
			w.Flags = append(w.Flags, newFlag(f, acts, w.Week))
		}
		bySeverity(w.Flags)
		r.Weeks = append(r.Weeks, w)
	}
	var reported []Activity
	for i := range r.Weeks {
		reported = append(reported, r.Weeks[i].Activities...)
	}
	facts := factsOf(reported)
	if window != nil {
		facts = window.Facts
	}
	r.Notices = notices(p, facts)
	return r
}

// newActivity turns an input into a report activity, without flags.
func newActivity(in *Input, p analysis.Profile, loc *time.Location) Activity {
	res := in.Result
	e := res.Effort
	a := Activity{
		ID:              in.ID,
		ActivitySummary: in.Activity,
		Name:            in.Name,
		Description:     in.Description,
		Commute:         in.Commute,
		Classification:  NewClassification(res),
		Decoupling:      Fraction(e.Decoupling),
		Flags:           []Flag{},
		Time:            in.Start.In(loc),
		AboveCeilingS:   e.AboveCeilingS,
		AboveEasyS:      e.AboveEasyS,
		EffortS:         e.MovingS,
		HR:              in.HR,
		EffortModel:     e.Model,
		CeilingHR:       ceilingHR(p, e.Model),
	}
	a.Day = civil(a.Time)
	a.Date = a.Day.Format(time.DateOnly)
	if e.Source != analysis.EffortFromHR {
		a.CeilingHR = math.NaN()
	}
	return a
}

// totals sums a week's activities; m is its Monday (civil).
func totals(acts []Activity, m time.Time) Totals {
	t := Totals{RunsByClass: map[analysis.Class]int{}, Load: 0, DailyLoadUnit: "trimp"}
	for _, c := range RunClasses {
		t.RunsByClass[c] = 0
	}
	var timeS, dist, runTime, runDist, easyS, load float64
	var zones [5]float64
	withLoad := 0
	for i := range acts {
		a := &acts[i]
		t.Activities++
		mv := nz(float64(a.MovingS))
		timeS += mv
		dist += nz(float64(a.DistanceM))
		if a.Class == analysis.ClassCross {
			t.Cross++
			easyS += mv
		} else {
			t.Runs++
			t.RunsByClass[a.Class]++
			runTime += mv
			runDist += nz(float64(a.DistanceM))
			if a.Class == analysis.ClassEasy || a.Class == analysis.ClassRecovery {
				easyS += mv
			}
		}
		if a.Hard {
			t.Hard++
		}
		for z := range zones {
			zones[z] += nz(float64(a.ZonesS[z]))
		}
		if tr := float64(a.TRIMP); !math.IsNaN(tr) {
			load += tr
			withLoad++
		} else {
			t.LoadUnknown++
			t.DailyLoadUnit = "min"
		}
	}
	t.TimeS, t.DistanceM, t.RunTimeS, t.RunDistanceM = Float(timeS), Float(dist), Float(runTime), Float(runDist)
	for z := range zones {
		t.ZonesS[z] = Float(zones[z])
	}
	t.EasyShare = Fraction(math.NaN())
	if timeS > 0 {
		t.EasyShare = Fraction(easyS / timeS)
	}
	t.Load = Float(load)
	if t.Activities > 0 && withLoad == 0 {
		t.Load = Float(math.NaN())
	}
	for d := range t.DailyLoad {
		t.DailyLoad[d] = DayLoad{Date: m.AddDate(0, 0, d).Format(time.DateOnly), ByClass: map[analysis.Class]Float{}}
	}
	for i := range acts {
		a := &acts[i]
		d := int(a.Day.Sub(m).Hours() / 24)
		if d < 0 || d > 6 {
			continue
		}
		v := nz(float64(a.MovingS)) / 60
		if t.DailyLoadUnit == "trimp" {
			v = float64(a.TRIMP)
		}
		t.DailyLoad[d].ByClass[a.Class] += Float(v)
	}
	return t
}

// nz is v, or 0 for NaN: for sums where a missing value adds nothing.
func nz(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}

// civil returns t's calendar date, as it stands in t's own zone, at midnight UTC: days of
// that form differ by exact multiples of 24 hours, whatever the daylight saving time.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// monday returns the Monday of the ISO week of the civil date d.
func monday(d time.Time) time.Time {
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// WeekMonday parses a week key ("2026-W47", WeekKey's form) into the Monday of that ISO week,
// at midnight in loc.
func WeekMonday(key string, loc *time.Location) (time.Time, error) {
	y, w, ok := strings.Cut(key, "-W")
	year, err1 := strconv.Atoi(y)
	week, err2 := strconv.Atoi(w)
	if !ok || err1 != nil || err2 != nil || week < 1 || week > 53 {
		return time.Time{}, fmt.Errorf("%q: want YYYY-Www, e.g. 2026-W47", key)
	}
	jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, loc)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(week-1))
	if _, wk := monday.ISOWeek(); wk != week {
		return time.Time{}, fmt.Errorf("%q: %d has no week %d", key, year, week)
	}
	return monday, nil
}

// WeekKey names the ISO week of t's date in t's zone (a civil date, or an instant in the
// report's zone), as reports and their file names do: "2026-W37". The keys sort as text.
func WeekKey(d time.Time) string {
	y, w := d.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// dayNumber numbers civil dates consecutively.
func dayNumber(d time.Time) int64 { return d.Unix() / 86400 }
