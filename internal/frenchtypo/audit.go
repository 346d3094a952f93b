package frenchtypo

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// ReadGlossary reads and parses the glossary file (docs/glossary.md).
func ReadGlossary(path string) ([]Entry, error) {
	md, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseGlossary(md)
}

// FrenchProblems returns, as messages, every way the French string s departs from the
// project's rules: typography (Check), English words (EnglishWords), a variant the
// glossary rejects, a link to an English-only document left unmarked.
func FrenchProblems(s string, glossary []Entry) []string {
	var out []string
	for _, p := range Check(s) {
		out = append(out, fmt.Sprintf("%s: %q", p.Message, Excerpt(s, p.Offset)))
	}
	if w := EnglishWords(s); w != nil {
		out = append(out, fmt.Sprintf("English in French: %q in %q", w, s))
	}
	for _, e := range glossary {
		if found := e.Find(s); found != nil {
			out = append(out, fmt.Sprintf("%q is not the glossary's French for %q (use %q): %q", found, e.English, e.French, s))
		}
	}
	if u := UnmarkedEnglishLinks(s); u != nil {
		out = append(out, fmt.Sprintf("English-only link %q not marked %q", u, EnglishOnly))
	}
	return out
}

// englishPercent is "15 %" with any space: English writes "15%".
var englishPercent = regexp.MustCompile(`\d[ \x{00A0}\x{202F}]%`)

// EnglishProblems returns, as messages, French typography found in the English string s:
// a space before %, no-break spaces, guillemets.
func EnglishProblems(s string) []string {
	var out []string
	if englishPercent.MatchString(s) {
		out = append(out, fmt.Sprintf("English writes 15%%, not %q", englishPercent.FindString(s)))
	}
	if strings.ContainsAny(s, "\u00a0\u202f«»") {
		out = append(out, fmt.Sprintf("French typography in English: %q", s))
	}
	return out
}

// Excerpt returns the text around byte offset off of s, cut on rune boundaries, for
// messages.
func Excerpt(s string, off int) string {
	from, to := max(0, off-30), min(len(s), off+30)
	for from > 0 && s[from]&0xC0 == 0x80 {
		from--
	}
	for to < len(s) && s[to]&0xC0 == 0x80 {
		to++
	}
	return s[from:to]
}

// messageEnglish finds the English words of the program's own messages (errors, most
// of all), which a French message must not hold.
var messageEnglish = regexp.MustCompile(`(?i)\b(the|is|not|must|needs|yours|file|saved|assessment|owner|editor|reader|wrong|password|empty|larger|bytes|limit|name|names|sign|unknown|known|open|choose|remove|give|taken|already|built|expected|found|try again|invalid|latest|fetch|did you mean)\b`)

// MessageProblems returns, as messages, every way a message's French fr departs from
// the project's rules (FrenchProblems, and English words of messages), and its English
// en from English typography; fr the same as en is a missing translation.
func MessageProblems(en, fr string, glossary []Entry) []string {
	out := FrenchProblems(fr, glossary)
	if fr == en {
		out = append(out, fmt.Sprintf("the French is the English %q", en))
	}
	if w := messageEnglish.FindString(fr); w != "" {
		out = append(out, fmt.Sprintf("English %q in the French %q", w, fr))
	}
	return append(out, EnglishProblems(en)...)
}
