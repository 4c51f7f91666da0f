// plan.go is one piece past 600 lines because the season's plan and its ground truth are one
// set of rules: a week role, the sessions it plans and the labels and mistakes they earn
// change together.

package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/easyday/easyday/activity"
)

// kind is what the athlete set out to do on a day.
type kind uint8

const (
	kindRest kind = iota
	kindEasy
	kindRecovery
	kindIntervals
	kindTempo
	kindLong
	kindRace
	kindWalk
	kindRide
	kindSwim
)

// variant is how a recovery run went.
type variant uint8

const (
	varNormal  variant = iota
	varTooHard         // heart rate well above the ceiling at an easy pace
	varTooFast         // faster than marathon pace + 60 s/km
	varTooLong         // beyond recovery_max_min
	varTempo           // a tempo workout the day after intervals
)

// role is what a week is for.
type role uint8

const (
	roleNormal     role = iota
	roleRace            // a 10K or a half marathon on Saturday
	roleNoRecovery      // hard sessions and not one recovery session
	roleB2B             // two hard days in a row
	roleRecHard         // Wednesday's recovery run too hard
	roleRecFast         // ... too fast
	roleRecLong         // ... too long
	roleEasy            // an easy week: no hard sessions
	roleCamp            // a training camp: a hard session every day, about twice the load
)

// Camp weeks: the first in week campFirst (0-based), then every campEvery weeks, each followed
// by an easy week. The first comes after 42 days, so that the season knows the athlete's form
// (season.CTLDays) and the camp raises load_spike and fatigued.
const (
	campFirst = 8
	campEvery = 28
)

// Aerobic development: over the last buildWeeks weeks (the whole season when shorter), easy and
// recovery runs hold their pace at a heart rate up to buildDrop lower, the fitter the athlete
// gets: the efficiency factor rises.
const (
	buildWeeks = 24
	buildDrop  = 0.08
)

// deviceSpec is the watch that recorded a session.
type deviceSpec struct {
	name     string // activity.Activity.Device, as manufacturer and product name the watch
	product  uint16 // Garmin product number
	serial   uint32
	software uint16 // version × 100
}

// The athlete's watches: a Forerunner 245 until mid-2022, then a Forerunner 255.
var (
	deviceFR245  = deviceSpec{name: "Garmin Fr245", product: 3076, serial: 3314159265, software: 1370}
	deviceFR255  = deviceSpec{name: "Garmin Fr255", product: 3992, serial: 3400112233, software: 2026}
	devices      = []deviceSpec{deviceFR245, deviceFR255}
	newWatchDate = time.Date(2022, time.June, 1, 0, 0, 0, 0, time.UTC)
)

// plannedTimer is the session's timer time as planned, in seconds: its segments' durations,
// a distance-based segment taking its distance at its target speed.
func (s *session) plannedTimer() float64 {
	total := 0.0
	for _, sg := range s.segs {
		if sg.dur > 0 {
			total += sg.dur
		} else {
			total += sg.dist / sg.speed
		}
	}
	return total
}

type planner struct {
	rng   *rand.Rand
	weeks int
	first time.Time  // Monday of the first week
	days  []*session // every day of the season, rest days included
}

// plan lays out the season day by day, deterministically for opts.Seed.
func plan(opts Options) []*session {
	opts = opts.withDefaults()
	end := time.Date(opts.End.Year(), opts.End.Month(), opts.End.Day(), 0, 0, 0, 0, time.UTC)
	monday := end.AddDate(0, 0, -((int(end.Weekday())+6)%7 + 7*(opts.Weeks-1)))
	p := &planner{
		rng:   rand.New(rand.NewPCG(opts.Seed, planStream)),
		weeks: opts.Weeks,
		first: monday,
		days:  make([]*session, 0, 7*opts.Weeks),
	}
	for w, r := range p.roles() {
		n := len(p.days)
		p.week(w, r)
		for _, s := range p.days[n:] {
			s.role = r
		}
	}
	p.lastDayHard(end)
	p.specials()
	p.cover()
	out := make([]*session, 0, len(p.days))
	for _, s := range p.days {
		if s.kind != kindRest && !s.date.After(end) {
			out = append(out, s)
		}
	}
	for _, s := range out {
		p.detail(s)
	}
	groundTruth(out)
	nameFiles(out)
	return out
}

// roles assigns each week its purpose: every fourth week a race week, and within each block of
// eight weeks, one week each without recovery, with back-to-back hard days, and with a recovery
// run too hard, too fast and too long, in a shuffled order.
func (p *planner) roles() []role {
	roles := make([]role, p.weeks)
	for b := 0; b < p.weeks; b += 8 {
		pool := []role{roleNoRecovery, roleB2B, roleRecHard, roleRecFast, roleRecLong, roleNormal}
		p.rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		k := 0
		for w := b; w < min(b+8, p.weeks); w++ {
			if w%4 == 3 {
				roles[w] = roleRace
				continue
			}
			roles[w] = pool[k]
			k++
			if roles[w] == roleNormal && p.rng.Float64() < 0.3 {
				roles[w] = roleEasy
			}
		}
	}
	for w := campFirst; w < p.weeks-1; w += campEvery {
		roles[w], roles[w+1] = roleCamp, roleEasy
	}
	if p.weeks > 1 {
		roles[p.weeks-1] = roleEasy // a taper, ending with a hard session (lastDayHard)
	}
	return roles
}

// lastDayHard makes the season's last day, at the end of an easy week, a tempo run (when it
// is not a hard session already), so that
// the day after it calls for a recovery run (README's `easyday advice` on the demo).
func (p *planner) lastDayHard(end time.Time) {
	for _, s := range p.days {
		if s.date.Equal(end) && s.kind != kindIntervals && s.kind != kindTempo && s.kind != kindLong && s.kind != kindRace {
			s.kind, s.variant = kindTempo, varNormal
			s.notes = append(slices.DeleteFunc(s.notes, func(n string) bool { return n == "easy week" }), "the season's last day: hard")
		}
	}
}

// progress is how far the aerobic build has come in week w: 0 before the last buildWeeks
// weeks, rising to 1 in the last week.
func (p *planner) progress(w int) float64 {
	start := max(0, p.weeks-buildWeeks)
	if w < start || p.weeks-1 <= start {
		return 0
	}
	return float64(w-start) / float64(p.weeks-1-start)
}

func (p *planner) day(w, d int, k kind) *session {
	s := &session{slot: slot{date: p.first.AddDate(0, 0, 7*w+d), week: w, kind: k}}
	p.days = append(p.days, s)
	return s
}

// pick returns the index of a choice drawn with the given weights.
func (p *planner) pick(weights ...float64) int {
	u := p.rng.Float64()
	for i, w := range weights {
		if u < w {
			return i
		}
		u -= w
	}
	return len(weights) - 1
}

func (p *planner) week(w int, r role) {
	prevSundayLong := len(p.days) > 0 && p.days[len(p.days)-1].kind == kindLong
	switch r {
	case roleRace:
		p.day(w, 0, []kind{kindRest, kindWalk}[p.pick(0.7, 0.3)])
		p.day(w, 1, kindIntervals)
		wed := p.day(w, 2, kindRecovery)
		wed.variant = []variant{varNormal, varTooHard, varTooFast, varTooLong, varTempo}[p.pick(0.6, 0.1, 0.1, 0.1, 0.1)]
		p.day(w, 3, kindEasy)
		p.day(w, 4, kindRest)
		p.day(w, 5, kindRace)
		if p.rng.Float64() < 0.25 {
			sun := p.day(w, 6, kindLong)
			sun.notes = append(sun.notes, "long run the day after the race")
		} else {
			p.day(w, 6, []kind{kindRecovery, kindWalk, kindRide}[p.pick(0.6, 0.2, 0.2)])
		}
	case roleEasy:
		p.day(w, 0, kindRest)
		for d, k := range []kind{kindEasy, kindRest, kindEasy, []kind{kindRest, kindSwim}[p.pick(0.5, 0.5)],
			[]kind{kindRest, kindRide}[p.pick(0.5, 0.5)], kindEasy} {
			s := p.day(w, d+1, k)
			if k == kindEasy {
				s.notes = append(s.notes, "easy week")
			}
		}
	case roleCamp:
		for d, k := range []kind{kindLong, kindIntervals, kindLong, kindTempo, kindLong, kindIntervals, kindLong} {
			s := p.day(w, d, k)
			s.notes = append(s.notes, "training camp: a load spike")
		}
	case roleNoRecovery:
		// Every other block: rest days after the hard sessions (no_recovery is advice), or
		// intervals the day after tempo (a warning, and back to back).
		days := []kind{kindRest, kindIntervals, kindRest, kindTempo, kindRest, kindEasy, kindLong}
		note := "week without recovery: rest days after the hard sessions"
		if (w/8)%2 == 1 {
			days = []kind{kindRest, kindTempo, kindIntervals, kindRest, kindEasy, kindRest, kindLong}
			note = "week without recovery: intervals the day after tempo"
		}
		for d, k := range days {
			s := p.day(w, d, k)
			if k != kindRest {
				s.notes = append(s.notes, note)
			}
		}
	case roleB2B:
		if prevSundayLong && p.rng.Float64() < 0.4 {
			// Intervals moved to Monday, straight after Sunday's long run.
			mon := p.day(w, 0, kindIntervals)
			mon.notes = append(mon.notes, "intervals the day after the long run")
			p.day(w, 1, kindRecovery)
			p.day(w, 2, kindEasy)
			p.day(w, 3, kindTempo)
			p.day(w, 4, []kind{kindRest, kindSwim}[p.pick(0.6, 0.4)])
			p.day(w, 5, []kind{kindEasy, kindRide}[p.pick(0.75, 0.25)])
			p.day(w, 6, kindLong)
			return
		}
		// The weekend warrior: tempo on Saturday, long run on Sunday.
		p.day(w, 0, []kind{kindRest, kindWalk, kindRide}[p.pick(0.55, 0.3, 0.15)])
		p.day(w, 1, kindIntervals)
		p.day(w, 2, kindRecovery)
		p.day(w, 3, []kind{kindEasy, kindRide}[p.pick(0.65, 0.35)])
		p.day(w, 4, []kind{kindRest, kindSwim}[p.pick(0.6, 0.4)])
		sat := p.day(w, 5, kindTempo)
		sat.notes = append(sat.notes, "tempo moved to Saturday")
		sun := p.day(w, 6, kindLong)
		sun.notes = append(sun.notes, "long run the day after tempo")
	default:
		p.day(w, 0, []kind{kindRest, kindWalk, kindRide}[p.pick(0.55, 0.3, 0.15)])
		p.day(w, 1, kindIntervals)
		wed := p.day(w, 2, kindRecovery)
		switch r {
		case roleRecHard:
			wed.variant = varTooHard
		case roleRecFast:
			wed.variant = varTooFast
		case roleRecLong:
			wed.variant = varTooLong
		default:
			if p.rng.Float64() < 0.25 {
				wed.variant = varTempo
			}
		}
		p.day(w, 3, kindTempo)
		p.day(w, 4, []kind{kindRest, kindSwim, kindRide}[p.pick(0.45, 0.35, 0.2)])
		sat := p.day(w, 5, []kind{kindEasy, kindRide}[p.pick(0.75, 0.25)])
		if r == roleRecHard { // the runner who runs everything too hard: Saturday's easy run too
			sat.kind, sat.variant = kindEasy, varTooHard
		}
		p.day(w, 6, kindLong)
	}
}

// specials sprinkles what happens now and then: treadmill runs, a forgotten strap, a sensor
// artefact, runs named "Recovery run", and files exported as GPX or TCX.
func (p *planner) specials() {
	for _, s := range p.days {
		saturday := s.date.Weekday() == time.Saturday
		switch {
		case s.kind == kindEasy && saturday && s.role != roleNoRecovery && s.variant == varNormal:
			winter := s.date.Month() <= time.February || s.date.Month() == time.December
			u := p.rng.Float64()
			switch {
			case winter && u < 0.15 || !winter && u < 0.03:
				s.treadmill = true
			case u >= 0.95:
				s.named = true
			}
		case s.kind == kindRecovery && s.variant == varNormal && p.rng.Float64() < 0.03:
			s.named = true
		}
		if s.noHRCandidate() && p.rng.Float64() < 0.15 {
			s.noHR = true
		}
		if s.kind == kindEasy && !s.treadmill && !s.named && !s.noHR && p.rng.Float64() < 0.1 {
			s.hrArtifact = true
		}
	}
	for _, s := range p.days {
		p.format(s)
	}
}

func (s *session) noHRCandidate() bool {
	if s.role == roleCamp {
		return false // the camp's load must be known for its labels to hold
	}
	switch s.kind {
	case kindEasy, kindLong:
		return !s.named && s.variant == varNormal
	case kindRecovery:
		return s.variant == varNormal && !s.named
	}
	return false
}

// format decides the file format(s): FIT mostly; now and then a FIT with a GPX copy, a GPX
// only or a TCX only (what a Strava or Garmin Connect export holds for some activities).
func (p *planner) format(s *session) {
	s.primary = activity.FormatFIT
	if s.kind == kindRest || s.kind == kindSwim || s.treadmill {
		return
	}
	u := p.rng.Float64()
	run := s.isRun()
	switch {
	case run && u < 1.0/20:
		s.dup = true
	case u < 1.0/20+1.0/24:
		s.primary = activity.FormatGPX
	case u < 1.0/20+1.0/12 && s.tcxOK():
		s.primary = activity.FormatTCX
	}
	if s.primary == activity.FormatGPX {
		s.frac = p.rng.Float64() < 0.5
	}
}

// tcxOK: TCX has no activity name, no walking and no sub-sport, so only unnamed runs and rides
// go out as TCX.
func (s *session) tcxOK() bool {
	switch s.kind {
	case kindEasy, kindLong, kindRide:
		return !s.named
	case kindRecovery:
		return !s.named && s.variant != varTempo
	}
	return false
}

// cover makes sure that a season of eight weeks or more holds every kind of session, every
// label, every mistake and every file variant at least once, by changing a suitable day.
func (p *planner) cover() {
	if p.weeks < 8 {
		return
	}
	has := func(f func(*session) bool) bool { return slices.ContainsFunc(p.days, f) }
	// force applies apply to one of the days matching f, drawn at random, outside weeks
	// without recovery (whose rest days must stay rest days); false when there is none.
	force := func(f func(*session) bool, apply func(*session)) bool {
		var c []*session
		for _, s := range p.days {
			if f(s) && s.role != roleNoRecovery {
				c = append(c, s)
			}
		}
		if len(c) == 0 {
			return false
		}
		apply(c[p.rng.IntN(len(c))])
		return true
	}
	isSat := func(s *session) bool { return s.date.Weekday() == time.Saturday }
	if !has(func(s *session) bool { return s.kind == kindWalk }) {
		force(func(s *session) bool { return s.kind == kindRest && s.date.Weekday() == time.Monday && s.week > 0 },
			func(s *session) { s.kind = kindWalk; p.format(s) })
	}
	if !has(func(s *session) bool { return s.kind == kindSwim }) {
		force(func(s *session) bool { return s.kind == kindRest && s.date.Weekday() == time.Friday },
			func(s *session) { s.kind = kindSwim })
	}
	if !has(func(s *session) bool { return s.kind == kindRide }) {
		force(func(s *session) bool {
			return s.kind == kindEasy && isSat(s) && !s.treadmill && !s.named && s.variant == varNormal
		},
			func(s *session) {
				*s = session{slot: slot{date: s.date, week: s.week, role: s.role, kind: kindRide}}
				p.format(s)
			})
	}
	plain := func(s *session) bool {
		return !s.treadmill && !s.named && !s.noHR && !s.hrArtifact && s.primary == activity.FormatFIT && !s.dup
	}
	easy := func(s *session) bool { return s.kind == kindEasy && s.variant == varNormal && plain(s) }
	long := func(s *session) bool { return s.kind == kindLong && plain(s) }
	normalRecovery := func(s *session) bool {
		return s.kind == kindRecovery && s.variant == varNormal && plain(s)
	}
	if !has(func(s *session) bool { return s.treadmill }) {
		force(easy, func(s *session) { s.treadmill = true })
	}
	if !has(func(s *session) bool { return s.named }) {
		if !force(easy, func(s *session) { s.named = true }) {
			force(normalRecovery, func(s *session) { s.named = true })
		}
	}
	if !has(func(s *session) bool { return s.noHR }) {
		if !force(easy, func(s *session) { s.noHR = true }) {
			force(long, func(s *session) { s.noHR = true })
		}
	}
	plainRun := func(s *session) bool {
		return (s.kind == kindEasy || s.kind == kindLong) && !s.treadmill && !s.named &&
			s.primary == activity.FormatFIT && !s.dup
	}
	if !has(func(s *session) bool { return s.dup }) {
		force(plainRun, func(s *session) { s.dup = true })
	}
	if !has(func(s *session) bool { return s.primary == activity.FormatGPX }) {
		force(plainRun, func(s *session) { s.primary = activity.FormatGPX; s.frac = true })
	}
	if !has(func(s *session) bool { return s.primary == activity.FormatTCX }) {
		force(plainRun, func(s *session) { s.primary = activity.FormatTCX })
	}
}

// detail fixes a session's start, structure, route and seed: the start and the device, then
// what its kind's builder (kindBuilders) makes of it, then the notes. Every draw from the
// planner's random source happens in this order, so that a seed gives the same season.
func (p *planner) detail(s *session) {
	b := builder{p: p, s: s, r: p.rng}
	b.start()
	if build := kindBuilders[s.kind]; build != nil {
		build(b)
	}
	b.notes()
	s.seed = b.r.Uint64()
}

// The ground-truth labels and mistakes, as easyday's rules decide them.
const (
	LabelIntervals = "intervals"
	LabelTempo     = "tempo"
	LabelLong      = "long"
	LabelRace      = "race"
	LabelRecovery  = "recovery"
	LabelEasy      = "easy"
	LabelCross     = "cross"

	MistakeRecoveryTooHard = "recovery_too_hard"
	MistakeRecoveryTooFast = "recovery_too_fast"
	MistakeRecoveryTooLong = "recovery_too_long"
	MistakeBackToBackHard  = "back_to_back_hard"
	MistakeNoRecovery      = "no_recovery"
	MistakeEasyTooHard     = "easy_too_hard"

	// The season's flags, listed on the first session of a training camp week.
	MistakeLoadSpike = "load_spike"
	MistakeFatigued  = "fatigued"

	// The severities of the mistakes: no_recovery is advice when rest days followed every hard
	// session of the week, a warning otherwise; fatigued is advice; every other mistake is a
	// warning.
	SeverityWarning = "warning"
	SeverityAdvice  = "advice"
)

// Labels lists every label, in DESIGN.md's order; Mistakes lists every mistake kind.
var (
	Labels = []string{LabelCross, LabelRace, LabelIntervals, LabelLong, LabelRecovery, LabelTempo, LabelEasy}
	// SeasonMistakes are the season's flags, planned in training camp weeks only.
	SeasonMistakes = []string{MistakeLoadSpike, MistakeFatigued}
	Mistakes       = []string{MistakeRecoveryTooHard, MistakeRecoveryTooFast, MistakeRecoveryTooLong,
		MistakeEasyTooHard, MistakeBackToBackHard, MistakeNoRecovery}
)

func hard(label string) bool {
	return label == LabelRace || label == LabelIntervals || label == LabelLong || label == LabelTempo
}

// groundTruth labels the sessions in DESIGN.md's order and finds the mistakes that follow from
// the calendar alone (back_to_back_hard, no_recovery). The recovery-run mistakes depend on the
// samples and are found by recoveryMistakes.
func groundTruth(ss []*session) {
	prevHard := func(i int) bool {
		return i > 0 && ss[i-1].date.Equal(ss[i].date.AddDate(0, 0, -1)) && hard(ss[i-1].label)
	}
	for i, s := range ss {
		switch {
		case !s.isRun():
			s.label = LabelCross
		case s.kind == kindRace:
			s.label = LabelRace
		case s.kind == kindIntervals:
			s.label = LabelIntervals
		case s.plannedTimer() >= longRunS:
			s.label = LabelLong
		case prevHard(i) || strings.Contains(strings.ToLower(s.name), "recovery"):
			s.label = LabelRecovery
		case s.kind == kindTempo || s.variant == varTempo:
			s.label = LabelTempo
		default:
			s.label = LabelEasy
		}
		switch {
		case hard(s.label) && prevHard(i):
			s.mistakes = append(s.mistakes, MistakeBackToBackHard)
		case s.label == LabelRecovery && prevHard(i):
			s.notes = append(s.notes, "the day after a hard session")
		case s.label == LabelCross && prevHard(i):
			s.notes = append(s.notes, "cross-training recovery: the day after a hard session")
		}
	}
	// no_recovery: per ISO week (the season's weeks are ISO weeks), listed on the week's first
	// hard session.
	for i := 0; i < len(ss); {
		j := i
		var firstHard *session
		recovered := false
		for ; j < len(ss) && ss[j].week == ss[i].week; j++ {
			s := ss[j]
			if hard(s.label) && firstHard == nil {
				firstHard = s
			}
			if s.label == LabelRecovery || (s.label == LabelCross && prevHard(j)) {
				recovered = true
			}
		}
		if firstHard != nil && !recovered {
			firstHard.mistakes = append(firstHard.mistakes, MistakeNoRecovery)
			if restedAfterEach(ss, i, j) {
				firstHard.advice = append(firstHard.advice, MistakeNoRecovery)
			}
		}
		if ss[i].role == roleCamp {
			ss[i].mistakes = append(ss[i].mistakes, MistakeLoadSpike, MistakeFatigued)
			ss[i].advice = append(ss[i].advice, MistakeFatigued)
		}
		i = j
	}
}

// restedAfterEach reports whether every hard session of ss[i:j] (one week) was followed by a
// rest day: the next calendar day holds no session, or only cross-training and recovery runs.
func restedAfterEach(ss []*session, i, j int) bool {
	for k := i; k < j; k++ {
		if !hard(ss[k].label) {
			continue
		}
		next := ss[k].date.AddDate(0, 0, 1)
		for m := k + 1; m < len(ss) && !ss[m].date.After(next); m++ {
			if ss[m].date.Equal(next) && ss[m].label != LabelCross && ss[m].label != LabelRecovery {
				return false
			}
		}
	}
	return true
}

// easyMistakes returns the easy-run mistakes the samples show, with the athlete's defaults:
// average heart rate above the easy ceiling, or over 30% of the samples above it.
func easyMistakes(a *activity.Activity) []string {
	if avg, share := hrAgainst(a, easyCeilingHR); avg/MaxHR > easyCeiling || share > 0.3 {
		return []string{MistakeEasyTooHard}
	}
	return nil
}

// recoveryMistakes returns the recovery-run mistakes the samples show, with the athlete's
// defaults: average effort above the ceiling or over 20% of the samples above it, a pace faster
// than marathon pace + 60 s/km over the timer (moving) time, a timer time beyond 40 minutes.
func recoveryMistakes(a *activity.Activity) []string {
	var out []string
	if avg, share := hrAgainst(a, ceilingHR); avg/MaxHR > recoveryCeiling || share > 0.2 {
		out = append(out, MistakeRecoveryTooHard)
	}
	moving, dist := a.Summary.TimerS, a.Summary.DistanceM
	if dist > 0 && moving/(dist/1000) < recoveryPaceMinS {
		out = append(out, MistakeRecoveryTooFast)
	}
	if moving > recoveryMaxS {
		out = append(out, MistakeRecoveryTooLong)
	}
	return out
}

// hrAgainst returns the mean heart rate of the samples that have one, and the share of them
// above ceiling (bpm); NaN and 0 without heart rate.
func hrAgainst(a *activity.Activity, ceiling float64) (avg, share float64) {
	n, above := 0, 0
	var sum float64
	for i := range a.Samples {
		h := a.Samples[i].HeartRate
		if math.IsNaN(h) {
			continue
		}
		n++
		sum += h
		if h > ceiling {
			above++
		}
	}
	if n == 0 {
		return math.NaN(), 0
	}
	return sum / float64(n), float64(above) / float64(n)
}

// sportWord is the sport as file names spell it.
func sportWord(s activity.Sport) string {
	if n := s.Noun(); n != "" {
		return n
	}
	return string(s)
}

// nameFiles names each session's files after its local start and sport:
// 2026-11-18-0715-run.fit.
func nameFiles(ss []*session) {
	seen := make(map[string]bool, len(ss))
	for _, s := range ss {
		base := s.start.Format("2006-01-02-1504") + "-" + sportWord(s.sport)
		name := base
		for k := 2; seen[name]; k++ {
			name = fmt.Sprintf("%s-%d", base, k)
		}
		seen[name] = true
		s.file = name + "." + string(s.primary)
	}
}

// stravaName is the name Strava gives an activity: "Morning Run", "Evening Ride", ...
func stravaName(t time.Time, sport activity.Sport) string {
	part := "Night"
	switch h := t.Hour(); {
	case h >= 4 && h < 12:
		part = "Morning"
	case h < 14:
		part = "Lunch"
	case h < 18:
		part = "Afternoon"
	case h < 22:
		part = "Evening"
	}
	word := map[activity.Sport]string{activity.SportRunning: "Run", activity.SportCycling: "Ride",
		activity.SportWalking: "Walk", activity.SportSwimming: "Swim"}[sport]
	if word == "" {
		word = "Activity"
	}
	return part + " " + word
}
