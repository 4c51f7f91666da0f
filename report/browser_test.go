package report

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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
	args := []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
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
// DOM holds every chart and the console stays silent. The week page is laid out at a phone's
// width (390 px) and a desktop's (1280 px): nothing scrolls sideways, every activity's class,
// effort and flags are in view, chart text is 11 px or more, flags read as words
// (checkLayout); a screenshot at each width is written and checked, and copied to
// $EASYDAY_SCREENSHOT_DIR when that is set.
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
				checkLayout(t, bin, path, 390, false)
				return
			}

			for _, width := range []int{390, 1280} {
				checkLayout(t, bin, path, width, true)
				png := filepath.Join(t.TempDir(), fmt.Sprintf("%s-%d.png", strings.TrimSuffix(page, ".html"), width))
				shot := framed(t, path, width, "")
				_, stderr = runChromium(t, bin, shot, "--screenshot="+png, fmt.Sprintf("--window-size=%d,%d", max(width, 500), shotHeight), "--hide-scrollbars")
				consoleErrors(t, stderr)
				fi, err := os.Stat(png)
				if err != nil {
					t.Fatalf("no screenshot: %v\nstderr:\n%s", err, stderr)
				}
				if fi.Size() <= 10<<10 {
					t.Errorf("screenshot is %d bytes, want > 10 KB", fi.Size())
				}
				cropPNG(t, png, width)
				keepScreenshot(t, png)
			}
		})
	}
}

// layoutScript measures a page as laid out, for checkLayout, and sends what it found to the
// framing page (framed), where --dump-dom shows it: the page's width against the window's, each activity's
// class, effort and flags that lie outside the window, the smallest chart text in CSS pixels
// as drawn, and flag labels written as identifiers.
const layoutScript = `<script>
addEventListener("load", () => {
  const w = innerWidth, out = [];
  out.push("scroll " + document.documentElement.scrollWidth + " " + w);
  for (const tr of document.querySelectorAll("table.acts tbody tr")) {
    for (const sel of [".cls", ".c-eff", ".c-flags .fl"]) {
      for (const el of tr.querySelectorAll(sel)) {
        const r = el.getBoundingClientRect();
        if (r.left < 0 || r.right > w + 0.5) out.push("outside " + sel + " " + el.textContent + " " + r.left + "-" + r.right);
      }
    }
  }
  let min = 1e9, n = 0;
  for (const t of document.querySelectorAll("figure svg text")) {
    if (!t.textContent.trim()) continue;
    const m = t.getScreenCTM(), px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    min = Math.min(min, px); n++;
  }
  out.push("charttext " + n + " " + min.toFixed(2));
  for (const el of document.querySelectorAll(".fl, .kind, .badge")) {
    if (el.textContent.includes("_")) out.push("identifier " + el.textContent);
  }
  parent.postMessage(out.join("\n"), "*");
});
</script>`

// shotHeight is the height of the window the pages are laid out and photographed in, px.
const shotHeight = 2400

// framed writes, beside page, a page that shows it in a frame the given pixels wide (headless
// Chromium's window is at least 500 px wide; a frame can be as narrow as a phone), with script
// added to the framed copy when not empty, and returns the framing page's path. The frame's
// messages (postMessage) are written into the framing page as <pre id="layout">.
func framed(t *testing.T, page string, width int, script string) string {
	t.Helper()
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	inner := filepath.Join(filepath.Dir(page), fmt.Sprintf("framed-%d-%s", width, filepath.Base(page)))
	if script != "" {
		b = bytes.Replace(b, []byte("</body>"), []byte(script+"</body>"), 1)
	}
	if err := os.WriteFile(inner, b, 0o644); err != nil {
		t.Fatal(err)
	}
	outer := filepath.Join(filepath.Dir(page), fmt.Sprintf("frame-%d-%s", width, filepath.Base(page)))
	html := fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0;background:#fff}iframe{display:block;border:0;width:%dpx;height:%dpx}</style></head>
<body><iframe src="%s"></iframe><script>addEventListener("message", e => { const p = document.createElement("pre"); p.id = "layout"; p.textContent = e.data; document.body.append(p); });</script></body></html>`,
		width, shotHeight, filepath.Base(inner))
	if err := os.WriteFile(outer, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	return outer
}

// cropPNG cuts the screenshot at path to the frame's width.
func cropPNG(t *testing.T, path string, width int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("screenshot %s: %v", path, err)
	}
	if img.Bounds().Dx() < width {
		t.Fatalf("screenshot %s is %d px wide, want at least %d", path, img.Bounds().Dx(), width)
	}
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		t.Fatalf("screenshot %s: %T cannot be cut", path, img)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, sub.SubImage(image.Rect(0, 0, width, img.Bounds().Dy()))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkLayout lays the page out in a frame of the given width, with layoutScript, and checks
// that nothing makes it scroll sideways, that every activity's class, effort and flags are in
// view, that chart text is at least 11 px (and that there is some, when charts), and that flags
// read as words.
func checkLayout(t *testing.T, bin, page string, width int, charts bool) {
	t.Helper()
	outer := framed(t, page, width, layoutScript)
	dom, _ := runChromium(t, bin, outer, "--dump-dom",
		fmt.Sprintf("--window-size=%d,%d", max(width, 500), shotHeight), "--hide-scrollbars")
	_, rest, ok := strings.Cut(dom, `<pre id="layout">`)
	report, _, _ := strings.Cut(rest, "</pre>")
	if !ok {
		t.Fatalf("%d px: the layout probe did not run:\n%.2000s", width, dom)
	}
	t.Logf("%d px: %s", width, strings.ReplaceAll(report, "\n", "; "))
	for _, l := range strings.Split(report, "\n") {
		f := strings.Fields(l)
		switch f[0] {
		case "scroll":
			page, _ := strconv.Atoi(f[1])
			window, _ := strconv.Atoi(f[2])
			if window != width {
				t.Errorf("%d px: laid out %d px wide", width, window)
			}
			if page > window {
				t.Errorf("%d px: the page is %d px wide: it scrolls sideways", width, page)
			}
		case "charttext":
			if n, _ := strconv.Atoi(f[1]); n == 0 {
				if charts {
					t.Errorf("%d px: no chart text found", width)
				}
			} else if px, _ := strconv.ParseFloat(f[2], 64); px < 11 {
				t.Errorf("%d px: chart text as small as %s px, want at least 11", width, f[2])
			}
		default:
			t.Errorf("%d px: %s", width, l)
		}
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

// TestBrowserSessionNotes lays out a week page whose sessions' details are open, at a phone's
// width (390 px) and a desktop's (1280 px): a commute with a description of HTML's special
// characters, a line break and a 160-character address without a space, and a run noted for
// its decoupling. Nothing scrolls sideways (checkLayout), and the DOM holds the description
// as text, not as elements.
func TestBrowserSessionNotes(t *testing.T) {
	bin := chromium(t)
	c := sessionInput(1, 17, analysis.ClassEasy)
	c.Description = "Home via the <b>park</b> & canal\nroute: https://example.com/" + strings.Repeat("x", 160)
	c.Commute = true
	r := notesWeek(c, driftRun(t, 2, 18, 7200, stepHR(140, 150, 7200)))
	var b bytes.Buffer
	if err := WriteHTMLWeek(&b, r, r.Weeks[0], Options{}); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "week.html")
	if err := os.WriteFile(page, bytes.ReplaceAll(b.Bytes(), []byte("<details "), []byte("<details open ")), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, stderr := runChromium(t, bin, page, "--dump-dom")
	consoleErrors(t, stderr)
	if !strings.Contains(dom, "Home via the &lt;b&gt;park&lt;/b&gt; &amp; canal") || strings.Contains(dom, "<b>park") {
		t.Errorf("the description is not text in the DOM:\n%.3000s", dom)
	}
	if !strings.Contains(dom, "decoupled 6.7%") {
		t.Error("the DOM lacks the decoupling note")
	}
	for _, width := range []int{390, 1280} {
		checkLayout(t, bin, page, width, true)
	}
}
