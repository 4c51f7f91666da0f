package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/easyday/easyday/profile"
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise the module's.
var version = ""

// globalOptions are the flags every command shares (DESIGN.md "Commands").
type globalOptions struct {
	db        string
	config    string
	tz        string
	units     string
	verbose   bool
	quiet     bool
	logFormat string

	// cfg is what the config file says.
	cfg profile.Config

	stdout, stderr io.Writer
	log            *slog.Logger
}

// location returns the zone of --tz (default: the local zone).
func (g *globalOptions) location() (*time.Location, error) {
	if g.tz == "" {
		return time.Local, nil
	}
	loc, err := time.LoadLocation(g.tz)
	if err != nil {
		return nil, usageError{fmt.Errorf("--tz %q: %w", g.tz, err)}
	}
	return loc, nil
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	g := &globalOptions{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "easyday",
		Short: "The truth about your easy days: recovery checks for runners and coaches",
		Long: `easyday reads the activity files GPS watches export (FIT, GPX, TCX; loose, gzipped or
in zip archives, as Garmin and Strava bulk exports ship them), tells hard sessions from
easy and recovery runs, and reports the classic recovery mistakes week by week.

Exit codes:
  0  done (bad input files are reported, not fatal)
  1  an error stopped the command (or, with --strict, an input file failed)
  2  wrong usage
  3  another sync or import holds the store's lock`,
		Version:       moduleVersion(),
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return g.setup(cmd)
		},
		// Without a command: an unknown word is wrong usage; nothing at all shows the help.
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("unknown command %q for %q", args[0], cmd.CommandPath())}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })

	f := root.PersistentFlags()
	f.StringVar(&g.db, "db", "", "the store `file` (env EASYDAY_DB; default $XDG_DATA_HOME/easyday/easyday.db)")
	f.StringVar(&g.config, "config", "", "config `file` (default $XDG_CONFIG_HOME/easyday/config.toml)")
	f.StringVar(&g.tz, "tz", "", "time `zone` whose days and ISO weeks reports use (default: local)")
	f.StringVar(&g.units, "units", "metric", "units for text output: metric or imperial")
	f.BoolVarP(&g.verbose, "verbose", "v", false, "say more: each failed file with its reason, debug logs")
	f.BoolVarP(&g.quiet, "quiet", "q", false, "say only what went wrong")
	f.StringVar(&g.logFormat, "log-format", "text", "log format on stderr: text or json")

	root.AddCommand(newInspectCmd(g), newImportCmd(g), newListCmd(g), newReportCmd(g), newSyncCmd(g), newProfileCmd(g), newDemoCmd(g), newSeasonCmd(g), newAdviceCmd(g))
	return root
}

// setup reads the config file, checks the global flags and sets up logging. --tz and --units
// not given on the command line come from the config file.
func (g *globalOptions) setup(cmd *cobra.Command) error {
	explicit := g.config != ""
	if !explicit {
		g.config = filepath.Join(xdgDir("XDG_CONFIG_HOME", ".config"), "easyday", "config.toml")
	}
	cfg, err := loadConfig(g.config, explicit)
	if err != nil {
		return err
	}
	g.cfg = cfg
	if !cmd.Flags().Changed("tz") && cfg.TZ != "" {
		g.tz = cfg.TZ
	}
	if !cmd.Flags().Changed("units") && cfg.Units != "" {
		g.units = cfg.Units
	}
	if g.units != "metric" && g.units != "imperial" {
		return usageError{fmt.Errorf("--units must be metric or imperial, not %q", g.units)}
	}
	if g.verbose && g.quiet {
		return usageError{fmt.Errorf("--verbose and --quiet exclude each other")}
	}
	level := slog.LevelInfo
	switch {
	case g.verbose:
		level = slog.LevelDebug
	case g.quiet:
		level = slog.LevelError
	}
	hopts := &slog.HandlerOptions{Level: level}
	switch g.logFormat {
	case "text":
		g.log = slog.New(slog.NewTextHandler(g.stderr, hopts))
	case "json":
		g.log = slog.New(slog.NewJSONHandler(g.stderr, hopts))
	default:
		return usageError{fmt.Errorf("--log-format must be text or json, not %q", g.logFormat)}
	}
	if g.db == "" {
		g.db = os.Getenv("EASYDAY_DB")
	}
	if g.db == "" {
		g.db = filepath.Join(xdgDir("XDG_DATA_HOME", ".local/share"), "easyday", "easyday.db")
	}
	if _, err := g.location(); err != nil {
		return err
	}
	return nil
}

// xdgDir returns $env, or ~/fallback when it is unset.
func xdgDir(env, fallback string) string {
	if d := os.Getenv(env); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return fallback
	}
	return filepath.Join(home, fallback)
}

func moduleVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// exactArgs and minArgs wrap cobra's argument checks as usage errors.
func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.MinimumNArgs(n)(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}
