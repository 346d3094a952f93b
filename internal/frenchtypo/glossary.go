package frenchtypo

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Entry is one concept of the glossary: the English term, the one French term the
// project uses for it, and the French variants it rejects.
type Entry struct {
	English  string
	French   string
	Rejected []string
}

// ParseGlossary reads the terms table of docs/glossary.md, the one source of truth for
// terminology: the Markdown table whose header starts "| English | French | Rejected".
// In each row the French term may be set in *italics*; the rejected variants are the
// `code spans` of the third cell (a cell may have none).
func ParseGlossary(md []byte) ([]Entry, error) {
	var out []Entry
	in := false
	sc := bufio.NewScanner(bytes.NewReader(md))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(text, "|") {
			if in {
				break
			}
			continue
		}
		cells := strings.Split(strings.Trim(text, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if !in {
			in = len(cells) >= 3 && cells[0] == "English" && cells[1] == "French" && strings.HasPrefix(cells[2], "Rejected")
			continue
		}
		if strings.Trim(cells[0], "-: ") == "" {
			continue // the separator row
		}
		if len(cells) < 3 {
			return nil, fmt.Errorf("glossary line %d: %d cells, want at least 3", line, len(cells))
		}
		e := Entry{English: cells[0], French: strings.Trim(cells[1], "*_` ")}
		for rest := cells[2]; ; {
			i := strings.IndexByte(rest, '`')
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i+1:], '`')
			if j < 0 {
				return nil, fmt.Errorf("glossary line %d: unclosed ` in %q", line, cells[2])
			}
			e.Rejected = append(e.Rejected, rest[i+1:i+1+j])
			rest = rest[i+j+2:]
		}
		if e.English == "" || e.French == "" {
			return nil, fmt.Errorf("glossary line %d: empty term", line)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("glossary: no table with the header | English | French | Rejected … |")
	}
	return out, nil
}

// Find returns the rejected variants of e that stand in the French string s, as whole
// words outside URLs and placeholders; ' and ’ are the same letter. Case counts, except that a variant also matches
// with a capital first letter at the start of a sentence, a line or a bracket.
func (e Entry) Find(s string) []string {
	s = strings.ReplaceAll(prose(s), "'", "’") // either apostrophe matches either
	var out []string
	for _, r := range e.Rejected {
		v := strings.ReplaceAll(r, "'", "’")
		if hasWord(s, v, false) || capitalize(v) != v && hasWord(s, capitalize(v), true) {
			out = append(out, r)
		}
	}
	return out
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// hasWord tells whether w stands in s as whole words, case counting; with initial,
// only where a sentence, a line or a bracket opens.
func hasWord(s, w string, initial bool) bool {
	for from := 0; w != ""; {
		j := strings.Index(s[from:], w)
		if j < 0 {
			return false
		}
		at, end := from+j, from+j+len(w)
		b, _ := utf8.DecodeLastRuneInString(s[:at])
		a, _ := utf8.DecodeRuneInString(s[end:])
		if (at == 0 || !isWordRune(b)) && (end == len(s) || !isWordRune(a)) && (!initial || opens(s[:at])) {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[at:])
		from = at + size
	}
	return false
}

// opens tells whether what precedes a word ends a sentence or opens a line or bracket.
func opens(before string) bool {
	before = strings.TrimRight(before, " \u00a0\u202f")
	if before == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return strings.ContainsRune(".?!:\n(«[—–-", r)
}
