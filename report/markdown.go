package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/easyday/easyday/analysis"
)

// WriteMarkdown writes the report as Markdown: the profile as a table, then per week a heading,
// a table of its activities (the text report's columns, with the time in zones), a list of the
// sessions' notes (as the text report's), its totals and its flags as a numbered list. Strings
// from files are escaped.
func WriteMarkdown(w io.Writer, r Report, opts Options) error {
	rd, r, err := newWordedRendering(r, opts)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# Weekly report")
	fmt.Fprintln(bw)
	for _, n := range r.Notices {
		fmt.Fprintf(bw, "> **Note:** %s\n\n", mdEscape(n))
	}
	fmt.Fprintln(bw, mdEscape(legend(r.Limits.EffortModel)))
	if len(r.Profile) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, "| Profile | Value | Source |")
		fmt.Fprintln(bw, "| --- | --- | --- |")
		for _, it := range r.Profile {
			fmt.Fprintf(bw, "| %s | %s | %s |\n", mdEscape(it.Key), mdEscape(profileText(it)), mdEscape(profileSource(it)))
		}
	}
	for i := range r.Weeks {
		rd.writeMarkdownWeek(bw, &r.Weeks[i])
	}
	return bw.Flush()
}

func (rd rendering) writeMarkdownWeek(w io.Writer, wk *Week) {
	fmt.Fprintf(w, "\n## %s\n\n", strings.Replace(weekTitle(wk), "  ", ": ", 1))
	if len(wk.Activities) == 0 {
		fmt.Fprintln(w, "No activities.")
	} else {
		cols := rd.columns()
		zonesAt := len(cols) - 1 // the time in zones goes before Flags, the last column
		heads := make([]string, len(cols))
		align := make([]string, len(cols))
		for c, col := range cols {
			heads[c], align[c] = col.head, "---"
			if col.right {
				align[c] = "---:"
			}
		}
		heads = slices.Insert(heads, zonesAt, "Z1–Z5 (min)")
		align = slices.Insert(align, zonesAt, "---")
		fmt.Fprintln(w, "| "+strings.Join(heads, " | ")+" |")
		fmt.Fprintln(w, "| "+strings.Join(align, " | ")+" |")
		nums := flagNumbers(wk)
		for i := range wk.Activities {
			a := &wk.Activities[i]
			cells := rd.row(a, nums[i])
			for c := range cells {
				cells[c] = mdEscape(cells[c])
			}
			zones := make([]string, 5)
			for z, s := range a.ZonesS {
				zones[z] = num0(nz(float64(s)) / 60)
			}
			cells = slices.Insert(cells, zonesAt, strings.Join(zones, "/"))
			fmt.Fprintln(w, "| "+strings.Join(cells, " | ")+" |")
		}
		var notes []string
		for i := range wk.Activities {
			if n := sessionNote(&wk.Activities[i], mdEscape); n != "" {
				notes = append(notes, n)
			}
		}
		if len(notes) > 0 {
			fmt.Fprintln(w)
			for _, n := range notes {
				fmt.Fprintln(w, "- "+n)
			}
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "**Totals:** "+mdEscape(strings.Join(rd.totalsParts(wk), ", "))+".")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "**Time in zones:** "+zonesLine(wk.Totals.ZonesS)+".")
	if len(wk.Flags) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "**Flags:**")
		fmt.Fprintln(w)
		for n, f := range wk.Flags {
			sev := "**warning**"
			if f.Severity == analysis.SeverityAdvice {
				sev = "*advice*"
			}
			fmt.Fprintf(w, "%d. %s `%s` %s\n", n+1, sev, f.Kind, mdEscape(f.Message))
		}
	}
}

// mdEscape escapes the characters Markdown gives a meaning to inline, and control characters,
// so that a name from a file prints as written and cannot break a table.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range clean(s) {
		switch r {
		case '\\', '|', '*', '_', '`', '[', ']', '<', '>', '#', '~', '&':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
