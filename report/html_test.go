package report

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/demo"
	"github.com/easyday/easyday/profile"
)

// goldenWeek is the demo season's week whose page is a golden file: a recovery run with two
// flags, and a long run without heart rate (effort from pace, daily load in minutes).
const goldenWeek = "2026-W42"

// findWeek returns the week of r named name.
func findWeek(t testing.TB, r Report, name string) Week {
	t.Helper()
	for _, wk := range r.Weeks {
		if wk.Week == name {
			return wk
		}
	}
	t.Fatalf("report has no week %s", name)
	return Week{}
}

// writeHTMLSite writes r's index and week pages into dir, as `report --format html --out DIR`
// does.
func writeHTMLSite(t testing.TB, dir string, r Report) {
	t.Helper()
	write := func(name string, render func(*bytes.Buffer) error) {
		var b bytes.Buffer
		if err := render(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(IndexFileName, func(b *bytes.Buffer) error { return WriteHTMLIndex(b, r, Options{}) })
	for _, wk := range r.Weeks {
		write(WeekFileName(wk), func(b *bytes.Buffer) error { return WriteHTMLWeek(b, r, wk, Options{}) })
	}
}

func TestHTMLGolden(t *testing.T) {
	r := demoReport(t)
	var b bytes.Buffer
	if err := WriteHTMLWeek(&b, r, findWeek(t, r, goldenWeek), Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "week-"+goldenWeek+".html", b.Bytes())

	b.Reset()
	if err := WriteHTMLIndex(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "index.html", b.Bytes())
}

// TestHTMLDeterministic: the same report renders to the same bytes, also when pages are
// rendered concurrently (as a command rendering weeks in parallel would).
func TestHTMLDeterministic(t *testing.T) {
	r := demoReport(t)
	render := func(wk Week) string {
		var b bytes.Buffer
		if err := WriteHTMLWeek(&b, r, wk, Options{}); err != nil {
			t.Error(err)
		}
		return b.String()
	}
	first := make([]string, len(r.Weeks))
	for i, wk := range r.Weeks {
		first[i] = render(wk)
	}
	var wg sync.WaitGroup
	for i, wk := range r.Weeks {
		wg.Go(func() {
			if got := render(wk); got != first[i] {
				t.Errorf("%s: a second rendering differs", wk.Week)
			}
		})
	}
	wg.Wait()
}

// TestHTMLWeekPages: every page of the demo season parses as HTML, has a chart per recovery
// run besides the daily load and zones charts, every flag's message, and nothing that would
// need the network or run a script.
func TestHTMLWeekPages(t *testing.T) {
	r := demoReport(t)
	for _, u := range []string{"metric", "imperial"} {
		for _, wk := range r.Weeks {
			var b bytes.Buffer
			if err := WriteHTMLWeek(&b, r, wk, Options{Units: u}); err != nil {
				t.Fatal(err)
			}
			doc, err := html.Parse(bytes.NewReader(b.Bytes()))
			if err != nil {
				t.Fatalf("%s: %v", wk.Week, err)
			}
			recovery := 0
			for _, a := range wk.Activities {
				if a.Class == analysis.ClassRecovery {
					recovery++
				}
			}
			if got, want := countElements(doc, "svg"), 2+recovery; got != want {
				t.Errorf("%s %s: %d <svg> elements, want %d", wk.Week, u, got, want)
			}
			for _, tag := range []string{"script", "link", "img", "iframe", "object"} {
				if n := countElements(doc, tag); n > 0 {
					t.Errorf("%s: %d <%s> elements, want none", wk.Week, n, tag)
				}
			}
			if n := countElements(doc, "style"); n != 1 {
				t.Errorf("%s: %d <style> elements, want 1", wk.Week, n)
			}
			if !hasViewport(doc) {
				t.Errorf("%s: no viewport meta", wk.Week)
			}
			text := textContent(doc)
			for _, f := range wk.Flags {
				if !strings.Contains(text, f.Message) {
					t.Errorf("%s: flag message missing: %q", wk.Week, f.Message)
				}
				if l := flagLabels[f.Kind]; l == "" || !strings.Contains(text, l) || !strings.Contains(text, string(f.Severity)) {
					t.Errorf("%s: flag kind %s not said in words (%q) with its severity %s", wk.Week, f.Kind, l, f.Severity)
				}
			}
			for _, bad := range []string{"http://", "https://", "url(", "@import", "<script"} {
				if s := strings.ReplaceAll(b.String(), `xmlns="http://www.w3.org/2000/svg"`, ""); strings.Contains(s, bad) {
					t.Errorf("%s: page contains %q", wk.Week, bad)
				}
			}
		}
	}
}

// TestHTMLEscaping: strings from files (names, paths, devices, reasons, profile details) reach
// the page escaped.
func TestHTMLEscaping(t *testing.T) {
	const (
		name   = `<script>alert(1)</script> & "quotes"`
		path   = `/runs/<b>bold</b>.fit`
		device = `Garmin <img src=x onerror=alert(2)>`
		reason = `Recovery <i>by name</i>`
	)
	p := analysis.DefaultProfile()
	p.MaxHR, p.MarathonPace = 195, 290
	run := func(id int64, day int, c analysis.Class, avg, above float64) Input {
		return Input{
			ID:    id,
			Start: time.Date(2026, 11, day, 7, 0, 0, 0, time.UTC),
			Name:  name,
			Activity: ActivitySummary{File: path, Format: "fit", Sport: "running", MovingS: 2280, ElapsedS: 2300,
				DistanceM: 6000, PaceSPerKm: 380, AvgHR: Float(avg * 195), MaxHR: 170, Device: device},
			Result: analysis.Result{Class: c, Hard: c.Hard(), Reasons: []analysis.Reason{{Code: analysis.ReasonNameSaysRecovery, Words: map[string]string{"name": reason, "word": "recovery"}}}, Effort: analysis.Effort{Avg: avg,
				Source: analysis.EffortFromHR, Model: analysis.ModelHRMax, MovingS: 2280,
				AboveCeilingS: above, TRIMP: 60}},
			HR: []HRPoint{{0, 120}, {600, 150}, {1200, 155}, {2280, 148}},
		}
	}
	in := []Input{run(1, 17, analysis.ClassIntervals, 0.8, 2000), run(2, 19, analysis.ClassRecovery, 0.78, 31*60)}
	pv := profile.View{{Key: "max_hr", Unit: "bpm", Number: 195, Origin: profile.Origin{Source: profile.Estimated, Detail: `from "<run>" & co`}}}
	week := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	r := Build(in, p, pv, time.UTC, week, week)

	var b bytes.Buffer
	if err := WriteHTMLWeek(&b, r, r.Weeks[0], Options{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTMLIndex(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, raw := range []string{"<script", "<b>bold", "<img", "<i>by", "<run>"} {
		if strings.Contains(out, raw) {
			t.Errorf("output contains %q unescaped", raw)
		}
	}
	for _, esc := range []string{
		`&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;`,
		`/runs/&lt;b&gt;bold&lt;/b&gt;.fit`,
		`Garmin &lt;img src=x onerror=alert(2)&gt;`,
		`name &#34;Recovery &lt;i&gt;by name&lt;/i&gt;&#34; says recovery`,
		`from &#34;&lt;run&gt;&#34; &amp; co`,
	} {
		if !strings.Contains(out, esc) {
			t.Errorf("output lacks the escaped %q", esc)
		}
	}
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if text := textContent(doc); !strings.Contains(text, name) || !strings.Contains(text, path) {
		t.Errorf("the page's text lacks the name or the path as written")
	}
	if n := countElements(doc, "script"); n != 0 {
		t.Errorf("%d <script> elements", n)
	}
}

// TestHTMLWithoutHeartRate: a recovery run without heart rate still gets its chart, which says
// why it has no ceiling line; a week without activities gets its two charts.
func TestHTMLWithoutHeartRate(t *testing.T) {
	p := analysis.DefaultProfile()
	p.MaxHR, p.MarathonPace = 195, 290
	in := func(id int64, day int, c analysis.Class, src analysis.EffortSource) Input {
		return Input{ID: id, Start: time.Date(2026, 11, day, 7, 0, 0, 0, time.UTC),
			Activity: ActivitySummary{File: "run.gpx", Sport: "running", MovingS: 2000, ElapsedS: 2100,
				DistanceM: 5000, PaceSPerKm: 400, AvgHR: Float(math.NaN()), MaxHR: Float(math.NaN())},
			Result: analysis.Result{Class: c, Hard: c.Hard(), Effort: analysis.Effort{Avg: 0.6, Source: src,
				MovingS: 2000, AboveCeilingS: math.NaN(), TRIMP: math.NaN()}}}
	}
	r := Build([]Input{
		in(1, 17, analysis.ClassTempo, analysis.EffortFromPace),
		in(2, 18, analysis.ClassRecovery, analysis.EffortFromPace),
	}, p, nil, time.UTC, time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC))
	if len(r.Weeks) != 2 {
		t.Fatalf("%d weeks, want 2", len(r.Weeks))
	}
	for i, tc := range []struct {
		svgs int
		text []string
	}{
		{3, []string{"No ceiling line: this run's effort was measured from pace, not heart rate.",
			"No heart rate recorded for this run.", "moving minutes instead of TRIMP"}},
		{2, []string{"No activities this week."}},
	} {
		var b bytes.Buffer
		if err := WriteHTMLWeek(&b, r, r.Weeks[i], Options{}); err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(&b)
		if err != nil {
			t.Fatal(err)
		}
		if got := countElements(doc, "svg"); got != tc.svgs {
			t.Errorf("%s: %d <svg> elements, want %d", r.Weeks[i].Week, got, tc.svgs)
		}
		text := textContent(doc)
		for _, s := range tc.text {
			if !strings.Contains(text, s) {
				t.Errorf("%s: page lacks %q", r.Weeks[i].Week, s)
			}
		}
	}
}

// TestChartTextEscaped pins what charts.go relies on: vgsvg escapes the text it draws.
func TestChartTextEscaped(t *testing.T) {
	p := newPlot(`<script>x</script> & "q"`, "<b>", "y")
	svg, err := svgDoc(p, chartW, chartH, `<label> & "q"`)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(svg, "<script") || strings.Contains(svg, "<b>") || strings.Contains(svg, "<label") {
		t.Errorf("chart text not escaped:\n%s", svg)
	}
	if !strings.Contains(svg, "&lt;script&gt;x&lt;/script&gt; &amp; &#34;q&#34;") {
		t.Errorf("chart lacks the escaped title")
	}
	if !strings.HasPrefix(svg, `<svg viewBox="0 0 320 200" `) || strings.Contains(svg, "<?xml") {
		t.Errorf("chart root: %.120s", svg)
	}
}

func TestWeekFileName(t *testing.T) {
	for _, tc := range []struct{ week, want string }{
		{"2026-W47", "2026-W47.html"},
		{"../x/y", "___x_y.html"},
	} {
		if got := WeekFileName(Week{Week: tc.week}); got != tc.want {
			t.Errorf("WeekFileName(%q) = %q, want %q", tc.week, got, tc.want)
		}
	}
}

func TestHRSegments(t *testing.T) {
	var hr []HRPoint
	for s := 0.0; s < 600; s++ {
		if s >= 300 && s < 360 { // a minute's pause
			continue
		}
		hr = append(hr, HRPoint{s, 120 + s/10})
	}
	hr = append(hr, HRPoint{700, math.NaN()})
	segs := hrSegments(hr, 100)
	if len(segs) != 2 {
		t.Fatalf("%d segments, want 2 (the pause breaks the line)", len(segs))
	}
	n := len(segs[0]) + len(segs[1])
	if n > 100 || n < 80 {
		t.Errorf("%d points, want about 100", n)
	}
	runs := splitAt(segs[0], 140)
	if len(runs) != 2 || runs[0].above || !runs[1].above {
		t.Errorf("split at 140: %d runs", len(runs))
	}
	if got := runs[1].pts[0].Y; got != 140 {
		t.Errorf("the second run starts at %v, want the crossing at 140", got)
	}
}

// countElements counts the elements named tag under n.
func countElements(n *html.Node, tag string) int {
	c := 0
	if n.Type == html.ElementNode && n.Data == tag {
		c++
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c += countElements(k, tag)
	}
	return c
}

// hasViewport reports whether the document has a viewport meta element.
func hasViewport(n *html.Node) bool {
	if n.Type == html.ElementNode && n.Data == "meta" {
		for _, a := range n.Attr {
			if a.Key == "name" && a.Val == "viewport" {
				return true
			}
		}
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if hasViewport(k) {
			return true
		}
	}
	return false
}

// textContent is the document's text, outside <style> and <svg>, its whitespace collapsed.
func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "style" || n.Data == "svg") {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

var htmlBenchWeeks = flag.Int("htmlweeks", 52, "weeks of the demo season BenchmarkHTML renders")

// BenchmarkHTML renders every week page and the index of a demo season (-htmlweeks, 52 by
// default) and reports the time per week page.
func BenchmarkHTML(b *testing.B) {
	weeks := *htmlBenchWeeks
	season := demo.Season(demo.Options{Weeks: weeks, Seed: 1})
	p, pv := demoProfile()
	loc := berlin(b)
	r := Build(analyzeSeason(season, p, loc), p, pv, loc, time.Time{}, time.Time{})
	var bytesOut int64
	b.ResetTimer()
	for b.Loop() {
		bytesOut = 0
		for _, wk := range r.Weeks {
			var w countWriter
			if err := WriteHTMLWeek(&w, r, wk, Options{}); err != nil {
				b.Fatal(err)
			}
			bytesOut += w.n
		}
		if err := WriteHTMLIndex(&countWriter{}, r, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(r.Weeks)), "ns/week")
	b.ReportMetric(float64(bytesOut)/float64(len(r.Weeks)), "bytes/week")
}

// countWriter counts what is written to it.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}
