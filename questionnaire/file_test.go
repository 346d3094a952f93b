package questionnaire_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/internal/reference"
	"github.com/gc-aia/aia/questionnaire"
)

// tinySurvey is a SurveyJS survey in the official tool's shape: a raw impact panel with
// a checkbox and a mitigation radio group shown when the checkbox has item2-1.
const tinySurvey = `{
  "pages": [
    {"name": "impact", "title": {"default": "Impact", "fr": "Incidence"}, "elements": [
      {"type": "panel", "name": "impactPanel-RS", "elements": [
        {"type": "checkbox", "name": "uses", "title": {"default": "<strong>Uses</strong>", "fr": "Usages"},
         "choices": [{"value": "item1-2", "text": "A"}, {"value": "item2-1", "text": "B"}]}
      ]},
      {"type": "radiogroup", "name": "review-MS", "visibleIf": "{uses} anyof ['item2-1']",
       "choices": [{"value": "item1-3", "text": {"default": "Yes", "fr": "Oui"}}, {"value": "item2-0", "text": {"default": "No", "fr": "Non"}}]}
    ]}
  ]
}`

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		doc  string
		want questionnaire.FileFormat
		err  string
	}{
		{small, questionnaire.NativeFormat, ""},
		{`{"version": "x", "pages": [{"id": "a", "questions": []}]}`, questionnaire.NativeFormat, ""},
		{tinySurvey, questionnaire.SurveyJSFormat, ""},
		{"\xef\xbb\xbf" + tinySurvey, questionnaire.SurveyJSFormat, ""},
		{`{"pages": []}`, "", "neither a native questionnaire"},
		{`[1]`, "", "/: not a questionnaire: the file is not a JSON object"},
		{`{"pages": [`, "", "/: not JSON"},
	}
	for _, tt := range tests {
		got, err := questionnaire.DetectFormat([]byte(tt.doc))
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("DetectFormat(%.40q) = %q, %v; want %q, error containing %q", tt.doc, got, err, tt.want, tt.err)
		}
		var ve *questionnaire.ValidationError
		if err != nil && !errors.As(err, &ve) {
			t.Errorf("DetectFormat(%.40q): error %T, want *ValidationError", tt.doc, err)
		}
	}
}

func TestLoadFileBothFormats(t *testing.T) {
	native, err := questionnaire.LoadFile([]byte(small), "")
	if err != nil {
		t.Fatal(err)
	}
	if native.Version != "test-1" || native.MaxRaw() != 3 {
		t.Errorf("native: version %q, max raw %d; want test-1 and 3", native.Version, native.MaxRaw())
	}
	sj, err := questionnaire.LoadFile([]byte(tinySurvey), "v9.9.9")
	if err != nil {
		t.Fatal(err)
	}
	// max raw: checkbox item1-2 + item2-1 = 3; max mitigation: the best radio choice, 3
	if sj.Version != "v9.9.9" || sj.MaxRaw() != 3 || sj.MaxMitigation() != 3 {
		t.Errorf("surveyjs: version %q, max raw %d, max mitigation %d; want v9.9.9, 3, 3", sj.Version, sj.MaxRaw(), sj.MaxMitigation())
	}
	if x, _ := sj.Question("uses"); x.Title.EN != "<strong>Uses</strong>" || x.Title.FR != "Usages" {
		t.Errorf("surveyjs title = %+v: the file's own wording must be kept", x.Title)
	}
	// The same file written back in the native format loads to the same questionnaire.
	b, err := sj.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	back, err := questionnaire.LoadFile(b, "")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sj, back, ignoreUnexported); diff != "" {
		t.Errorf("native round trip (-import +native):\n%s", diff)
	}
}

func TestLoadFileErrors(t *testing.T) {
	tests := []struct {
		name, doc, version string
		want               []string
	}{
		{"surveyjs without a version", tinySurvey, "", []string{"/: a SurveyJS file names no version: give one"}},
		{"native of another version", small, "v2", []string{`/version: the file is version "test-1", not "v2"`}},
		{"native schema problem names the question", strings.Replace(small, `"weight": 3`, `"weight": "3"`, 1), "",
			[]string{`questionnaire test-1: /pages/0/questions/1/choices/0/weight: question "q1": expected integer, but got string`}},
		{"native check names the question", strings.Replace(small, `{q3} notempty`, `{nowhere} notempty`, 1), "",
			[]string{`/pages/2/questions/0/visibleIf: question "q4": `, "nowhere"}},
		{"surveyjs element problem names the element", strings.Replace(tinySurvey, `{"value": "item2-1", "text": "B"}`, `{"text": "B"}`, 1), "v",
			[]string{`/pages/0/elements/0/elements/0/choices/1: question "uses": choice without a value`}},
		{"surveyjs build problem points into the survey", strings.Replace(tinySurvey, "{uses} anyof", "{usse} anyof", 1), "v",
			[]string{`/pages/0/elements/1/visibleIf: question "review-MS": `, `usse`}},
		{"surveyjs cycle", strings.Replace(tinySurvey, `"name": "uses",`, `"name": "uses", "visibleIf": "{review-MS} notempty",`, 1), "v",
			[]string{`visibility conditions form a cycle`}},
		{"surveyjs value of the wrong type", `{"pages": [{"name": "p", "elements": "x"}]}`, "v",
			[]string{"/pages/0/elements: string where an array is expected"}},
		{"surveyjs wrong type names the question", strings.Replace(tinySurvey, `"name": "uses",`, `"name": "uses", "isRequired": "yes",`, 1), "v",
			[]string{`/pages/0/elements/0/elements/0/isRequired: question "uses": string where true or false is expected`}},
		{"not JSON", `{"format": `, "", []string{"/: not JSON"}},
		// A name that JSON cannot carry unchanged would not load again once saved.
		{"surveyjs version of invalid UTF-8", tinySurvey, strings.Repeat("\xff", 30), []string{"/version: version name ", "is not valid UTF-8"}},
		{"surveyjs version with a control character", tinySurvey, "v1\n", []string{`/version: version name "v1\n" contains a control character`}},
		{"surveyjs version too long", tinySurvey, strings.Repeat("é", 65), []string{"/version: a version name has 1 to 64 characters"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := questionnaire.LoadFile([]byte(tt.doc), tt.version)
			var ve *questionnaire.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v (%T), want a *ValidationError", err, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadFileOfficialSurveys(t *testing.T) {
	for _, v := range questionnaire.VersionNames() {
		t.Run(v, func(t *testing.T) {
			data := reference.Survey(t, officialFolders[v])
			if f, err := questionnaire.DetectFormat(data); f != questionnaire.SurveyJSFormat || err != nil {
				t.Fatalf("DetectFormat = %q, %v", f, err)
			}
			q, err := questionnaire.LoadFile(data, "official-"+v)
			if err != nil {
				t.Fatal(err)
			}
			embedded, _ := questionnaire.Version(v)
			if q.MaxRaw() != embedded.MaxRaw() || q.MaxMitigation() != embedded.MaxMitigation() {
				t.Errorf("maxima %d/%d, embedded %d/%d", q.MaxRaw(), q.MaxMitigation(), embedded.MaxRaw(), embedded.MaxMitigation())
			}
		})
	}
}

func TestRegistry(t *testing.T) {
	extra, err := questionnaire.LoadFile([]byte(tinySurvey), "v2.0.0")
	if err != nil {
		t.Fatal(err)
	}
	r, err := questionnaire.NewRegistry(extra)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"v2.0.0", "2.0.0", " V2.0.0 "} {
		q, err := r.Version(name)
		if err != nil || q == extra || q.Version != "v2.0.0" || q.MaxRaw() != extra.MaxRaw() || len(q.Questions()) != len(extra.Questions()) {
			t.Errorf("Version(%q) = %v, %v; want a copy of the registered questionnaire", name, q, err)
		}
	}
	// What the registry holds is its own: neither the caller that registered a
	// questionnaire nor one it handed out can change it for the others.
	extra.Questions()[0].Title.EN = "changed by the caller that registered it"
	first, _ := r.Version("v2.0.0")
	first.Questions()[0].Title.EN = "changed by a caller it was handed to"
	if again, _ := r.Version("v2.0.0"); strings.HasPrefix(again.Questions()[0].Title.EN, "changed") {
		t.Errorf("a change reached the registry: %q", again.Questions()[0].Title.EN)
	}
	if reg := r.Registered(); len(reg) != 1 || strings.HasPrefix(reg[0].Questions()[0].Title.EN, "changed") {
		t.Errorf("Registered = %v", reg)
	}
	for name, want := range map[string]string{" V2.0.0 ": "v2.0.0", "0.10": "v0.10.0", "v9": ""} {
		if got, ok := r.Resolve(name); got != want || ok != (want != "") {
			t.Errorf("Resolve(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	if q, err := r.Version("0.10.0"); err != nil || q.Version != "v0.10.0" {
		t.Errorf("Version(0.10.0) = %v, %v; want the embedded v0.10.0", q, err)
	}
	var none *questionnaire.Registry
	if _, err := none.Version("v2.0.0"); err == nil {
		t.Error("a nil Registry resolved a version that is not embedded")
	}
	if q, err := none.Version("v1.0.1"); err != nil || q.Version != "v1.0.1" {
		t.Errorf("nil Registry: Version(v1.0.1) = %v, %v", q, err)
	}
	_, err = r.Version("v2.0.0x")
	var unknown *questionnaire.UnknownVersionError
	if !errors.As(err, &unknown) || unknown.Suggestion != "v2.0.0" || !slices.Contains(unknown.Known, "v2.0.0") || !strings.Contains(err.Error(), "did you mean v2.0.0?") {
		t.Errorf("unknown version error = %v (%T); want an *UnknownVersionError with the known versions, registered ones included, and a hint", err, err)
	}
	if diff := cmp.Diff(append(questionnaire.VersionNames(), "v2.0.0"), r.Names()); diff != "" {
		t.Errorf("Names (-want +got):\n%s", diff)
	}

	clash := func(version string, aliases ...string) error {
		q, err := questionnaire.LoadFile([]byte(tinySurvey), version)
		if err != nil {
			t.Fatal(err)
		}
		q.Aliases = aliases
		return r.Register(q)
	}
	for _, tt := range []struct {
		version string
		aliases []string
		want    string
	}{
		{"v1.0.1", nil, `the name "v1.0.1" is taken by the embedded version v1.0.1`},
		{"0.8", nil, `the name "0.8" is taken by the embedded version v0.8a1`},
		{"V2.0.0", nil, `taken by the registered version v2.0.0`},
		{"v3", []string{"2.0.0"}, `the name "2.0.0" is taken by the registered version v2.0.0`},
	} {
		if err := clash(tt.version, tt.aliases...); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Register(%s %v) = %v; want an error containing %q", tt.version, tt.aliases, err, tt.want)
		}
	}
	if len(r.Registered()) != 1 {
		t.Errorf("a refused registration was kept: %d registered", len(r.Registered()))
	}
	if err := r.Register(&questionnaire.Questionnaire{Version: "v4"}); err == nil {
		t.Error("registered a questionnaire that was never loaded")
	}
	if err := none.Register(extra); err == nil {
		t.Error("Register on a nil Registry succeeded")
	}
}

func TestRegistryConcurrent(t *testing.T) {
	r, _ := questionnaire.NewRegistry()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q, err := questionnaire.LoadFile([]byte(tinySurvey), "c"+string(rune('a'+i)))
			if err == nil {
				err = r.Register(q)
			}
			if err != nil {
				t.Error(err)
			}
			_, _ = r.Version("ca")
			_ = r.Names()
		}()
	}
	wg.Wait()
	if n := len(r.Registered()); n != 8 {
		t.Errorf("%d registered, want 8", n)
	}
}

// A version name is counted in characters, as the JSON Schema counts it, not in bytes.
func TestLoadFileVersionOfAccentedCharacters(t *testing.T) {
	name := strings.Repeat("é", 64)
	q, err := questionnaire.LoadFile([]byte(tinySurvey), name)
	if err != nil {
		t.Fatal(err)
	}
	out, err := q.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	again, err := questionnaire.LoadFile(out, "")
	if err != nil {
		t.Fatalf("reloading: %v", err)
	}
	if again.Version != name {
		t.Errorf("version after a round trip = %q, want %q", again.Version, name)
	}
}
