package report

import (
	"fmt"
	"image/color"
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/easyday/easyday/analysis"
)

// The season charts of the HTML index and the season page (gonum/plot SVG, as charts.go):
// weekly load by class with fitness, fatigue and form; recovery compliance per week; the
// aerobic efficiency per week. They show the last SeasonChartWeeks weeks of the season.

// SeasonChartWeeks is how many weeks the season charts show, the newest last.
const SeasonChartWeeks = 52

var (
	ctlColor = color.NRGBA{0x00, 0x72, 0xB2, 0xff}
	atlColor = color.NRGBA{0xD5, 0x5E, 0x00, 0xff}
	tsbColor = color.NRGBA{0x33, 0x3a, 0x48, 0xff}
	okColor  = color.NRGBA{0x00, 0x9E, 0x73, 0xff}
)

// chartWeeks returns the weeks the season charts show.
func chartWeeks(s *SeasonReport) []SeasonWeek {
	return s.Weeks[max(0, len(s.Weeks)-SeasonChartWeeks):]
}

// weekTicks labels the weeks axis with the month of the first week of each month (and its
// year in January or at the first label), spaced to fit.
type weekTicks struct{ mondays []time.Time }

// Ticks implements plot.Ticker.
func (t weekTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	step := max(1, len(t.mondays)/26) // at most about 6 labels a chart
	month := 0
	for i, m := range t.mondays {
		if i > 0 && m.Month() == t.mondays[i-1].Month() {
			continue
		}
		month++
		if (month-1)%(2*step) != 0 {
			continue
		}
		label := m.Format("Jan")
		if len(out) == 0 || m.Month() == time.January {
			label = m.Format("Jan\n2006")
		}
		out = append(out, plot.Tick{Value: float64(i), Label: label})
	}
	return out
}

func mondays(ws []SeasonWeek) []time.Time {
	out := make([]time.Time, len(ws))
	for i, w := range ws {
		out[i], _ = time.Parse(time.DateOnly, w.Start)
	}
	return out
}

// line draws a series as a line of width 1.4 in c; dashed when asked. Points with NaN break it.
func lines(p *plot.Plot, pts plotter.XYs, c color.NRGBA, dashed bool) error {
	var seg plotter.XYs
	flush := func() error {
		if len(seg) == 0 {
			return nil
		}
		l, err := plotter.NewLine(seg)
		if err != nil {
			return err
		}
		l.Color, l.Width = c, vg.Length(1.4)
		if dashed {
			l.Dashes = []vg.Length{3, 2}
		}
		p.Add(l)
		seg = nil
		return nil
	}
	for _, pt := range pts {
		if math.IsNaN(pt.Y) || math.IsInf(pt.Y, 0) {
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		seg = append(seg, pt)
	}
	return flush()
}

// seasonLoadChart draws each week's load as a daily average, stacked by class, with fitness
// (CTL), fatigue (ATL) and form (TSB) on the morning of each week's last day (morning), all in
// TRIMP a day.
func seasonLoadChart(s *SeasonReport) (string, []analysis.Class, error) {
	ws := chartWeeks(s)
	p := newPlot("Load, fitness, fatigue, form", "", "TRIMP a day")
	p.X.Tick.Marker = weekTicks{mondays(ws)}
	width := vg.Length(math.Max(1, float64(260/vg.Length(max(1, len(ws))))*0.8))
	below, classes, err := stackByClass(p, len(ws), width, func(c analysis.Class, i int) float64 {
		return ws[i].LoadByClass[c] / 7
	})
	if err != nil {
		return "", nil, fmt.Errorf("draw season load chart: %w", err)
	}
	ctl, atl, tsb := make(plotter.XYs, len(ws)), make(plotter.XYs, len(ws)), make(plotter.XYs, len(ws))
	top, bottom := 0.0, 0.0
	for i, m := range mondays(ws) {
		last := m.AddDate(0, 0, 6)
		if last.After(s.To) {
			last = s.To
		}
		c, a, f := morning(&s.Model, s.Model.DayOf(last))
		ctl[i], atl[i], tsb[i] = plotter.XY{X: float64(i), Y: c}, plotter.XY{X: float64(i), Y: a}, plotter.XY{X: float64(i), Y: f}
		for _, v := range []float64{c, a} {
			if !math.IsNaN(v) {
				top = max(top, v)
			}
		}
		if !math.IsNaN(f) {
			bottom = min(bottom, f)
		}
		if below != nil {
			top = max(top, below.BarHeight(i))
		}
	}
	for _, l := range []struct {
		pts    plotter.XYs
		c      color.NRGBA
		dashed bool
	}{{ctl, ctlColor, false}, {atl, atlColor, false}, {tsb, tsbColor, true}} {
		if err := lines(p, l.pts, l.c, l.dashed); err != nil {
			return "", nil, fmt.Errorf("draw season load chart: %w", err)
		}
	}
	p.Y.Max = niceMax(top, 10)
	p.Y.Min = -niceMax(-bottom, 0)
	p.X.Min, p.X.Max = -0.5, float64(len(ws))-0.5
	svg, err := svgDoc(p, chartW, chartH, "Weekly load by class as TRIMP a day, with fitness, fatigue and form")
	return svg, classes, err
}

// complianceChart draws per week the share of recovery runs within their limits and the
// share of hard sessions followed by recovery or rest, in percent; weeks without either have
// no point.
func complianceChart(s *SeasonReport) (string, error) {
	ws := chartWeeks(s)
	p := newPlot("Recovery compliance", "", "%")
	p.X.Tick.Marker = weekTicks{mondays(ws)}
	rec, hard := make(plotter.XYs, 0, len(ws)), make(plotter.XYs, 0, len(ws))
	for i, w := range ws {
		if w.RecoveryRuns > 0 {
			rec = append(rec, plotter.XY{X: float64(i), Y: 100 * float64(w.RecoveryRunsOK) / float64(w.RecoveryRuns)})
		}
		if n := w.Hard - w.HardPending; n > 0 {
			hard = append(hard, plotter.XY{X: float64(i), Y: 100 * float64(w.HardFollowed) / float64(n)})
		}
	}
	for _, sc := range []struct {
		pts   plotter.XYs
		c     color.NRGBA
		shape draw.GlyphDrawer
	}{{rec, okColor, draw.CircleGlyph{}}, {hard, ctlColor, draw.TriangleGlyph{}}} {
		if len(sc.pts) == 0 {
			continue
		}
		pts, err := plotter.NewScatter(sc.pts)
		if err != nil {
			return "", fmt.Errorf("draw compliance chart: %w", err)
		}
		pts.GlyphStyle.Color, pts.GlyphStyle.Shape, pts.GlyphStyle.Radius = sc.c, sc.shape, 2.2
		p.Add(pts)
	}
	p.Y.Min, p.Y.Max = 0, 105
	p.X.Min, p.X.Max = -0.5, float64(len(ws))-0.5
	return svgDoc(p, chartW, chartH, "Recovery compliance per week, percent")
}

// efficiencyChart draws the weekly efficiency factor of the easy and recovery runs, metres
// per heartbeat.
func efficiencyChart(s *SeasonReport) (string, error) {
	ws := chartWeeks(s)
	p := newPlot("Aerobic efficiency (easy runs)", "", "m per heartbeat")
	p.X.Tick.Marker = weekTicks{mondays(ws)}
	pts := make(plotter.XYs, 0, len(ws))
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, w := range ws {
		if e := float64(w.Efficiency); !math.IsNaN(e) {
			pts = append(pts, plotter.XY{X: float64(i), Y: e})
			lo, hi = min(lo, e), max(hi, e)
		}
	}
	if len(pts) > 0 {
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return "", fmt.Errorf("draw efficiency chart: %w", err)
		}
		sc.GlyphStyle.Color, sc.GlyphStyle.Shape, sc.GlyphStyle.Radius = okColor, draw.CircleGlyph{}, 2.2
		p.Add(sc)
		p.Y.Min, p.Y.Max = math.Floor(lo*10-0.5)/10, math.Ceil(hi*10+0.5)/10
	} else {
		p.Y.Min, p.Y.Max = 0, 1
	}
	p.X.Min, p.X.Max = -0.5, float64(len(ws))-0.5
	return svgDoc(p, chartW, chartH, "Aerobic efficiency per week, metres per heartbeat")
}
