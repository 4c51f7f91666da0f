package profile

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/easyday/easyday/analysis"
)

// Source says where a profile value came from.
type Source string

// The sources, in the order of precedence (a value set in the store wins over the config
// file's, which is also Set; then Estimated; then Default).
const (
	// Set: the athlete set the value, with profile --set or in the config file.
	Set Source = "set"
	// Estimated: estimated from stored activities (or Tanaka from age); Detail says how.
	Estimated Source = "estimated"
	// Default: neither set nor estimated.
	Default Source = "default"
)

// Origin is where one value came from, and how: "set" "set on 2026-11-25", "set" "config file
// PATH", "estimated" "robust high of sustained HR over 212 activities", "default" "...".
type Origin struct {
	Source Source `json:"source"`
	Detail string `json:"detail"`
}

// Describe says where a value came from, in a few words.
func (o Origin) Describe() string {
	if o.Detail == "" {
		return string(o.Source)
	}
	if o.Source == Set {
		return o.Detail // "set on 2026-11-25", "config file ..."
	}
	return string(o.Source) + ": " + o.Detail
}

// Sources holds the origin of every profile key, by name.
type Sources map[string]Origin

// Stored is one profile value as the store keeps it: text in the form Key.Parse returns, Set
// or Estimated (defaults are not stored), and how an estimate was made.
type Stored struct {
	Value     string
	Source    Source
	Detail    string
	UpdatedAt time.Time
}

// Resolve returns the effective athlete profile and the origin of each key, applying the
// precedence key by key: set in the store, then the config file cfg, then estimated in the
// store, then the default. recovery_max_min defaults by level; max_hr, neither set nor
// estimated, comes from age by Tanaka's formula. It returns what it could resolve even with an
// error, which names the wrong values and where they came from.
func Resolve(stored map[string]Stored, cfg Config) (analysis.Profile, Sources, error) {
	p := analysis.DefaultProfile()
	srcs := Sources{}
	var problems []string
	for _, k := range keys {
		var (
			text  string
			src   Origin
			found = true
		)
		sv, inStore := stored[k.Name]
		cv, inConfig := cfg.Profile[k.Name]
		switch {
		case inStore && sv.Source == Set:
			text, src = sv.Value, Origin{Set, sv.Detail}
		case inConfig:
			text, src = cv, Origin{Set, "config file " + cfg.Path}
		case inStore && sv.Source == Estimated:
			text, src = sv.Value, Origin{Estimated, sv.Detail}
		default:
			found = false
		}
		if found && !k.apply(&p, text) {
			problems = append(problems, fmt.Sprintf("%s %q (%s): want %s", k.Name, text, src.Describe(), k.Want))
			found = false
		}
		if !found {
			src = Origin{Default, k.Unknown}
		}
		srcs[k.Name] = src
	}
	if srcs["recovery_max_min"].Source == Default {
		p.RecoveryMaxMin = analysis.DefaultRecoveryMaxMin(p.Level)
		srcs["recovery_max_min"] = Origin{Default, fmt.Sprintf("the default for level %s", p.Level)}
	}
	if math.IsNaN(p.MaxHR) && !math.IsNaN(p.Age) {
		p.MaxHR = analysis.TanakaMaxHR(p.Age)
		srcs["max_hr"] = Origin{Estimated, fmt.Sprintf("Tanaka: 208 − 0.7 × age %g", p.Age)}
	}
	if len(problems) > 0 {
		return p, srcs, fmt.Errorf("profile: %s", strings.Join(problems, "; "))
	}
	return p, srcs, check(p, srcs)
}

// check validates p; the error names the offending keys and where their values came from.
func check(p analysis.Profile, srcs Sources) error {
	err := p.Validate()
	if err == nil {
		return nil
	}
	// The keys that are wrong alone, else the pair that is wrong together.
	text := make([]string, len(keys))
	for i, k := range keys {
		text[i] = k.format(p)
	}
	alone := func(idx ...int) bool {
		q := analysis.DefaultProfile()
		for _, i := range idx {
			if text[i] != "" {
				keys[i].apply(&q, text[i])
			}
		}
		return q.Validate() != nil
	}
	var blame []int
	for i := range keys {
		if alone(i) {
			blame = append(blame, i)
		}
	}
	for i := 0; i < len(keys) && len(blame) == 0; i++ {
		for j := i + 1; j < len(keys); j++ {
			if alone(i, j) {
				blame = append(blame, i, j)
				break
			}
		}
	}
	var where []string
	for _, i := range blame {
		name := keys[i].Name
		where = append(where, fmt.Sprintf("%s: %s", name, srcs[name].Describe()))
	}
	if len(where) == 0 {
		return fmt.Errorf("profile: %w", err)
	}
	return fmt.Errorf("profile: %w (%s)", err, strings.Join(where, "; "))
}

// Item is one key of a resolved profile, typed: a word or pace (Text), a number (Number), or
// neither when unknown, with its origin.
type Item struct {
	Key  string
	Unit string
	// Text is the value of a word key (sex, level, effort_model) or marathon_pace ("4:50");
	// empty for a number key or when unknown.
	Text string
	// Number is the value of a number key; NaN when unknown or not a number key.
	Number float64
	Origin
}

// Value is the item's value as JSON prints it: Text, Number, or nil when unknown.
func (it Item) Value() any {
	if it.Text != "" {
		return it.Text
	}
	if !math.IsNaN(it.Number) {
		return it.Number
	}
	return nil
}

// View is a resolved profile as reports print it: every key in DESIGN.md's order.
type View []Item

// NewView lists p's values with their origins.
func NewView(p analysis.Profile, srcs Sources) View {
	v := make(View, 0, len(keys))
	for _, k := range keys {
		it := Item{Key: k.Name, Unit: k.Unit, Number: math.NaN(), Origin: srcs[k.Name]}
		switch x := k.Value(p).(type) {
		case float64:
			it.Number = x
		case string:
			it.Text = x
		}
		v = append(v, it)
	}
	return v
}
