package report

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
)

// svgDoc's output holds no string from a file (charts.go), so it goes into pages as it is.

// htmlSeason is the season block of the index and of the season page: the summary, the
// charts, and tomorrow's advice.
type htmlSeason struct {
	Summary []string
	Charts  []htmlChart
	Notes   []htmlNote
}

// htmlAdvice is the advice line and its reasons.
type htmlAdvice struct {
	Kind, Text string
	Reasons    []string
}

func newHTMLAdvice(a *Advice) *htmlAdvice {
	if a == nil {
		return nil
	}
	return &htmlAdvice{Kind: string(a.Kind), Text: a.Text, Reasons: a.Reasons}
}

// htmlSeasonBlock renders the season's summary and charts, and its flags as notes when
// notes is true.
func (rd rendering) htmlSeasonBlock(s *SeasonReport, notes bool) (*htmlSeason, error) {
	if s == nil || len(s.Weeks) == 0 {
		return nil, nil
	}
	hs := &htmlSeason{Summary: SeasonSummary(*s, rd.u)}
	load, classes, err := seasonLoadChart(s)
	if err != nil {
		return nil, err
	}
	var legend []htmlKey
	for _, c := range classes {
		legend = append(legend, htmlKey{Name: string(c), Class: "c-" + string(c)})
	}
	legend = append(legend, htmlKey{Name: "fitness (CTL)", Class: "ln-ctl"}, htmlKey{Name: "fatigue (ATL)", Class: "ln-atl"},
		htmlKey{Name: "form (TSB)", Class: "ln-tsb"})
	n := len(chartWeeks(s))
	hs.Charts = append(hs.Charts, htmlChart{SVG: template.HTML(load), Legend: legend,
		Caption: []string{fmt.Sprintf("The last %s: each week's load as TRIMP a day, stacked by class; fitness, fatigue and form on the morning of the week's last day.", plural(n, "week", "weeks"))}})
	comp, err := complianceChart(s)
	if err != nil {
		return nil, err
	}
	hs.Charts = append(hs.Charts, htmlChart{SVG: template.HTML(comp),
		Legend:  []htmlKey{{Name: "recovery runs within their limits", Class: "dot-ok"}, {Name: "hard sessions followed by recovery or rest", Class: "dot-hard"}},
		Caption: []string{"Per week, in percent; no point in a week without either."}})
	eff, err := efficiencyChart(s)
	if err != nil {
		return nil, err
	}
	hs.Charts = append(hs.Charts, htmlChart{SVG: template.HTML(eff),
		Caption: []string{"Distance per heartbeat of the week's easy and recovery runs with heart rate (grade-adjusted where the run has elevation): higher is fitter."}})
	if notes {
		for i, f := range s.Flags {
			d, _ := time.Parse(time.DateOnly, f.Date)
			v, l := rd.flagValues(f)
			hs.Notes = append(hs.Notes, htmlNote{N: i + 1, Kind: string(f.Kind), When: d.Format("Mon 2 Jan 2006"),
				Message: f.Message, Value: v, Limit: l})
		}
	}
	return hs, nil
}

// htmlSeasonPage is the season page's model.
type htmlSeasonPage struct {
	Title  string
	Season *htmlSeason
	Rows   [][]string
	Heads  []string
}

// WriteSeasonHTML writes the season as one self-contained HTML page: the summary, the
// charts, the flags as coach's notes and the week table.
func WriteSeasonHTML(w io.Writer, s SeasonReport, opts Options) error {
	u, err := opts.units()
	if err != nil {
		return err
	}
	rd := rendering{u: u, loc: time.UTC}
	hs, err := rd.htmlSeasonBlock(&s, true)
	if err != nil {
		return fmt.Errorf("render season html: %w", err)
	}
	page := htmlSeasonPage{Title: seasonTitle(&s), Season: hs, Rows: seasonRows(&s)}
	for _, c := range seasonColumns {
		page.Heads = append(page.Heads, c.head)
	}
	return execHTML(w, "season", page)
}

// foldEmpty folds each run of two or more weeks without activities (newest first, as the
// index lists them) into one row, "9 weeks without activities", listed where its newest week
// is and linking to its oldest.
func foldEmpty(rows []IndexRow) []IndexRow {
	out := make([]IndexRow, 0, len(rows))
	for i := 0; i < len(rows); {
		j := i
		for j < len(rows) && rows[j].Activities == 0 {
			j++
		}
		if j-i >= 2 {
			newest, oldest := rows[i], rows[j-1]
			out = append(out, IndexRow{Folded: j - i, Week: oldest.Week + " – " + newest.Week,
				Dates: strings.SplitN(oldest.Dates, " – ", 2)[0] + " – " + lastPart(newest.Dates), File: oldest.File,
				Year: newest.Year, Month: newest.Month, Monday: oldest.Monday})
			i = j
			continue
		}
		if j == i {
			j++
		}
		out = append(out, rows[i:j]...)
		i = j
	}
	return out
}

func lastPart(dates string) string {
	parts := strings.SplitN(dates, " – ", 2)
	return parts[len(parts)-1]
}

const seasonTemplate = `{{define "seasonblock"}}{{if .}}<section class="season">
<ul class="summary">{{range .Summary}}<li>{{.}}</li>{{end}}</ul>
<div class="charts">
{{range .Charts}}{{template "chart" .}}
{{end}}</div>
{{if .Notes}}<h2>Season flags</h2>
<ol class="notes">
{{range .Notes}}<li class="note">
<div class="nh"><span class="no">{{.N}}</span><code class="kind">{{.Kind}}</code>{{if .When}}<span>{{.When}}</span>{{end}}</div>
<p>{{.Message}}</p>
<p class="vl">Value <b>{{.Value}}</b> · limit <b>{{.Limit}}</b></p>
</li>
{{end}}</ol>{{end}}
</section>{{end}}{{end}}

{{define "advice"}}{{if .}}<section class="advice a-{{.Kind}}" aria-label="Advice">
<p><b>{{.Text}}</b></p>
{{if .Reasons}}<ul>{{range .Reasons}}<li>{{.}}</li>{{end}}</ul>{{end}}
</section>{{end}}{{end}}

{{define "season"}}` + htmlHead + `<title>{{.Title}} · easyday</title>
<style>{{template "css"}}</style>
</head>
<body>
<main>
<header>
<h1>{{.Title}}</h1>
</header>
{{if .Season}}{{template "seasonblock" .Season}}{{else}}<p class="muted">No activities.</p>{{end}}
{{if .Rows}}<h2>Weeks</h2>
<div class="scroll">
<table>
<thead><tr>{{range .Heads}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
</div>
<p class="muted" style="font-size:.8rem">Load: TRIMP. Fitness (CTL, 42 days), fatigue (ATL, 7 days) and form (TSB = fitness − fatigue) on the morning of the week's last day: fitness and fatigue at the end of the day before. A:C max: the week's highest acute:chronic load ratio. Recovery ok: recovery runs within all their limits. Hard→rest: hard sessions followed by recovery or rest. m/beat: distance per heartbeat of the easy and recovery runs.</p>
{{end}}
<footer>Made by easyday. Works offline: this page has no scripts and loads nothing from the network.</footer>
</main>
</body>
</html>
{{end}}`

// seasonCSS styles the season block and the advice.
const seasonCSS = `
.summary{background:var(--card);border:1px solid var(--line);border-radius:10px;margin:12px 0;padding:10px 12px 10px 30px;font-size:.92rem}
.advice{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:8px;padding:10px 12px;margin:12px 0}
.advice p{margin:0}.advice ul{margin:.3em 0 0;padding-left:1.2em;font-size:.86rem;color:var(--muted)}
.advice.a-rest_or_cross{border-left-color:var(--warn)}
.ln-ctl,.ln-atl,.ln-tsb{height:0;width:1.3em;border-radius:0;vertical-align:.3em;background:none!important}
.ln-ctl{border-top:2px solid #0072b2}.ln-atl{border-top:2px solid #d55e00}.ln-tsb{border-top:2px dashed #333a48}
.dot-ok{background:#009e73;border-radius:50%}.dot-hard{background:#0072b2;clip-path:polygon(50% 0,100% 100%,0 100%)}
.weeks .folded a,.weeks .folded span{background:transparent;color:var(--muted)}
h3{font-size:.95rem;margin:1.1em 0 .4em;color:var(--muted)}
`
