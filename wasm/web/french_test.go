package web

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gc-aia/aia/internal/frenchtypo"
)

// The French of the page is of the same quality as its English (issue 11): these tests
// run the project's French checker (docs/glossary.md) over every French string the app
// shows: the TEXTS of js/i18n.js, the lang="fr" text of index.html and the texts of
// offline.js, as embedded in the site.

// text is one string of the page, and where it comes from.
type text struct {
	where, s string
}

// jsString is a single-quoted JavaScript string literal (the modules use no other kind
// for their texts).
var jsString = regexp.MustCompile(`'((?:[^'\\\n]|\\.)*)'`)

// jsEscape is a \uXXXX escape in a string literal.
var jsEscape = regexp.MustCompile(`\\u[0-9a-fA-F]{4}`)

// jsStrings returns the string literals of code, unescaped.
func jsStrings(where, code string) []text {
	var out []text
	for _, m := range jsString.FindAllStringSubmatch(code, -1) {
		s := m[1]
		s = strings.NewReplacer(`\'`, `'`, `\\`, `\`, `\n`, "\n").Replace(s)
		s = jsEscape.ReplaceAllStringFunc(s, func(u string) string {
			r, _ := strconv.ParseUint(u[2:], 16, 32)
			return string(rune(r))
		})
		out = append(out, text{where, s})
	}
	return out
}

// block returns the lines of code from the line that is exactly start up to the first
// line after it that is exactly end.
func block(t *testing.T, code, start, end string) string {
	t.Helper()
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		if l != start {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if lines[j] == end {
				return strings.Join(lines[i+1:j], "\n")
			}
		}
	}
	t.Fatalf("no block from %q to %q", start, end)
	return ""
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := fs.ReadFile(Files, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pageTexts returns the page's strings in lang ("en" or "fr").
func pageTexts(t *testing.T, lang string) []text {
	t.Helper()
	i18n := readFile(t, "js/i18n.js")
	texts := jsStrings("js/i18n.js "+lang, block(t, i18n, "  "+lang+": {", "  },"))
	team := readFile(t, "team/i18n.js") // team mode's texts (aia team serve)
	texts = append(texts, jsStrings("team/i18n.js "+lang, block(t, team, "  "+lang+": {", "  },"))...)
	offline := readFile(t, "offline.js")
	line := regexp.MustCompile(`(?m)^\s*` + lang + `: \{.*\},$`).FindString(offline)
	if line == "" {
		t.Fatalf("offline.js has no %s texts", lang)
	}
	texts = append(texts, jsStrings("offline.js "+lang, line)...)
	page := readFile(t, "index.html")
	for _, m := range regexp.MustCompile(`lang="`+lang+`">([^<]+)<`).FindAllStringSubmatch(page, -1) {
		texts = append(texts, text{"index.html " + lang, m[1]})
	}
	if len(texts) < 100 {
		t.Fatalf("only %d %s strings found in the page", len(texts), lang)
	}
	return texts
}

// TestPageFrench checks every French string of the page: typography, no English
// words, the glossary's terms, English-only links marked (frenchtypo.FrenchProblems).
func TestPageFrench(t *testing.T) {
	glossary, err := frenchtypo.ReadGlossary("../../docs/glossary.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range pageTexts(t, "fr") {
		for _, p := range frenchtypo.FrenchProblems(x.s, glossary) {
			t.Errorf("%s: %s", x.where, p)
		}
	}
}

func TestPageEnglishTypography(t *testing.T) {
	for _, x := range pageTexts(t, "en") {
		for _, p := range frenchtypo.EnglishProblems(x.s) {
			t.Errorf("%s: %s", x.where, p)
		}
		if strings.Contains(x.s, "’") { // the page's English uses the straight apostrophe
			t.Errorf("%s: typographic apostrophe in English: %q", x.where, x.s)
		}
	}
}

// TestScriptsBuildNoFrenchOutsideTexts: French pieced together in code (quotes around
// a title, a colon before a detail) follows the same rule; the modules build it from
// TEXTS or with no-break spaces, never with ordinary ones.
func TestScriptsBuildNoFrenchOutsideTexts(t *testing.T) {
	for _, dir := range []string{"js", "team"} {
		scriptsBuildNoFrench(t, dir)
	}
}

func scriptsBuildNoFrench(t *testing.T, dir string) {
	err := fs.WalkDir(Files, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		code := readFile(t, name)
		for _, bad := range []string{"« ", " »", "' : ' + "} {
			if strings.Contains(code, bad) {
				t.Errorf("%s builds French with ordinary spaces: %q", name, bad)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
