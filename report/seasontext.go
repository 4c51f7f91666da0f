package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/season"
)

// WriteSeason writes the season in format: text, md, json, csv or html (one self-contained
// page with the season charts).
func WriteSeason(w io.Writer, format string, s SeasonReport, opts Options) error {
	switch format {
	case "text":
		return WriteSeasonText(w, s, opts)
	case "md":
		return WriteSeasonMarkdown(w, s, opts)
	case "json":
		return WriteSeasonJSON(w, s, opts)
	case "csv":
		return WriteSeasonCSV(w, s, opts)
	case "html":
		return WriteSeasonHTML(w, s, opts)
	}
	return fmt.Errorf("render season: format %q: want text, md, json, csv or html", format)
}

// seasonTitle is "Season · Anna · Mon 5 Jan 2026 – Sun 30 Nov 2026".
func seasonTitle(s *SeasonReport) string {
	t := "Season"
	if s.Name != "" {
		t += " · " + clean(s.Name)
	}
	if len(s.Days) > 0 {
		t += fmt.Sprintf(" · %s – %s", s.From.Format("Mon 2 Jan 2006"), s.To.Format("Mon 2 Jan 2006"))
	}
	return t
}

// seasonColumns are the columns of the season's week table.
var seasonColumns = []column{{"Week", false}, {"Load", true}, {"Fitness", true}, {"Fatigue", true},
	{"Form", true}, {"A:C max", true}, {"Recovery ok", true}, {"Hard→rest", true}, {"m/beat", true}, {"Flags", false}}

// morning is the morning of day i of m: fitness and fatigue at the end of the day before (its
// ctl and atl) and the form they make, day i's tsb; NaN where not yet known. The text, the week
// table and the chart show a day's fitness, fatigue and form so, for form = fitness − fatigue.
func morning(m *season.Season, i int) (ctl, atl, tsb float64) {
	if i < 1 || i >= len(m.Days) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	return m.Days[i-1].CTL, m.Days[i-1].ATL, m.Days[i].TSB
}

// seasonRows returns the week table's cells: fitness, fatigue and form on the morning of each
// week's last day in the season (morning), the highest ratio of the week.
func seasonRows(s *SeasonReport) [][]string {
	flags := map[string][]string{}
	for _, f := range s.Flags {
		flags[f.Week] = append(flags[f.Week], string(f.Kind))
	}
	rows := make([][]string, 0, len(s.Weeks))
	for _, w := range s.Weeks {
		mon, _ := time.Parse(time.DateOnly, w.Start)
		ctl, atl, tsb, acwr := math.NaN(), math.NaN(), math.NaN(), math.NaN()
		for d := range 7 {
			i := s.Model.DayOf(mon.AddDate(0, 0, d))
			if i < 0 {
				continue
			}
			day := s.Model.Days[i]
			ctl, atl, tsb = morning(&s.Model, i)
			if !math.IsNaN(day.ACWR) && !(day.ACWR <= acwr) {
				acwr = day.ACWR
			}
		}
		ratio := ""
		if !math.IsNaN(acwr) {
			ratio = strconv.FormatFloat(acwr, 'f', 2, 64)
		}
		ef := ""
		if e := float64(w.Efficiency); !math.IsNaN(e) {
			ef = strconv.FormatFloat(e, 'f', 3, 64)
		}
		rows = append(rows, []string{w.Week, num0(float64(w.Load)), num0(ctl), num0(atl), num0(tsb), ratio,
			ofCount(w.RecoveryRunsOK, w.RecoveryRuns), ofCount(w.HardFollowed, w.Hard-w.HardPending), ef,
			strings.Join(flags[w.Week], " ")})
	}
	return rows
}

// ofCount is "3/4", or "" for 0 of 0.
func ofCount(n, of int) string {
	if of == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", n, of)
}

// WriteSeasonText writes the season as text: a title, a table of its weeks (load, fitness,
// fatigue and form on the morning of the week's last day, the highest acute:chronic ratio, recovery runs within
// their limits, hard sessions followed by recovery or rest, efficiency in metres per
// heartbeat), the flags, and the five-line summary.
func WriteSeasonText(w io.Writer, s SeasonReport, opts Options) error {
	u, err := opts.units()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, seasonTitle(&s))
	if len(s.Weeks) > 0 {
		fmt.Fprintln(bw)
		for _, l := range table(seasonColumns, seasonRows(&s), 200) {
			fmt.Fprintln(bw, l)
		}
	}
	if len(s.Flags) > 0 {
		fmt.Fprintln(bw, "\nFlags:")
		for n, f := range s.Flags {
			for _, l := range wrap(f.Message, fmt.Sprintf("%3d. ", n+1), "     ", TextWidth) {
				fmt.Fprintln(bw, l)
			}
		}
	}
	fmt.Fprintln(bw)
	for _, l := range SeasonSummary(s, u) {
		for _, x := range wrap(l, "", "  ", TextWidth) {
			fmt.Fprintln(bw, x)
		}
	}
	return bw.Flush()
}

// WriteSeasonMarkdown writes the season as Markdown: a heading, the week table, the flags as a
// numbered list and the summary.
func WriteSeasonMarkdown(w io.Writer, s SeasonReport, opts Options) error {
	u, err := opts.units()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s\n\n", mdEscape(seasonTitle(&s)))
	for _, l := range SeasonSummary(s, u) {
		fmt.Fprintf(bw, "- %s\n", mdEscape(l))
	}
	if len(s.Weeks) > 0 {
		fmt.Fprintln(bw)
		heads := make([]string, len(seasonColumns))
		seps := make([]string, len(seasonColumns))
		for c, col := range seasonColumns {
			heads[c], seps[c] = col.head, "---"
			if col.right {
				seps[c] = "---:"
			}
		}
		fmt.Fprintf(bw, "| %s |\n| %s |\n", strings.Join(heads, " | "), strings.Join(seps, " | "))
		for _, r := range seasonRows(&s) {
			fmt.Fprintf(bw, "| %s |\n", strings.Join(r, " | "))
		}
	}
	if len(s.Flags) > 0 {
		fmt.Fprint(bw, "\n## Flags\n\n")
		for n, f := range s.Flags {
			fmt.Fprintf(bw, "%d. `%s` (%s): %s\n", n+1, f.Kind, f.Severity, mdEscape(f.Message))
		}
	}
	return bw.Flush()
}

// WriteSeasonJSON writes the season as `{"days", "weeks", "flags", "efficiency_trend",
// "decoupled", "summary"}`, indented; null where a value is not yet known.
func WriteSeasonJSON(w io.Writer, s SeasonReport, opts Options) error {
	u, err := opts.units()
	if err != nil {
		return err
	}
	out := struct {
		SeasonReport
		Summary []string `json:"summary"`
	}{s, SeasonSummary(s, u)}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("render season json: %w", err)
	}
	return nil
}

// SeasonCSVHeader is the header row of WriteSeasonCSV.
var SeasonCSVHeader = []string{"date", "load", "load_unknown", "ctl", "atl", "tsb", "acwr"}

// WriteSeasonCSV writes one row per day under SeasonCSVHeader; empty where not yet known.
func WriteSeasonCSV(w io.Writer, s SeasonReport, opts Options) error {
	if _, err := opts.units(); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(SeasonCSVHeader); err != nil {
		return fmt.Errorf("render season csv: %w", err)
	}
	for _, d := range s.Days {
		if err := cw.Write([]string{d.Date, csvNum(d.Load, 1), strconv.Itoa(d.LoadUnknown), csvNum(d.CTL, 2),
			csvNum(d.ATL, 2), csvNum(d.TSB, 2), csvNum(Float(d.ACWR), 3)}); err != nil {
			return fmt.Errorf("render season csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("render season csv: %w", err)
	}
	return nil
}

// SeasonSummary is the season in five lines, each about TextWidth long: its span and load
// (activities without heart rate: unknown, not counted); fitness, fatigue, form and the load
// ratio at its end (or that it is still learning the athlete); recovery compliance; the
// aerobic efficiency trend (grade-adjusted); the flags and aerobic decoupling.
func SeasonSummary(s SeasonReport, u units) []string {
	m := &s.Model
	if len(s.Days) == 0 {
		return []string{"Season: no activities yet."}
	}
	var acts, unknown int
	var load float64
	for _, x := range m.Sessions {
		if x.Day.Before(s.WeeksFrom) {
			continue
		}
		acts++
		if math.IsNaN(x.Load) {
			unknown++
		} else {
			load += x.Load
		}
	}
	l1 := fmt.Sprintf("Season %s – %s: %s, %s, load %s", s.WeeksFrom.Format("2 Jan 2006"), s.To.Format("2 Jan 2006"),
		plural(len(s.Weeks), "week", "weeks"), plural(acts, "activity", "activities"), num0(load))
	if unknown > 0 {
		l1 += fmt.Sprintf(" (%d without HR: unknown, not counted)", unknown)
	}
	l1 += "."

	last := m.Days[len(m.Days)-1]
	var l2 string
	if math.IsNaN(last.TSB) {
		l2 = fmt.Sprintf("Still learning you: %s of history; form after %d days, the load ratio after %d; no flags yet.",
			plural(last.History, "day", "days"), season.CTLDays, season.ChronicDays)
	} else {
		ctl, atl, tsb := morning(m, len(m.Days)-1)
		l2 = fmt.Sprintf("%s morning: fitness %s, fatigue %s, form %s (fatigued below %s)", last.Date.Format("Mon 2 Jan"),
			num0(ctl), num0(atl), num0(tsb), num0(season.FatigueLine(ctl)))
		if !math.IsNaN(last.ACWR) {
			l2 += fmt.Sprintf("; acute:chronic %.2f through the day (spike at %.1f)", last.ACWR, season.SpikeRatio)
		} else {
			l2 += fmt.Sprintf("; acute:chronic – (no load in the last %d days)", season.ChronicDays)
		}
		l2 += "."
	}

	var rec, recOK, hard, followed int
	for _, w := range s.Weeks {
		rec += w.RecoveryRuns
		recOK += w.RecoveryRunsOK
		hard += w.Hard - w.HardPending
		followed += w.HardFollowed
	}
	l3 := fmt.Sprintf("Recovery: %d/%s within limits%s; %d/%d hard sessions followed by rest%s.",
		recOK, plural(rec, "recovery run", "recovery runs"), share(recOK, rec), followed, hard, share(followed, hard))

	t := s.Model.Trend
	var l4 string
	if t.Known() {
		l4 = fmt.Sprintf("Aerobic efficiency: at %.0f bpm your easy pace went from %s to %s/%s (%d weeks vs the %d before).",
			t.RefHR, u.pace(t.PaceBefore), u.pace(t.PaceNow), u.distanceUnit(), season.TrendWeeks, season.TrendWeeks)
	} else {
		l4 = fmt.Sprintf("Aerobic efficiency: not yet known: %d and %d easy runs with HR, last %d weeks vs the %d before.",
			t.RunsNow, t.RunsBefore, season.TrendWeeks, season.TrendWeeks)
	}

	counts := map[analysis.FlagKind]int{}
	latest := ""
	for _, f := range s.Flags {
		counts[f.Kind]++
		latest = max(latest, f.Date)
	}
	var parts []string
	for _, k := range []analysis.FlagKind{FlagLoadSpike, FlagFatigued} {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
		}
	}
	l5 := "Flags: none"
	if len(parts) > 0 {
		d, _ := time.Parse(time.DateOnly, latest)
		l5 = "Flags: " + strings.Join(parts, ", ") + " (latest " + d.Format("2 Jan 2006") + ")"
	}
	long := 0
	for _, x := range m.Sessions {
		if !x.Day.Before(s.WeeksFrom) && !math.IsNaN(x.Decoupling) {
			long++
		}
	}
	if long > 0 {
		l5 += fmt.Sprintf("; decoupled >%.0f%%: %d/%d runs over 1 h", season.DecouplingLimit*100, len(s.Decoupled), long)
	}
	l5 += "."
	return []string{l1, l2, l3, l4, l5}
}

// share is " (79%)", or "" of nothing.
func share(n, of int) string {
	if of == 0 {
		return ""
	}
	return " (" + pct(float64(n)/float64(of)) + ")"
}
