package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// config is what the config file says (DESIGN.md "The athlete profile"): profile keys, and
// the zone and units to use when the command line does not give them.
type config struct {
	// path is the file read; empty when there was none.
	path string
	// profile holds the profile keys the file sets, in the text form `profile --set` takes.
	profile map[string]string
	tz      string
	units   string
	// name is the athlete's name, which titles the report pages ("Anna · week 47").
	name string
}

// configFile is the layout of the config file: top-level keys only.
//
//	max_hr = 190
//	marathon_pace = "4:50"
//	tz = "Europe/Berlin"
type configFile struct {
	MaxHR           configValue `toml:"max_hr"`
	RestingHR       configValue `toml:"resting_hr"`
	LTHR            configValue `toml:"lthr"`
	Age             configValue `toml:"age"`
	Sex             configValue `toml:"sex"`
	MarathonPace    configValue `toml:"marathon_pace"`
	Level           configValue `toml:"level"`
	EffortModel     configValue `toml:"effort_model"`
	RecoveryCeiling configValue `toml:"recovery_ceiling"`
	EasyCeiling     configValue `toml:"easy_ceiling"`
	RecoveryMaxMin  configValue `toml:"recovery_max_min"`
	LongRunMin      configValue `toml:"long_run_min"`
	TZ              configValue `toml:"tz"`
	Units           configValue `toml:"units"`
	Name            configValue `toml:"name"`
}

// values returns the file's values by key, in the order of the struct.
func (f *configFile) values() ([]string, map[string]*configValue) {
	v := reflect.ValueOf(f).Elem()
	keys := make([]string, 0, v.NumField())
	m := make(map[string]*configValue, v.NumField())
	for i := range v.NumField() {
		key := v.Type().Field(i).Tag.Get("toml")
		keys = append(keys, key)
		m[key] = v.Field(i).Addr().Interface().(*configValue)
	}
	return keys, m
}

// configValue is one value of the config file, as text. A TOML number or string is taken, and
// checked while decoding, so that a bad value's error carries its line.
type configValue struct {
	text  string
	set   bool
	check func(string) error
}

// UnmarshalTOML takes a TOML string, integer or float and checks it.
func (v *configValue) UnmarshalTOML(data any) error {
	var s string
	switch d := data.(type) {
	case string:
		s = d
	case int64:
		s = strconv.FormatInt(d, 10)
	case float64:
		s = strconv.FormatFloat(d, 'f', -1, 64)
	default:
		return fmt.Errorf("want a number or a string, not %s", tomlType(data))
	}
	if v.check != nil {
		if err := v.check(s); err != nil {
			return err
		}
	}
	v.text, v.set = s, true
	return nil
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

// loadConfig reads the config file at path. A missing file is no error unless the user named
// it (explicit); then it is wrong usage. Unknown keys and bad values are errors naming the
// file and the line.
func loadConfig(path string, explicit bool) (config, error) {
	cfg := config{profile: map[string]string{}}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if explicit {
				return cfg, usageError{fmt.Errorf("--config %s: no such file", path)}
			}
			return cfg, nil
		}
		return cfg, fmt.Errorf("config: %w", err)
	}
	var f configFile
	keys, values := f.values()
	for key, v := range values {
		switch key {
		case "tz":
			v.check = func(s string) error {
				if _, err := time.LoadLocation(s); err != nil || s == "" {
					return fmt.Errorf("tz %q: want a zone such as Europe/Berlin", s)
				}
				return nil
			}
		case "units":
			v.check = func(s string) error {
				if s != "metric" && s != "imperial" {
					return fmt.Errorf("units %q: want metric or imperial", s)
				}
				return nil
			}
		case "name":
		default:
			k, ok := profileKeyNamed(key)
			if !ok {
				panic("config key without a profile key: " + key)
			}
			v.check = func(s string) error {
				_, err := k.parse(s)
				return err
			}
		}
	}
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return cfg, fmt.Errorf("config %s: %s", at(path, pe.Position.Line), strings.TrimPrefix(pe.Message, "toml: "))
		}
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		k := un[0]
		return cfg, fmt.Errorf("config %s: unknown key %q; the keys are %s", at(path, keyLine(data, k)), k.String(),
			strings.Join(keys, ", "))
	}
	cfg.path = path
	for _, key := range keys {
		v := values[key]
		if !v.set {
			continue
		}
		switch key {
		case "tz":
			cfg.tz = v.text
		case "units":
			cfg.units = v.text
		case "name":
			cfg.name = v.text
		default:
			cfg.profile[key] = v.text
		}
	}
	return cfg, nil
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
