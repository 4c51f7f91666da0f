package ingest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/easyday/easyday/analysis"
)

// storedSample is a stored analysis whose variants differ from its result, as the store
// keeps it now (result first), and as older easydays kept it (variants first).
func storedSample(t testing.TB) (result analysis.Result, now, older json.RawMessage) {
	t.Helper()
	result = analysis.Result{Class: analysis.ClassRecovery, Reasons: []analysis.Reason{{Code: "after_hard"}},
		Effort: analysis.Effort{Avg: 0.62, TRIMP: 41.5}}
	v := analysis.Variants{Alone: analysis.Result{Class: analysis.ClassEasy}, Calm: analysis.Result{Class: analysis.ClassEasy},
		AfterHard: result}
	now, err := encodeStored(Stored{Profile: "p", Rules: analysis.RulesVersion, Zone: "UTC", Variants: v, Result: &result})
	if err != nil {
		t.Fatal(err)
	}
	rawV, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	rawR, err := json.Marshal(result)
	if err != nil {
		t.Fatal(err)
	}
	older = json.RawMessage(`{"profile":"p","rules":5,"zone":"UTC","variants":` + string(rawV) + `,"result":` + string(rawR) + `}`)
	return result, now, older
}

// TestStoredResult: the result is read whichever order the stored JSON has it in; a stored
// analysis without one, with a null one, or that is not JSON has none.
func TestStoredResult(t *testing.T) {
	want, now, older := storedSample(t)
	if i, j := strings.Index(string(now), `"result"`), strings.Index(string(now), `"variants"`); i < 0 || j < 0 || i > j {
		t.Errorf("stored JSON: result at %d, variants at %d; want the result first", i, j)
	}
	for name, raw := range map[string]json.RawMessage{"now": now, "older": older} {
		got, ok := StoredResult(raw)
		if !ok {
			t.Errorf("%s: no result", name)
		}
		if d := cmp.Diff(want, got, cmpopts.EquateNaNs()); d != "" {
			t.Errorf("%s: result (-want +got):\n%s", name, d)
		}
	}
	for _, raw := range []string{``, `null`, `[]`, `{"profile":"p"}`, `{"profile":"p","result":null}`, `{"result":{"Class":`, `{"profile":1,`, `"x"`, `{"result":3}`} {
		if _, ok := StoredResult(json.RawMessage(raw)); ok {
			t.Errorf("StoredResult(%q): ok, want none", raw)
		}
	}
	// What it does not check: after the result (the store wrote the JSON); the first result.
	for raw, class := range map[string]analysis.Class{
		`{"result":{"Class":"easy"},"variants":`:                analysis.ClassEasy,
		`{"result":{"Class":"easy"}} trailing`:                  analysis.ClassEasy,
		`{"result":{"Class":"easy"},"result":{"Class":"long"}}`: analysis.ClassEasy,
		`{"result":{}}`: "",
	} {
		if got, ok := StoredResult(json.RawMessage(raw)); !ok || got.Class != class {
			t.Errorf("StoredResult(%q): %q, %t; want %q", raw, got.Class, ok, class)
		}
	}
	if _, ok := StoredResult(nil); ok {
		t.Errorf("StoredResult(nil): ok, want none")
	}
}

// BenchmarkStoredResult reads the result of a stored analysis as the store keeps it now, and
// as older easydays kept it (the variants first: read through).
func BenchmarkStoredResult(b *testing.B) {
	_, now, older := storedSample(b)
	for name, raw := range map[string]json.RawMessage{"now": now, "older": older} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				if _, ok := StoredResult(raw); !ok {
					b.Fatal("no result")
				}
			}
		})
	}
}
