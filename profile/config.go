package profile

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
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
// A squad's file adds a name and [athletes.NAME] tables of the same Settings beside them.
type Config struct {
	// Path is the file read; empty when there was none.
	Path string
	Settings
}

// Settings are one athlete's settings in a config file: profile keys, and the zone and units
// to use when the command line does not give them.
type Settings struct {
	// Profile holds the profile keys the file sets, in the text form Key.Parse returns.
	Profile map[string]string
	// TZ is a zone name ("Europe/Berlin"); Units "metric" or "imperial"; empty when not set.
	TZ, Units string
	// Name is the athlete's name, which titles the report pages ("Anna · week 47").
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
		s.Name = v
		return nil
	},
}

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
	var unknown []toml.Key
	for _, k := range md.Keys() {
		if len(k) != 1 {
			continue // inside a table, which is itself unknown
		}
		name := k[0]
		set, isSetting := settingKeys[name]
		key, isKey := Lookup(name)
		if !isSetting && !isKey {
			unknown = append(unknown, k)
			continue
		}
		text, err := scalar(m[name])
		if err == nil && isSetting {
			err = set(&cfg.Settings, text)
		}
		if err == nil && isKey {
			_, err = key.Parse(text)
			cfg.Profile[name] = text
		}
		if err != nil {
			return Config{Settings: Settings{Profile: map[string]string{}}},
				fmt.Errorf("config %s: %w", at(path, keyLine(data, k)), err)
		}
	}
	if len(unknown) > 0 {
		k := unknown[0]
		return Config{Settings: Settings{Profile: map[string]string{}}},
			fmt.Errorf("config %s: unknown key %q; the keys are %s, tz, units, name", at(path, keyLine(data, k)), k.String(), Names())
	}
	cfg.Path = path
	return cfg, nil
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
