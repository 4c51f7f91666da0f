package report

// Notes on one session that are not flags: what the athlete wrote about it, the commute
// mark, and aerobic decoupling above DecouplingNoted. Text and Markdown print them under the
// week's table, HTML in the session's details.

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/easyday/easyday/season"
)

// DecouplingNoted is the aerobic decoupling above which a run of an hour or more is noted
// (season.DecouplingLimit, 5%): the heart rate rose against the pace in its second half. A
// note, not a flag.
const DecouplingNoted = season.DecouplingLimit

// DescriptionRunes is how much of an activity's description text and Markdown show on its
// note line; longer text is cut at a word and ends in "…". HTML shows it whole.
const DescriptionRunes = 100

// decouplingNote words a run's decoupling when it is above DecouplingNoted: "decoupled 7.2%
// (over 5%): heart rate drifted up against pace in the second half"; "" otherwise (unknown,
// under an hour, not a run, or within the limit).
func decouplingNote(a *Activity) string {
	d := float64(a.Decoupling)
	if math.IsNaN(d) || d <= DecouplingNoted {
		return ""
	}
	return fmt.Sprintf("decoupled %.1f%% (over %.0f%%): heart rate drifted up against pace in the second half",
		100*d, 100*DecouplingNoted)
}

// shortDescription is an activity's description on one line: control characters and line
// breaks as spaces, runs of spaces as one, cut to DescriptionRunes at a word with "…".
func shortDescription(s string) string {
	s = strings.Join(strings.Fields(clean(s)), " ")
	if utf8.RuneCountInString(s) <= DescriptionRunes {
		return s
	}
	r := []rune(s)[:DescriptionRunes]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > DescriptionRunes/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-–") + "…"
}

// sessionNote is an activity's note line for text and Markdown, its parts already in the
// form esc gives them (mdEscape for Markdown): "Sun 22 Nov long run, commute: “Club run,
// windy” · decoupled 7.2% (over 5%): ...". "" when there is nothing to note.
func sessionNote(a *Activity, esc func(string) string) string {
	var parts []string
	if d := shortDescription(a.Description); d != "" {
		parts = append(parts, "“"+esc(d)+"”")
	}
	if n := decouplingNote(a); n != "" {
		parts = append(parts, esc(n))
	}
	if len(parts) == 0 && !a.Commute {
		return ""
	}
	lead := day(a) + " " + noun(a)
	if a.Commute {
		lead += ", commute"
	}
	if len(parts) == 0 {
		return esc(lead)
	}
	return esc(lead) + ": " + strings.Join(parts, " · ")
}

// htmlText is a description for HTML, which keeps its line breaks (CSS white-space:
// pre-line): other control characters as spaces, "\r\n" and "\r" as "\n", blank lines at
// either end dropped. html/template escapes it.
func htmlText(s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(clean(l), " ")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n ")
}
