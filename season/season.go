// Package season is the bigger picture of an athlete's training: the daily load, fitness (CTL),
// fatigue (ATL), form (TSB) and the acute:chronic load ratio; the season's flags (load_spike,
// fatigued); recovery compliance per week; aerobic efficiency and its trend; and the advice for
// the next day. It is pure: sessions in, numbers out. Days are civil dates (midnight UTC) that
// the caller took in the athlete's zone.
package season

import (
	"math"
	"slices"
	"time"

	"github.com/easyday/easyday/analysis"
)

// The model's constants (README "The season").
const (
	// CTLDays and ATLDays are the time constants of fitness and fatigue, in days.
	CTLDays = 42
	ATLDays = 7
	// AcuteDays and ChronicDays are the windows of the acute:chronic load ratio.
	AcuteDays   = 7
	ChronicDays = 28
	// MinChronic: a chronic load (the 28 days' weekly average, in TRIMP) at or below it gives
	// no ratio: 28 days without load have no chronic load to set the last 7 against.
	MinChronic = 1e-6
	// SpikeRatio: an acute:chronic ratio at or above it is a load spike (Gabbett 2016).
	SpikeRatio = 1.5
	// FatiguedForm: form below this share of fitness (TSB < −0.3 × CTL) is fatigue: the −30
	// where intervals.icu's "high risk" form zone begins (in TSS, at a fitness near 100), taken
	// as a share of fitness because TRIMP's scale is not TSS's (README "The season").
	FatiguedForm = -0.30
	// FatiguedFloor: form above it is never fatigue (intervals.icu's grey zone, −10 to +5),
	// however low the fitness: after a long break a fitness of 7 would put the line at −2.
	FatiguedFloor = -10.0
	// SeedDays: fitness and fatigue start, the day before the first activity, at the average
	// daily load of the first SeedDays days (README "The season" says why not from zero).
	SeedDays = CTLDays
	// DecouplingLimit: decoupling above it is noted.
	DecouplingLimit = 0.05
	// TrendWeeks: the efficiency trend compares the last TrendWeeks weeks with the ones before.
	TrendWeeks = 12
	// TrendMinRuns: each half of the trend needs at least this many runs.
	TrendMinRuns = 3
)

// Smoothing constants of the exponentially weighted averages: λ = 1 − e^(−1/N), as
// GoldenCheetah and intervals.icu compute them (0.023528 for 42 days, 0.133122 for 7).
var (
	ctlLambda = 1 - math.Exp(-1.0/CTLDays)
	atlLambda = 1 - math.Exp(-1.0/ATLDays)
)

// Session is one activity as the season sees it.
type Session struct {
	// Day is the local calendar date at midnight UTC.
	Day   time.Time
	Class analysis.Class
	Hard  bool
	// Restful is a recovery run, or cross-training at or below the recovery ceiling (or of
	// unknown effort): what counts as recovery after a hard session.
	Restful bool
	// RecoveryOK: a recovery run within all its limits (no recovery flag).
	RecoveryOK bool
	// Load is the TRIMP; NaN unknown (no heart rate).
	Load float64
	// MovingS, DistanceM and AvgHR of the activity; NaN unknown.
	MovingS, DistanceM, AvgHR float64
	// GAPSPerKm is the grade-adjusted pace over the moving time (analysis.Hills); NaN without
	// elevation.
	GAPSPerKm float64
	// Decoupling is the aerobic decoupling of a run of an hour or more (analysis.Effort);
	// NaN otherwise.
	Decoupling float64
}

// Day is one calendar day of the season. Values not yet known are NaN.
type Day struct {
	Date time.Time
	// Load is the day's TRIMP; 0 without activities, NaN when the day's activities all lack
	// one (counted as 0 in the averages, and said).
	Load        float64
	Activities  int
	LoadUnknown int
	// CTL and ATL are fitness and fatigue at the end of the day; TSB is the form in the
	// morning: yesterday's CTL − ATL.
	CTL, ATL, TSB float64
	// ACWR is the acute:chronic ratio: the load of the 7 days through this one over the
	// average weekly load of the 28 days through this one.
	ACWR float64
	// Acute and Chronic are ACWR's terms: the 7-day load and the 28-day load / 4.
	Acute, Chronic float64
	// History is the number of days from the first activity through this one.
	History int
	// Hard is the classes of the day's hard sessions.
	Hard []analysis.Class
}

// Week is one ISO week's compliance and efficiency.
type Week struct {
	Monday time.Time
	Load   float64 // TRIMP of the week; NaN when its activities all lack one
	// RecoveryRuns, RecoveryRunsOK: recovery runs, and those within all their limits.
	RecoveryRuns, RecoveryRunsOK int
	// Hard, HardFollowed: hard sessions, and those followed by recovery or rest on the next
	// day. HardPending: hard sessions whose next day is after the season's last (not judged).
	Hard, HardFollowed, HardPending int
	// Efficiency is the efficiency factor (grade-adjusted metres per heartbeat:
	// Session.levelMetres) of the week's easy runs and recovery runs within
	// their limits, with heart rate: metres per heartbeat (distance over beats); NaN without
	// such runs.
	Efficiency float64
	// EfficiencyRuns is the number of runs Efficiency is over.
	EfficiencyRuns int
}

// Signal is a season flag: Kind "load_spike" or "fatigued", on a day.
type Signal struct {
	Kind string
	Date time.Time
	// Value and Limit: the ratio and SpikeRatio (load_spike); the form and
	// FatigueLine of fitness (fatigued).
	Value, Limit float64
	Day          Day
}

// The signal kinds, named as the weekly report's flags.
const (
	KindLoadSpike = "load_spike"
	KindFatigued  = "fatigued"
)

// Season is the season model of Compute.
type Season struct {
	Days    []Day
	Weeks   []Week
	Signals []Signal
	// Trend is the efficiency trend as of the last day.
	Trend Trend
	// Decoupled are the runs of an hour or more whose decoupling is above DecouplingLimit;
	// Long the runs of an hour or more with a decoupling measured.
	Decoupled []Session
	Long      int
	// Sessions are the sessions Compute took, in day order.
	Sessions []Session
}

// Compute models the season from the first session's day through the civil date through
// (inclusive; no days when through is before the first session). Sessions after through are
// left out.
func Compute(sessions []Session, through time.Time) Season {
	ss := slices.Clone(sessions)
	slices.SortStableFunc(ss, func(a, b Session) int { return a.Day.Compare(b.Day) })
	var s Season
	for len(ss) > 0 && ss[len(ss)-1].Day.After(through) {
		ss = ss[:len(ss)-1]
	}
	s.Sessions = ss
	if len(ss) == 0 {
		s.Trend = trend(nil, through) // unknown
		return s
	}
	first := ss[0].Day
	n := dayIndex(first, through) + 1
	s.Days = make([]Day, n)
	raw := make([]float64, n) // load with unknown as 0
	for i := range s.Days {
		s.Days[i] = Day{Date: first.AddDate(0, 0, i), History: i + 1}
	}
	for _, x := range ss {
		d := &s.Days[dayIndex(first, x.Day)]
		d.Activities++
		if math.IsNaN(x.Load) {
			d.LoadUnknown++
		} else {
			d.Load += x.Load
		}
		if x.Hard {
			d.Hard = append(d.Hard, x.Class)
		}
	}
	var seed float64
	for i := range s.Days {
		d := &s.Days[i]
		if d.Activities > 0 && d.Activities == d.LoadUnknown {
			d.Load = math.NaN()
		} else {
			raw[i] = d.Load
		}
		if i < SeedDays {
			seed += raw[i]
		}
	}
	seed /= float64(min(n, SeedDays))
	ctl, atl := seed, seed
	for i := range s.Days {
		d := &s.Days[i]
		tsb := ctl - atl // the morning's form: yesterday's values
		ctl += (raw[i] - ctl) * ctlLambda
		atl += (raw[i] - atl) * atlLambda
		// Each window is summed afresh: a running sum that takes the oldest day away again
		// keeps a rounding residue through a break (−1e-14 over 1e-16 made a ratio of −60).
		acute, chronic := windowSum(raw, i, AcuteDays), windowSum(raw, i, ChronicDays)
		d.CTL, d.ATL, d.TSB, d.ACWR = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		d.Acute, d.Chronic = math.NaN(), math.NaN()
		if d.History >= ATLDays {
			d.ATL = atl
		}
		if d.History >= CTLDays {
			d.CTL = ctl
		}
		if d.History > CTLDays {
			d.TSB = tsb
		}
		if d.History >= ChronicDays {
			d.Acute, d.Chronic = acute, chronic/(ChronicDays/AcuteDays)
			if d.Chronic > MinChronic {
				d.ACWR = d.Acute / d.Chronic
			}
		}
	}
	s.Weeks = weeks(ss, s.Days)
	s.Signals = signals(s.Days, s.Weeks)
	s.Trend = trend(ss, through)
	for _, x := range ss {
		if !math.IsNaN(x.Decoupling) {
			s.Long++
			if x.Decoupling > DecouplingLimit {
				s.Decoupled = append(s.Decoupled, x)
			}
		}
	}
	return s
}

// windowSum is the load of the n days through day i (fewer at the start).
func windowSum(raw []float64, i, n int) float64 {
	var sum float64
	for _, x := range raw[max(0, i-n+1) : i+1] {
		sum += x
	}
	return sum
}

// Learning reports whether the season is still learning the athlete on day i: form is known
// (and fatigue judged) after CTLDays days of history, the ratio after ChronicDays.
func (s *Season) Learning(i int) bool { return s.Days[i].History <= CTLDays }

// DayOf returns the index of the civil date d in s.Days, or -1.
func (s *Season) DayOf(d time.Time) int {
	if len(s.Days) == 0 {
		return -1
	}
	i := dayIndex(s.Days[0].Date, d)
	if i < 0 || i >= len(s.Days) {
		return -1
	}
	return i
}

// weeks sums the sessions into ISO weeks, from the first day's week to the last day's.
func weeks(ss []Session, days []Day) []Week {
	first, end := Monday(days[0].Date), days[len(days)-1].Date
	out := []Week{}
	for m := first; !m.After(end); m = m.AddDate(0, 0, 7) {
		out = append(out, Week{Monday: m, Efficiency: math.NaN()})
	}
	byDay := map[time.Time][]int{}
	for i, x := range ss {
		byDay[x.Day] = append(byDay[x.Day], i)
	}
	metres := make([]float64, len(out))
	beats := make([]float64, len(out))
	acts := make([]int, len(out))
	unknown := make([]int, len(out))
	for _, x := range ss {
		k := dayIndex(first, x.Day) / 7
		w := &out[k]
		acts[k]++
		if math.IsNaN(x.Load) {
			unknown[k]++
		} else {
			w.Load += x.Load
		}
		if x.Class == analysis.ClassRecovery {
			w.RecoveryRuns++
			if x.RecoveryOK {
				w.RecoveryRunsOK++
			}
		}
		if x.Hard {
			w.Hard++
			next := x.Day.AddDate(0, 0, 1)
			switch {
			case next.After(end):
				w.HardPending++ // its next day is not in the season yet
			case followedByRest(ss, byDay[next]):
				w.HardFollowed++
			}
		}
		if b, ok := heartbeats(x); ok {
			metres[k] += x.levelMetres()
			beats[k] += b
			w.EfficiencyRuns++
		}
	}
	for k := range out {
		if beats[k] > 0 {
			out[k].Efficiency = metres[k] / beats[k]
		}
		if acts[k] > 0 && acts[k] == unknown[k] {
			out[k].Load = math.NaN()
		}
	}
	return out
}

// followedByRest reports whether the next day's sessions (indices into ss) are rest (none)
// or only restful ones.
func followedByRest(ss []Session, next []int) bool {
	for _, j := range next {
		if !ss[j].Restful {
			return false
		}
	}
	return true
}

// levelMetres is the distance the run is worth on the flat: its grade-adjusted pace over its
// moving time where it has one, else its distance.
func (x Session) levelMetres() float64 {
	if x.GAPSPerKm > 0 && x.MovingS > 0 {
		return x.MovingS * 1000 / x.GAPSPerKm
	}
	return x.DistanceM
}

// heartbeats returns the heartbeats of an easy run, or a recovery run within all its limits,
// with distance and heart rate, for the efficiency factor (metres over beats). A recovery run
// too fast, too hard or too long was not run easy, and is left out.
func heartbeats(x Session) (beats float64, ok bool) {
	if x.Class != analysis.ClassEasy && !(x.Class == analysis.ClassRecovery && x.RecoveryOK) {
		return 0, false
	}
	if !(x.AvgHR > 0) || !(x.DistanceM > 0) || !(x.MovingS > 0) {
		return 0, false
	}
	return x.AvgHR * x.MovingS / 60, true
}

// signals finds each week's load_spike (its day of the highest ratio at or above SpikeRatio)
// and fatigued (its hard-session day of the lowest form below the FatigueLine). Days
// still in the learning period give neither.
func signals(days []Day, weeks []Week) []Signal {
	out := []Signal{}
	first := weeks[0].Monday
	for wi := range weeks {
		spike, tired := -1, -1
		for d := range 7 {
			i := dayIndex(days[0].Date, first.AddDate(0, 0, 7*wi+d))
			if i < 0 || i >= len(days) {
				continue
			}
			day := &days[i]
			if r := day.ACWR; r >= SpikeRatio && (spike < 0 || r > days[spike].ACWR) {
				spike = i
			}
			if len(day.Hard) > 0 && i > 0 && fatigued(day, days[i-1].CTL) &&
				(tired < 0 || day.TSB < days[tired].TSB) {
				tired = i
			}
		}
		if spike >= 0 {
			out = append(out, Signal{Kind: KindLoadSpike, Date: days[spike].Date, Value: days[spike].ACWR,
				Limit: SpikeRatio, Day: days[spike]})
		}
		if tired >= 0 {
			out = append(out, Signal{Kind: KindFatigued, Date: days[tired].Date, Value: days[tired].TSB,
				Limit: FatigueLine(days[tired-1].CTL), Day: days[tired]})
		}
	}
	return out
}

// FatigueLine is the form below which a fitness of ctl is fatigued: FatiguedForm × ctl, and
// at most FatiguedFloor.
func FatigueLine(ctl float64) float64 { return math.Min(FatiguedForm*ctl, FatiguedFloor) }

// fatigued reports whether a day's morning form is below the FatigueLine of yesterday's
// fitness; false while either is not known (the first CTLDays days).
func fatigued(d *Day, ctl float64) bool {
	return !math.IsNaN(d.TSB) && ctl > 0 && d.TSB < FatigueLine(ctl)
}

// Monday returns the Monday of the ISO week of the civil date d.
func Monday(d time.Time) time.Time {
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// dayIndex is the number of days from the civil date a to b.
func dayIndex(a, b time.Time) int { return int((b.Unix() - a.Unix()) / 86400) }
