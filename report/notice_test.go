package report

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/profile"
)

// TestNotices: a profile without what the effort model needs is said at the top of every
// format, with what to set; a profile with it says nothing.
func TestNotices(t *testing.T) {
	d := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	nohr := sessionInput(2, 18, analysis.ClassEasy)
	nohr.Activity.AvgHR = Float(math.NaN())
	nohr.Result.Effort = analysis.Effort{Avg: math.NaN(), Source: analysis.EffortFromUnknown, TRIMP: math.NaN()}
	in := []Input{sessionInput(1, 17, analysis.ClassEasy), nohr}
	for _, tc := range []struct {
		name string
		edit func(*analysis.Profile)
		want []string // the beginnings of the notices
	}{
		{"complete", func(*analysis.Profile) {}, nil},
		{"no max_hr", func(p *analysis.Profile) { p.MaxHR = math.NaN() }, []string{"No max_hr in the profile, set or estimated"}},
		{"lthr model without lthr", func(p *analysis.Profile) { p.EffortModel, p.LTHR = analysis.ModelLTHR, math.NaN() },
			[]string{"No lthr in the profile (effort model lthr)"}},
		{"lthr model without max_hr", func(p *analysis.Profile) { p.EffortModel, p.MaxHR = analysis.ModelLTHR, math.NaN() },
			[]string{"No max_hr in the profile: load (TRIMP) is unknown"}},
		{"no marathon pace, a run without effort", func(p *analysis.Profile) { p.MarathonPace = math.NaN() },
			[]string{"No marathon_pace in the profile"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := testProfile()
			tc.edit(&p)
			r := Build(in, p, nil, time.UTC, d, d)
			if len(r.Notices) != len(tc.want) {
				t.Fatalf("notices %q, want %d", r.Notices, len(tc.want))
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(r.Notices[i], w) || !strings.Contains(r.Notices[i], "easyday profile --set") {
					t.Errorf("notice %q, want it to begin %q and say what to set", r.Notices[i], w)
				}
			}
			for _, f := range []string{"text", "md", "json", "html"} {
				var b bytes.Buffer
				var err error
				switch f {
				case "text":
					err = WriteText(&b, r, Options{})
				case "md":
					err = WriteMarkdown(&b, r, Options{})
				case "json":
					err = WriteJSON(&b, r, Options{})
				case "html":
					err = WriteHTMLWeek(&b, r, r.Weeks[0], Options{})
				}
				if err != nil {
					t.Fatal(err)
				}
				out := b.String()
				if f == "json" {
					var j struct {
						Notices []string `json:"notices"`
					}
					if err := json.Unmarshal(b.Bytes(), &j); err != nil || len(j.Notices) != len(tc.want) {
						t.Errorf("json notices %q (%v), want %d", j.Notices, err, len(tc.want))
					}
					continue
				}
				marker := map[string]string{"text": "\n2026-W47", "md": "\n## 2026-W47", "html": "<h2>"}[f]
				top := out[:max(0, strings.Index(out, marker))] // before the first week or section
				top = strings.ReplaceAll(top, `\_`, "_")        // Markdown escapes
				for _, w := range tc.want {
					if !strings.Contains(strings.Join(strings.Fields(top), " "), w) {
						t.Errorf("%s: %q not at the top:\n%s", f, w, top)
					}
				}
				if len(tc.want) == 0 && strings.Contains(out, "Note:") {
					t.Errorf("%s: a note with a complete profile:\n%s", f, top)
				}
			}
		})
	}
}

// TestTextProfileLine: the text report says in one line what of the profile the verdict used,
// with each value's source, and nothing of it when quiet.
func TestTextProfileLine(t *testing.T) {
	d := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	p := testProfile()
	pv := profile.View{{Key: "max_hr", Number: 190, Origin: profile.Origin{Source: profile.Estimated, Detail: "a long detail that the line leaves out"}},
		{Key: "marathon_pace", Text: "4:50", Number: math.NaN(), Origin: profile.Origin{Source: profile.Set}}}
	r := Build([]Input{sessionInput(1, 17, analysis.ClassEasy)}, p, pv, time.UTC, d, d)
	var b bytes.Buffer
	if err := WriteText(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(b.String(), "\n")
	if want := "Profile: max HR 190 bpm (estimated), marathon pace 4:50/km (set), recovery ≤ 70% and ≤ 40 min"; first != want {
		t.Errorf("first line %q, want %q", first, want)
	}
	b.Reset()
	if err := WriteText(&b, r, Options{Quiet: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Profile:") || strings.Contains(b.String(), "190 bpm") {
		t.Errorf("quiet text report says the profile:\n%s", b.String())
	}
}
