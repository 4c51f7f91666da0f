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
	"github.com/easyday/easyday/squad"
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
	athlete   string

	// tzFlag, unitsFlag and dbFlag say that --tz, --units and --db were given.
	tzFlag, unitsFlag, dbFlag bool

	// cfg is what the config file says (for --athlete, that athlete's part of it); file the
	// whole file.
	cfg, file profile.Config
	// member is the athlete --athlete selects; its Key is empty without --athlete.
	member squad.Member

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
  3  another sync or import holds the store's lock
  130, 143  stopped by SIGINT (Ctrl-C) or SIGTERM: import and sync stop after the file
     under way and say what they did`,
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
	f.StringVar(&g.athlete, "athlete", "", "the athlete `NAME` of an [athletes.NAME] table in the config file: their store, folders and settings")

	root.AddCommand(newInspectCmd(g), newImportCmd(g), newListCmd(g), newReportCmd(g), newSyncCmd(g), newProfileCmd(g), newDemoCmd(g), newSeasonCmd(g), newAdviceCmd(g), newDigestCmd(g))
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
	g.cfg, g.file = cfg, cfg
	if g.athlete != "" {
		m, err := squad.Find(cfg, dataDir(), g.athlete)
		if err != nil {
			return usageError{fmt.Errorf("--athlete: %w", err)}
		}
		g.member, g.cfg, cfg = m, m.Config, m.Config
		if !cmd.Flags().Changed("db") {
			g.db = m.DB // the athlete's store, over EASYDAY_DB
		}
	}
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
	switch g.logFormat {
	case "text", "json":
	default:
		return usageError{fmt.Errorf("--log-format must be text or json, not %q", g.logFormat)}
	}
	g.log = g.newLogger(g.stderr)
	g.tzFlag, g.unitsFlag, g.dbFlag = cmd.Flags().Changed("tz"), cmd.Flags().Changed("units"), cmd.Flags().Changed("db")
	if g.db == "" {
		g.db = os.Getenv("EASYDAY_DB")
	}
	if g.db == "" {
		g.db = filepath.Join(dataDir(), "easyday.db")
	}
	if _, err := g.location(); err != nil {
		return err
	}
	return nil
}

// dataDir is easyday's data folder: $XDG_DATA_HOME/easyday.
func dataDir() string { return filepath.Join(xdgDir("XDG_DATA_HOME", ".local/share"), "easyday") }

// newLogger is the logger of --log-format, -v and -q, writing to w.
func (g *globalOptions) newLogger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	switch {
	case g.verbose:
		level = slog.LevelDebug
	case g.quiet:
		level = slog.LevelError
	}
	hopts := &slog.HandlerOptions{Level: level}
	if g.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, hopts))
	}
	return slog.New(slog.NewTextHandler(w, hopts))
}

// forMember returns the global options of one athlete of the squad, writing diagnostics to
// stderr: the athlete's store, config, zone and units, except where a flag said otherwise.
func (g *globalOptions) forMember(m squad.Member, stderr io.Writer) *globalOptions {
	o := *g
	o.member, o.cfg, o.stderr, o.log = m, m.Config, stderr, g.newLogger(stderr)
	if !g.dbFlag {
		o.db = m.DB
	}
	if !g.tzFlag {
		o.tz = m.Config.TZ
	}
	if !g.unitsFlag && m.Config.Units != "" {
		o.units = m.Config.Units
	}
	return &o
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
