package importer

import (
	"bytes"
	"errors"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/internal/corpus"
	"github.com/easyday/easyday/internal/demo"
)

// tcxDoc wraps activities in a TrainingCenterDatabase document.
func tcxDoc(activities string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
 xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<Activities>` + activities + `</Activities>
<Author xsi:type="Application_t"><Name>Connect Api</Name></Author>
</TrainingCenterDatabase>`
}

// tcxTrackpoint is a trackpoint with a time and a heart rate.
func tcxTrackpoint(ts string, hr int) string {
	return `<Trackpoint><Time>` + ts + `</Time><HeartRateBpm><Value>` + strconv.Itoa(hr) + `</Value></HeartRateBpm></Trackpoint>`
}

func tcxTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm.UTC()
}

// hrSample is a sample with only a time and a heart rate.
func hrSample(t *testing.T, ts string, hr float64) activity.Sample {
	t.Helper()
	s := activity.NewSample(tcxTime(t, ts))
	s.HeartRate = hr
	return s
}

func tcxLap(t *testing.T, start string, elapsed, timer, dist, avgHR, maxHR, avgSpeed float64, intensity, trigger string) activity.Lap {
	t.Helper()
	return activity.Lap{Start: tcxTime(t, start), ElapsedS: elapsed, TimerS: timer, DistanceM: dist,
		AvgHR: avgHR, MaxHR: maxHR, AvgSpeed: avgSpeed, Intensity: intensity, Trigger: trigger, WorkoutStep: -1}
}

func TestTCX(t *testing.T) {
	nan := math.NaN()
	full := activity.NewSample(tcxTime(t, "2024-05-01T10:00:00.5Z"))
	full.Lat, full.Lon, full.Altitude, full.Distance, full.HeartRate = 45.1, 5.7, 210.5, 1.2, 120
	full.Speed, full.Cadence = 2.9, 84
	bare := activity.NewSample(tcxTime(t, "2024-05-01T10:00:01Z"))
	bike := activity.NewSample(tcxTime(t, "2024-05-01T10:00:00Z"))
	bike.Cadence, bike.Power = 90, 250

	tests := []struct {
		name string
		doc  string
		want []activity.Activity
	}{
		{
			name: "lap and trackpoint fields; missing values are NaN",
			doc: tcxDoc(`<Activity Sport="Running"><Id>2024-05-01T10:00:00Z</Id>
<Lap StartTime="2024-05-01T10:00:00.5Z"><TotalTimeSeconds>60.5</TotalTimeSeconds><DistanceMeters>200</DistanceMeters>
 <MaximumSpeed>4</MaximumSpeed><Calories>20</Calories>
 <AverageHeartRateBpm><Value>130</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>150</Value></MaximumHeartRateBpm>
 <Intensity>Active</Intensity><TriggerMethod>Manual</TriggerMethod>
 <Track>
  <Trackpoint><Time>2024-05-01T10:00:00.5Z</Time><Position><LatitudeDegrees>45.1</LatitudeDegrees><LongitudeDegrees>5.7</LongitudeDegrees></Position>
   <AltitudeMeters>210.5</AltitudeMeters><DistanceMeters>1.2</DistanceMeters><HeartRateBpm><Value>120</Value></HeartRateBpm>
   <Extensions><ns3:TPX><ns3:Speed>2.9</ns3:Speed><ns3:RunCadence>84</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>
  <Trackpoint><Time>2024-05-01T10:00:01Z</Time></Trackpoint>
 </Track>
 <Extensions><LX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><AvgSpeed>3.3</AvgSpeed><AvgRunCadence>80</AvgRunCadence></LX></Extensions>
</Lap>
<Creator xsi:type="Device_t"><Name>Forerunner 945</Name><UnitId>1</UnitId><ProductID>3113</ProductID></Creator>
</Activity>`),
			want: []activity.Activity{{
				Source: activity.Source{Format: activity.FormatTCX},
				Sport:  activity.SportRunning, Start: tcxTime(t, "2024-05-01T10:00:00.5Z"),
				Device:  "Forerunner 945",
				Samples: []activity.Sample{full, bare},
				Laps:    []activity.Lap{tcxLap(t, "2024-05-01T10:00:00.5Z", 0.5, 60.5, 200, 130, 150, 3.3, "active", "manual")},
				Summary: &activity.DeviceSummary{DistanceM: 200, TimerS: 60.5, ElapsedS: 0.5, AvgHR: 130, MaxHR: 150, TotalTrainingEffect: nan},
			}},
		},
		{
			name: "bike cadence and power; a lap without values",
			doc: tcxDoc(`<Activity Sport="Biking"><Id>2024-05-01T10:00:00Z</Id><Lap StartTime="2024-05-01T10:00:00Z"><Track>
<Trackpoint><Time>2024-05-01T10:00:00Z</Time><Cadence>90</Cadence><Extensions><TPX xmlns="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Watts>250</Watts></TPX></Extensions></Trackpoint>
</Track></Lap></Activity>`),
			want: []activity.Activity{{
				Source: activity.Source{Format: activity.FormatTCX},
				Sport:  activity.SportCycling, Start: tcxTime(t, "2024-05-01T10:00:00Z"),
				Samples: []activity.Sample{bike},
				Laps:    []activity.Lap{tcxLap(t, "2024-05-01T10:00:00Z", 0, nan, nan, nan, nan, nan, "", "")},
				Summary: &activity.DeviceSummary{DistanceM: nan, TimerS: nan, ElapsedS: 0, AvgHR: nan, MaxHR: nan, TotalTrainingEffect: nan},
			}},
		},
		{
			name: "tracks begin breaks within and across laps; lap time ends at the next lap",
			doc: tcxDoc(`<Activity Sport="Running"><Id>2024-05-01T10:00:00Z</Id>
<Lap StartTime="2024-05-01T10:00:00Z"><TotalTimeSeconds>100</TotalTimeSeconds><DistanceMeters>300</DistanceMeters>
 <AverageHeartRateBpm><Value>120</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>140</Value></MaximumHeartRateBpm>
 <Track>` + tcxTrackpoint("2024-05-01T10:00:00Z", 110) + tcxTrackpoint("2024-05-01T10:00:30Z", 115) + `</Track>
 <Track>` + tcxTrackpoint("2024-05-01T10:01:00Z", 120) + `</Track></Lap>
<Lap StartTime="2024-05-01T10:02:00Z"><TotalTimeSeconds>300</TotalTimeSeconds><DistanceMeters>1000</DistanceMeters>
 <AverageHeartRateBpm><Value>160</Value></AverageHeartRateBpm><MaximumHeartRateBpm><Value>170</Value></MaximumHeartRateBpm>
 <Intensity>Resting</Intensity><TriggerMethod>Distance</TriggerMethod>
 <Track>` + tcxTrackpoint("2024-05-01T10:02:00Z", 150) + tcxTrackpoint("2024-05-01T10:07:00Z", 165) + `</Track></Lap>
</Activity>`),
			want: []activity.Activity{{
				Source: activity.Source{Format: activity.FormatTCX},
				Sport:  activity.SportRunning, Start: tcxTime(t, "2024-05-01T10:00:00Z"),
				Samples: []activity.Sample{
					hrSample(t, "2024-05-01T10:00:00Z", 110), hrSample(t, "2024-05-01T10:00:30Z", 115),
					hrSample(t, "2024-05-01T10:01:00Z", 120),
					hrSample(t, "2024-05-01T10:02:00Z", 150), hrSample(t, "2024-05-01T10:07:00Z", 165),
				},
				Breaks: []int{2, 3},
				Laps: []activity.Lap{
					tcxLap(t, "2024-05-01T10:00:00Z", 120, 100, 300, 120, 140, nan, "", ""),
					tcxLap(t, "2024-05-01T10:02:00Z", 300, 300, 1000, 160, 170, nan, "resting", "distance"),
				},
				// AvgHR: (120×100 + 160×300) / 400 = 150.
				Summary: &activity.DeviceSummary{DistanceM: 1300, TimerS: 400, ElapsedS: 420, AvgHR: 150, MaxHR: 170, TotalTrainingEffect: nan},
			}},
		},
		{
			name: "untimed trackpoints are left out; Other refined from the notes",
			doc: tcxDoc(`<Activity Sport="Other"><Id>2024-05-01T10:00:00Z</Id><Lap StartTime="2024-05-01T10:00:00Z"><Track>
<Trackpoint><HeartRateBpm><Value>99</Value></HeartRateBpm></Trackpoint>` + tcxTrackpoint("2024-05-01T10:00:00Z", 100) + `
<Trackpoint><Time>yesterday</Time></Trackpoint>
</Track></Lap><Notes>Walk with the dog</Notes></Activity>`),
			want: []activity.Activity{{
				Source: activity.Source{Format: activity.FormatTCX},
				Sport:  activity.SportWalking, Name: "Walk with the dog", Start: tcxTime(t, "2024-05-01T10:00:00Z"),
				Samples: []activity.Sample{hrSample(t, "2024-05-01T10:00:00Z", 100)},
				Laps:    []activity.Lap{tcxLap(t, "2024-05-01T10:00:00Z", 0, nan, nan, nan, nan, nan, "", "")},
				Summary: &activity.DeviceSummary{DistanceM: nan, TimerS: nan, ElapsedS: 0, AvgHR: nan, MaxHR: nan, TotalTrainingEffect: nan},
				Notes: []string{
					`sport walking taken from the activity's text "Walk with the dog": the file says "Other"`,
					`2 of 3 trackpoints have no time and were left out (unreadable times such as "yesterday")`,
				},
			}},
		},
		{
			name: "two activities; name from the workout plan; no laps",
			doc: tcxDoc(`<Activity Sport="Running"><Id>2024-05-01T10:00:00Z</Id><Lap StartTime="2024-05-01T10:00:00Z"><Track>` + tcxTrackpoint("2024-05-01T10:00:00Z", 100) + `</Track></Lap>
<Training VirtualPartner="false"><Plan Type="Workout" IntervalWorkout="false"><Name>Treadmill Run</Name><Extensions/></Plan></Training></Activity>
<Activity Sport="Biking"><Id>2024-05-02T10:00:00Z</Id></Activity>`),
			want: []activity.Activity{{
				Source: activity.Source{Format: activity.FormatTCX},
				Sport:  activity.SportRunning, SubSport: "treadmill", Name: "Treadmill Run", Start: tcxTime(t, "2024-05-01T10:00:00Z"),
				Samples: []activity.Sample{hrSample(t, "2024-05-01T10:00:00Z", 100)},
				Laps:    []activity.Lap{tcxLap(t, "2024-05-01T10:00:00Z", 0, nan, nan, nan, nan, nan, "", "")},
				Summary: &activity.DeviceSummary{DistanceM: nan, TimerS: nan, ElapsedS: 0, AvgHR: nan, MaxHR: nan, TotalTrainingEffect: nan},
			}, {
				Source: activity.Source{Format: activity.FormatTCX, Session: 1},
				Sport:  activity.SportCycling, Start: tcxTime(t, "2024-05-02T10:00:00Z"),
				Notes: []string{"no timed trackpoints"},
			}},
		},
		{
			name: "white space and a byte order mark before the declaration",
			doc:  "\ufeff \r\n\t  " + tcxDoc(`<Activity Sport="Running"><Id>2024-05-01T10:00:00Z</Id></Activity>`),
			want: []activity.Activity{{
				Source: activity.Source{Format: activity.FormatTCX},
				Sport:  activity.SportRunning, Start: tcxTime(t, "2024-05-01T10:00:00Z"),
				Notes: []string{"no timed trackpoints"},
			}},
		},
		{
			name: "multisport session",
			doc: tcxDoc(`<MultiSportSession><Id>2024-05-01T10:00:00Z</Id><FirstSport><Activity Sport="Biking"><Id>2024-05-01T10:00:00Z</Id></Activity></FirstSport>
<NextSport><Transition/><Activity Sport="Running"><Id>2024-05-01T11:00:00Z</Id></Activity></NextSport></MultiSportSession>`),
			want: []activity.Activity{{
				Source: activity.Source{Format: activity.FormatTCX},
				Sport:  activity.SportCycling, Start: tcxTime(t, "2024-05-01T10:00:00Z"),
				Notes: []string{"no timed trackpoints"},
			}, {
				Source: activity.Source{Format: activity.FormatTCX, Session: 1},
				Sport:  activity.SportRunning, Start: tcxTime(t, "2024-05-01T11:00:00Z"),
				Notes: []string{"no timed trackpoints"},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := TCX(strings.NewReader(tt.doc))
			if err != nil {
				t.Fatalf("TCX: %v", err)
			}
			if diff := cmp.Diff(got, tt.want, cmpActivity...); diff != "" {
				t.Errorf("TCX (-got +want):\n%s", diff)
			}
			for _, a := range got {
				if !a.HasUTCOffset && a.Start.Location() != time.UTC {
					t.Errorf("Start %v: want UTC without a recorded offset", a.Start)
				}
			}
		})
	}
}

func TestTCXStartOffset(t *testing.T) {
	tests := []struct {
		name      string
		id, lap   string
		point     string
		wantStart string
		hasOffset bool
	}{
		{"lap start with fraction and offset", "2024-05-01T09:59:00Z", "2024-05-01T10:00:00.500+02:00", "2024-05-01T08:00:00.5Z", "2024-05-01T10:00:00.5+02:00", true},
		{"offset only in the Id", "2024-05-01T10:00:00-05:00", "2024-05-01T15:00:01Z", "2024-05-01T15:00:01Z", "2024-05-01T10:00:01-05:00", true},
		{"offset only in the first trackpoint", "2024-05-01T08:00:00Z", "2024-05-01T08:00:00Z", "2024-05-01T10:00:00+02:00", "2024-05-01T10:00:00+02:00", true},
		{"all Z", "2024-05-01T08:00:00Z", "2024-05-01T08:00:01.25Z", "2024-05-01T08:00:01.25Z", "2024-05-01T08:00:01.25Z", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := tcxDoc(`<Activity Sport="Running"><Id>` + tt.id + `</Id><Lap StartTime="` + tt.lap + `"><Track>` + tcxTrackpoint(tt.point, 100) + `</Track></Lap></Activity>`)
			acts, err := TCX(strings.NewReader(doc))
			if err != nil {
				t.Fatalf("TCX: %v", err)
			}
			a := acts[0]
			if got := a.Start.Format(time.RFC3339Nano); got != tt.wantStart {
				t.Errorf("Start = %s, want %s", got, tt.wantStart)
			}
			if a.HasUTCOffset != tt.hasOffset {
				t.Errorf("HasUTCOffset = %v, want %v", a.HasUTCOffset, tt.hasOffset)
			}
			if loc := a.Samples[0].Time.Location(); loc != time.UTC {
				t.Errorf("sample time in %v, want UTC", loc)
			}
			if loc := a.Laps[0].Start.Location(); loc != time.UTC {
				t.Errorf("lap start in %v, want UTC", loc)
			}
		})
	}
}

func TestTCXErrors(t *testing.T) {
	tests := []struct {
		name   string
		doc    string
		want   string // in the error text
		target error  // errors.Is, when set
	}{
		{name: "empty", doc: "", want: "empty document"},
		{name: "white space only", doc: "  \n", want: "empty document"},
		{name: "byte order mark only", doc: "\ufeff", want: "empty document"},
		{name: "byte order marks and white space", doc: "\ufeff \r\n\ufeff\t", want: "empty document"},
		{name: "not XML", doc: "hello", want: "no root element"},
		{name: "not TCX", doc: `<gpx version="1.1"/>`, want: "the root element is <gpx>, not <TrainingCenterDatabase>"},
		{name: "no activity", doc: tcxDoc(""), want: "no <Activity>", target: ErrNotActivity},
		{name: "cut short before any sample", doc: `<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2024`, want: "unexpected EOF"},
		{name: "mismatched tags", doc: "<TrainingCenterDatabase>\n<Activities>\n<Activity>\n</Activities>", want: "line 4: element <Activity> closed by </Activities>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acts, err := TCX(strings.NewReader(tt.doc))
			if err == nil {
				t.Fatalf("TCX gave %d activities and no error, want an error containing %q", len(acts), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "decode tcx: ") {
				t.Errorf("error = %q, want %q in it, after \"decode tcx: \"", err, tt.want)
			}
			if tt.target != nil && !errors.Is(err, tt.target) {
				t.Errorf("error = %v, want errors.Is %v", err, tt.target)
			}
		})
	}
}

// TestTCXCutShort: what was read before the damage is kept and marked.
func TestTCXCutShort(t *testing.T) {
	doc := tcxDoc(`<Activity Sport="Running"><Id>2024-05-01T10:00:00Z</Id><Lap StartTime="2024-05-01T10:00:00Z"><Track>` +
		tcxTrackpoint("2024-05-01T10:00:00Z", 100) + `</Track></Lap></Activity>` +
		`<Activity Sport="Running"><Id>2024-05-02T10:00:00Z</Id><Lap StartTime="2024-05-02T10:00:00Z"><Track>` +
		tcxTrackpoint("2024-05-02T10:00:00Z", 100) + tcxTrackpoint("2024-05-02T10:00:01Z", 101) + `</Track></Lap></Activity>`)
	doc = doc[:strings.LastIndex(doc, "</Trackpoint>")+len("</Trackpoint>")+3] // "</T"
	acts, err := TCX(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("TCX: %v", err)
	}
	if len(acts) != 2 {
		t.Fatalf("got %d activities, want 2", len(acts))
	}
	if acts[0].Partial || !acts[1].Partial {
		t.Errorf("Partial = %v, %v; want false, true", acts[0].Partial, acts[1].Partial)
	}
	if n := len(acts[1].Samples); n != 2 {
		t.Errorf("the cut activity has %d samples, want 2", n)
	}
	if len(acts[1].Notes) == 0 || !strings.Contains(acts[1].Notes[len(acts[1].Notes)-1], "unexpected EOF") {
		t.Errorf("Notes = %q, want one saying where the document broke", acts[1].Notes)
	}
}

func TestTCXCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	summaries := loadSummaries(t)
	files, err := filepath.Glob(filepath.Join(dir, "tcx", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no files in %s", filepath.Join(dir, "tcx"))
	}
	t.Logf("%-45s %3s %7s %6s %4s %10s %10s %8s %3s %-8s %s", "file", "act", "samples", "breaks", "laps", "dist_m", "sum_dist_m", "timer_s", "hr", "sport", "notes")
	compared := 0 // SUMMARIES.tsv rows checked
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			acts, err := TCX(bytes.NewReader(readSharedCorpusFile(t, path)))
			if err != nil {
				t.Fatalf("TCX: %v", err)
			}
			if len(acts) == 0 {
				t.Fatal("TCX gave no activities")
			}
			for i, a := range acts {
				if a.Source.Session != i || a.Source.Format != activity.FormatTCX {
					t.Errorf("activity %d: Source = %+v", i, a.Source)
				}
				lastDist := math.NaN()
				for j := len(a.Samples) - 1; j >= 0; j-- {
					if !math.IsNaN(a.Samples[j].Distance) {
						lastDist = a.Samples[j].Distance
						break
					}
				}
				sumDist, sumTimer := math.NaN(), math.NaN()
				if a.Summary != nil {
					sumDist, sumTimer = a.Summary.DistanceM, a.Summary.TimerS
				}
				t.Logf("%-45s %3d %7d %6d %4d %10.1f %10.1f %8.1f %3v %-8s %q", name, i, len(a.Samples), len(a.Breaks), len(a.Laps), lastDist, sumDist, sumTimer, a.HasHeartRate(), a.Sport, a.Notes)
				for _, row := range summaries[name] {
					if row.session != i || !strings.HasPrefix(row.method, "tcx laps") {
						continue
					}
					compared++
					if a.Summary == nil {
						t.Errorf("activity %d: no Summary, want distance %.2f m, timer %.2f s (SUMMARIES.tsv)", i, row.distanceM, row.timerS)
						continue
					}
					if !nearlyEqual(a.Summary.DistanceM, row.distanceM, 0.01) {
						t.Errorf("activity %d: Summary.DistanceM = %.2f, want %.2f (SUMMARIES.tsv)", i, a.Summary.DistanceM, row.distanceM)
					}
					if !nearlyEqual(a.Summary.TimerS, row.timerS, 0.01) {
						t.Errorf("activity %d: Summary.TimerS = %.3f, want %.3f (SUMMARIES.tsv)", i, a.Summary.TimerS, row.timerS)
					}
				}
			}
		})
	}
	want := 0
	for _, rows := range summaries {
		for _, row := range rows {
			if strings.HasPrefix(row.method, "tcx laps") {
				want++
			}
		}
	}
	if want == 0 || compared != want {
		t.Errorf("compared %d activities with SUMMARIES.tsv; want all of its %d TCX rows, and some", compared, want)
	}
}

// nearlyEqual reports whether got equals want within tol, both NaN counting as equal.
func nearlyEqual(got, want, tol float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) == math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol
}

// TestTCXTimer: the tracks of a TCX activity are its timer when they add up to the laps'
// TotalTimeSeconds (within 2%): a gap between tracks is a pause, a gap within one is not (the
// device recorded sparsely while the athlete stood, its timer running); tracks one sample
// apart (Garmin's track per lap) join. Where the tracks do not add up, the gaps over 10 s are
// the pauses when the rest adds up instead; when neither does, there are no timer events and
// the analysis applies the pause rule.
func TestTCXTimer(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 7, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	// samples at the given seconds; breaks at the given sample indices
	act := func(secs []int, breaks []int, lapTimers ...float64) *activity.Activity {
		a := &activity.Activity{Breaks: breaks}
		for _, s := range secs {
			smp := activity.NewSample(at(s))
			a.Samples = append(a.Samples, smp)
		}
		for _, l := range lapTimers {
			lap := activity.NewLap(t0)
			lap.TimerS = l
			a.Laps = append(a.Laps, lap)
		}
		return a
	}
	ev := func(pairs ...int) []activity.TimerEvent { // start, stop, start, stop... seconds
		var out []activity.TimerEvent
		for i, s := range pairs {
			out = append(out, activity.TimerEvent{Time: at(s), Start: i%2 == 0})
		}
		return out
	}
	for _, c := range []struct {
		name string
		a    *activity.Activity
		want []activity.TimerEvent
	}{
		{"one track, standing 60 s within it, timer ran throughout",
			act([]int{0, 1, 2, 62, 63, 100}, nil, 100), ev(0, 100)},
		{"a second track after 60 s: a pause",
			act([]int{0, 1, 50, 110, 111, 160}, []int{3}, 100), ev(0, 50, 110, 160)},
		{"a track per lap, one second apart: one span",
			act([]int{0, 1, 50, 51, 52, 100}, []int{3}, 50, 50), ev(0, 100)},
		{"within 2% of the laps' timer",
			act([]int{0, 1, 102}, nil, 100), ev(0, 102)},
		{"3% from the laps' timer", act([]int{0, 1, 103}, nil, 100), nil},
		{"one track across a pause the laps leave out: the gap is the timer's stop",
			act([]int{0, 10, 20, 30, 40, 50, 110, 120, 130, 140, 150, 160}, nil, 100), ev(0, 50, 110, 160)},
		{"one track, its gaps over 10 s left out do not add up either: the pause rule decides",
			act([]int{0, 1, 30, 50, 110, 111, 160}, nil, 100), nil},
		{"laps longer than the tracks (laps without trackpoints)",
			act([]int{0, 1, 100}, nil, 100, 80), nil},
		{"a lap without TotalTimeSeconds", act([]int{0, 1, 100}, nil, 100, math.NaN()), nil},
		{"no laps", act([]int{0, 1, 100}, nil), nil},
		{"one sample", act([]int{0}, nil, 0), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(TCXTimer(c.a), c.want); diff != "" {
				t.Errorf("TCXTimer (-got +want):\n%s", diff)
			}
		})
	}
}

// TestTCXTimerDemo: demo activities whose timer was paused, written as TCX the way Garmin
// writes them (a new <Track> at each restart) and read back, give the timer events and track
// breaks that demo.AsFormat says a TCX holds: the timer stopped over each pause and nowhere else.
func TestTCXTimerDemo(t *testing.T) {
	paused := 0
	for _, p := range demo.Season(demo.Options{Weeks: 8, Seed: 1}) {
		if len(p.Activity.Timer) <= 2 || len(p.Activity.Samples) == 0 {
			continue
		}
		paused++
		var buf bytes.Buffer
		if err := demo.WriteTCX(&buf, &p.Activity); err != nil {
			t.Fatal(err)
		}
		got, err := TCX(&buf)
		if err != nil || len(got) != 1 {
			t.Fatalf("%s: %d activities, %v", p.Files[0].Name, len(got), err)
		}
		want := demo.AsFormat(&p.Activity, activity.FormatTCX)
		if diff := cmp.Diff(got[0].Timer, want.Timer); diff != "" {
			t.Errorf("%s: timer (-got +want):\n%s", p.Files[0].Name, diff)
		}
		if diff := cmp.Diff(got[0].Breaks, want.Breaks); diff != "" {
			t.Errorf("%s: breaks (-got +want):\n%s", p.Files[0].Name, diff)
		}
		if stops := (len(got[0].Timer) - 2) / 2; stops != (len(p.Activity.Timer)-2)/2 {
			t.Errorf("%s: %d pauses read back, the demo made %d", p.Files[0].Name, stops, (len(p.Activity.Timer)-2)/2)
		}
	}
	if paused == 0 {
		t.Fatal("the demo season has no paused activity")
	}
	t.Logf("%d paused activities read back", paused)
}
