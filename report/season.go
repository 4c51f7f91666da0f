package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/season"
)

// The season's flags, raised in the weekly report too (DESIGN.md "Weekly report").
const (
	// FlagLoadSpike: the acute:chronic load ratio reached season.SpikeRatio on a day of the
	// week, with 28 days of history or more (value: the ratio, limit: 1.5). A week flag with
	// the day's date and no activity.
	FlagLoadSpike analysis.FlagKind = "load_spike"
	// FlagFatigued: a hard session on a morning whose form was below season.FatigueLine of
	// fitness (value: the form, limit: −0.3 × fitness, at most −10), with more than 42 days of
	// history. A week flag with the day's date and no activity.
	FlagFatigued analysis.FlagKind = "fatigued"
)

// Sessions turns a season's inputs into the sessions of season.Compute, their days taken in
// loc: each with its load, its class, whether it was restful (a recovery run, or
// cross-training at or below the recovery ceiling) and, for recovery runs, whether it kept
// within all its limits (no recovery flag under p).
func Sessions(inputs []Input, p analysis.Profile, loc *time.Location) []season.Session {
	if loc == nil {
		loc = time.UTC
	}
	in := slices.Clone(inputs)
	slices.SortStableFunc(in, func(a, b Input) int { return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID)) })
	acts := make([]Activity, len(in))
	for i := range in {
		acts[i] = newActivity(&in[i], p, loc)
	}
	sessions := make([]analysis.Session, len(acts))
	for i := range acts {
		sessions[i] = session(&acts[i])
	}
	cal := analysis.NewCalendar(sessions)
	out := make([]season.Session, len(acts))
	for i := range acts {
		a := &acts[i]
		out[i] = season.Session{Day: a.Day, Class: a.Class, Hard: a.Hard, Restful: cal.Restful(i, p),
			Load: float64(a.TRIMP), MovingS: float64(a.MovingS), DistanceM: float64(a.DistanceM),
			AvgHR: float64(a.AvgHR), Decoupling: in[i].Result.Effort.Decoupling, GAPSPerKm: float64(a.GAPSPerKm)}
		if a.Class == analysis.ClassRecovery {
			out[i].RecoveryOK = len(cal.Flags(i, p)) == 0
		}
	}
	return out
}

// Today is the civil date of now in loc.
func Today(now time.Time, loc *time.Location) time.Time { return civil(now.In(loc)) }

// SeasonReport is the season from From to To (civil dates, inclusive): its days, weeks and
// flags, in JSON `{"days", "weeks", "flags", "summary"}` (README "The season").
type SeasonReport struct {
	Days  []SeasonDay  `json:"days"`
	Weeks []SeasonWeek `json:"weeks"`
	Flags []Flag       `json:"flags"`
	// Trend is the aerobic efficiency trend as of To.
	Trend SeasonTrend `json:"efficiency_trend"`
	// Decoupled lists the runs of an hour or more in the range that decoupled over 5%.
	Decoupled []SeasonRun `json:"decoupled"`

	// Name is the athlete's name (config key `name`), for titles; may be empty.
	Name string `json:"-"`
	// From and To are the days shown; WeeksFrom is the first day of the weeks shown (the
	// Monday of From's week, or the season's first day when later): the weeks, their flags
	// and decoupled runs, and the summary cover whole weeks from it to To.
	From, To, WeeksFrom time.Time        `json:"-"`
	Model               season.Season    `json:"-"`
	Limits              analysis.Profile `json:"-"`
}

// SeasonDay is one day of the season in JSON; null where a value is not yet known.
type SeasonDay struct {
	Date        string   `json:"date"`
	Load        Float    `json:"load"`
	LoadUnknown int      `json:"load_unknown"`
	CTL         Float    `json:"ctl"`
	ATL         Float    `json:"atl"`
	TSB         Float    `json:"tsb"`
	ACWR        Fraction `json:"acwr"`
}

// SeasonWeek is one ISO week of the season in JSON.
type SeasonWeek struct {
	Week           string `json:"week"`
	Start          string `json:"start"`
	Load           Float  `json:"load"`
	RecoveryRuns   int    `json:"recovery_runs"`
	RecoveryRunsOK int    `json:"recovery_runs_ok"`
	Hard           int    `json:"hard"`
	HardFollowed   int    `json:"hard_followed_by_recovery_or_rest"`
	HardPending    int    `json:"hard_pending"`
	// Efficiency is metres per heartbeat over the week's easy and recovery runs with heart rate.
	Efficiency     Fraction `json:"efficiency"`
	EfficiencyRuns int      `json:"efficiency_runs"`
	// LoadByClass is the week's load by class, for the season chart.
	LoadByClass map[analysis.Class]float64 `json:"-"`
}

// SeasonTrend is season.Trend in JSON.
type SeasonTrend struct {
	RefHR       Float    `json:"ref_hr"`
	Before      Fraction `json:"before"`
	Now         Fraction `json:"now"`
	PaceBefore  Float    `json:"pace_before_s_per_km"`
	PaceNow     Float    `json:"pace_now_s_per_km"`
	RunsBefore  int      `json:"runs_before"`
	RunsNow     int      `json:"runs_now"`
	Weeks       int      `json:"weeks"`
	GradeAdjust bool     `json:"grade_adjusted"`
}

// SeasonRun is a run of the season, in JSON: its date, class and decoupling.
type SeasonRun struct {
	Date       string         `json:"date"`
	Class      analysis.Class `json:"class"`
	Decoupling Fraction       `json:"decoupling"`
}

// BuildSeason models the season of sessions (Sessions) through the civil date to, and reports
// it from from (the first session's day when zero) to to.
func BuildSeason(sessions []season.Session, p analysis.Profile, name string, from, to time.Time) SeasonReport {
	m := season.Compute(sessions, civil(to))
	r := SeasonReport{Days: []SeasonDay{}, Weeks: []SeasonWeek{}, Flags: []Flag{}, Decoupled: []SeasonRun{},
		Name: name, To: civil(to), Model: m, Limits: p}
	if from.IsZero() && len(m.Days) > 0 {
		from = m.Days[0].Date
	}
	r.From = civil(from)
	r.WeeksFrom = season.Monday(r.From)
	if len(m.Days) > 0 && r.WeeksFrom.Before(m.Days[0].Date) {
		r.WeeksFrom = m.Days[0].Date
	}
	for _, d := range m.Days {
		if d.Date.Before(r.From) {
			continue
		}
		r.Days = append(r.Days, SeasonDay{Date: d.Date.Format(time.DateOnly), Load: Float(d.Load), LoadUnknown: d.LoadUnknown,
			CTL: Float(d.CTL), ATL: Float(d.ATL), TSB: Float(d.TSB), ACWR: Fraction(d.ACWR)})
	}
	byClass := map[time.Time]map[analysis.Class]float64{}
	for _, x := range m.Sessions {
		wk := season.Monday(x.Day)
		if byClass[wk] == nil {
			byClass[wk] = map[analysis.Class]float64{}
		}
		byClass[wk][x.Class] += nz(x.Load)
	}
	for _, w := range m.Weeks {
		if w.Monday.AddDate(0, 0, 6).Before(r.From) {
			continue
		}
		r.Weeks = append(r.Weeks, SeasonWeek{Week: WeekKey(w.Monday), Start: w.Monday.Format(time.DateOnly),
			Load: Float(w.Load), RecoveryRuns: w.RecoveryRuns, RecoveryRunsOK: w.RecoveryRunsOK, Hard: w.Hard,
			HardFollowed: w.HardFollowed, HardPending: w.HardPending, Efficiency: Fraction(w.Efficiency),
			EfficiencyRuns: w.EfficiencyRuns, LoadByClass: byClass[w.Monday]})
	}
	for _, g := range m.Signals {
		if !g.Date.Before(r.WeeksFrom) {
			r.Flags = append(r.Flags, seasonFlag(m, g))
		}
	}
	t := m.Trend
	r.Trend = SeasonTrend{RefHR: Float(t.RefHR), Before: Fraction(t.Before), Now: Fraction(t.Now),
		PaceBefore: Float(t.PaceBefore), PaceNow: Float(t.PaceNow), RunsBefore: t.RunsBefore, RunsNow: t.RunsNow,
		Weeks: season.TrendWeeks}
	for _, x := range m.Decoupled {
		if !x.Day.Before(r.WeeksFrom) {
			r.Decoupled = append(r.Decoupled, SeasonRun{Date: x.Day.Format(time.DateOnly), Class: x.Class,
				Decoupling: Fraction(x.Decoupling)})
		}
	}
	return r
}

// seasonFlag words a season signal as a weekly report's flag.
func seasonFlag(m season.Season, g season.Signal) Flag {
	d := g.Day
	when := d.Date.Format("Mon 2 Jan")
	f := Flag{Week: WeekKey(season.Monday(d.Date)), Date: d.Date.Format(time.DateOnly)}
	switch g.Kind {
	case season.KindLoadSpike:
		f.Kind, f.Severity = FlagLoadSpike, analysis.SeverityWarning
		f.Value, f.Limit = Fraction(g.Value), Fraction(g.Limit)
		f.Message = fmt.Sprintf("%s: acute:chronic load %.2f: %s TRIMP in the 7 days through it against %s a week over the last 28, "+
			"at or above %.1f, a spike (Gabbett 2016). Hold the next 7 days near %s to bring it back under 1.3.",
			when, g.Value, num0(d.Acute), num0(d.Chronic), g.Limit, num0(1.3*d.Chronic))
	case season.KindFatigued:
		f.Kind, f.Severity = FlagFatigued, analysis.SeverityAdvice
		f.Value, f.Limit = Float(g.Value), Float(g.Limit)
		ctl, atl := math.NaN(), math.NaN()
		if i := m.DayOf(d.Date); i > 0 {
			ctl, atl = m.Days[i-1].CTL, m.Days[i-1].ATL
		}
		f.Message = fmt.Sprintf("%s %s with form %s (fitness %s, fatigue %s): below %s (%.0f%% of your fitness, at most %.0f). "+
			"Rest or cross-train easy until form is back above %s, then resume hard sessions.",
			when, hardNoun(d.Hard), num0(g.Value), num0(ctl), num0(atl), num0(g.Limit), season.FatiguedForm*100, season.FatiguedFloor, num0(g.Limit))
	}
	return f
}

// hardNoun names a day's hard sessions: "interval session", "long run and tempo run".
func hardNoun(cs []analysis.Class) string {
	out := ""
	for k, c := range cs {
		if k > 0 {
			out += " and "
		}
		out += noun(&Activity{Classification: Classification{Class: c}})
	}
	return out
}

// AddSeasonFlags adds the season's load_spike and fatigued flags to the weeks of r they fall
// in, after the week's own flags.
func (r *Report) AddSeasonFlags(s SeasonReport) {
	byWeek := map[string][]Flag{}
	for _, g := range s.Model.Signals {
		f := seasonFlag(s.Model, g)
		byWeek[f.Week] = append(byWeek[f.Week], f)
	}
	for i := range r.Weeks {
		r.Weeks[i].Flags = append(r.Weeks[i].Flags, byWeek[r.Weeks[i].Week]...)
		bySeverity(r.Weeks[i].Flags) // warnings first, as Build lists them
	}
}

// Advice is what a day should be, in JSON `{"date", "kind", "text", "reasons", "minutes",
// "hr_max_bpm", "pace_floor_s_per_km"}` (the last three null where they do not apply or are
// unknown).
type Advice struct {
	Date      string            `json:"date"`
	Kind      season.AdviceKind `json:"kind"`
	Text      string            `json:"text"`
	Reasons   []string          `json:"reasons"`
	Minutes   *[2]float64       `json:"minutes"`
	HRMaxBPM  Float             `json:"hr_max_bpm"`
	PaceFloor Float             `json:"pace_floor_s_per_km"`
}

// Prescription is what profile p says of a recovery run: recovery_max_min, the heart rate at
// the recovery ceiling, and marathon pace + analysis.RecoveryPaceMarginS.
func Prescription(p analysis.Profile) season.Rx {
	hr := ceilingHR(p, "")
	if !math.IsNaN(hr) {
		hr = math.Round(hr)
	}
	return season.Rx{MaxMin: p.RecoveryMaxMin, HRMax: hr, PaceFloor: p.MarathonPace + analysis.RecoveryPaceMarginS}
}

// NewAdvice says what the civil date d should be, from the sessions before it and profile p,
// its text in opts.Units. today names d "tomorrow" or "today" in the text when it is.
func NewAdvice(sessions []season.Session, p analysis.Profile, d, today time.Time, opts Options) (Advice, error) {
	u, err := opts.units()
	if err != nil {
		return Advice{}, err
	}
	d = civil(d)
	a := season.Advise(sessions, d, Prescription(p))
	out := Advice{Date: d.Format(time.DateOnly), Kind: a.Kind, Reasons: a.Reasons, Minutes: a.Minutes,
		HRMaxBPM: Float(a.HRMax), PaceFloor: Float(a.PaceFloor)}
	when := d.Format("Mon 2 Jan")
	switch dayNumber(d) - dayNumber(civil(today)) {
	case 0:
		when = "Today (" + when + ")"
	case 1:
		when = "Tomorrow (" + when + ")"
	}
	switch a.Kind {
	case season.AdviceRecovery:
		var parts []string
		if a.Minutes != nil {
			parts = append(parts, fmt.Sprintf("of %.0f–%.0f min", a.Minutes[0], a.Minutes[1]))
		}
		if !math.IsNaN(a.HRMax) {
			parts = append(parts, fmt.Sprintf("under %.0f bpm", a.HRMax))
		}
		if !math.IsNaN(a.PaceFloor) {
			parts = append(parts, fmt.Sprintf("slower than %s/%s", u.pace(a.PaceFloor), u.distanceUnit()))
		}
		text := "a recovery run"
		for k, s := range parts {
			switch {
			case k == 0:
				text += " " + s
			case k == len(parts)-1:
				text += " and " + s
			default:
				text += ", " + s
			}
		}
		out.Text = fmt.Sprintf("%s: %s, or an easy walk, swim or ride.", when, text)
	case season.AdviceRestOrCross:
		out.Text = fmt.Sprintf("%s: rest, or easy cross-training (a walk, swim or ride): you are carrying more fatigue than your fitness absorbs.", when)
	default:
		out.Text = fmt.Sprintf("%s: free for your plan.", when)
	}
	return out, nil
}
