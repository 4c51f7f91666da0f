package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/easyday/easyday/activity"
)

// segment is one stretch of a session at a steady intent: a warm-up, a repetition, a recovery
// jog, the steady part of an easy run. It ends after dur seconds of timer time or dist metres,
// and closes a lap with trigger when it ends. Within it, autoLap > 0 closes a lap every
// autoLap metres (trigger distance), the way a watch's auto-lap does.
type segment struct {
	dur       float64 // seconds of timer time (0: distance-based)
	dist      float64 // metres (0: time-based)
	speed     float64 // target speed, m/s
	effort    float64 // target heart rate as a fraction of MaxHR
	intensity string  // FIT lap intensity
	trigger   string  // FIT lap trigger of the lap this segment closes
	step      int     // workout step index, or -1
	autoLap   float64 // metres, 0 for none
}

// Random streams: the plan draws from one PCG stream, each session's samples from another,
// seeded by a number the plan drew for it, so that sessions can be synthesised in any order.
const (
	planStream    = 0x65617379646179 // "easyday"
	sessionStream = 0x73616d706c6573 // "samples"
)

// synthesize returns the activity a watch would record for s: 1 Hz samples (whole seconds, or
// half seconds when s.frac), laps, timer events and the device summary, every value quantised
// to what a FIT file holds.
func synthesize(s *session, routes *[numRoutes]*route) activity.Activity {
	rng := rand.New(rand.NewPCG(s.seed, sessionStream))
	rt := routes[s.route]

	total := s.plannedTimer()
	pauses := planPauses(s.pauses, total, rng)
	artFrom, artTo := hrArtifactSpan(s.hrArtifact, total, rng)

	n := int(total*1.02) + len(pauses) + 16
	samples := make([]activity.Sample, 0, n)
	bounds := make([]boundary, 0, 64)
	timer := make([]activity.TimerEvent, 0, 2+2*len(pauses))

	start := s.start
	t0 := start
	if s.frac {
		t0 = t0.Add(500 * time.Millisecond)
	}
	t0 = t0.UTC()
	timer = append(timer, activity.TimerEvent{Time: t0, Start: true})

	// State.
	var (
		spd       = s.segs[0].speed * 0.45
		hr        = s.initHR
		spdNoise  float64
		hrNoise   float64
		wander    = 1.0
		gpsX      float64
		gpsY      float64
		altNoise  float64
		dist      float64
		wall      int
		tsec      int // timer seconds
		offset    = rng.Float64() * rt.length
		alphaUp   = 1 - math.Exp(-1.0/30)
		alphaDown = 1 - math.Exp(-1.0/40)
		alphaSpd  = 1 - math.Exp(-1.0/4)
		gradeSpd  = 3.0
		gradeHR   = 150.0
		cadBase   float64
		cadSlope  float64
		outdoor   = !s.indoor
	)
	switch s.sport {
	case activity.SportRunning:
		cadBase, cadSlope = 75, 4.5 // strides per minute: half of 150 + 9 × speed steps per minute
	case activity.SportWalking:
		cadBase, cadSlope = 38, 12
	case activity.SportCycling:
		cadBase, cadSlope, gradeSpd, gradeHR = 84, 0, 8, 250
	case activity.SportSwimming:
		cadBase, cadSlope, gradeSpd, gradeHR = 26, 2, 0, 0
	}
	pi := 0

	emit := func(speed float64) {
		smp := activity.NewSample(t0.Add(time.Duration(wall) * time.Second))
		smp.Distance = quant(dist, 100)
		smp.Speed = quant(speed, 1000)
		if outdoor {
			along := offset + dist
			x, y := rt.at(along)
			lat, lon := rt.degrees(x+gpsX, y+gpsY)
			smp.Lat, smp.Lon = quantDeg(lat), quantDeg(lon)
			alt, _ := rt.altitude(along)
			smp.Altitude = quantAlt(alt + altNoise)
		}
		cad := cadBase + cadSlope*speed + rng.NormFloat64()*0.6
		if speed < 0.3 {
			cad = 0
		}
		smp.Cadence = math.Max(0, math.Round(cad))
		if !s.noHR {
			v := hr + hrNoise
			if tsec >= artFrom && tsec < artTo {
				v = 2*smp.Cadence + rng.NormFloat64()
			}
			smp.HeartRate = math.Round(v)
		}
		samples = append(samples, smp)
	}
	emit(spd)

	for si := range s.segs {
		sg := &s.segs[si]
		segT0, segD0 := tsec, dist
		nextLap := segD0 + sg.autoLap
		for {
			if sg.dur > 0 && float64(tsec-segT0) >= sg.dur {
				break
			}
			if sg.dur == 0 && dist-segD0 >= sg.dist {
				break
			}
			// One second.
			along := offset + dist
			_, grade := rt.altitude(along)
			if !outdoor {
				grade = 0
			}
			wander = 0.995*wander + 0.005 + rng.NormFloat64()*0.002
			target := sg.speed * wander * (1 - gradeSpd*grade)
			spd += (target - spd) * alphaSpd
			spdNoise = 0.9*spdNoise + rng.NormFloat64()*0.02
			speed := math.Max(0.3, spd+spdNoise)
			dist += speed

			hrTarget := sg.effort*MaxHR + gradeHR*grade
			if h := float64(tsec)/3600 - 0.4; h > 0 {
				hrTarget += s.drift * h
			}
			if hrTarget > hr {
				hr += (hrTarget - hr) * alphaUp
			} else {
				hr += (hrTarget - hr) * alphaDown
			}
			hrNoise = 0.85*hrNoise + rng.NormFloat64()*0.6
			if outdoor {
				gpsX = 0.95*gpsX + rng.NormFloat64()*0.4
				gpsY = 0.95*gpsY + rng.NormFloat64()*0.4
				altNoise = 0.98*altNoise + rng.NormFloat64()*0.03
			}
			tsec++
			wall++
			emit(speed)

			if sg.autoLap > 0 && dist >= nextLap {
				bounds = append(bounds, boundary{idx: len(samples) - 1, next: si, trigger: "distance"})
				nextLap += sg.autoLap
			}
			if pi < len(pauses) && tsec == pauses[pi].at {
				// The timer stops after this sample and restarts dur seconds later.
				p := pauses[pi]
				pi++
				stop := samples[len(samples)-1].Time
				timer = append(timer, activity.TimerEvent{Time: stop, Start: false},
					activity.TimerEvent{Time: stop.Add(time.Duration(p.dur) * time.Second), Start: true})
				for range p.dur {
					hr += (0.52*MaxHR - hr) * alphaDown
				}
				hrNoise = 0
				wall += p.dur
				spd, spdNoise = 0.4*sg.speed, 0
				emit(0)
			}
		}
		if si < len(s.segs)-1 {
			idx := len(samples) - 1
			if k := len(bounds) - 1; k >= 0 && bounds[k].idx == idx {
				bounds[k] = boundary{idx: idx, next: si + 1, trigger: sg.trigger}
			} else {
				bounds = append(bounds, boundary{idx: idx, next: si + 1, trigger: sg.trigger})
			}
		}
	}
	last := len(samples) - 1
	end := samples[last].Time
	timer = append(timer, activity.TimerEvent{Time: end, Start: false})

	a := activity.Activity{
		Source:       activity.Source{Format: activity.FormatFIT},
		Sport:        s.sport,
		SubSport:     s.subSport,
		Name:         s.name,
		Start:        t0.In(start.Location()),
		HasUTCOffset: true,
		Device:       s.device.name,
		Samples:      samples,
		Timer:        timer,
	}

	a.Laps = laps(s.segs, samples, bounds, timer)
	a.Summary = deviceSummary(samples, timer)
	return a
}

// pause is the timer stopped at a traffic light or a drinks stop: after timer second at, for dur
// seconds.
type pause struct{ at, dur int }

// planPauses spreads n pauses over the steady part of a session of total timer seconds.
func planPauses(n int, total float64, rng *rand.Rand) []pause {
	pauses := make([]pause, 0, n)
	from := int(math.Min(300, total/4))
	span := int(total-math.Min(120, total/4)) - from
	for k := range n {
		lo := from + k*span/n
		hi := from + (k+1)*span/n
		if hi <= lo+10 {
			break
		}
		pauses = append(pauses, pause{at: lo + rng.IntN(hi-lo), dur: 15 + rng.IntN(75)})
	}
	return pauses
}

// hrArtifactSpan is when an optical sensor locks onto the cadence for a minute or so, in timer
// seconds; -1, -1 for none.
func hrArtifactSpan(artifact bool, total float64, rng *rand.Rand) (from, to int) {
	if !artifact || total <= 900 {
		return -1, -1
	}
	from = 400 + rng.IntN(int(total)-800)
	return from, from + 40 + rng.IntN(60)
}

// boundary is where a lap ends in the samples.
type boundary struct {
	idx     int    // the first sample of the next lap
	next    int    // the segment the next lap belongs to
	trigger string // trigger of the lap that ends at idx
}

// laps cuts the samples into laps at bounds: lap k runs from sample starts[k] to starts[k+1]
// (the first sample of the next lap), with the intensity and workout step of its segment.
func laps(segs []segment, samples []activity.Sample, bounds []boundary, timer []activity.TimerEvent) []activity.Lap {
	last := len(samples) - 1
	starts := make([]int, 0, len(bounds)+1)
	starts = append(starts, 0)
	segOf := make([]int, 0, len(bounds)+1)
	segOf = append(segOf, 0)
	trig := make([]string, 0, len(bounds)+1)
	for _, b := range bounds {
		if b.idx >= last || b.idx <= starts[len(starts)-1] {
			continue
		}
		starts = append(starts, b.idx)
		trig = append(trig, b.trigger)
		segOf = append(segOf, b.next)
	}
	trig = append(trig, "session_end")
	out := make([]activity.Lap, len(starts))
	for k, from := range starts {
		to := last
		if k+1 < len(starts) {
			to = starts[k+1]
		}
		sg := &segs[segOf[k]]
		lap := activity.NewLap(samples[from].Time)
		lap.ElapsedS = samples[to].Time.Sub(samples[from].Time).Seconds()
		lap.TimerS = lap.ElapsedS - stoppedBetween(timer, samples[from].Time, samples[to].Time)
		lap.DistanceM = quant(samples[to].Distance-samples[from].Distance, 100)
		if lap.TimerS > 0 {
			lap.AvgSpeed = quant(lap.DistanceM/lap.TimerS, 1000)
		}
		hi := to
		if k == len(starts)-1 {
			hi = to + 1
		}
		lap.AvgHR, lap.MaxHR = hrStats(samples[from:hi])
		lap.Intensity = sg.intensity
		lap.Trigger = trig[k]
		lap.WorkoutStep = sg.step
		out[k] = lap
	}
	return out
}

// deviceSummary is what the watch writes in its session message.
func deviceSummary(samples []activity.Sample, timer []activity.TimerEvent) *activity.DeviceSummary {
	last := len(samples) - 1
	end := samples[last].Time
	sum := &activity.DeviceSummary{
		DistanceM: samples[last].Distance,
		ElapsedS:  end.Sub(samples[0].Time).Seconds(),
	}
	sum.TimerS = sum.ElapsedS - stoppedBetween(timer, samples[0].Time, end)
	sum.AvgHR, sum.MaxHR = hrStats(samples)
	sum.TotalTrainingEffect = trainingEffect(samples)
	return sum
}

// stoppedBetween returns the seconds the timer was stopped between from and to.
func stoppedBetween(events []activity.TimerEvent, from, to time.Time) float64 {
	var s float64
	for i, e := range events {
		if e.Start || i+1 >= len(events) || !events[i+1].Start {
			continue
		}
		a, b := e.Time, events[i+1].Time
		if a.Before(from) {
			a = from
		}
		if b.After(to) {
			b = to
		}
		if b.After(a) {
			s += b.Sub(a).Seconds()
		}
	}
	return s
}

// hrStats returns the rounded mean and the maximum heart rate of the samples, NaN without HR.
func hrStats(samples []activity.Sample) (avg, maxHR float64) {
	var sum float64
	n := 0
	maxHR = math.NaN()
	for i := range samples {
		h := samples[i].HeartRate
		if math.IsNaN(h) {
			continue
		}
		sum += h
		n++
		if !(h <= maxHR) {
			maxHR = h
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	return math.Round(sum / float64(n)), maxHR
}

// trainingEffect is a stand-in for a watch's aerobic training effect (0–5, one decimal):
// Banister's TRIMP over the samples, scaled.
func trainingEffect(samples []activity.Sample) float64 {
	var trimp float64
	n := 0
	for i := range samples {
		h := samples[i].HeartRate
		if math.IsNaN(h) {
			continue
		}
		n++
		r := (h - RestingHR) / (MaxHR - RestingHR)
		if r <= 0 {
			continue
		}
		trimp += r * 0.64 * math.Exp(1.92*r) / 60
	}
	if n == 0 {
		return math.NaN()
	}
	return quant(math.Min(5, 1+trimp/60), 10)
}
