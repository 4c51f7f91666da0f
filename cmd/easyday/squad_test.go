package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/store"
)

// squadEnv is a coach's setup: three athletes' demo seasons (seeds 1–3, ending today, UTC),
// a config file with an [athletes.NAME] table each (anna and ben with a db key, cleo in the
// default place under $XDG_DATA_HOME), and no other store (EASYDAY_DB points nowhere used).
type squadEnv struct {
	dir, config, data string
	folders, dbs      map[string]string
}

var squadNames = []string{"anna", "ben", "cleo"}

func newSquad(t *testing.T, weeks int) squadEnv {
	t.Helper()
	dir := t.TempDir()
	e := squadEnv{dir: dir, config: filepath.Join(dir, "config.toml"), data: filepath.Join(dir, "data"),
		folders: map[string]string{}, dbs: map[string]string{}}
	t.Setenv("XDG_DATA_HOME", e.data)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg")) // no default config file
	t.Setenv("EASYDAY_DB", filepath.Join(dir, "lone.db"))
	today := time.Now().UTC().Format(time.DateOnly)
	for i, name := range squadNames {
		e.folders[name] = filepath.Join(dir, "watch", name)
		if r := ez(t, filepath.Join(dir, "unused.db"), "demo", "--weeks", fmt.Sprint(weeks), "--seed", fmt.Sprint(i+1),
			"--end", today, e.folders[name]); r.code != 0 {
			t.Fatalf("demo %s: %s", name, r.stderr)
		}
	}
	e.dbs["anna"] = filepath.Join(dir, "stores", "anna.db")
	e.dbs["ben"] = filepath.Join(dir, "stores", "ben.db")
	e.dbs["cleo"] = filepath.Join(e.data, "easyday", "athletes", "cleo.db")
	writeFile(t, e.config, `tz = "UTC"

[athletes.anna]
name = "Anna Berg"
folder = "watch/anna"
db = "stores/anna.db"
max_hr = 190
marathon_pace = "4:50"

[athletes.ben]
name = "Ben <Ober> & Sons"
folder = ["`+e.folders["ben"]+`"]
db = "`+e.dbs["ben"]+`"
max_hr = 186
units = "imperial"

[athletes.cleo]
folder = "watch/cleo"
max_hr = 182
level = "advanced"
`)
	return e
}

// run runs easyday with the squad's config file.
func (e squadEnv) run(t *testing.T, args ...string) result {
	t.Helper()
	return ez(t, os.Getenv("EASYDAY_DB"), append([]string{"--config", e.config}, args...)...)
}

// TestAthleteSelects: --athlete NAME gives every command that athlete's store, folders and
// settings: profile shows the table's keys as set in the config file, import without PATH
// reads the athlete's folders into the athlete's store (the db key's, or the default place),
// list and report read it; flags still win; an unknown NAME is wrong usage naming the ones
// there are.
func TestAthleteSelects(t *testing.T) {
	e := newSquad(t, 2)
	maxHR := map[string]float64{"anna": 190, "ben": 186, "cleo": 182}
	for _, name := range squadNames {
		t.Run(name, func(t *testing.T) {
			r := e.run(t, "--athlete", name, "profile", "--json")
			var shown map[string]shownItem
			if r.code != 0 || json.Unmarshal([]byte(r.stdout), &shown) != nil {
				t.Fatalf("profile --json: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if it := shown["max_hr"]; !it.is(maxHR[name], "set") || it.Detail != "config file "+e.config {
				t.Errorf("max_hr: got %+v, want %g set in %s", it, maxHR[name], e.config)
			}
			if name == "cleo" && !shown["level"].is("advanced", "set") {
				t.Errorf("level: got %+v, want advanced from cleo's table", shown["level"])
			}
			if name != "cleo" && !shown["level"].is("intermediate", "default") {
				t.Errorf("level: got %+v, want the default: another athlete's keys are not %s's", shown["level"], name)
			}
			if r := e.run(t, "--athlete", name, "import"); r.code != 0 || !strings.Contains(r.stderr, "imported ") {
				t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
			}
			if _, err := os.Stat(e.dbs[name]); err != nil {
				t.Fatalf("%s's store: %v", name, err)
			}
			r = e.run(t, "--athlete", name, "list", "--json")
			var acts []json.RawMessage
			if r.code != 0 || json.Unmarshal([]byte(r.stdout), &acts) != nil || len(acts) == 0 {
				t.Fatalf("list --json: exit %d, %d activities\n%s", r.code, len(acts), r.stderr)
			}
			want := "km"
			if name == "ben" {
				want = "mi" // ben's table says imperial
			}
			r = e.run(t, "--athlete", name, "report", "--format", "text")
			if r.code != 0 || !regexp.MustCompile(`\d `+want+`\b`).MatchString(r.stdout) {
				t.Errorf("report: exit %d, want distances in %s:\n%.600s", r.code, want, r.stdout)
			}
		})
	}
	// The stores are the athletes' own: each holds its own season.
	counts := map[string]int{}
	for _, name := range squadNames {
		counts[name] = countActivities(t, e.dbs[name])
	}
	if counts["anna"] == 0 || counts["anna"] == counts["ben"] && counts["ben"] == counts["cleo"] {
		t.Errorf("activities per store %v: want three different seasons", counts)
	}
	// Flags win over the athlete's table.
	r := e.run(t, "--athlete", "anna", "--units", "imperial", "report", "--format", "text")
	if r.code != 0 || !regexp.MustCompile(`\d mi\b`).MatchString(r.stdout) {
		t.Errorf("--units imperial with anna: exit %d, want miles:\n%.400s", r.code, r.stdout)
	}
	r = e.run(t, "--athlete", "zoe", "list")
	if r.code != exitUsage || !strings.Contains(r.stderr, "unknown athlete") || !strings.Contains(r.stderr, "anna, ben, cleo") {
		t.Errorf("--athlete zoe: exit %d, stderr %q; want 2 naming anna, ben, cleo", r.code, r.stderr)
	}
}

// countActivities is the number of activities list --json shows of the store db.
func countActivities(t *testing.T, db string) int {
	t.Helper()
	r := ez(t, db, "list", "--json")
	var acts []json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &acts); r.code != 0 || err != nil {
		t.Fatalf("list --json of %s: exit %d, %v\n%s", db, r.code, err, r.stderr)
	}
	return len(acts)
}

// browserCheck loads page in headless Chromium (skipping without it, except in CI): the DOM
// holds rows athlete rows and the console stays silent. A screenshot at phone width is kept in
// $EASYDAY_SCREENSHOT_DIR when that is set.
func browserCheck(t *testing.T, page string, rows int) {
	t.Helper()
	bin, err := exec.LookPath("/usr/bin/chromium")
	if err != nil {
		bin, err = exec.LookPath("chromium")
	}
	if err != nil || testing.Short() {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium not found: CI must run the browser test")
		}
		t.Skip("the browser test needs chromium (apt-get install -y chromium) and no -short")
	}
	home := t.TempDir()
	chrome := func(extra ...string) (string, string) {
		args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-breakpad",
			"--user-data-dir=" + filepath.Join(home, "profile"), "--enable-logging=stderr", "--v=0"}, extra...)
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, append(args, "file://"+page)...)
		cmd.Env = append(os.Environ(), "HOME="+home)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("chromium: %v\n%s", err, errb.String())
		}
		return out.String(), errb.String()
	}
	dom, stderr := chrome("--dump-dom")
	if got := strings.Count(dom, "<tr class="); got != rows {
		t.Errorf("the browser's DOM has %d athlete rows, want %d", got, rows)
	}
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, "Uncaught") || strings.Contains(l, ":CONSOLE") {
			t.Errorf("browser console: %s", l)
		}
	}
	if dir := os.Getenv("EASYDAY_SCREENSHOT_DIR"); dir != "" {
		chrome("--screenshot="+filepath.Join(dir, "squad.png"), "--window-size=1000,520", "--hide-scrollbars")
	}
}

// TestSyncAll: sync --all writes each athlete's pages into OUT/NAME/ and the team index (one
// row per athlete, linking to their pages, every name escaped), silently; it loads in a
// browser; a second run says nothing and rewrites nothing.
func TestSyncAll(t *testing.T) {
	e := newSquad(t, 8) // past the season's six weeks of learning: a form to show
	out := filepath.Join(e.dir, "reports")
	r := e.run(t, "sync", "--all", "--out", out, "--jobs", "2")
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("first sync --all: exit %d, stdout %q, stderr %q; want silence", r.code, r.stdout, r.stderr)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range squadNames {
		pages := mtimes(t, filepath.Join(out, name))
		if _, ok := pages["index.html"]; !ok || len(pages) < 7 {
			t.Errorf("%s's pages: %v", name, slices.Sorted(maps.Keys(pages)))
		}
		if !strings.Contains(string(index), `data-athlete="`+name+`">`+"\n"+`<td><a href="`+name+`/index.html"`) {
			t.Errorf("the index does not link to %s/index.html", name)
		}
	}
	if got := strings.Count(string(index), "<tr class="); got != 3 {
		t.Errorf("index has %d athlete rows, want 3", got)
	}
	if !strings.Contains(string(index), "Ben &lt;Ober&gt; &amp; Sons") || strings.Contains(string(index), "<Ober>") {
		t.Error("the index does not escape ben's name")
	}
	if !strings.Contains(string(index), "Anna Berg") {
		t.Error("the index does not show anna's name")
	}
	if got := len(regexp.MustCompile(`data-label="Form">(?:&#43;|-)\d+</td>`).FindAll(index, -1)); got != 3 {
		t.Errorf("the index shows %d athletes' form (the season's TSB), want 3: %q", got, regexp.MustCompile(`data-label="Form">[^<]*`).FindAll(index, -1))
	}
	before := map[string]map[string]time.Time{"": mtimes(t, out)}
	for _, name := range squadNames {
		before[name] = mtimes(t, filepath.Join(out, name))
	}
	time.Sleep(20 * time.Millisecond)
	r = e.run(t, "sync", "--all", "--out", out)
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("second sync --all: exit %d, stdout %q, stderr %q; want silence", r.code, r.stdout, r.stderr)
	}
	for dir, files := range before {
		after := mtimes(t, filepath.Join(out, dir))
		for f, mt := range files {
			if !after[f].Equal(mt) {
				t.Errorf("second sync --all rewrote %s", filepath.Join(dir, f))
			}
		}
	}
	// New files for anna: her row is built again (the rows of a run with nothing new come from
	// the last run's, .easyday-squad), and the index changes.
	extra := filepath.Join(e.folders["anna"], "new")
	if r := ez(t, filepath.Join(e.dir, "unused.db"), "demo", "--weeks", "1", "--seed", "9", "--end", time.Now().UTC().Format(time.DateOnly), extra); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	r = e.run(t, "sync", "--all", "--out", out)
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("sync --all after new files: exit %d, stdout %q, stderr %q; want silence", r.code, r.stdout, r.stderr)
	}
	after, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	annaRow := regexp.MustCompile(`(?s)data-athlete="anna">.*?</tr>`)
	if annaRow.Find(after) == nil || string(annaRow.Find(after)) == string(annaRow.Find(index)) {
		t.Errorf("anna's row did not change with a week of new activities:\n%s", annaRow.Find(after))
	}
	browserCheck(t, filepath.Join(out, "index.html"), 3)
}

// TestSyncAllFailures: anna's folder is missing and ben's store is held by another run: both
// are reported, cleo is synced all the same, the index shows the two failures first, and the
// exit code is 1.
func TestSyncAllFailures(t *testing.T) {
	e := newSquad(t, 2)
	if err := os.RemoveAll(e.folders["anna"]); err != nil {
		t.Fatal(err)
	}
	lock, err := store.Lock(e.dbs["ben"])
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	out := filepath.Join(e.dir, "reports")
	r := e.run(t, "sync", "--all", "--out", out)
	if r.code != exitError {
		t.Errorf("exit %d, want %d", r.code, exitError)
	}
	for _, want := range []string{"athlete anna: folder " + e.folders["anna"] + ": no such file or directory",
		"athlete ben: ", "held by", "2 of 3 athletes failed"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q does not say %q", r.stderr, want)
		}
	}
	if strings.Contains(r.stderr, "athlete cleo") {
		t.Errorf("stderr %q: cleo did not fail", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "cleo", "index.html")); err != nil {
		t.Errorf("cleo's pages: %v", err)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile(`<tr class="(\w+)" data-athlete="(\w+)">`).FindAllStringSubmatch(string(index), -1)
	var got []string
	for _, m := range rows {
		got = append(got, m[2]+" "+m[1])
	}
	if !slices.Equal(got[:min(2, len(got))], []string{"anna failed", "ben failed"}) || len(got) != 3 || got[2] == "cleo failed" {
		t.Errorf("index rows %v: want anna and ben failed first, then cleo", got)
	}
	// digest: anna and ben have no store yet, each said on a line of its own; cleo is digested.
	if r := e.run(t, "digest", "--since", "2000-01-01"); r.code != exitError || !strings.Contains(r.stdout, "cleo") ||
		!strings.Contains(r.stderr, "easyday: athlete anna: no store at "+e.dbs["anna"]) ||
		!strings.Contains(r.stderr, "\neasyday: athlete ben: no store at "+e.dbs["ben"]) {
		t.Errorf("digest: exit %d, want %d saying anna and ben have no store\n%s%s", r.code, exitError, r.stdout, r.stderr)
	}
	// Released, ben syncs; anna still fails, alone. (In-process, so that -race watches the
	// athletes' parallel runs.)
	lock.Release()
	code, stdout, stderr := easyday(t, "--config", e.config, "sync", "--all", "--out", out, "--jobs", "3")
	if code != exitError || stdout != "" || strings.Contains(stderr, "athlete ben") || !strings.Contains(stderr, "1 of 3 athletes failed") {
		t.Errorf("after the release: exit %d, stderr %q; want only anna failing", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "ben", "index.html")); err != nil {
		t.Errorf("ben's pages after the release: %v", err)
	}
	// Held again, ben's sync fails, and his row is read from his store as it stands (the last
	// good data), beside the failure; anna, who has no store, has nothing measured.
	lock, err = store.Lock(e.dbs["ben"])
	if err != nil {
		t.Fatal(err)
	}
	r = e.run(t, "sync", "--all", "--out", out)
	lock.Release()
	if r.code != exitError || !strings.Contains(r.stderr, "athlete ben: lock "+e.dbs["ben"]+".lock: held by ") {
		t.Errorf("ben held again: exit %d, stderr %q", r.code, r.stderr)
	}
	if index, err = os.ReadFile(filepath.Join(out, "index.html")); err != nil {
		t.Fatal(err)
	}
	rowOf := func(key string) string {
		return regexp.MustCompile(`(?s)<tr class="\w+" data-athlete="` + key + `">.*?</tr>`).FindString(string(index))
	}
	ben := rowOf("ben")
	if !strings.Contains(ben, `class="failed"`) || !strings.Contains(ben, "sync failed") || !strings.Contains(ben, "last good data") ||
		!regexp.MustCompile(`data-label="Load">\d+ `).MatchString(ben) || !regexp.MustCompile(`data-label="Last activity">\w+ \d+ \w+ \d{4}<`).MatchString(ben) {
		t.Errorf("ben's row, his sync failed on the lock: want the failure and his last good data:\n%s", ben)
	}
	if anna := rowOf("anna"); !strings.Contains(anna, "sync failed") || strings.Contains(anna, "last good data") ||
		!strings.Contains(anna, `data-label="Load">– `) {
		t.Errorf("anna's row, without a store: want the failure and nothing measured:\n%s", anna)
	}
	// digest says that anna has no store yet, creates none, and still digests ben and cleo.
	if r := e.run(t, "digest", "--since", "2000-01-01"); r.code != exitError || strings.Contains(r.stdout, "(anna)") ||
		!strings.Contains(r.stdout, "(ben)") || !strings.Contains(r.stdout, "cleo") ||
		!strings.Contains(r.stderr, "easyday: athlete anna: no store at "+e.dbs["anna"]) || strings.Contains(r.stderr, "ben") {
		t.Errorf("digest: exit %d, want %d saying anna has no store\n%s%s", r.code, exitError, r.stdout, r.stderr)
	}
	if r := e.run(t, "--athlete", "anna", "digest"); r.code != exitError || r.stdout != "" ||
		!strings.Contains(r.stderr, "athlete anna: no store at "+e.dbs["anna"]) {
		t.Errorf("anna's digest: exit %d, want %d saying she has no store\n%s%s", r.code, exitError, r.stdout, r.stderr)
	}
	if _, err := os.Stat(e.dbs["anna"]); err == nil {
		t.Error("digest created anna's store")
	}
}

// digested is one flag of digest --format json.
type digested struct {
	Athlete  string `json:"athlete"`
	Kind     string `json:"kind"`
	Severity string `json:"severity"`
	Week     string `json:"week"`
	Date     string `json:"date"`
	Activity *int64 `json:"activity"`
	Message  string `json:"message"`
}

func (d digested) key() string {
	id := ""
	if d.Activity != nil {
		id = fmt.Sprint(*d.Activity)
	}
	return strings.Join([]string{d.Athlete, d.Kind, d.Week, d.Date, id}, " ")
}

// digestJSON runs digest --format json with the extra arguments and returns its flags; empty
// output is no flags.
func digestJSON(t *testing.T, e squadEnv, args ...string) []digested {
	t.Helper()
	r := e.run(t, append([]string{"digest", "--format", "json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("digest %v: exit %d\n%s", args, r.code, r.stderr)
	}
	if r.stdout == "" {
		return nil
	}
	var entries []struct {
		Athlete string     `json:"athlete"`
		Name    string     `json:"name"`
		Flags   []digested `json:"flags"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &entries); err != nil {
		t.Fatalf("digest %v: %v\n%s", args, err, r.stdout)
	}
	var out []digested
	for _, en := range entries {
		if len(en.Flags) == 0 {
			t.Errorf("digest %v: %s listed without a new flag", args, en.Athlete)
		}
		for _, f := range en.Flags {
			f.Athlete = en.Athlete
			if f.Message == "" || (f.Severity != "warning" && f.Severity != "advice") {
				t.Errorf("digest flag %+v: want a message and a severity", f)
			}
			out = append(out, f)
		}
	}
	return out
}

// TestDigest: the athletes' files of six weeks arrive in two parts, the last two weeks' later.
// A digest --since the first day tells every flag of the first part; after the second part
// the digest tells exactly the flags that are new (those of the last four weeks that it did
// not tell before); a third says nothing at all, in every format.
func TestDigest(t *testing.T) {
	e := newSquad(t, 6)
	today := time.Now().UTC()
	cut := today.AddDate(0, 0, -13).Format(time.DateOnly)
	later := map[string]string{}
	for _, name := range squadNames {
		later[name] = filepath.Join(e.dir, "later", name)
		if err := os.MkdirAll(later[name], 0o755); err != nil {
			t.Fatal(err)
		}
		entries, err := os.ReadDir(e.folders[name])
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range entries {
			if f.Name() >= cut && f.Name() != "labels.tsv" {
				if err := os.Rename(filepath.Join(e.folders[name], f.Name()), filepath.Join(later[name], f.Name())); err != nil {
					t.Fatal(err)
				}
			}
		}
		if r := e.run(t, "--athlete", name, "import"); r.code != 0 {
			t.Fatalf("import %s: %s", name, r.stderr)
		}
	}
	first := digestJSON(t, e, "--since", today.AddDate(0, 0, -60).Format(time.DateOnly))
	if len(first) == 0 {
		t.Fatal("the first digest told no flag: the demo seasons have mistakes")
	}
	told := map[string]bool{}
	for _, f := range first {
		told[f.key()] = true
		if f.Date >= cut {
			t.Errorf("first digest: %+v is about a day whose files had not arrived", f)
		}
	}
	for _, name := range squadNames {
		if r := e.run(t, "--athlete", name, "import", later[name]); r.code != 0 {
			t.Fatalf("import %s: %s", name, r.stderr)
		}
	}
	// What the second digest should tell: the flags of its window it has not told.
	memory := map[string][]byte{}
	for _, name := range squadNames {
		b, err := os.ReadFile(e.dbs[name] + ".digest")
		if err != nil {
			t.Fatalf("%s's digest memory: %v", name, err)
		}
		memory[name] = b
	}
	var want []string
	for _, f := range digestJSON(t, e, "--since", today.AddDate(0, 0, -27).Format(time.DateOnly)) {
		if !told[f.key()] {
			want = append(want, f.key())
		}
	}
	for name, b := range memory { // as if that --since digest had not run
		if err := os.WriteFile(e.dbs[name]+".digest", b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, f := range digestJSON(t, e) {
		got = append(got, f.key())
		if told[f.key()] {
			t.Errorf("second digest told %s again", f.key())
		}
	}
	if len(got) == 0 || !slices.Equal(got, want) {
		t.Errorf("second digest told %q,\nwant the new %q", got, want)
	}
	for _, format := range []string{"text", "md", "json"} { // in-process: -race watches the athletes' parallel digests
		if code, stdout, stderr := easyday(t, "--config", e.config, "digest", "--format", format); code != 0 || stdout != "" || stderr != "" {
			t.Errorf("third digest --format %s: exit %d, stdout %q, stderr %q; want nothing", format, code, stdout, stderr)
		}
	}
	// --athlete digests one athlete; --since tells again what was told.
	r := e.run(t, "--athlete", "anna", "digest", "--since", today.AddDate(0, 0, -60).Format(time.DateOnly))
	if r.code != 0 || !strings.HasPrefix(r.stdout, "Anna Berg (anna): ") || strings.Contains(r.stdout, "(ben)") ||
		!regexp.MustCompile(`\n  Tomorrow \(\w{3} \d+ \w{3}\): \S`).MatchString(r.stdout) {
		t.Errorf("anna's digest --since: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestSquadUsage: what sync --all and digest refuse, as wrong usage (exit 2), before touching
// any store.
func TestSquadUsage(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	lone := filepath.Join(dir, "lone.toml")
	writeFile(t, lone, "max_hr = 190\n")
	squad := filepath.Join(dir, "squad.toml")
	writeFile(t, squad, "[athletes.anna]\nfolder = \"x\"\n")
	db := filepath.Join(dir, "s.db")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"all without athletes", []string{"--config", lone, "sync", "--all", "--out", dir}, "has no [athletes.NAME] tables"},
		{"all with paths", []string{"--config", squad, "sync", "--all", "--out", dir, "x"}, "sync --all takes no PATH"},
		{"all with athlete", []string{"--config", squad, "--athlete", "anna", "sync", "--all", "--out", dir}, "leave out --athlete"},
		{"all without out", []string{"--config", squad, "sync", "--all"}, "sync --all needs --out DIR"},
		{"all with db", []string{"--config", squad, "--db", db, "sync", "--all", "--out", dir}, "leave out --db"},
		{"digest of athletes with db", []string{"--config", squad, "--db", db, "digest"}, "leave out --db"},
		{"sync without path", []string{"--config", squad, "sync", "--out", dir}, "requires at least 1 PATH"},
		{"import without path", []string{"import"}, "requires at least 1 PATH"},
		{"digest format", []string{"digest", "--format", "html"}, "--format must be one of text, md, json"},
		{"digest since", []string{"digest", "--since", "last week"}, `--since "last week": want a date`},
		{"unknown athlete", []string{"--config", lone, "--athlete", "anna", "digest"}, "has no [athletes.NAME] tables"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := ez(t, db, c.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want %d saying %q", r.code, r.stderr, exitUsage, c.want)
			}
		})
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused command created the store")
	}
}
