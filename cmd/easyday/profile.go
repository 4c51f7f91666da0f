package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/analysis"
	"github.com/easyday/easyday/internal/athlete"
	"github.com/easyday/easyday/profile"
	"github.com/easyday/easyday/store"
)

type profileOptions struct {
	*globalOptions
	set      []string
	unset    []string
	estimate bool
	json     bool
	now      func() time.Time
}

func newProfileCmd(g *globalOptions) *cobra.Command {
	o := &profileOptions{globalOptions: g, now: time.Now}
	cmd := &cobra.Command{
		Use:   "profile [--set key=value]... [--unset key]... [--estimate] [--json]",
		Short: "Show the athlete profile; set values; estimate missing ones from stored data",
		Long: `profile shows the athlete profile the analysis uses: each key with its value, where the
value came from and how. A value is "set" (with --set, or in the config file), "estimated"
(by --estimate, from stored activities), or "default".

Keys: max_hr, resting_hr, lthr (bpm), age (years), sex (male|female), marathon_pace (m:ss
per km), level (beginner|intermediate|advanced), effort_model (hrmax|hrr|lthr),
recovery_ceiling and easy_ceiling (0.3–1 of max effort, or a percentage; 0.70 and 0.75 by
default), recovery_max_min and long_run_min (minutes). The config file (--config) may hold any of them, and tz and units, as TOML:
max_hr = 190, marathon_pace = "4:50", tz = "Europe/Berlin".

Precedence: a value set with --set wins over the config file, which wins over an estimate,
which wins over the default. recovery_max_min defaults by level (30, 40, 45 minutes); without
a max_hr set or estimated, an age gives Tanaka's 208 − 0.7 × age.

--estimate fills what is not set from the activities of the last 12 months of data (to the
latest stored activity; import and sync do the same on their own while max_hr, or lthr for
the lthr model, is not set): max HR as a
robust high of the heart rate held for 30 s (never one spike), LTHR as 0.95 × the best 20-min
average heart rate of a run (Friel), marathon pace by Riegel (exponent 1.06) from the best
5 km, 10 km, half or full marathon stretch of an outdoor run. Activity files carry no resting
heart rate: set it. Each estimate names the activities it came from.

After any change, every stored activity is analysed again under the new profile; like import,
that takes the store's lock (exit 3 while another import or sync holds it).`,
		Example: `  easyday profile
  easyday profile --set max_hr=190 --set marathon_pace=4:50 --set level=advanced
  easyday profile --estimate
  easyday profile --unset lthr --json
  easyday --config ~/coaching/anna.toml --db anna.db profile`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return runProfile(cmd.Context(), o) },
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.set, "set", nil, "set a profile value: `key=value` (repeatable)")
	f.StringArrayVar(&o.unset, "unset", nil, "remove a stored profile `key` (repeatable)")
	f.BoolVar(&o.estimate, "estimate", false, "estimate what is not set from the activities of the last 12 months")
	f.BoolVar(&o.json, "json", false, "print JSON")
	return cmd
}

func runProfile(ctx context.Context, o *profileOptions) error {
	changes, err := profile.ParseChanges(o.set, o.unset)
	if err != nil {
		return usageError{err}
	}
	loc, err := o.location()
	if err != nil {
		return err
	}
	changing := len(changes) > 0 || o.estimate
	a, err := athlete.Open(ctx, athlete.Options{DB: o.db, Config: o.cfg, Loc: loc, Write: changing, KeepBadProfile: true})
	if err != nil {
		return err
	}
	defer a.Close()

	if len(changes) > 0 {
		if err := applyProfileChanges(ctx, o, a.Store, changes, loc); err != nil {
			return err
		}
	}
	if o.estimate {
		if err := a.Reload(ctx); err != nil {
			return err
		}
		if err := estimateProfile(ctx, o, a); err != nil {
			return err
		}
	}
	if err := a.Reload(ctx); err != nil {
		return err
	}
	if changing && a.ProfileErr == nil {
		n, _, err := a.Refresh(ctx)
		if err != nil {
			return fmt.Errorf("re-analyse: %w", err)
		}
		if !o.quiet {
			fmt.Fprintf(o.stderr, "re-analysed %d activities\n", n)
		}
	}
	if err := writeProfile(o, a.Profile, a.Sources); err != nil {
		return err
	}
	if a.ProfileErr != nil {
		return fmt.Errorf("%w; fix it with easyday profile --set or --unset%s", a.ProfileErr, configHint(o.cfg))
	}
	return nil
}

func configHint(cfg profile.Config) string {
	if cfg.Path == "" {
		return ""
	}
	return ", or in " + cfg.Path
}

// applyProfileChanges stores the --set and --unset changes, unless they would make a valid
// profile invalid (profile.Apply).
func applyProfileChanges(ctx context.Context, o *profileOptions, st *store.Store, changes []profile.Change, loc *time.Location) error {
	stored, err := st.Profile(ctx)
	if err != nil {
		return err
	}
	detail := "set on " + o.now().In(loc).Format(time.DateOnly)
	if _, err := profile.Apply(stored, changes, o.cfg, detail); err != nil {
		return usageError{err}
	}
	for _, c := range changes {
		if !c.Unset {
			if err := st.SetProfile(ctx, c.Key, c.Value, profile.Set, detail); err != nil {
				return err
			}
			continue
		}
		if _, ok := stored[c.Key]; !ok {
			o.log.Info("nothing stored to unset", "key", c.Key)
		}
		if err := st.DeleteProfile(ctx, c.Key); err != nil {
			return err
		}
		if _, ok := o.cfg.Profile[c.Key]; ok && !o.quiet {
			fmt.Fprintf(o.stderr, "%s is still set in %s\n", c.Key, o.cfg.Path)
		}
	}
	return nil
}

// estimateProfile estimates the values that are not set from the last 12 months of data
// (athlete.Estimate) and says what it found.
func estimateProfile(ctx context.Context, o *profileOptions, a *athlete.Athlete) error {
	_, err := a.Estimate(ctx, o.units, func(format string, args ...any) {
		if !o.quiet {
			fmt.Fprintf(o.stderr, format+"\n", args...)
		}
	})
	return err
}

// profileItem is one key of the profile as `profile --json` prints it.
type profileItem struct {
	Value  any    `json:"value"`
	Source string `json:"source"`
	Detail string `json:"detail"`
}

// profileJSON encodes the profile as one object, its keys in DESIGN.md's order:
// {"max_hr": {"value": 190, "source": "set", "detail": "set on 2026-11-25"}, ...}.
func profileJSON(v profile.View) (json.RawMessage, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, it := range v {
		if i > 0 {
			b.WriteByte(',')
		}
		name, err := json.Marshal(it.Key)
		if err != nil {
			return nil, err
		}
		item, err := json.Marshal(profileItem{Value: it.Value(), Source: string(it.Source), Detail: it.Detail})
		if err != nil {
			return nil, err
		}
		b.Write(name)
		b.WriteByte(':')
		b.Write(item)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeProfile(o *profileOptions, p analysis.Profile, srcs profile.Sources) error {
	if o.json {
		raw, err := profileJSON(profile.NewView(p, srcs))
		if err != nil {
			return err
		}
		var out bytes.Buffer
		if err := json.Indent(&out, raw, "", "  "); err != nil {
			return err
		}
		out.WriteByte('\n')
		_, err = o.stdout.Write(out.Bytes())
		return err
	}
	tw := tabwriter.NewWriter(o.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "KEY\tVALUE\tSOURCE\tDETAIL\n")
	for _, k := range profile.Keys() {
		src := srcs[k.Name]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.Name, k.Show(p, o.units), src.Source, src.Detail)
	}
	return tw.Flush()
}
