// profile.go is one piece past 600 lines because the profile's keys, their precedence and
// their estimation share the key table at its heart (issue 16 moves it to a package).

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/ingest"
	"github.com/easyday/easyday/store"
)

type profileOptions struct {
	*globalOptions
	set      []string
	unset    []string
	estimate bool
	json     bool
	now      func() time.Time
}

func newProfileCmd(g *globalOptions) *cobra.Command {
	o := &profileOptions{globalOptions: g, now: time.Now}
	cmd := &cobra.Command{
		Use:   "profile [--set key=value]... [--unset key]... [--estimate] [--json]",
		Short: "Show the athlete profile; set values; estimate missing ones from stored data",
		Long: `profile shows the athlete profile the analysis uses: each key with its value, where the
value came from and how. A value is "set" (with --set, or in the config file), "estimated"
(by --estimate, from stored activities), or "default".

Keys: max_hr, resting_hr, lthr (bpm), age (years), sex (male|female), marathon_pace (m:ss
per km), level (beginner|intermediate|advanced), effort_model (hrmax|hrr|lthr),
recovery_ceiling and easy_ceiling (0.3–1 of max effort, or a percentage; 0.70 and 0.75 by
default), recovery_max_min and long_run_min (minutes). The config file (--config) may hold any of them, and tz and units, as TOML:
max_hr = 190, marathon_pace = "4:50", tz = "Europe/Berlin".

Precedence: a value set with --set wins over the config file, which wins over an estimate,
which wins over the default. recovery_max_min defaults by level (30, 40, 45 minutes); without
a max_hr set or estimated, an age gives Tanaka's 208 − 0.7 × age.

--estimate fills what is not set from the activities of the last 12 months of data (to the
latest stored activity; import and sync do the same on their own while max_hr, or lthr for
the lthr model, is not set): max HR as a
robust high of the heart rate held for 30 s (never one spike), LTHR as 0.95 × the best 20-min
average heart rate of a run (Friel), marathon pace by Riegel (exponent 1.06) from the best
5 km, 10 km, half or full marathon stretch of an outdoor run. Activity files carry no resting
heart rate: set it. Each estimate names the activities it came from.

After any change, every stored activity is analysed again under the new profile; like import,
that takes the store's lock (exit 3 while another import or sync holds it).`,
		Example: `  easyday profile
  easyday profile --set max_hr=190 --set marathon_pace=4:50 --set level=advanced
  easyday profile --estimate
  easyday profile --unset lthr --json
  easyday --config ~/coaching/anna.toml --db anna.db profile`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return runProfile(cmd.Context(), o) },
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.set, "set", nil, "set a profile value: `key=value` (repeatable)")
	f.StringArrayVar(&o.unset, "unset", nil, "remove a stored profile `key` (repeatable)")
	f.BoolVar(&o.estimate, "estimate", false, "estimate what is not set from the activities of the last 12 months")
	f.BoolVar(&o.json, "json", false, "print JSON")
	return cmd
}

// Where a profile value came from.
const (
	sourceSet       = "set"       // profile --set, or the config file
	sourceEstimated = "estimated" // profile --estimate, or Tanaka from age
	sourceDefault   = "default"
)

// valueSource says where one profile value came from, and how.
type valueSource struct {
	Source string `json:"source"`
	Detail string `json:"detail"`
}

// profileSources holds the source of every profile key.
type profileSources map[string]valueSource

// profileKey is one key of the athlete profile (DESIGN.md "The athlete profile").
type profileKey struct {
	name string
	// want says what a value looks like, for errors.
	want string
	// apply parses text into p; false when it does not parse.
	apply func(p *analysis.Profile, text string) bool
	// format gives p's value as text apply takes back; "" when unknown.
	format func(p analysis.Profile) string
	// unit follows a value in the table.
	unit string
	// json gives p's value for JSON: a number, a string, or nil when unknown.
	json func(p analysis.Profile) any
	// unknown says what an unknown value means, or what the default is.
	unknown string
}

// parse checks a value for the key and returns it in canonical form; the error names the key
// and value and says what is wrong.
func (k profileKey) parse(text string) (string, error) {
	p := analysis.DefaultProfile()
	if !k.apply(&p, strings.TrimSpace(text)) {
		return "", fmt.Errorf("%s %s: want %s", k.name, text, k.want)
	}
	if err := p.Validate(); err != nil {
		return "", err
	}
	return k.format(p), nil
}

func numberKey(name, want, unit, unknown string, field func(*analysis.Profile) *float64) profileKey {
	return profileKey{name: name, want: want, unit: unit, unknown: unknown,
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
		json: func(p analysis.Profile) any {
			if v := *field(&p); !math.IsNaN(v) {
				return v
			}
			return nil
		},
	}
}

func wordKey(name, unknown string, words []string, field func(*analysis.Profile) *string) profileKey {
	want := strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
	return profileKey{name: name, want: want, unknown: unknown,
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
		json: func(p analysis.Profile) any {
			if v := *field(&p); v != "" {
				return v
			}
			return nil
		},
	}
}

var paceRE = regexp.MustCompile(`^(\d{1,2}):([0-5]\d)(?:\s*/\s*km)?$`)

// profileKeys are the profile keys, in DESIGN.md's order.
var profileKeys = func() []profileKey {
	bpm := "a heart rate in bpm"
	minutes := "a number of minutes"
	keys := []profileKey{
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
			name: "marathon_pace", want: "m:ss per km",
			unknown: "unknown: set it or run profile --estimate",
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
			format: func(p analysis.Profile) string { return paceText(p.MarathonPace) },
			json: func(p analysis.Profile) any {
				if s := paceText(p.MarathonPace); s != "" {
					return s
				}
				return nil
			},
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
	for i := range keys {
		if keys[i].name == "recovery_ceiling" || keys[i].name == "easy_ceiling" {
			number := keys[i].apply
			keys[i].apply = func(p *analysis.Profile, text string) bool {
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
	return keys
}()

// profileKeyNamed returns the profile key called name.
func profileKeyNamed(name string) (profileKey, bool) {
	for _, k := range profileKeys {
		if k.name == name {
			return k, true
		}
	}
	return profileKey{}, false
}

func profileKeyNames() string {
	names := make([]string, len(profileKeys))
	for i, k := range profileKeys {
		names[i] = k.name
	}
	return strings.Join(names, ", ")
}

// paceText writes seconds per km as m:ss, "" for NaN.
func paceText(s float64) string {
	if math.IsNaN(s) {
		return ""
	}
	n := int(math.Round(s))
	return fmt.Sprintf("%d:%02d", n/60, n%60)
}

// openWithProfile opens the store and loads the effective profile (loadProfile); the caller
// closes the store.
func openWithProfile(ctx context.Context, g *globalOptions) (*store.Store, analysis.Profile, profileSources, error) {
	return openWith(ctx, g, store.Open)
}

// openWith opens the store with open and loads the effective profile (loadProfile); the
// caller closes the store.
func openWith(ctx context.Context, g *globalOptions, open func(context.Context, string) (*store.Store, error)) (*store.Store, analysis.Profile, profileSources, error) {
	st, err := open(ctx, g.db)
	if err != nil {
		return nil, analysis.Profile{}, nil, err
	}
	p, srcs, err := loadProfile(ctx, g, st)
	if err != nil {
		st.Close()
		return nil, analysis.Profile{}, nil, err
	}
	return st, p, srcs, nil
}

// loadProfile returns the effective athlete profile: the store's values and the config
// file's, over the defaults, with the source of each key. The error says which values are
// wrong and where they came from.
func loadProfile(ctx context.Context, g *globalOptions, st *store.Store) (analysis.Profile, profileSources, error) {
	stored, err := st.Profile(ctx)
	if err != nil {
		return analysis.DefaultProfile(), nil, err
	}
	return resolveProfile(stored, g.cfg)
}

// resolveProfile applies the precedence of the sources, key by key: set in the store, then the
// config file, then estimated in the store, then the default. recovery_max_min defaults by
// level; max_hr, neither set nor estimated, comes from age by Tanaka's formula. It returns
// what it could resolve even with an error.
func resolveProfile(stored map[string]store.ProfileValue, cfg config) (analysis.Profile, profileSources, error) {
	p := analysis.DefaultProfile()
	srcs := profileSources{}
	var problems []string
	for _, k := range profileKeys {
		var (
			text  string
			src   valueSource
			found = true
		)
		sv, inStore := stored[k.name]
		cv, inConfig := cfg.profile[k.name]
		switch {
		case inStore && sv.Source == store.SourceSet:
			text, src = sv.Value, valueSource{sourceSet, sv.Detail}
		case inConfig:
			text, src = cv, valueSource{sourceSet, "config file " + cfg.path}
		case inStore && sv.Source == store.SourceEstimated:
			text, src = sv.Value, valueSource{sourceEstimated, sv.Detail}
		default:
			found = false
		}
		if found && !k.apply(&p, text) {
			problems = append(problems, fmt.Sprintf("%s %q (%s): want %s", k.name, text, src.describe(), k.want))
			found = false
		}
		if !found {
			src = valueSource{sourceDefault, k.unknown}
		}
		srcs[k.name] = src
	}
	if srcs["recovery_max_min"].Source == sourceDefault {
		p.RecoveryMaxMin = analysis.DefaultRecoveryMaxMin(p.Level)
		srcs["recovery_max_min"] = valueSource{sourceDefault, fmt.Sprintf("the default for level %s", p.Level)}
	}
	if math.IsNaN(p.MaxHR) && !math.IsNaN(p.Age) {
		p.MaxHR = analysis.TanakaMaxHR(p.Age)
		srcs["max_hr"] = valueSource{sourceEstimated, fmt.Sprintf("Tanaka: 208 − 0.7 × age %g", p.Age)}
	}
	if len(problems) > 0 {
		return p, srcs, fmt.Errorf("profile: %s", strings.Join(problems, "; "))
	}
	return p, srcs, checkProfile(p, srcs)
}

// describe says where a value came from, in a few words.
func (s valueSource) describe() string {
	if s.Detail == "" {
		return s.Source
	}
	if s.Source == sourceSet {
		return s.Detail // "set on 2026-11-25", "config file ..."
	}
	return s.Source + ": " + s.Detail
}

// checkProfile validates p; the error names the offending keys and where their values came
// from.
func checkProfile(p analysis.Profile, srcs profileSources) error {
	err := p.Validate()
	if err == nil {
		return nil
	}
	// The keys that are wrong alone, else the pair that is wrong together.
	text := make([]string, len(profileKeys))
	for i, k := range profileKeys {
		text[i] = k.format(p)
	}
	alone := func(idx ...int) bool {
		q := analysis.DefaultProfile()
		for _, i := range idx {
			if text[i] != "" {
				profileKeys[i].apply(&q, text[i])
			}
		}
		return q.Validate() != nil
	}
	var blame []int
	for i := range profileKeys {
		if alone(i) {
			blame = append(blame, i)
		}
	}
	for i := 0; i < len(profileKeys) && len(blame) == 0; i++ {
		for j := i + 1; j < len(profileKeys); j++ {
			if alone(i, j) {
				blame = append(blame, i, j)
				break
			}
		}
	}
	var where []string
	for _, i := range blame {
		name := profileKeys[i].name
		where = append(where, fmt.Sprintf("%s: %s", name, srcs[name].describe()))
	}
	if len(where) == 0 {
		return fmt.Errorf("profile: %w", err)
	}
	return fmt.Errorf("profile: %w (%s)", err, strings.Join(where, "; "))
}

// profileChange is one --set or --unset.
type profileChange struct {
	key   string
	value string // canonical; "" for --unset
	unset bool
}

// parseProfileChanges checks the --set and --unset arguments.
func parseProfileChanges(set, unset []string) ([]profileChange, error) {
	seen := map[string]string{}
	var out []profileChange
	known := func(flag, key string) (profileKey, error) {
		if key == "tz" || key == "units" {
			return profileKey{}, usageError{fmt.Errorf("%s %s: not a profile key; use --%s, or %s in the config file", flag, key, key, key)}
		}
		k, ok := profileKeyNamed(key)
		if !ok {
			return k, usageError{fmt.Errorf("%s: unknown profile key %q; the keys are %s", flag, key, profileKeyNames())}
		}
		if prev, dup := seen[key]; dup {
			return k, usageError{fmt.Errorf("%s %s: %s already given (%s)", flag, key, key, prev)}
		}
		seen[key] = flag + " " + key
		return k, nil
	}
	for _, kv := range set {
		key, value, ok := strings.Cut(kv, "=")
		key = strings.TrimSpace(key)
		if !ok {
			return nil, usageError{fmt.Errorf("--set %q: want key=value", kv)}
		}
		k, err := known("--set", key)
		if err != nil {
			return nil, err
		}
		text, err := k.parse(value)
		if err != nil {
			return nil, usageError{err}
		}
		out = append(out, profileChange{key: key, value: text})
	}
	for _, key := range unset {
		key = strings.TrimSpace(key)
		if _, err := known("--unset", key); err != nil {
			return nil, err
		}
		out = append(out, profileChange{key: key, unset: true})
	}
	return out, nil
}

func runProfile(ctx context.Context, o *profileOptions) error {
	changes, err := parseProfileChanges(o.set, o.unset)
	if err != nil {
		return err
	}
	loc, err := o.location()
	if err != nil {
		return err
	}
	changing := len(changes) > 0 || o.estimate
	if changing {
		lock, err := store.Lock(o.db)
		if err != nil {
			return err
		}
		defer lock.Release()
	}
	st, err := store.Open(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()

	if len(changes) > 0 {
		if err := applyProfileChanges(ctx, o, st, changes, loc); err != nil {
			return err
		}
	}
	if o.estimate {
		say := func(format string, args ...any) {
			if !o.quiet {
				fmt.Fprintf(o.stderr, format+"\n", args...)
			}
		}
		if _, err := estimateProfile(ctx, o.globalOptions, st, say); err != nil {
			return err
		}
	}
	p, srcs, perr := loadProfile(ctx, o.globalOptions, st)
	if srcs == nil {
		return perr
	}
	if changing && perr == nil {
		n, err := ingest.Classify(ctx, st, p, loc)
		if err != nil {
			return fmt.Errorf("re-analyse: %w", err)
		}
		if !o.quiet {
			fmt.Fprintf(o.stderr, "re-analysed %d activities\n", n)
		}
	}
	if err := writeProfile(o, p, srcs); err != nil {
		return err
	}
	if perr != nil {
		return fmt.Errorf("%w; fix it with easyday profile --set or --unset%s", perr, configHint(o.cfg))
	}
	return nil
}

func configHint(cfg config) string {
	if cfg.path == "" {
		return ""
	}
	return ", or in " + cfg.path
}

// applyProfileChanges stores the --set and --unset changes, unless they would make a valid
// profile invalid.
func applyProfileChanges(ctx context.Context, o *profileOptions, st *store.Store, changes []profileChange, loc *time.Location) error {
	stored, err := st.Profile(ctx)
	if err != nil {
		return err
	}
	_, _, curErr := resolveProfile(stored, o.cfg)
	next := make(map[string]store.ProfileValue, len(stored))
	for k, v := range stored {
		next[k] = v
	}
	detail := "set on " + o.now().In(loc).Format("2006-01-02")
	for _, c := range changes {
		if c.unset {
			delete(next, c.key)
		} else {
			next[c.key] = store.ProfileValue{Value: c.value, Source: store.SourceSet, Detail: detail}
		}
	}
	if _, _, err := resolveProfile(next, o.cfg); err != nil && curErr == nil {
		return usageError{fmt.Errorf("not changed: %w", err)}
	}
	for _, c := range changes {
		if c.unset {
			if _, ok := stored[c.key]; !ok {
				o.log.Info("nothing stored to unset", "key", c.key)
			}
			if err := st.DeleteProfile(ctx, c.key); err != nil {
				return err
			}
			if _, ok := o.cfg.profile[c.key]; ok && !o.quiet {
				fmt.Fprintf(o.stderr, "%s is still set in %s\n", c.key, o.cfg.path)
			}
			continue
		}
		if err := st.SetProfile(ctx, c.key, c.value, store.SourceSet, detail); err != nil {
			return err
		}
	}
	return nil
}

// estimateProfile estimates the values that are not set from the activities of the last 12
// months of data (up to the latest stored activity, so that an old export estimates too) and
// stores them as estimated, each with what it came from. It tells the user what it found
// through say, and reports whether a stored value changed.
func estimateProfile(ctx context.Context, g *globalOptions, st *store.Store, say func(format string, args ...any)) (bool, error) {
	p, srcs, err := loadProfile(ctx, g, st)
	if srcs == nil {
		return false, err
	}
	_, now, err := st.Span(ctx)
	if err != nil || now.IsZero() {
		return false, err
	}
	list, err := st.Activities(ctx, store.Filter{From: now.AddDate(-1, 0, 0), To: now.Add(time.Second)})
	if err != nil {
		return false, err
	}
	var measured []analysis.Measure // one activity's samples in memory at a time
	for _, s := range list {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		run := s.Sport == activity.SportRunning
		if s.Summary.HRSamples == 0 && !(run && s.Summary.DistanceM >= analysis.EffortDistances[0]) {
			continue // nothing to learn from it
		}
		a, err := st.Activity(ctx, s.ID)
		if err != nil {
			return false, err
		}
		measured = append(measured, analysis.MeasureForEstimate(analysis.EstimateInput{ID: s.ID, Activity: &a, Summary: s.Summary}))
	}
	est := analysis.EstimateMeasured(measured, now, p.Age)
	g.log.Debug("estimate", "activities", est.Considered, "loaded", len(measured))
	stored, err := st.Profile(ctx)
	if err != nil {
		return false, err
	}
	changed := false
	for _, e := range []struct {
		key string
		v   analysis.Estimated
	}{
		{"max_hr", est.MaxHR}, {"resting_hr", est.RestingHR}, {"lthr", est.LTHR}, {"marathon_pace", est.MarathonPace},
	} {
		k, _ := profileKeyNamed(e.key)
		var text string
		if !math.IsNaN(e.v.Value) {
			if e.key == "marathon_pace" {
				text = paceText(e.v.Value)
			} else {
				text = strconv.Itoa(int(math.Round(e.v.Value)))
			}
		}
		switch {
		case srcs[e.key].Source == sourceSet:
			if text != "" && len(e.v.Activities) > 0 {
				say("%s: kept %s (%s); the data suggest %s", e.key, showValue(k, p, g.units), srcs[e.key].describe(), text)
			}
		case text == "" || len(e.v.Activities) == 0:
			// Nothing from the data (an estimate from age alone is not stored: the profile
			// derives it while age is known).
			if text == "" {
				say("%s: %s", e.key, e.v.Detail)
			}
		default:
			if _, err := k.parse(text); err != nil {
				say("%s: estimate not kept: %v (%s)", e.key, err, e.v.Detail)
				continue
			}
			old, ok := stored[e.key]
			if !ok || old.Value != text || old.Detail != e.v.Detail || old.Source != store.SourceEstimated {
				if err := st.SetProfile(ctx, e.key, text, store.SourceEstimated, e.v.Detail); err != nil {
					return false, err
				}
			}
			// Only a new value changes the analysis; a new detail ("of 280 activities") does not.
			changed = changed || !ok || old.Value != text || old.Source != store.SourceEstimated
			q := p
			k.apply(&q, text)
			say("estimated %s %s: %s", e.key, showValue(k, q, g.units), e.v.Detail)
		}
	}
	return changed, nil
}

// effortKey is the profile key the effort model of p needs: lthr for the lthr model, max_hr
// otherwise.
func effortKey(p analysis.Profile) string {
	if p.EffortModel == analysis.ModelLTHR {
		return "lthr"
	}
	return "max_hr"
}

// autoEstimate estimates the profile after an import that changed the store (touched), when
// the key the effort model needs is not set (DESIGN.md: no profile is no excuse): as soon as
// the data allow, and again as history grows. Set values are never overwritten. When a stored
// estimate changed, it analyses the stored activities again under the new profile, in the
// calendar of loc; the caller holds the store's lock. It returns the profile in effect.
func autoEstimate(ctx context.Context, g *globalOptions, st *store.Store, loc *time.Location, touched bool) (analysis.Profile, profileSources, error) {
	p, srcs, err := loadProfile(ctx, g, st)
	if err != nil || !touched || srcs[effortKey(p)].Source == sourceSet {
		return p, srcs, err
	}
	changed, err := estimateProfile(ctx, g, st, func(format string, args ...any) {
		g.log.Debug("profile", "estimate", fmt.Sprintf(format, args...))
	})
	if err != nil || !changed {
		return p, srcs, err
	}
	if p, srcs, err = loadProfile(ctx, g, st); err != nil {
		return p, srcs, err
	}
	n, err := ingest.Classify(ctx, st, p, loc)
	g.log.Debug("re-analysed activities for the estimated profile", "activities", n)
	return p, srcs, err
}

// profileItem is one key of the profile as `profile --json` prints it.
type profileItem struct {
	Value  any    `json:"value"`
	Source string `json:"source"`
	Detail string `json:"detail"`
}

// profileJSON encodes the profile as one object, its keys in DESIGN.md's order:
// {"max_hr": {"value": 190, "source": "set", "detail": "set on 2026-11-25"}, ...}.
func profileJSON(p analysis.Profile, srcs profileSources) (json.RawMessage, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range profileKeys {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(k.name)
		item, err := json.Marshal(profileItem{Value: k.json(p), Source: srcs[k.name].Source, Detail: srcs[k.name].Detail})
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(item)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeProfile(o *profileOptions, p analysis.Profile, srcs profileSources) error {
	if o.json {
		raw, err := profileJSON(p, srcs)
		if err != nil {
			return err
		}
		var out bytes.Buffer
		if err := json.Indent(&out, raw, "", "  "); err != nil {
			return err
		}
		out.WriteByte('\n')
		_, err = o.stdout.Write(out.Bytes())
		return err
	}
	tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "KEY\tVALUE\tSOURCE\tDETAIL\n")
	for _, k := range profileKeys {
		src := srcs[k.name]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.name, showValue(k, p, o.units), src.Source, src.Detail)
	}
	return tw.Flush()
}

// showValue writes a key's value of p for people: "190 bpm", "4:50/km", "-" when unknown.
func showValue(k profileKey, p analysis.Profile, units string) string {
	v := k.format(p)
	switch {
	case v == "":
		return "-"
	case k.name == "marathon_pace":
		if units == "imperial" {
			return fmt.Sprintf("%s/km (%s/mi)", v, paceText(p.MarathonPace*1.609344))
		}
		return v + "/km"
	case k.unit != "":
		return v + " " + k.unit
	}
	return v
}
