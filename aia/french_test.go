package aia_test

import (
	"os"
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

// TestRequirementsFrench checks every French string: typography, no English words, the
// glossary's terms, English-only links marked (frenchtypo.FrenchProblems).
func TestRequirementsFrench(t *testing.T) {
	glossary, err := frenchtypo.ReadGlossary("../docs/glossary.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range requirementTexts(t) {
		for _, p := range frenchtypo.FrenchProblems(x.FR, glossary) {
			t.Errorf("%s: %s", x.Path, p)
		}
	}
}

// TestRequirementsEnglishTypography: English keeps one apostrophe style and its own spacing.
func TestRequirementsEnglishTypography(t *testing.T) {
	straight, curly := 0, 0
	for _, x := range requirementTexts(t) {
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
