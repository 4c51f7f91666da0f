package squad

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/report"
	"github.com/easyday/easyday/season"
)

// TestDigestAdviceOnce: the advice names its day itself ("Tomorrow (Mon 7 Dec): …"), so the
// digest prints it as it is, in text and Markdown, without a second "tomorrow:" before it.
func TestDigestAdviceOnce(t *testing.T) {
	today := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	hard := season.Session{Day: today, Class: analysis.ClassIntervals, Hard: true, Load: 120,
		MovingS: 3000, DistanceM: 10000, AvgHR: 160, Decoupling: math.NaN(), GAPSPerKm: math.NaN()}
	a, err := report.NewAdvice([]season.Session{hard}, analysis.DefaultProfile(), today.AddDate(0, 0, 1), today, report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Text, "Tomorrow (Mon 7 Dec): ") {
		t.Fatalf("advice %q, want it to name tomorrow", a.Text)
	}
	e := Entry{Key: "anna", Name: "Anna Berg", Advice: a.Text,
		Flags: []report.Flag{{Kind: report.FlagLoadSpike, Severity: analysis.SeverityWarning, Week: "2026-W49", Message: "a spike"}}}
	for format, line := range map[string]string{"text": "\n  Tomorrow (Mon 7 Dec): ", "md": "\n\nTomorrow (Mon 7 Dec): "} {
		var b bytes.Buffer
		if err := WriteDigest(&b, []Entry{e}, format); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(strings.ToLower(b.String()), "tomorrow"); n != 1 || !strings.Contains(b.String(), line) {
			t.Errorf("%s digest says tomorrow %d times, want once, in a line starting %q:\n%s", format, n, line[1:], b.String())
		}
	}
}
