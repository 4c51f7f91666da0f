package report

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/easyday/easyday/analysis"
)

// The charts of the HTML report, drawn with gonum/plot into SVG.
//
// Chart text (titles, axis and tick labels) is made here from numbers, dates and fixed words,
// never from a file; vgsvg escapes it all the same (html.EscapeString in Canvas.FillString).
// The SVG vgsvg writes is deterministic (no ids, no timestamps; numbers as %.5g); svgDoc only
// replaces its XML prelude and fixed-size root element with one that scales (a viewBox and no
// width or height).

// Chart sizes, in points: about a phone's width, so that the text reads at its natural size
// there; the page scales the SVGs to the width it has.
const (
	chartW   = vg.Length(320)
	chartH   = vg.Length(200)
	hrChartH = vg.Length(190)
)

// chartFont is the charts' typeface: Liberation Sans, which gonum/plot embeds for measuring
// text; the page asks browsers for it or a metric-compatible font (Arimo, Arial).
var chartFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// classColors are the colors of the classes, in the daily load chart and the page's badges
// (Okabe–Ito, safe for color-blind readers).
var classColors = map[analysis.Class]color.NRGBA{
	analysis.ClassRace:      {0xD5, 0x5E, 0x00, 0xff},
	analysis.ClassIntervals: {0xE6, 0x9F, 0x00, 0xff},
	analysis.ClassTempo:     {0xCC, 0x79, 0xA7, 0xff},
	analysis.ClassLong:      {0x00, 0x72, 0xB2, 0xff},
	analysis.ClassRecovery:  {0x56, 0xB4, 0xE9, 0xff},
	analysis.ClassEasy:      {0x00, 0x9E, 0x73, 0xff},
	analysis.ClassCross:     {0x99, 0x99, 0x99, 0xff},
}

// chartClasses are the classes in the order the daily load chart stacks them, bottom first.
var chartClasses = []analysis.Class{analysis.ClassEasy, analysis.ClassRecovery, analysis.ClassLong,
	analysis.ClassTempo, analysis.ClassIntervals, analysis.ClassRace, analysis.ClassCross}

// zoneColors are the colors of Z1..Z5, light to hot.
var zoneColors = [5]color.NRGBA{
	{0x9E, 0xB3, 0xC2, 0xff},
	{0x4C, 0xAF, 0x7D, 0xff},
	{0xE8, 0xC1, 0x3A, 0xff},
	{0xEE, 0x86, 0x3A, 0xff},
	{0xD1, 0x3F, 0x31, 0xff},
}

var (
	inkColor   = color.NRGBA{0x33, 0x3a, 0x48, 0xff}
	gridColor  = color.NRGBA{0xe3, 0xe6, 0xec, 0xff}
	hrColor    = color.NRGBA{0x00, 0x72, 0xB2, 0xff}
	aboveColor = color.NRGBA{0xD5, 0x5E, 0x00, 0xff}
	ceilColor  = color.NRGBA{0xC0, 0x1C, 0x28, 0xff}
)

// hexColor is c as CSS writes it: "#d55e00".
func hexColor(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// newPlot returns a plot in the charts' style: sans-serif text, quiet axes, horizontal grid
// lines, y from zero.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(chartFont, 12)
	p.Title.TextStyle.Color = inkColor
	p.Title.Padding = 6
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(chartFont, 11)
		ax.Label.TextStyle.Color = inkColor
		ax.Tick.Label.Font = font.From(chartFont, 10.5)
		ax.Tick.Label.Color = inkColor
		ax.Color = inkColor
		ax.Tick.Color = inkColor
		ax.LineStyle.Width = 0.6
		ax.Tick.LineStyle.Width = 0.6
		ax.Padding = 2
	}
	p.X.Label.Text, p.Y.Label.Text = xLabel, yLabel
	p.X.Tick.Marker, p.Y.Tick.Marker = roundTicks{}, roundTicks{}
	p.Y.Min = 0
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal.Color = gridColor
	g.Horizontal.Width = 0.6
	p.Add(g)
	return p
}

// svgDoc draws p on a w × h canvas and returns the SVG element, ready to go inline into an HTML
// page: it scales to its container (viewBox, no width or height) and is labelled for screen
// readers with label (escaped here).
func svgDoc(p *plot.Plot, w, h vg.Length, label string) (string, error) {
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return "", fmt.Errorf("draw chart %q: %w", label, err)
	}
	out := b.String()
	i := strings.Index(out, "<svg")
	j := strings.IndexByte(out[max(i, 0):], '>')
	if i < 0 || j < 0 || !strings.Contains(out[i:i+j], "viewBox=") {
		return "", errors.New("draw chart: unexpected SVG from vgsvg")
	}
	root := fmt.Sprintf(`<svg viewBox="0 0 %.5g %.5g" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="%s">`,
		w.Points(), h.Points(), html.EscapeString(label))
	return root + out[i+j+1:], nil
}

// dailyLoadChart draws a week's load by day, a bar per day stacked by class; it returns the SVG
// and the classes drawn, in stack order, for the legend.
func dailyLoadChart(wk *Week) (string, []analysis.Class, error) {
	unit := "TRIMP"
	if wk.Totals.DailyLoadUnit == "min" {
		unit = "moving min"
	}
	p := newPlot("Daily load by class", "", unit)
	days := make([]string, 7)
	m := weekMonday(wk)
	for d := range days {
		days[d] = m.AddDate(0, 0, d).Format("Mon\n2")
	}
	p.NominalX(days...)
	p.X.Tick.Length = 0
	below, classes, err := stackByClass(p, 7, 24, func(c analysis.Class, d int) float64 {
		return nz(float64(wk.Totals.DailyLoad[d].ByClass[c]))
	})
	if err != nil {
		return "", nil, fmt.Errorf("draw daily load chart: %w", err)
	}
	top := 0.0
	if below != nil {
		for d := range 7 {
			top = max(top, below.BarHeight(d))
		}
	}
	p.Y.Max = niceMax(top, 10)
	p.X.Min, p.X.Max = -0.5, 6.5
	svg, err := svgDoc(p, chartW, chartH, "Daily load by class, "+unit)
	return svg, classes, err
}

// stackByClass adds to p n bars of the given width, stacked by class in chartClasses order,
// value(c, i) the height of class c in bar i (NaN, infinite and negative values draw none);
// classes without a value are left out. It returns the top stack (nil when none) and the
// classes drawn, bottom first, for the legend.
func stackByClass(p *plot.Plot, n int, width vg.Length, value func(c analysis.Class, i int) float64) (*plotter.BarChart, []analysis.Class, error) {
	var below *plotter.BarChart
	var classes []analysis.Class
	for _, c := range chartClasses {
		vals := make(plotter.Values, n)
		some := false
		for i := range vals {
			v := value(c, i)
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				v = 0
			}
			vals[i] = v
			some = some || v > 0
		}
		if !some {
			continue
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return nil, nil, err
		}
		bars.Color = classColors[c]
		bars.LineStyle.Width = 0
		if below != nil {
			bars.StackOn(below)
		}
		p.Add(bars)
		below = bars
		classes = append(classes, c)
	}
	return below, classes, nil
}

// zonesChart draws a week's time in zones, Z1–Z5, in minutes.
func zonesChart(wk *Week) (string, error) {
	p := newPlot("Time in zones", "", "min")
	p.NominalX("Z1", "Z2", "Z3", "Z4", "Z5")
	p.X.Tick.Length = 0
	top := 0.0
	for z, s := range wk.Totals.ZonesS {
		v := nz(float64(s)) / 60
		if math.IsInf(v, 0) || v < 0 {
			v = 0
		}
		top = max(top, v)
		bars, err := plotter.NewBarChart(plotter.Values{v}, 34)
		if err != nil {
			return "", fmt.Errorf("draw zones chart: %w", err)
		}
		bars.XMin = float64(z)
		bars.Color = zoneColors[z]
		bars.LineStyle.Width = 0
		p.Add(bars)
	}
	p.Y.Max = niceMax(top, 10)
	p.X.Min, p.X.Max = -0.5, 4.5
	return svgDoc(p, chartW, chartH, "Time in zones Z1 to Z5, minutes")
}

// hrChart draws a recovery run's heart rate over time against its ceiling (none when ceiling
// is NaN), the stretches above the ceiling in another color.
func hrChart(a *Activity, title string, ceiling float64) (string, error) {
	p := newPlot(title, "minutes", "bpm")
	segs := hrSegments(a.HR, maxHRPoints)
	tr := &hrTrace{segs: segs, ceiling: ceiling}
	lo, hi := math.Inf(1), math.Inf(-1)
	xmax := 0.0
	for _, s := range segs {
		for _, pt := range s {
			lo, hi = math.Min(lo, pt.Y), math.Max(hi, pt.Y)
			xmax = math.Max(xmax, pt.X)
		}
	}
	if mv := float64(a.ElapsedS); len(segs) == 0 && mv > 0 {
		xmax = mv / 60
	}
	if !math.IsNaN(ceiling) {
		lo, hi = math.Min(lo, ceiling), math.Max(hi, ceiling)
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 60, 200
	}
	p.Y.Min = math.Floor((lo-8)/10) * 10
	p.Y.Max = math.Ceil((hi+8)/10) * 10
	p.X.Min, p.X.Max = 0, math.Max(xmax, 1)
	p.Add(tr)
	return svgDoc(p, chartW, hrChartH, title)
}

// maxHRPoints is about how many points a heart-rate chart draws: more would not show on a
// phone, only make the page heavier.
const maxHRPoints = 240

// hrSegments averages hr into time buckets (of at least 5 s, at most about n of them) and
// returns the lines to draw, in minutes and bpm: a bucket without samples (a pause, a
// dropout) breaks the line.
func hrSegments(hr []HRPoint, n int) [][]plotter.XY {
	span := 0.0
	for _, p := range hr {
		if !math.IsNaN(p.T) && !math.IsNaN(p.BPM) {
			span = math.Max(span, p.T)
		}
	}
	width := math.Max(5, math.Ceil(span/float64(n)))
	k := int(span/width) + 1
	sumT, sumHR := make([]float64, k), make([]float64, k)
	cnt := make([]int, k)
	for _, p := range hr {
		if math.IsNaN(p.T) || math.IsNaN(p.BPM) || math.IsInf(p.T, 0) || math.IsInf(p.BPM, 0) || p.T < 0 {
			continue
		}
		i := min(int(p.T/width), k-1)
		sumT[i] += p.T
		sumHR[i] += p.BPM
		cnt[i]++
	}
	var segs [][]plotter.XY
	var cur []plotter.XY
	for i := range k {
		if cnt[i] == 0 {
			if len(cur) > 0 {
				segs = append(segs, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, plotter.XY{X: sumT[i] / float64(cnt[i]) / 60, Y: sumHR[i] / float64(cnt[i])})
	}
	if len(cur) > 0 {
		segs = append(segs, cur)
	}
	return segs
}

// hrTrace is a plot.Plotter of heart rate against a ceiling: the line in hrColor, in
// aboveColor where it is above the ceiling, and the ceiling dashed.
type hrTrace struct {
	segs    [][]plotter.XY
	ceiling float64 // NaN: none
}

// Plot implements plot.Plotter.
func (t *hrTrace) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	if !math.IsNaN(t.ceiling) {
		c.StrokeLines(draw.LineStyle{Color: ceilColor, Width: 1.2, Dashes: []vg.Length{5, 3}},
			c.ClipLinesXY([]vg.Point{{X: trX(plt.X.Min), Y: trY(t.ceiling)}, {X: trX(plt.X.Max), Y: trY(t.ceiling)}})...)
	}
	below := draw.LineStyle{Color: hrColor, Width: 1.4}
	above := draw.LineStyle{Color: aboveColor, Width: 1.6}
	for _, seg := range t.segs {
		for _, run := range splitAt(seg, t.ceiling) {
			pts := make([]vg.Point, len(run.pts))
			for i, xy := range run.pts {
				pts[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
			}
			sty := below
			if run.above {
				sty = above
			}
			c.StrokeLines(sty, c.ClipLinesXY(pts)...)
		}
	}
}

// DataRange implements plot.DataRanger.
func (t *hrTrace) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, s := range t.segs {
		for _, p := range s {
			xmin, xmax = math.Min(xmin, p.X), math.Max(xmax, p.X)
			ymin, ymax = math.Min(ymin, p.Y), math.Max(ymax, p.Y)
		}
	}
	if !math.IsNaN(t.ceiling) {
		ymin, ymax = math.Min(ymin, t.ceiling), math.Max(ymax, t.ceiling)
	}
	return xmin, xmax, ymin, ymax
}

// run is a stretch of a line wholly above or wholly at or below the ceiling.
type run struct {
	pts   []plotter.XY
	above bool
}

// splitAt splits a line where it crosses y = ceiling, at the crossing points; with a NaN
// ceiling it is one run, below.
func splitAt(line []plotter.XY, ceiling float64) []run {
	if len(line) == 0 {
		return nil
	}
	if math.IsNaN(ceiling) {
		return []run{{pts: line}}
	}
	isAbove := func(p plotter.XY) bool { return p.Y > ceiling }
	cur := run{pts: []plotter.XY{line[0]}, above: isAbove(line[0])}
	var out []run
	for _, p := range line[1:] {
		if a := isAbove(p); a != cur.above {
			q := cur.pts[len(cur.pts)-1]
			x := q.X + (ceiling-q.Y)/(p.Y-q.Y)*(p.X-q.X)
			cross := plotter.XY{X: x, Y: ceiling}
			cur.pts = append(cur.pts, cross)
			out = append(out, cur)
			cur = run{pts: []plotter.XY{cross}, above: a}
		}
		cur.pts = append(cur.pts, p)
	}
	return append(out, cur)
}

// roundTicks is a plot.Ticker of four to six round values (1, 2, 2.5 or 5 times a power of
// ten apart), labelled without needless decimals, and no minor ticks.
type roundTicks struct{}

// Ticks implements plot.Ticker.
func (roundTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return nil
	}
	mag := math.Pow(10, math.Floor(math.Log10(span/5)))
	step := 10 * mag
	for _, f := range []float64{1, 2, 2.5, 5} {
		if span/(f*mag) <= 6 {
			step = f * mag
			break
		}
	}
	var ticks []plot.Tick
	for k := math.Ceil(lo/step - 1e-9); k*step <= hi+step*1e-9; k++ {
		v := k * step
		if v == 0 {
			v = 0 // no "-0"
		}
		// 10 significant digits: 28 × 0.05 is 1.4000000000000001, labelled "1.4"
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 10, 64)})
	}
	return ticks
}

// niceMax is a round upper bound for an axis from zero to v: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8
// or 10 times a power of ten, at least 8% above v; never below floor (floor when v is NaN).
func niceMax(v, floor float64) float64 {
	v *= 1.08
	if !(v > floor) {
		return floor
	}
	mag := math.Pow(10, math.Floor(math.Log10(v)))
	for _, f := range []float64{1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if f*mag >= v {
			return f * mag
		}
	}
	return 10 * mag
}

// weekMonday is the week's Monday, a civil date: from Week.Monday, or from Week.Start for a
// week not made by Build.
func weekMonday(wk *Week) time.Time {
	if !wk.Monday.IsZero() {
		return civil(wk.Monday)
	}
	if d, err := time.Parse(time.DateOnly, wk.Start); err == nil {
		return d
	}
	return time.Time{}
}
