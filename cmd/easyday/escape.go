package main

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// printable escapes what a terminal would act on in a name or message taken from a file or
// an archive: control characters (C0, DEL and C1, so ESC and OSC sequences, newlines, tabs),
// Unicode bidi controls and invalid UTF-8 come out as Go escapes (\x1b, \n, \u202e, \xff), so
// that a file name cannot move the cursor, retitle the window or hide text. Text with none of
// these is returned as it is. The logs need none of it: log/slog quotes such values itself.
func printable(s string) string {
	if !needsEscaping(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case escapedRune(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

func needsEscaping(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if escapedRune(r) {
			return true
		}
	}
	return false
}

func escapedRune(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) }
