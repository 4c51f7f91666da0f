package analysis

import (
	"slices"

	"github.com/easyday/easyday/activity"
)

// Variants are an activity's results in the calendar situations that can change its class:
// decided once from the samples, so that a whole season can be classified again from stored
// data alone (when a late file changes the day before, say) without reading any samples.
type Variants struct {
	// Alone is the result without calendar context (inspect).
	Alone Result `json:"alone"`
	// Calm is the result when the day before held no hard session; AfterHard when it did.
	Calm      Result `json:"calm"`
	AfterHard Result `json:"after_hard"`
}

// placeholderHard is the class AnalyzeVariants puts on the day before for AfterHard; In
// replaces it in the reason that names it.
const placeholderHard = ClassIntervals

// AnalyzeVariants analyses one activity for each calendar situation.
func AnalyzeVariants(a *activity.Activity, s Summary, p Profile) Variants {
	return variants(newSeries(a, p), s, p)
}

// SummarizeVariants is Summarize and AnalyzeVariants together, finding the moving time and
// cleaning the heart rate once for both (the import's path).
func SummarizeVariants(a *activity.Activity, p Profile) (Summary, Variants) {
	if len(a.Samples) == 0 {
		s := Summarize(a)
		return s, AnalyzeVariants(a, s, p)
	}
	moving := Moving(a)
	hr, cleaning := CleanHR(a.Samples)
	s := summarize(a, emptySummary(a), moving, hr, cleaning)
	return s, variants(newSeriesWith(a, p, moving, hr), s, p)
}

func variants(sr *series, s Summary, p Profile) Variants {
	e := sr.summary(p)
	st := sr.structure()
	result := func(ctx Context) Result {
		c, why := classify(sr, s, e, st, ctx, p)
		return Result{Class: c, Hard: c.Hard(), Reasons: why, Effort: e, Structure: st, Hills: sr.hills}
	}
	return Variants{
		Alone:     result(Context{}),
		Calm:      result(Context{Known: true}),
		AfterHard: result(Context{Known: true, PreviousDay: []Class{placeholderHard}}),
	}
}

// In returns the result for a calendar context, with the reasons naming the day before as it
// was: the same result Analyze gives with that context.
func (v Variants) In(ctx Context) Result {
	if !ctx.Known {
		return v.Alone
	}
	var hard []Class
	for _, c := range ctx.PreviousDay {
		if c.Hard() && !slices.Contains(hard, c) {
			hard = append(hard, c)
		}
	}
	if len(hard) > 0 {
		r := v.AfterHard
		r.Reasons = withClasses(r.Reasons, ReasonAfterHard, hard)
		return r
	}
	r := v.Calm
	if len(ctx.PreviousDay) > 0 {
		r.Reasons = withClasses(r.Reasons, ReasonDayBefore, slices.Clone(ctx.PreviousDay))
	}
	return r
}

// withClasses returns reasons with the first reason of code naming classes.
func withClasses(reasons []Reason, code ReasonCode, classes []Class) []Reason {
	out := slices.Clone(reasons)
	for i := range out {
		if out[i].Code == code {
			out[i].Classes = classes
			break
		}
	}
	return out
}
