package questionnaire_test

import (
	"os"
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

// TestWordingFrench checks every French string: typography, no English words, the
// glossary's terms, English-only links marked (frenchtypo.FrenchProblems).
func TestWordingFrench(t *testing.T) {
	glossary, err := frenchtypo.ReadGlossary("../docs/glossary.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range wordingTexts(t) {
		for _, p := range frenchtypo.FrenchProblems(x.FR, glossary) {
			t.Errorf("%s: %s", x.Path, p)
		}
	}
}

// TestWordingEnglishTypography: English keeps one apostrophe style and its own spacing.
func TestWordingEnglishTypography(t *testing.T) {
	straight, curly := 0, 0
	for _, x := range wordingTexts(t) {
		straight += strings.Count(x.EN, "'")
		curly += strings.Count(x.EN, "’")
		for _, p := range frenchtypo.EnglishProblems(x.EN) {
			t.Errorf("%s: %s", x.Path, p)
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
