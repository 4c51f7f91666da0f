package athlete

import (
	"context"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/profile"
)

// Estimate estimates the profile values that are not set from the last 12 months of data (up
// to the latest stored activity, so that an old export estimates too) and stores them as
// estimated, each with what it came from; the session must be writing. It tells what it found
// through say (values shown in units), reports whether a stored value changed, and resolves
// the profile again.
func (a *Athlete) Estimate(ctx context.Context, units string, say func(format string, args ...any)) (changed bool, err error) {
	st, p, srcs := a.Store, a.Profile, a.Sources
	_, now, err := st.Span(ctx)
	if err != nil || now.IsZero() {
		return false, err
	}
	measured, err := a.EstimateInputs(ctx, now)
	if err != nil {
		return false, err
	}
	est := analysis.EstimateMeasured(measured, now, p.Age)
	stored, err := st.Profile(ctx)
	if err != nil {
		return false, err
	}
	for _, e := range []struct {
		key string
		v   analysis.Estimated
	}{
		{"max_hr", est.MaxHR}, {"resting_hr", est.RestingHR}, {"lthr", est.LTHR}, {"marathon_pace", est.MarathonPace},
	} {
		k, _ := profile.Lookup(e.key)
		text := k.EstimateText(e.v.Value)
		switch {
		case srcs[e.key].Source == profile.Set:
			if text != "" && len(e.v.Activities) > 0 {
				say("%s: kept %s (%s); the data suggest %s", e.key, k.Show(p, units), srcs[e.key].Describe(), text)
			}
		case text == "" || len(e.v.Activities) == 0:
			// Nothing from the data (an estimate from age alone is not stored: the profile
			// derives it while age is known).
			if text == "" {
				say("%s: %s", e.key, e.v.Detail)
			}
		default:
			if _, err := k.Parse(text); err != nil {
				say("%s: estimate not kept: %v (%s)", e.key, err, e.v.Detail)
				continue
			}
			old, ok := stored[e.key]
			if !ok || old.Value != text || old.Detail != e.v.Detail || old.Source != profile.Estimated {
				if err := st.SetProfile(ctx, e.key, text, profile.Estimated, e.v.Detail); err != nil {
					return changed, err
				}
			}
			// Only a new value changes the analysis; a new detail ("of 280 activities") does not.
			changed = changed || !ok || old.Value != text || old.Source != profile.Estimated
			q := p
			k.Apply(&q, text)
			say("estimated %s %s: %s", e.key, k.Show(q, units), e.v.Detail)
		}
	}
	return changed, a.Reload(ctx)
}

// effortKey is the profile key the effort model of p needs: lthr for the lthr model, max_hr
// otherwise.
func effortKey(p analysis.Profile) string {
	if p.EffortModel == analysis.ModelLTHR {
		return "lthr"
	}
	return "max_hr"
}

// AutoEstimate estimates the profile after an import that changed the store (touched), when
// the key the effort model needs is not set (DESIGN.md: no profile is no excuse): as soon as
// the data allow, and again as history grows. Set values are never overwritten. When a stored
// estimate changed, it classifies the stored activities again under the new profile (Refresh).
// The session must be writing; say hears what estimation found.
func (a *Athlete) AutoEstimate(ctx context.Context, touched bool, say func(format string, args ...any)) error {
	if !touched || a.ProfileErr != nil || a.Sources[effortKey(a.Profile)].Source == profile.Set {
		return nil
	}
	changed, err := a.Estimate(ctx, "metric", say)
	if err != nil || !changed {
		return err
	}
	if a.ProfileErr != nil {
		return a.ProfileErr
	}
	_, _, err = a.Refresh(ctx)
	return err
}
