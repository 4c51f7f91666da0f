package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/squad"
)

type digestOptions struct {
	*globalOptions
	since  string
	format string
}

func newDigestCmd(g *globalOptions) *cobra.Command {
	o := &digestOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "digest [--since DATE] [--format text|md|json]",
		Short: "The flags that are new since the last digest, athlete by athlete (a coach's cron mail)",
		Long: `digest prints, for every athlete of the config file's [athletes.NAME] tables (or the one
--athlete names, or without athletes the store of --db; with athletes, --db names only
--athlete's store), the flags that are new since the last digest, with tomorrow's advice
where there is some. Each store remembers what its last
digest covered (a file beside it, STORE.digest), so that each flag is told once; --since
DATE tells every flag about a day from DATE on instead. The first digest of a store looks
back seven days; flags about days more than 28 days back are never news.

When nothing is new it prints nothing at all, so that a cron line mails the coach only when
there is something to read. digest reads the stores as report does (it takes no lock but to
classify again under a changed profile). An athlete whose store cannot be read, or who has
none yet, is reported on stderr ("athlete dan: no store at PATH") and the others still
digested; the exit code is 1 then.`,
		Example: `  easyday digest
  easyday digest --since 2026-11-01 --format md
  easyday --athlete anna digest --format json
  # crontab: after the nightly sync --all, mail what is new (cron mails any output)
  30 3 * * * $HOME/go/bin/easyday digest`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return runDigest(cmd.Context(), o) },
	}
	cmd.Flags().StringVar(&o.since, "since", "", "tell every flag about a day from `DATE` (YYYY-MM-DD) on, whatever the last digest told")
	cmd.Flags().StringVar(&o.format, "format", "text", "text, md or json")
	return cmd
}

func runDigest(ctx context.Context, o *digestOptions) error {
	if !slices.Contains(squad.DigestFormats, o.format) {
		return usageError{fmt.Errorf("--format must be one of %s, not %q", strings.Join(squad.DigestFormats, ", "), o.format)}
	}
	var since time.Time
	if o.since != "" {
		d, err := time.Parse(time.DateOnly, o.since)
		if err != nil {
			return usageError{fmt.Errorf("--since %q: want a date, YYYY-MM-DD", o.since)}
		}
		since = d
	}
	var members []squad.Member
	switch {
	case o.member.Key != "":
		members = []squad.Member{o.member}
	case len(o.file.Athletes) > 0:
		if o.dbFlag {
			return usageError{fmt.Errorf("digest reads each athlete's own store (the config file %s has [athletes.NAME] tables): "+
				"leave out --db, or digest one athlete with --athlete NAME --db FILE", o.config)}
		}
		members = squad.Members(o.file, dataDir())
	default: // a lone store
		name := o.cfg.Name
		if name == "" {
			name = strings.TrimSuffix(filepath.Base(o.db), filepath.Ext(o.db))
		}
		members = []squad.Member{{Name: name, DB: o.db, Config: o.cfg}}
	}
	now := time.Now()
	type digested struct {
		entry squad.Entry
		save  func() error
		diag  []byte
	}
	results := squad.Run(ctx, members, runtime.NumCPU(), func(ctx context.Context, _ int, m squad.Member) (digested, error) {
		var diag bytes.Buffer
		d := digested{entry: squad.Entry{Key: m.Key, Name: m.Name}, save: func() error { return nil }}
		err := digestOne(ctx, o.forMember(m, &diag), since, now, &d.entry, &d.save)
		d.diag = diag.Bytes()
		if err != nil && m.Key != "" {
			err = fmt.Errorf("athlete %s: %w", m.Key, err)
		}
		return d, err
	})
	entries := make([]squad.Entry, len(results))
	var failed []error
	for i, r := range results {
		o.stderr.Write(r.Value.diag)
		entries[i] = r.Value.entry
		if r.Err != nil {
			failed = append(failed, r.Err)
		}
	}
	if err := squad.WriteDigest(o.stdout, entries, o.format); err != nil {
		return err
	}
	for _, r := range results { // only once the digest is out
		if r.Err != nil {
			continue
		}
		if err := r.Value.save(); err != nil {
			failed = append(failed, err)
		}
	}
	switch len(failed) {
	case 0:
		return nil
	case 1:
		return failed[0]
	}
	for _, err := range failed { // one line each, as sync --all says them
		fmt.Fprintf(o.stderr, "easyday: %s\n", printable(err.Error()))
	}
	return errFilesFailed
}

// digestOne fills e with the new flags of one athlete's store and sets save to remember them.
func digestOne(ctx context.Context, o *globalOptions, since, now time.Time, e *squad.Entry, save *func() error) error {
	loc, err := o.location()
	if err != nil {
		return err
	}
	if _, err := os.Stat(o.db); errors.Is(err, fs.ErrNotExist) { // as report says, and none created
		if o.member.Key != "" {
			return fmt.Errorf("no store at %s: nothing synced or imported yet (easyday --athlete %s import)", o.db, o.member.Key)
		}
		return fmt.Errorf("no store at %s: import your activities first (easyday import PATH), or name the store with --db", o.db)
	}
	a, err := openAthlete(ctx, o, loc, false)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := refresh(ctx, o, a); err != nil {
		return err
	}
	mem, ok, err := squad.LoadMemory(o.db)
	if err != nil {
		return err
	}
	flags, next, err := squad.Digest(ctx, a, since, mem, ok, o.units, now)
	if err != nil {
		return err
	}
	e.Flags = flags
	if len(flags) > 0 {
		if e.Advice, err = squad.Tomorrow(ctx, a, o.units, now); err != nil {
			return err
		}
	}
	db := o.db
	*save = func() error { return squad.SaveMemory(db, next) }
	return nil
}
