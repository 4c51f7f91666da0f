// Package profile is the athlete profile as the user gives it: the key table (names, parsing,
// formatting), where each value came from (set > config file > estimated > default), and the
// config file's schema. It takes readers and plain values and returns an analysis.Profile;
// flags, files and the store stay with the caller.
package profile

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/easyday/easyday/analysis"
)

// Key is one key of the athlete profile (DESIGN.md "The athlete profile"): its name, how a
// value is parsed into an analysis.Profile, and how it is written back.
type Key struct {
	// Name is the key as users type it: "max_hr".
	Name string
	// Want says what a value looks like, for errors: "a heart rate in bpm".
	Want string
	// Unit follows a value in tables: "bpm", "min"; empty for none.
	Unit string
	// Unknown says what an unknown value means, or what the default is.
	Unknown string

	apply  func(p *analysis.Profile, text string) bool
	format func(p analysis.Profile) string
	number func(p analysis.Profile) float64 // NaN for a word key
}

// Apply parses text into p's field for the key; false when it does not parse.
func (k Key) Apply(p *analysis.Profile, text string) bool { return k.apply(p, text) }

// Format gives p's value for the key as text Apply takes back; "" when unknown.
func (k Key) Format(p analysis.Profile) string { return k.format(p) }

// Parse checks a value for the key and returns it in canonical form; the error names the key
// and value and says what is wrong.
func (k Key) Parse(text string) (string, error) {
	p := analysis.DefaultProfile()
	if !k.apply(&p, strings.TrimSpace(text)) {
		return "", fmt.Errorf("%s %s: want %s", k.Name, text, k.Want)
	}
	if err := p.Validate(); err != nil {
		return "", err
	}
	return k.format(p), nil
}

// Value is p's value for the key as JSON prints it: a number, a string, or nil when unknown.
func (k Key) Value(p analysis.Profile) any {
	if k.number != nil {
		if v := k.number(p); !math.IsNaN(v) {
			return v
		}
		return nil
	}
	if s := k.format(p); s != "" {
		return s
	}
	return nil
}

// Show writes p's value for people: "190 bpm", "4:50/km", "-" when unknown; a pace also per
// mile in imperial units.
func (k Key) Show(p analysis.Profile, units string) string {
	v := k.format(p)
	switch {
	case v == "":
		return "-"
	case k.Name == "marathon_pace":
		if units == "imperial" {
			return fmt.Sprintf("%s/km (%s/mi)", v, PaceText(p.MarathonPace*1.609344))
		}
		return v + "/km"
	case k.Unit != "":
		return v + " " + k.Unit
	}
	return v
}

func numberKey(name, want, unit, unknown string, field func(*analysis.Profile) *float64) Key {
	return Key{Name: name, Want: want, Unit: unit, Unknown: unknown,
		apply: func(p *analysis.Profile, text string) bool {
			v, err := strconv.ParseFloat(text, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
			*field(p) = v
			return true
		},
		format: func(p analysis.Profile) string {
			v := *field(&p)
			if math.IsNaN(v) {
				return ""
			}
			return strconv.FormatFloat(v, 'f', -1, 64)
		},
		number: func(p analysis.Profile) float64 { return *field(&p) },
	}
}

func wordKey(name, unknown string, words []string, field func(*analysis.Profile) *string) Key {
	want := strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
	return Key{Name: name, Want: want, Unknown: unknown,
		apply: func(p *analysis.Profile, text string) bool {
			text = strings.ToLower(text)
			for _, w := range words {
				if text == w {
					*field(p) = w
					return true
				}
			}
			return false
		},
		format: func(p analysis.Profile) string { return *field(&p) },
	}
}

var paceRE = regexp.MustCompile(`^(\d{1,2}):([0-5]\d)(?:\s*/\s*km)?$`)

// PaceText writes seconds per km as m:ss, "" for NaN.
func PaceText(s float64) string {
	if math.IsNaN(s) {
		return ""
	}
	n := int(math.Round(s))
	return fmt.Sprintf("%d:%02d", n/60, n%60)
}

// keys is the key table, in DESIGN.md's order. A new profile key is one row here (and the
// analysis that reads it).
var keys = func() []Key {
	bpm := "a heart rate in bpm"
	minutes := "a number of minutes"
	ks := []Key{
		numberKey("max_hr", bpm, "bpm", "unknown: set it, give your age, or run profile --estimate",
			func(p *analysis.Profile) *float64 { return &p.MaxHR }),
		numberKey("resting_hr", bpm, "bpm", "unknown: set it (the hrr effort model needs it)",
			func(p *analysis.Profile) *float64 { return &p.RestingHR }),
		numberKey("lthr", bpm, "bpm", "unknown: set it or run profile --estimate",
			func(p *analysis.Profile) *float64 { return &p.LTHR }),
		numberKey("age", "a number of years", "years", "unknown",
			func(p *analysis.Profile) *float64 { return &p.Age }),
		wordKey("sex", "unset: load uses the male constants", []string{"male", "female"},
			func(p *analysis.Profile) *string { return (*string)(&p.Sex) }),
		{
			Name: "marathon_pace", Want: "m:ss per km",
			Unknown: "unknown: set it or run profile --estimate",
			apply: func(p *analysis.Profile, text string) bool {
				m := paceRE.FindStringSubmatch(text)
				if m == nil {
					return false
				}
				mins, _ := strconv.Atoi(m[1])
				secs, _ := strconv.Atoi(m[2])
				p.MarathonPace = float64(60*mins + secs)
				return true
			},
			format: func(p analysis.Profile) string { return PaceText(p.MarathonPace) },
		},
		wordKey("level", "the default", []string{"beginner", "intermediate", "advanced"},
			func(p *analysis.Profile) *string { return (*string)(&p.Level) }),
		wordKey("effort_model", "the default", []string{"hrmax", "hrr", "lthr"},
			func(p *analysis.Profile) *string { return (*string)(&p.EffortModel) }),
		numberKey("recovery_ceiling", "a share of max effort such as 0.70 or 70%", "", "the default",
			func(p *analysis.Profile) *float64 { return &p.RecoveryCeiling }),
		numberKey("easy_ceiling", "a share of max effort such as 0.75 or 75%", "", "the default",
			func(p *analysis.Profile) *float64 { return &p.EasyCeiling }),
		numberKey("recovery_max_min", minutes, "min", "the default for the level",
			func(p *analysis.Profile) *float64 { return &p.RecoveryMaxMin }),
		numberKey("long_run_min", minutes, "min", "the default",
			func(p *analysis.Profile) *float64 { return &p.LongRunMin }),
	}
	// recovery_ceiling and easy_ceiling also take a percentage.
	for i := range ks {
		if ks[i].Name == "recovery_ceiling" || ks[i].Name == "easy_ceiling" {
			number := ks[i].apply
			ks[i].apply = func(p *analysis.Profile, text string) bool {
				if pct, ok := strings.CutSuffix(text, "%"); ok {
					v, err := strconv.ParseFloat(strings.TrimSpace(pct), 64)
					if err != nil {
						return false
					}
					text = strconv.FormatFloat(v/100, 'f', -1, 64)
				}
				return number(p, text)
			}
		}
	}
	return ks
}()

// Keys returns the profile keys, in DESIGN.md's order.
func Keys() []Key { return keys }

// Lookup returns the profile key called name.
func Lookup(name string) (Key, bool) {
	for _, k := range keys {
		if k.Name == name {
			return k, true
		}
	}
	return Key{}, false
}

// Names lists the key names for messages: "max_hr, resting_hr, ...".
func Names() string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Name
	}
	return strings.Join(names, ", ")
}
