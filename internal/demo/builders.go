package demo

// The builders of sessions, one per kind: what planner.detail makes of a session once its day
// and kind are planned.

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/easyday/easyday/activity"
)

// builder fills in one session from the planner's random source.
type builder struct {
	p *planner
	s *session
	r *rand.Rand
}

// kindBuilders make a session of each kind: its route, structure, effort and name.
var kindBuilders = map[kind]func(builder){
	kindEasy: builder.easy, kindRecovery: builder.recovery, kindIntervals: builder.intervals,
	kindTempo: builder.tempo, kindLong: builder.long, kindRace: builder.race, kindWalk: builder.walk,
	kindRide: builder.ride, kindSwim: builder.swim,
}

// uni draws uniformly from [lo, hi).
func (b builder) uni(lo, hi float64) float64 { return lo + (hi-lo)*b.r.Float64() }

// pace draws a pace from [lo, hi) s/km, as a speed in m/s.
func (b builder) pace(lo, hi float64) float64 { return 1000 / b.uni(lo, hi) }

// step is one segment of a session's structure.
func step(dur, dist, speed, effort float64, intensity, trigger string, stepIdx int, autoLap float64) segment {
	return segment{dur: dur, dist: dist, speed: speed, effort: effort, intensity: intensity,
		trigger: trigger, step: stepIdx, autoLap: autoLap}
}

// steady makes the session one steady segment.
func (b builder) steady(dur, speed, effort, autoLap float64) {
	b.s.segs = []segment{step(dur, 0, speed, effort, "active", "session_end", -1, autoLap)}
}

// start fixes the start (local time, by kind and weekday), the device, and the defaults of a
// run: its initial heart rate, drift and route.
func (b builder) start() {
	s, r := b.s, b.r
	wd := s.date.Weekday()
	weekend := wd == time.Saturday || wd == time.Sunday
	var hh, mm int
	switch {
	case s.kind == kindRace:
		hh, mm = 9, 30
	case s.kind == kindSwim:
		hh, mm = []int{7, 19}[r.IntN(2)], r.IntN(20)
	case s.kind == kindWalk:
		hh, mm = []int{12, 17}[r.IntN(2)], 15+r.IntN(30)
	case s.kind == kindRide && weekend:
		hh, mm = 10, r.IntN(60)
	case weekend:
		hh, mm = 8+r.IntN(2), r.IntN(60)
	case r.Float64() < 0.3:
		hh, mm = 17+r.IntN(2), r.IntN(60)
	default:
		m := 390 + r.IntN(75)
		hh, mm = m/60, m%60
	}
	s.start = berlinTime(s.date.Year(), s.date.Month(), s.date.Day(), hh, mm, r.IntN(60))
	s.device = deviceFR255
	if s.date.Before(newWatchDate) {
		s.device = deviceFR245
	}
	s.sport, s.subSport = activity.SportRunning, "generic"
	s.initHR = b.uni(72, 85)
	s.drift = b.uni(0, 2)
	s.route = []int{routePark, routeRiver, routeSmall}[r.IntN(3)]
}

// easy is an easy run (or one named "Recovery run"), maybe on a treadmill.
func (b builder) easy() {
	s := b.s
	wd := s.date.Weekday()
	mins := b.uni(40, 50)
	if s.role == roleEasy && wd == time.Sunday {
		mins = b.uni(55, 65)
	}
	if s.week%4 == 3 && wd == time.Thursday {
		mins = b.uni(35, 40)
	}
	s.pauses = []int{0, 1, 2}[b.p.pick(0.6, 0.3, 0.1)]
	switch {
	case s.named:
		s.name = "Recovery run"
		s.route = routeSmall
		b.steady(b.uni(28, 35)*60, b.pace(385, 400), b.uni(0.63, 0.65), 1000)
		s.notes = append(s.notes, `named "Recovery run"`)
	case s.variant == varTooHard:
		b.steady(mins*60, b.pace(325, 340), b.uni(0.765, 0.775), 1000)
		s.notes = append(s.notes, "easy run in the grey zone between easy and tempo")
	default:
		b.steady(mins*60, b.pace(350, 370), b.uni(0.69, 0.71)*(1-buildDrop*b.p.progress(s.week)), 1000)
	}
	if s.treadmill {
		s.indoor, s.subSport, s.pauses = true, "treadmill", 0
		s.notes = append(s.notes, "treadmill: no GPS")
	}
}

// recovery is a recovery run, done right or with one of the classic mistakes (its variant).
func (b builder) recovery() {
	s, r := b.s, b.r
	s.route = []int{routeSmall, routePark}[r.IntN(2)]
	s.pauses = []int{0, 1}[b.p.pick(0.8, 0.2)]
	switch s.variant {
	case varNormal:
		b.steady(b.uni(25, 35)*60, b.pace(380, 400), b.uni(0.635, 0.655)*(1-buildDrop*b.p.progress(s.week)), 1000)
		if s.named {
			s.name = "Recovery run"
			s.notes = append(s.notes, `named "Recovery run"`)
		}
	case varTooHard:
		b.steady(b.uni(28, 35)*60, b.pace(372, 388), b.uni(0.80, 0.83), 1000)
		s.notes = append(s.notes, "recovery run at a high heart rate")
	case varTooFast:
		// Fast and, half the time, hard too; or fast on a good day, the heart rate easy.
		effort := b.uni(0.765, 0.785)
		if r.IntN(2) == 0 {
			effort = b.uni(0.635, 0.65)
		}
		b.steady(b.uni(25, 35)*60, b.pace(312, 328), effort, 1000)
		s.notes = append(s.notes, "recovery run at a fast pace")
	case varTooLong:
		b.steady(b.uni(55, 70)*60, b.pace(380, 400), b.uni(0.635, 0.655), 1000)
		s.drift = b.uni(0, 1.5)
		s.notes = append(s.notes, "recovery run too long")
	case varTempo:
		b.tempo()
		s.notes = append(s.notes, "tempo the day after intervals")
		s.pauses = 0
	}
}

// tempo is a tempo run: warm-up, 20–30 min at threshold, cool-down, as workout steps.
func (b builder) tempo() {
	s := b.s
	mins := 20 + 5*b.r.IntN(3)
	s.name = fmt.Sprintf("%dmin tempo", mins)
	s.route = routeField
	s.segs = []segment{
		step(900, 0, b.pace(355, 375), 0.70, "warmup", "time", 0, 0),
		step(float64(mins*60), 0, b.pace(280, 290), 0.86, "active", "time", 1, 0),
		step(600, 0, b.pace(370, 390), 0.68, "cooldown", "session_end", 2, 0),
	}
	s.notes = append(s.notes, "workout "+s.name)
}

// intervals is an interval session on the track: reps of time or distance with recoveries.
func (b builder) intervals() {
	s, r := b.s, b.r
	s.route = routeField
	reps := 6 + r.IntN(3)
	var rep segment
	switch r.IntN(4) {
	case 0:
		rep = step(180, 0, b.pace(240, 250), 0.93, "active", "time", 1, 0)
		s.name = fmt.Sprintf("%dx3min", reps)
	case 1:
		reps = 5 + r.IntN(2)
		rep = step(240, 0, b.pace(245, 255), 0.93, "active", "time", 1, 0)
		s.name = fmt.Sprintf("%dx4min", reps)
	case 2:
		rep = step(0, 800, b.pace(236, 244), 0.93, "active", "distance", 1, 0)
		s.name = fmt.Sprintf("%dx800m", reps)
	default:
		reps = 5 + r.IntN(2)
		rep = step(0, 1000, b.pace(242, 250), 0.93, "active", "distance", 1, 0)
		s.name = fmt.Sprintf("%dx1000m", reps)
	}
	if s.week%4 == 3 {
		reps = 5
		s.name = fmt.Sprintf("%dx%s", reps, s.name[strings.IndexByte(s.name, 'x')+1:])
	}
	s.segs = make([]segment, 0, 2*reps+1)
	s.segs = append(s.segs, step(900, 0, b.pace(355, 375), 0.70, "warmup", "time", 0, 0))
	for k := range reps {
		s.segs = append(s.segs, rep)
		if k < reps-1 {
			s.segs = append(s.segs, step(120, 0, b.pace(390, 410), 0.62, "rest", "time", 2, 0))
		}
	}
	s.segs = append(s.segs, step(600, 0, b.pace(370, 390), 0.68, "cooldown", "session_end", 4, 0))
	s.notes = append(s.notes, "workout "+s.name)
}

// long is a long run with cardiac drift.
func (b builder) long() {
	s := b.s
	s.route = []int{routeRiver, routePark}[b.r.IntN(2)]
	if s.week%2 == 1 {
		s.route = routeHill // every other week's long run goes over the hill
	}
	s.drift = b.uni(4, 8)
	s.pauses = []int{0, 1, 2}[b.p.pick(0.3, 0.5, 0.2)]
	b.steady(b.uni(95, 130)*60, b.pace(335, 350), b.uni(0.715, 0.725), 1000)
}

// race is a 10K or a half marathon.
func (b builder) race() {
	s := b.s
	s.route = routeRiver
	s.initHR = b.uni(100, 110)
	if b.r.IntN(3) == 0 {
		s.name = "Half marathon race"
		s.segs = []segment{step(0, 21097.5, b.pace(275, 282), 0.895, "active", "session_end", -1, 1000)}
		s.start = s.start.Add(30 * time.Minute)
	} else {
		s.name = "10K race"
		s.segs = []segment{step(0, 10000, b.pace(262, 270), 0.93, "active", "session_end", -1, 1000)}
	}
	s.notes = append(s.notes, "race: "+s.name)
}

// walk is an easy walk.
func (b builder) walk() {
	s := b.s
	s.sport = activity.SportWalking
	s.route = routeSmall
	s.initHR = b.uni(70, 78)
	b.steady(b.uni(30, 60)*60, b.uni(1.35, 1.5), b.uni(0.50, 0.55), 1000)
	s.pauses = []int{0, 1}[b.p.pick(0.7, 0.3)]
}

// ride is an easy road ride.
func (b builder) ride() {
	s := b.s
	s.sport, s.subSport = activity.SportCycling, "road"
	s.route = routeRide
	s.initHR = b.uni(70, 80)
	b.steady(b.uni(60, 90)*60, b.uni(7.5, 8.5), b.uni(0.62, 0.66), 5000)
	s.pauses = []int{0, 1, 2, 3}[b.p.pick(0.2, 0.3, 0.3, 0.2)]
}

// swim is a pool swim.
func (b builder) swim() {
	s := b.s
	s.sport, s.subSport = activity.SportSwimming, "lap_swimming"
	s.indoor = true
	b.steady(b.uni(30, 45)*60, b.uni(0.7, 0.85), b.uni(0.60, 0.66), 500)
}

// notes says what is special about the session (the ground truth's notes), and names a GPX
// export's track.
func (b builder) notes() {
	s := b.s
	if s.route == routeHill && !s.indoor {
		s.notes = append(s.notes, "hilly: 120 m up and down a loop")
	}
	if s.noHR {
		s.notes = append(s.notes, "no heart rate: strap forgotten")
	}
	if s.hrArtifact {
		s.notes = append(s.notes, "heart rate sensor locked onto cadence for about a minute")
	}
	if s.pauses > 0 && !s.indoor {
		s.notes = append(s.notes, fmt.Sprintf("timer paused %d×", s.pauses))
	}
	switch {
	case s.primary == activity.FormatGPX:
		s.notes = append(s.notes, "GPX only: no laps, timer events or device summary")
	case s.primary == activity.FormatTCX:
		s.notes = append(s.notes, "TCX only: UTC times, no timer events or device summary")
	}
	if s.frac {
		s.notes = append(s.notes, "GPX times with fractional seconds")
	}
	if s.primary == activity.FormatGPX && s.name == "" {
		s.name = stravaName(s.start, s.sport) // a GPX export names its track
	}
}
