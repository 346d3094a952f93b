package engine_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/examples"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/wasm/engine"
)

func samples(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := fs.WalkDir(examples.Assessments(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		out[path], err = fs.ReadFile(examples.Assessments(), path)
		return err
	})
	if err != nil || len(out) == 0 {
		t.Fatalf("no sample assessments: %v", err)
	}
	return out
}

func TestEvaluateMatchesEngine(t *testing.T) {
	for name, text := range samples(t) {
		t.Run(name, func(t *testing.T) {
			rep, err := aia.ScoreFile(text, aia.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ev, err := engine.Evaluate(text)
			if err != nil {
				t.Fatal(err)
			}
			want := engine.Score{Level: int(rep.Level), Current: rep.Current, Raw: rep.Raw, Mitigation: rep.Mitigation, MaxRaw: rep.MaxRaw, MaxMitigation: rep.MaxMitigation, Deduction: rep.Deduction, Threshold: aia.MitigationThreshold(rep.MaxMitigation)}
			if diff := cmp.Diff(want, ev.Score); diff != "" {
				t.Errorf("score (-native +engine):\n%s", diff)
			}
			f, _ := aia.ParseSavedFile(text)
			a, _ := aia.FromFile(f, aia.Options{})
			q := a.Questionnaire
			vis := q.Visibility(a.Answers, nil)
			if len(ev.Visible) != len(vis) || len(ev.Pages) != len(q.Pages) {
				t.Fatalf("visible has %d entries and pages %d, want %d and %d", len(ev.Visible), len(ev.Pages), len(vis), len(q.Pages))
			}
			for i, v := range vis {
				if (ev.Visible[i] == '1') != v {
					t.Errorf("question %s: visible %c, want %v", q.Questions()[i].ID, ev.Visible[i], v)
				}
			}
			phase, _ := f.Answer("projectDetailsPhase")
			design := string(phase) == `"item1"`
			for i, p := range q.Pages {
				if strings.HasSuffix(p.ID, "Design") && ev.Pages[i].Visible != design {
					t.Errorf("page %s visible = %v in a design=%v assessment", p.ID, ev.Pages[i].Visible, design)
				}
				if ev.Pages[i].Answered > ev.Pages[i].Shown {
					t.Errorf("page %s: %d answered of %d shown", p.ID, ev.Pages[i].Answered, ev.Pages[i].Shown)
				}
			}
		})
	}
}

func TestEvaluationAppendJSON(t *testing.T) {
	texts := samples(t)
	texts["empty"] = []byte(`{"version":"v0.9","data":{}}`)
	for name, text := range texts {
		ev, err := engine.Evaluate(text)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(ev)
		if got := ev.AppendJSON(nil); !bytes.Equal(got, want) {
			t.Errorf("%s: AppendJSON\n%s\nwant (json.Marshal)\n%s", name, got, want)
		}
	}
}

func TestEvaluateRequiredAndHidden(t *testing.T) {
	// Nothing answered: the one required question (the phase) is missing, the phase
	// pages are hidden.
	ev, err := engine.Evaluate([]byte(`{"version":"v1.0.1","data":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	q, _ := questionnaire.Version("v1.0.1")
	var missing []string
	for i, p := range q.Pages {
		missing = append(missing, ev.Pages[i].Missing...)
		if p.VisibleIf != "" && ev.Pages[i].Visible {
			t.Errorf("page %s shown without a phase", p.ID)
		}
	}
	if diff := cmp.Diff([]string{"projectDetailsPhase"}, missing); diff != "" {
		t.Errorf("missing (-want +got):\n%s", diff)
	}
	if ev.Score.Level != 1 || ev.Score.Raw != 0 || ev.Score.MaxRaw != q.MaxRaw() {
		t.Errorf("empty score = %+v", ev.Score)
	}
	// An answer to a hidden question does not count; an empty text is not an answer.
	ev, err = engine.Evaluate([]byte(`{"version":"v1.0.1","data":{"projectDetailsPhase":"item1","consultationImplementation1":"item1-2","projectDetailsTitle":"  "}}`))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Score.Mitigation != 0 {
		t.Errorf("hidden answer counted: mitigation %d", ev.Score.Mitigation)
	}
	x, _ := q.Question("consultationImplementation1")
	if ev.Visible[x.Index()] != '0' {
		t.Error("consultationImplementation1 shown in a design assessment")
	}
	if p := ev.Pages[q.PageOf(x).Index()]; p.Visible {
		t.Error("implementation page shown in a design assessment")
	}
	title, _ := q.Question("projectDetailsTitle")
	if p := ev.Pages[q.PageOf(title).Index()]; p.Answered != 1 {
		t.Errorf("projectDetails answered = %d, want 1 (the phase; a blank title is no answer)", p.Answered)
	}
}

func TestEvaluateErrors(t *testing.T) {
	for _, in := range []string{``, `[]`, `{"version":"v9","data":{}}`, `{"version":"v1.0.1"}`, `{"data":{}`} {
		if _, err := engine.Evaluate([]byte(in)); err == nil {
			t.Errorf("Evaluate(%q) succeeded", in)
		}
	}
}

func TestQuestionnaireJSON(t *testing.T) {
	for _, lang := range []questionnaire.Lang{questionnaire.English, questionnaire.French} {
		b, err := engine.QuestionnaireJSON("1.0.1", string(lang))
		if err != nil {
			t.Fatal(err)
		}
		var v engine.Questionnaire
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		q, _ := questionnaire.Version("v1.0.1")
		if v.Version != "v1.0.1" || !v.Current || v.Count != len(q.Questions()) || len(v.Pages) != len(q.Pages) {
			t.Fatalf("%s: version %s current %v count %d pages %d", lang, v.Version, v.Current, v.Count, len(v.Pages))
		}
		x, _ := q.Question("riskProfile1")
		got := v.Pages[q.PageOf(x).Index()].Questions[0]
		if got.ID != "riskProfile1" || got.Index != x.Index() || got.Title != x.Title.In(lang) || got.Kind != "raw" || len(got.Choices) != len(x.Choices) {
			t.Errorf("%s: riskProfile1 = %+v", lang, got)
		}
		if got.Choices[0].Value != x.Choices[0].Value || got.Choices[0].Text != x.Choices[0].Text.In(lang) {
			t.Errorf("%s: first choice = %+v", lang, got.Choices[0])
		}
	}
	if _, err := engine.QuestionnaireJSON("v1.0.1", "de"); err == nil {
		t.Error("language de accepted")
	}
	if _, err := engine.QuestionnaireJSON("v7", "en"); err == nil {
		t.Error("version v7 accepted")
	}
	old, err := engine.QuestionnaireJSON("v0.9", "fr")
	if err != nil || !bytes.Contains(old, []byte(`"current":false`)) {
		t.Errorf("v0.9: %v", err)
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	in := `{"completed":true,"version":"v1.0.1","currentPage":4,"data":{"riskProfile1":"item1-3","unknownQuestion":"x","projectDetailsPhase":"item1","projectDetailsTitle":"<script>alert(1)</script>"},
	  "translationsOnResult":{"projectDetailsTitle":"Titre"},"answerLanguage":"fr"}`
	im, err := engine.Import([]byte(in), "en")
	if err != nil {
		t.Fatal(err)
	}
	if im.Version != "v1.0.1" || !im.Current || im.Title != "<script>alert(1)</script>" {
		t.Errorf("imported %+v", im)
	}
	if len(im.Problems) != 1 || !strings.Contains(im.Problems[0], "unknownQuestion") {
		t.Errorf("problems = %q, want the unknown question", im.Problems)
	}
	// The official keys come first, then the others in file order.
	want := `{"version":"v1.0.1","currentPage":4,"data":{"projectDetailsTitle":"\u003cscript\u003ealert(1)\u003c/script\u003e","projectDetailsPhase":"item1","riskProfile1":"item1-3"},"translationsOnResult":{"projectDetailsTitle":"Titre"},"completed":true,"answerLanguage":"fr"}`
	if diff := cmp.Diff(want, string(im.File)); diff != "" {
		t.Errorf("canonical file (-want +got):\n%s", diff)
	}
	out, err := engine.Export(im.File)
	if err != nil {
		t.Fatal(err)
	}
	again, err := engine.Import(out, "en")
	if err != nil {
		t.Fatal(err)
	}
	out2, err := engine.Export(again.File)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, out2) {
		t.Errorf("export is not stable:\n%s\n%s", out, out2)
	}
	if len(again.Problems) != 0 {
		t.Errorf("re-import problems: %q", again.Problems)
	}
	// The exported file scores as the original.
	r1, _ := aia.ScoreFile([]byte(in), aia.Options{})
	r2, _ := aia.ScoreFile(out, aia.Options{})
	if r1.Raw != r2.Raw || r1.Level != r2.Level || r1.Raw != 3 {
		t.Errorf("raw %d → %d", r1.Raw, r2.Raw)
	}
}

func TestImportSamplesStable(t *testing.T) {
	for name, text := range samples(t) {
		im, err := engine.Import(text, "en")
		if err != nil {
			t.Fatal(name, err)
		}
		var orig, got any
		_ = json.Unmarshal(text, &orig)
		_ = json.Unmarshal(im.File, &got)
		if diff := cmp.Diff(orig, got); diff != "" {
			t.Errorf("%s: canonical file differs in content (-file +canonical):\n%s", name, diff)
		}
	}
}

func TestImportOldVersionAndOther(t *testing.T) {
	// A file without a version is read as v0.8a1, where consultationDesign2-NS (a
	// multiple choice shown when consultationDesign1 = item1-1 in the design phase)
	// accepts "other" with a text under "<ID>-Comment".
	q, _ := questionnaire.Version("v0.8a1")
	if x, ok := q.Question("consultationDesign2-NS"); !ok || !x.Other || x.Type != questionnaire.Multiple {
		t.Fatal("v0.8a1 has no multiple choice consultationDesign2-NS with an other choice")
	}
	in := `{"data":{"projectDetailsPhase":"item1","consultationDesign1":"item1-1","consultationDesign2-NS-Comment":"my own answer","consultationDesign2-NS":["item2","other"]},"currentPage":2}`
	im, err := engine.Import([]byte(in), "en")
	if err != nil {
		t.Fatal(err)
	}
	if im.Version != "v0.8a1" || im.Current || im.CurrentVersion != questionnaire.Current || len(im.Problems) != 0 {
		t.Errorf("imported %+v", im)
	}
	want := `{"version":"v0.8a1","currentPage":2,"data":{"projectDetailsPhase":"item1","consultationDesign1":"item1-1","consultationDesign2-NS":["item2","other"],"consultationDesign2-NS-Comment":"my own answer"},"translationsOnResult":{}}`
	if string(im.File) != want {
		t.Errorf("canonical file\n got %s\nwant %s", im.File, want)
	}
	rep, err := engine.NewReport(im.File, "en")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range rep.Answers {
		for _, a := range s.Answers {
			if a.ID == "consultationDesign2-NS" {
				found = true
				x, _ := q.Question(a.ID)
				c, _ := x.Choice("item2")
				if diff := cmp.Diff([]string{c.Text.EN, "my own answer"}, a.Values); diff != "" {
					t.Errorf("other answer (-want +got):\n%s", diff)
				}
			}
		}
	}
	if !found {
		t.Error("consultationDesign2-NS missing from the report's answers")
	}
}

func TestMigrate(t *testing.T) {
	text := samples(t)["level3-design.json"]
	f, _ := aia.ParseSavedFile(text)
	a, _ := aia.FromFile(f, aia.Options{})
	old, _ := questionnaire.Version("v0.9")
	oldA, _ := aia.Migrate(a, old)
	oldFile, _ := json.Marshal(oldA.File())

	m, err := engine.Migrate(oldFile, "v1.0.1")
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := questionnaire.Version("v1.0.1")
	b, want := aia.Migrate(oldA, cur)
	if diff := cmp.Diff(want, m.Migration); diff != "" {
		t.Errorf("migration (-native +engine):\n%s", diff)
	}
	r := aia.Score(b)
	if m.After.Raw != r.Raw || m.After.Level != int(r.Level) || m.Before.Raw != aia.Score(oldA).Raw {
		t.Errorf("after %+v, want raw %d level %d", m.After, r.Raw, r.Level)
	}
	ev, err := engine.Evaluate(m.File)
	if err != nil || ev.Version != "v1.0.1" || ev.Score != m.After {
		t.Errorf("migrated file evaluates to %+v (%v), want %+v", ev, err, m.After)
	}
	if _, err := engine.Migrate(oldFile, "v42"); err == nil {
		t.Error("migration to an unknown version succeeded")
	}
}

func TestReport(t *testing.T) {
	text := samples(t)["level2-implementation.json"]
	native, err := aia.ScoreFile(text, aia.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []questionnaire.Lang{questionnaire.English, questionnaire.French} {
		rep, err := engine.NewReport(text, string(lang))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Level != int(native.Level) || rep.LevelName != native.Level.String() || rep.Current != native.Current || rep.Title != "Grant application completeness checker" {
			t.Errorf("%s: level %d %s current %d title %q", lang, rep.Level, rep.LevelName, rep.Current, rep.Title)
		}
		if len(rep.Require) != len(native.Requirements) || rep.Require[0].Text != native.Requirements[0].Text.In(lang) {
			t.Errorf("%s: requirements differ", lang)
		}
		if len(rep.Measures) != len(native.Measures) || len(rep.Sections) != len(native.Sections) || len(rep.Questions) != len(native.Explanation.Questions) {
			t.Errorf("%s: %d measures %d sections %d questions", lang, len(rep.Measures), len(rep.Sections), len(rep.Questions))
		}
		if rep.Explanation.RawToNextLevel != native.Explanation.RawToNextLevel {
			t.Errorf("%s: raw to next level %d, want %d", lang, rep.Explanation.RawToNextLevel, native.Explanation.RawToNextLevel)
		}
		q, _ := questionnaire.Version("v1.0.1")
		phase, _ := q.Question("projectDetailsPhase")
		var got []string
		for _, s := range rep.Answers {
			for _, a := range s.Answers {
				if a.ID == "projectDetailsPhase" {
					got = a.Values
				}
			}
		}
		c, _ := phase.Choice("item2")
		if diff := cmp.Diff([]string{c.Text.In(lang)}, got); diff != "" {
			t.Errorf("%s: phase answer (-want +got):\n%s", lang, diff)
		}
	}
	if _, err := engine.NewReport(text, "xx"); err == nil {
		t.Error("language xx accepted")
	}
}

func TestReportTranslation(t *testing.T) {
	in := `{"version":"v1.0.1","data":{"projectDetailsTitle":"Checker"},"translationsOnResult":{"projectDetailsTitle":"Vérificateur","other":5}}`
	rep, err := engine.NewReport([]byte(in), "fr")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Answers {
		for _, a := range s.Answers {
			if a.ID == "projectDetailsTitle" {
				if a.Translation != "Vérificateur" || a.Values[0] != "Checker" {
					t.Errorf("title answer %+v", a)
				}
				return
			}
		}
	}
	t.Error("projectDetailsTitle missing from the answers")
}

func TestTitle(t *testing.T) {
	for in, want := range map[string]string{
		`{"data":{"projectDetailsTitle":" A "}}`: "A",
		`{"data":{"projectDetailsTitle":3}}`:     "",
		`{"data":{}}`:                            "",
		`nope`:                                   "",
	} {
		if got := engine.Title([]byte(in)); got != want {
			t.Errorf("Title(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestVersions(t *testing.T) {
	vs := engine.Versions()
	if len(vs) != len(questionnaire.Versions()) || !vs[len(vs)-1].Current || vs[0].Current {
		t.Errorf("versions = %+v", vs)
	}
}

func TestProblemsAndWarningsInTheUsersLanguage(t *testing.T) {
	in := []byte(`{"version":"v1.0.1","data":{"projectDetailsPhase":"item1","unknownQuestion":"x","consultationImplementation1":"item1-2"}}`)
	im, err := engine.Import(in, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Problems) != 1 || !strings.Contains(im.Problems[0], "ne fait pas partie du questionnaire") {
		t.Errorf("French import problems: %q", im.Problems)
	}
	rep, err := engine.NewReport(in, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) != 2 || !strings.Contains(rep.Warnings[1], "masquée par sa condition") {
		t.Errorf("French report warnings: %q", rep.Warnings)
	}
	if _, err := engine.Import(in, "de"); err == nil {
		t.Error("Import accepts a language that is neither en nor fr")
	}
}
