package analysis_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/easyday/easyday/activity"
	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/importer"
	"github.com/easyday/easyday/internal/corpus"
)

// agreement compares recomputed metrics with reference totals: distance within 1% (over
// 100 m), moving time within 2% of the timer time (over 60 s), average HR within 1 bpm.
// It returns the disagreements in words; none means agreement.
func agreement(s analysis.Summary, distM, timerS, avgHR float64) []string {
	var bad []string
	if distM > 100 && !(math.Abs(s.DistanceM-distM)/distM <= 0.01) {
		bad = append(bad, fmt.Sprintf("distance %.1f vs %.1f m", s.DistanceM, distM))
	}
	if timerS > 60 && !(math.Abs(s.MovingS-timerS)/timerS <= 0.02) {
		bad = append(bad, fmt.Sprintf("moving %.1f vs timer %.1f s", s.MovingS, timerS))
	}
	if !math.IsNaN(avgHR) && avgHR > 0 && !(math.Abs(s.AvgHR-avgHR) <= 1) {
		bad = append(bad, fmt.Sprintf("avg HR %.1f vs %.0f bpm", s.AvgHR, avgHR))
	}
	return bad
}

func decodeFile(t *testing.T, path string) []activity.Activity {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	acts, err := importer.Decode(path, data, importer.Options{})
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return acts
}

// TestFITDeviceSummaries compares the recomputed metrics of every FIT activity of the corpus
// that carries a device session summary with that summary. At least 95% must agree; each
// disagreement is printed (README "Where easyday and the device disagree" explains them).
func TestFITDeviceSummaries(t *testing.T) {
	dir := corpus.Dir(t)
	var agree, total int
	for _, e := range corpus.Manifest(t) {
		if e.Format != "fit" || e.Bad() || e.NonActivity() || e.EveryDecoderFails() {
			continue
		}
		for _, a := range decodeFile(t, filepath.Join(dir, e.File)) {
			d := a.Summary
			if d == nil || len(a.Samples) == 0 {
				continue
			}
			total++
			s := analysis.Summarize(&a)
			if bad := agreement(s, d.DistanceM, d.TimerS, d.AvgHR); len(bad) > 0 {
				t.Logf("disagrees %s#%d (%s, moving from %s, distance from %s): %s", e.File, a.Source.Session,
					a.Sport, s.MovingFrom, s.DistanceFrom, strings.Join(bad, "; "))
				continue
			}
			agree++
		}
	}
	share := float64(agree) / float64(total)
	t.Logf("FIT sessions agreeing with the device summary: %d of %d (%.1f%%)", agree, total, 100*share)
	if share < 0.95 {
		t.Errorf("only %d of %d sessions (%.1f%%) agree with the device; want at least 95%%", agree, total, 100*share)
	}
}
