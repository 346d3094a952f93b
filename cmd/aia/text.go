package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// clean returns text that comes from an input (a file name, a key, a value, a message
// quoting them) ready to print on a terminal: control characters, invisible format
// characters (bidirectional overrides among them) and invalid UTF-8 are written as Go
// escapes (\n, \x1b, \u202e, \xff), so that an input can neither forge a line of output
// nor drive the terminal.
func clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case unsafeRune(r):
			if r < 0x100 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= utf8.RuneSelf {
			return cleanSlow(s)
		}
	}
	return true
}

func cleanSlow(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\t' || unsafeRune(r) {
			return false
		}
	}
	return true
}

// unsafeRune reports control characters (C0, DEL, C1) and format characters (Cf:
// bidirectional controls, zero-width characters), which a terminal acts on or hides.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// cleanLines is clean for a message of several lines: each line is cleaned, and the
// line breaks are kept.
func cleanLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = clean(l)
	}
	return strings.Join(lines, "\n")
}

// csvCell neutralises a cell a spreadsheet would run as a formula (one that begins with
// =, +, -, @, a tab or a carriage return) with a leading apostrophe, following OWASP's
// advice on CSV injection. Only text cells go through it; numbers keep their sign.
func csvCell(s string) string {
	formula := s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 && !isStdinLineName(s)
	s = clean(s) // a spreadsheet cell is also printed on terminals
	if formula {
		return "'" + s
	}
	return s
}

// isStdinLineName reports the names the program gives lines of standard input ("-:12"),
// which no spreadsheet reads as a formula.
func isStdinLineName(s string) bool {
	rest, ok := strings.CutPrefix(s, "-:")
	if !ok || rest == "" {
		return false
	}
	for _, c := range rest {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
