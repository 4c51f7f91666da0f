package report

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/profile"
)

// Options says how a report is rendered.
type Options struct {
	// Units is "metric" (the default when empty) or "imperial": kilometres or miles, and pace
	// per km or per mile, in every table and every word (reasons, flag messages, JSON's
	// strings). Numbers in JSON and CSV stay SI.
	Units string
	// Loc is the zone for the start times shown; nil means the report's zone. Days and weeks
	// are the report's (Build's loc) whatever Loc says.
	Loc *time.Location
	// Quiet leaves out the text report's profile line.
	Quiet bool
}

// TextWidth is the width the text report fits in.
const TextWidth = 100

// units is what a table shows distance and pace in.
type units struct {
	imperial bool
}

func (o Options) units() (units, error) {
	switch o.Units {
	case "", "metric":
		return units{}, nil
	case "imperial":
		return units{imperial: true}, nil
	}
	return units{}, fmt.Errorf("render report: units %q: want metric or imperial", o.Units)
}

const metresPerMile = 1609.344

// distance formats metres as km or miles with two decimals.
func (u units) distance(m float64) string {
	if math.IsNaN(m) {
		return ""
	}
	if u.imperial {
		return strconv.FormatFloat(m/metresPerMile, 'f', 2, 64)
	}
	return strconv.FormatFloat(m/1000, 'f', 2, 64)
}

// elevation formats metres climbed as "120 m", or feet with imperial units: "394 ft".
func (u units) elevation(m float64) string {
	if u.imperial {
		return fmt.Sprintf("%.0f ft", m/0.3048)
	}
	return fmt.Sprintf("%.0f m", m)
}

// distanceUnit is "km" or "mi".
func (u units) distanceUnit() string {
	if u.imperial {
		return "mi"
	}
	return "km"
}

// pace formats seconds per km as m:ss per km or per mile.
func (u units) pace(sPerKm float64) string { return clock(u.perUnit(sPerKm)) }

// perUnit converts seconds per km into seconds per km or per mile.
func (u units) perUnit(sPerKm float64) float64 {
	if u.imperial {
		return sPerKm * metresPerMile / 1000
	}
	return sPerKm
}

// paceVs formats a pace against a limit, as clockVs does, with its unit: "5:15/km".
func (u units) paceVs(sPerKm, limit float64) string {
	return clockVs(u.perUnit(sPerKm), u.perUnit(limit)) + "/" + u.distanceUnit()
}

// rendering is a report laid out for text and Markdown: the cells of each week's rows.
type rendering struct {
	u   units
	loc *time.Location
}

// newWordedRendering is newRendering with r's reasons and messages worded (Report.Worded), for
// the renderers that print every week.
func newWordedRendering(r Report, opts Options) (rendering, Report, error) {
	rd, err := newRendering(r, opts)
	if err != nil {
		return rd, r, err
	}
	r, err = r.Worded(opts)
	return rd, r, err
}

func newRendering(r Report, opts Options) (rendering, error) {
	u, err := opts.units()
	if err != nil {
		return rendering{}, err
	}
	loc := opts.Loc
	if loc == nil {
		loc = r.Loc
	}
	if loc == nil {
		loc = time.UTC
	}
	return rendering{u: u, loc: loc}, nil
}

// column is one column of the activity table.
type column struct {
	head  string
	right bool // numbers align right
}

func (rd rendering) columns() []column {
	return []column{{"Day", false}, {"Start", false}, {"Sport", false}, {"Class", false}, {"Name", false},
		{"Moving", true}, {rd.u.distanceUnit(), true}, {"Pace/" + rd.u.distanceUnit(), true}, {"HR", true},
		{"Effort", true}, {"Load", true}, {"Flags", false}}
}

// nameColumn is the index of the Name column, the one that gives way when the table is wide.
const nameColumn = 4

// row returns an activity's cells, in columns() order; flagNo numbers its flags in the week's
// list.
func (rd rendering) row(a *Activity, flagNo []int) []string {
	effort := pct(float64(a.Effort))
	if effort != "" && a.EffortSource == analysis.EffortFromPace {
		effort += "p" // from pace
	}
	load := ""
	if t := float64(a.TRIMP); !math.IsNaN(t) {
		load = strconv.FormatFloat(t, 'f', 0, 64)
	}
	hr := ""
	if h := float64(a.AvgHR); !math.IsNaN(h) {
		hr = strconv.FormatFloat(h, 'f', 0, 64)
	}
	nums := make([]string, len(flagNo))
	for i, n := range flagNo {
		nums[i] = strconv.Itoa(n)
	}
	return []string{day(a), a.Time.In(rd.loc).Format("15:04"), sportWord(a.Sport), string(a.Class), clean(a.Name),
		clock(float64(a.MovingS)), rd.u.distance(float64(a.DistanceM)), rd.activityPace(a),
		hr, effort, load, strings.Join(nums, ",")}
}

// activityPace is the pace of a run, walk or hike, with its grade-adjusted pace in brackets
// where the two differ by more than GAPShownS ("5:20 (5:47)"); "" for rides, swims and other
// sports, whose pace per km says little.
func (rd rendering) activityPace(a *Activity) string {
	switch activity.Sport(a.Sport) {
	case activity.SportRunning, activity.SportWalking, activity.SportHiking:
		p := rd.u.pace(float64(a.PaceSPerKm))
		if p != "" && gapDiffers(a) {
			p += " (" + rd.u.pace(float64(a.GAPSPerKm)) + ")"
		}
		return p
	}
	return ""
}

// flagNumbers numbers the flags of week w from 1 and returns, for each activity, its flags'
// numbers.
func flagNumbers(w *Week) [][]int {
	out := make([][]int, len(w.Activities))
	for n, f := range w.Flags {
		if f.Activity == nil {
			continue
		}
		for i := range w.Activities {
			if w.Activities[i].ID == *f.Activity {
				out[i] = append(out[i], n+1)
				break
			}
		}
	}
	return out
}

// sportWord is a sport in one short word.
func sportWord(sport string) string {
	if n := activity.Sport(sport).Noun(); n != "" {
		return n
	}
	if sport == "" {
		return "?"
	}
	return clean(sport)
}

// clean makes a string from a file safe to print: control characters become spaces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
}

// weekTitle is "2026-W47  Mon 16 Nov – Sun 22 Nov 2026", with ", in progress to Thu 19 Nov"
// for a week in progress.
func weekTitle(w *Week) string {
	m := civil(w.Monday)
	return fmt.Sprintf("%s  %s – %s%s", w.Week, m.Format("Mon 2 Jan"), m.AddDate(0, 0, 6).Format("Mon 2 Jan 2006"), inProgress(w))
}

// inProgress is ", in progress to Thu 3 Dec" for a week in progress, "" for a complete week.
func inProgress(w *Week) string {
	if !w.InProgress {
		return ""
	}
	t, err := time.Parse(time.DateOnly, w.Through)
	if err != nil {
		return ", in progress"
	}
	return ", in progress to " + t.Format("Mon 2 Jan")
}

// totalsParts says a week's totals in short phrases.
func (rd rendering) totalsParts(w *Week) []string {
	t := &w.Totals
	parts := []string{}
	r := plural(t.Runs, "run", "runs")
	if runs := runsByClass(t); len(runs) > 0 {
		r += " (" + strings.Join(runs, ", ") + ")"
	}
	parts = append(parts, r, fmt.Sprintf("%d cross", t.Cross))
	parts = append(parts, clock(float64(t.TimeS))+" moving",
		rd.u.distance(float64(t.DistanceM))+" "+rd.u.distanceUnit())
	if t.Runs > 0 {
		parts = append(parts, fmt.Sprintf("runs %s, %s %s", clock(float64(t.RunTimeS)),
			rd.u.distance(float64(t.RunDistanceM)), rd.u.distanceUnit()))
	}
	load := "load " + num0(float64(t.Load))
	if math.IsNaN(float64(t.Load)) {
		load = "load unknown"
	}
	if c := loadComparison(w); c != "" {
		load += " (" + c + ")"
	}
	if t.LoadUnknown > 0 {
		load += fmt.Sprintf(", %d without heart rate not counted", t.LoadUnknown)
	}
	parts = append(parts, load)
	if s := float64(t.EasyShare); !math.IsNaN(s) {
		parts = append(parts, "easy "+pct(s)+" of the time")
	}
	return parts
}

// runsByClass counts a week's runs by class, in RunClasses order: "2 intervals", "1 long".
func runsByClass(t *Totals) []string {
	var runs []string
	for _, c := range RunClasses {
		if n := t.RunsByClass[c]; n > 0 {
			runs = append(runs, fmt.Sprintf("%d %s", n, c))
		}
	}
	return runs
}

// loadComparison sets a week's load beside the weeks before: "+12% vs 40, the average of the 4
// weeks before", "the week before: 40 on average" (a load of its own unknown), or "" without
// earlier weeks. A week in progress is set beside the same days of the weeks before: "-20% vs
// 50, the average of Mon–Thu of the 4 weeks before".
func loadComparison(w *Week) string {
	t := &w.Totals
	before := weeksBefore(t.LoadPrevWeeks)
	if th, err := time.Parse(time.DateOnly, w.Through); w.InProgress && err == nil && th.Weekday() != time.Sunday {
		days := "Mon"
		if th.Weekday() != time.Monday {
			days += "–" + th.Format("Mon")
		}
		before = days + " of " + before
	}
	switch {
	case !math.IsNaN(float64(t.LoadChangePct)):
		return fmt.Sprintf("%+.0f%% vs %s, the average of %s", float64(t.LoadChangePct), num0(float64(t.LoadPrevAvg)), before)
	case !math.IsNaN(float64(t.LoadPrevAvg)):
		return fmt.Sprintf("%s: %s on average", before, num0(float64(t.LoadPrevAvg)))
	}
	return ""
}

// weeksBefore names the n weeks a load is compared with: "the week before", "the 4 weeks before".
func weeksBefore(n int) string {
	if n > 1 {
		return fmt.Sprintf("the %d weeks before", n)
	}
	return "the week before"
}

// zonesLine is "Z1 1:02:00  Z2 2:10:05  ...".
func zonesLine(z [5]Float) string {
	parts := make([]string, 5)
	for i, s := range z {
		c := clock(float64(s))
		if c == "" {
			c = "0:00"
		}
		parts[i] = fmt.Sprintf("Z%d %s", i+1, c)
	}
	return strings.Join(parts, "  ")
}

// num0 formats a number without decimals; "" for NaN.
func num0(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(math.Round(v)+0, 'f', 0, 64) // +0: no "-0"
}

// profileText formats one profile value: "190 bpm", "4:50", "70%", "unknown".
func profileText(it profile.Item) string {
	if it.Text != "" {
		return clean(it.Text)
	}
	f := it.Number
	if math.IsNaN(f) {
		return "unknown"
	}
	if it.Key == "recovery_ceiling" || it.Key == "easy_ceiling" {
		return pctVs(f, math.Round(f*100)/100)
	}
	n := strconv.FormatFloat(math.Round(f*1000)/1000, 'f', -1, 64)
	if it.Unit == "bpm" || it.Unit == "min" {
		n += " " + it.Unit
	}
	return n
}

// profileSource is where a profile value came from, with its detail: "estimated: best 20 min,
// 12 Oct".
func profileSource(it profile.Item) string {
	if it.Detail == "" {
		return clean(string(it.Source))
	}
	return clean(string(it.Source)) + ": " + clean(it.Detail)
}

// verdictProfile says in one line what of the profile the verdict used, each value with its
// source (`easyday profile` shows the details): "max HR 190 bpm (set), marathon pace 4:50/km
// (estimated), recovery ≤ 70% and ≤ 40 min".
func (rd rendering) verdictProfile(r *Report) string {
	p := r.Limits
	src := func(key string) string {
		for _, it := range r.Profile {
			if it.Key == key && it.Source != "" {
				return " (" + clean(string(it.Source)) + ")"
			}
		}
		return ""
	}
	var parts []string
	switch p.EffortModel {
	case analysis.ModelLTHR:
		if p.LTHR > 0 {
			parts = append(parts, fmt.Sprintf("LTHR %.0f bpm%s", p.LTHR, src("lthr")))
		}
	case analysis.ModelHRR:
		if p.MaxHR > 0 {
			parts = append(parts, fmt.Sprintf("heart-rate reserve %.0f–%.0f bpm%s", p.Resting(), p.MaxHR, src("max_hr")))
		}
	default:
		if p.MaxHR > 0 {
			parts = append(parts, fmt.Sprintf("max HR %.0f bpm%s", p.MaxHR, src("max_hr")))
		}
	}
	if p.MarathonPace > 0 {
		parts = append(parts, fmt.Sprintf("marathon pace %s/%s%s", rd.u.pace(p.MarathonPace), rd.u.distanceUnit(), src("marathon_pace")))
	}
	parts = append(parts, fmt.Sprintf("recovery ≤ %s and ≤ %s", pct(p.RecoveryCeiling), minutes(p.RecoveryMaxMin)))
	return strings.Join(parts, ", ")
}

// wrap breaks s into lines of at most width runes, the first prefixed by first and the rest
// by indent (each prefix followed by the text directly). A unit stays with its number ("38 min",
// "56.21 km"), and a word longer than a line stays whole.
func wrap(s, first, indent string, width int) []string {
	var words []string
	for _, w := range strings.Fields(s) {
		if n := len(words); n > 0 && unitWords[strings.TrimRight(w, ".,;:)")] {
			words[n-1] += " " + w
			continue
		}
		words = append(words, w)
	}
	var lines []string
	line := first
	empty := true // nothing but the prefix on the line yet
	for _, word := range words {
		if !empty && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > width {
			lines = append(lines, line)
			line, empty = indent, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	return append(lines, line)
}

// unitWords are the units wrap keeps with the number before them.
var unitWords = map[string]bool{"km": true, "mi": true, "bpm": true, "min": true, "moving": true}

// legend explains the table's less obvious columns; the effort in the words of effort model m
// (the report's, Report.Limits.EffortModel).
func legend(m analysis.EffortModel) string {
	return "Moving: moving time. Pace: of runs, walks and hikes (in brackets: grade-adjusted, where hills change it). HR: average. Effort: average, " + effortScale(m) +
		" (p: from pace, no heart rate). Load: TRIMP. Flags: the numbers of the week's flags below the table."
}

// WriteText writes the report as aligned terminal tables, one per week, TextWidth columns wide:
// the profile, then per week a title line, the activities (day, start, sport, class, name,
// moving time, distance, pace, average HR, effort — "p" when from pace —, load (TRIMP) and the
// numbers of its flags), under it a line for each session with a note (its description, shortened,
// the commute mark, aerobic decoupling above DecouplingNoted), the totals, the time in zones,
// and the flags' messages, numbered.
func WriteText(w io.Writer, r Report, opts Options) error {
	rd, r, err := newWordedRendering(r, opts)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	for _, n := range r.Notices {
		for _, l := range wrap(n, "Note: ", "  ", TextWidth) {
			fmt.Fprintln(bw, l)
		}
	}
	if len(r.Profile) > 0 && !opts.Quiet {
		for _, l := range wrap(rd.verdictProfile(&r), "Profile: ", "  ", TextWidth) {
			fmt.Fprintln(bw, l)
		}
	}
	for _, l := range wrap(legend(r.Limits.EffortModel), "", "", TextWidth) {
		fmt.Fprintln(bw, l)
	}
	for i := range r.Weeks {
		fmt.Fprintln(bw)
		rd.writeTextWeek(bw, &r.Weeks[i])
	}
	if r.Season != nil && len(r.Season.Days) > 0 {
		fmt.Fprintln(bw)
		for _, l := range SeasonSummary(*r.Season, rd.u) {
			for _, x := range wrap(l, "", "  ", TextWidth) {
				fmt.Fprintln(bw, x)
			}
		}
	}
	return bw.Flush()
}

func (rd rendering) writeTextWeek(w io.Writer, wk *Week) {
	fmt.Fprintln(w, weekTitle(wk))
	if len(wk.Activities) == 0 {
		fmt.Fprintln(w, "No activities.")
	} else {
		cols := rd.columns()
		nums := flagNumbers(wk)
		rows := make([][]string, len(wk.Activities))
		for i := range wk.Activities {
			rows[i] = rd.row(&wk.Activities[i], nums[i])
		}
		for _, l := range table(cols, rows, TextWidth) {
			fmt.Fprintln(w, l)
		}
		for i := range wk.Activities {
			if n := sessionNote(&wk.Activities[i], func(s string) string { return s }); n != "" {
				for _, l := range wrap(n, "  ", "    ", TextWidth) {
					fmt.Fprintln(w, l)
				}
			}
		}
	}
	for _, l := range wrap(strings.Join(rd.totalsParts(wk), ", "), "Totals: ", "  ", TextWidth) {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w, "Zones:  "+zonesLine(wk.Totals.ZonesS))
	if len(wk.Flags) > 0 {
		fmt.Fprintln(w, "Flags:")
		for n, f := range wk.Flags {
			lead := fmt.Sprintf("%3d. ", n+1)
			msg := f.Message
			if f.Severity == analysis.SeverityAdvice {
				msg = "Advice: " + msg // warnings come first and need no word
			}
			for _, l := range wrap(msg, lead, "     ", TextWidth) {
				fmt.Fprintln(w, l)
			}
		}
	}
}

// table lays out rows under cols, two spaces apart, fitting width: the Name column is cut
// (with "…") to what is left.
func table(cols []column, rows [][]string, width int) []string {
	const gap = 2
	widths := make([]int, len(cols))
	for c, col := range cols {
		widths[c] = utf8.RuneCountInString(col.head)
		for _, r := range rows {
			widths[c] = max(widths[c], utf8.RuneCountInString(r[c]))
		}
	}
	others := gap * (len(cols) - 1)
	for c := range widths {
		if c != nameColumn {
			others += widths[c]
		}
	}
	if room := max(width-others, utf8.RuneCountInString(cols[nameColumn].head)); widths[nameColumn] > room {
		widths[nameColumn] = room
	}
	line := func(cells []string) string {
		var b strings.Builder
		for c, cell := range cells {
			if n := utf8.RuneCountInString(cell); n > widths[c] {
				cell = string([]rune(cell)[:widths[c]-1]) + "…"
			}
			pad := strings.Repeat(" ", widths[c]-utf8.RuneCountInString(cell))
			if c > 0 {
				b.WriteString(strings.Repeat(" ", gap))
			}
			if cols[c].right {
				b.WriteString(pad + cell)
			} else {
				b.WriteString(cell + pad)
			}
		}
		return strings.TrimRight(b.String(), " ")
	}
	heads := make([]string, len(cols))
	for c, col := range cols {
		heads[c] = col.head
	}
	out := []string{line(heads)}
	for _, r := range rows {
		out = append(out, line(r))
	}
	return out
}
