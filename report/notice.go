package report

import (
	"math"

	"github.com/easyday/easyday/analysis"
)

// notices say, at the top of every format, what the report cannot judge for want of a profile
// value, and what to set (DESIGN.md: effort and flags are never silently empty). f are the
// facts of the reported activities (FactsOf).
func notices(p analysis.Profile, f NoticeFacts) []string {
	out := []string{}
	hr, pace := f.HR, f.UnknownEffort
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

// NoticeFacts are what a report's notices say of its activities besides the profile: whether
// one has heart rate, and whether a run or session other than cross-training has an unknown
// effort.
type NoticeFacts struct {
	HR, UnknownEffort bool
}

// FactsOf are the notice facts of every activity r reports.
func FactsOf(r Report) NoticeFacts {
	var acts []Activity
	for i := range r.Weeks {
		acts = append(acts, r.Weeks[i].Activities...)
	}
	return factsOf(acts)
}

func factsOf(acts []Activity) NoticeFacts {
	var f NoticeFacts
	for i := range acts {
		a := &acts[i]
		if !math.IsNaN(float64(a.AvgHR)) {
			f.HR = true
		}
		if a.Class != analysis.ClassCross && a.EffortSource == analysis.EffortFromUnknown {
			f.UnknownEffort = true
		}
	}
	return f
}
