// demo_test.go is one piece past 600 lines: it checks the generator's one promise, that the
// files written and the truth in labels.tsv agree, from every side (formats, roles, labels).

package demo

// The demo's tests in one file although past 600 lines: determinism, labels, coverage, week
// roles and ground-truth margins all check one generated season through the same helpers.

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin on any machine, for TestBerlinOffset

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/filedef"

	"github.com/easyday/easyday/activity"
)

var benchWeeks = flag.Int("benchweeks", 52, "weeks generated per BenchmarkGenerate iteration")

// readDir returns every file of dir by name.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string][]byte, len(entries))
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func TestGenerateDeterministic(t *testing.T) {
	opts := Options{Weeks: 3, Seed: 42}
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	res, err := Generate(a, opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(b, opts); err != nil {
		t.Fatal(err)
	}
	opts.Seed = 43
	if _, err := Generate(c, opts); err != nil {
		t.Fatal(err)
	}
	fa, fb, fc := readDir(t, a), readDir(t, b), readDir(t, c)
	if len(fa) != len(fb) {
		t.Fatalf("second run wrote %d files, first %d", len(fb), len(fa))
	}
	var total int64
	for name, data := range fa {
		if !bytes.Equal(data, fb[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
		if name != "labels.tsv" {
			total += int64(len(data))
		}
	}
	if got, want := res.Files, len(fa)-1; got != want {
		t.Errorf("Result.Files = %d, want %d (files in dir but labels.tsv)", got, want)
	}
	if res.Bytes != total {
		t.Errorf("Result.Bytes = %d, want %d", res.Bytes, total)
	}
	if bytes.Equal(fa["labels.tsv"], fc["labels.tsv"]) {
		t.Error("seeds 42 and 43 gave the same labels.tsv")
	}
	same := 0
	for name, data := range fa {
		if bytes.Equal(data, fc[name]) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seeds 42 and 43 gave %d identical files", same)
	}
}

func TestLabelsTSV(t *testing.T) {
	dir := t.TempDir()
	res, err := Generate(dir, Options{Weeks: 8, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "labels.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	if got := sc.Text(); got != LabelsHeader {
		t.Fatalf("header = %q, want %q", got, LabelsHeader)
	}
	rows, dups := 0, 0
	activities := map[string]bool{}
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 10 {
			t.Fatalf("row %q has %d columns, want 10", sc.Text(), len(cols))
		}
		rows++
		file, format, date, label, mistakes, sevs, dup, hr := cols[0], cols[1], cols[2], cols[4], cols[5], cols[6], cols[7], cols[8]
		if filepath.Ext(file) != "."+format {
			t.Errorf("%s: format %s", file, format)
		}
		if !strings.HasPrefix(file, date) {
			t.Errorf("%s: date %s", file, date)
		}
		if !slices.Contains(Labels, label) {
			t.Errorf("%s: label %q", file, label)
		}
		if mistakes != "-" {
			for _, m := range strings.Split(mistakes, ",") {
				if !slices.Contains(Mistakes, m) && !slices.Contains(SeasonMistakes, m) {
					t.Errorf("%s: mistake %q", file, m)
				}
			}
		}
		if n, ns := len(strings.Split(mistakes, ",")), len(strings.Split(sevs, ",")); (mistakes == "-") != (sevs == "-") || n != ns {
			t.Errorf("%s: mistakes %q, severities %q: want one severity for each", file, mistakes, sevs)
		}
		for _, s := range strings.Split(sevs, ",") {
			if s != "-" && s != SeverityWarning && s != SeverityAdvice {
				t.Errorf("%s: severity %q", file, s)
			}
		}
		if hr != "yes" && hr != "no" {
			t.Errorf("%s: has_hr %q", file, hr)
		}
		if dup != "-" {
			dups++
			if !activities[dup] {
				t.Errorf("%s: duplicate_of %s, not a file listed before it", file, dup)
			}
		} else {
			activities[file] = true
		}
		if _, err := os.Stat(filepath.Join(dir, file)); err != nil {
			t.Error(err)
		}
	}
	if rows != res.Files || len(activities) != res.Activities {
		t.Errorf("labels.tsv: %d rows, %d activities; Result: %+v", rows, len(activities), res)
	}
	if dups == 0 {
		t.Error("no duplicate in an 8-week season")
	}
}

func TestSeasonCoversEverything(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 4} {
		ps := Season(Options{Weeks: 8, Seed: seed})
		labels := map[string]int{}
		mistakes := map[string]int{}
		features := map[string]int{}
		for _, p := range ps {
			labels[p.Label]++
			for _, m := range p.Mistakes {
				mistakes[m]++
			}
			a := &p.Activity
			features[string(a.Sport)]++
			features["format "+string(p.Files[0].Format)]++
			if len(p.Files) > 1 {
				features["duplicate"]++
			}
			if !a.HasHeartRate() {
				features["no HR"]++
			}
			if a.SubSport == "treadmill" {
				features["treadmill"]++
			}
			if a.Name == "Recovery run" {
				features["Recovery run"]++
			}
		}
		for _, l := range Labels {
			if labels[l] == 0 {
				t.Errorf("seed %d: no %s in 8 weeks (%v)", seed, l, labels)
			}
		}
		for _, m := range Mistakes {
			if mistakes[m] == 0 {
				t.Errorf("seed %d: no %s in 8 weeks (%v)", seed, m, mistakes)
			}
		}
		for _, f := range []string{"running", "cycling", "walking", "swimming", "format fit", "format gpx",
			"format tcx", "duplicate", "no HR", "treadmill", "Recovery run"} {
			if features[f] == 0 {
				t.Errorf("seed %d: no %s in 8 weeks (%v)", seed, f, features)
			}
		}
	}
}

// TestWeekRoles: every session carries its week's role, each block of eight weeks has one week
// of each role but the race weeks (every fourth) and a normal or easy one, and the ground truth
// and the notes follow from the role: no_recovery comes once in every week without recovery and
// nowhere else, an easy week has no hard session, a recovery-run week has its Wednesday variant.
func TestWeekRoles(t *testing.T) {
	const weeks = 24
	wednesday := map[role]variant{roleRecHard: varTooHard, roleRecFast: varTooFast, roleRecLong: varTooLong}
	for _, seed := range []uint64{1, 2, 3, 4} {
		ss := plan(Options{Weeks: weeks, Seed: seed})
		var roles [weeks]role
		var seen [weeks]bool
		var noRecovery, wedVariant [weeks]int
		for _, s := range ss {
			if seen[s.week] && s.role != roles[s.week] {
				t.Fatalf("seed %d, %s: role %d, its week's other sessions %d", seed, s.date.Format(time.DateOnly), s.role, roles[s.week])
			}
			roles[s.week], seen[s.week] = s.role, true
			day := fmt.Sprintf("seed %d, %s (role %d)", seed, s.date.Format(time.DateOnly), s.role)
			if (s.week%4 == 3) != (s.role == roleRace) && s.week != weeks-1 {
				t.Errorf("%s: week %d, want a race week every fourth week", day, s.week)
			}
			if got, want := slices.ContainsFunc(s.notes, func(n string) bool { return strings.HasPrefix(n, "week without recovery") }), s.role == roleNoRecovery; got != want {
				t.Errorf("%s: note \"week without recovery\" %v, want %v", day, got, want)
			}
			if got, want := slices.Contains(s.notes, "easy week"), s.role == roleEasy && s.kind == kindEasy && !slices.Contains(s.notes, "the season's last day: hard"); got != want {
				t.Errorf("%s: note \"easy week\" %v, want %v", day, got, want)
			}
			if got, want := slices.Contains(s.mistakes, MistakeLoadSpike), s.role == roleCamp && s.date.Weekday() == time.Monday; got != want {
				t.Errorf("%s: load_spike planned %v, want %v (the first day of a training camp)", day, got, want)
			}
			if s.role == roleEasy && hard(s.label) && !slices.Contains(s.notes, "the season's last day: hard") {
				t.Errorf("%s: %s in an easy week", day, s.label)
			}
			if slices.Contains(s.mistakes, MistakeNoRecovery) {
				noRecovery[s.week]++
			}
			if v, ok := wednesday[s.role]; ok && s.date.Weekday() == time.Wednesday && s.kind == kindRecovery && s.variant == v {
				wedVariant[s.week]++
			}
		}
		for w := range weeks {
			if !seen[w] {
				t.Fatalf("seed %d: week %d has no session", seed, w)
			}
			want := 0
			if roles[w] == roleNoRecovery {
				want = 1
			}
			// The last week, a taper, ends with a hard session: no_recovery unless a run named
			// "Recovery run" came before it.
			if got := noRecovery[w]; got != want && w != weeks-1 {
				t.Errorf("seed %d, week %d (role %d): %d no_recovery, want %d", seed, w, roles[w], got, want)
			}
			if _, ok := wednesday[roles[w]]; ok && wedVariant[w] != 1 {
				t.Errorf("seed %d, week %d (role %d): no Wednesday recovery run of its variant", seed, w, roles[w])
			}
		}
		for b := 0; b < weeks; b += 8 {
			count := map[role]int{}
			for _, r := range roles[b : b+8] {
				count[r]++
			}
			if b+8 == weeks {
				// the last week is a taper: an easy week
				if roles[weeks-1] != roleEasy {
					t.Errorf("seed %d: last week role %d, want easy", seed, roles[weeks-1])
				}
				count[roles[weeks-1]]--
				count[roleRace]++
			}
			if count[roleCamp] > 0 {
				// a training camp and the easy week after it take the places of two roles
				if count[roleCamp] != 1 || roles[campFirst] != roleCamp || roles[campFirst+1] != roleEasy || count[roleRace] != 2 {
					t.Errorf("seed %d, weeks %d–%d: roles %v, want a camp in week %d, an easy week after it and two race weeks", seed, b, b+7, roles[b:b+8], campFirst)
				}
				continue
			}
			if count[roleRace] != 2 || count[roleNoRecovery] != 1 || count[roleB2B] != 1 || count[roleRecHard] != 1 ||
				count[roleRecFast] != 1 || count[roleRecLong] != 1 || count[roleNormal]+count[roleEasy] != 1 {
				t.Errorf("seed %d, weeks %d–%d: roles %v, want two race weeks and one of each other role", seed, b, b+7, roles[b:b+8])
			}
		}
	}
}

// TestGroundTruthMargins checks that the ground truth is clear-cut: the numbers the rules
// look at are well away from their limits, so that an analysis that cleans heart rate or
// measures moving time slightly differently still agrees.
func TestGroundTruthMargins(t *testing.T) {
	checkMargins(t, Season(Options{Weeks: 24, Seed: 9}))
}

func checkMargins(t *testing.T, ps []Planned) {
	t.Helper()
	for _, p := range ps {
		a := &p.Activity
		name := p.Activity.Source.Path
		n, above, hard := 0, 0, 0
		var sum float64
		for _, s := range a.Samples {
			if math.IsNaN(s.HeartRate) {
				continue
			}
			n++
			sum += s.HeartRate
			if s.HeartRate > ceilingHR {
				above++
			}
			if s.HeartRate >= 0.8*MaxHR {
				hard++
			}
		}
		moving := movingS(a)
		switch p.Label {
		case LabelRecovery:
			if n > 0 {
				eff, frac := sum/float64(n)/MaxHR, float64(above)/float64(n)
				if math.Abs(eff-recoveryCeiling) < 0.02 || frac > 0.1 && frac < 0.4 {
					t.Errorf("%s: recovery effort %.3f, %.0f%% above the ceiling: too close to call", name, eff, 100*frac)
				}
			}
			if dist := distanceM(a); dist > 0 {
				pace := moving / (dist / 1000)
				if math.Abs(pace-recoveryPaceMinS)/recoveryPaceMinS < 0.025 {
					t.Errorf("%s: recovery pace %.0f s/km, too close to %d %v", name, pace, recoveryPaceMinS, p.Notes)
				}
			}
			if math.Abs(moving-recoveryMaxS) < 180 {
				t.Errorf("%s: recovery moving time %.0f s, too close to %d", name, moving, recoveryMaxS)
			}
		case LabelLong:
			if moving < longRunS+240 {
				t.Errorf("%s: long run of only %.0f s", name, moving)
			}
		case LabelTempo:
			if n > 0 && hard < 17*60 {
				t.Errorf("%s: tempo with only %d s at 80%% or more", name, hard)
			}
		case LabelEasy:
			if moving > longRunS-600 {
				t.Errorf("%s: easy run of %.0f s, close to a long run", name, moving)
			}
			if hard > 8*60 {
				t.Errorf("%s: easy run with %d s at 80%% or more", name, hard)
			}
		case LabelRace:
			if eff := sum / float64(n) / MaxHR; n > 0 && eff < 0.88 {
				t.Errorf("%s: race at an average effort of only %.2f", name, eff)
			}
		case LabelIntervals:
			if p.Files[0].Format != activity.FormatFIT {
				continue
			}
			var work, rest []float64
			for _, l := range a.Laps {
				switch l.Intensity {
				case "active":
					work = append(work, l.AvgHR)
				case "rest":
					rest = append(rest, l.AvgHR)
				}
			}
			if len(work) < 3 || len(rest) < 2 {
				t.Errorf("%s: %d work laps, %d rest laps", name, len(work), len(rest))
				continue
			}
			if n > 0 && slices.Min(work) < slices.Max(rest)+10 {
				t.Errorf("%s: work laps (min avg HR %.0f) not clearly harder than rests (max %.0f)",
					name, slices.Min(work), slices.Max(rest))
			}
		}
	}
}

// movingS is the timer time from the timer events, or the time without gaps over 10 s.
func movingS(a *activity.Activity) float64 {
	if a.Summary != nil {
		return a.Summary.TimerS
	}
	var m float64
	for i := 1; i < len(a.Samples); i++ {
		if d := a.Samples[i].Time.Sub(a.Samples[i-1].Time).Seconds(); d <= 10 {
			m += d
		}
	}
	return m
}

func distanceM(a *activity.Activity) float64 {
	if a.Summary != nil {
		return a.Summary.DistanceM
	}
	last := a.Samples[len(a.Samples)-1].Distance
	if !math.IsNaN(last) {
		return last
	}
	var d float64
	for i := 1; i < len(a.Samples); i++ {
		p, q := a.Samples[i-1], a.Samples[i]
		dy := (q.Lat - p.Lat) * 111320
		dx := (q.Lon - p.Lon) * 111320 * math.Cos(p.Lat*math.Pi/180)
		d += math.Hypot(dx, dy)
	}
	return d
}

// pick returns one planned activity of each label, and one of each file format.
func pick(ps []Planned) []Planned {
	var out []Planned
	seen := map[string]bool{}
	for _, p := range ps {
		for _, key := range []string{p.Label + " " + string(p.Files[0].Format), "format " + string(p.Files[0].Format)} {
			if !seen[key] {
				seen[key] = true
				out = append(out, p)
				break
			}
		}
	}
	return out
}

func TestWriteFITDecodes(t *testing.T) {
	ps := Season(Options{Weeks: 8, Seed: 5})
	checked := 0
	for _, p := range pick(ps) {
		if p.Files[0].Format != activity.FormatFIT {
			continue
		}
		checked++
		a := &p.Activity
		var buf bytes.Buffer
		if err := WriteFIT(&buf, a); err != nil {
			t.Fatal(err)
		}
		lis := filedef.NewListener()
		dec := decoder.New(bytes.NewReader(buf.Bytes()), decoder.WithMesgListener(lis), decoder.WithBroadcastOnly())
		if _, err := dec.Decode(); err != nil {
			lis.Close()
			t.Fatalf("%s: decode: %v", a.Source.Path, err)
		}
		f, ok := lis.File().(*filedef.Activity)
		lis.Close()
		if !ok {
			t.Fatalf("%s: decoded a %T, want an activity file", a.Source.Path, lis.File())
		}
		if got, want := len(f.Records), len(a.Samples); got != want {
			t.Errorf("%s: %d records, want %d samples", a.Source.Path, got, want)
		}
		for i, r := range f.Records {
			s := &a.Samples[i]
			if !r.Timestamp.Equal(s.Time) || r.DistanceScaled() != s.Distance ||
				r.EnhancedSpeedScaled() != s.Speed || float64(r.Cadence) != s.Cadence {
				t.Fatalf("%s: record %d = %v %v %v %v, want %v %v %v %v", a.Source.Path, i, r.Timestamp,
					r.DistanceScaled(), r.EnhancedSpeedScaled(), r.Cadence, s.Time, s.Distance, s.Speed, s.Cadence)
			}
			if s.HasPosition() && (r.PositionLat != semicircles(s.Lat) || r.EnhancedAltitudeScaled() != s.Altitude) {
				t.Fatalf("%s: record %d position %d %v, want %v %v", a.Source.Path, i, r.PositionLat,
					r.EnhancedAltitudeScaled(), s.Lat, s.Altitude)
			}
			if math.IsNaN(s.HeartRate) != (r.HeartRate == 0xFF) || !math.IsNaN(s.HeartRate) && float64(r.HeartRate) != s.HeartRate {
				t.Fatalf("%s: record %d heart rate %d, want %v", a.Source.Path, i, r.HeartRate, s.HeartRate)
			}
		}
		if len(f.Sessions) != 1 || len(f.Laps) != len(a.Laps) {
			t.Fatalf("%s: %d sessions, %d laps; want 1, %d", a.Source.Path, len(f.Sessions), len(f.Laps), len(a.Laps))
		}
		ses, sum := f.Sessions[0], a.Summary
		if ses.TotalDistanceScaled() != sum.DistanceM || ses.TotalTimerTimeScaled() != sum.TimerS ||
			ses.TotalElapsedTimeScaled() != sum.ElapsedS || !ses.StartTime.Equal(a.Start) ||
			int(ses.NumLaps) != len(a.Laps) || ses.Sport.String() != string(a.Sport) {
			t.Errorf("%s: session %v m %v s %v s start %v laps %d %s; want %v %v %v %v %d %s", a.Source.Path,
				ses.TotalDistanceScaled(), ses.TotalTimerTimeScaled(), ses.TotalElapsedTimeScaled(), ses.StartTime,
				ses.NumLaps, ses.Sport, sum.DistanceM, sum.TimerS, sum.ElapsedS, a.Start, len(a.Laps), a.Sport)
		}
		if !math.IsNaN(sum.AvgHR) && (float64(ses.AvgHeartRate) != sum.AvgHR || ses.TotalTrainingEffectScaled() != sum.TotalTrainingEffect) {
			t.Errorf("%s: session HR %d TE %v, want %v %v", a.Source.Path, ses.AvgHeartRate,
				ses.TotalTrainingEffectScaled(), sum.AvgHR, sum.TotalTrainingEffect)
		}
		_, off := a.Start.Zone()
		if got := f.Activity.LocalTimestamp.Sub(f.Activity.Timestamp); got != time.Duration(off)*time.Second {
			t.Errorf("%s: local_timestamp − timestamp = %v, want %ds", a.Source.Path, got, off)
		}
		for k, l := range f.Laps {
			w := &a.Laps[k]
			if !l.StartTime.Equal(w.Start) || l.TotalTimerTimeScaled() != w.TimerS || l.TotalDistanceScaled() != w.DistanceM ||
				l.Intensity.String() != w.Intensity || l.LapTrigger.String() != w.Trigger {
				t.Errorf("%s: lap %d = %v %v %v %s %s, want %v %v %v %s %s", a.Source.Path, k, l.StartTime,
					l.TotalTimerTimeScaled(), l.TotalDistanceScaled(), l.Intensity, l.LapTrigger,
					w.Start, w.TimerS, w.DistanceM, w.Intensity, w.Trigger)
			}
			if w.WorkoutStep >= 0 && int(l.WktStepIndex) != w.WorkoutStep {
				t.Errorf("%s: lap %d step %d, want %d", a.Source.Path, k, l.WktStepIndex, w.WorkoutStep)
			}
		}
		if a.Name != "" && (len(f.Workouts) != 1 || f.Workouts[0].WktName != a.Name) {
			t.Errorf("%s: workouts %v, want one named %q", a.Source.Path, f.Workouts, a.Name)
		}
		var timer int
		for _, e := range f.Events {
			if e.Event.String() == "timer" {
				timer++
			}
		}
		if timer != len(a.Timer) {
			t.Errorf("%s: %d timer events, want %d", a.Source.Path, timer, len(a.Timer))
		}
	}
	if checked < 5 {
		t.Errorf("checked only %d FIT activities", checked)
	}
}

// gpxDoc is what the tests read back from a GPX file.
type gpxDoc struct {
	XMLName  xml.Name `xml:"http://www.topografix.com/GPX/1/1 gpx"`
	Creator  string   `xml:"creator,attr"`
	Time     string   `xml:"metadata>time"`
	Name     string   `xml:"trk>name"`
	Type     string   `xml:"trk>type"`
	Segments []struct {
		Points []struct {
			Lat  float64 `xml:"lat,attr"`
			Lon  float64 `xml:"lon,attr"`
			Ele  float64 `xml:"ele"`
			Time string  `xml:"time"`
			HR   string  `xml:"extensions>TrackPointExtension>hr"`
			Cad  string  `xml:"extensions>TrackPointExtension>cad"`
		} `xml:"trkpt"`
	} `xml:"trk>trkseg"`
}

func TestWriteGPXValidXML(t *testing.T) {
	ps := Season(Options{Weeks: 8, Seed: 5})
	checked := 0
	for _, p := range pick(ps) {
		p.Activity = short(p.Activity, 600)
		a := AsFormat(&p.Activity, activity.FormatGPX)
		if len(a.Samples) == 0 {
			continue
		}
		checked++
		var buf bytes.Buffer
		if err := WriteGPX(&buf, &p.Activity); err != nil {
			t.Fatal(err)
		}
		var doc gpxDoc
		if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("%s: %v", p.Files[0].Name, err)
		}
		if err := wellFormed(buf.Bytes()); err != nil {
			t.Fatalf("%s: %v", p.Files[0].Name, err)
		}
		if doc.Type != string(a.Sport) || doc.Name != a.Name || doc.Creator != a.Device {
			t.Errorf("%s: type %q name %q creator %q", p.Files[0].Name, doc.Type, doc.Name, doc.Creator)
		}
		var pts int
		for _, seg := range doc.Segments {
			for _, pt := range seg.Points {
				s := &a.Samples[pts]
				pts++
				tm, err := time.Parse(time.RFC3339Nano, pt.Time)
				if err != nil {
					t.Fatal(err)
				}
				if !tm.Equal(s.Time) || pt.Lat != s.Lat || pt.Lon != s.Lon || pt.Ele != s.Altitude {
					t.Fatalf("%s: point %d = %v %v %v %v, want %v %v %v %v", p.Files[0].Name, pts, tm, pt.Lat,
						pt.Lon, pt.Ele, s.Time, s.Lat, s.Lon, s.Altitude)
				}
				if _, off := tm.Zone(); a.HasUTCOffset && off != offsetOf(a.Start) {
					t.Fatalf("%s: point %d offset %d, want %d", p.Files[0].Name, pts, off, offsetOf(a.Start))
				}
				if (pt.HR == "") != math.IsNaN(s.HeartRate) {
					t.Fatalf("%s: point %d hr %q, want %v", p.Files[0].Name, pts, pt.HR, s.HeartRate)
				}
			}
		}
		if pts != len(a.Samples) {
			t.Errorf("%s: %d points, want %d", p.Files[0].Name, pts, len(a.Samples))
		}
	}
	if checked < 5 {
		t.Errorf("checked only %d activities", checked)
	}
}

func offsetOf(t time.Time) int {
	_, off := t.Zone()
	return off
}

// tcxDoc is what the tests read back from a TCX file.
type tcxDoc struct {
	Activity struct {
		Sport string `xml:"Sport,attr"`
		Laps  []struct {
			StartTime string  `xml:"StartTime,attr"`
			TimerS    float64 `xml:"TotalTimeSeconds"`
			DistanceM float64 `xml:"DistanceMeters"`
			AvgHR     int     `xml:"AverageHeartRateBpm>Value"`
			Intensity string  `xml:"Intensity"`
			Trigger   string  `xml:"TriggerMethod"`
			Points    []struct {
				Time  string   `xml:"Time"`
				Dist  *float64 `xml:"DistanceMeters"`
				HR    int      `xml:"HeartRateBpm>Value"`
				Speed *float64 `xml:"Extensions>TPX>Speed"`
			} `xml:"Track>Trackpoint"`
		} `xml:"Lap"`
		Creator string `xml:"Creator>Name"`
	} `xml:"Activities>Activity"`
}

func TestWriteTCXValidXML(t *testing.T) {
	ps := Season(Options{Weeks: 8, Seed: 5})
	checked := 0
	for _, p := range pick(ps) {
		checked++
		p.Activity = short(p.Activity, 600)
		a := AsFormat(&p.Activity, activity.FormatTCX)
		var buf bytes.Buffer
		if err := WriteTCX(&buf, &p.Activity); err != nil {
			t.Fatal(err)
		}
		if err := wellFormed(buf.Bytes()); err != nil {
			t.Fatalf("%s: %v", p.Files[0].Name, err)
		}
		var doc tcxDoc
		if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("%s: %v", p.Files[0].Name, err)
		}
		act := &doc.Activity
		if len(act.Laps) != len(a.Laps) || act.Creator != a.Device || act.Sport != tcxSport(a.Sport) {
			t.Fatalf("%s: %d laps creator %q sport %s, want %d %q %s", p.Files[0].Name, len(act.Laps), act.Creator,
				act.Sport, len(a.Laps), a.Device, a.Sport)
		}
		i := 0
		for k, l := range act.Laps {
			if l.TimerS != a.Laps[k].TimerS || l.DistanceM != a.Laps[k].DistanceM ||
				strings.ToLower(l.Intensity) != a.Laps[k].Intensity {
				t.Errorf("%s: lap %d = %v %v %s, want %v %v %s", p.Files[0].Name, k, l.TimerS, l.DistanceM,
					l.Intensity, a.Laps[k].TimerS, a.Laps[k].DistanceM, a.Laps[k].Intensity)
			}
			for _, pt := range l.Points {
				s := &a.Samples[i]
				i++
				tm, err := time.Parse(time.RFC3339Nano, pt.Time)
				if err != nil {
					t.Fatal(err)
				}
				if !tm.Equal(s.Time) || !sameValue(pt.Dist, s.Distance) || !sameValue(pt.Speed, s.Speed) {
					t.Fatalf("%s: point %d = %v %v %v, want %v %v %v", p.Files[0].Name, i, tm, pt.Dist, pt.Speed,
						s.Time, s.Distance, s.Speed)
				}
			}
		}
		if i != len(a.Samples) {
			t.Errorf("%s: %d points, want %d", p.Files[0].Name, i, len(a.Samples))
		}
	}
	if checked < 5 {
		t.Errorf("checked only %d activities", checked)
	}
}

// sameValue reports whether an optional XML value holds want, or is absent for a NaN.
func sameValue(got *float64, want float64) bool {
	if got == nil {
		return math.IsNaN(want)
	}
	return *got == want
}

// short returns a with its first n samples and the laps that start within them, to keep the
// XML tests quick.
func short(a activity.Activity, n int) activity.Activity {
	if len(a.Samples) <= n {
		return a
	}
	a.Samples = a.Samples[:n]
	end := a.Samples[n-1].Time
	var laps []activity.Lap
	for _, l := range a.Laps {
		if !l.Start.After(end) {
			laps = append(laps, l)
		}
	}
	a.Laps = laps
	return a
}

// wellFormed reads every token of an XML document.
func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestBerlinOffset(t *testing.T) {
	tests := []struct {
		name string
		utc  time.Time
		want int
	}{
		{"winter", time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC), 3600},
		{"before spring change", time.Date(2026, 3, 29, 0, 59, 59, 0, time.UTC), 3600},
		{"after spring change", time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC), 7200},
		{"summer", time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC), 7200},
		{"before autumn change", time.Date(2026, 10, 25, 0, 59, 59, 0, time.UTC), 7200},
		{"after autumn change", time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC), 3600},
		{"2017 spring", time.Date(2017, 3, 26, 1, 0, 0, 0, time.UTC), 7200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := berlinOffset(tt.utc); got != tt.want {
				t.Errorf("berlinOffset(%v) = %d, want %d", tt.utc, got, tt.want)
			}
		})
	}
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for d := time.Date(2016, 1, 1, 6, 30, 0, 0, time.UTC); d.Year() < 2027; d = d.Add(7 * time.Hour) {
		if _, want := d.In(loc).Zone(); berlinOffset(d) != want {
			t.Fatalf("berlinOffset(%v) = %d, tz database says %d", d, berlinOffset(d), want)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	dir := b.TempDir()
	var res Result
	for b.Loop() {
		var err error
		if res, err = Generate(dir, Options{Weeks: *benchWeeks, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(res.Bytes)
	b.ReportMetric(float64(res.Files), "files")
}

func ExampleSeason() {
	for _, p := range Season(Options{Weeks: 1, Seed: 1}) {
		fmt.Println(p.Files[0].Name, p.Activity.Sport, p.Label, p.Mistakes)
	}
	// Output:
	// 2026-11-16-1232-walk.fit walking cross []
	// 2026-11-17-0724-run.fit running intervals []
	// 2026-11-18-0738-run.fit running recovery [recovery_too_fast]
	// 2026-11-19-0709-run.gpx running tempo []
	// 2026-11-21-0923-run.fit running easy []
	// 2026-11-22-0931-run.fit running long []
}

// TestSeverities: a season of 16 weeks holds a no_recovery that is advice (rest days after
// every hard session) and one that is a warning (intervals the day after tempo); every other
// mistake but fatigued (advice) is a warning.
func TestSeverities(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		got := map[string]int{}
		for _, p := range Season(Options{Weeks: 16, Seed: seed}) {
			for i, m := range p.Mistakes {
				got[m+" "+p.Severities[i]]++
				if want := SeverityWarning; m == MistakeFatigued && p.Severities[i] != SeverityAdvice {
					t.Errorf("seed %d, %s: fatigued is %s, want advice", seed, p.Activity.Source.Path, p.Severities[i])
				} else if m != MistakeNoRecovery && m != MistakeFatigued && p.Severities[i] != want {
					t.Errorf("seed %d, %s: %s is %s, want warning", seed, p.Activity.Source.Path, m, p.Severities[i])
				}
			}
		}
		if got["no_recovery advice"] == 0 || got["no_recovery warning"] == 0 || got["easy_too_hard warning"] == 0 {
			t.Errorf("seed %d: %v; want no_recovery as advice and as a warning, and easy_too_hard", seed, got)
		}
	}
}
