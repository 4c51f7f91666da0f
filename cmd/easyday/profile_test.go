package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/demo"
	"github.com/easyday/easyday/profile"
	"github.com/easyday/easyday/store"
)

// profileEnv points easyday at a fresh store and an empty config home; it returns the store
// and a path for a config file in the same folder (not written).
func profileEnv(t *testing.T) (db, config string) {
	t.Helper()
	dir := t.TempDir()
	db = filepath.Join(dir, "easyday.db")
	t.Setenv("EASYDAY_DB", db)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "xdg")) // no default config file
	return db, filepath.Join(dir, "config.toml")
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// shownItem is one key of `profile --json`.
type shownItem struct {
	Value  any    `json:"value"`
	Source string `json:"source"`
	Detail string `json:"detail"`
}

// profileShown runs `profile --json` with the extra arguments and decodes its output.
func profileShown(t *testing.T, args ...string) map[string]shownItem {
	t.Helper()
	code, out, stderr := easyday(t, append(args, "profile", "--json")...)
	if code != 0 {
		t.Fatalf("profile --json: exit %d\n%s", code, stderr)
	}
	var m map[string]shownItem
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("profile --json: %v\n%s", err, out)
	}
	return m
}

// valueSource of a shown item, without its detail.
func (it shownItem) is(value any, source string) bool {
	return cmp.Equal(it.Value, value) && it.Source == source
}

// setOn is the detail of a value set during a run that began on day before: "set on" that date,
// or the next one when the run crossed midnight (then the test takes the date the value has).
func setOn(before string, got shownItem) string {
	if next := dateAfter(before); got.Detail == "set on "+next {
		return got.Detail
	}
	return "set on " + before
}

// dateAfter is the date after a YYYY-MM-DD date.
func dateAfter(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}

func TestProfileSetShowUnset(t *testing.T) {
	profileEnv(t)
	before := time.Now().Format(time.DateOnly)
	code, _, stderr := easyday(t, "profile", "--set", "max_hr=190", "--set", "marathon_pace=4:50",
		"--set", "level=advanced", "--set", "recovery_ceiling=65%")
	if code != 0 {
		t.Fatalf("profile --set: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "re-analysed 0 activities") {
		t.Errorf("stderr %q does not say how many activities were re-analysed", stderr)
	}
	m := profileShown(t)
	today := setOn(before, m["max_hr"])
	for key, want := range map[string]shownItem{
		"max_hr":           {190.0, "set", today},
		"marathon_pace":    {"4:50", "set", today},
		"level":            {"advanced", "set", today},
		"recovery_ceiling": {0.65, "set", today},
		"recovery_max_min": {45.0, "default", "the default for level advanced"},
		"long_run_min":     {90.0, "default", "the default"},
		"effort_model":     {"hrmax", "default", "the default"},
	} {
		if diff := cmp.Diff(m[key], want); diff != "" {
			t.Errorf("%s (-got +want):\n%s", key, diff)
		}
	}
	for _, key := range []string{"resting_hr", "lthr", "age", "sex"} {
		if m[key].Value != nil || m[key].Source != "default" {
			t.Errorf("%s: got %v (%s), want null (default)", key, m[key].Value, m[key].Source)
		}
	}
	if len(m) != len(profile.Keys()) {
		t.Errorf("profile --json has %d keys, want %d", len(m), len(profile.Keys()))
	}

	// The table: one aligned row per key.
	code, out, _ := easyday(t, "profile")
	if code != 0 {
		t.Fatalf("profile: exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1+len(profile.Keys()) || !strings.HasPrefix(lines[0], "KEY") {
		t.Fatalf("profile printed:\n%s", out)
	}
	col := strings.Index(lines[0], "SOURCE")
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "marathon_pace") && !strings.Contains(l, "4:50/km") {
			t.Errorf("marathon pace row %q", l)
		}
		if src := strings.Fields(l[col:])[0]; src != "set" && src != "default" {
			t.Errorf("row %q: SOURCE column not aligned", l)
		}
	}

	// --unset removes; with an age, max HR comes from Tanaka.
	if code, _, stderr := easyday(t, "profile", "--unset", "max_hr", "--set", "age=40"); code != 0 {
		t.Fatalf("profile --unset: exit %d\n%s", code, stderr)
	}
	m = profileShown(t)
	if want := (shownItem{180.0, "estimated", "Tanaka: 208 − 0.7 × age 40"}); !cmp.Equal(m["max_hr"], want) {
		t.Errorf("max_hr after --unset with age 40: got %+v, want %+v", m["max_hr"], want)
	}
}

func TestProfilePrecedence(t *testing.T) {
	db, config := profileEnv(t)
	writeFile(t, config, `# the athlete's own file
max_hr = 185
lthr = 165
level = "beginner"
marathon_pace = "5:10"
`)
	// Estimates as --estimate stores them.
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for key, v := range map[string]string{"lthr": "160", "resting_hr": "55", "age": "41"} {
		if err := st.SetProfile(ctx, key, v, profile.Estimated, "from test runs (id 7)"); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	before := time.Now().Format(time.DateOnly)
	if code, _, stderr := easyday(t, "--config", config, "profile", "--set", "max_hr=192"); code != 0 {
		t.Fatalf("profile --set: exit %d\n%s", code, stderr)
	}

	m := profileShown(t, "--config", config)
	fromFile := "config file " + config
	for key, want := range map[string]shownItem{
		"max_hr":           {192.0, "set", setOn(before, m["max_hr"])},          // store set > config
		"lthr":             {165.0, "set", fromFile},                            // config > estimated
		"marathon_pace":    {"5:10", "set", fromFile},                           // config > default
		"resting_hr":       {55.0, "estimated", "from test runs (id 7)"},        // estimated > default
		"age":              {41.0, "estimated", "from test runs (id 7)"},        //
		"long_run_min":     {90.0, "default", "the default"},                    // default
		"recovery_max_min": {30.0, "default", "the default for level beginner"}, // by the config's level
	} {
		if diff := cmp.Diff(m[key], want); diff != "" {
			t.Errorf("%s (-got +want):\n%s", key, diff)
		}
	}

	// Unset in the store, the config file's value shows; without the file, the estimate.
	code, _, stderr := easyday(t, "--config", config, "profile", "--unset", "max_hr", "--unset", "lthr")
	if code != 0 {
		t.Fatalf("profile --unset: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "lthr is still set in "+config) {
		t.Errorf("--unset of a key the config file sets: stderr %q does not say so", stderr)
	}
	m = profileShown(t, "--config", config)
	if !m["max_hr"].is(185.0, "set") || m["max_hr"].Detail != fromFile {
		t.Errorf("max_hr after --unset: got %+v, want 185 from the config file", m["max_hr"])
	}
	m = profileShown(t) // no config file
	if !m["max_hr"].is(208-0.7*41, "estimated") {
		t.Errorf("max_hr without the config file: got %+v, want Tanaka from age 41", m["max_hr"])
	}
	if !m["lthr"].is(nil, "default") {
		t.Errorf("lthr without the config file after --unset: got %+v, want unknown", m["lthr"])
	}
}

func TestProfileUsageErrors(t *testing.T) {
	profileEnv(t)
	if code, _, stderr := easyday(t, "profile", "--set", "max_hr=190"); code != 0 {
		t.Fatalf("profile --set: exit %d\n%s", code, stderr)
	}
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"unknown key", []string{"--set", "maxhr=190"}, `unknown profile key "maxhr"`},
		{"bad pace", []string{"--set", "marathon_pace=4:5x"}, "marathon_pace 4:5x: want m:ss per km"},
		{"not a number", []string{"--set", "lthr=fast"}, "lthr fast: want a heart rate in bpm"},
		{"out of range", []string{"--set", "max_hr=300"}, "max_hr 300 is outside 100–240"},
		{"bad word", []string{"--set", "level=elite"}, "level elite: want beginner, intermediate or advanced"},
		{"no value", []string{"--set", "max_hr"}, `--set "max_hr": want key=value`},
		{"zone is no profile key", []string{"--set", "tz=UTC"}, "tz: not a profile key"},
		{"unknown unset", []string{"--unset", "weight"}, `unknown profile key "weight"`},
		{"set and unset", []string{"--set", "age=40", "--unset", "age"}, "age already given"},
		{"against a stored value", []string{"--set", "resting_hr=195"}, "resting_hr 195 is outside"},
		{"against another key", []string{"--set", "max_hr=110", "--set", "resting_hr=115"},
			"resting_hr 115 is not below max_hr 110"},
		{"an argument", []string{"max_hr=190"}, "accepts 0 arg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := easyday(t, append([]string{"profile"}, tt.args...)...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d (stderr %q)", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not say %q", stderr, tt.want)
			}
		})
	}
	m := profileShown(t)
	if !m["max_hr"].is(190.0, "set") || !m["resting_hr"].is(nil, "default") || !m["level"].is("intermediate", "default") {
		t.Errorf("a rejected change was stored: %+v", m)
	}
}

func TestProfileLocked(t *testing.T) {
	db, _ := profileEnv(t)
	lock, err := store.Lock(db)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	if code, _, stderr := easyday(t, "profile", "--set", "age=40"); code != exitLocked {
		t.Errorf("profile --set while the store is locked: exit %d, want %d (%s)", code, exitLocked, stderr)
	}
	if code, _, stderr := easyday(t, "profile"); code != 0 {
		t.Errorf("profile (no change) while the store is locked: exit %d, want 0 (%s)", code, stderr)
	}
}

func TestConfigErrors(t *testing.T) {
	_, config := profileEnv(t)
	tests := []struct {
		name    string
		content string
		code    int
		want    []string // in stderr
	}{
		{"unknown key", "max_hr = 190\nmaxhr = 185\n", exitError, []string{config + ":2", `unknown key "maxhr"`, "max_hr, resting_hr"}},
		{"unknown table", "age = 40\n\n[profile]\nmax_hr = 190\n", exitError, []string{config + ":3", `unknown key "profile"`}},
		{"malformed", "age = 40\nmax_hr = \n", exitError, []string{config + ":2"}},
		{"bad value", "age = 40\nmarathon_pace = \"4:5x\"\n", exitError, []string{config + ":2", "marathon_pace 4:5x: want m:ss per km"}},
		{"out of range", "\n\nmax_hr = 300\n", exitError, []string{config + ":3", "max_hr 300 is outside 100–240"}},
		{"wrong type", "level = true\n", exitError, []string{config + ":1", "want a number or a string, not a boolean"}},
		{"bad units", "units = \"furlongs\"\n", exitError, []string{config + ":1", `units "furlongs": want metric or imperial`}},
		{"bad zone", "tz = \"Mars/Olympus\"\n", exitError, []string{config + ":1", `tz "Mars/Olympus"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writeFile(t, config, tt.content)
			code, _, stderr := easyday(t, "--config", config, "profile")
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q does not say %q", stderr, w)
				}
			}
		})
	}

	t.Run("missing named file", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "nope.toml")
		code, _, stderr := easyday(t, "--config", missing, "profile")
		if code != exitUsage || !strings.Contains(stderr, missing) {
			t.Errorf("exit %d, stderr %q; want %d naming the file", code, stderr, exitUsage)
		}
	})
	t.Run("missing default file", func(t *testing.T) {
		if code, _, stderr := easyday(t, "profile"); code != 0 {
			t.Errorf("exit %d without a config file, want 0 (%s)", code, stderr)
		}
	})
	t.Run("default file read", func(t *testing.T) {
		def := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "easyday", "config.toml")
		if err := os.MkdirAll(filepath.Dir(def), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, def, "lthr = 171\n")
		m := profileShown(t)
		if !m["lthr"].is(171.0, "set") || m["lthr"].Detail != "config file "+def {
			t.Errorf("lthr from the default config file: got %+v", m["lthr"])
		}
	})
}

func TestConfigTZAndUnits(t *testing.T) {
	_, config := profileEnv(t)
	// Kiritimati (UTC+14) and Pago Pago (UTC−11) are always on different dates.
	writeFile(t, config, "tz = \"Pacific/Kiritimati\"\nunits = \"imperial\"\nmarathon_pace = \"5:00\"\n")
	dateIn := func(zone string) string {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		return time.Now().In(loc).Format("2006-01-02")
	}
	tests := []struct {
		name  string
		flags []string
		zone  string
		mile  bool
	}{
		{"from the file", nil, "Pacific/Kiritimati", true},
		{"flags override", []string{"--tz", "Pacific/Pago_Pago", "--units", "metric"}, "Pacific/Pago_Pago", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := dateIn(tt.zone)
			args := append(append([]string{"--config", config}, tt.flags...), "profile", "--set", "age=40")
			code, out, stderr := easyday(t, args...)
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			after := dateIn(tt.zone)
			if !strings.Contains(out, "set on "+before) && !strings.Contains(out, "set on "+after) {
				t.Errorf("age not set on the date of %s (%s):\n%s", tt.zone, before, out)
			}
			if got := strings.Contains(out, "5:00/km (8:03/mi)"); got != tt.mile {
				t.Errorf("marathon pace in miles: %v, want %v:\n%s", got, tt.mile, out)
			}
		})
	}
}

func TestProfileEstimateDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a demo season")
	}
	profileEnv(t)
	dir := filepath.Join(t.TempDir(), "demo")
	// --estimate looks at the last 12 months of data, whenever they were: a season long past
	// estimates as well as this week's.
	end := "2019-11-24"
	if code, _, stderr := easyday(t, "-q", "demo", "--weeks", "8", "--end", end, dir); code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := easyday(t, "-q", "import", dir); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	code, out, stderr := easyday(t, "profile", "--estimate", "--json")
	if code != 0 {
		t.Fatalf("profile --estimate: exit %d\n%s", code, stderr)
	}
	t.Logf("stderr:\n%s", stderr)
	var m map[string]shownItem
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("profile --estimate --json: %v\n%s", err, out)
	}
	num := func(key string) float64 {
		f, ok := m[key].Value.(float64)
		if !ok || m[key].Source != "estimated" {
			t.Fatalf("%s: got %+v, want an estimated number", key, m[key])
		}
		return f
	}
	// The demo athlete (max HR 190) never runs above 93% of max: its hardest sessions, 10K
	// races and interval reps, aim at 0.93 × 190 = 177 bpm. A robust high of sustained heart
	// rate can only find what the data reach.
	if v, lo := num("max_hr"), 0.93*demo.MaxHR-3; v < lo || v > demo.MaxHR {
		t.Errorf("max_hr %g, want %.0f–%d (%s)", v, lo, demo.MaxHR, m["max_hr"].Detail)
	}
	if v := num("lthr"); v < demo.LTHR-8 || v > demo.LTHR+8 {
		t.Errorf("lthr %g, want %d ± 8 (%s)", v, demo.LTHR, m["lthr"].Detail)
	}
	pace, ok := m["marathon_pace"].Value.(string)
	if !ok || m["marathon_pace"].Source != "estimated" {
		t.Fatalf("marathon_pace: got %+v, want an estimate", m["marathon_pace"])
	}
	p := paceSeconds(t, pace)
	if p < demo.MarathonPace-20 || p > demo.MarathonPace+20 {
		t.Errorf("marathon_pace %s (%g s/km), want %d ± 20 s/km (%s)", pace, p, demo.MarathonPace, m["marathon_pace"].Detail)
	}
	for _, key := range []string{"max_hr", "lthr", "marathon_pace"} {
		if d := m[key].Detail; !strings.Contains(d, "(id ") || !strings.Contains(d, "run 20") {
			t.Errorf("%s detail %q does not name the activities it came from", key, d)
		}
	}
	if !m["resting_hr"].is(nil, "default") {
		t.Errorf("resting_hr: got %+v; activity files carry none, want unknown", m["resting_hr"])
	}
	for _, w := range []string{"estimated max_hr", "resting_hr: not estimated", "re-analysed"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, stderr)
		}
	}

	// A value set is kept, and the data's suggestion only said; --estimate fills the rest
	// again, and over the same data the same way.
	code, _, stderr = easyday(t, "profile", "--set", "lthr=171", "--estimate")
	if code != 0 {
		t.Fatalf("profile --set --estimate: exit %d\n%s", code, stderr)
	}
	m2 := profileShown(t)
	if !m2["lthr"].is(171.0, "set") {
		t.Errorf("lthr after --set lthr=171 --estimate: got %+v, want 171 (set)", m2["lthr"])
	}
	if !strings.Contains(stderr, "lthr: kept 171 bpm") {
		t.Errorf("stderr does not say lthr 171 was kept:\n%s", stderr)
	}
	if !cmp.Equal(m2["max_hr"], m["max_hr"]) {
		t.Errorf("max_hr estimated again from the same data: got %+v, want the first estimate %+v", m2["max_hr"], m["max_hr"])
	}
}

// paceSeconds parses m:ss into seconds.
func paceSeconds(t *testing.T, s string) float64 {
	t.Helper()
	k, _ := profile.Lookup("marathon_pace")
	p := analysis.DefaultProfile()
	if !k.Apply(&p, s) {
		t.Fatalf("pace %q does not parse", s)
	}
	return p.MarathonPace
}

// TestListWithBadProfile: list shows the store even when the profile does not resolve (with
// a warning), while report, which needs the profile, fails.
func TestListWithBadProfile(t *testing.T) {
	_, config := profileEnv(t)
	if code, _, stderr := easyday(t, "profile"); code != 0 { // a store to list: list creates none
		t.Fatalf("profile: exit %d (%s)", code, stderr)
	}
	writeFile(t, config, "max_hr = 105\nresting_hr = 110\n")
	code, _, stderr := easyday(t, "--config", config, "list")
	if code != 0 || !strings.Contains(stderr, "listing the stored classes") || !strings.Contains(stderr, "resting_hr 110 is not below max_hr 105") {
		t.Errorf("list: exit %d, stderr %q; want 0 and a warning naming the problem", code, stderr)
	}
	if code, _, stderr := easyday(t, "--config", config, "report"); code != exitError {
		t.Errorf("report: exit %d (%s), want %d", code, stderr, exitError)
	}
}
