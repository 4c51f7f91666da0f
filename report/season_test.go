package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/demo"
	"github.com/easyday/easyday/season"
)

var seasonStart = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // a Monday

// spikeSeason is 35 days of an easy run of 50 a day, then a week of 150 a day: a load spike
// in the sixth week; one run without heart rate on day 3.
func spikeSeason() []season.Session {
	var ss []season.Session
	for d := range 42 {
		l := 50.0
		if d >= 35 {
			l = 150
		}
		if d == 3 {
			l = math.NaN()
		}
		ss = append(ss, season.Session{Day: seasonStart.AddDate(0, 0, d), Class: analysis.ClassEasy, Load: l,
			MovingS: 3000, DistanceM: 9000, AvgHR: 140, Decoupling: math.NaN()})
	}
	return ss
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestSeasonJSON: the days, weeks and flags carry the fields README names, null until known,
// and the spike is a load_spike warning in its week.
func TestSeasonJSON(t *testing.T) {
	p, _ := demoProfile()
	s := BuildSeason(spikeSeason(), p, "Anna", time.Time{}, seasonStart.AddDate(0, 0, 41))
	var b bytes.Buffer
	if err := WriteSeasonJSON(&b, s, Options{}); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Days    []map[string]any `json:"days"`
		Weeks   []map[string]any `json:"weeks"`
		Flags   []map[string]any `json:"flags"`
		Summary []string         `json:"summary"`
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Days) != 42 || len(out.Weeks) != 6 || len(out.Summary) != 5 {
		t.Fatalf("%d days, %d weeks, %d summary lines; want 42, 6, 5", len(out.Days), len(out.Weeks), len(out.Summary))
	}
	if got, want := keys(out.Days[0]), []string{"acwr", "atl", "ctl", "date", "load", "load_unknown", "tsb"}; !slices.Equal(got, want) {
		t.Errorf("day keys %v, want %v", got, want)
	}
	for _, k := range []string{"week", "load", "recovery_runs", "recovery_runs_ok", "hard", "hard_followed_by_recovery_or_rest", "efficiency"} {
		if _, ok := out.Weeks[0][k]; !ok {
			t.Errorf("week has no %q: %v", k, keys(out.Weeks[0]))
		}
	}
	if d := out.Days[3]; d["load"] != nil || d["load_unknown"] != 1.0 {
		t.Errorf("day 3 (no heart rate): load %v unknown %v, want null and 1", d["load"], d["load_unknown"])
	}
	if d := out.Days[26]; d["acwr"] != nil || d["ctl"] != nil || d["atl"] == nil {
		t.Errorf("day 26: acwr %v ctl %v atl %v, want null, null, a number", d["acwr"], d["ctl"], d["atl"])
	}
	if d := out.Days[41]; d["acwr"] == nil || d["ctl"] == nil || d["tsb"] != nil {
		t.Errorf("day 41: acwr %v ctl %v tsb %v, want numbers and a null form (42 days)", d["acwr"], d["ctl"], d["tsb"])
	}
	if len(out.Flags) != 1 || out.Flags[0]["kind"] != "load_spike" || out.Flags[0]["severity"] != "warning" ||
		out.Flags[0]["week"] != "2026-W15" || out.Flags[0]["limit"] != 1.5 || !(out.Flags[0]["value"].(float64) >= 1.5) {
		t.Errorf("flags %v, want one load_spike warning in 2026-W15 at 1.5 or more", out.Flags)
	}
	if msg, _ := out.Flags[0]["message"].(string); !strings.Contains(msg, "acute:chronic load") {
		t.Errorf("message %q", msg)
	}
	if !strings.HasPrefix(out.Summary[1], "Still learning you") {
		t.Errorf("summary line 2 %q, want the learning period (42 days, form needs 43)", out.Summary[1])
	}
	if !strings.Contains(out.Summary[0], "(1 without HR: unknown, not counted)") {
		t.Errorf("summary line 1 %q does not say the unknown load", out.Summary[0])
	}
}

// TestAddSeasonFlags: the weekly report gets the season's flags in their weeks, and its text
// ends with the five-line season summary.
func TestAddSeasonFlags(t *testing.T) {
	p, pv := demoProfile()
	s := BuildSeason(spikeSeason(), p, "", time.Time{}, seasonStart.AddDate(0, 0, 41))
	r := Build(nil, p, pv, time.UTC, seasonStart, seasonStart.AddDate(0, 0, 41))
	r.AddSeasonFlags(s)
	r.Season = &s
	var got []string
	for _, w := range r.Weeks {
		for _, f := range w.Flags {
			got = append(got, w.Week+" "+string(f.Kind))
		}
	}
	if want := []string{"2026-W15 load_spike"}; !slices.Equal(got, want) {
		t.Errorf("week flags %v, want %v", got, want)
	}
	var b bytes.Buffer
	if err := WriteText(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	var starts []string
	for _, l := range lines {
		if !strings.HasPrefix(l, " ") {
			starts = append(starts, l)
		}
	}
	tail := starts[len(starts)-5:]
	for i, prefix := range []string{"Season ", "Still learning", "Recovery:", "Aerobic efficiency:", "Flags: 1 load_spike"} {
		if !strings.HasPrefix(tail[i], prefix) {
			t.Errorf("summary line %d %q, want it to start %q", i+1, tail[i], prefix)
		}
	}
}

// TestAdviceJSON: after a hard day, a recovery run by the demo athlete's profile (40 min at
// intermediate, 133 bpm = 70% of 190, slower than 4:50 + 1:00); after rest, free with nulls.
func TestAdviceJSON(t *testing.T) {
	p, _ := demoProfile()
	ss := spikeSeason()[:30]
	ss = append(ss, season.Session{Day: seasonStart.AddDate(0, 0, 30), Class: analysis.ClassIntervals, Hard: true,
		Load: 120, Decoupling: math.NaN()})
	today := seasonStart.AddDate(0, 0, 30)
	for _, c := range []struct {
		day      int
		kind     string
		text     string
		nullRest bool
	}{
		{31, "recovery", "Tomorrow (Thu 2 Apr): a recovery run of 30–40 min, under 133 bpm and slower than 5:50/km, or an easy walk, swim or ride.", false},
		{32, "free", "Fri 3 Apr: free for your plan.", true},
	} {
		a, err := NewAdvice(ss, p, seasonStart.AddDate(0, 0, c.day), today, Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(a)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if got, want := keys(m), []string{"date", "hr_max_bpm", "kind", "minutes", "pace_floor_s_per_km", "reasons", "text"}; !slices.Equal(got, want) {
			t.Errorf("keys %v, want %v", got, want)
		}
		if m["kind"] != c.kind || m["text"] != c.text {
			t.Errorf("day %d: %v %q, want %s %q", c.day, m["kind"], m["text"], c.kind, c.text)
		}
		if c.nullRest {
			if m["minutes"] != nil || m["hr_max_bpm"] != nil || m["pace_floor_s_per_km"] != nil {
				t.Errorf("day %d: %s", c.day, b)
			}
		} else if !slices.Equal(m["minutes"].([]any), []any{30.0, 40.0}) || m["hr_max_bpm"] != 133.0 || m["pace_floor_s_per_km"] != 350.0 {
			t.Errorf("day %d: %s", c.day, b)
		}
	}
}

// seasonedReport is the demo's six weeks and one run ten weeks before them, with the season,
// the advice for the day after the last and the name "Anna".
func seasonedReport(t *testing.T) Report {
	t.Helper()
	p, pv := demoProfile()
	_, inputs := demoSeason(t)
	first := inputs[0]
	first.ID, first.Start = 9999, first.Start.AddDate(0, 0, -7*10)
	all := append([]Input{first}, inputs...)
	loc := berlin(t)
	r := Build(all, p, pv, loc, time.Time{}, time.Time{})
	end := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	s := BuildSeason(Sessions(all, p, loc), p, "Anna", time.Time{}, end)
	r.AddSeasonFlags(s)
	r.Season, r.Name = &s, "Anna"
	a, err := NewAdvice(s.Model.Sessions, p, end.AddDate(0, 0, 1), end, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r.Advice = &a
	return r
}

// TestIndexFoldsEmptyWeeks: nine weeks without activities are one line of the index, under
// the month of the newest of them, and the index opens with the advice and the season charts.
func TestIndexFoldsEmptyWeeks(t *testing.T) {
	r := seasonedReport(t)
	var b bytes.Buffer
	if err := WriteHTMLIndex(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	if n := strings.Count(page, "weeks without activities"); n != 1 || !strings.Contains(page, "<b>9 weeks without activities</b>") {
		t.Errorf("%d folded rows; want one of 9 weeks", n)
	}
	for _, want := range []string{"<title>Anna · weekly reports · easyday</title>", `class="advice a-`, "Tomorrow (Mon 23 Nov)",
		"Load, fitness, fatigue, form", "Recovery compliance", "Aerobic efficiency", "<h3>November</h3>", "<h3>August</h3>"} {
		if !strings.Contains(page, want) {
			t.Errorf("index lacks %q", want)
		}
	}
	if i, j := strings.Index(page, `class="advice`), strings.Index(page, "<h2>2026</h2>"); i < 0 || j < 0 || i > j {
		t.Errorf("advice at %d, weeks at %d: want the advice first", i, j)
	}
	var wk bytes.Buffer
	if err := WriteHTMLWeek(&wk, r, r.Weeks[len(r.Weeks)-1], Options{}); err != nil {
		t.Fatal(err)
	}
	// A week with the season's flags: the ratio as a ratio, the form in points.
	for _, w := range r.Weeks {
		kinds := map[analysis.FlagKind]bool{}
		for _, f := range w.Flags {
			kinds[f.Kind] = true
		}
		if !kinds[FlagLoadSpike] || !kinds[FlagFatigued] {
			continue
		}
		var b bytes.Buffer
		if err := WriteHTMLWeek(&b, r, w, Options{}); err != nil {
			t.Fatal(err)
		}
		for _, re := range []string{`<span class="sev">warning</span><span class="kind" title="load_spike">load spike</span><span>Mon \d+ \w+</span></div>\n<p>.*\n<p class="vl">Value <b>\d+\.\d\d</b> · limit <b>1\.50</b>`,
			`<span class="sev">advice</span><span class="kind" title="fatigued">fatigued</span>.*\n<p>.*\n<p class="vl">Value <b>-\d+(\.\d)?</b> · limit <b>-\d+(\.\d)?</b>`} {
			if !regexp.MustCompile(re).MatchString(b.String()) {
				t.Errorf("%s page: no match for %s", w.Week, re)
			}
		}
		break
	}
	if !strings.Contains(wk.String(), "<title>Anna · week 2026-W47") || !strings.Contains(wk.String(), "<h1>Anna · week 2026-W47</h1>") {
		t.Errorf("week page not titled with the athlete's name")
	}
}

// TestSeasonFormats: every format renders the demo season; html is one page with the charts.
func TestSeasonFormats(t *testing.T) {
	p, _ := demoProfile()
	_, inputs := demoSeason(t)
	s := BuildSeason(Sessions(inputs, p, berlin(t)), p, "", time.Time{}, time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))
	for _, f := range []string{"text", "md", "json", "csv", "html"} {
		var b bytes.Buffer
		if err := WriteSeason(&b, f, s, Options{Units: "imperial"}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if b.Len() == 0 {
			t.Errorf("%s: empty", f)
		}
		if f == "html" && strings.Count(b.String(), "<svg") != 3 {
			t.Errorf("html: %d charts, want 3", strings.Count(b.String(), "<svg"))
		}
		if f == "csv" && strings.Count(b.String(), "\n") != 1+len(s.Days) {
			t.Errorf("csv: %d lines for %d days", strings.Count(b.String(), "\n"), len(s.Days))
		}
	}
	if err := WriteSeason(&bytes.Buffer{}, "pdf", s, Options{}); err == nil {
		t.Error("format pdf: no error")
	}
}

// TestDemoSeasonGroundTruth: on a twelve-week demo season, load_spike and fatigued are raised in
// the training camp week the generator labelled, and in no other week; the day after the
// season's last day (a hard session) calls for a recovery run in bpm and pace.
func TestDemoSeasonGroundTruth(t *testing.T) {
	end := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	plan := demo.Season(demo.Options{Weeks: 12, Seed: 1, End: end})
	p, _ := demoProfile()
	loc := berlin(t)
	inputs := analyzeSeason(plan, p, loc)
	s := BuildSeason(Sessions(inputs, p, loc), p, "", time.Time{}, end)
	want := map[string][]string{}
	for i, pl := range plan {
		for _, m := range pl.Mistakes {
			if slices.Contains(demo.SeasonMistakes, m) {
				wk := WeekKey(monday(civil(inputs[i].Start.In(loc))))
				want[wk] = append(want[wk], m)
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("the demo planned no season flag in 12 weeks")
	}
	got := map[string][]string{}
	for _, f := range s.Flags {
		got[f.Week] = append(got[f.Week], string(f.Kind))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("season flags by week %v, planned %v", got, want)
	}
	a, err := NewAdvice(s.Model.Sessions, p, end.AddDate(0, 0, 1), end, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Kind != season.AdviceRecovery || float64(a.HRMaxBPM) != 133 || float64(a.PaceFloor) != 350 ||
		!strings.Contains(a.Text, "under 133 bpm and slower than 5:50/km") {
		t.Errorf("advice after the demo's last day: %+v", a)
	}
	// The aerobic build: the easy runs of the last six weeks are more efficient than the first
	// six weeks' (by about 5%: their heart rate at the same pace drops by up to 8%).
	var half [2]float64
	var n [2]int
	for i, w := range s.Weeks {
		if e := float64(w.Efficiency); !math.IsNaN(e) {
			half[i*2/len(s.Weeks)] += e
			n[i*2/len(s.Weeks)]++
		}
	}
	if first, last := half[0]/float64(n[0]), half[1]/float64(n[1]); !(last > first*1.02) {
		t.Errorf("efficiency %0.3f → %0.3f m/beat: no aerobic build", first, last)
	}
}

// TestSeasonAfterBreak: long after the last activity (and on the README demo's days of 2027
// that came out −60.00) the ratio is null in JSON, empty in CSV and in the week table, and "–"
// in the summary; never negative anywhere.
func TestSeasonAfterBreak(t *testing.T) {
	p, _ := demoProfile()
	var ss []season.Session
	for d := range 70 {
		if d%7 != 6 {
			ss = append(ss, season.Session{Day: seasonStart.AddDate(0, 0, d), Class: analysis.ClassEasy,
				Load: 35.3 + float64((d*37)%23)*2.71, MovingS: 3000, DistanceM: 9000, AvgHR: 140, Decoupling: math.NaN()})
		}
	}
	to := seasonStart.AddDate(0, 0, 69+60)
	s := BuildSeason(ss, p, "", time.Time{}, to)
	var js, csvOut, text bytes.Buffer
	if err := WriteSeasonJSON(&js, s, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteSeasonCSV(&csvOut, s, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteSeasonText(&text, s, Options{}); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Days    []map[string]any `json:"days"`
		Summary []string         `json:"summary"`
	}
	if err := json.Unmarshal(js.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if last := out.Days[len(out.Days)-1]; last["acwr"] != nil {
		t.Errorf("last day's acwr %v, want null (no load in 28 days)", last["acwr"])
	}
	for _, d := range out.Days {
		if r, ok := d["acwr"].(float64); ok && r < 0 {
			t.Errorf("%s: acwr %v, want none negative", d["date"], r)
		}
	}
	rows := strings.Split(strings.TrimSpace(csvOut.String()), "\n")
	for _, r := range rows {
		if strings.Contains(r[strings.LastIndex(r, ","):], "-") {
			t.Errorf("csv row %q: a negative ratio", r)
		}
	}
	if last := rows[len(rows)-1]; !strings.HasSuffix(last, ",") {
		t.Errorf("csv ends %q; want an empty ratio", last)
	}
	if !strings.Contains(out.Summary[1], "acute:chronic – (no load in the last 28 days)") {
		t.Errorf("summary line 2 %q, want the ratio unknown", out.Summary[1])
	}
	for _, r := range seasonRows(&s) {
		if strings.HasPrefix(r[5], "-") {
			t.Errorf("week %s: A:C max %q, want none negative", r[0], r[5])
		}
	}
	if r := seasonRows(&s)[len(s.Weeks)-1]; r[5] != "" {
		t.Errorf("last week's A:C max %q, want empty (no load in 28 days)", r[5])
	}
	if strings.Contains(text.String(), "acute:chronic -") {
		t.Errorf("text has a negative ratio:\n%s", text.String())
	}
}

// TestSeasonSummaryFromMidWeek: with --from on a Sunday, the summary counts activities, load,
// recovery runs and hard sessions over one range, the weeks shown (from that week's Monday),
// and says so; the days start on the Sunday.
func TestSeasonSummaryFromMidWeek(t *testing.T) {
	p, _ := demoProfile()
	var ss []season.Session
	for d := range 35 {
		x := season.Session{Day: seasonStart.AddDate(0, 0, d), Class: analysis.ClassEasy, Load: 50,
			MovingS: 3000, DistanceM: 9000, AvgHR: 140, Decoupling: math.NaN()}
		switch d % 7 {
		case 2:
			x.Class, x.Hard = analysis.ClassIntervals, true
		case 3:
			x.Class, x.Restful, x.RecoveryOK = analysis.ClassRecovery, true, true
		}
		ss = append(ss, x)
	}
	from := seasonStart.AddDate(0, 0, 20) // Sun 22 Mar, in the third week
	s := BuildSeason(ss, p, "", from, seasonStart.AddDate(0, 0, 34))
	if len(s.Days) != 15 || len(s.Weeks) != 3 {
		t.Fatalf("%d days and %d weeks shown, want 15 and 3", len(s.Days), len(s.Weeks))
	}
	var acts, rec, hard int
	for _, x := range ss {
		if !x.Day.Before(seasonStart.AddDate(0, 0, 14)) { // the weeks shown
			acts++
			if x.Class == analysis.ClassRecovery {
				rec++
			}
			if x.Hard {
				hard++
			}
		}
	}
	sum := SeasonSummary(s, Options{}.unitsOrMetric())
	if want := fmt.Sprintf("Season 16 Mar 2026 – 5 Apr 2026: 3 weeks, %d activities, load %d.", acts, 50*acts); sum[0] != want {
		t.Errorf("summary line 1 %q, want %q", sum[0], want)
	}
	if want := fmt.Sprintf("Recovery: %d/%d recovery runs within limits (100%%); %d/%d hard", rec, rec, hard, hard); !strings.HasPrefix(sum[2], want) {
		t.Errorf("summary line 3 %q, want it to start %q", sum[2], want)
	}
}

// TestSeasonMorningAgrees: a day's fitness, fatigue and form are the same in the text summary,
// the week table, JSON and CSV under README's definition: JSON's and CSV's ctl and atl of a day
// are at its end, its tsb the morning's (the day before's ctl − atl); the text shows the
// morning: the day before's ctl and atl, and form = fitness − fatigue.
func TestSeasonMorningAgrees(t *testing.T) {
	p, _ := demoProfile()
	var ss []season.Session
	for d := range 63 {
		l := 40 + float64((d*29)%17)*3.3
		if d%7 == 5 {
			l *= 2.5 // a hard Saturday: the last day's end differs from its morning
		}
		ss = append(ss, season.Session{Day: seasonStart.AddDate(0, 0, d), Class: analysis.ClassEasy, Load: l,
			MovingS: 3000, DistanceM: 9000, AvgHR: 140, Decoupling: math.NaN()})
	}
	s := BuildSeason(ss, p, "", time.Time{}, seasonStart.AddDate(0, 0, 62)) // a Sunday
	var js, cs bytes.Buffer
	if err := WriteSeasonJSON(&js, s, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteSeasonCSV(&cs, s, Options{}); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Days []struct {
			Date          string
			CTL, ATL, TSB float64
		} `json:"days"`
		Summary []string `json:"summary"`
	}
	if err := json.Unmarshal(js.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	prev, last := out.Days[len(out.Days)-2], out.Days[len(out.Days)-1]
	if math.Abs(prev.CTL-prev.ATL-last.TSB) > 0.11 {
		t.Errorf("json: %s's tsb %v, want %s's ctl %v − atl %v", last.Date, last.TSB, prev.Date, prev.CTL, prev.ATL)
	}
	rows := strings.Split(strings.TrimSpace(cs.String()), "\n")
	var c [2][]float64
	for k, r := range rows[len(rows)-2:] {
		for _, f := range strings.Split(r, ",")[3:6] {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatalf("csv row %q: %v", r, err)
			}
			c[k] = append(c[k], v)
		}
	}
	if math.Abs(c[0][0]-c[0][1]-c[1][2]) > 0.011 || math.Abs(c[0][0]-prev.CTL) > 0.051 || math.Abs(c[1][2]-last.TSB) > 0.051 {
		t.Errorf("csv: ctl, atl, tsb %v then %v; want the last tsb = the day before's ctl − atl, as json's %v, %v, %v",
			c[0], c[1], prev.CTL, prev.ATL, last.TSB)
	}
	want := []string{fmt.Sprint(math.Round(prev.CTL)), fmt.Sprint(math.Round(prev.ATL)), fmt.Sprint(math.Round(last.TSB))}
	if l := fmt.Sprintf("Sun 3 May morning: fitness %s, fatigue %s, form %s ", want[0], want[1], want[2]); !strings.HasPrefix(out.Summary[1], l) {
		t.Errorf("summary line 2 %q, want it to start %q", out.Summary[1], l)
	}
	if got := seasonRows(&s)[len(s.Weeks)-1][2:5]; !slices.Equal(got, want) {
		t.Errorf("last week's fitness, fatigue, form %q, want %q (the morning of its Sunday)", got, want)
	}
}
