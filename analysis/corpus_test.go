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
// that carries a device session summary with that summary: distance within 1% (where the device
// says over 100 m), moving time within 2% of the timer time (over 60 s), average HR within
// 1 bpm (where the device gives one). Each metric must agree for at least 95% of the sessions
// it applies to; every disagreement is printed, and so is the share of sessions on which all
// three agree at once (README "Where easyday and the device disagree" explains each).
func TestFITDeviceSummaries(t *testing.T) {
	dir := corpus.Dir(t)
	type tally struct{ agree, total int }
	var dist, moving, hr, all tally
	var vacuous int
	for _, e := range corpus.Manifest(t) {
		if e.Format != "fit" || e.Bad() || e.NonActivity() || e.EveryDecoderFails() {
			continue
		}
		for _, a := range decodeFile(t, filepath.Join(dir, e.File)) {
			d := a.Summary
			if d == nil || len(a.Samples) == 0 {
				continue
			}
			s := analysis.Summarize(&a)
			if !(d.DistanceM > 100 || d.TimerS > 60 || d.AvgHR > 0) {
				vacuous++ // under 100 m, under a minute, no HR: nothing to compare
			}
			all.total++
			bad := agreement(s, d.DistanceM, d.TimerS, d.AvgHR)
			if len(bad) == 0 {
				all.agree++
			} else {
				t.Logf("disagrees %s#%d (%s, moving from %s, distance from %s): %s", e.File, a.Source.Session,
					a.Sport, s.MovingFrom, s.DistanceFrom, strings.Join(bad, "; "))
			}
			nan := math.NaN()
			if d.DistanceM > 100 {
				dist.total++
				if len(agreement(s, d.DistanceM, nan, nan)) == 0 {
					dist.agree++
				}
			}
			if d.TimerS > 60 {
				moving.total++
				if len(agreement(s, nan, d.TimerS, nan)) == 0 {
					moving.agree++
				}
			}
			if d.AvgHR > 0 {
				hr.total++
				if len(agreement(s, nan, nan, d.AvgHR)) == 0 {
					hr.agree++
				}
			}
		}
	}
	t.Logf("FIT sessions on which all three agree with the device: %d of %d (%.1f%%); "+
		"%d of them have nothing to compare (under 100 m and a minute, no HR): without them %d of %d (%.1f%%)",
		all.agree, all.total, 100*float64(all.agree)/float64(all.total), vacuous,
		all.agree-vacuous, all.total-vacuous, 100*float64(all.agree-vacuous)/float64(all.total-vacuous))
	for _, m := range []struct {
		name string
		t    tally
	}{{"distance", dist}, {"moving time", moving}, {"average HR", hr}} {
		share := float64(m.t.agree) / float64(m.t.total)
		t.Logf("%s agrees on %d of %d sessions (%.1f%%)", m.name, m.t.agree, m.t.total, 100*share)
		if m.t.total == 0 || share < 0.95 {
			t.Errorf("%s agrees on only %d of %d sessions (%.1f%%); want at least 95%%", m.name, m.t.agree, m.t.total, 100*share)
		}
	}
}
