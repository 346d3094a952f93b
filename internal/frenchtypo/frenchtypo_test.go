package frenchtypo

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	nb = "\u00a0" // before : and %, inside « »
	nn = "\u202f" // before ; ? !
)

// TestCheckPasses lists French strings that follow the rule, or whose signs are code.
func TestCheckPasses(t *testing.T) {
	for _, s := range []string{
		"",
		"Niveau d’incidence" + nb + ": II",
		"Le système est-il utilisé" + nn + "? Oui" + nn + "; non" + nn + "!",
		"Une hausse de 15" + nb + "%.",
		"Un «" + nb + "mot" + nb + "» cité" + nn + "?",
		"«" + nb + "mot" + nb + "»",
		"Voir https://www.canada.ca/fr/doc.html?id=3;x=1 et http://a.b/c:d!",
		"Voir www.tbs-sct.gc.ca/pol/doc-fra.aspx?id=32592.",
		"De 10:30 à 11:00, au ratio 1:2.",
		"{0} réponses sur {1}",
		"{key:value} et {a;b}",
		"Niveau d’incidence" + nb + ": %s (%d" + nb + "%)",
		"Part" + nb + ": %5.1f%%",
		"a != b",
		"Vraiment" + nn + "?!",
		"Ligne\n: suite",
		"L&apos;outil &amp; le reste",
		"Déjà l’été",
	} {
		if got := Check(s); got != nil {
			t.Errorf("Check(%q) = %v, want none", s, got)
		}
	}
}

// TestCheckFails lists faults, each with the offsets Check must report.
func TestCheckFails(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []int
	}{
		{"Niveau : II", []int{7}},                        // ordinary space before :
		{"Niveau: II", []int{6}},                         // no space before :
		{"Remarque (SMA): voir", []int{14}},              // no space after a bracket
		{"Niveau" + nn + ": II", []int{9}},               // narrow space before :
		{"Oui ? Non ; peut-être !", []int{4, 10, 23}},    // ordinary spaces before ? ; !
		{"Oui? Non; peut-être!", []int{3, 8, 20}},        // no space before ? ; !
		{"Oui" + nb + "?", []int{5}},                     // wide no-break space before ?
		{"Une hausse de 15 %.", []int{17}},               // ordinary space before %
		{"Une hausse de 15%.", []int{16}},                // no space before %
		{"« mot »", []int{0, 7}},                         // ordinary spaces inside « »
		{"«mot»", []int{0, 5}},                           // no spaces inside « »
		{"l'outil", []int{1}},                            // straight apostrophe
		{"l’outil et l'aide", []int{14, 14}},             // straight, and a mix
		{"Lien https://a.ca/x et puis: fin", []int{27}},  // the URL ends; the prose does not
		{"{0} réponses: {1}", []int{13}},                 // a placeholder does not excuse the prose
		{"Heure: 10:30", []int{5}},                       // only digits on both sides are a time
		{"Voir https://a.ca/(x) puis l'aide", []int{28}}, // a bracket ends the URL
		{"«\u202fmot\u202f»", []int{0, 11}},              // narrow spaces inside « »
		{"d'un l’autre l'autre", []int{1, 1, 16}},        // every straight one, plus the mix
	} {
		var got []int
		for _, p := range Check(c.s) {
			got = append(got, p.Offset)
			if p.Message == "" {
				t.Errorf("Check(%q): empty message", c.s)
			}
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("Check(%q) offsets (-want +got):\n%s\n%v", c.s, diff, Check(c.s))
		}
	}
}

// TestCheckOddInput: broken UTF-8 and signs at the edges do not panic.
func TestCheckOddInput(t *testing.T) {
	for _, s := range []string{"\xff", "a\xff:", ":\xff", "«", "»", "%", "'", "{", "&", "&amp", "https://", "x\xe2\x80"} {
		Check(s)
		EnglishWords(s)
		UnmarkedEnglishLinks(s)
	}
}

func TestCheckMessages(t *testing.T) {
	got := Check("Niveau : 15 % « x»")
	want := []Problem{
		{7, "ordinary space before : (use no-break space U+00A0)"},
		{12, "ordinary space before % (use no-break space U+00A0)"},
		{14, "ordinary space after « (use no-break space U+00A0)"},
		{18, "no space before » (use no-break space U+00A0)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestEnglishWords(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []string
	}{
		{"7 réponses sur 8", nil},
		{"Niveau d’incidence" + nb + ": II", nil},
		{"7/8 answered", []string{"answered"}},
		{"Réponse ignorée : answer ignored (hidden by its condition)", []string{"answer ignored", "hidden by its condition"}},
		{"« x » is not one of its choices; did you mean « y »?", []string{"is not one of its choices", "did you mean"}},
		{"Fichier LARGER THAN THE LIMIT", []string{"larger than the limit"}},
		{"Cote actuelle" + nb + ": 58 (score)", []string{"score"}},
		{"Les scores et le levier", nil},                                     // whole words only
		{"https://example.com/score-level-error", nil},                       // URLs are not prose
		{"{answered} sur {total}", nil},                                      // nor placeholders
		{"Non répondue; unanswered", []string{"unanswered"}},                 // "answered" is not a whole word here
		{"Le niveau requis (required level)", []string{"required", "level"}}, // list order
	} {
		if diff := cmp.Diff(c.want, EnglishWords(c.s)); diff != "" {
			t.Errorf("EnglishWords(%q) (-want +got):\n%s", c.s, diff)
		}
	}
}

func TestParseGlossary(t *testing.T) {
	md := "# Glossary\n\nSome text | with a bar.\n\n" +
		"| English | French | Rejected in French | Why |\n" +
		"|---|---|---|---|\n" +
		"| score | *cote* | `note`, `pointage` | the GC uses it |\n" +
		"| answered | réponses | `répondues` | no anglicism |\n" +
		"| client | *client* | | kept |\n" +
		"\n| English | French | Rejected | later table ignored |\n|---|---|---|---|\n| x | y | `z` | |\n"
	got, err := ParseGlossary([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{
		{English: "score", French: "cote", Rejected: []string{"note", "pointage"}},
		{English: "answered", French: "réponses", Rejected: []string{"répondues"}},
		{English: "client", French: "client"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, bad := range []string{
		"no table here",
		"| English | French | Rejected | Why |\n|---|---|---|---|\n| score | cote | `note | x |\n",
		"| English | French | Rejected | Why |\n|---|---|---|---|\n| score |  | `note` | x |\n",
	} {
		if _, err := ParseGlossary([]byte(bad)); err == nil {
			t.Errorf("ParseGlossary(%q): no error", bad)
		}
	}
}

func TestEntryFind(t *testing.T) {
	e := Entry{English: "score", French: "cote", Rejected: []string{"note", "sexes plus", "Autre (préciser)", "aînés et dirigeants", "Cochez tout ce qui s’applique"}}
	for _, c := range []struct {
		s    string
		want []string
	}{
		{"Votre cote est de 58.", nil},
		{"Votre note est de 58.", []string{"note"}},
		{"Note actuelle", []string{"note"}},               // capital at the start of a sentence
		{"Les notes et la notation", nil},                 // whole words only
		{"analyse comparative entre les sexes Plus", nil}, // case counts past the first letter
		{"analyse comparative entre les sexes plus", []string{"sexes plus"}},
		{"Autre (préciser)", []string{"Autre (préciser)"}},
		{"https://example.com/note", nil},
		{"Organisations, Aînés et dirigeants autochtones", nil}, // a capital inside a sentence is another word
		{"Organisations, aînés et dirigeants autochtones", []string{"aînés et dirigeants"}},
		{"Fin. Aînés et dirigeants", []string{"aînés et dirigeants"}}, // at the start of a sentence
		{"Voir la note", []string{"note"}},
		{"Cochez tout ce qui s'applique", []string{"Cochez tout ce qui s’applique"}}, // either apostrophe
		{"Cochez tout ce qui s’applique", []string{"Cochez tout ce qui s’applique"}},
		{"Voir (Note" + nb + ": x)", []string{"note"}},
	} {
		if diff := cmp.Diff(c.want, e.Find(c.s)); diff != "" {
			t.Errorf("Find(%q) (-want +got):\n%s", c.s, diff)
		}
	}
}

// TestProjectGlossary reads the project's glossary: every entry has a French term, and
// no entry rejects its own French term.
func TestProjectGlossary(t *testing.T) {
	md, err := os.ReadFile("../../docs/glossary.md")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := ParseGlossary(md)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 10 {
		t.Errorf("%d glossary entries, want at least 10", len(entries))
	}
	for _, e := range entries {
		if found := e.Find(e.French); len(found) > 0 {
			t.Errorf("%s: the French term %q is itself rejected (%v)", e.English, e.French, found)
		}
		if strings.ContainsAny(e.French, "`|") {
			t.Errorf("%s: French term %q", e.English, e.French)
		}
	}
}

func TestTexts(t *testing.T) {
	doc := `{"pages": {"p": {"en": "Page", "fr": "Page"}},
	  "items": {"q": {"title": {"en": "Q", "fr": "Q fr"}, "choices": {"a": {"en": "A", "fr": "A fr"}}}},
	  "list": [{"en": "One", "fr": "Un", "extra": 1}, {"en": "only English"}, "x"]}`
	got, err := Texts([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []Text{
		{Path: "/items/q/choices/a", EN: "A", FR: "A fr"},
		{Path: "/items/q/title", EN: "Q", FR: "Q fr"},
		{Path: "/list/0", EN: "One", FR: "Un"},
		{Path: "/pages/p", EN: "Page", FR: "Page"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := Texts([]byte("{")); err == nil {
		t.Error("no error for broken JSON")
	}
}

func TestUnmarkedEnglishLinks(t *testing.T) {
	for _, c := range []struct {
		s    string
		want []string
	}{
		{"Voir la Directive (https://www.tbs-sct.gc.ca/pol/doc-fra.aspx?id=32592).", nil},
		{"Voir https://www.canada.ca/fr/gouvernement.html", nil},
		{"Voir https://www.canada.ca/en/government.html", []string{"https://www.canada.ca/en/government.html"}},
		{"Voir (https://www.tbs-sct.gc.ca/pol/doc-eng.aspx?id=1)", []string{"https://www.tbs-sct.gc.ca/pol/doc-eng.aspx?id=1"}},
		{"Cadre (https://example.org/x/cb6d9eca-en.pdf)", []string{"https://example.org/x/cb6d9eca-en.pdf"}},
		{"Cadre " + EnglishOnly + nb + ": https://example.org/x/cb6d9eca-en.pdf", nil},
		{"{en} et {eng.x}", nil},
	} {
		if diff := cmp.Diff(c.want, UnmarkedEnglishLinks(c.s)); diff != "" {
			t.Errorf("UnmarkedEnglishLinks(%q) (-want +got):\n%s", c.s, diff)
		}
	}
}

// FuzzCheck: Check never panics and reports offsets inside s, in order.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"Niveau : II", "«mot»", "l'outil", "https://a.ca/?x=1 : oui", "{0}: 15%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := -1
		for _, p := range Check(s) {
			if p.Offset < 0 || p.Offset >= len(s) || p.Offset < last || p.Message == "" {
				t.Fatalf("Check(%q): bad problem %v after offset %d", s, p, last)
			}
			last = p.Offset
		}
	})
}

func TestFrenchAndEnglishProblems(t *testing.T) {
	glossary := []Entry{{English: "score", French: "cote", Rejected: []string{"note"}}}
	if got := FrenchProblems("La cote\u00a0: 15\u00a0%, réversibles\u202f?", glossary); got != nil {
		t.Errorf("a correct string: %q", got)
	}
	got := FrenchProblems("La note : answered", glossary)
	if len(got) != 3 { // the ordinary space, the English word, the rejected variant
		t.Errorf("want 3 problems, got %q", got)
	}
	if got := EnglishProblems("15%, isn't it"); got != nil {
		t.Errorf("a correct English string: %q", got)
	}
	if got := EnglishProblems("15 % « x »"); len(got) != 2 {
		t.Errorf("want 2 problems, got %q", got)
	}
	if got := Excerpt("é"+strings.Repeat("a", 40)+"é", 1); !strings.HasPrefix(got, "é") {
		t.Errorf("Excerpt cut a rune: %q", got)
	}
}
