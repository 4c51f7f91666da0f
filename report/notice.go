package report

import (
	"math"

	"github.com/easyday/easyday/analysis"
)

// notices say, at the top of every format, what the report cannot judge for want of a profile
// value, and what to set (DESIGN.md: effort and flags are never silently empty). acts are the
// reported activities.
func notices(p analysis.Profile, acts []Activity) []string {
	out := []string{}
	hr, pace := false, false // a run or session with heart rate, a run without effort
	for i := range acts {
		a := &acts[i]
		if !math.IsNaN(float64(a.AvgHR)) {
			hr = true
		}
		if a.Class != analysis.ClassCross && a.EffortSource == analysis.EffortFromUnknown {
			pace = true
		}
	}
	switch {
	case p.EffortModel == analysis.ModelLTHR && !(p.LTHR > 0):
		out = append(out, "No lthr in the profile (effort model lthr), set or estimated: heart rate gives no effort, "+
			"no zones and no flag that needs them. Set it: easyday profile --set lthr=170 (your lactate-threshold "+
			"heart rate), or import runs with heart rate, from which easyday estimates it.")
	case p.EffortModel != analysis.ModelLTHR && !(p.MaxHR > 0):
		out = append(out, "No max_hr in the profile, set or estimated: heart rate gives no effort, zones or load, "+
			"and no flag that needs them. Set it: easyday profile --set max_hr=190 (your highest heart rate), "+
			"or your age (--set age=40), or import runs with heart rate, from which easyday estimates it.")
	}
	if p.EffortModel == analysis.ModelLTHR && p.LTHR > 0 && !(p.MaxHR > 0) && hr {
		out = append(out, "No max_hr in the profile: load (TRIMP) is unknown. Set it: easyday profile --set max_hr=190.")
	}
	if !(p.MarathonPace > 0) && pace {
		out = append(out, "No marathon_pace in the profile: runs without heart rate get no effort, and no recovery "+
			"run is checked for pace. Set it: easyday profile --set marathon_pace=5:00 (m:ss per km).")
	}
	return out
}
