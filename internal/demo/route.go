package demo

import "math"

// A route is a closed loop near Berlin, tabulated every routeStep metres of its length, with a
// gently rolling altitude profile (one, the hill, climbs and descends 120 m a loop). Routes are built once and only read afterwards, so that
// activities can be synthesised in parallel.
type route struct {
	name       string
	lat0, lon0 float64   // centre, degrees
	x, y       []float64 // metres east and north of the centre, every routeStep metres
	length     float64   // metres
	altBase    float64
	altAmp     [2]float64 // amplitudes of the two altitude harmonics, metres
	altWaves   [2]float64 // number of waves per loop
	altPhase   [2]float64
}

const routeStep = 2.0 // metres

// routeSpec describes a loop: an ellipse with a few harmonics, rotated.
type routeSpec struct {
	name       string
	lat0, lon0 float64
	a, b       float64 // semi-axes, metres
	rot        float64 // radians
	harm       [3][3]float64
	altBase    float64
	altAmp     [2]float64
	altWaves   [2]float64
}

// The routes, by use.
const (
	routePark  = iota // a loop round a big park, ~7.5 km: easy, long and recovery runs
	routeField        // a loop on an old airfield, ~5.5 km: intervals, tempo
	routeRiver        // along the river, ~8 km: long runs, races
	routeSmall        // a small park, ~3.5 km: recovery runs and walks
	routeRide         // a ride out of town and back, ~50 km
	routeHill         // a loop over a hill, ~5.8 km, 120 m up and down, grades to about 8%: long runs
	numRoutes
)

var routeSpecs = [numRoutes]routeSpec{
	routePark: {name: "park", lat0: 52.5145, lon0: 13.3500, a: 1500, b: 900, rot: 0.12,
		harm:    [3][3]float64{{2, 0.06, 0.3}, {3, 0.04, 1.1}, {5, 0.015, 2.0}},
		altBase: 36, altAmp: [2]float64{2.5, 1.0}, altWaves: [2]float64{2, 7}},
	routeField: {name: "field", lat0: 52.4730, lon0: 13.4020, a: 1000, b: 800, rot: -0.3,
		harm:    [3][3]float64{{2, 0.03, 0.0}, {4, 0.02, 0.7}, {6, 0.01, 1.5}},
		altBase: 48, altAmp: [2]float64{1.2, 0.5}, altWaves: [2]float64{1, 4}},
	routeRiver: {name: "river", lat0: 52.4900, lon0: 13.4700, a: 1800, b: 700, rot: 0.6,
		harm:    [3][3]float64{{2, 0.08, 2.1}, {3, 0.05, 0.4}, {7, 0.01, 1.0}},
		altBase: 34, altAmp: [2]float64{3.0, 1.0}, altWaves: [2]float64{3, 8}},
	routeSmall: {name: "small", lat0: 52.5280, lon0: 13.4330, a: 600, b: 500, rot: 0.9,
		harm:    [3][3]float64{{2, 0.05, 0.5}, {3, 0.03, 2.5}, {5, 0.01, 0.2}},
		altBase: 55, altAmp: [2]float64{3.0, 1.0}, altWaves: [2]float64{1, 3}},
	routeRide: {name: "ride", lat0: 52.4700, lon0: 13.3000, a: 9000, b: 7000, rot: 0.4,
		harm:    [3][3]float64{{2, 0.10, 1.3}, {3, 0.06, 0.2}, {5, 0.03, 2.7}},
		altBase: 50, altAmp: [2]float64{12, 4}, altWaves: [2]float64{3, 11}},
	routeHill: {name: "hill", lat0: 52.4975, lon0: 13.2410, a: 1100, b: 700, rot: 0.2,
		harm:    [3][3]float64{{2, 0.05, 0.9}, {3, 0.03, 0.1}, {5, 0.01, 1.7}},
		altBase: 90, altAmp: [2]float64{60, 5}, altWaves: [2]float64{1, 2}},
}

// newRoutes builds every route.
func newRoutes() *[numRoutes]*route {
	var rs [numRoutes]*route
	for i := range routeSpecs {
		rs[i] = buildRoute(&routeSpecs[i])
	}
	return &rs
}

func buildRoute(sp *routeSpec) *route {
	const m = 8192
	px := make([]float64, m+1)
	py := make([]float64, m+1)
	cum := make([]float64, m+1)
	sin, cos := math.Sincos(sp.rot)
	for i := 0; i <= m; i++ {
		th := 2 * math.Pi * float64(i) / m
		r := 1.0
		for _, h := range sp.harm {
			r += h[1] * math.Sin(h[0]*th+h[2])
		}
		x := sp.a * r * math.Cos(th)
		y := sp.b * r * math.Sin(th)
		px[i] = x*cos - y*sin
		py[i] = x*sin + y*cos
		if i > 0 {
			cum[i] = cum[i-1] + math.Hypot(px[i]-px[i-1], py[i]-py[i-1])
		}
	}
	length := cum[m]
	n := int(length / routeStep)
	rt := &route{name: sp.name, lat0: sp.lat0, lon0: sp.lon0, length: float64(n) * routeStep,
		x: make([]float64, n), y: make([]float64, n), altBase: sp.altBase, altAmp: sp.altAmp,
		altWaves: sp.altWaves, altPhase: [2]float64{0.4, 1.9}}
	// Resample at equal arc length; the loop is closed by scaling the last step.
	scale := length / rt.length
	j := 0
	for k := range n {
		s := float64(k) * routeStep * scale
		for j < m-1 && cum[j+1] < s {
			j++
		}
		f := (s - cum[j]) / (cum[j+1] - cum[j])
		rt.x[k] = px[j] + f*(px[j+1]-px[j])
		rt.y[k] = py[j] + f*(py[j+1]-py[j])
	}
	return rt
}

// at returns the position in metres (east, north of the centre) at distance s along the loop.
func (r *route) at(s float64) (x, y float64) {
	s = math.Mod(s, r.length)
	if s < 0 {
		s += r.length
	}
	f := s / routeStep
	i := int(f)
	f -= float64(i)
	j := i + 1
	if j == len(r.x) {
		j = 0
	}
	if i >= len(r.x) {
		i, j, f = len(r.x)-1, 0, 0
	}
	return r.x[i] + f*(r.x[j]-r.x[i]), r.y[i] + f*(r.y[j]-r.y[i])
}

// degrees converts metres east and north of the route's centre to latitude and longitude.
func (r *route) degrees(x, y float64) (lat, lon float64) {
	const mPerDeg = 111320.0
	lat = r.lat0 + y/mPerDeg
	lon = r.lon0 + x/(mPerDeg*math.Cos(r.lat0*math.Pi/180))
	return lat, lon
}

// altitude returns the altitude in metres and the grade (rise over run) at distance s.
func (r *route) altitude(s float64) (alt, grade float64) {
	alt = r.altBase
	for k := range 2 {
		w := 2 * math.Pi * r.altWaves[k] / r.length
		sin, cos := math.Sincos(w*s + r.altPhase[k])
		alt += r.altAmp[k] * sin
		grade += r.altAmp[k] * w * cos
	}
	return alt, grade
}
