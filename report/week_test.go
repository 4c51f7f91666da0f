package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/analysis"
)

// at is an easy run starting at the given wall-clock time in loc.
func at(t *testing.T, id int64, loc *time.Location, y int, m time.Month, d, hh, mm int) Input {
	t.Helper()
	in := sessionInput(id, 16, analysis.ClassEasy)
	in.Start = time.Date(y, m, d, hh, mm, 0, 0, loc).UTC() // stored in UTC, as a file would say
	return in
}

// placement maps each activity's id to "week date".
func placement(r Report) map[int64]string {
	out := map[int64]string{}
	for _, w := range r.Weeks {
		for _, a := range w.Activities {
			out[a.ID] = w.Week + " " + a.Date
		}
	}
	return out
}

func TestWeeksAcrossDST(t *testing.T) {
	loc := berlin(t)
	// Summer time ends on Sunday 25 October 2026 at 03:00 CEST (01:00 UTC).
	in := []Input{
		at(t, 1, loc, 2026, 10, 19, 7, 0),   // Monday of W43, CEST
		at(t, 2, loc, 2026, 10, 25, 2, 30),  // the hour that happens twice, W43
		at(t, 3, loc, 2026, 10, 25, 23, 30), // Sunday night, CET: 22:30 UTC, W43
		at(t, 4, loc, 2026, 10, 26, 0, 30),  // Monday 00:30 CET is Sunday 23:30 UTC: W44
		at(t, 5, loc, 2026, 11, 1, 23, 59),  // Sunday of W44
	}
	r := Build(in, testProfile(), nil, loc, time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 28, 0, 0, 0, 0, time.UTC))
	want := map[int64]string{1: "2026-W43 2026-10-19", 2: "2026-W43 2026-10-25", 3: "2026-W43 2026-10-25",
		4: "2026-W44 2026-10-26", 5: "2026-W44 2026-11-01"}
	if d := cmp.Diff(placement(r), want); d != "" {
		t.Errorf("placement (-got +want):\n%s", d)
	}
	if len(r.Weeks) != 2 {
		t.Fatalf("got %d weeks, want 2", len(r.Weeks))
	}
	w43, w44 := r.Weeks[0], r.Weeks[1]
	if w43.Start != "2026-10-19" || w44.Start != "2026-10-26" {
		t.Errorf("starts %s, %s; want 2026-10-19, 2026-10-26", w43.Start, w44.Start)
	}
	if got := w44.Monday.Sub(w43.Monday); got != 7*24*time.Hour+time.Hour {
		t.Errorf("W43 lasts %v, want 169h (the clocks go back)", got)
	}
	if got := w44.Monday.Format(time.RFC3339); got != "2026-10-26T00:00:00+01:00" {
		t.Errorf("W44 starts at %s, want midnight CET", got)
	}
	// Daily load lands on the right day: Sunday holds two runs, Monday of W44 one.
	if got := len(w43.Totals.DailyLoad[6].ByClass); got != 1 || w43.Totals.DailyLoad[6].ByClass[analysis.ClassEasy] != 80 {
		t.Errorf("W43 Sunday load %v, want easy 80", w43.Totals.DailyLoad[6].ByClass)
	}
	if got := w44.Totals.DailyLoad[0].ByClass[analysis.ClassEasy]; got != 40 {
		t.Errorf("W44 Monday load %v, want 40", got)
	}
}

func TestSundayNightInUTCMonday(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	// Sunday 22 November 2026, 23:30 EST is Monday 04:30 UTC.
	in := at(t, 1, ny, 2026, 11, 22, 23, 30)
	if in.Start.Weekday() != time.Monday {
		t.Fatalf("test input starts %v, want a Monday in UTC", in.Start)
	}
	d := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	r := Build([]Input{in}, testProfile(), nil, ny, d, d.AddDate(0, 0, 7))
	if d := cmp.Diff(placement(r), map[int64]string{1: "2026-W47 2026-11-22"}); d != "" {
		t.Errorf("placement (-got +want):\n%s", d)
	}
	if len(r.Weeks) != 2 || len(r.Weeks[1].Activities) != 0 {
		t.Errorf("got %d weeks, want W47 with the run and W48 empty", len(r.Weeks))
	}
	// In UTC the same run is Monday of W48.
	r = Build([]Input{in}, testProfile(), nil, time.UTC, d, d.AddDate(0, 0, 7))
	if d := cmp.Diff(placement(r), map[int64]string{1: "2026-W48 2026-11-23"}); d != "" {
		t.Errorf("UTC placement (-got +want):\n%s", d)
	}
}

func TestTotals(t *testing.T) {
	p := testProfile()
	mk := func(id int64, day int, c analysis.Class, trimp float64) Input {
		in := sessionInput(id, day, c)
		in.Result.Effort.TRIMP = trimp
		return in
	}
	on := func(in Input, m time.Month, d int) Input {
		in.Start = time.Date(2026, m, d, 7, 0, 0, 0, time.UTC)
		return in
	}
	// History: the four weeks before W47 have loads 100 (W43), 0 (W44: rest), 200 (W45: one run
	// without heart rate left out) and unknown (W46: only a run without heart rate).
	history := []Input{
		on(mk(1, 1, analysis.ClassEasy, 100), time.October, 19),
		on(mk(3, 1, analysis.ClassEasy, 200), time.November, 2),
		on(mk(4, 1, analysis.ClassEasy, math.NaN()), time.November, 3),
		on(mk(5, 1, analysis.ClassEasy, math.NaN()), time.November, 10),
	}
	week := []Input{
		mk(10, 17, analysis.ClassIntervals, 100),
		mk(11, 18, analysis.ClassRecovery, 30),
		mk(12, 18, analysis.ClassCross, math.NaN()),
		mk(13, 20, analysis.ClassTempo, 90),
		mk(14, 22, analysis.ClassLong, 140),
	}
	week[2].Start = week[2].Start.Add(8 * time.Hour) // the walk in the afternoon
	week[4].Activity.MovingS = 5400
	// session's distances: 30 min at 6:10/km for a run (the long run keeps it), at 11:00/km for
	// the walk; summed in start order, as totals does.
	moving, runPace, walkPace := 30*60.0, 370.0, 660.0
	run, walk := moving/runPace*1000, moving/walkPace*1000
	d := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	r := Build(append(history, week...), p, nil, time.UTC, d, d.AddDate(0, 0, 6))
	if len(r.Weeks) != 1 {
		t.Fatalf("got %d weeks, want only W47 (history is not reported)", len(r.Weeks))
	}
	got := r.Weeks[0].Totals
	// Previous weeks: W46 unknown (left out), W45 200 (the 3 Nov run has no TRIMP), W44 0, W43 100.
	wantAvg := (200 + 0 + 100) / 3.0
	want := Totals{
		Activities: 5, Runs: 4, Cross: 1, Hard: 3,
		RunsByClass: map[analysis.Class]int{"race": 0, "intervals": 1, "long": 1, "recovery": 1, "tempo": 1, "easy": 0},
		TimeS:       Float(4*1800 + 5400), DistanceM: Float(run + run + walk + run + run),
		RunTimeS: Float(3*1800 + 5400), RunDistanceM: Float(run + run + run + run),
		ZonesS:        [5]Float{3000, 6000},
		EasyShare:     Fraction(3600.0 / (4*1800 + 5400)),
		Load:          360,
		LoadUnknown:   1,
		LoadPrevAvg:   Float(wantAvg),
		LoadPrevWeeks: 3,
		LoadChangePct: Float((360 - wantAvg) / wantAvg * 100),
		DailyLoadUnit: "min", // the walk has no TRIMP: moving minutes
		DailyLoad: [7]DayLoad{
			{Date: "2026-11-16", ByClass: map[analysis.Class]Float{}},
			{Date: "2026-11-17", ByClass: map[analysis.Class]Float{analysis.ClassIntervals: 30}},
			{Date: "2026-11-18", ByClass: map[analysis.Class]Float{analysis.ClassRecovery: 30, analysis.ClassCross: 30}},
			{Date: "2026-11-19", ByClass: map[analysis.Class]Float{}},
			{Date: "2026-11-20", ByClass: map[analysis.Class]Float{analysis.ClassTempo: 30}},
			{Date: "2026-11-21", ByClass: map[analysis.Class]Float{}},
			{Date: "2026-11-22", ByClass: map[analysis.Class]Float{analysis.ClassLong: 90}},
		},
	}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("totals (-got +want):\n%s", d)
	}
	// With every TRIMP known the daily load is TRIMP.
	week[2].Result.Effort.TRIMP = 12
	r = Build(week, p, nil, time.UTC, d, d)
	if got := r.Weeks[0].Totals; got.DailyLoadUnit != "trimp" || got.DailyLoad[2].ByClass[analysis.ClassCross] != 12 ||
		!math.IsNaN(float64(got.LoadPrevAvg)) || !math.IsNaN(float64(got.LoadChangePct)) {
		t.Errorf("unit %s, Wednesday %v, base %v %v; want trimp, cross 12 and no base (no history)",
			got.DailyLoadUnit, got.DailyLoad[2].ByClass, got.LoadPrevAvg, got.LoadChangePct)
	}
}

func TestEmptyAndUnknownWeek(t *testing.T) {
	d := time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC) // a Wednesday: the week is whole
	in := sessionInput(1, 19, analysis.ClassEasy)
	in.Result.Effort = analysis.Effort{Avg: math.NaN(), Source: analysis.EffortFromUnknown, TRIMP: math.NaN()}
	r := Build([]Input{in}, testProfile(), nil, time.UTC, d, d.AddDate(0, 0, 7))
	if len(r.Weeks) != 2 || r.Weeks[0].Week != "2026-W47" || r.Weeks[1].Week != "2026-W48" {
		t.Fatalf("weeks %+v, want W47 and W48", r.Weeks)
	}
	w := r.Weeks[0]
	if !math.IsNaN(float64(w.Totals.Load)) || !math.IsNaN(float64(w.Activities[0].Effort)) || w.Activities[0].EffortSource != "unknown" {
		t.Errorf("load %v effort %v %q, want unknown", w.Totals.Load, w.Activities[0].Effort, w.Activities[0].EffortSource)
	}
	empty := r.Weeks[1].Totals
	// W47's load is unknown: it gives no base.
	if empty.Load != 0 || !math.IsNaN(float64(empty.EasyShare)) || empty.LoadPrevWeeks != 0 || !math.IsNaN(float64(empty.LoadPrevAvg)) {
		t.Errorf("empty week: load %v, easy share %v, base %v over %d weeks; want 0, null, null over 0",
			empty.Load, empty.EasyShare, empty.LoadPrevAvg, empty.LoadPrevWeeks)
	}
	var b bytes.Buffer
	if err := WriteText(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "2026-W48  Mon 23 Nov – Sun 29 Nov 2026\nNo activities.\n") {
		t.Errorf("text has no empty W48:\n%s", b.String())
	}
}

func TestJSONShape(t *testing.T) {
	r := demoReport(t)
	var b bytes.Buffer
	if err := WriteJSON(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Profile map[string]map[string]any
		Weeks   []map[string]json.RawMessage
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if v := doc.Profile["max_hr"]; v["value"] != 190.0 || v["source"] != "set" {
		t.Errorf("profile max_hr %v", v)
	}
	nActs, nFlags := 0, 0 // the checks below looked at something
	for _, w := range doc.Weeks {
		if got := slices.Sorted(maps.Keys(w)); !slices.Equal(got, []string{"activities", "flags", "in_progress", "start", "through", "totals", "week"}) {
			t.Errorf("week keys %v", got)
		}
		var acts []map[string]json.RawMessage
		var flags []map[string]json.RawMessage
		if err := json.Unmarshal(w["activities"], &acts); err != nil {
			t.Fatalf("week activities: %v", err)
		}
		if err := json.Unmarshal(w["flags"], &flags); err != nil {
			t.Fatalf("week flags: %v", err)
		}
		nActs, nFlags = nActs+len(acts), nFlags+len(flags)
		for _, a := range acts {
			for _, k := range []string{"id", "date", "file", "sport", "start", "moving_s", "distance_m", "pace_s_per_km",
				"avg_hr", "max_hr", "device_summary", "class", "hard", "reasons", "effort", "effort_source", "zones_s", "trimp", "ascent_m", "descent_m", "gap_s_per_km", "name", "flags"} {
				if _, ok := a[k]; !ok {
					t.Errorf("activity without %q", k)
				}
			}
		}
		for _, f := range flags {
			_, date := f["date"]
			_, act := f["activity"]
			week := string(f["kind"]) == `"no_recovery"`
			if date == week || act == week {
				t.Errorf("flag %s: date and activity present %v %v", f["kind"], date, act)
			}
			for _, k := range []string{"kind", "week", "message", "value", "limit"} {
				if _, ok := f[k]; !ok {
					t.Errorf("flag without %q", k)
				}
			}
		}
	}
	if nActs == 0 || nFlags == 0 {
		t.Errorf("%d weeks, %d activities, %d flags checked; want some of each", len(doc.Weeks), nActs, nFlags)
	}
}

func TestCSVRoundTrip(t *testing.T) {
	r := demoReport(t)
	var b bytes.Buffer
	if err := WriteCSV(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, w := range r.Weeks {
		n += len(w.Activities)
	}
	if len(rows) != n+1 || !slices.Equal(rows[0], CSVHeader) {
		t.Fatalf("%d rows, header %v; want %d and %v", len(rows), rows[0], n+1, CSVHeader)
	}
	// Every row reads back as its activity: the strings as they are, the numbers within their
	// rounding (one decimal, three for effort), empty when missing.
	num := func(t *testing.T, field, cell string, want float64, decimals int) {
		t.Helper()
		if math.IsNaN(want) {
			if cell != "" {
				t.Errorf("%s %q, want empty", field, cell)
			}
			return
		}
		got, err := strconv.ParseFloat(cell, 64)
		if err != nil || math.Abs(got-want) > 0.5*math.Pow(10, -float64(decimals))+1e-9 {
			t.Errorf("%s %q, want %v", field, cell, want)
		}
	}
	row := rows[1:]
	for _, w := range r.Weeks {
		for _, a := range w.Activities {
			cells := row[0]
			row = row[1:]
			col := func(name string) string { return cells[slices.Index(CSVHeader, name)] }
			var flags []string
			for _, f := range a.Flags {
				flags = append(flags, string(f.Kind))
			}
			want := []string{w.Week, a.Date, strconv.FormatInt(a.ID, 10), a.File, a.Name, a.Sport, string(a.Class),
				strconv.FormatBool(a.Hard)}
			if got := cells[:len(want)]; !slices.Equal(got, want) {
				t.Errorf("row %q, want %q", got, want)
			}
			if got, want := col("effort_source"), string(a.EffortSource); got != want {
				t.Errorf("%s %s: effort_source %q, want %q", a.Date, a.File, got, want)
			}
			if got, want := col("flags"), strings.Join(flags, ";"); got != want {
				t.Errorf("%s %s: flags %q, want %q", a.Date, a.File, got, want)
			}
			num(t, "moving_s", col("moving_s"), float64(a.MovingS), 1)
			num(t, "distance_m", col("distance_m"), float64(a.DistanceM), 1)
			num(t, "pace_s_per_km", col("pace_s_per_km"), float64(a.PaceSPerKm), 1)
			num(t, "avg_hr", col("avg_hr"), float64(a.AvgHR), 1)
			num(t, "max_hr", col("max_hr"), float64(a.MaxHR), 1)
			num(t, "effort", col("effort"), float64(a.Effort), 3)
			for z, s := range a.ZonesS {
				num(t, fmt.Sprintf("z%d_s", z+1), col(fmt.Sprintf("z%d_s", z+1)), float64(s), 1)
			}
			num(t, "trimp", col("trimp"), float64(a.TRIMP), 1)
		}
	}
}

// TestEffortLegend: the legends of the text, Markdown and HTML reports say what effort is of
// under the report's effort model.
func TestEffortLegend(t *testing.T) {
	legends := map[analysis.EffortModel]string{
		analysis.ModelHRMax: "Effort: average, of your maximum",
		analysis.ModelHRR:   "Effort: average, of your heart-rate reserve",
		analysis.ModelLTHR:  "Effort: average, heart rate / LTHR × 0.90",
	}
	d := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	for _, m := range []analysis.EffortModel{analysis.ModelHRMax, analysis.ModelHRR, analysis.ModelLTHR, ""} {
		p := testProfile()
		p.EffortModel = m
		in := sessionInput(1, 17, analysis.ClassEasy)
		in.Result.Effort.Model = m
		r := Build([]Input{in}, p, nil, time.UTC, d, d)
		want := legends[m]
		if m == "" {
			want = legends[analysis.ModelHRMax] // analysis takes an empty model as hrmax
		}
		for _, format := range []string{"text", "markdown", "html"} {
			var b bytes.Buffer
			var err error
			switch format {
			case "text":
				err = WriteText(&b, r, Options{})
			case "markdown":
				err = WriteMarkdown(&b, r, Options{})
			case "html":
				err = WriteHTMLWeek(&b, r, r.Weeks[0], Options{})
			}
			if err != nil {
				t.Fatal(err)
			}
			out := strings.Join(strings.Fields(b.String()), " ") // the text report wraps lines
			for _, l := range legends {
				if got := strings.Contains(out, l); got != (l == want) {
					t.Errorf("%s, model %q: holds %q: %v, want %v", format, m, l, got, l == want)
				}
			}
		}
	}
}

func TestEscaping(t *testing.T) {
	in := sessionInput(1, 17, analysis.ClassEasy)
	in.Name = "a|b *c* <script>\x1b[31m"
	d := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	r := Build([]Input{in}, testProfile(), nil, time.UTC, d, d)
	var md, txt bytes.Buffer
	if err := WriteMarkdown(&md, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), `a\|b \*c\* \<script\> \[31m`) {
		t.Errorf("markdown name not escaped:\n%s", md.String())
	}
	if err := WriteText(&txt, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(txt.String(), "\x1b") {
		t.Errorf("text holds an escape character:\n%q", txt.String())
	}
}

func TestUnits(t *testing.T) {
	r := demoReport(t)
	for _, write := range []func(*bytes.Buffer, Report, Options) error{
		func(b *bytes.Buffer, r Report, o Options) error { return WriteText(b, r, o) },
		func(b *bytes.Buffer, r Report, o Options) error { return WriteMarkdown(b, r, o) },
		func(b *bytes.Buffer, r Report, o Options) error { return WriteJSON(b, r, o) },
		func(b *bytes.Buffer, r Report, o Options) error { return WriteCSV(b, r, o) },
	} {
		var b bytes.Buffer
		if err := write(&b, r, Options{Units: "furlongs"}); err == nil {
			t.Errorf("units furlongs: no error")
		}
	}
	u := units{imperial: true}
	if got := u.pace(350); got != "9:23" {
		t.Errorf("5:50/km in min/mi: got %s, want 9:23", got)
	}
	if got := u.distance(10000); got != "6.21" {
		t.Errorf("10 km in miles: got %s, want 6.21", got)
	}
}

// TestWeekInProgress: the week that holds today is marked in progress through today, and its
// load is compared with the same days of the weeks before, not their whole; an empty week in
// progress has no load change and is no rest week.
func TestWeekInProgress(t *testing.T) {
	p := testProfile()
	mk := func(id int64, m time.Month, d int, trimp float64) Input {
		in := sessionInput(id, 1, analysis.ClassEasy)
		in.Start = time.Date(2026, m, d, 7, 0, 0, 0, time.UTC)
		in.Result.Effort.TRIMP = trimp
		return in
	}
	var in []Input
	id := int64(1)
	for _, mon := range []int{26, 2, 9} { // W44, W45, W46: Mon 50, Thu 100, Sun 200 (350 a week)
		m := time.October
		if mon < 20 {
			m = time.November
		}
		monday := time.Date(2026, m, mon, 0, 0, 0, 0, time.UTC)
		for k, tr := range map[int]float64{0: 50, 3: 100, 6: 200} {
			d := monday.AddDate(0, 0, k)
			in = append(in, mk(id, d.Month(), d.Day(), tr))
			id++
		}
	}
	in = append(in, mk(20, time.November, 16, 40), mk(21, time.November, 18, 20)) // W47 so far: 60
	from := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)

	thu := time.Date(2026, 11, 19, 21, 0, 0, 0, time.UTC)
	r := BuildAt(in, p, nil, time.UTC, from, thu, thu)
	if len(r.Weeks) != 1 {
		t.Fatalf("%d weeks, want W47", len(r.Weeks))
	}
	w := r.Weeks[0]
	if !w.InProgress || w.Through != "2026-11-19" {
		t.Errorf("in progress %v through %q, want true through 2026-11-19", w.InProgress, w.Through)
	}
	tot := w.Totals
	if tot.Load != 60 || tot.LoadPrevAvg != 150 || tot.LoadPrevWeeks != 3 || tot.LoadChangePct != -60 {
		t.Errorf("load %v vs %v over %d weeks (%v%%), want 60 vs 150 (Mon–Thu) over 3 weeks (-60%%)",
			tot.Load, tot.LoadPrevAvg, tot.LoadPrevWeeks, tot.LoadChangePct)
	}
	var b bytes.Buffer
	if err := WriteText(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(b.String()), " ")
	for _, want := range []string{"2026-W47 Mon 16 Nov – Sun 22 Nov 2026, in progress to Thu 19 Nov",
		"load 60 (-60% vs 150, the average of Mon–Thu of the 3 weeks before)"} {
		if !strings.Contains(text, want) {
			t.Errorf("text does not say %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := WriteJSON(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"in_progress": true,`) || !strings.Contains(b.String(), `"through": "2026-11-19"`) {
		t.Errorf("JSON week without in_progress and through:\n%.600s", b.String())
	}

	// W47 so far holds hard sessions and no recovery: no no_recovery while the week is not over.
	hard := append(slices.Clone(in), mk(22, time.November, 17, 90))
	hard[len(hard)-1].Result.Class, hard[len(hard)-1].Result.Hard = analysis.ClassIntervals, true
	if fs := BuildAt(hard, p, nil, time.UTC, from, thu, thu).Weeks[0].Flags; slices.Contains(kinds(fs), analysis.FlagNoRecovery) {
		t.Errorf("week in progress: flags %v, want no no_recovery before the week is over", kinds(fs))
	}
	if fs := Build(hard, p, nil, time.UTC, from, from).Weeks[0].Flags; !slices.Contains(kinds(fs), analysis.FlagNoRecovery) {
		t.Errorf("the same week complete: flags %v, want no_recovery", kinds(fs))
	}

	// The same weeks without a today are complete: W47 against whole weeks.
	if w := Build(in, p, nil, time.UTC, from, from).Weeks[0]; w.InProgress || w.Through != "2026-11-22" || w.Totals.LoadPrevAvg != 350 {
		t.Errorf("Build: in progress %v through %s base %v, want a complete week to 2026-11-22 against 350", w.InProgress, w.Through, w.Totals.LoadPrevAvg)
	}

	// Monday of W48, nothing yet: no load change, no rest week.
	mon := time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)
	r = BuildAt(in, p, nil, time.UTC, from, mon, mon)
	empty := r.Weeks[1]
	if !empty.InProgress || empty.Through != "2026-11-23" || !math.IsNaN(float64(empty.Totals.LoadChangePct)) {
		t.Errorf("empty week in progress: %v through %s, change %v; want in progress through 2026-11-23, no change",
			empty.InProgress, empty.Through, empty.Totals.LoadChangePct)
	}
	if r.Weeks[0].InProgress {
		t.Error("W47 in progress on the Monday after it")
	}
	b.Reset()
	if err := WriteHTMLIndex(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	i := strings.Index(page, "2026-W48")
	row := page[i : i+strings.Index(page[i:], "</li>")]
	if strings.Contains(row, "rest week") || strings.Contains(row, "-100%") || !strings.Contains(row, "in progress to Mon 23 Nov") {
		t.Errorf("index row of the empty week in progress:\n%s", row)
	}
}

// TestWeekMonday: WeekMonday parses what WeekKey writes, 53-week years included, and refuses
// a week the year does not have.
func TestWeekMonday(t *testing.T) {
	for _, key := range []string{"2026-W01", "2026-W47", "2026-W53", "2020-W53", "2027-W01"} {
		m, err := WeekMonday(key, time.UTC)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if got := WeekKey(m); got != key || m.Weekday() != time.Monday {
			t.Errorf("%s: Monday %s is in %s", key, m.Format(time.DateOnly), got)
		}
	}
	for _, key := range []string{"2025-W53", "2026-W0", "2026W47", "x-W1"} {
		if _, err := WeekMonday(key, time.UTC); err == nil {
			t.Errorf("%s: no error", key)
		}
	}
}
