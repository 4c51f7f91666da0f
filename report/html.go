// html.go is one piece past 600 lines because its templates, their view types and the CSS
// they use change together: a class added to the template is styled and filled here.

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
// (WriteHTMLIndex): the page models and the code that fills them; the style and the templates
// that lay them out are in html_pages.go, the season's block and page in seasonhtml.go. Pages
// need no network: the style is inline, the charts are inline SVG, and
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
	idx, err := rd.htmlIndex(&r, nil)
	if err != nil {
		return fmt.Errorf("render report html index: %w", err)
	}
	return execHTML(w, "index", idx)
}

// WriteHTMLIndexAfter writes the index page of a report whose weeks are those of before (rows
// of the weeks before r's first, oldest first, as IndexRows rendered them) and then r's: the
// same page WriteHTMLIndex writes of the whole report, from a report of recent weeks.
func WriteHTMLIndexAfter(w io.Writer, r Report, before []IndexRow, opts Options) error {
	rd, err := newRendering(r, opts)
	if err != nil {
		return err
	}
	idx, err := rd.htmlIndex(&r, before)
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
		Notices            []string
	}
	htmlStat struct {
		Label, Value, Note string
		Wide               bool // spans two columns
	}
	htmlNote struct {
		N            int
		Kind, When   string
		Label        string // the kind in words: "too hard"
		Severity     string // warning, advice
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
		// Description is the athlete's text, whole, line breaks kept; Decoupling the note on
		// aerobic decoupling above DecouplingNoted, else "".
		Description, Decoupling string
		Commute                 bool
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
		Notices  []string
	}
	htmlYear struct {
		Year   string
		Months []htmlMonth
	}
	htmlMonth struct {
		Month string
		Weeks []IndexRow
	}
	// IndexRow is one week's row of the HTML index, rendered: what a run that renders the
	// index again from a window of recent weeks keeps of the weeks before it
	// (WriteHTMLIndexAfter).
	IndexRow struct {
		// Folded is the number of weeks without activities this row stands for (0: one week).
		Folded                 int
		File, Week, Dates      string
		Activities, Runs       int
		Moving, Distance, Load string
		Change, ChangeTitle    string
		InProgress             string // "in progress to Thu 3 Dec"; "" for a complete week
		Badges                 []htmlBadge
		// Year and Month are where the index lists it: the newest week's, when folded.
		Year, Month string
		// Monday is the week's Monday (midnight in the report's zone), for the index's range.
		Monday time.Time
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
	analysis.FlagEasyTooHard:     "easy too hard",
}

// flagLabel names a flag's kind in words: "too hard", "no recovery"; an unknown kind as it is.
func flagLabel(k analysis.FlagKind) string {
	if l, ok := flagLabels[k]; ok {
		return l
	}
	return clean(strings.ReplaceAll(string(k), "_", " "))
}

func (rd rendering) htmlWeek(r *Report, wk *Week) (*htmlWeek, error) {
	m := weekMonday(wk)
	page := &htmlWeek{
		Name:        r.Name,
		Week:        clean(wk.Week),
		Dates:       m.Format("Mon 2 Jan") + " – " + m.AddDate(0, 0, 6).Format("Mon 2 Jan 2006") + inProgress(wk),
		Index:       IndexFileName,
		Empty:       len(wk.Activities) == 0,
		DistUnit:    rd.u.distanceUnit(),
		PaceUnit:    "/" + rd.u.distanceUnit(),
		Profile:     htmlProfileRows(r.Profile),
		EffortScale: effortScale(r.Limits.EffortModel),
		Notices:     r.Notices,
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
	page.Stats = rd.htmlStats(wk)

	for n, f := range wk.Flags {
		v, l := rd.flagValues(f)
		note := htmlNote{N: n + 1, Kind: string(f.Kind), Label: flagLabel(f.Kind), Severity: string(f.Severity),
			Message: clean(f.Message), Value: v, Limit: l}
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
func (rd rendering) htmlStats(wk *Week) []htmlStat {
	t := &wk.Totals
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
	load.Note = loadComparison(wk)
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
		ID:          a.ID,
		Day:         day(a),
		Start:       a.Time.In(rd.loc).Format("15:04"),
		Sport:       sportWord(a.Sport),
		Class:       clean(string(a.Class)),
		Name:        clean(a.Name),
		Moving:      clock(float64(a.MovingS)),
		Pace:        rd.activityPace(a),
		HR:          num0(float64(a.AvgHR)),
		Effort:      pct(float64(a.Effort)),
		ByPace:      a.EffortSource == analysis.EffortFromPace && !math.IsNaN(float64(a.Effort)),
		Load:        num0(float64(a.TRIMP)),
		Title:       day(a) + " " + a.Time.In(rd.loc).Format("15:04") + " · " + noun(a),
		File:        clean(a.File),
		Format:      clean(a.Format),
		Device:      clean(a.Device),
		Partial:     a.Partial,
		Description: htmlText(a.Description),
		Commute:     a.Commute,
		Decoupling:  decouplingNote(a),
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

func (rd rendering) htmlIndex(r *Report, before []IndexRow) (*htmlIndex, error) {
	idx := &htmlIndex{Name: r.Name, DistUnit: rd.u.distanceUnit(), Profile: htmlProfileRows(r.Profile),
		Advice: newHTMLAdvice(r.Advice), Notices: r.Notices}
	var err error
	if idx.Season, err = rd.htmlSeasonBlock(r.Season, false); err != nil {
		return nil, err
	}
	weeks := append(slices.Clone(before), rd.indexRows(r)...) // oldest first
	if n := len(weeks); n > 0 {
		first, last := weeks[0].Monday, weeks[n-1].Monday
		idx.Range = fmt.Sprintf("%d weeks, %s – %s", n, first.Format("Mon 2 Jan 2006"), last.AddDate(0, 0, 6).Format("Mon 2 Jan 2006"))
		if n == 1 {
			idx.Range = "1 week, " + idx.Range[len("1 weeks, "):]
		}
	}
	slices.Reverse(weeks) // newest first
	for _, row := range foldEmpty(weeks) {
		if n := len(idx.Years); n == 0 || idx.Years[n-1].Year != row.Year {
			idx.Years = append(idx.Years, htmlYear{Year: row.Year})
		}
		y := &idx.Years[len(idx.Years)-1]
		if n := len(y.Months); n == 0 || y.Months[n-1].Month != row.Month {
			y.Months = append(y.Months, htmlMonth{Month: row.Month})
		}
		mo := &y.Months[len(y.Months)-1]
		mo.Weeks = append(mo.Weeks, row)
	}
	return idx, nil
}

// indexRows are the index's rows of r's weeks, oldest first.
func (rd rendering) indexRows(r *Report) []IndexRow {
	rows := make([]IndexRow, 0, len(r.Weeks))
	for i := range r.Weeks {
		wk := &r.Weeks[i]
		t := &wk.Totals
		m := weekMonday(wk)
		row := IndexRow{
			File:       WeekFileName(*wk),
			Week:       clean(wk.Week),
			Dates:      m.Format("2 Jan") + " – " + m.AddDate(0, 0, 6).Format("2 Jan"),
			Activities: t.Activities,
			Runs:       t.Runs,
			Moving:     clock(float64(t.TimeS)),
			Distance:   rd.u.distance(nz(float64(t.DistanceM))),
			Load:       num0(float64(t.Load)),
			Monday:     m,
		}
		if t.Activities == 0 {
			row.Moving, row.Distance = "", ""
		}
		if c := float64(t.LoadChangePct); !math.IsNaN(c) {
			row.Change = fmt.Sprintf("%+.0f%%", c)
			row.ChangeTitle = "vs " + strings.SplitN(loadComparison(wk), " vs ", 2)[1]
		}
		row.InProgress = strings.TrimPrefix(inProgress(wk), ", ")
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
			row.Badges = append(row.Badges, htmlBadge{Kind: flagLabel(k), Count: counts[k]})
		}
		year := m.Format("2006")
		if y, _, ok := strings.Cut(wk.Week, "-W"); ok {
			year = clean(y) // the ISO year
		}
		row.Year, row.Month = year, m.AddDate(0, 0, 3).Format("January") // its Thursday's month, as ISO weeks take the year
		rows = append(rows, row)
	}
	return rows
}

// IndexRows are the HTML index's rows of r's weeks, oldest first, rendered with opts.
func IndexRows(r Report, opts Options) ([]IndexRow, error) {
	rd, err := newRendering(r, opts)
	if err != nil {
		return nil, err
	}
	return rd.indexRows(&r), nil
}

// flagOrder is a flag kind's place in analysis.FlagKind's order, the season's flags after;
// unknown kinds last.
func flagOrder(k analysis.FlagKind) int {
	i := slices.Index([]analysis.FlagKind{analysis.FlagRecoveryTooHard, analysis.FlagRecoveryTooFast, analysis.FlagRecoveryTooLong,
		analysis.FlagEasyTooHard, analysis.FlagBackToBackHard, analysis.FlagNoRecovery, FlagLoadSpike, FlagFatigued}, k)
	if i < 0 {
		return 99
	}
	return i
}
