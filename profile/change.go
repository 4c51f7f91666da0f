package profile

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Change is one change to the stored profile: a key set to a value (in the form Key.Parse
// returns) or, with Unset, removed.
type Change struct {
	Key   string
	Value string
	Unset bool
}

// ParseChanges checks `profile --set key=value` and `--unset key` arguments: known keys, each
// once, values that parse. Every error is the user's to fix.
func ParseChanges(set, unset []string) ([]Change, error) {
	seen := map[string]string{}
	var out []Change
	known := func(flag, key string) (Key, error) {
		if _, ok := settingKeys[key]; ok {
			return Key{}, fmt.Errorf("%s %s: not a profile key; use --%s, or %s in the config file", flag, key, key, key)
		}
		k, ok := Lookup(key)
		if !ok {
			return k, fmt.Errorf("%s: unknown profile key %q; the keys are %s", flag, key, Names())
		}
		if prev, dup := seen[key]; dup {
			return k, fmt.Errorf("%s %s: %s already given (%s)", flag, key, key, prev)
		}
		seen[key] = flag + " " + key
		return k, nil
	}
	for _, kv := range set {
		key, value, ok := strings.Cut(kv, "=")
		key = strings.TrimSpace(key)
		if !ok {
			return nil, fmt.Errorf("--set %q: want key=value", kv)
		}
		k, err := known("--set", key)
		if err != nil {
			return nil, err
		}
		text, err := k.Parse(value)
		if err != nil {
			return nil, err
		}
		out = append(out, Change{Key: key, Value: text})
	}
	for _, key := range unset {
		key = strings.TrimSpace(key)
		if _, err := known("--unset", key); err != nil {
			return nil, err
		}
		out = append(out, Change{Key: key, Unset: true})
	}
	return out, nil
}

// Apply returns the stored values after changes, the values set with detail ("set on
// 2026-11-25"). It refuses, saying why, changes that would make a profile that resolves under
// cfg one that does not; a profile already wrong may be changed (to fix it).
func Apply(stored map[string]Stored, changes []Change, cfg Config, detail string) (map[string]Stored, error) {
	_, _, curErr := Resolve(stored, cfg)
	next := make(map[string]Stored, len(stored))
	for k, v := range stored {
		next[k] = v
	}
	for _, c := range changes {
		if c.Unset {
			delete(next, c.Key)
		} else {
			next[c.Key] = Stored{Value: c.Value, Source: Set, Detail: detail}
		}
	}
	if _, _, err := Resolve(next, cfg); err != nil && curErr == nil {
		return stored, fmt.Errorf("not changed: %w", err)
	}
	return next, nil
}

// EstimateText writes an estimate of the key as the store keeps it: a pace as m:ss, a heart
// rate as whole bpm; "" for NaN.
func (k Key) EstimateText(v float64) string {
	switch {
	case math.IsNaN(v):
		return ""
	case k.Name == "marathon_pace":
		return PaceText(v)
	}
	return strconv.Itoa(int(math.Round(v)))
}
