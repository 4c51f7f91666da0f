package analysis_test

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/corpus"
)

func relDiff(a, b float64) float64 { return math.Abs(a-b) / b }

// TestSameRunThreeFormats: one run (sportslib 6782987395) exported by Garmin Connect as FIT,
// GPX and TCX must give the same start, distance and duration: distance within 1%, time within
// 2%. FIT and TCX carry the watch's distance stream (here from a Stryd foot pod); GPX carries
// positions only, so its distance is the geodesic length of the track, compared with the same
// measure over the FIT's own positions, and its gap to the foot pod's distance is reported.
func TestSameRunThreeFormats(t *testing.T) {
	dir := corpus.Dir(t)
	fit := decodeFile(t, filepath.Join(dir, "fit", "sportslib__6782987395.fit"))[0]
	gpx := decodeFile(t, filepath.Join(dir, "gpx", "sportslib__6782987395.gpx"))[0]
	tcx := decodeFile(t, filepath.Join(dir, "tcx", "sportslib__6782987395.tcx"))[0]
	sf, sg, st := analysis.Summarize(&fit), analysis.Summarize(&gpx), analysis.Summarize(&tcx)
	for _, x := range []struct {
		name string
		s    analysis.Summary
	}{{"fit", sf}, {"gpx", sg}, {"tcx", st}} {
		t.Logf("%s: elapsed %.0f s, moving %.0f s (%s), distance %.0f m (%s), avg HR %.1f",
			x.name, x.s.ElapsedS, x.s.MovingS, x.s.MovingFrom, x.s.DistanceM, x.s.DistanceFrom, x.s.AvgHR)
	}
	for _, a := range []struct {
		name  string
		start float64
	}{{"gpx", gpx.Start.Sub(fit.Start).Seconds()}, {"tcx", tcx.Start.Sub(fit.Start).Seconds()}} {
		if math.Abs(a.start) > 5 {
			t.Errorf("%s starts %.0f s from the FIT", a.name, a.start)
		}
	}
	for _, x := range []struct {
		name string
		s    analysis.Summary
	}{{"gpx", sg}, {"tcx", st}} {
		if d := relDiff(x.s.ElapsedS, sf.ElapsedS); d > 0.02 {
			t.Errorf("%s elapsed %.0f s vs FIT %.0f s: %.1f%% apart", x.name, x.s.ElapsedS, sf.ElapsedS, 100*d)
		}
		if math.Abs(x.s.AvgHR-sf.AvgHR) > 1 {
			t.Errorf("%s avg HR %.1f vs FIT %.1f", x.name, x.s.AvgHR, sf.AvgHR)
		}
	}
	if d := relDiff(st.DistanceM, sf.DistanceM); d > 0.01 {
		t.Errorf("tcx distance %.0f m vs FIT %.0f m: %.2f%% apart", st.DistanceM, sf.DistanceM, 100*d)
	}
	// The FIT's positions measured the way a GPX is.
	positions := fit
	positions.Samples = append(positions.Samples[:0:0], fit.Samples...)
	for i := range positions.Samples {
		positions.Samples[i].Distance = math.NaN()
	}
	geo, from := analysis.Distance(&positions)
	if from != "gps" {
		t.Fatalf("distance from %q, want gps", from)
	}
	if d := relDiff(sg.DistanceM, geo); d > 0.01 {
		t.Errorf("gpx distance %.0f m vs the FIT's positions %.0f m: %.2f%% apart", sg.DistanceM, geo, 100*d)
	}
	t.Logf("gpx %.0f m by GPS is %.2f%% from the foot pod's %.0f m; the FIT's own positions give %.0f m",
		sg.DistanceM, 100*relDiff(sg.DistanceM, sf.DistanceM), sf.DistanceM, geo)
	// Moving time: the FIT has timer events (the watch's auto-pause was off, so standing at
	// lights counts). The TCX's tracks add up to its laps' timer, so they are its timer
	// (importer.TCXTimer) and it must give what the FIT gives. The GPX has no timer and falls to
	// the pause rule, which leaves standing out: the FIT's samples under the pause rule must
	// give what the GPX gives.
	if st.MovingFrom != "timer" || relDiff(st.MovingS, sf.MovingS) > 0.02 {
		t.Errorf("tcx moving %.0f s (%s) vs the FIT's %.0f s (%s)", st.MovingS, st.MovingFrom, sf.MovingS, sf.MovingFrom)
	}
	noTimer := fit
	noTimer.Timer = nil
	if m := analysis.Moving(&noTimer); relDiff(sg.MovingS, m.Seconds) > 0.02 {
		t.Errorf("gpx moving %.0f s vs the FIT's samples under the pause rule %.0f s", sg.MovingS, m.Seconds)
	}
}
