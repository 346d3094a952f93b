package aia_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/gc-aia/aia/internal/frenchtypo"
)

// The French of the Directive's requirements is of the same quality as its English (issue 11):
// these tests run the project's French checker over every string of data/requirements.json.

func requirementTexts(t *testing.T) []frenchtypo.Text {
	t.Helper()
	doc, err := os.ReadFile("data/requirements.json")
	if err != nil {
		t.Fatal(err)
	}
	texts, err := frenchtypo.Texts(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) < 100 {
		t.Fatalf("only %d bilingual strings in data/requirements.json", len(texts))
	}
	return texts
}

// excerpt shows the text around a byte offset, for error messages.
func excerpt(s string, off int) string {
	from, to := max(0, off-30), min(len(s), off+30)
	for from > 0 && !isRuneStart(s[from]) {
		from--
	}
	for to < len(s) && !isRuneStart(s[to]) {
		to++
	}
	return s[from:to]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func TestRequirementsFrenchTypography(t *testing.T) {
	for _, x := range requirementTexts(t) {
		for _, p := range frenchtypo.Check(x.FR) {
			t.Errorf("%s: %s: %q", x.Path, p.Message, excerpt(x.FR, p.Offset))
		}
	}
}

func TestRequirementsFrenchHasNoEnglishWords(t *testing.T) {
	for _, x := range requirementTexts(t) {
		if w := frenchtypo.EnglishWords(x.FR); w != nil {
			t.Errorf("%s: English in French: %q in %q", x.Path, w, x.FR)
		}
	}
}

func TestRequirementsFollowsGlossary(t *testing.T) {
	entries := glossary(t)
	for _, x := range requirementTexts(t) {
		for _, e := range entries {
			if found := e.Find(x.FR); found != nil {
				t.Errorf("%s: %q is not the glossary's French for %q (use %q): %q", x.Path, found, e.English, e.French, x.FR)
			}
		}
	}
}

func TestRequirementsMarksEnglishOnlyLinks(t *testing.T) {
	for _, x := range requirementTexts(t) {
		if u := frenchtypo.UnmarkedEnglishLinks(x.FR); u != nil {
			t.Errorf("%s: English-only link %q not marked %q", x.Path, u, frenchtypo.EnglishOnly)
		}
	}
}

// englishPercent is "15 %" or a no-break space in English: English writes "15%".
var englishPercent = regexp.MustCompile(`\d[ \x{00A0}\x{202F}]%`)

// TestRequirementsEnglishTypography: English keeps one apostrophe style and its own spacing.
func TestRequirementsEnglishTypography(t *testing.T) {
	straight, curly := 0, 0
	for _, x := range requirementTexts(t) {
		straight += strings.Count(x.EN, "'")
		curly += strings.Count(x.EN, "’")
		if englishPercent.MatchString(x.EN) {
			t.Errorf("%s: English writes 15%%, not %q", x.Path, englishPercent.FindString(x.EN))
		}
		if strings.ContainsAny(x.EN, "\u00a0\u202f«»") {
			t.Errorf("%s: French typography in English: %q", x.Path, x.EN)
		}
	}
	if straight > 0 && curly > 0 {
		t.Errorf("English mixes apostrophes: %d straight, %d typographic", straight, curly)
	}
}

func glossary(t *testing.T) []frenchtypo.Entry {
	t.Helper()
	md, err := os.ReadFile("../docs/glossary.md")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := frenchtypo.ParseGlossary(md)
	if err != nil {
		t.Fatal(err)
	}
	return entries
}
