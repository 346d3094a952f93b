// Package frenchtypo checks French text against the project's typography and
// terminology, so that the French of the engine, the CLI and the browser app stays of
// the same quality as the English (issue 11; Official Languages Act).
//
// The rule follows the Canadian practice of the Translation Bureau (Guide du
// rédacteur, Clefs du français pratique); docs/glossary.md states it for writers:
//
//   - a no-break space U+00A0 before the colon and the percent sign, and inside « »;
//   - a narrow no-break space U+202F before ; ? and ! (the Bureau's "espace fine");
//   - the typographic apostrophe ’ only, never the straight '.
//
// Code-like text is not prose and is skipped: URLs, {placeholders}, Go format verbs
// (%s, %d, …), HTML entities, and digits on both sides of a colon (10:30, 1:2).
package frenchtypo

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The two no-break spaces of the rule.
const (
	NBSP  = '\u00A0' // before : and %, inside « »
	NNBSP = '\u202F' // before ; ? !
)

// Problem is one typographic fault in a French string.
type Problem struct {
	Offset  int    // byte offset in the string of the sign at fault
	Message string // what is wrong and what the rule wants
}

func (p Problem) String() string { return fmt.Sprintf("%d: %s", p.Offset, p.Message) }

// Check returns the typographic faults of the French string s, in order of offset, or
// nil when s follows the rule. It reports:
//   - an ordinary space (U+0020) before : ; ? ! % or right inside « »;
//   - no space at all before : ; ? ! or % (after a digit), or inside « »;
//   - the wrong no-break space (U+202F before : or %, U+00A0 before ; ? !);
//   - a straight apostrophe ', and a string that mixes ' and ’.
func Check(s string) []Problem {
	skip := codeSpans(s)
	var out []Problem
	add := func(off int, format string, args ...any) {
		out = append(out, Problem{Offset: off, Message: fmt.Sprintf(format, args...)})
	}
	straight, curly := -1, -1
	for i, r := range s {
		if skip.has(i) {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		_, size := utf8.DecodeRuneInString(s[i:])
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		if i == 0 {
			prev = '\n'
		}
		switch r {
		case '\'':
			add(i, "straight apostrophe ' (use ’)")
			if straight < 0 {
				straight = i
			}
		case '’':
			if curly < 0 {
				curly = i
			}
		case ':':
			if isDigit(prev) && isDigit(next) {
				continue // 10:30, 1:2
			}
			before(add, i, r, prev, NBSP)
		case ';', '?', '!':
			if r == '!' && next == '=' || prev == '?' || prev == '!' {
				continue // != in code; ?! and !! take one space before the first sign
			}
			before(add, i, r, prev, NNBSP)
		case '%':
			if isVerb(s[i+1:]) {
				continue // %s, %d, %%, …
			}
			if prev == ' ' || prev == NBSP || prev == NNBSP || isDigit(prev) {
				before(add, i, r, prev, NBSP)
			}
		case '«':
			inside(add, i, r, next, "after")
		case '»':
			inside(add, i, r, prev, "before")
		}
	}
	if straight >= 0 && curly >= 0 {
		add(straight, "mixes the apostrophes ' and ’ (use ’)")
	}
	sortProblems(out)
	return out
}

// before reports what stands before the sign r at offset i, when it is not want.
func before(add func(int, string, ...any), i int, r, prev, want rune) {
	switch {
	case prev == want:
	case prev == '\n' || prev == '\t' || prev == '\r':
		// a sign opening a line is not prose
	case prev == ' ':
		add(i, "ordinary space before %c (use %s)", r, name(want))
	case prev == NBSP || prev == NNBSP:
		add(i, "%s before %c (use %s)", name(prev), r, name(want))
	default:
		add(i, "no space before %c (use %s)", r, name(want))
	}
}

// inside reports the space on the inner side of a guillemet.
func inside(add func(int, string, ...any), i int, r, c rune, side string) {
	switch c {
	case NBSP:
	case ' ':
		add(i, "ordinary space %s %c (use %s)", side, r, name(NBSP))
	case NNBSP:
		add(i, "%s %s %c (use %s)", name(NNBSP), side, r, name(NBSP))
	default:
		add(i, "no space %s %c (use %s)", side, r, name(NBSP))
	}
}

func name(r rune) string {
	switch r {
	case NBSP:
		return "no-break space U+00A0"
	case NNBSP:
		return "narrow no-break space U+202F"
	}
	return fmt.Sprintf("%U", r)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isVerb tells whether the text after a % makes it a format verb (%s, %5.1f, %%, %-8v)
// rather than a percent sign.
func isVerb(after string) bool {
	if strings.HasPrefix(after, ".") {
		after = after[1:]
		return after != "" && isDigit(rune(after[0]))
	}
	return after != "" && after[0] < utf8.RuneSelf && (unicode.IsLetter(rune(after[0])) || isDigit(rune(after[0])) || strings.ContainsRune("%+-#*[", rune(after[0])))
}

// spans are byte ranges [start, end) of code-like text.
type spans [][2]int

func (s spans) has(i int) bool {
	for _, sp := range s {
		if i >= sp[0] && i < sp[1] {
			return true
		}
	}
	return false
}

// codeSpans finds the URLs, {placeholders} and HTML entities of s.
func codeSpans(s string) spans {
	var out spans
	for _, prefix := range []string{"https://", "http://", "mailto:", "www."} {
		for from := 0; ; {
			j := strings.Index(s[from:], prefix)
			if j < 0 {
				break
			}
			start := from + j
			end := start + strings.IndexFunc(s[start:], func(r rune) bool {
				return unicode.IsSpace(r) || strings.ContainsRune("()<>\"«»", r)
			})
			if end < start {
				end = len(s)
			}
			if !out.has(start) { // www. inside an https:// URL
				out = append(out, [2]int{start, end})
			}
			from = end
		}
	}
	for from := 0; ; {
		j := strings.IndexByte(s[from:], '{')
		if j < 0 {
			break
		}
		start := from + j
		k := strings.IndexByte(s[start:], '}')
		if k < 0 {
			break
		}
		out = append(out, [2]int{start, start + k + 1})
		from = start + k + 1
	}
	for from := 0; ; {
		j := strings.IndexByte(s[from:], '&')
		if j < 0 {
			break
		}
		start := from + j
		end := start + 1
		for end < len(s) && end-start <= 10 && (isDigit(rune(s[end])) || s[end] == '#' || s[end] < utf8.RuneSelf && unicode.IsLetter(rune(s[end]))) {
			end++
		}
		if end < len(s) && s[end] == ';' && end > start+1 {
			out = append(out, [2]int{start, end + 1})
		}
		from = start + 1
	}
	return out
}

// prose returns s with its code-like spans blanked, offsets unchanged.
func prose(s string) string {
	b := []byte(s)
	for _, sp := range codeSpans(s) {
		for i := sp[0]; i < sp[1]; i++ {
			b[i] = ' '
		}
	}
	return string(b)
}

func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int { return cmp.Compare(a.Offset, b.Offset) })
}

// English lists words and phrases of the engine's English messages that must not
// appear in French output: a French string containing one was left untranslated or
// was pieced together from English parts. Matching ignores case and takes whole words.
// Extend the list as messages are added.
var English = []string{
	"answered",
	"unanswered",
	"answer ignored",
	"hidden by its condition",
	"is not one of its choices",
	"did you mean",
	"larger than the limit",
	"unknown question",
	"not a number",
	"must be",
	"expected",
	"required",
	"impact level",
	"mitigation",
	"level",
	"score",
	"warning",
	"error",
}

// EnglishWords returns the entries of English found in the French string s, in the
// order of the list; nil when there are none.
func EnglishWords(s string) []string {
	s = prose(s)
	var out []string
	for _, w := range English {
		if len(containsWord(s, w)) > 0 {
			out = append(out, w)
		}
	}
	return out
}

// containsWord returns the byte offsets in s where the phrase w stands as whole
// words, ignoring case (simple folding, so offsets hold for the usual letters).
func containsWord(s, w string) []int {
	if w == "" {
		return nil
	}
	var out []int
	for i := 0; i+len(w) <= len(s); {
		j := indexFold(s[i:], w)
		if j < 0 {
			break
		}
		at := i + j
		end := at + len(w)
		b, _ := utf8.DecodeLastRuneInString(s[:at])
		a, _ := utf8.DecodeRuneInString(s[end:])
		if (at == 0 || !isWordRune(b)) && (end == len(s) || !isWordRune(a)) {
			out = append(out, at)
		}
		_, size := utf8.DecodeRuneInString(s[at:])
		i = at + size
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// indexFold is strings.Index ignoring case, for a needle whose folded forms have the
// same length in bytes (true of ASCII and of the accented letters of French).
func indexFold(s, w string) int {
	for i := 0; i+len(w) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(w)], w) {
			return i
		}
		for i+1 < len(s) && !utf8.RuneStart(s[i+1]) {
			i++
		}
	}
	return -1
}
