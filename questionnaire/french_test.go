package questionnaire_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/gc-aia/aia/internal/frenchtypo"
)

// The French of the questionnaire is of the same quality as its English (issue 11):
// these tests run the project's French checker over every string of data/wording.json.

func wordingTexts(t *testing.T) []frenchtypo.Text {
	t.Helper()
	doc, err := os.ReadFile("data/wording.json")
	if err != nil {
		t.Fatal(err)
	}
	texts, err := frenchtypo.Texts(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) < 500 {
		t.Fatalf("only %d bilingual strings in data/wording.json", len(texts))
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

func TestWordingFrenchTypography(t *testing.T) {
	for _, x := range wordingTexts(t) {
		for _, p := range frenchtypo.Check(x.FR) {
			t.Errorf("%s: %s: %q", x.Path, p.Message, excerpt(x.FR, p.Offset))
		}
	}
}

func TestWordingFrenchHasNoEnglishWords(t *testing.T) {
	for _, x := range wordingTexts(t) {
		if w := frenchtypo.EnglishWords(x.FR); w != nil {
			t.Errorf("%s: English in French: %q in %q", x.Path, w, x.FR)
		}
	}
}

func TestWordingFollowsGlossary(t *testing.T) {
	entries := glossary(t)
	for _, x := range wordingTexts(t) {
		for _, e := range entries {
			if found := e.Find(x.FR); found != nil {
				t.Errorf("%s: %q is not the glossary's French for %q (use %q): %q", x.Path, found, e.English, e.French, x.FR)
			}
		}
	}
}

func TestWordingMarksEnglishOnlyLinks(t *testing.T) {
	for _, x := range wordingTexts(t) {
		if u := frenchtypo.UnmarkedEnglishLinks(x.FR); u != nil {
			t.Errorf("%s: English-only link %q not marked %q", x.Path, u, frenchtypo.EnglishOnly)
		}
	}
}

// englishPercent is "15 %" or a no-break space in English: English writes "15%".
var englishPercent = regexp.MustCompile(`\d[ \x{00A0}\x{202F}]%`)

// TestWordingEnglishTypography: English keeps one apostrophe style and its own spacing.
func TestWordingEnglishTypography(t *testing.T) {
	straight, curly := 0, 0
	for _, x := range wordingTexts(t) {
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

// TestWordingOneFormPerInstruction checks the recurring instructions have one French
// form for one English form.
func TestWordingOneFormPerInstruction(t *testing.T) {
	for _, c := range []struct{ en, fr string }{
		{"(Select all that apply.)", "(Cochez toutes les réponses pertinentes.)"},
		{"Other (specify)", "Autre (précisez)"},
	} {
		n := 0
		for _, x := range wordingTexts(t) {
			if strings.Contains(x.EN, c.en) != strings.Contains(x.FR, c.fr) {
				t.Errorf("%s: %q and %q do not go together: %q / %q", x.Path, c.en, c.fr, x.EN, x.FR)
			}
			if strings.Contains(x.FR, c.fr) {
				n++
			}
		}
		if n == 0 {
			t.Errorf("%q never used", c.fr)
		}
	}
	for _, x := range wordingTexts(t) {
		if strings.Contains(strings.ToLower(x.EN), "all that apply") && !strings.Contains(x.EN, "(Select all that apply.)") {
			t.Errorf("%s: another English form of the instruction: %q", x.Path, x.EN)
		}
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
