package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"testing"
)

// kmWords finds a distance or pace in kilometres in words: "5:50/km", "12.3 km", "per km".
var kmWords = regexp.MustCompile(`/km\b|\bkm\b`)

// TestImperialEverywhere: with --units imperial every pace and distance a report writes is in
// miles, the reasons and the flags' messages included, in every format; in metric they are in
// kilometres. JSON's numbers stay SI (their names say so); only its strings are checked.
func TestImperialEverywhere(t *testing.T) {
	r := demoReport(t)
	// The demo's weeks hold every kind of message: easy_too_hard and no_recovery as advice
	// among them.
	seen := map[string]bool{}
	for _, w := range r.Weeks {
		for _, f := range w.Flags {
			seen[string(f.Kind)] = true
			seen[string(f.Kind)+" "+string(f.Severity)] = true
		}
	}
	for _, want := range []string{"easy_too_hard", "recovery_too_hard", "recovery_too_fast", "no_recovery advice"} {
		if !seen[want] {
			t.Errorf("the demo report has no %s flag: its message goes unchecked", want)
		}
	}
	render := map[string]func(*bytes.Buffer, Options) error{
		"text": func(b *bytes.Buffer, o Options) error { return WriteText(b, r, o) },
		"md":   func(b *bytes.Buffer, o Options) error { return WriteMarkdown(b, r, o) },
		"html": func(b *bytes.Buffer, o Options) error {
			for _, wk := range r.Weeks {
				if err := WriteHTMLWeek(b, r, wk, o); err != nil {
					return err
				}
			}
			return WriteHTMLIndex(b, r, o)
		},
		"json": func(b *bytes.Buffer, o Options) error {
			var raw bytes.Buffer
			if err := WriteJSON(&raw, r, o); err != nil {
				return err
			}
			var v any
			if err := json.Unmarshal(raw.Bytes(), &v); err != nil {
				return err
			}
			writeStrings(b, v)
			return nil
		},
	}
	for format, fn := range render {
		for _, units := range []string{"metric", "imperial"} {
			var b bytes.Buffer
			if err := fn(&b, Options{Units: units}); err != nil {
				t.Fatalf("%s %s: %v", format, units, err)
			}
			out := b.String()
			km := kmWords.FindAllStringIndex(out, -1)
			mi := regexp.MustCompile(`/mi\b`).MatchString(out)
			switch {
			case units == "imperial" && len(km) > 0:
				i := km[0][0]
				t.Errorf("%s imperial: %d kilometre units, the first in %q", format, len(km), out[max(0, i-80):min(len(out), i+20)])
			case units == "imperial" && !mi:
				t.Errorf("%s imperial: no pace per mile at all", format)
			case units == "metric" && (len(km) == 0 || mi):
				t.Errorf("%s metric: %d kilometre units, pace per mile %v", format, len(km), mi)
			}
		}
	}
}

// writeStrings writes every string in a decoded JSON value, one per line.
func writeStrings(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case string:
		b.WriteString(x + "\n")
	case []any:
		for _, e := range x {
			writeStrings(b, e)
		}
	case map[string]any:
		for _, e := range x {
			writeStrings(b, e)
		}
	}
}
