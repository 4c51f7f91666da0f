package analysis_test

import (
	"flag"
	"fmt"
	"testing"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/rulestest"
)

var update = flag.Bool("update", false, "record the analysis results of TestAnalysisRulesVersion in testdata/rules.golden")

// rulesProfiles are the profiles TestAnalysisRulesVersion analyses under: nothing known, and
// everything known under each effort model.
func rulesProfiles() []analysis.Profile {
	var ps []analysis.Profile
	ps = append(ps, analysis.DefaultProfile())
	for _, m := range []analysis.EffortModel{analysis.ModelHRMax, analysis.ModelHRR, analysis.ModelLTHR} {
		p := analysis.DefaultProfile()
		p.MaxHR, p.RestingHR, p.LTHR, p.Age, p.MarathonPace, p.Sex = 188, 48, 170, 41, 4*60+50, analysis.SexFemale
		p.EffortModel = m
		ps = append(ps, p)
	}
	return ps
}

// TestAnalysisRulesVersion makes forgetting analysis.RulesVersion hard: it analyses every
// activity of the fixtures in ../testdata and of the shared corpus (where present) under
// several profiles (Summarize, the variants, and each file's activities as a season) and
// compares a digest of every result with the one recorded in testdata/rules.golden under the
// rules version. A result that changed while the version did not fails; once the version is
// raised, -update records the new results. The input recorded is what the importer decoded,
// not the file's bytes: a decoding change (importer.RulesFIT...) gives new inputs here, which
// -update records under the same analysis version.
func TestAnalysisRulesVersion(t *testing.T) {
	got := map[string]rulestest.Entry{}
	read := func(name string, data []byte) {
		acts, err := importer.Decode(name, data, importer.Options{})
		if err != nil || len(acts) == 0 {
			return // nothing to analyse
		}
		var results []any
		for _, p := range rulesProfiles() {
			items := make([]analysis.SeasonItem, len(acts))
			for i := range acts {
				s, v := analysis.SummarizeVariants(&acts[i], p)
				results = append(results, s, v)
				items[i] = analysis.SeasonItem{Start: acts[i].Start, Analyze: v.In}
			}
			results = append(results, analysis.AnalyzeSeason(items, time.UTC))
		}
		got[name] = rulestest.Entry{Content: rulestest.Digest(acts)[:16], Group: "analysis",
			Version: analysis.RulesVersion, Digest: rulestest.Digest(results)}
	}
	rulestest.Inputs(t, "..", read)
	if len(got) == 0 {
		t.Fatal("no activity analysed")
	}
	rulestest.Check(t, "testdata/rules.golden", got, func(_ string, v int) string {
		return fmt.Sprintf("raise analysis.RulesVersion to %d in analysis/rules.go, then run go test ./analysis -run TestAnalysisRulesVersion -update", v+1)
	}, *update)
}
