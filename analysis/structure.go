package analysis

// One piece although past 600 lines: the work-bout finders (workout steps, lap intensity,
// alternating laps, the speed or heart-rate signal) share the segment type, the chain rules and
// the test of "clearly harder", and StructureOf reads from top to bottom.

import (
	"maps"
	"math"
	"slices"
	"sort"
	"time"

	"gonum.org/v1/gonum/stat"

	"github.com/easyday/easyday/activity"
)

// Interval rules: what makes repeated work bouts (DESIGN.md "Analysis rules", intervals).
const (
	// IntervalSpeedRatio: a work bout is clearly harder than a recovery when it is this much
	// faster (15%) ...
	IntervalSpeedRatio = 1.15
	// IntervalHRRatio: ... or, compared by heart rate, this much higher (8%).
	IntervalHRRatio = 1.08
	// MinWorkBouts: intervals are at least this many work bouts.
	MinWorkBouts = 3

	// BoutMinS and BoutMaxS bound a work bout found in laps or in the signal (seconds); a
	// longer stretch is a tempo block, a shorter one a stride.
	BoutMinS = 45.0
	BoutMaxS = 12 * 60.0
	// RecoveryMinS and RecoveryMaxS bound the recovery between two bouts found in laps or in
	// the signal: a shorter easing is a stop within a bout (a traffic light), a longer one
	// separates unrelated efforts.
	RecoveryMinS = 45.0
	RecoveryMaxS = 10 * 60.0
	// MarkedBoutMinS: a work step or lap the file itself marks (workout steps, lap intensity)
	// counts from this long, with any recovery up to RecoveryMaxS.
	MarkedBoutMinS = 20.0

	// smoothS is the width (seconds) of the rolling median the speed, heart-rate and effort
	// signals are smoothed with: it removes GPS and sensor noise and keeps the edges of bouts
	// where they are.
	smoothS = 20.0
	// hysteresis: a bout begins above the two-level threshold by this share of the gap to the
	// upper level's mean, and ends below it by this share of the gap to the lower level's.
	hysteresis = 0.2
	// tinyLapS: a lap shorter than this is a button press, absorbed by the lap before it.
	tinyLapS = 10.0

	// MinSeparability: bouts are detected in the signal only where it has two distinct
	// levels, Otsu's separability (see levels.sep) at least this: a steady run's noise, hills and
	// surges stay well below it, a session of repetitions with its warm-up lies above.
	MinSeparability = 0.70
	// JogSpeed (m/s, 9:15/km): a recovery detected in the signal is at least a jog; slower
	// breaks (walking, standing with the timer running) are the stops of a run-walk, a
	// trail's climbs or a town run's lights, not the recoveries of intervals. Laps and
	// workout steps that mark a standing recovery still count.
	JogSpeed = 1.8
)

// StructureOf finds an activity's work and recovery bouts, trying in this order and keeping
// the first that shows MinWorkBouts or more clearly harder bouts:
//
//  1. The file's own structure: FIT workout steps or lap intensities (active/interval work
//     against rest/recovery; TCX Active against Resting). Consecutive laps of one workout
//     step (auto-laps within a repetition) are one bout. Work steps count from
//     MarkedBoutMinS to BoutMaxS; whether they were clearly harder is Classify's question.
//  2. Laps that alternate clearly: the laps are split into two levels of speed (heart rate
//     when laps have no speed) by Otsu's threshold, weighted by lap time; consecutive laps of
//     a level join, a lap under tinyLapS joins the one before; each bout lasts BoutMinS to
//     BoutMaxS, each recovery between two bouts RecoveryMinS to RecoveryMaxS, and each bout
//     is IntervalSpeedRatio faster (IntervalHRRatio higher by heart rate) than the recoveries
//     beside it, its heart rate above theirs where known.
//  3. In a run, bouts detected in the signal, so that files without laps (GPX) show their
//     intervals (a ride's or a swim's speed follows the terrain and the pool, not the plan):
//     speed (heart rate when under half the moving time has speed) on the moving-time axis,
//     smoothed by a 20 s rolling median, split into two levels by Otsu's threshold with
//     hysteresis, then held to the same rules as laps.
//
// Without two bouts or more it returns From "" and NaN averages. Otherwise it returns the
// bouts found (the longest chain of work bouts with recoveries between them), even too few or
// not clearly harder, so that Classify can say what it saw.
func StructureOf(a *activity.Activity, p Profile) Structure {
	return newSeries(a, p).structure()
}

// boutKind is what a segment of an activity was.
type boutKind uint8

const (
	boutOther boutKind = iota // warm-up, cool-down, or unmarked
	boutWork
	boutRest
)

// segment is a stretch of an activity (laps, or samples) with its time-weighted means.
type segment struct {
	kind boutKind
	dur  float64 // seconds
	// sums of value × seconds and seconds with the value known
	vS, vW, hS, hW, eS, eW float64
}

func (g *segment) add(o segment) {
	g.dur += o.dur
	g.vS += o.vS
	g.vW += o.vW
	g.hS += o.hS
	g.hW += o.hW
	g.eS += o.eS
	g.eW += o.eW
}

func safeMean(s, w float64) float64 {
	if w <= 0 {
		return math.NaN()
	}
	return s / w
}

func (g segment) speed() float64  { return safeMean(g.vS, g.vW) }
func (g segment) hr() float64     { return safeMean(g.hS, g.hW) }
func (g segment) effort() float64 { return safeMean(g.eS, g.eW) }

// signalKind says what a level split and the contrast between bouts are measured on.
type signalKind uint8

const (
	bySpeed signalKind = iota
	byHR
)

func (g segment) value(by signalKind) float64 {
	if by == byHR {
		return g.hr()
	}
	return g.speed()
}

// harder reports whether work is clearly harder than rest by the signal: IntervalSpeedRatio
// faster with a heart rate above the recovery's where both are known, or IntervalHRRatio
// higher by heart rate.
func harder(work, rest segment, by signalKind) bool {
	if by == byHR {
		return work.hr() >= IntervalHRRatio*rest.hr()
	}
	if !(work.speed() >= IntervalSpeedRatio*rest.speed()) {
		return false
	}
	wh, rh := work.hr(), rest.hr()
	return math.IsNaN(wh) || math.IsNaN(rh) || wh > rh
}

// chainRules are the limits a chain of bouts is held to.
type chainRules struct {
	boutMin, boutMax, recMin, recMax float64
	pairs                            bool // each recovery clearly easier than the bouts beside it
	by                               signalKind
	recFloor                         float64 // the slowest a recovery may be, m/s (by speed)
}

// boutChain is a run of work bouts with a recovery between each two.
type boutChain struct{ works, recs []segment }

// bestChain returns the longest chain of valid work bouts with valid recoveries between them.
func bestChain(segs []segment, r chainRules) boutChain {
	var best, cur boutChain
	var rest *segment
	closeCur := func() {
		if len(cur.works) > len(best.works) {
			best = cur
		}
		cur, rest = boutChain{}, nil
	}
	for k := range segs {
		g := segs[k]
		switch {
		case g.kind == boutWork && g.dur >= r.boutMin && g.dur <= r.boutMax:
			if len(cur.works) > 0 && rest != nil &&
				(!r.pairs || harder(cur.works[len(cur.works)-1], *rest, r.by) && harder(g, *rest, r.by)) {
				cur.recs = append(cur.recs, *rest)
				cur.works = append(cur.works, g)
				rest = nil
				continue
			}
			closeCur()
			cur.works = []segment{g}
		case g.kind == boutRest && len(cur.works) > 0 && rest == nil && g.dur >= r.recMin && g.dur <= r.recMax &&
			!(r.by == bySpeed && g.speed() < r.recFloor):
			rest = &segs[k]
		default:
			closeCur()
		}
	}
	closeCur()
	return best
}

// denoise merges, shortest first, every inner segment shorter than its kind's minimum with
// the segments on both sides (of the other kind), so that a stop within a bout or a blip
// within a recovery does not split it. segs alternate between work and rest.
func denoise(segs []segment, workMin, restMin float64) []segment {
	for {
		best := -1
		for k := 1; k < len(segs)-1; k++ {
			lim := restMin
			if segs[k].kind == boutWork {
				lim = workMin
			}
			if segs[k].dur < lim && (best < 0 || segs[k].dur < segs[best].dur) {
				best = k
			}
		}
		if best < 0 {
			return segs
		}
		m := segs[best-1]
		m.add(segs[best])
		m.add(segs[best+1])
		segs[best-1] = m
		segs = slices.Delete(segs, best, best+2)
	}
}

// joinSame merges consecutive segments of the same kind.
func joinSame(segs []segment) []segment {
	out := segs[:0]
	for _, g := range segs {
		if n := len(out); n > 0 && out[n-1].kind == g.kind {
			out[n-1].add(g)
			continue
		}
		out = append(out, g)
	}
	return out
}

func (sr *series) structure() Structure {
	var partial []Structure
	laps := sr.lapStats()
	for _, try := range []func([]lapStat) (Structure, bool){sr.marked, sr.alternating, sr.detected} {
		st, ok := try(laps)
		if !ok {
			continue
		}
		if st.WorkBouts >= MinWorkBouts && st.ClearlyHarder() {
			return st
		}
		partial = append(partial, st)
	}
	best := Structure{From: "", WorkEffort: math.NaN(), RecoveryEffort: math.NaN(),
		WorkPaceSPerKm: math.NaN(), RecoveryPaceSPerKm: math.NaN(), WorkHR: math.NaN(), RecoveryHR: math.NaN()}
	for _, st := range partial {
		if st.WorkBouts >= 2 && st.WorkBouts > best.WorkBouts {
			best = st
		}
	}
	return best
}

// structureOf sums a chain into a Structure.
func structureOf(from string, c boutChain) (Structure, bool) {
	if len(c.works) == 0 {
		return Structure{}, false
	}
	var w, r segment
	for _, g := range c.works {
		w.add(g)
	}
	for _, g := range c.recs {
		r.add(g)
	}
	pace := func(g segment) float64 {
		if v := g.speed(); v > 0 {
			return 1000 / v
		}
		return math.NaN()
	}
	return Structure{From: from, WorkBouts: len(c.works), WorkS: w.dur, RecoveryS: r.dur,
		WorkEffort: w.effort(), RecoveryEffort: r.effort(),
		WorkPaceSPerKm: pace(w), RecoveryPaceSPerKm: pace(r),
		WorkHR: w.hr(), RecoveryHR: r.hr()}, true
}

// lapStat is one lap with what its samples say.
type lapStat struct {
	seg       segment
	intensity string
	step      int
}

// lapStats measures each lap: its time (timer time, else elapsed, else its window), speed
// (the lap's own average, else its distance over its time, else its samples'), heart rate
// and effort (its samples', cleaned; else the lap's average heart rate when plausible).
func (sr *series) lapStats() []lapStat {
	a := sr.a
	if len(a.Laps) == 0 {
		return nil
	}
	smp := a.Samples
	out := make([]lapStat, 0, len(a.Laps))
	for k, l := range a.Laps {
		from := l.Start
		var to time.Time
		switch d := firstKnown(l.ElapsedS, l.TimerS); {
		case k+1 < len(a.Laps) && a.Laps[k+1].Start.After(from):
			to = a.Laps[k+1].Start
		case d > 0:
			to = from.Add(time.Duration(d * float64(time.Second)))
		case len(smp) > 0:
			to = smp[len(smp)-1].Time.Add(time.Nanosecond)
		}
		i := sort.Search(len(smp), func(i int) bool { return !smp[i].Time.Before(from) })
		j := sort.Search(len(smp), func(j int) bool { return !smp[j].Time.Before(to) })
		if k == len(a.Laps)-1 {
			j = len(smp)
		}
		fromSamples := sr.segmentOf(i, j, sr.w)
		g := segment{dur: firstKnown(l.TimerS, l.ElapsedS)}
		if !(g.dur > 0) {
			g.dur = to.Sub(from).Seconds()
		}
		if !(g.dur > 0) {
			g.dur = fromSamples.dur
		}
		v := l.AvgSpeed
		if math.IsNaN(v) && l.DistanceM >= 0 && g.dur > 0 {
			v = l.DistanceM / g.dur
		}
		if math.IsNaN(v) {
			v = fromSamples.speed()
		}
		h := fromSamples.hr()
		if math.IsNaN(h) && l.AvgHR >= HRMin && l.AvgHR <= HRMax {
			h = l.AvgHR
		}
		e := fromSamples.effort()
		for _, x := range []struct {
			v    float64
			s, w *float64
		}{{v, &g.vS, &g.vW}, {h, &g.hS, &g.hW}, {e, &g.eS, &g.eW}} {
			if !math.IsNaN(x.v) && !math.IsInf(x.v, 0) {
				*x.s, *x.w = x.v*g.dur, g.dur
			}
		}
		out = append(out, lapStat{seg: g, intensity: l.Intensity, step: l.WorkoutStep})
	}
	return out
}

func firstKnown(vs ...float64) float64 {
	for _, v := range vs {
		if !math.IsNaN(v) {
			return v
		}
	}
	return math.NaN()
}

// segmentOf sums samples [i, j) into a segment, each standing for its weight in w.
func (sr *series) segmentOf(i, j int, w []float64) segment {
	var g segment
	for k := i; k < j; k++ {
		g.dur += w[k]
		sr.addSample(&g, k, w[k])
	}
	return g
}

func (sr *series) addSample(g *segment, k int, w float64) {
	if w <= 0 {
		return
	}
	if v := sr.speed[k]; !math.IsNaN(v) {
		g.vS += v * w
		g.vW += w
	}
	if h := sr.hr[k]; !math.IsNaN(h) {
		g.hS += h * w
		g.hW += w
	}
	if e := sr.effort[k]; !math.IsNaN(e) {
		g.eS += e * w
		g.eW += w
	}
}

// marked reads the structure the file itself marks: lap intensities where some lap is a
// rest or recovery, else workout steps, where the fastest repeated step is the work and the
// other repeated steps the recoveries.
func (sr *series) marked(laps []lapStat) (Structure, bool) {
	restLap, steps := false, false
	for _, l := range laps {
		switch l.intensity {
		case "rest", "recovery", "resting":
			restLap = true
		}
		if l.step >= 0 {
			steps = true
		}
	}
	if !restLap && !steps {
		return Structure{}, false
	}
	// groups: consecutive laps of one step and intensity; without steps, a lap whose speed
	// differs by IntervalSpeedRatio from the group's starts a new one.
	type group struct {
		seg       segment
		intensity string
		step      int
	}
	var groups []group
	for _, l := range laps {
		if n := len(groups); n > 0 {
			g := &groups[n-1]
			same := g.step == l.step && g.intensity == l.intensity
			if same && l.step < 0 {
				a, b := g.seg.speed(), l.seg.speed()
				same = math.IsNaN(a) || math.IsNaN(b) || math.Max(a, b) < IntervalSpeedRatio*math.Min(a, b)
			}
			if same {
				g.seg.add(l.seg)
				continue
			}
		}
		groups = append(groups, group{seg: l.seg, intensity: l.intensity, step: l.step})
	}
	from := "lap intensity"
	if restLap {
		for k := range groups {
			switch groups[k].intensity {
			case "active", "interval":
				groups[k].seg.kind = boutWork
			case "rest", "recovery", "resting":
				groups[k].seg.kind = boutRest
			}
		}
	} else {
		from = "workout steps"
		type stepStat struct {
			seg    segment
			groups int
		}
		stats := map[int]*stepStat{}
		for _, g := range groups {
			if g.step < 0 {
				continue
			}
			st := stats[g.step]
			if st == nil {
				st = &stepStat{}
				stats[g.step] = st
			}
			st.seg.add(g.seg)
			st.groups++
		}
		by := bySpeed
		for _, st := range stats {
			if st.groups >= 2 && math.IsNaN(st.seg.speed()) {
				by = byHR
			}
		}
		work, top := -1, math.Inf(-1)
		for _, step := range slices.Sorted(maps.Keys(stats)) { // in order: of equals, the first
			if v := stats[step].seg.value(by); stats[step].groups >= 2 && v > top {
				work, top = step, v
			}
		}
		if work < 0 {
			return Structure{}, false
		}
		for k := range groups {
			st := stats[groups[k].step]
			switch {
			case groups[k].step < 0 || st.groups < 2:
			case groups[k].step == work:
				groups[k].seg.kind = boutWork
			default:
				groups[k].seg.kind = boutRest
			}
		}
	}
	segs := make([]segment, len(groups))
	for k, g := range groups {
		segs[k] = g.seg
	}
	c := bestChain(segs, chainRules{boutMin: MarkedBoutMinS, boutMax: BoutMaxS, recMin: 0, recMax: RecoveryMaxS})
	return structureOf(from, c)
}

// alternating finds bouts in laps that alternate between two levels.
func (sr *series) alternating(laps []lapStat) (Structure, bool) {
	if len(laps) < 2*MinWorkBouts-1 {
		return Structure{}, false
	}
	by := bySpeed
	for _, l := range laps {
		if l.seg.dur >= tinyLapS && math.IsNaN(l.seg.speed()) {
			by = byHR
			break
		}
	}
	vals := make([]float64, 0, len(laps))
	wts := make([]float64, 0, len(laps))
	for _, l := range laps {
		if v := l.seg.value(by); l.seg.dur >= tinyLapS && !math.IsNaN(v) {
			vals = append(vals, v)
			wts = append(wts, l.seg.dur)
		} else if l.seg.dur >= tinyLapS {
			return Structure{}, false // a lap without the signal: no two levels to tell apart
		}
	}
	sp, ok := otsu(vals, wts)
	if !ok {
		return Structure{}, false
	}
	thr := sp.thr
	var segs []segment
	for _, l := range laps {
		g := l.seg
		if g.dur < tinyLapS || math.IsNaN(g.value(by)) {
			if n := len(segs); n > 0 {
				segs[n-1].add(g)
			}
			continue
		}
		g.kind = boutRest
		if g.value(by) >= thr {
			g.kind = boutWork
		}
		segs = append(segs, g)
	}
	segs = denoise(joinSame(segs), BoutMinS, RecoveryMinS)
	c := bestChain(segs, chainRules{boutMin: BoutMinS, boutMax: BoutMaxS, recMin: RecoveryMinS,
		recMax: RecoveryMaxS, pairs: true, by: by})
	return structureOf("laps", c)
}

// detected finds bouts in the speed (or heart-rate) signal of a run.
func (sr *series) detected([]lapStat) (Structure, bool) {
	if sr.a.Sport != activity.SportRunning {
		return Structure{}, false
	}
	n := len(sr.speed)
	var withSpeed, total float64
	for i := range n {
		total += sr.w[i]
		if !math.IsNaN(sr.speed[i]) {
			withSpeed += sr.w[i]
		}
	}
	if total <= 0 {
		return Structure{}, false
	}
	by, sm := bySpeed, []float64(nil)
	if withSpeed < total/2 {
		by, sm = byHR, rollingMedian(sr.hr, sr.t, smoothS/2, sr.w)
	} else {
		sm = sr.smoothedSpeed()
	}
	sp, ok := otsu(sm, sr.w)
	if !ok || sp.sep < MinSeparability {
		return Structure{}, false
	}
	enter := sp.thr + hysteresis*(sp.hi-sp.thr)
	leave := sp.thr - hysteresis*(sp.thr-sp.lo)
	var segs []segment
	work := false
	for i := range n {
		if v := sm[i]; !math.IsNaN(v) {
			switch {
			case !work && v >= enter:
				work = true
			case work && v < leave:
				work = false
			}
		}
		w := sr.w[i]
		if w <= 0 {
			continue
		}
		k := boutRest
		if work {
			k = boutWork
		}
		if m := len(segs); m == 0 || segs[m-1].kind != k {
			segs = append(segs, segment{kind: k})
		}
		g := &segs[len(segs)-1]
		g.dur += w
		sr.addSample(g, i, w)
	}
	segs = denoise(segs, BoutMinS, RecoveryMinS)
	c := bestChain(segs, chainRules{boutMin: BoutMinS, boutMax: BoutMaxS, recMin: RecoveryMinS,
		recMax: RecoveryMaxS, pairs: true, by: by, recFloor: JogSpeed})
	return structureOf("detected", c)
}

// levels is a division of weighted values into two levels by Otsu's threshold.
type levels struct {
	thr    float64 // values at or above it are the upper level
	lo, hi float64 // the levels' weighted means
	// sep is Otsu's separability: the share of the values' variance that lies between the
	// two levels, 0–1. A unimodal spread (a steady run's noise and hills) gives about 0.64
	// (2/π for a normal distribution); two distinct levels give 0.8 and more.
	sep float64
}

// otsu splits the weighted values into two levels by Otsu's threshold over a histogram;
// false when the values do not spread.
func otsu(x, w []float64) (levels, bool) {
	const bins = 256
	mn, mx := math.Inf(1), math.Inf(-1)
	var tw, ts, tss float64
	for i, v := range x {
		if math.IsNaN(v) || w[i] <= 0 {
			continue
		}
		mn, mx = math.Min(mn, v), math.Max(mx, v)
		tw += w[i]
		ts += v * w[i]
		tss += v * v * w[i]
	}
	if !(mx-mn > 1e-9*math.Max(1, math.Abs(mx))) {
		return levels{}, false
	}
	var hw, hs [bins]float64
	width := (mx - mn) / bins
	for i, v := range x {
		if math.IsNaN(v) || w[i] <= 0 {
			continue
		}
		b := min(int((v-mn)/width), bins-1)
		hw[b] += w[i]
		hs[b] += v * w[i]
	}
	var w0, s0, bestVar float64
	var best levels
	found := false
	for b := range bins - 1 {
		w0 += hw[b]
		s0 += hs[b]
		w1 := tw - w0
		if w0 <= 0 || w1 <= 0 {
			continue
		}
		m0, m1 := s0/w0, (ts-s0)/w1
		// between-class variance, as a share of all the weight
		if v := w0 * w1 * (m0 - m1) * (m0 - m1) / (tw * tw); v > bestVar {
			bestVar, found = v, true
			// the threshold lies in the middle of the gap between the levels, where they leave one
			next := b + 1
			for next < bins-1 && hw[next] == 0 {
				next++
			}
			best = levels{thr: mn + float64(b+1+next)/2*width, lo: m0, hi: m1}
		}
	}
	if !found {
		return levels{}, false
	}
	mu := ts / tw
	if total := tss/tw - mu*mu; total > 0 {
		best.sep = math.Min(1, bestVar/total)
	}
	return best, true
}

// rollingMedian returns, for each sample with a known value and a positive weight, the median
// of the known values of the weighted samples within half seconds of it on the axis t; NaN
// elsewhere. t must not decrease.
func rollingMedian(x, t []float64, half float64, w []float64) []float64 {
	n := len(x)
	out := make([]float64, n)
	win := make(sortedWindow, 0, 64)
	use := func(j int) bool { return w[j] > 0 && !math.IsNaN(x[j]) }
	lo, hi := 0, 0
	for i := range n {
		out[i] = math.NaN()
		if !use(i) {
			continue
		}
		for ; hi < n && t[hi] <= t[i]+half; hi++ {
			if use(hi) {
				win.insert(x[hi])
			}
		}
		for ; lo < hi && t[lo] < t[i]-half; lo++ {
			if use(lo) {
				win.remove(x[lo])
			}
		}
		out[i] = win.median()
	}
	return out
}

// weightedMean is the mean of the known values x weighted by w; NaN without any.
func weightedMean(x, w []float64) float64 {
	var xs, ws []float64
	for i, v := range x {
		if !math.IsNaN(v) && w[i] > 0 {
			xs = append(xs, v)
			ws = append(ws, w[i])
		}
	}
	if len(xs) == 0 {
		return math.NaN()
	}
	return stat.Mean(xs, ws)
}
