package squad

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/athlete"
	"github.com/easyday/easyday/internal/atomicfile"
	"github.com/easyday/easyday/report"
)

// WindowDays is the span a row of the team index covers: the last seven days through today.
const WindowDays = 7

// UsualWeeks is how many windows before it the usual load averages.
const UsualWeeks = 4

// SeasonDays is the history a row's season (its form, its load_spike and fatigued flags) is
// modelled over: enough for the form to be within about 1.4% of fitness of the whole
// history's, and a fraction of the decoding a long history would cost every night.
const SeasonDays = 180

// Row is one athlete's line of the team index: the last seven days through Today.
type Row struct {
	Key, Name string
	// Link is the athlete's pages, relative to the index ("anna/index.html"); empty when there
	// are none.
	Link string
	// Err is why the athlete's sync failed; empty when it did not.
	Err string
	// Stale says that the row was read from the athlete's store as it was, their sync having
	// failed (Err): the last good data. A failed row without it has nothing measured.
	Stale bool
	// Today is the athlete's calendar date at the time of the row.
	Today time.Time
	// Flags are the flags of the window, worded; Warnings and Advice count them by severity.
	Flags            []report.Flag
	Warnings, Advice int
	// Load is the TRIMP of the window (NaN when its activities all lack one); Usual the
	// average of the UsualWeeks windows before it, of those within the athlete's history
	// (usualLoad; NaN when none is).
	Load, Usual float64
	// Form is the training stress balance this morning (season's TSB); NaN when unknown.
	Form float64
	// RecoveryRuns are the window's recovery runs, RecoveryOK those without a flag.
	RecoveryRuns, RecoveryOK int
	// Last is the date of the last activity; zero without activities.
	Last time.Time
}

// Summarize builds an athlete's row from the store a has open: the flags, load, recovery runs
// and form of the WindowDays through now's date in the athlete's zone, worded in units. dir
// is the athlete's reports folder: where a sync just published into it, the row reads only
// the weeks it shows, with the whole history's season the sync kept there
// (athlete.ReportRecent); otherwise it models the season over the last SeasonDays.
func Summarize(ctx context.Context, a *athlete.Athlete, units string, now time.Time, dir string) (Row, error) {
	today := civilDay(now.In(a.Loc), a.Loc)
	from := today.AddDate(0, 0, -WindowDays*(UsualWeeks+1)+1)
	r, ok, err := a.ReportRecent(ctx, dir, from, today)
	if err == nil && !ok {
		r, err = a.ReportSince(ctx, today.AddDate(0, 0, -SeasonDays), from, today, nil)
	}
	if err != nil {
		return Row{}, err
	}
	if r, err = r.Worded(report.Options{Units: units, Loc: a.Loc}); err != nil {
		return Row{}, err
	}
	row := Row{Today: today, Usual: math.NaN(), Form: math.NaN()}
	first, last, err := a.Store.Span(ctx)
	if err != nil {
		return Row{}, err
	}
	if !last.IsZero() {
		row.Last = civilDay(last.In(a.Loc), a.Loc)
	}
	day0 := utcDate(today).AddDate(0, 0, -WindowDays+1) // the window's first day, as report.Activity.Day
	usualFrom := day0.AddDate(0, 0, -WindowDays*UsualWeeks)
	var before [UsualWeeks]span // the one just before the window first
	known, acts := 0, 0
	for _, w := range r.Weeks {
		for _, act := range w.Activities {
			t := float64(act.TRIMP)
			switch {
			case act.Day.Before(usualFrom) || act.Day.After(utcDate(today)):
			case act.Day.Before(day0):
				b := &before[(int(day0.Sub(act.Day).Hours()/24)-1)/WindowDays]
				b.acts++
				if !math.IsNaN(t) {
					b.load += t
					b.known++
				}
			default:
				acts++
				if !math.IsNaN(t) {
					row.Load += t
					known++
				}
				if act.Class == analysis.ClassRecovery {
					row.RecoveryRuns++
					if !hasRecoveryFlag(act.Flags) {
						row.RecoveryOK++
					}
				}
			}
		}
		for _, f := range w.Flags {
			if d := flagDay(f, w, today); !d.Before(day0) && !d.After(utcDate(today)) {
				row.Flags = append(row.Flags, f)
				if severity(f) == SeverityAdvice {
					row.Advice++
				} else {
					row.Warnings++
				}
			}
		}
	}
	row.Usual = usualLoad(before[:], first, a.Loc, day0)
	if acts > 0 && known == 0 {
		row.Load = math.NaN()
	}
	row.Form = form(r, today)
	return row, nil
}

// span is the load of one of the WindowDays spans before a row's window: the TRIMP known, as
// a week's in report.Build, and how many activities it had and how many of them had a TRIMP.
type span struct {
	load        float64
	acts, known int
}

// usualLoad is the average load of the spans before the window that starts on day0 (as
// report.Activity.Day; spans[0] the one just before it), over those within the athlete's
// history only, as report.Build's load change counts weeks: a span that ends before the first
// activity (first; zero without activities) is unknown, not rest. A span without activities
// is rest (0); one whose activities all lack a TRIMP does not count. NaN when none counts.
func usualLoad(spans []span, first time.Time, loc *time.Location, day0 time.Time) float64 {
	if first.IsZero() {
		return math.NaN()
	}
	firstDay := utcDate(first.In(loc))
	sum, n := 0.0, 0
	for i, s := range spans {
		end := day0.AddDate(0, 0, -WindowDays*i-1)
		if end.Before(firstDay) {
			break
		}
		if s.acts > 0 && s.known == 0 {
			continue
		}
		sum += s.load
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / float64(n)
}

// hasRecoveryFlag says whether a recovery run broke one of its limits.
func hasRecoveryFlag(fs []report.Flag) bool {
	for _, f := range fs {
		switch f.Kind {
		case analysis.FlagRecoveryTooHard, analysis.FlagRecoveryTooFast, analysis.FlagRecoveryTooLong:
			return true
		}
	}
	return false
}

// flagDay is the day a flag is about, as midnight UTC of its date: its activity's date, or for
// a week flag the week's Sunday (today while the week is in progress).
func flagDay(f report.Flag, w report.Week, today time.Time) time.Time {
	if d, err := time.Parse(time.DateOnly, f.Date); err == nil {
		return d
	}
	sunday := utcDate(w.Monday).AddDate(0, 0, 6)
	if t := utcDate(today); sunday.After(t) {
		return t
	}
	return sunday
}

// civilDay is t's calendar date at midnight in loc.
func civilDay(t time.Time, loc *time.Location) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// utcDate is t's calendar date (in t's zone) at midnight UTC, as report.Activity.Day.
func utcDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Sort orders rows so that the athletes who need a word come first: athletes whose sync
// failed, then by warnings, advice, and load above their usual (most first), then by name.
func Sort(rows []Row) {
	slices.SortStableFunc(rows, func(a, b Row) int {
		switch {
		case (a.Err != "") != (b.Err != ""):
			return boolRank(a.Err != "", b.Err != "")
		case a.Warnings != b.Warnings:
			return b.Warnings - a.Warnings
		case a.Advice != b.Advice:
			return b.Advice - a.Advice
		}
		ra, rb := a.LoadRatio(), b.LoadRatio()
		switch {
		case math.IsNaN(ra) != math.IsNaN(rb):
			return boolRank(!math.IsNaN(ra), !math.IsNaN(rb))
		case !math.IsNaN(ra) && ra != rb:
			if ra > rb {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
}

// boolRank orders true before false.
func boolRank(a, b bool) int {
	if a == b {
		return 0
	}
	if a {
		return -1
	}
	return 1
}

// LoadRatio is the window's load over the usual; NaN without a usual load.
func (r Row) LoadRatio() float64 {
	if math.IsNaN(r.Usual) || r.Usual <= 0 {
		return math.NaN()
	}
	return r.Load / r.Usual
}

// IndexFileName is the team index's name in sync --all's --out folder.
const IndexFileName = "index.html"

// WriteIndex sorts rows (Sort) and writes the team index into dir as IndexFileName,
// atomically; an index that already says the same is not rewritten.
func WriteIndex(dir string, rows []Row, now time.Time) error {
	Sort(rows)
	page, err := Index(rows, now)
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err == nil {
		_, err = atomicfile.Write(filepath.Join(dir, IndexFileName), page)
	}
	if err != nil {
		return fmt.Errorf("team index %s: %w", filepath.Join(dir, IndexFileName), err)
	}
	return nil
}

// Index renders the team index page: one row per athlete, in rows' order (Sort them first),
// self-contained (no network needed), every string escaped. now is when it was made.
func Index(rows []Row, now time.Time) ([]byte, error) {
	type flagView struct{ Kind, Severity, Message string }
	type rowView struct {
		Row
		LoadText, UsualText, ChangeText, FormText, RecoveryText, LastText string
		Attention                                                         string
		FlagViews                                                         []flagView
	}
	views := make([]rowView, len(rows))
	for i, r := range rows {
		v := rowView{Row: r, LoadText: "–", FormText: "–", RecoveryText: "–", LastText: "–", Attention: "failed"}
		views[i] = v
		if r.Err != "" && !r.Stale {
			continue // nothing measured
		}
		v.UsualText, v.RecoveryText, v.LastText = "no usual yet", "none", "no activities"
		if math.IsNaN(r.Load) {
			v.LoadText = "unknown (no heart rate or max HR)"
		} else {
			v.LoadText = fmt.Sprintf("%.0f", r.Load)
		}
		if !math.IsNaN(r.Usual) {
			v.UsualText = fmt.Sprintf("usual %.0f", r.Usual)
			if ratio := r.LoadRatio(); !math.IsNaN(ratio) {
				v.ChangeText = fmt.Sprintf("%+.0f%%", (ratio-1)*100)
			}
		}
		if !math.IsNaN(r.Form) {
			v.FormText = fmt.Sprintf("%+.0f", r.Form)
		}
		if r.RecoveryRuns > 0 {
			v.RecoveryText = fmt.Sprintf("%d of %d within limits", r.RecoveryOK, r.RecoveryRuns)
		}
		if !r.Last.IsZero() {
			v.LastText = r.Last.Format("Mon 2 Jan 2006")
		}
		switch {
		case r.Err != "": // failed first, the last good data beside it
		case r.Warnings > 0:
			v.Attention = "warning"
		case r.Advice > 0:
			v.Attention = "advice"
		default:
			v.Attention = "ok"
		}
		for _, f := range r.Flags {
			v.FlagViews = append(v.FlagViews, flagView{string(f.Kind), string(severity(f)), f.Message})
		}
		views[i] = v
	}
	var b bytes.Buffer
	err := indexTemplate.Execute(&b, map[string]any{"Rows": views, "Made": now.Format("Mon 2 Jan 2006"), "Days": WindowDays})
	return b.Bytes(), err
}

var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>easyday: the squad</title>
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:1rem;color:#222;background:#fafafa}
h1{font-size:1.3rem;margin:0 0 .2rem}
p.made{color:#666;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e3e3e3;vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:#555}
td.num{white-space:nowrap}
tr.failed td:first-child{border-left:5px solid #b00020}
tr.warning td:first-child{border-left:5px solid #e07000}
tr.advice td:first-child{border-left:5px solid #1e6fd9}
tr.ok td:first-child{border-left:5px solid #3a9d5d}
.badge{display:inline-block;border-radius:.7rem;padding:0 .5rem;font-size:.8rem;color:#fff;margin-right:.2rem}
.badge.warning{background:#e07000}.badge.advice{background:#1e6fd9}.badge.failed{background:#b00020}.badge.ok{background:#3a9d5d}
ul.flags{margin:.3rem 0 0;padding-left:1.1rem;font-size:.85rem;color:#444}
.sub{color:#666;font-size:.85rem}
@media (max-width:700px){thead{display:none}table,tbody,tr,td{display:block;width:auto}
tr{margin-bottom:.8rem;border-bottom:2px solid #ddd}td{border:none;padding:.2rem .6rem}
td[data-label]::before{content:attr(data-label) ": ";color:#666;font-size:.8rem}}
</style></head><body>
<h1>The squad</h1>
<p class="made">The last {{.Days}} days of each athlete, as of {{.Made}}. Athletes who need a word come first.</p>
<table>
<thead><tr><th>Athlete</th><th>Flags</th><th>Load (TRIMP)</th><th>Form</th><th>Recovery runs</th><th>Last activity</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr class="{{.Attention}}" data-athlete="{{.Key}}">
<td>{{if .Link}}<a href="{{.Link}}"><strong>{{.Name}}</strong></a>{{else}}<strong>{{.Name}}</strong>{{end}}{{if ne .Name .Key}} <span class="sub">{{.Key}}</span>{{end}}</td>
<td data-label="Flags">{{if .Err}}<span class="badge failed">sync failed</span> {{.Err}}{{end}}
{{- if .Stale}}<div class="sub">the last good data: the store as it stands, not synced by this run</div>{{end}}
{{- if or (not .Err) .Stale}}
{{- if .Warnings}}<span class="badge warning">{{.Warnings}} warning{{if ne .Warnings 1}}s{{end}}</span>{{end}}
{{- if .Advice}}<span class="badge advice">{{.Advice}} advice</span>{{end}}
{{- if not (or .Warnings .Advice)}}<span class="badge ok">no flags</span>{{end}}
{{- if .FlagViews}}<ul class="flags">{{range .FlagViews}}<li>{{.Message}}</li>{{end}}</ul>{{end}}{{end}}</td>
<td class="num" data-label="Load">{{.LoadText}} <span class="sub">{{.UsualText}}{{if .ChangeText}} ({{.ChangeText}}){{end}}</span></td>
<td class="num" data-label="Form">{{.FormText}}</td>
<td data-label="Recovery runs">{{.RecoveryText}}</td>
<td class="num" data-label="Last activity">{{.LastText}}</td>
</tr>
{{- end}}
</tbody></table>
</body></html>
`))
