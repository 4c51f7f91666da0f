package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/easyday/easyday/analysis"
)

// chromium finds headless Chromium (Debian's chromium package). Without it the browser test
// skips, except in CI (CI=true), which installs it: there the test fails.
func chromium(t *testing.T) string {
	t.Helper()
	ci := os.Getenv("CI") == "true"
	if testing.Short() && !ci {
		t.Skip("headless browser test skipped in -short mode")
	}
	for _, p := range []string{"/usr/bin/chromium", "chromium"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	msg := "chromium not found (/usr/bin/chromium or on PATH): install it with `apt-get install -y chromium` to run the headless browser test"
	if ci {
		t.Fatal(msg + " (CI=true: the browser test must run)")
	}
	t.Skip(msg)
	return ""
}

// runChromium runs headless Chromium with a fresh profile on page with the extra arguments,
// and returns its stdout and stderr.
func runChromium(t *testing.T, bin, page string, extra ...string) (stdout, stderr string) {
	t.Helper()
	home := t.TempDir()
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-crash-reporter", "--disable-breakpad",
		"--user-data-dir=" + filepath.Join(home, "profile"), "--enable-logging=stderr", "--v=0",
		"--virtual-time-budget=3000"}
	args = append(append(args, extra...), "file://"+page)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\nstderr:\n%s", bin, strings.Join(args, " "), err, errb.String())
	}
	return out.String(), errb.String()
}

// TestBrowser loads the demo season's pages (a week's and the index) in headless Chromium: the
// DOM holds every chart and the console stays silent; a phone-width screenshot of the week page
// is written and checked, and copied to $EASYDAY_SCREENSHOT_DIR when that is set.
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	r := demoReport(t)
	writeHTMLSite(t, dir, r)

	for _, page := range []string{WeekFileName(findWeek(t, r, goldenWeek)), IndexFileName} {
		t.Run(page, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(dir, page)
			want := 0
			if page != IndexFileName {
				want = 2
				for _, a := range findWeek(t, r, strings.TrimSuffix(page, ".html")).Activities {
					if a.Class == analysis.ClassRecovery {
						want++
					}
				}
			}
			dom, stderr := runChromium(t, bin, path, "--dump-dom")
			if !strings.Contains(dom, "</html>") {
				t.Fatalf("no DOM dumped; stderr:\n%s", stderr)
			}
			if got := strings.Count(dom, "<svg"); got != want {
				t.Errorf("DOM has %d <svg> elements, want %d", got, want)
			}
			consoleErrors(t, stderr)
			if page == IndexFileName {
				return
			}

			png := filepath.Join(t.TempDir(), strings.TrimSuffix(page, ".html")+".png")
			_, stderr = runChromium(t, bin, path, "--screenshot="+png, "--window-size=412,2000", "--hide-scrollbars")
			consoleErrors(t, stderr)
			fi, err := os.Stat(png)
			if err != nil {
				t.Fatalf("no screenshot: %v\nstderr:\n%s", err, stderr)
			}
			if fi.Size() <= 10<<10 {
				t.Errorf("screenshot is %d bytes, want > 10 KB", fi.Size())
			}
			keepScreenshot(t, png)
		})
	}
}

// consoleErrors fails the test for each line of Chromium's log that reports a page error: an
// uncaught exception or a console message (the pages have no script, so any is a fault, such as
// a resource that failed to load).
func consoleErrors(t *testing.T, stderr string) {
	t.Helper()
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, "Uncaught") || strings.Contains(l, ":CONSOLE") {
			t.Errorf("browser console: %s", l)
		}
	}
}

// TestBrowserSeasonIndex loads an index with the advice, the season charts and folded empty
// weeks in headless Chromium at a phone's width (390 px) and a laptop's (1280 px): the DOM
// holds the three charts, the console stays silent, and the screenshots are written (copied to
// $EASYDAY_SCREENSHOT_DIR when set).
func TestBrowserSeasonIndex(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	r := seasonedReport(t)
	writeHTMLSite(t, dir, r)
	path := filepath.Join(dir, IndexFileName)
	dom, stderr := runChromium(t, bin, path, "--dump-dom")
	if got := strings.Count(dom, "<svg"); got != 3 {
		t.Errorf("DOM has %d <svg> elements, want 3", got)
	}
	if !strings.Contains(dom, "weeks without activities") || !strings.Contains(dom, "Tomorrow (Mon 23 Nov)") {
		t.Error("DOM lacks the folded weeks or the advice")
	}
	consoleErrors(t, stderr)
	for _, width := range []int{390, 1280} {
		png := filepath.Join(t.TempDir(), fmt.Sprintf("index-%d.png", width))
		_, stderr = runChromium(t, bin, path, "--screenshot="+png, fmt.Sprintf("--window-size=%d,2400", width), "--hide-scrollbars")
		consoleErrors(t, stderr)
		fi, err := os.Stat(png)
		if err != nil {
			t.Fatalf("no screenshot at %d px: %v\nstderr:\n%s", width, err, stderr)
		}
		if fi.Size() <= 20<<10 {
			t.Errorf("screenshot at %d px is %d bytes, want > 20 KB", width, fi.Size())
		}
		keepScreenshot(t, png)
	}
}

// keepScreenshot copies a screenshot to $EASYDAY_SCREENSHOT_DIR when that is set.
func keepScreenshot(t *testing.T, png string) {
	t.Helper()
	out := os.Getenv("EASYDAY_SCREENSHOT_DIR")
	if out == "" {
		return
	}
	b, err := os.ReadFile(png)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, filepath.Base(png)), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
