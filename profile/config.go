package profile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is what a config file says (DESIGN.md "The athlete profile"). Its top-level keys are
// one athlete's Settings:
//
//	max_hr = 190
//	marathon_pace = "4:50"
//	tz = "Europe/Berlin"
//
// A squad's file adds [athletes.NAME] tables beside them, one per athlete (Athlete):
//
//	[athletes.anna]
//	name = "Anna Berg"
//	folder = ["~/coaching/anna/garmin", "~/coaching/anna/strava"]
//	db = "~/coaching/anna.db"
//	max_hr = 186
type Config struct {
	// Path is the file read; empty when there was none.
	Path string
	Settings
	// Athletes are the [athletes.NAME] tables, sorted by NAME.
	Athletes []Athlete
}

// Athlete is one [athletes.NAME] table: where the athlete's files and store are, and their
// settings. Paths are as the file writes them (the squad package resolves them).
type Athlete struct {
	// Key is NAME, the table's name: what --athlete selects.
	Key string
	// Folders are the folders (or files, archives) the athlete's watch exports land in: the
	// table's folder, a string or a list of strings.
	Folders []string
	// DB is the athlete's store; empty for the default place.
	DB string
	Settings
}

// Athlete returns the athlete whose table is named key.
func (c Config) Athlete(key string) (Athlete, bool) {
	for _, a := range c.Athletes {
		if a.Key == key {
			return a, true
		}
	}
	return Athlete{}, false
}

// For returns the config one athlete's commands read: the athlete's settings, with the file's
// top-level tz, units and name where the athlete's table does not set them. The top-level
// profile keys are not inherited: they are another athlete's (the store's without --athlete).
func (c Config) For(a Athlete) Config {
	out := Config{Path: c.Path, Settings: a.Settings}
	if out.TZ == "" {
		out.TZ = c.TZ
	}
	if out.Units == "" {
		out.Units = c.Units
	}
	return out
}

// Settings are one athlete's settings in a config file: profile keys, and the zone and units
// to use when the command line does not give them.
type Settings struct {
	// Profile holds the profile keys the file sets, in the text form Key.Parse returns.
	Profile map[string]string
	// TZ is a zone name ("Europe/Berlin"); Units "metric" or "imperial"; empty when not set.
	TZ, Units string
	// Name is the athlete's name, which titles the report pages ("Anna · week 47") and names
	// the athlete on the team index and in the digest; empty when not set.
	Name string
}

// settingKeys are the keys of Settings beyond the profile's.
var settingKeys = map[string]func(s *Settings, v string) error{
	"tz": func(s *Settings, v string) error {
		if _, err := time.LoadLocation(v); err != nil || v == "" {
			return fmt.Errorf("tz %q: want a zone such as Europe/Berlin", v)
		}
		s.TZ = v
		return nil
	},
	"units": func(s *Settings, v string) error {
		if v != "metric" && v != "imperial" {
			return fmt.Errorf("units %q: want metric or imperial", v)
		}
		s.Units = v
		return nil
	},
	"name": func(s *Settings, v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New("name: want the athlete's name, not an empty string")
		}
		s.Name = v
		return nil
	},
}

// athleteKeys are the keys of an [athletes.NAME] table beyond Settings'.
var athleteKeys = map[string]func(a *Athlete, v any) error{
	"folder": func(a *Athlete, v any) error {
		switch d := v.(type) {
		case string:
			a.Folders = []string{d}
		case []any:
			for _, x := range d {
				s, ok := x.(string)
				if !ok {
					return fmt.Errorf("folder: want a string or a list of strings, not a list holding %s", tomlType(x))
				}
				a.Folders = append(a.Folders, s)
			}
		default:
			return fmt.Errorf("folder: want a string or a list of strings, not %s", tomlType(v))
		}
		for _, f := range a.Folders {
			if f == "" {
				return errors.New("folder: an empty path")
			}
		}
		return nil
	},
	"db": func(a *Athlete, v any) error {
		s, ok := v.(string)
		if !ok || s == "" {
			return fmt.Errorf("db: want a path, not %s", tomlType(v))
		}
		a.DB = s
		return nil
	},
}

// athleteKey is what NAME in [athletes.NAME] may be: it names a folder and a store file.
var athleteKey = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// maxConfigSize bounds what Load reads: a config file is a few lines.
const maxConfigSize = 1 << 20

// LoadFile reads the config file at path. A missing file gives an error that
// errors.Is(err, fs.ErrNotExist); whether that matters is the caller's choice.
func LoadFile(path string) (Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return Config{}, fmt.Errorf("config %s: %w", path, err)
	}
	defer f.Close()
	return Load(f, path)
}

// Load reads a config file from r; path names it in errors and in the values' origins.
// Unknown keys and bad values are errors naming the file and the line.
func Load(r io.Reader, path string) (Config, error) {
	cfg := Config{Settings: Settings{Profile: map[string]string{}}}
	data, err := io.ReadAll(io.LimitReader(r, maxConfigSize+1))
	if err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	if len(data) > maxConfigSize {
		return cfg, fmt.Errorf("config %s: larger than %d bytes", path, maxConfigSize)
	}
	var m map[string]any
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&m)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return cfg, fmt.Errorf("config %s: %s", at(path, pe.Position.Line), strings.TrimPrefix(pe.Message, "toml: "))
		}
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	// Values first, in the file's order, then unknown keys, so that a typo in a value is
	// reported where it is.
	fail := func(k toml.Key, err error) (Config, error) {
		return Config{Settings: Settings{Profile: map[string]string{}}},
			fmt.Errorf("config %s: %w", at(path, keyLine(data, k)), err)
	}
	var unknown []toml.Key
	athletes := map[string]*Athlete{}
	for _, k := range md.Keys() {
		switch {
		case len(k) == 1 && k[0] == "athletes":
			if _, ok := m["athletes"].(map[string]any); !ok {
				return fail(k, fmt.Errorf("athletes: want [athletes.NAME] tables, not %s", tomlType(m["athletes"])))
			}
		case len(k) == 1:
			ok, err := setKey(&cfg.Settings, k[0], m[k[0]])
			if err != nil {
				return fail(k, err)
			}
			if !ok {
				unknown = append(unknown, k)
			}
		case k[0] != "athletes":
			// inside a table, which is itself unknown
		case len(k) == 2:
			if !athleteKey.MatchString(k[1]) {
				return fail(k, fmt.Errorf("athletes.%s: a name of letters, digits, '.', '_' and '-' (it names a folder and a file)", k[1]))
			}
			if _, ok := m["athletes"].(map[string]any)[k[1]].(map[string]any); !ok {
				return fail(k, fmt.Errorf("athletes.%s: want a table", k[1]))
			}
			athletes[k[1]] = &Athlete{Key: k[1], Settings: Settings{Profile: map[string]string{}}}
		case len(k) == 3:
			a := athletes[k[1]]
			v := m["athletes"].(map[string]any)[k[1]].(map[string]any)[k[2]]
			if set, ok := athleteKeys[k[2]]; ok {
				if err := set(a, v); err != nil {
					return fail(k, fmt.Errorf("athletes.%s: %w", k[1], err))
				}
				continue
			}
			ok, err := setKey(&a.Settings, k[2], v)
			if err != nil {
				return fail(k, fmt.Errorf("athletes.%s: %w", k[1], err))
			}
			if !ok {
				unknown = append(unknown, k)
			}
		}
	}
	if len(unknown) > 0 {
		k := unknown[0]
		if len(k) == 3 {
			return fail(k, fmt.Errorf("unknown key %q; an athlete's keys are folder, db, %s, tz, units, name", k.String(), Names()))
		}
		return fail(k, fmt.Errorf("unknown key %q; the keys are %s, tz, units, name, and [athletes.NAME] tables", k.String(), Names()))
	}
	for _, a := range athletes {
		cfg.Athletes = append(cfg.Athletes, *a)
	}
	slices.SortFunc(cfg.Athletes, func(a, b Athlete) int { return strings.Compare(a.Key, b.Key) })
	cfg.Path = path
	return cfg, nil
}

// setKey sets the Settings key name (a profile key, tz, units or name) to the TOML value v;
// ok is false for a key that is none of these.
func setKey(s *Settings, name string, v any) (ok bool, err error) {
	set, isSetting := settingKeys[name]
	key, isKey := Lookup(name)
	if !isSetting && !isKey {
		return false, nil
	}
	text, err := scalar(v)
	if err == nil && isSetting {
		err = set(s, text)
	}
	if err == nil && isKey {
		_, err = key.Parse(text)
		s.Profile[name] = text
	}
	return true, err
}

// scalar takes a TOML string, integer or float as text.
func scalar(v any) (string, error) {
	switch d := v.(type) {
	case string:
		return d, nil
	case int64:
		return strconv.FormatInt(d, 10), nil
	case float64:
		return strconv.FormatFloat(d, 'f', -1, 64), nil
	}
	return "", fmt.Errorf("want a number or a string, not %s", tomlType(v))
}

func tomlType(v any) string {
	switch v.(type) {
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	case time.Time:
		return "a date"
	case int64, float64:
		return "a number"
	case string:
		return "a string"
	}
	return fmt.Sprintf("%T", v)
}

// at names a line of a file: "path:3", or path alone for line 0 (unknown).
func at(path string, line int) string {
	if line <= 0 {
		return path
	}
	return fmt.Sprintf("%s:%d", path, line)
}

// keyLine returns the line of data on which key k is defined, or 0 when it cannot tell: the
// first line that assigns its last part, or opens it as a table.
func keyLine(data []byte, k toml.Key) int {
	if len(k) == 0 {
		return 0
	}
	name := regexp.QuoteMeta(k[len(k)-1])
	re := regexp.MustCompile(`^\s*(?:["']?` + name + `["']?\s*=|\[+\s*["']?` + strings.Join(quoteAll(k), `["']?\s*\.\s*["']?`) + `["']?\s*\]+)`)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		if re.MatchString(sc.Text()) {
			return n
		}
	}
	return 0
}

func quoteAll(k toml.Key) []string {
	out := make([]string, len(k))
	for i, s := range k {
		out[i] = regexp.QuoteMeta(s)
	}
	return out
}
