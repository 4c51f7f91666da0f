package report

// The HTML pages' style and templates: what WriteHTMLWeek and WriteHTMLIndex fill in.

import (
	"fmt"
	"html/template"
	"strings"
)

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
.note.advice{border-left-color:#2563eb}
.note.advice .no{background:#2563eb}
.sev{font-weight:600;text-transform:uppercase;font-size:.72rem;letter-spacing:.04em;color:var(--warn)}
.advice .sev{color:#2563eb}
.kind{font-weight:600;font-size:.8rem;line-height:1.6;background:#fdeee4;color:#8a2f06;border-radius:4px;padding:0 6px;white-space:nowrap}
.advice .kind{background:#e6efff;color:#1e3a8a}
.vl{font-size:.85rem;color:var(--muted)}
.vl b{color:var(--fg)}
.ok{background:var(--card);border:1px solid var(--line);border-left:4px solid #15803d;border-radius:8px;padding:10px 12px;margin:0}
.ip{color:#b45309;font-weight:600}
.notice{background:#fff7e6;border:1px solid #f2c46d;border-left:4px solid #b45309;border-radius:8px;padding:10px 12px;margin:0 0 12px}
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
.desc{margin:0;padding:0 12px 8px;font-size:.85rem;white-space:pre-line;overflow-wrap:anywhere}
.cm{display:inline-block;padding:0 5px;border:1px solid var(--line);border-radius:4px;font-size:.72rem;line-height:1.5}
.muted{color:var(--muted)}
.badge{display:inline-block;margin:1px 4px 1px 0;padding:0 6px;border-radius:4px;background:#fdeee4;color:#8a2f06;font-weight:600;font-size:.76rem;line-height:1.6}
.weeks{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,300px),1fr));gap:8px}
.weeks a{display:block;height:100%;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:9px 12px;color:var(--fg);text-decoration:none}
.weeks a:hover{border-color:var(--accent)}
.weeks .wh b{color:var(--accent)}
.weeks .wn{display:flex;flex-wrap:wrap;gap:0 14px;font-size:.88rem;font-variant-numeric:tabular-nums;margin-top:2px}
.weeks .wb{display:block;margin-top:4px}
.weeks .empty a{background:transparent}
.weeks .empty .wn{color:var(--muted)}
footer{margin-top:2em;font-size:.8rem;color:var(--muted)}
@media (max-width:640px){
.scroll:has(.acts){background:none;border:0;overflow:visible}
.acts thead{display:none}
.acts,.acts tbody{display:block}
.acts tr{display:grid;grid-template-columns:repeat(3,1fr);gap:2px 10px;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:8px 12px;margin-bottom:8px}
.acts td{display:block;padding:1px 0;border:0;white-space:normal;text-align:left}
.acts td[data-l]::before{content:attr(data-l);display:block;font-size:.7rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.acts .sticky{position:static;box-shadow:none;background:none}
.acts .c-day{order:1;grid-column:span 2}
.acts .c-eff{order:2;font-weight:600}
.acts .c-sess{order:3;grid-column:1/-1}
.acts .c-flags{order:4;grid-column:1/-1}
.acts td{order:5}
.acts .c-zones{order:6;grid-column:1/-1}
.acts .c-flags:empty{display:none}
.nm{max-width:none}
}
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
{{template "notices" .Notices}}
<section class="stats" aria-label="Totals">
{{range .Stats}}<div class="stat{{if .Wide}} wide{{end}}"><span class="l">{{.Label}}</span><b>{{.Value}}</b>{{if .Note}}<span class="d">{{.Note}}</span>{{end}}</div>
{{end}}</section>

<h2>Coach's notes</h2>
{{if .Notes}}<ol class="notes">
{{range .Notes}}<li class="note {{.Severity}}" id="flag-{{.N}}">
<div class="nh"><span class="no">{{.N}}</span><span class="sev">{{.Severity}}</span><span class="kind" title="{{.Kind}}">{{.Label}}</span>{{if .When}}<span>{{.When}}</span>{{end}}</div>
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
<table class="acts">
<thead><tr><th class="sticky">Day</th><th>Session</th><th class="n">Moving</th><th class="n">{{.DistUnit}}</th><th class="n">Pace {{.PaceUnit}}</th><th class="n">HR</th><th class="n">Effort</th><th class="n">Load</th><th>Zones</th><th>Flags</th></tr></thead>
<tbody>
{{range .Rows}}<tr>
<td class="sticky c-day"><a href="#a-{{.ID}}">{{.Day}}</a><small class="t">{{.Start}}</small></td>
<td class="c-sess"><span class="cls c-{{.Class}}">{{.Class}}</span> <small>{{.Sport}}</small>{{if .Commute}} <small class="cm">commute</small>{{end}}{{if .Name}}<span class="nm">{{.Name}}</span>{{end}}</td>
<td class="n" data-l="Moving">{{.Moving}}</td><td class="n" data-l="{{$.DistUnit}}">{{.Distance}}</td><td class="n" data-l="Pace{{$.PaceUnit}}">{{.Pace}}</td><td class="n" data-l="HR">{{.HR}}</td>
<td class="n c-eff" data-l="Effort">{{.Effort}}{{if .ByPace}} <small>pace</small>{{end}}</td><td class="n" data-l="Load">{{.Load}}</td>
<td class="c-zones">{{if .Zones}}<span class="zb" role="img" title="{{.ZonesTitle}}" aria-label="{{.ZonesTitle}}">{{range .Zones}}<i class="z{{.Z}}" style="{{.Style}}"></i>{{end}}</span>{{else}}<small>–</small>{{end}}</td>
<td class="c-flags">{{range .Flags}}<a class="fl" href="#flag-{{.N}}">{{.N}} {{.Label}}</a>{{end}}</td>
</tr>
{{end}}</tbody>
</table>
</div>
<p class="muted" style="font-size:.8rem">Moving: moving time. Pace: of runs, walks and hikes (in brackets: grade-adjusted, where hills change it). HR: average heart rate. Effort: average, {{.EffortScale}}; "pace" when measured from pace without heart rate. Load: TRIMP. Zones: time in Z1–Z5, light to hot.</p>

<h2>Sessions in detail</h2>
{{range .Rows}}<details id="a-{{.ID}}">
<summary>{{.Title}}{{if .Name}} · {{.Name}}{{end}}{{if .Commute}} <small class="cm">commute</small>{{end}}</summary>
{{if .Description}}<p class="desc">{{.Description}}</p>
{{end}}<dl>
<dt>Class</dt><dd>{{.Class}}{{if .Reasons}}<ul>{{range .Reasons}}<li>{{.}}</li>{{end}}</ul>{{end}}</dd>
<dt>Effort from</dt><dd>{{.EffortFrom}}</dd>
{{if .Decoupling}}<dt>Decoupling</dt><dd>{{.Decoupling}}</dd>
{{end}}{{if .ZonesTitle}}<dt>Zones</dt><dd>{{.ZonesTitle}}</dd>
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

{{define "notices"}}{{range .}}<p class="notice" role="note"><b>Note:</b> {{.}}</p>
{{end}}{{end}}

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
{{template "notices" .Notices}}
{{template "advice" .Advice}}
{{if .Season}}<h2>The season</h2>
{{template "seasonblock" .Season}}{{end}}
{{range .Years}}<h2>{{.Year}}</h2>
{{range .Months}}<h3>{{.Month}}</h3>
<ul class="weeks">
{{range .Weeks}}{{if .Folded}}<li class="empty folded"><a href="{{.File}}"><span class="wh"><b>{{.Folded}} weeks without activities</b> <small>{{.Week}} · {{.Dates}}</small></span></a></li>
{{else}}<li{{if not .Activities}} class="empty"{{end}}><a href="{{.File}}">
<span class="wh"><b>{{.Week}}</b> <small>{{.Dates}}</small></span>
<span class="wn">{{if .Activities}}<span>{{.Activities}} {{if eq .Activities 1}}activity{{else}}activities{{end}}</span><span>{{.Moving}}</span><span>{{.Distance}} {{$.DistUnit}}</span>{{if .Load}}<span>load {{.Load}}{{if .Change}} <small{{if .ChangeTitle}} title="{{.ChangeTitle}}"{{end}}>{{.Change}}</small>{{end}}</span>{{end}}{{else if .InProgress}}<span>no activities yet</span>{{else}}<span>rest week: no activities</span>{{end}}{{if .InProgress}}<span class="ip">{{.InProgress}}</span>{{end}}</span>
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
