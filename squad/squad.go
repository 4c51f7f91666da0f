// Package squad is easyday for a coach: the athletes a config file declares ([athletes.NAME]
// tables, profile.Athlete), each with a store of their own; every athlete synced in parallel,
// one failure never stopping the others (Run); the team index, one row per athlete, the
// athletes who need a word first (Summarize, Sort, WriteIndex); and the digest of the flags
// that are new since the last one, remembered beside each store (Digest).
//
// One athlete and forty go through the same code: a Member is what one athlete's commands
// need (store, folders, config), and the commands run on it as they run on a lone store.
package squad

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/easyday/easyday/profile"
)

// Member is one athlete of the squad, resolved: where the files and the store are, and the
// config the athlete's commands read.
type Member struct {
	// Key is NAME of [athletes.NAME]: --athlete's value and the athlete's folder under
	// sync --all's --out.
	Key string
	// Name is the name to show: the table's name, else Key.
	Name string
	// Folders are the athlete's export folders, absolute or relative to the working directory.
	Folders []string
	// DB is the athlete's store.
	DB string
	// Config is the config the athlete's commands read (profile.Config.For): the athlete's
	// profile keys, tz, units and name.
	Config profile.Config
}

// ErrUnknownAthlete is returned for an --athlete NAME the config file does not declare.
var ErrUnknownAthlete = errors.New("unknown athlete")

// Members returns the athletes cfg declares, in NAME order. A store without a db key is
// DATADIR/athletes/NAME.db; paths starting with ~/ are in the home folder, and relative paths
// are relative to the config file's folder.
func Members(cfg profile.Config, dataDir string) []Member {
	out := make([]Member, 0, len(cfg.Athletes))
	for _, a := range cfg.Athletes {
		out = append(out, member(cfg, a, dataDir))
	}
	return out
}

// Find returns the athlete cfg declares as key.
func Find(cfg profile.Config, dataDir, key string) (Member, error) {
	a, ok := cfg.Athlete(key)
	if !ok {
		names := make([]string, len(cfg.Athletes))
		for i, a := range cfg.Athletes {
			names[i] = a.Key
		}
		if len(names) == 0 {
			return Member{}, fmt.Errorf("athlete %s: %w: the config file %s has no [athletes.NAME] tables", key, ErrUnknownAthlete, orNone(cfg.Path))
		}
		return Member{}, fmt.Errorf("athlete %s: %w: the config file %s has %s", key, ErrUnknownAthlete, cfg.Path, strings.Join(names, ", "))
	}
	return member(cfg, a, dataDir), nil
}

func orNone(path string) string {
	if path == "" {
		return "(none)"
	}
	return path
}

func member(cfg profile.Config, a profile.Athlete, dataDir string) Member {
	m := Member{Key: a.Key, Name: a.Name, Config: cfg.For(a)}
	if m.Name == "" {
		m.Name = a.Key
	}
	base := filepath.Dir(cfg.Path)
	for _, f := range a.Folders {
		m.Folders = append(m.Folders, resolvePath(f, base))
	}
	m.DB = filepath.Join(dataDir, "athletes", a.Key+".db")
	if a.DB != "" {
		m.DB = resolvePath(a.DB, base)
	}
	return m
}

// resolvePath expands a leading ~/ to the home folder and makes a relative path relative to
// base (the config file's folder).
func resolvePath(p, base string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	if filepath.IsAbs(p) || base == "" {
		return p
	}
	return filepath.Join(base, p)
}

// Result is one athlete's outcome of Run: fn's value, or why it failed.
type Result[T any] struct {
	Member Member
	Value  T
	// Err is why the athlete's run failed; nil when it did not.
	Err error
}

// Run runs fn for every member, at most jobs at once (jobs < 1: one at a time), and returns
// each member's result in members' order. A member's error is its result: it never stops
// the others. fn gets the member's index, for per-member output slots. Every fn has returned
// when Run returns.
func Run[T any](ctx context.Context, members []Member, jobs int, fn func(ctx context.Context, i int, m Member) (T, error)) []Result[T] {
	out := make([]Result[T], len(members))
	var g errgroup.Group
	g.SetLimit(max(jobs, 1))
	for i, m := range members {
		g.Go(func() error {
			out[i].Member = m
			if err := ctx.Err(); err != nil {
				out[i].Err = err
				return nil
			}
			out[i].Value, out[i].Err = fn(ctx, i, m)
			return nil
		})
	}
	g.Wait() // the goroutines return nil: errors are in the results
	return out
}

// CheckFolders returns an error naming the first of m's folders that cannot be read, so that a
// missing folder fails the athlete rather than importing nothing.
func CheckFolders(m Member) error {
	if len(m.Folders) == 0 {
		return fmt.Errorf("athlete %s: no folder in the config file", m.Key)
	}
	for _, f := range m.Folders {
		if _, err := os.Stat(f); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return fmt.Errorf("athlete %s: folder %s: %w", m.Key, f, err)
		}
	}
	return nil
}
