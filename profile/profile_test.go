package profile

import (
	"errors"
	"io/fs"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestResolvePrecedence: set in the store > config file > estimated in the store > default,
// key by key, without a store.
func TestResolvePrecedence(t *testing.T) {
	stored := map[string]Stored{
		"max_hr":        {Value: "192", Source: Set, Detail: "set on 2026-11-25"},
		"lthr":          {Value: "160", Source: Estimated, Detail: "best 20 min"},
		"resting_hr":    {Value: "50", Source: Estimated, Detail: "from the data"},
		"marathon_pace": {Value: "4:40", Source: Estimated, Detail: "Riegel"},
	}
	cfg := Config{Path: "/etc/easyday.toml", Settings: Settings{Profile: map[string]string{
		"max_hr": "185", "lthr": "165", "level": "beginner",
	}}}
	p, srcs, err := Resolve(stored, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		key  string
		got  float64
		want float64
		src  Origin
	}{
		{"max_hr", p.MaxHR, 192, Origin{Set, "set on 2026-11-25"}},                                    // store set > config
		{"lthr", p.LTHR, 165, Origin{Set, "config file /etc/easyday.toml"}},                           // config > estimated
		{"resting_hr", p.RestingHR, 50, Origin{Estimated, "from the data"}},                           // estimated > default
		{"marathon_pace", p.MarathonPace, 280, Origin{Estimated, "Riegel"}},                           // parsed m:ss
		{"recovery_max_min", p.RecoveryMaxMin, 30, Origin{Default, "the default for level beginner"}}, // by the config's level
		{"long_run_min", p.LongRunMin, 90, Origin{Default, "the default"}},
	} {
		if c.got != c.want || srcs[c.key] != c.src {
			t.Errorf("%s: got %g %+v, want %g %+v", c.key, c.got, srcs[c.key], c.want, c.src)
		}
	}
	if p.Level != "beginner" {
		t.Errorf("level: got %q, want beginner from the config file", p.Level)
	}
}

// TestResolveTanaka: without max_hr set or estimated, an age gives 208 − 0.7 × age, said so.
func TestResolveTanaka(t *testing.T) {
	p, srcs, err := Resolve(map[string]Stored{"age": {Value: "40", Source: Set}}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if p.MaxHR != 180 || srcs["max_hr"].Source != Estimated || !strings.Contains(srcs["max_hr"].Detail, "Tanaka") {
		t.Errorf("max_hr: got %g %+v, want 180 estimated by Tanaka", p.MaxHR, srcs["max_hr"])
	}
}

// TestResolveErrors: a bad stored value and an invalid combination are named with their origin.
func TestResolveErrors(t *testing.T) {
	_, srcs, err := Resolve(map[string]Stored{"max_hr": {Value: "fast", Source: Set, Detail: "set on 2026-11-25"}}, Config{})
	if err == nil || !strings.Contains(err.Error(), `max_hr "fast" (set on 2026-11-25): want a heart rate in bpm`) {
		t.Errorf("bad stored value: got %v", err)
	}
	if srcs["max_hr"].Source != Default {
		t.Errorf("bad stored value: got origin %+v, want the default", srcs["max_hr"])
	}
	cfg := Config{Path: "c.toml", Settings: Settings{Profile: map[string]string{"resting_hr": "110"}}}
	_, _, err = Resolve(map[string]Stored{"max_hr": {Value: "105", Source: Set}}, cfg)
	if err == nil || !strings.Contains(err.Error(), "resting_hr 110 is not below max_hr 105") ||
		!strings.Contains(err.Error(), "resting_hr: config file c.toml") {
		t.Errorf("resting above max: got %v", err)
	}
}

func TestKeyParse(t *testing.T) {
	for _, c := range []struct{ key, in, want, err string }{
		{"marathon_pace", "4:50", "4:50", ""},
		{"marathon_pace", "4:50/km", "4:50", ""},
		{"marathon_pace", "4:5x", "", "marathon_pace 4:5x: want m:ss per km"},
		{"recovery_ceiling", "65%", "0.65", ""},
		{"recovery_ceiling", "0.2", "", "recovery_ceiling 0.2 is outside 0.3–1"},
		{"level", "Advanced", "advanced", ""},
		{"sex", "x", "", "sex x: want male or female"},
		{"max_hr", "NaN", "", "max_hr NaN: want a heart rate in bpm"},
	} {
		k, ok := Lookup(c.key)
		if !ok {
			t.Fatalf("no key %s", c.key)
		}
		got, err := k.Parse(c.in)
		if got != c.want || (err == nil) != (c.err == "") || (err != nil && err.Error() != c.err) {
			t.Errorf("%s %q: got %q, %v; want %q, %q", c.key, c.in, got, err, c.want, c.err)
		}
	}
}

// TestView: every key in table order, typed: numbers, words and the pace as text, unknown as
// neither.
func TestView(t *testing.T) {
	p, srcs, err := Resolve(map[string]Stored{"max_hr": {Value: "190", Source: Set}, "marathon_pace": {Value: "4:50", Source: Set}}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	v := NewView(p, srcs)
	if len(v) != len(Keys()) {
		t.Fatalf("got %d items, want %d", len(v), len(Keys()))
	}
	byKey := map[string]Item{}
	for i, it := range v {
		if it.Key != Keys()[i].Name {
			t.Errorf("item %d: got %s, want %s", i, it.Key, Keys()[i].Name)
		}
		byKey[it.Key] = it
	}
	if got := byKey["max_hr"].Value(); got != 190.0 {
		t.Errorf("max_hr: got %v, want 190", got)
	}
	if got := byKey["marathon_pace"].Value(); got != "4:50" {
		t.Errorf("marathon_pace: got %v, want 4:50", got)
	}
	if got := byKey["lthr"].Value(); got != nil || !math.IsNaN(byKey["lthr"].Number) {
		t.Errorf("lthr: got %v, want nil", got)
	}
	if got := byKey["level"].Value(); got != "intermediate" {
		t.Errorf("level: got %v, want intermediate", got)
	}
}

func TestLoad(t *testing.T) {
	cfg, err := Load(strings.NewReader("# mine\nmax_hr = 190\nmarathon_pace = \"4:50\"\nrecovery_ceiling = 0.65\ntz = \"Europe/Berlin\"\nunits = \"imperial\"\n"), "c.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Path: "c.toml", Settings: Settings{TZ: "Europe/Berlin", Units: "imperial",
		Profile: map[string]string{"max_hr": "190", "marathon_pace": "4:50", "recovery_ceiling": "0.65"}}}
	if d := cmp.Diff(cfg, want); d != "" {
		t.Errorf("Load (-got +want):\n%s", d)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"unknown key", "max_hr = 190\nmaxhr = 185\n", `config c.toml:2: unknown key "maxhr"; the keys are max_hr, resting_hr`},
		{"unknown table", "age = 40\n\n[profile]\nmax_hr = 190\n", `config c.toml:3: unknown key "profile"`},
		{"malformed", "age = 40\nmax_hr = \n", "config c.toml:2: "},
		{"bad value", "age = 40\nmarathon_pace = \"4:5x\"\n", "config c.toml:2: marathon_pace 4:5x: want m:ss per km"},
		{"out of range", "\n\nmax_hr = 300\n", "config c.toml:3: max_hr 300 is outside 100–240"},
		{"wrong type", "level = true\n", "config c.toml:1: want a number or a string, not a boolean"},
		{"bad units", "units = \"furlongs\"\n", `config c.toml:1: units "furlongs": want metric or imperial`},
		{"bad zone", "tz = \"Mars/Olympus\"\n", `config c.toml:1: tz "Mars/Olympus"`},
		{"value before unknown", "maxhr = 1\nage = 1000\n", "config c.toml:2: age 1000 is outside"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Load(strings.NewReader(c.in), "c.toml")
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("got %v, want an error starting %q", err, c.want)
			}
			if cfg.Path != "" || len(cfg.Profile) != 0 {
				t.Errorf("got %+v with the error, want nothing", cfg)
			}
		})
	}
}

func TestLoadFileMissing(t *testing.T) {
	_, err := LoadFile(filepath.Join(t.TempDir(), "none.toml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want fs.ErrNotExist", err)
	}
}

// TestParseChanges: known keys once each, values in canonical form; tz and units are not
// profile keys.
func TestParseChanges(t *testing.T) {
	got, err := ParseChanges([]string{"max_hr=190", " marathon_pace = 4:50/km"}, []string{"lthr"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{{Key: "max_hr", Value: "190"}, {Key: "marathon_pace", Value: "4:50"}, {Key: "lthr", Unset: true}}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("ParseChanges (-got +want):\n%s", d)
	}
	for _, c := range []struct {
		set, unset []string
		want       string
	}{
		{[]string{"maxhr=190"}, nil, `--set: unknown profile key "maxhr"`},
		{[]string{"tz=UTC"}, nil, "--set tz: not a profile key; use --tz"},
		{[]string{"max_hr"}, nil, `--set "max_hr": want key=value`},
		{[]string{"max_hr=190"}, []string{"max_hr"}, "--unset max_hr: max_hr already given (--set max_hr)"},
		{[]string{"level=expert"}, nil, "level expert: want beginner, intermediate or advanced"},
	} {
		if _, err := ParseChanges(c.set, c.unset); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%v %v: got %v, want %q", c.set, c.unset, err, c.want)
		}
	}
}

// TestApply: a change that would make a valid profile invalid is refused; one to a profile
// already invalid is taken, so that it can be fixed.
func TestApply(t *testing.T) {
	stored := map[string]Stored{"max_hr": {Value: "150", Source: Set}}
	next, err := Apply(stored, []Change{{Key: "resting_hr", Value: "60"}, {Key: "max_hr", Unset: true}}, Config{}, "set on 2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := next["max_hr"]; ok || next["resting_hr"] != (Stored{Value: "60", Source: Set, Detail: "set on 2026-11-25"}) {
		t.Errorf("Apply: got %+v", next)
	}
	if _, ok := stored["resting_hr"]; ok {
		t.Error("Apply changed the map it was given")
	}
	if _, err := Apply(stored, []Change{{Key: "resting_hr", Value: "110"}, {Key: "max_hr", Value: "105"}}, Config{}, ""); err == nil ||
		!strings.HasPrefix(err.Error(), "not changed: profile: resting_hr 110 is not below max_hr 105") {
		t.Errorf("a change that breaks the profile: got %v", err)
	}
	bad := map[string]Stored{"max_hr": {Value: "105", Source: Set}, "resting_hr": {Value: "110", Source: Set}}
	if _, err := Apply(bad, []Change{{Key: "age", Value: "40"}}, Config{}, ""); err != nil {
		t.Errorf("a change to a profile already wrong: got %v, want it taken", err)
	}
}

// TestLoadAthletes: [athletes.NAME] tables with folder as a string or a list, db, name, tz,
// units and profile keys; sorted by NAME; For gives an athlete the file's tz and units where
// the table has none, and never the top-level profile keys.
func TestLoadAthletes(t *testing.T) {
	in := `max_hr = 200
tz = "Europe/Berlin"
units = "imperial"

[athletes.ben]
folder = ["~/ben/garmin", "ben/strava"]
max_hr = 185
level = "advanced"

[athletes.anna]
name = "Anna Berg"
folder = "/data/anna"
db = "anna.db"
tz = "America/New_York"
units = "metric"
marathon_pace = "4:50"
`
	cfg, err := Load(strings.NewReader(in), "c.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := []Athlete{
		{Key: "anna", Folders: []string{"/data/anna"}, DB: "anna.db", Settings: Settings{Name: "Anna Berg", TZ: "America/New_York", Units: "metric",
			Profile: map[string]string{"marathon_pace": "4:50"}}},
		{Key: "ben", Folders: []string{"~/ben/garmin", "ben/strava"}, Settings: Settings{
			Profile: map[string]string{"max_hr": "185", "level": "advanced"}}},
	}
	if d := cmp.Diff(cfg.Athletes, want); d != "" {
		t.Errorf("athletes (-got +want):\n%s", d)
	}
	if d := cmp.Diff(cfg.Profile, map[string]string{"max_hr": "200"}); d != "" {
		t.Errorf("top-level profile (-got +want):\n%s", d)
	}
	ben, ok := cfg.Athlete("ben")
	if !ok {
		t.Fatal("Athlete(ben): not found")
	}
	got := cfg.For(ben)
	wantBen := Config{Path: "c.toml", Settings: Settings{TZ: "Europe/Berlin", Units: "imperial", Profile: map[string]string{"max_hr": "185", "level": "advanced"}}}
	if d := cmp.Diff(got, wantBen); d != "" {
		t.Errorf("For(ben) (-got +want):\n%s", d)
	}
	if _, ok := cfg.Athlete("cleo"); ok {
		t.Error("Athlete(cleo): found one the file does not declare")
	}
}

func TestLoadAthleteErrors(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"unknown key", "[athletes.anna]\nfolder = \"a\"\nfolders = \"b\"\n", `config c.toml:3: unknown key "athletes.anna.folders"; an athlete's keys are folder, db, max_hr`},
		{"bad value", "[athletes.anna]\nfolder = \"a\"\n\nmax_hr = 300\n", "config c.toml:4: athletes.anna: max_hr 300 is outside 100–240"},
		{"folder type", "[athletes.anna]\nfolder = 3\n", "config c.toml:2: athletes.anna: folder: want a string or a list of strings, not a number"},
		{"folder list type", "[athletes.anna]\nfolder = [\"a\", 3]\n", "config c.toml:2: athletes.anna: folder: want a string or a list of strings, not a list holding a number"},
		{"empty name", "[athletes.anna]\nname = \" \"\n", "config c.toml:2: athletes.anna: name: want the athlete's name"},
		{"bad table name", "[athletes.\"../x\"]\nfolder = \"a\"\n", `config c.toml:1: athletes.../x: a name of letters`},
		{"athletes not tables", "athletes = 3\n", "config c.toml:1: athletes: want [athletes.NAME] tables, not a number"},
		{"athlete not a table", "[athletes]\nanna = \"x\"\n", "config c.toml:2: athletes.anna: want a table"},
		{"bad zone", "[athletes.anna]\ntz = \"Mars/Olympus\"\n", `config c.toml:2: athletes.anna: tz "Mars/Olympus"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Load(strings.NewReader(c.in), "c.toml")
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("got %v, want an error starting %q", err, c.want)
			}
			if cfg.Path != "" || len(cfg.Athletes) != 0 {
				t.Errorf("got %+v with the error, want nothing", cfg)
			}
		})
	}
}
