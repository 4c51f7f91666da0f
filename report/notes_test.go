package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
)

// driftRun is a run of secs seconds at 3 m/s on 2026-11-(day) from 08:00 UTC, 1 Hz samples
// whose heart rate is hr(second) (NaN: none), run through the analysis as the store's is
// (Summarize, then Analyze on a known calendar) under testProfile. Every other sample's heart
// rate is a billionth of a beat higher, so that cleaning does not take a steady stretch for a
// frozen sensor.
func driftRun(t *testing.T, id int64, day, secs int, hr func(sec int) float64) Input {
	t.Helper()
	start := time.Date(2026, 11, day, 8, 0, 0, 0, time.UTC)
	a := &activity.Activity{Sport: activity.SportRunning, Start: start,
		Source: activity.Source{Path: "drift.fit", Format: activity.FormatFIT}}
	for i := 0; i <= secs; i++ {
		s := activity.NewSample(start.Add(time.Duration(i) * time.Second))
		s.Speed, s.Distance, s.HeartRate = 3, 3*float64(i), hr(i)+1e-9*float64(i%2)
		a.Samples = append(a.Samples, s)
	}
	sum := analysis.Summarize(a)
	return Input{ID: id, Activity: NewActivitySummary(a, sum), Start: start,
		Result: analysis.Analyze(a, sum, analysis.Context{Known: true}, testProfile())}
}

// stepHR is a heart rate of from bpm that steps to to at half of secs: a known drift, as in
// analysis's TestDecoupling.
func stepHR(from, to float64, secs int) func(int) float64 {
	return func(sec int) float64 {
		if sec < secs/2 {
			return from
		}
		return to
	}
}

// notesWeek builds the report of 16–22 Nov 2026 (UTC) over the inputs.
func notesWeek(in ...Input) Report {
	d := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	return Build(in, testProfile(), nil, time.UTC, d, d)
}

// rendered writes r in every format.
func rendered(t *testing.T, r Report) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"text": func(b *bytes.Buffer) error { return WriteText(b, r, Options{}) },
		"md":   func(b *bytes.Buffer) error { return WriteMarkdown(b, r, Options{}) },
		"json": func(b *bytes.Buffer) error { return WriteJSON(b, r, Options{}) },
		"csv":  func(b *bytes.Buffer) error { return WriteCSV(b, r, Options{}) },
		"html": func(b *bytes.Buffer) error { return WriteHTMLWeek(b, r, r.Weeks[0], Options{}) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = b.String()
	}
	return out
}

// jsonActivities decodes a report's JSON into its activities by id, each as its fields.
func jsonActivities(t *testing.T, s string) map[int64]map[string]any {
	t.Helper()
	var doc struct {
		Weeks []struct {
			Activities []map[string]any `json:"activities"`
		} `json:"weeks"`
	}
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatal(err)
	}
	out := map[int64]map[string]any{}
	for _, w := range doc.Weeks {
		for _, a := range w.Activities {
			out[int64(a["id"].(float64))] = a
		}
	}
	return out
}

// csvColumn returns, by activity id, one column of the report's CSV.
func csvColumn(t *testing.T, s, col string) map[string]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	c, id := slices.Index(rows[0], col), slices.Index(rows[0], "id")
	if c < 0 {
		t.Fatalf("csv header %v has no %q", rows[0], col)
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		out[r[id]] = r[c]
	}
	return out
}

// TestDecouplingNote: a two-hour run whose heart rate steps from 140 to 150 bpm at half time
// at the same pace decouples by 1 − 140/150 = 6.7%: JSON and CSV carry the fraction, and text,
// Markdown and HTML note it. A two-hour run drifting 140 → 144 (2.8%) carries its value and
// no note; a 50-minute run drifting 140 → 160, and a run of 70 minutes without heart rate,
// have none (JSON null, CSV empty).
func TestDecouplingNote(t *testing.T) {
	r := notesWeek(
		driftRun(t, 1, 16, 7200, stepHR(140, 150, 7200)),
		driftRun(t, 2, 18, 7200, stepHR(140, 144, 7200)),
		driftRun(t, 3, 19, 3000, stepHR(140, 160, 3000)),
		driftRun(t, 4, 21, 4200, stepHR(math.NaN(), math.NaN(), 4200)),
	)
	out := rendered(t, r)

	acts := jsonActivities(t, out["json"])
	want := map[int64]any{1: 0.067, 2: 0.028, 3: nil, 4: nil}
	for id, w := range want {
		if got := acts[id]["decoupling"]; got != w {
			t.Errorf("json activity %d: decoupling %v, want %v", id, got, w)
		}
	}
	got := csvColumn(t, out["csv"], "decoupling")
	if w := map[string]string{"1": "0.067", "2": "0.028", "3": "", "4": ""}; !mapsEqual(got, w) {
		t.Errorf("csv decoupling %v, want %v", got, w)
	}

	note := "decoupled 6.7% (over 5%): heart rate drifted up against pace in the second half"
	for _, f := range []string{"text", "md", "html"} {
		s := strings.Join(strings.Fields(out[f]), " ") // the text report wraps its lines
		if n := strings.Count(s, "decoupled"); n != 1 {
			t.Errorf("%s: %d notes on decoupling, want 1 (the 6.7%% run's):\n%s", f, n, out[f])
		}
		if !strings.Contains(s, note) {
			t.Errorf("%s lacks %q:\n%s", f, note, out[f])
		}
	}
	if s := strings.Join(strings.Fields(out["text"]), " "); !strings.Contains(s, "Mon 16 Nov long run: "+note) {
		t.Errorf("text: the note is not led by its run:\n%s", out["text"])
	}
	if !strings.Contains(out["html"], "<dt>Decoupling</dt><dd>"+note+"</dd>") {
		t.Errorf("html: the note is not in the run's details:\n%s", out["html"])
	}
}

// mapsEqual reports whether two string maps hold the same pairs.
func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestDescriptionAndCommute: a commute whose description holds HTML's special characters and a
// line break is shown in every format: JSON as written, text on its note line, Markdown
// escaped, HTML escaped under the session's name with its line break kept and a commute mark;
// a long description is cut with "…" in text and Markdown and shown whole in HTML; an
// activity without either shows neither, and JSON says "" and false.
func TestDescriptionAndCommute(t *testing.T) {
	desc := "Home via the <b>park</b> & \"canal\"\nlegs heavy <script>alert(1)</script>"
	long := strings.Repeat("Tempo on the track, windy and wet; ", 6) + "the end"
	commute := sessionInput(1, 17, analysis.ClassEasy)
	commute.Description, commute.Commute = desc, true
	plain := sessionInput(2, 19, analysis.ClassEasy)
	wordy := sessionInput(3, 21, analysis.ClassEasy)
	wordy.Description = long
	out := rendered(t, notesWeek(commute, plain, wordy))

	acts := jsonActivities(t, out["json"])
	for id, w := range map[int64][2]any{1: {desc, true}, 2: {"", false}, 3: {long, false}} {
		if d, c := acts[id]["description"], acts[id]["commute"]; d != w[0] || c != w[1] {
			t.Errorf("json activity %d: description %q, commute %v; want %q, %v", id, d, c, w[0], w[1])
		}
	}

	oneLine := `Home via the <b>park</b> & "canal" legs heavy <script>alert(1)</script>`
	text := strings.Join(strings.Fields(out["text"]), " ")
	if !strings.Contains(text, "Tue 17 Nov easy run, commute: “"+oneLine+"”") {
		t.Errorf("text lacks the commute's note line:\n%s", out["text"])
	}
	if strings.Contains(text, "Thu 19 Nov easy run") {
		t.Errorf("text has a note line for the activity without a note:\n%s", out["text"])
	}
	cut := shortDescription(long)
	if !strings.HasSuffix(cut, "…") || len([]rune(cut)) > DescriptionRunes+1 || !strings.HasPrefix(long, strings.TrimSuffix(cut, "…")) {
		t.Errorf("shortDescription(%d runes) = %q, want its start cut at a word, with …", len([]rune(long)), cut)
	}
	for _, f := range []string{"text", "md"} {
		if strings.Contains(out[f], "the end") || !strings.Contains(strings.Join(strings.Fields(out[f]), " "), "Sat 21 Nov easy run: “Tempo on the track") {
			t.Errorf("%s: the long description is not cut on its note line:\n%s", f, out[f])
		}
	}

	md := out["md"]
	if !strings.Contains(md, `- Tue 17 Nov easy run, commute: “Home via the \<b\>park\</b\> \& "canal" legs heavy \<script\>alert(1)\</script\>”`) {
		t.Errorf("md lacks the escaped note line:\n%s", md)
	}

	html := out["html"]
	if strings.Contains(html, "<b>park") || strings.Contains(html, "<script>") {
		t.Errorf("html: the description is not escaped:\n%s", html)
	}
	escaped := "Home via the &lt;b&gt;park&lt;/b&gt; &amp; &#34;canal&#34;\nlegs heavy &lt;script&gt;alert(1)&lt;/script&gt;"
	if !strings.Contains(html, `</summary>`+"\n"+`<p class="desc">`+escaped+"</p>") {
		t.Errorf("html: the description is not under the session's name, escaped, its line break kept:\n%s", html)
	}
	if !strings.Contains(html, `<p class="desc">`+long+"</p>") {
		t.Error("html: the long description is not whole")
	}
	if n := strings.Count(html, `class="cm">commute<`); n != 2 {
		t.Errorf("html: %d commute marks, want 2 (the table's and the details')", n)
	}
	if n := strings.Count(html, `class="desc"`); n != 2 {
		t.Errorf("html: %d descriptions, want 2", n)
	}
	if got := csvColumn(t, out["csv"], "name"); len(got) != 3 {
		t.Errorf("csv rows %v, want 3", got)
	}
}
