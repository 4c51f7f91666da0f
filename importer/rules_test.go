package importer_test

import (
	"fmt"
	"testing"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/rulestest"
)

// TestRulesVersion makes forgetting importer.RulesFIT, RulesGPX or RulesTCX hard: it decodes
// every fixture in ../testdata and every file of the shared corpus (where present) and
// compares a digest of every decoded value with the one recorded in testdata/rules.golden
// under the rules version of the file's format. A result that changed while the version did
// not fails with the constant to raise; once raised, -update records the new results (and
// refuses to record a changed result under an unchanged version).
func TestRulesVersion(t *testing.T) {
	got := map[string]rulestest.Entry{}
	read := func(name string, data []byte) {
		acts, err := importer.Decode(name, data, importer.Options{})
		f := importer.FormatOf(data)
		if len(acts) > 0 {
			f = acts[0].Source.Format
		}
		result := any(acts)
		if err != nil {
			result = "failed" // the wording of an error is no result
		}
		got[name] = rulestest.Entry{Content: rulestest.Content(data), Group: string(f),
			Version: importer.RulesVersion(f), Digest: rulestest.Digest(result)}
	}
	rulestest.Inputs(t, "..", read)
	rulestest.Check(t, "testdata/rules.golden", got, func(group string, v int) string {
		name := map[string]string{string(activity.FormatFIT): "importer.RulesFIT",
			string(activity.FormatGPX): "importer.RulesGPX", string(activity.FormatTCX): "importer.RulesTCX"}[group]
		if name == "" {
			name = "one of importer.RulesFIT, RulesGPX and RulesTCX"
		}
		return fmt.Sprintf("raise %s to %d in importer/rules.go, then run go test ./importer -run TestRulesVersion -update", name, v+1)
	}, *importer.Update)
}
