package analysis

import (
	"encoding/json"
	"math"
	"testing"
)

// TestNullFloatJSON: a NullFloat reads what encoding/json reads into a float64, null as NaN,
// and refuses what it refuses, also when called directly with what strconv alone would take.
func TestNullFloatJSON(t *testing.T) {
	for _, in := range []string{`0`, `-0`, `12`, `-3.25`, `1e3`, `1E-7`, `-2.5e+10`, `123456789012345678901234567890`, `"1"`, `true`, `[]`, `{}`} {
		var f float64
		ferr := json.Unmarshal([]byte(in), &f)
		var n NullFloat
		nerr := json.Unmarshal([]byte(in), &n)
		if (ferr == nil) != (nerr == nil) {
			t.Errorf("%s: float64 error %v, NullFloat error %v", in, ferr, nerr)
			continue
		}
		if ferr == nil && float64(n) != f {
			t.Errorf("%s: NullFloat %v, float64 %v", in, float64(n), f)
		}
	}
	var n NullFloat
	if err := json.Unmarshal([]byte(`null`), &n); err != nil || !math.IsNaN(float64(n)) {
		t.Errorf("null: %v, %v; want NaN", float64(n), err)
	}
	for _, in := range []string{`-Inf`, `0x1p4`, `1_0`, `Infinity`, `NaN`, `+1`} {
		var n NullFloat
		if err := n.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("UnmarshalJSON(%s): %v, want an error as encoding/json gives", in, float64(n))
		}
	}
}

// TestReasonJSONText: a reason stored as text (an earlier version's) reads as a text reason,
// and null as an empty one, as they did before reasons skipped decoding objects as text.
func TestReasonJSONText(t *testing.T) {
	var rs []Reason
	if err := json.Unmarshal([]byte(`["said so", null, {"code":"long"}]`), &rs); err != nil || len(rs) != 3 {
		t.Fatalf("reasons: %+v, %v", rs, err)
	}
	if rs[0].Code != ReasonText || rs[0].Words["text"] != "said so" || rs[1].Code != ReasonText || rs[1].Words["text"] != "" || rs[2].Code != "long" {
		t.Errorf("reasons: got %+v, want said so, empty text, long", rs)
	}
}
