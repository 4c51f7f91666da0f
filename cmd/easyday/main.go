// Command easyday reads the activity files GPS watches export, tells hard sessions from easy
// ones, and reports the classic recovery mistakes week by week. See README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/easyday/easyday/store"
)

// Exit codes (DESIGN.md "Commands").
const (
	exitOK     = 0 // done; bad input files are reported, not fatal
	exitError  = 1 // an error stopped the command (or, with --strict, an input file failed)
	exitUsage  = 2 // wrong usage
	exitLocked = 3 // another sync/import holds the store's lock
	// A command stopped by a signal exits 128 plus its number, as shells report it: 130 for
	// SIGINT (Ctrl-C), 143 for SIGTERM.
	exitSignal = 128
)

func main() {
	ctx, stop := signalContext(context.Background())
	stopProfile := startProfile(os.Getenv("EASYDAY_CPUPROFILE"))
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(code)
}

// signalled is the cause of a context cancelled by a signal (signalContext).
type signalled struct{ sig syscall.Signal }

func (s signalled) Error() string { return "stopped by " + signalName(s.sig) }

func signalName(sig syscall.Signal) string {
	switch sig {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return sig.String()
}

// signalContext returns a context cancelled, with a signalled cause, by the first SIGINT or
// SIGTERM; a second one then ends the process at once, as if easyday had not caught the
// first. stop releases the signals.
func signalContext(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			signal.Stop(ch)
			sig, _ := s.(syscall.Signal)
			cancel(signalled{sig})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(nil)
	}
}

// startProfile writes a CPU profile to path until the returned function is called; bench/ and
// the performance notes use it (EASYDAY_CPUPROFILE=cpu.out easyday import ...). An empty path
// does nothing.
func startProfile(path string) func() {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "easyday: EASYDAY_CPUPROFILE: %v\n", err)
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// usageError marks an error as wrong usage (exit 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// errFilesFailed is returned by a command that finished but some input files failed.
var errFilesFailed = errors.New("some files failed")

// run executes easyday with args and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	var sig signalled
	if err != nil && ctx.Err() != nil && errors.As(context.Cause(ctx), &sig) {
		// Stopped at a file boundary; what was done is said (import's summary line).
		fmt.Fprintf(stderr, "easyday: %v\n", sig)
		return exitSignal + int(sig.sig)
	}
	return exitCode(err, stderr)
}

// exitCode maps an error to the exit code and says what went wrong on stderr.
func exitCode(err error, stderr io.Writer) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFilesFailed):
		return exitError // the files were reported already
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "easyday: %s\nRun 'easyday --help' for usage.\n", printable(err.Error()))
		return exitUsage
	case errors.Is(err, store.ErrLocked):
		fmt.Fprintf(stderr, "easyday: %s\n", printable(err.Error()))
		return exitLocked
	}
	fmt.Fprintf(stderr, "easyday: %s\n", printable(err.Error()))
	return exitError
}
