package report

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/profile"
)

// The HTML report: one self-contained page per week (WriteHTMLWeek) and an index of the weeks
// (WriteHTMLIndex). The file is one piece past 600 lines because the page models, the code
// that fills them and the templates that lay them out change together; the season's block
// and page are in seasonhtml.go. Pages need no network: the style is inline, the charts are inline SVG, and
// there is no script. Every string is escaped by html/template; the charts hold no string from
// a file (see charts.go).

// IndexFileName is the name of the index page WriteHTMLIndex writes, which week pages link to.
const IndexFileName = "index.html"

// WeekFileName is the file name of a week's page: "2026-W47.html". Characters other than
// letters, digits and "-" in the week's name become "_", so that the name is always a plain
// file name.
func WeekFileName(wk Week) string {
	name := strings.Map(func(r rune) rune {
		if r == '-' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return r
		}
		return '_'
	}, wk.Week)
	return name + ".html"
}

// WriteHTMLWeek writes week wk of report r as one self-contained HTML page: the week's title
// and dates, its totals, the flags as coach's notes (kind, message, value and limit), charts
// (daily load by class, time in zones, and each recovery run's heart rate against its ceiling),
// the activities, each activity's details (why its class, its file and device), and the
// profile values used with their sources. It links to IndexFileName and to the pages of the
// weeks before and after wk when r holds them.
func WriteHTMLWeek(w io.Writer, r Report, wk Week, opts Options) error {
	rd, err := newRendering(r, opts)
	if err != nil {
		return err
	}
	wk = rd.u.wordWeek(wk, r.Limits)
	page, err := rd.htmlWeek(&r, &wk)
	if err != nil {
		return fmt.Errorf("render report html %s: %w", wk.Week, err)
	}
	return execHTML(w, "week", page)
}

// WriteHTMLIndex writes the index page of report r: its weeks, newest first, each with its
// totals (moving time, distance, load and its change) and the kinds of its flags, linking to
// the week's page (WeekFileName).
func WriteHTMLIndex(w io.Writer, r Report, opts Options) error {
	rd, err := newRendering(r, opts)
	if err != nil {
		return err
	}
	idx, err := rd.htmlIndex(&r)
	if err != nil {
		return fmt.Errorf("render report html index: %w", err)
	}
	return execHTML(w, "index", idx)
}

func execHTML(w io.Writer, name string, data any) error {
	bw := bufio.NewWriter(w)
	if err := pages.ExecuteTemplate(bw, name, data); err != nil {
		return fmt.Errorf("render report html: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render report html: %w", err)
	}
	return nil
}

// The page models: strings ready to print, so that the templates only lay them out.
type (
	htmlWeek struct {
		Name               string // the athlete's, or ""
		Week, Dates        string
		Prev, PrevWeek     string
		Next, NextWeek     string
		Index              string
		Stats              []htmlStat
		Empty              bool
		Notes              []htmlNote
		Load, Zones        htmlChart
		Recovery           []htmlChart
		DistUnit, PaceUnit string
		EffortScale        string // what effort is of, per the profile's model (effortScale)
		Rows               []htmlRow
		Profile            []htmlProfile
	}
	htmlStat struct {
		Label, Value, Note string
		Wide               bool // spans two columns
	}
	htmlNote struct {
		N            int
		Kind, When   string
		Message      string
		Value, Limit string
	}
	htmlChart struct {
		SVG     template.HTML // from svgDoc: escaped text, no file-derived strings
		Caption []string
		Legend  []htmlKey
	}
	htmlKey struct {
		Name  string
		Class string // CSS class of the swatch
	}
	htmlRow struct {
		ID                                 int64
		Day, Start, Sport, Class, Name     string
		Moving, Distance, Pace, HR, Effort string
		ByPace                             bool
		Load                               string
		Zones                              []htmlZone
		ZonesTitle                         string
		Flags                              []htmlFlagRef
		Title                              string
		Reasons                            []string
		File, Format, Device               string
		Session                            string
		Partial                            bool
		EffortFrom                         string
	}
	htmlZone struct {
		Z     int
		Style template.CSS // "width:12.5%", made here from a number
	}
	htmlFlagRef struct {
		N     int
		Label string
	}
	htmlProfile struct{ Key, Value, Source string }

	htmlIndex struct {
		Name     string // the athlete's, or ""
		Range    string
		Advice   *htmlAdvice
		Season   *htmlSeason
		Years    []htmlYear
		DistUnit string
		Profile  []htmlProfile
	}
	htmlYear struct {
		Year   string
		Months []htmlMonth
	}
	htmlMonth struct {
		Month string
		Weeks []htmlIndexRow
	}
	htmlIndexRow struct {
		// Folded is the number of weeks without activities this row stands for (0: one week).
		Folded                 int
		File, Week, Dates      string
		Activities, Runs       int
		Moving, Distance, Load string
		Change, ChangeTitle    string
		Badges                 []htmlBadge
		year, month            string // where the index lists it: the newest week's, when folded
	}
	htmlBadge struct {
		Kind  string
		Count int
	}
)

// flagLabels are short names of the flags, for the activity table and the index.
var flagLabels = map[analysis.FlagKind]string{
	analysis.FlagRecoveryTooHard: "too hard",
	analysis.FlagRecoveryTooFast: "too fast",
	analysis.FlagRecoveryTooLong: "too long",
	analysis.FlagBackToBackHard:  "back to back",
	analysis.FlagNoRecovery:      "no recovery",
	FlagLoadSpike:                "load spike",
	FlagFatigued:                 "fatigued",
}

func (rd rendering) htmlWeek(r *Report, wk *Week) (*htmlWeek, error) {
	m := weekMonday(wk)
	page := &htmlWeek{
		Name:        r.Name,
		Week:        clean(wk.Week),
		Dates:       m.Format("Mon 2 Jan") + " – " + m.AddDate(0, 0, 6).Format("Mon 2 Jan 2006"),
		Index:       IndexFileName,
		Empty:       len(wk.Activities) == 0,
		DistUnit:    rd.u.distanceUnit(),
		PaceUnit:    "/" + rd.u.distanceUnit(),
		Profile:     htmlProfileRows(r.Profile),
		EffortScale: effortScale(r.Limits.EffortModel),
	}
	if m.IsZero() {
		page.Dates = ""
	}
	for i := range r.Weeks {
		if r.Weeks[i].Week != wk.Week {
			continue
		}
		if i > 0 {
			page.Prev, page.PrevWeek = WeekFileName(r.Weeks[i-1]), clean(r.Weeks[i-1].Week)
		}
		if i+1 < len(r.Weeks) {
			page.Next, page.NextWeek = WeekFileName(r.Weeks[i+1]), clean(r.Weeks[i+1].Week)
		}
		break
	}
	page.Stats = rd.htmlStats(&wk.Totals)

	for n, f := range wk.Flags {
		v, l := rd.flagValues(f)
		note := htmlNote{N: n + 1, Kind: string(f.Kind), Message: clean(f.Message), Value: v, Limit: l}
		if d, err := time.Parse(time.DateOnly, f.Date); err == nil {
			note.When = d.Format("Mon 2 Jan") // an activity's, or the day of a season flag
		} else if f.Activity == nil {
			note.When = "the week"
		}
		page.Notes = append(page.Notes, note)
	}

	var err error
	if page.Load, err = rd.htmlLoadChart(wk); err != nil {
		return nil, err
	}
	if page.Zones, err = htmlZonesChart(wk); err != nil {
		return nil, err
	}
	nums := flagNumbers(wk)
	for i := range wk.Activities {
		a := &wk.Activities[i]
		page.Rows = append(page.Rows, rd.htmlRow(a, wk, nums[i]))
		if a.Class == analysis.ClassRecovery {
			c, err := rd.htmlHRChart(r, a)
			if err != nil {
				return nil, err
			}
			page.Recovery = append(page.Recovery, c)
		}
	}
	return page, nil
}

// htmlStats are a week's totals as tiles.
func (rd rendering) htmlStats(t *Totals) []htmlStat {
	dist := func(m Float) string { return rd.u.distance(nz(float64(m))) + " " + rd.u.distanceUnit() }
	zero := func(s string) string {
		if s == "" {
			return "0:00"
		}
		return s
	}
	stats := []htmlStat{
		{Label: "Moving time", Value: zero(clock(float64(t.TimeS))), Note: "runs " + zero(clock(float64(t.RunTimeS)))},
		{Label: "Distance", Value: dist(t.DistanceM), Note: "runs " + dist(t.RunDistanceM)},
	}
	load := htmlStat{Label: "Load (TRIMP)", Value: num0(float64(t.Load))}
	if load.Value == "" {
		load.Value = "unknown"
	}
	load.Note = loadComparison(t)
	if load.Note == "" {
		load.Note = "no earlier weeks to compare"
	}
	if t.LoadUnknown > 0 {
		load.Note += fmt.Sprintf("; %d without heart rate not counted", t.LoadUnknown)
	}
	stats = append(stats, load)
	easy := htmlStat{Label: "Easy share", Value: pct(float64(t.EasyShare)), Note: "of moving time easy, recovery or cross-training"}
	if easy.Value == "" {
		easy.Value = "–"
	}
	stats = append(stats, easy)
	sessions := htmlStat{Label: "Sessions", Wide: true, Value: plural(t.Runs, "run", "runs") + " · " + strconv.Itoa(t.Cross) + " cross"}
	if runs := runsByClass(t); len(runs) > 0 {
		sessions.Note = strings.Join(runs, ", ") + "; "
	}
	sessions.Note += plural(t.Hard, "hard session", "hard sessions") + " (race, intervals, long, tempo)"
	return append(stats, sessions)
}

// flagValues formats a flag's value and limit in the report's units.
func (rd rendering) flagValues(f Flag) (value, limit string) {
	num := func(v any, other any) string {
		switch x := v.(type) {
		case nil:
			return "–"
		case Fraction:
			if f.Kind == FlagLoadSpike { // a ratio, not a share
				return strconv.FormatFloat(float64(x), 'f', 2, 64)
			}
			ref := math.NaN()
			if o, ok := other.(Fraction); ok {
				ref = float64(o)
			}
			return pctVs(float64(x), ref)
		case Float:
			ref := math.NaN()
			if o, ok := other.(Float); ok {
				ref = float64(o)
			}
			switch f.Kind {
			case analysis.FlagRecoveryTooFast:
				return rd.u.paceVs(float64(x), ref)
			case analysis.FlagRecoveryTooLong:
				return clockVs(float64(x), ref)
			case analysis.FlagNoRecovery:
				n := num0(float64(x))
				if n == "1" {
					return "1 recovery session"
				}
				return n + " recovery sessions"
			}
			return strconv.FormatFloat(math.Round(float64(x)*10)/10, 'f', -1, 64)
		case []analysis.Class:
			parts := make([]string, len(x))
			for i, c := range x {
				parts[i] = clean(string(c))
			}
			return strings.Join(parts, " → ")
		case fmt.Stringer:
			return clean(x.String())
		}
		return clean(fmt.Sprint(v))
	}
	return num(f.Value, f.Limit), num(f.Limit, f.Value)
}

func (rd rendering) htmlRow(a *Activity, wk *Week, flagNo []int) htmlRow {
	row := htmlRow{
		ID:      a.ID,
		Day:     day(a),
		Start:   a.Time.In(rd.loc).Format("15:04"),
		Sport:   sportWord(a.Sport),
		Class:   clean(string(a.Class)),
		Name:    clean(a.Name),
		Moving:  clock(float64(a.MovingS)),
		Pace:    rd.activityPace(a),
		HR:      num0(float64(a.AvgHR)),
		Effort:  pct(float64(a.Effort)),
		ByPace:  a.EffortSource == analysis.EffortFromPace && !math.IsNaN(float64(a.Effort)),
		Load:    num0(float64(a.TRIMP)),
		Title:   day(a) + " " + a.Time.In(rd.loc).Format("15:04") + " · " + noun(a),
		File:    clean(a.File),
		Format:  clean(a.Format),
		Device:  clean(a.Device),
		Partial: a.Partial,
		EffortFrom: map[analysis.EffortSource]string{
			analysis.EffortFromHR:   "heart rate",
			analysis.EffortFromPace: "pace (no heart rate)",
		}[a.EffortSource],
	}
	if a.Session > 0 {
		row.Session = fmt.Sprintf("session %d", a.Session+1)
	}
	if row.EffortFrom == "" {
		row.EffortFrom = "unknown"
	}
	if float64(a.DistanceM) > 0 {
		row.Distance = rd.u.distance(float64(a.DistanceM))
	}
	for _, s := range a.Reasons {
		row.Reasons = append(row.Reasons, clean(s))
	}
	total := 0.0
	for _, s := range a.ZonesS {
		total += nz(float64(s))
	}
	var mins []string
	for z, s := range a.ZonesS {
		v := nz(float64(s))
		mins = append(mins, fmt.Sprintf("Z%d %s min", z+1, num0(v/60)))
		if total > 0 && v > 0 {
			row.Zones = append(row.Zones, htmlZone{Z: z + 1,
				Style: template.CSS("width:" + strconv.FormatFloat(math.Round(v/total*1000)/10, 'f', -1, 64) + "%")})
		}
	}
	if total > 0 {
		row.ZonesTitle = strings.Join(mins, ", ")
	}
	for _, n := range flagNo {
		k := wk.Flags[n-1].Kind
		label, ok := flagLabels[k]
		if !ok {
			label = clean(string(k))
		}
		row.Flags = append(row.Flags, htmlFlagRef{N: n, Label: label})
	}
	return row
}

func (rd rendering) htmlLoadChart(wk *Week) (htmlChart, error) {
	svg, classes, err := dailyLoadChart(wk)
	if err != nil {
		return htmlChart{}, err
	}
	c := htmlChart{SVG: template.HTML(svg)}
	for _, cl := range classes {
		c.Legend = append(c.Legend, htmlKey{Name: string(cl), Class: "c-" + string(cl)})
	}
	if wk.Totals.DailyLoadUnit == "min" {
		c.Caption = append(c.Caption, "An activity this week has no heart rate, so the bars show moving minutes instead of TRIMP.")
	} else {
		c.Caption = append(c.Caption, "Load is TRIMP (Banister), from heart rate.")
	}
	if len(classes) == 0 {
		c.Caption = append(c.Caption, "No activities this week.")
	}
	return c, nil
}

func htmlZonesChart(wk *Week) (htmlChart, error) {
	svg, err := zonesChart(wk)
	if err != nil {
		return htmlChart{}, err
	}
	return htmlChart{SVG: template.HTML(svg), Caption: []string{strings.ReplaceAll(zonesLine(wk.Totals.ZonesS), "  ", " · ")}}, nil
}

func (rd rendering) htmlHRChart(r *Report, a *Activity) (htmlChart, error) {
	title := fmt.Sprintf("%s recovery run, %s", day(a), a.Time.In(rd.loc).Format("15:04"))
	ceil := a.CeilingHR
	svg, err := hrChart(a, title, ceil)
	if err != nil {
		return htmlChart{}, err
	}
	c := htmlChart{SVG: template.HTML(svg)}
	c.Legend = append(c.Legend, htmlKey{Name: "heart rate", Class: "ln-hr"})
	if math.IsNaN(ceil) {
		c.Caption = append(c.Caption, "No ceiling line: "+noCeilingReason(a, r.Limits)+".")
	} else {
		c.Legend = append(c.Legend, htmlKey{Name: "above the ceiling", Class: "ln-above"},
			htmlKey{Name: fmt.Sprintf("ceiling %.0f bpm", math.Round(ceil)), Class: "ln-ceil"})
		c.Caption = append(c.Caption, ceilingPhrase(a, r.Limits, ceil))
		if above, total := a.AboveCeilingS, a.EffortS; !math.IsNaN(above) && total > 0 {
			c.Caption = append(c.Caption, fmt.Sprintf("Above it for %.0f of %.0f min.", math.Round(above/60), math.Round(total/60)))
		}
	}
	if len(a.HR) == 0 {
		c.Caption = append(c.Caption, "No heart rate recorded for this run.")
	} else if hr := float64(a.AvgHR); !math.IsNaN(hr) {
		c.Caption = append(c.Caption, fmt.Sprintf("Average %.0f bpm.", hr))
	}
	return c, nil
}

// ceilingPhrase says where a ceiling heart rate comes from: "Ceiling 133 bpm: 70% of max HR 190."
func ceilingPhrase(a *Activity, p analysis.Profile, hr float64) string {
	c := pct(p.RecoveryCeiling)
	var of string
	switch model(a, p) {
	case analysis.ModelHRR:
		of = c + " of " + heartRateReserve(p)
	case analysis.ModelLTHR:
		of = fmt.Sprintf("%s effort on LTHR %.0f", c, p.LTHR)
	default:
		of = fmt.Sprintf("%s of max HR %.0f", c, p.MaxHR)
	}
	if c == "" {
		return fmt.Sprintf("Ceiling %.0f bpm.", math.Round(hr))
	}
	return fmt.Sprintf("Ceiling %.0f bpm: %s.", math.Round(hr), of)
}

// noCeilingReason says why a recovery run has no ceiling heart rate.
func noCeilingReason(a *Activity, p analysis.Profile) string {
	switch a.EffortSource {
	case analysis.EffortFromPace:
		return "this run's effort was measured from pace, not heart rate"
	case analysis.EffortFromUnknown, "":
		return "this run's effort is unknown"
	}
	switch model(a, p) {
	case analysis.ModelLTHR:
		if math.IsNaN(p.LTHR) {
			return "the profile has no LTHR (set lthr, or run easyday profile --estimate)"
		}
	default:
		if math.IsNaN(p.MaxHR) {
			return "the profile has no max HR (set max_hr, or run easyday profile --estimate)"
		}
	}
	if math.IsNaN(p.RecoveryCeiling) {
		return "the profile has no recovery ceiling"
	}
	return "the profile does not give a heart rate for the recovery ceiling"
}

// htmlProfileRows lists the profile in its keys' order.
func htmlProfileRows(pv profile.View) []htmlProfile {
	var rows []htmlProfile
	for _, it := range pv {
		rows = append(rows, htmlProfile{Key: clean(it.Key), Value: profileText(it), Source: profileSource(it)})
	}
	return rows
}

func (rd rendering) htmlIndex(r *Report) (*htmlIndex, error) {
	idx := &htmlIndex{Name: r.Name, DistUnit: rd.u.distanceUnit(), Profile: htmlProfileRows(r.Profile),
		Advice: newHTMLAdvice(r.Advice)}
	var err error
	if idx.Season, err = rd.htmlSeasonBlock(r.Season, false); err != nil {
		return nil, err
	}
	if n := len(r.Weeks); n > 0 {
		first, last := weekMonday(&r.Weeks[0]), weekMonday(&r.Weeks[n-1])
		idx.Range = fmt.Sprintf("%d weeks, %s – %s", n, first.Format("Mon 2 Jan 2006"), last.AddDate(0, 0, 6).Format("Mon 2 Jan 2006"))
		if n == 1 {
			idx.Range = "1 week, " + idx.Range[len("1 weeks, "):]
		}
	}
	var rows []htmlIndexRow
	for i := len(r.Weeks) - 1; i >= 0; i-- {
		wk := &r.Weeks[i]
		t := &wk.Totals
		m := weekMonday(wk)
		row := htmlIndexRow{
			File:       WeekFileName(*wk),
			Week:       clean(wk.Week),
			Dates:      m.Format("2 Jan") + " – " + m.AddDate(0, 0, 6).Format("2 Jan"),
			Activities: t.Activities,
			Runs:       t.Runs,
			Moving:     clock(float64(t.TimeS)),
			Distance:   rd.u.distance(nz(float64(t.DistanceM))),
			Load:       num0(float64(t.Load)),
		}
		if t.Activities == 0 {
			row.Moving, row.Distance = "", ""
		}
		if c := float64(t.LoadChangePct); !math.IsNaN(c) {
			row.Change = fmt.Sprintf("%+.0f%%", c)
			before := weeksBefore(t.LoadPrevWeeks)
			if t.LoadPrevWeeks > 1 {
				before = "the average of " + before
			}
			row.ChangeTitle = fmt.Sprintf("vs %s, %s", num0(float64(t.LoadPrevAvg)), before)
		}
		var kinds []analysis.FlagKind
		counts := map[analysis.FlagKind]int{}
		for _, f := range wk.Flags {
			if counts[f.Kind] == 0 {
				kinds = append(kinds, f.Kind)
			}
			counts[f.Kind]++
		}
		slices.SortStableFunc(kinds, func(a, b analysis.FlagKind) int { return flagOrder(a) - flagOrder(b) })
		for _, k := range kinds {
			row.Badges = append(row.Badges, htmlBadge{Kind: clean(string(k)), Count: counts[k]})
		}
		year := m.Format("2006")
		if y, _, ok := strings.Cut(wk.Week, "-W"); ok {
			year = clean(y) // the ISO year
		}
		row.year, row.month = year, m.AddDate(0, 0, 3).Format("January") // its Thursday's month, as ISO weeks take the year
		rows = append(rows, row)
	}
	for _, row := range foldEmpty(rows) {
		if n := len(idx.Years); n == 0 || idx.Years[n-1].Year != row.year {
			idx.Years = append(idx.Years, htmlYear{Year: row.year})
		}
		y := &idx.Years[len(idx.Years)-1]
		if n := len(y.Months); n == 0 || y.Months[n-1].Month != row.month {
			y.Months = append(y.Months, htmlMonth{Month: row.month})
		}
		mo := &y.Months[len(y.Months)-1]
		mo.Weeks = append(mo.Weeks, row)
	}
	return idx, nil
}

// flagOrder is a flag kind's place in analysis.FlagKind's order, the season's flags after;
// unknown kinds last.
func flagOrder(k analysis.FlagKind) int {
	i := slices.Index([]analysis.FlagKind{analysis.FlagRecoveryTooHard, analysis.FlagRecoveryTooFast, analysis.FlagRecoveryTooLong,
		analysis.FlagBackToBackHard, analysis.FlagNoRecovery, FlagLoadSpike, FlagFatigued}, k)
	if i < 0 {
		return 99
	}
	return i
}

// pageCSS is the pages' style: readable on a phone first (the tables scroll sideways inside
// their box, the charts scale to the width), two chart columns on a wide screen.
func pageCSS() string {
	var b strings.Builder
	b.WriteString(`
:root{color-scheme:light;--fg:#1d2330;--muted:#5b6475;--line:#e2e5eb;--bg:#f4f5f7;--card:#fff;--accent:#0a5fb4;--warn:#c2410c}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif}
main{max-width:980px;margin:0 auto;padding:12px 14px 40px}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
nav{display:flex;justify-content:space-between;align-items:center;gap:12px;font-size:.9rem;margin-bottom:8px}
nav span{display:flex;gap:14px}
h1{font-size:1.6rem;line-height:1.2;margin:.1em 0 0}
h2{font-size:1.1rem;margin:1.6em 0 .6em}
.sub{color:var(--muted);margin:.2em 0 0}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin-top:14px}
.stat{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:8px 12px}
.stat.wide{grid-column:span 2}
.stat .l{display:block;font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.stat b{display:block;font-size:1.3rem;font-variant-numeric:tabular-nums}
.stat .d{display:block;font-size:.8rem;color:var(--muted);line-height:1.35}
.notes{list-style:none;padding:0;margin:0;display:grid;gap:8px}
.note{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--warn);border-radius:8px;padding:10px 12px}
.note p{margin:.35em 0 0}
.nh{display:flex;flex-wrap:wrap;align-items:center;gap:6px;font-size:.85rem;color:var(--muted)}
.no{display:inline-grid;place-items:center;min-width:1.5em;height:1.5em;border-radius:50%;background:var(--warn);color:#fff;font-weight:600;font-size:.8rem}
.kind{font:600 .78rem/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;background:#fdeee4;color:#8a2f06;border-radius:4px;padding:0 6px;white-space:nowrap}
.vl{font-size:.85rem;color:var(--muted)}
.vl b{color:var(--fg)}
.ok{background:var(--card);border:1px solid var(--line);border-left:4px solid #15803d;border-radius:8px;padding:10px 12px;margin:0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,360px),1fr));gap:10px}
figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:6px 6px 8px}
figure svg{display:block;width:100%;height:auto}
figure svg text{font-family:"Liberation Sans",Arimo,Arial,Helvetica,sans-serif!important}
figcaption{font-size:.82rem;color:var(--muted);padding:2px 6px 0;line-height:1.4}
.legend{display:flex;flex-wrap:wrap;gap:2px 12px;color:var(--fg)}
.legend span{white-space:nowrap}
.sw{display:inline-block;width:.75em;height:.75em;border-radius:2px;margin-right:4px;vertical-align:-.05em}
.ln-hr,.ln-above,.ln-ceil{height:0;width:1.3em;border-radius:0;vertical-align:.3em;background:none!important}
.ln-hr{border-top:2px solid #0072b2}.ln-above{border-top:2px solid #d55e00}.ln-ceil{border-top:2px dashed #c01c28}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;background:var(--card);border:1px solid var(--line);border-radius:10px}
table{border-collapse:collapse;width:100%;font-size:.875rem}
th,td{padding:7px 8px;text-align:left;white-space:nowrap;border-bottom:1px solid var(--line);vertical-align:middle}
th{font-size:.72rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600}
tbody tr:last-child td{border-bottom:0}
.n{text-align:right;font-variant-numeric:tabular-nums}
.sticky{position:sticky;left:0;background:var(--card);box-shadow:1px 0 0 var(--line)}
.t{display:block;font-size:.78rem;line-height:1.2}
.wrap td{white-space:normal;min-width:6em}
.nm{display:block;font-size:.78rem;color:var(--muted);max-width:14em;overflow:hidden;text-overflow:ellipsis}
.cls{display:inline-block;padding:0 7px;border-radius:10px;color:#fff;font-size:.78rem;font-weight:600;line-height:1.6}
.cls.c-recovery,.cls.c-intervals,.cls.c-cross{color:#1d2330}
small{color:var(--muted)}
.zb{display:flex;width:84px;height:10px;border-radius:3px;overflow:hidden;background:#eceef2}
.zb i{display:block;height:100%}
.fl{display:inline-block;margin-right:4px;padding:0 6px;border-radius:10px;background:#fdeee4;color:#8a2f06;font-size:.78rem;font-weight:600;line-height:1.6}
details{background:var(--card);border:1px solid var(--line);border-radius:8px;margin-bottom:6px}
summary{cursor:pointer;padding:8px 12px;font-size:.92rem}
details dl{margin:0;padding:0 12px 10px;font-size:.85rem;display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}
details dt{color:var(--muted)}
details dd{margin:0;overflow-wrap:anywhere}
details ul{margin:0;padding-left:1.1em}
.muted{color:var(--muted)}
.badge{display:inline-block;margin:1px 4px 1px 0;padding:0 6px;border-radius:4px;background:#fdeee4;color:#8a2f06;font:600 .74rem/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
.weeks{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,300px),1fr));gap:8px}
.weeks a{display:block;height:100%;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:9px 12px;color:var(--fg);text-decoration:none}
.weeks a:hover{border-color:var(--accent)}
.weeks .wh b{color:var(--accent)}
.weeks .wn{display:flex;flex-wrap:wrap;gap:0 14px;font-size:.88rem;font-variant-numeric:tabular-nums;margin-top:2px}
.weeks .wb{display:block;margin-top:4px}
.weeks .empty a{background:transparent}
.weeks .empty .wn{color:var(--muted)}
footer{margin-top:2em;font-size:.8rem;color:var(--muted)}
`)
	for _, c := range chartClasses {
		fmt.Fprintf(&b, ".c-%s{background:%s}\n", c, hexColor(classColors[c]))
	}
	for z, c := range zoneColors {
		fmt.Fprintf(&b, ".z%d{background:%s}\n", z+1, hexColor(c))
	}
	return b.String()
}

const htmlHead = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="easyday">
`

const weekTemplate = `{{define "week"}}` + htmlHead + `<title>{{if .Name}}{{.Name}} · week {{end}}{{.Week}}{{if .Dates}} · {{.Dates}}{{end}} · easyday</title>
<style>{{template "css"}}</style>
</head>
<body>
<main>
<nav><a href="{{.Index}}">All weeks</a><span>{{if .Prev}}<a href="{{.Prev}}" rel="prev">← {{.PrevWeek}}</a>{{end}}{{if .Next}}<a href="{{.Next}}" rel="next">{{.NextWeek}} →</a>{{end}}</span></nav>
<header>
<h1>{{if .Name}}{{.Name}} · week{{else}}Week{{end}} {{.Week}}</h1>
<p class="sub">{{.Dates}}</p>
</header>
<section class="stats" aria-label="Totals">
{{range .Stats}}<div class="stat{{if .Wide}} wide{{end}}"><span class="l">{{.Label}}</span><b>{{.Value}}</b>{{if .Note}}<span class="d">{{.Note}}</span>{{end}}</div>
{{end}}</section>

<h2>Coach's notes</h2>
{{if .Notes}}<ol class="notes">
{{range .Notes}}<li class="note" id="flag-{{.N}}">
<div class="nh"><span class="no">{{.N}}</span><code class="kind">{{.Kind}}</code>{{if .When}}<span>{{.When}}</span>{{end}}</div>
<p>{{.Message}}</p>
<p class="vl">Value <b>{{.Value}}</b> · limit <b>{{.Limit}}</b></p>
</li>
{{end}}</ol>
{{else if .Empty}}<p class="ok">No activities this week.</p>
{{else}}<p class="ok">No flags this week.</p>
{{end}}
<h2>Charts</h2>
<div class="charts">
{{template "chart" .Load}}
{{template "chart" .Zones}}
{{range .Recovery}}{{template "chart" .}}
{{end}}</div>

<h2>Activities</h2>
{{if .Rows}}<div class="scroll">
<table>
<thead><tr><th class="sticky">Day</th><th>Session</th><th class="n">Moving</th><th class="n">{{.DistUnit}}</th><th class="n">Pace {{.PaceUnit}}</th><th class="n">HR</th><th class="n">Effort</th><th class="n">Load</th><th>Zones</th><th>Flags</th></tr></thead>
<tbody>
{{range .Rows}}<tr>
<td class="sticky"><a href="#a-{{.ID}}">{{.Day}}</a><small class="t">{{.Start}}</small></td>
<td><span class="cls c-{{.Class}}">{{.Class}}</span> <small>{{.Sport}}</small>{{if .Name}}<span class="nm">{{.Name}}</span>{{end}}</td>
<td class="n">{{.Moving}}</td><td class="n">{{.Distance}}</td><td class="n">{{.Pace}}</td><td class="n">{{.HR}}</td>
<td class="n">{{.Effort}}{{if .ByPace}} <small>pace</small>{{end}}</td><td class="n">{{.Load}}</td>
<td>{{if .Zones}}<span class="zb" role="img" title="{{.ZonesTitle}}" aria-label="{{.ZonesTitle}}">{{range .Zones}}<i class="z{{.Z}}" style="{{.Style}}"></i>{{end}}</span>{{else}}<small>–</small>{{end}}</td>
<td>{{range .Flags}}<a class="fl" href="#flag-{{.N}}">{{.N}} {{.Label}}</a>{{end}}</td>
</tr>
{{end}}</tbody>
</table>
</div>
<p class="muted" style="font-size:.8rem">Moving: moving time. Pace: of runs, walks and hikes. HR: average heart rate. Effort: average, {{.EffortScale}}; "pace" when measured from pace without heart rate. Load: TRIMP. Zones: time in Z1–Z5, light to hot.</p>

<h2>Sessions in detail</h2>
{{range .Rows}}<details id="a-{{.ID}}">
<summary>{{.Title}}{{if .Name}} · {{.Name}}{{end}}</summary>
<dl>
<dt>Class</dt><dd>{{.Class}}{{if .Reasons}}<ul>{{range .Reasons}}<li>{{.}}</li>{{end}}</ul>{{end}}</dd>
<dt>Effort from</dt><dd>{{.EffortFrom}}</dd>
{{if .ZonesTitle}}<dt>Zones</dt><dd>{{.ZonesTitle}}</dd>
{{end}}<dt>File</dt><dd>{{.File}}{{if .Format}} ({{.Format}}{{if .Session}}, {{.Session}}{{end}}){{end}}{{if .Partial}} <b>partial</b>: the file is damaged; the activity ends where the damage starts{{end}}</dd>
{{if .Device}}<dt>Device</dt><dd>{{.Device}}</dd>
{{end}}</dl>
</details>
{{end}}{{else}}<p class="muted">No activities this week.</p>
{{end}}
<h2>Profile</h2>
{{template "profile" .Profile}}
<footer>Made by easyday. Works offline: this page has no scripts and loads nothing from the network.</footer>
</main>
</body>
</html>
{{end}}

{{define "chart"}}<figure>
{{.SVG}}
<figcaption>{{if .Legend}}<span class="legend">{{range .Legend}}<span><i class="sw {{.Class}}"></i>{{.Name}}</span>{{end}}</span>{{end}}{{range .Caption}} {{.}}{{end}}</figcaption>
</figure>{{end}}

{{define "profile"}}{{if .}}<div class="scroll">
<table class="wrap">
<thead><tr><th>Key</th><th>Value</th><th>Source</th></tr></thead>
<tbody>
{{range .}}<tr><td>{{.Key}}</td><td>{{.Value}}</td><td class="muted">{{.Source}}</td></tr>
{{end}}</tbody>
</table>
</div>{{else}}<p class="muted">No profile values.</p>{{end}}
{{end}}
`

const indexTemplate = `{{define "index"}}` + htmlHead + `<title>{{if .Name}}{{.Name}} · weekly reports{{else}}Weekly reports{{end}} · easyday</title>
<style>{{template "css"}}</style>
</head>
<body>
<main>
<header>
<h1>{{if .Name}}{{.Name}} · weekly reports{{else}}Weekly reports{{end}}</h1>
<p class="sub">{{if .Range}}{{.Range}}, newest first{{else}}No weeks.{{end}}</p>
</header>
{{template "advice" .Advice}}
{{if .Season}}<h2>The season</h2>
{{template "seasonblock" .Season}}{{end}}
{{range .Years}}<h2>{{.Year}}</h2>
{{range .Months}}<h3>{{.Month}}</h3>
<ul class="weeks">
{{range .Weeks}}{{if .Folded}}<li class="empty folded"><a href="{{.File}}"><span class="wh"><b>{{.Folded}} weeks without activities</b> <small>{{.Week}} · {{.Dates}}</small></span></a></li>
{{else}}<li{{if not .Activities}} class="empty"{{end}}><a href="{{.File}}">
<span class="wh"><b>{{.Week}}</b> <small>{{.Dates}}</small></span>
<span class="wn">{{if .Activities}}<span>{{.Activities}} {{if eq .Activities 1}}activity{{else}}activities{{end}}</span><span>{{.Moving}}</span><span>{{.Distance}} {{$.DistUnit}}</span>{{if .Load}}<span>load {{.Load}}{{if .Change}} <small{{if .ChangeTitle}} title="{{.ChangeTitle}}"{{end}}>{{.Change}}</small>{{end}}</span>{{end}}{{else}}<span>rest week: no activities</span>{{end}}</span>
{{if .Badges}}<span class="wb">{{range .Badges}}<span class="badge">{{.Kind}}{{if gt .Count 1}} ×{{.Count}}{{end}}</span>{{end}}</span>{{end}}
</a></li>
{{end}}{{end}}</ul>
{{end}}{{end}}<p class="muted" style="font-size:.8rem">Moving time, distance, load (TRIMP) and its change against the average of up to four weeks before; the kinds of the week's flags.</p>
<h2>Profile</h2>
{{template "profile" .Profile}}
<footer>Made by easyday. Works offline: these pages have no scripts and load nothing from the network.</footer>
</main>
</body>
</html>
{{end}}`

// pages holds the page templates: parsed once, only read after.
var pages = func() *template.Template {
	t := template.Must(template.New("week").Parse(weekTemplate))
	template.Must(t.Parse(indexTemplate))
	template.Must(t.Parse(seasonTemplate))
	template.Must(t.New("css").Parse(pageCSS() + seasonCSS))
	return t
}()
