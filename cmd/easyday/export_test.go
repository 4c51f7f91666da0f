package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/internal/demo"
)

// exportActivities are four activities whose files say little: a race and a recovery run
// named only by the platform, a run the device named "Run", and a walk the file calls other.
func exportActivities() []demo.ExportActivity {
	day := func(d int) time.Time { return time.Date(2026, 10, d, 8, 0, 0, 0, time.UTC) }
	race := demo.Run(day(4), 1500, 1000, 0, 41)
	race.Name = ""
	shuffle := demo.Run(day(6), 1200, 1000, 0, 42)
	shuffle.Name = ""
	morning := demo.Run(day(8), 1300, 1000, 0, 43)
	morning.Name = "Run"
	walk := demo.Run(day(10), 900, 1000, 0, 44)
	walk.Name, walk.Sport, walk.SubSport = "", activity.SportOther, ""
	return []demo.ExportActivity{
		{Activity: &race, Format: activity.FormatFIT, Name: "City 10K Race", Type: "Run",
			Description: "PB!\nWindy on the bridge"},
		{Activity: &shuffle, Format: activity.FormatGPX, Name: "Recovery shuffle", Type: "Run"},
		{Activity: &morning, Format: activity.FormatTCX, Name: "Morning Run", Type: "Run"},
		{Activity: &walk, Format: activity.FormatFIT, Name: "To work", Type: "Walk", Commute: true},
	}
}

type exported struct {
	Name, Sport, Class string
}

// listExported imports paths into a new store and lists its activities' names, sports and
// classes.
func listExported(t *testing.T, paths ...string) []exported {
	t.Helper()
	db := filepath.Join(t.TempDir(), "e.db")
	// The athlete's max HR, so that four easy runs are not taken for the athlete's maximum.
	if code, _, stderr := easyday(t, "--db", db, "profile", "--set", "max_hr=190"); code != 0 {
		t.Fatalf("profile: exit %d: %s", code, stderr)
	}
	if code, _, stderr := easyday(t, append([]string{"--db", db, "import"}, paths...)...); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	code, out, stderr := easyday(t, "--db", db, "list", "--json")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, stderr)
	}
	var items []struct {
		Name  string `json:"name"`
		Sport string `json:"sport"`
		Class string `json:"class"`
	}
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatal(err)
	}
	var got []exported
	for _, it := range items {
		got = append(got, exported{it.Name, it.Sport, it.Class})
	}
	return got
}

// zipDir zips the folder dir as export.zip beside it, entries under root/.
func zipDir(t *testing.T, dir, root string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "export.zip")
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		w, err := zw.Create(root + "/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		src, err := os.Open(p)
		if err != nil {
			return err
		}
		defer src.Close()
		_, err = io.Copy(w, src)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestExportMetadata: a Strava export (unpacked and zipped) and a Garmin export written by the
// demo import with the platform's names and sports; the classifier reads them: the race named
// only in activities.csv is a race, the recovery shuffle a recovery run.
func TestExportMetadata(t *testing.T) {
	want := []exported{
		{"City 10K Race", "running", "race"},
		{"Recovery shuffle", "running", "recovery"},
		{"Morning Run", "running", "easy"},
		{"To work", "walking", "cross"},
	}
	strava := t.TempDir()
	if err := demo.WriteStravaExport(strava, exportActivities()); err != nil {
		t.Fatal(err)
	}
	garmin := t.TempDir()
	if err := demo.WriteGarminExport(garmin, exportActivities()); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"strava folder": strava,
		"strava zip":    zipDir(t, strava, "export_12345"),
		"garmin folder": garmin,
		"garmin zip":    zipDir(t, garmin, "garmin_export"),
	} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(want, listExported(t, path)); diff != "" {
				t.Errorf("stored activities (-want +got):\n%s", diff)
			}
		})
	}
	// Without the metadata the files keep what they say: no names, the walk a sport "other".
	bare := t.TempDir()
	if err := demo.WriteStravaExport(bare, exportActivities()); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(bare, "activities.csv")); err != nil {
		t.Fatal(err)
	}
	got := listExported(t, bare)
	if len(got) != 4 || got[0].Name != "" || got[0].Class == "race" || got[3].Sport != "other" {
		t.Errorf("without activities.csv: %v; want no names, no race, the walk as other", got)
	}
}

// TestDemoExport: `easyday demo --export strava|garmin` writes a season whose files carry no
// names; imported, every activity has the platform's name, and the races labels.tsv lists
// are classed race by their names alone.
func TestDemoExport(t *testing.T) {
	for _, layout := range []string{"strava", "garmin"} {
		t.Run(layout, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "export")
			if code, _, stderr := easyday(t, "demo", "--weeks", "8", "--seed", "2", "--end", "2026-11-22", "--export", layout, dir); code != 0 {
				t.Fatalf("demo: exit %d: %s", code, stderr)
			}
			labels, err := os.ReadFile(filepath.Join(dir, "labels.tsv"))
			if err != nil {
				t.Fatal(err)
			}
			races := strings.Count(string(labels), "\trace\t")
			got := listExported(t, dir)
			if len(got) != strings.Count(string(labels), "\n")-1 {
				t.Fatalf("%d activities stored, labels.tsv lists %d", len(got), strings.Count(string(labels), "\n")-1)
			}
			n := 0
			for _, a := range got {
				if a.Name == "" {
					t.Errorf("an activity without its name: %+v", a)
				}
				if a.Class == "race" {
					n++
				}
			}
			if races == 0 || n != races {
				t.Errorf("%d activities classed race, labels.tsv has %d races", n, races)
			}
		})
	}
	if code, _, _ := easyday(t, "demo", "--export", "polar", t.TempDir()); code != exitUsage {
		t.Errorf("--export polar: exit %d, want %d", code, exitUsage)
	}
}

// TestExportDescriptionShown: a Strava export's description (HTML's special characters and a
// line break) and commute mark reach `list --json` and the weekly report: JSON as written,
// text on the session's note line, HTML escaped; an activity without them says "" and false.
func TestExportDescriptionShown(t *testing.T) {
	acts := exportActivities()
	desc := "PB! <b>5 s</b> & \"wind\"\nWindy on the bridge"
	acts[0].Description = desc
	dir := t.TempDir()
	if err := demo.WriteStravaExport(dir, acts); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "e.db")
	if code, _, stderr := easyday(t, "--db", db, "profile", "--set", "max_hr=190"); code != 0 {
		t.Fatalf("profile: exit %d: %s", code, stderr)
	}
	if code, _, stderr := easyday(t, "--db", db, "import", dir); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	type item struct {
		Name        string `json:"name"`
		Description string `json:"description"`
		Commute     bool   `json:"commute"`
	}
	want := []item{{"City 10K Race", desc, false}, {"Recovery shuffle", "", false}, {"Morning Run", "", false}, {"To work", "", true}}

	code, out, stderr := easyday(t, "--db", db, "--tz", "UTC", "list", "--json")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, stderr)
	}
	var listed []item
	if err := json.Unmarshal([]byte(out), &listed); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, listed); d != "" {
		t.Errorf("list --json (-want +got):\n%s", d)
	}

	span := []string{"--db", db, "--tz", "UTC", "report", "--from", "2026-10-01", "--to", "2026-10-11"}
	code, out, stderr = easyday(t, append(span, "--format", "json")...)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	var rep struct {
		Weeks []struct {
			Activities []item `json:"activities"`
		} `json:"weeks"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var reported []item
	for _, w := range rep.Weeks {
		reported = append(reported, w.Activities...)
	}
	if d := cmp.Diff(want, reported); d != "" {
		t.Errorf("report --format json (-want +got):\n%s", d)
	}

	code, out, stderr = easyday(t, span...)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	if text := strings.Join(strings.Fields(out), " "); !strings.Contains(text, `Sun 4 Oct race: “PB! <b>5 s</b> & "wind" Windy on the bridge”`) ||
		!strings.Contains(text, "Sat 10 Oct walk, commute") {
		t.Errorf("text report lacks the description's or the commute's note line:\n%s", out)
	}

	html := t.TempDir()
	if code, _, stderr = easyday(t, append(span, "--format", "html", "--out", html)...); code != 0 {
		t.Fatalf("report --format html: exit %d: %s", code, stderr)
	}
	w40, err := os.ReadFile(filepath.Join(html, "2026-W40.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(w40), `<p class="desc">PB! &lt;b&gt;5 s&lt;/b&gt; &amp; &#34;wind&#34;`+"\nWindy on the bridge</p>") {
		t.Errorf("week 40's page lacks the escaped description:\n%s", w40)
	}
	w41, err := os.ReadFile(filepath.Join(html, "2026-W41.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(w41), `class="cm">commute<`) || strings.Contains(string(w41), `class="desc"`) {
		t.Error("week 41's page: want the walk's commute mark and no description")
	}
}
