package questionnaire_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// small is a native questionnaire used by several tests: a gate on page "a" decides
// whether page "b" is shown; q2 depends on q1 across pages.
const small = `{
  "format": "aia-questionnaire/1",
  "version": "test-1",
  "pages": [
    {"id": "a", "questions": [
      {"id": "gate", "type": "single", "choices": [{"value": "yes", "weight": 0}, {"value": "no", "weight": 0}]},
      {"id": "q1", "type": "single", "kind": "raw", "visibleIf": "{gate} = \"yes\"",
       "choices": [{"value": "item1-3", "weight": 3}, {"value": "item2-0", "weight": 0}]}
    ]},
    {"id": "b", "visibleIf": "{gate} = \"yes\"", "questions": [
      {"id": "q2", "type": "multiple", "kind": "mitigation",
       "choices": [{"value": "item1-1", "weight": 1}, {"value": "item2-2", "weight": 2}]},
      {"id": "q3", "type": "comment", "visibleIf": "{q1} = \"item1-3\""}
    ]},
    {"id": "c", "questions": [
      {"id": "q4", "type": "text", "visibleIf": "{q3} notempty"},
      {"id": "note", "type": "info", "title": {"en": "Thanks", "fr": "Merci"}}
    ]}
  ]
}`

func loadSmall(t *testing.T) *questionnaire.Questionnaire {
	t.Helper()
	q, err := questionnaire.Load([]byte(small))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestLoadComputesMaxima(t *testing.T) {
	q := loadSmall(t)
	if q.MaxRaw() != 3 || q.MaxMitigation() != 3 {
		t.Errorf("max raw %d, mitigation %d; want 3 and 3 (best single choice; sum of multiple choices)", q.MaxRaw(), q.MaxMitigation())
	}
}

func TestVisibilityCascades(t *testing.T) {
	q := loadSmall(t)
	set := func(a questionnaire.Answers, id string, v condition.Value) {
		x, ok := q.Question(id)
		if !ok {
			t.Fatalf("no question %s", id)
		}
		a[x.Index()] = v
	}
	shown := func(a questionnaire.Answers) []string {
		var ids []string
		vis := q.Visibility(a, nil)
		for _, x := range q.Questions() {
			if vis[x.Index()] {
				ids = append(ids, x.ID)
			}
		}
		return ids
	}
	a := q.NewAnswers()
	set(a, "q1", condition.Text("item1-3"))
	set(a, "q3", condition.Text("some text"))
	// gate unanswered: q1 hidden, so q3 (which reads q1) is hidden, so q4 (which reads q3) is hidden.
	if diff := cmp.Diff([]string{"gate", "note"}, shown(a)); diff != "" {
		t.Errorf("gate unanswered (-want +got):\n%s", diff)
	}
	set(a, "gate", condition.Text("yes"))
	if diff := cmp.Diff([]string{"gate", "q1", "q2", "q3", "q4", "note"}, shown(a)); diff != "" {
		t.Errorf("gate yes (-want +got):\n%s", diff)
	}
}

func TestLoadRejects(t *testing.T) {
	page := func(questions string) string {
		return `{"format": "aia-questionnaire/1", "version": "x", "pages": [{"id": "p", "questions": [` + questions + `]}]}`
	}
	choice := `"choices": [{"value": "a-1", "weight": 1}]`
	tests := []struct {
		name, doc, want string
	}{
		{"not JSON", `{"format":`, "unexpected EOF"},
		{"wrong format", `{"format": "other", "version": "x", "pages": []}`, "/format"},
		{"unknown field", `{"format": "aia-questionnaire/1", "version": "x", "pages": [{"id": "p", "questions": []}], "extra": 1}`, "additionalProperties 'extra' not allowed"},
		{"duplicate question", page(`{"id": "q", "type": "single", ` + choice + `}, {"id": "q", "type": "text"}`), `/pages/0/questions/1/id: duplicate question ID "q"`},
		{"duplicate page", `{"format": "aia-questionnaire/1", "version": "x", "pages": [{"id": "p", "questions": []}, {"id": "p", "questions": []}]}`, `/pages/1/id: duplicate page ID "p"`},
		{"unknown reference", page(`{"id": "q", "type": "text", "visibleIf": "{nope} = 'x'"}`), `/pages/0/questions/0/visibleIf: question "q": condition "{nope} = 'x'": at offset 0: unknown question {nope}`},
		{"syntax error", page(`{"id": "q", "type": "text", "visibleIf": "{q} = "}`), "/pages/0/questions/0/visibleIf: question \"q\": condition \"{q} = \": at offset 6"},
		{"self reference", page(`{"id": "q", "type": "text", "visibleIf": "{q} empty"}`), "cycle: q → q"},
		{"cycle", page(`{"id": "a", "type": "text", "visibleIf": "{b} empty"}, {"id": "b", "type": "text", "visibleIf": "{a} empty"}`), "cycle: a → b → a"},
		{"choice without value", page(`{"id": "q", "type": "single", "choices": [{"weight": 1}]}`), "/pages/0/questions/0/choices/0: missing properties: 'value'"},
		{"duplicate value", page(`{"id": "q", "type": "single", "choices": [{"value": "a", "weight": 1}, {"value": "a", "weight": 0}]}`), `/pages/0/questions/0/choices/1/value: question "q": duplicate choice value "a"`},
		{"negative weight", page(`{"id": "q", "type": "single", "choices": [{"value": "a", "weight": -1}]}`), "/pages/0/questions/0/choices/0/weight: must be >= 0"},
		{"fractional weight", page(`{"id": "q", "type": "single", "choices": [{"value": "a", "weight": 1.5}]}`), "/pages/0/questions/0/choices/0/weight: expected integer"},
		{"choice question without choices", page(`{"id": "q", "type": "single"}`), "/pages/0/questions/0: missing properties: 'choices'"},
		{"scored text", page(`{"id": "q", "type": "text", "kind": "raw"}`), "/pages/0/questions/0"},
		{"reference to info", page(`{"id": "i", "type": "info"}, {"id": "q", "type": "text", "visibleIf": "{i} empty"}`), "unknown question {i}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := questionnaire.Load([]byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestEmbeddedFilesMatchSchema checks the embedded structure files against the schema,
// which the package skips when it loads them.
func TestEmbeddedFilesMatchSchema(t *testing.T) {
	files, err := filepath.Glob("data/structure/v*.json")
	if err != nil || len(files) != 6 {
		t.Fatalf("structure files: %v %v", files, err)
	}
	raw, err := os.ReadFile("data/structure/index.json")
	if err != nil {
		t.Fatal(err)
	}
	var index []struct {
		Version, Directive string
		Aliases            []string
	}
	if err := json.Unmarshal(raw, &index); err != nil || len(index) != len(files) {
		t.Fatalf("index: %d entries, %v", len(index), err)
	}
	for _, entry := range index {
		file := "data/structure/" + entry.Version + ".json"
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		q, err := questionnaire.Load(data)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if q.Version != entry.Version || q.Directive != entry.Directive || !cmp.Equal(q.Aliases, entry.Aliases) {
			t.Errorf("%s: version %s, directive %s, aliases %v disagree with the index %+v", file, q.Version, q.Directive, q.Aliases, entry)
		}
	}
}

func TestNativeRoundTrip(t *testing.T) {
	for _, q := range questionnaire.Versions() {
		data, err := q.MarshalIndent()
		if err != nil {
			t.Fatal(err)
		}
		back, err := questionnaire.Load(data)
		if err != nil {
			t.Fatalf("%s: reloading its own JSON: %v", q.Version, err)
		}
		if diff := cmp.Diff(q, back, ignoreUnexported); diff != "" {
			t.Errorf("%s: round trip changed the questionnaire:\n%s", q.Version, diff)
		}
		if back.MaxRaw() != q.MaxRaw() || back.MaxMitigation() != q.MaxMitigation() {
			t.Errorf("%s: maxima changed on round trip", q.Version)
		}
	}
}

func TestImportSurveyJSRules(t *testing.T) {
	const doc = `{"pages": [
	  {"name": "p1", "title": "Plain title", "elements": [
	    {"type": "panel", "name": "panelA-RS", "elements": [
	      {"type": "radiogroup", "name": "r1", "title": {"default": "R1", "fr": "R1 fr"},
	       "choices": [{"value": "item1-3", "text": "Yes"}, {"value": "item2", "text": "No"}]},
	      {"type": "checkbox", "name": "m1-MS", "choices": ["item1-1", "item2-2"]},
	      {"type": "dropdown", "name": "n1-NS", "choices": [{"value": "item1-4", "text": "x"}]},
	      {"type": "comment", "name": "c1", "visibleIf": "{r1} = 'item1-3'"},
	      {"type": "dropdown", "name": "d1", "choices": [{"value": 3, "text": "three"}, {"value": "item1-12", "text": "twelve"}]}
	    ]},
	    {"type": "panel", "name": "panelB", "visibleIf": "{r1} notempty", "elements": [
	      {"type": "radiogroup", "name": "u1", "isRequired": true, "hasOther": true, "choices": [{"value": "item1-5", "text": "five"}],
	       "description": {"default": "Help text", "fr": "Aide"}}
	    ]}
	  ]}
	]}`
	q, err := questionnaire.ImportSurveyJS([]byte(doc), "t")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		ID, Kind, If string
		Weights      []int
		Max          int
	}
	var got []row
	for _, x := range q.Questions() {
		r := row{ID: x.ID, Kind: string(x.Kind), If: x.VisibleIf, Max: x.Max()}
		for _, c := range x.Choices {
			r.Weights = append(r.Weights, c.Weight)
		}
		got = append(got, r)
	}
	want := []row{
		{"r1", "raw", "", []int{3, 0}, 3},           // panel suffix; "item2" weighs 0
		{"m1-MS", "mitigation", "", []int{1, 2}, 3}, // own suffix wins over the panel's
		{"n1-NS", "", "", []int{4}, 0},              // -NS: not scored
		{"c1", "", "{r1} = 'item1-3'", nil, 0},      // text questions never score
		{"d1", "raw", "", []int{3, 12}, 12},         // a numeric value weighs its number
		{"u1", "", "{r1} notempty", []int{5}, 0},    // panel without suffix: not scored; its condition applies
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("imported questions (-want +got):\n%s", diff)
	}
	u1, _ := q.Question("u1")
	if !u1.Required || !u1.Other || u1.Help.EN != "Help text" || u1.Help.FR != "Aide" {
		t.Errorf("u1 = %+v: lost required, other or help", u1)
	}
	d1, _ := q.Question("d1")
	if !d1.Choices[0].Numeric || d1.Choices[0].Value != "3" {
		t.Errorf("numeric choice imported as %+v", d1.Choices[0])
	}
	if p := q.Pages[0]; p.Title.EN != "Plain title" || p.Title.FR != "Plain title" {
		t.Errorf("page title = %+v", p.Title)
	}
}

func TestImportSurveyJSRejects(t *testing.T) {
	tests := []struct{ doc, want string }{
		{`[]`, "/: array where an object is expected"},
		{`{"pages": []}`, "no pages"},
		{`{"pages": [{"elements": []}]}`, "/pages/0: page without a name"},
		{`{"pages": [{"name": "p", "elements": [{"type": "matrix", "name": "m"}]}]}`, `/pages/0/elements/0: element "m" has unsupported type "matrix"`},
		{`{"pages": [{"name": "p", "elements": [{"type": "radiogroup", "name": "r", "choices": [{"text": "x"}]}]}]}`, "/pages/0/elements/0/choices/0: choice without a value"},
		{`{"pages": [{"name": "p", "elements": [{"type": "radiogroup", "name": "r", "choices": ["a"]}, {"type": "text", "name": "r"}]}]}`, `duplicate question ID "r"`},
		{`{"pages": [{"name": "p", "elements": [{"type": "text", "name": "t", "visibleIf": "{t} = "}]}]}`, `question "t": condition "{t} =": at offset 5`},
	}
	for _, tt := range tests {
		_, err := questionnaire.ImportSurveyJS([]byte(tt.doc), "t")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ImportSurveyJS(%s) error = %v, want it to contain %q", tt.doc, err, tt.want)
		}
	}
}

func TestVersionAliases(t *testing.T) {
	for name, want := range map[string]string{
		"v0.8": "v0.8a1", "0.8a1": "v0.8a1", "v0.9": "v0.9", "0.9.1": "v0.9.1", "0.10.0": "v0.10.0",
		"v0.10": "v0.10.0", " V1.0.1 ": "v1.0.1", "v1.0": "v1.0.0", "1.0.0": "v1.0.0",
	} {
		q, err := questionnaire.Version(name)
		if err != nil || q.Version != want {
			t.Errorf("Version(%q) = %v, %v; want %s", name, q, err, want)
		}
	}
	if _, err := questionnaire.Version("v2.0"); err == nil || !strings.Contains(err.Error(), "v1.0.1") {
		t.Errorf("unknown version error = %v, want the list of known versions", err)
	}
	if _, err := questionnaire.Version("v1.0.1a"); err == nil || !strings.HasSuffix(err.Error(), "did you mean v1.0.1?") {
		t.Errorf("misspelled version error = %v, want a suggestion", err)
	}
	var names []string
	for _, q := range questionnaire.Versions() {
		names = append(names, q.Version)
	}
	if diff := cmp.Diff([]string{"v0.8a1", "v0.9", "v0.9.1", "v0.10.0", "v1.0.0", "v1.0.1"}, names); diff != "" {
		t.Errorf("Versions order (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(names, questionnaire.VersionNames()); diff != "" {
		t.Errorf("VersionNames (-Versions +VersionNames):\n%s", diff)
	}
}

// TestCurrentWordingComplete checks that every page, question and choice of the current
// version has the project's own text in both languages, and that the wording file has
// no entry the current version does not use.
func TestCurrentWordingComplete(t *testing.T) {
	q, err := questionnaire.Version(questionnaire.Current)
	if err != nil {
		t.Fatal(err)
	}
	complete := func(where string, text questionnaire.Text, fallback string) {
		if text.EN == "" || text.FR == "" || text.EN == fallback {
			t.Errorf("%s: missing own wording (en %q, fr %q)", where, text.EN, text.FR)
		}
	}
	for _, p := range q.Pages {
		complete("page "+p.ID, p.Title, p.ID)
		for _, x := range p.Questions {
			complete("question "+x.ID, x.Title, x.ID)
			if strings.ContainsAny(x.Title.EN+x.Title.FR+x.Help.EN+x.Help.FR, "<>") {
				t.Errorf("question %s: wording contains markup", x.ID)
			}
			for _, c := range x.Choices {
				complete(fmt.Sprintf("question %s choice %s", x.ID, c.Value), c.Text, c.Value)
			}
		}
	}
}

func TestSchemaIsValidJSON(t *testing.T) {
	var v map[string]any
	if err := json.Unmarshal(questionnaire.Schema(), &v); err != nil {
		t.Fatal(err)
	}
	if v["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", v["$schema"])
	}
}

func ExampleVersion() {
	q, err := questionnaire.Version("v1.0.1")
	if err != nil {
		panic(err)
	}
	phase, _ := q.Question("projectDetailsPhase")
	fmt.Println(q.Version, q.MaxRaw(), q.MaxMitigation())
	fmt.Println(phase.Title.In(questionnaire.French))
	for _, c := range phase.Choices {
		fmt.Println(c.Value, c.Text.In(questionnaire.English))
	}
	// Output:
	// v1.0.1 167 154
	// Étape actuelle du projet
	// item1 Design
	// item2 Implementation
}

func TestLoadAlwaysReturnsValidationError(t *testing.T) {
	for _, data := range []string{
		`{}`, // the schema
		`[`,  // JSON syntax
		`{"format":"aia-questionnaire/1","version":"v","pages":[{"id":"p","questions":[{"id":"a","type":"text","visibleIf":"{b} = 1"}]}]}`, // beyond the schema
		strings.Repeat(" ", questionnaire.MaxFileSize+1),
	} {
		_, err := questionnaire.Load([]byte(data))
		var ve *questionnaire.ValidationError
		if !errors.As(err, &ve) || len(ve.Problems) == 0 {
			t.Errorf("Load(%.40q): %v (%T), want a *ValidationError", data, err, err)
		}
	}
}
