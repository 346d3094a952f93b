package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/internal/futurerelease"
	"github.com/gc-aia/aia/internal/reference"
)

// futureFiles writes the synthetic future release (SurveyJS), its saved files and a v1.0.1
// sample into a temporary directory.
type futureFiles struct {
	survey   string // the release's survey-enfr.json
	native   string // where the import writes it, in qdir
	qdir     string // a --questionnaires DIR
	saved    string // a directory of saved files of the release and of v1.0.1
	cases    []string
	v101File string
}

func newFutureFiles(t *testing.T) futureFiles {
	t.Helper()
	survey, err := futurerelease.Build(reference.Survey(t, "v1.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	f := futureFiles{
		survey: filepath.Join(dir, "new", "survey-enfr.json"),
		qdir:   filepath.Join(dir, "questionnaires"),
		saved:  filepath.Join(dir, "saved"),
	}
	f.native = filepath.Join(f.qdir, futurerelease.Version+".json")
	for _, d := range []string{filepath.Dir(f.survey), f.qdir, f.saved} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, f.survey, string(survey))
	for _, c := range futurerelease.Cases {
		f.cases = append(f.cases, writeFile(t, filepath.Join(f.saved, c.Name), c.File))
	}
	f.v101File = writeFile(t, filepath.Join(f.saved, "v1.0.1-sample.json"), readString(t, "../../examples/assessments/level2-implementation.json"))
	return f
}

// recordFields is what the tests compare of a jsonl record.
type recordFields struct {
	Source, Questionnaire             string
	Raw, Mitigation, Current, Level   float64
	MaxRaw, MaxMitigation             float64
	Deduction                         bool
	Warnings                          int
	OversightScore, OversightAnswered float64
}

func records(t *testing.T, out string) map[string]recordFields {
	t.Helper()
	got := map[string]recordFields{}
	for _, r := range decodeLines(t, out) {
		if r["error"] != nil {
			t.Fatalf("%v: %v", r["source"], r["error"])
		}
		rec := recordFields{Source: filepath.Base(r["source"].(string)), Questionnaire: r["questionnaire"].(string),
			Raw: r["raw"].(float64), Mitigation: r["mitigation"].(float64), Current: r["current"].(float64), Level: r["level"].(float64),
			MaxRaw: r["maxRaw"].(float64), MaxMitigation: r["maxMitigation"].(float64), Deduction: r["deduction"].(bool),
			Warnings: len(r["warnings"].([]any))}
		for _, s := range r["sections"].([]any) {
			if s := s.(map[string]any); s["id"] == "futureOversight" {
				rec.OversightScore, rec.OversightAnswered = s["score"].(float64), s["answered"].(float64)
			}
		}
		got[rec.Source] = rec
	}
	return got
}

func wantRecords(version string) map[string]recordFields {
	want := map[string]recordFields{}
	for _, c := range futurerelease.Cases {
		want[c.Name] = recordFields{Source: c.Name, Questionnaire: version, Raw: float64(c.Raw), Mitigation: float64(c.Mitigation),
			Current: float64(c.Current), Level: float64(c.Level), MaxRaw: futurerelease.MaxRaw, MaxMitigation: futurerelease.MaxMitigation,
			Deduction: c.Deduction, Warnings: c.Warnings, OversightAnswered: float64(c.Oversight[0]), OversightScore: float64(c.Oversight[1])}
	}
	return want
}

// TestFutureReleaseCLI follows the README's steps for a newly published questionnaire:
// check the official file, import it, and score a batch mixing its saved files with
// v1.0.1 ones; and gives the file directly with --questionnaire.
func TestFutureReleaseCLI(t *testing.T) {
	f := newFutureFiles(t)

	status, out, stderr := runCLI(t, "", "questionnaire", "check", f.survey)
	if status != 0 || !strings.Contains(out, "valid surveyjs questionnaire") || !strings.Contains(out, "max raw 169, max mitigation 257") {
		t.Fatalf("check survey: status %d, out %q, stderr %q", status, out, stderr)
	}
	if status, _, stderr = runCLI(t, "", "questionnaire", "import", f.survey); status != 2 || !strings.Contains(stderr, "--version NAME is required") {
		t.Errorf("import without --version: status %d, stderr %q", status, stderr)
	}
	if status, _, stderr = runCLI(t, "", "questionnaire", "import", "--version", "v1.0.1", f.survey); status != 2 || !strings.Contains(stderr, "embedded version") {
		t.Errorf("import as v1.0.1: status %d, stderr %q", status, stderr)
	}
	if status, _, stderr = runCLI(t, "", "questionnaire", "import", "--version", "x", "-o", f.survey, f.survey); status != 2 || !strings.Contains(stderr, "is also an input") {
		t.Errorf("import over its input: status %d, stderr %q", status, stderr)
	}
	if status, _, stderr = runCLI(t, "", "questionnaire", "import", "--version", futurerelease.Version, "-o", f.native, f.survey); status != 0 {
		t.Fatalf("import: status %d, stderr %q", status, stderr)
	}
	if status, out, _ = runCLI(t, "", "questionnaire", "check", f.native); status != 0 || !strings.Contains(out, "valid native questionnaire (version "+futurerelease.Version+")") {
		t.Errorf("check native: status %d, out %q", status, out)
	}
	native := readString(t, f.native)
	if !strings.Contains(native, `Is a \u003cstrong\u003ehuman review`) {
		t.Errorf("the native file lost the file's own wording")
	}

	// One batch, two questionnaire versions.
	status, out, stderr = runCLI(t, "", "score", "--questionnaires", f.qdir, "-f", "jsonl", f.saved)
	if status != 0 {
		t.Fatalf("score --questionnaires: status %d, stderr %s", status, stderr)
	}
	want := wantRecords(futurerelease.Version)
	_, v101, _ := runCLI(t, "", "score", "-f", "jsonl", f.v101File)
	want["v1.0.1-sample.json"] = records(t, v101)["v1.0.1-sample.json"]
	if want["v1.0.1-sample.json"].Questionnaire != "v1.0.1" {
		t.Fatalf("v1.0.1 sample scored as %+v", want["v1.0.1-sample.json"])
	}
	if diff := cmp.Diff(want, records(t, out)); diff != "" {
		t.Errorf("score --questionnaires DIR (-want +got):\n%s", diff)
	}

	// Without the directory, the new version is unknown, and says what is known.
	status, _, stderr = runCLI(t, "", "score", f.cases[0])
	if status != 1 || !strings.Contains(stderr, `unknown questionnaire version "`+futurerelease.Version+`"`) {
		t.Errorf("score without --questionnaires: status %d, stderr %q", status, stderr)
	}

	// --questionnaire FILE, native or SurveyJS, whatever the files say.
	for _, tt := range []struct{ file, version string }{{f.native, futurerelease.Version}, {f.survey, "surveyjs:survey-enfr"}} {
		status, out, stderr = runCLI(t, "", append([]string{"score", "--questionnaire", tt.file, "-f", "jsonl"}, f.cases...)...)
		if status != 0 {
			t.Fatalf("score --questionnaire %s: status %d, stderr %s", tt.file, status, stderr)
		}
		if diff := cmp.Diff(wantRecords(tt.version), records(t, out)); diff != "" {
			t.Errorf("score --questionnaire %s (-want +got):\n%s", tt.file, diff)
		}
	}

	// CSV has a column for the new page; text shows its title as plain text.
	status, out, _ = runCLI(t, "", "score", "--questionnaires", f.qdir, "-f", "csv", f.cases[0])
	if header, _, _ := strings.Cut(out, "\n"); status != 0 || !strings.Contains(header, "section:futureOversight") {
		t.Errorf("csv header %q lacks the new page", header)
	}
	status, out, _ = runCLI(t, "", "score", "--questionnaires", f.qdir, f.cases[0])
	if status != 0 || !strings.Contains(out, "Oversight after deployment (mixed, 3 of 3 answered)") || strings.Contains(out, "<em>") {
		t.Errorf("text output:\n%s", out)
	}

	// validate, migrate, diff, questionnaire show/diff/list know the new version too.
	status, out, _ = runCLI(t, "", "validate", "--questionnaires", f.qdir, f.cases[2])
	if status != 1 || !strings.Contains(out, "impact30") {
		t.Errorf("validate a file answering a removed question: status %d, out %q", status, out)
	}
	status, out, stderr = runCLI(t, "", "migrate", "--questionnaires", f.qdir, "--to", futurerelease.Version, "--dry-run", f.v101File)
	if status != 0 || !strings.Contains(out, "impact30") {
		t.Errorf("migrate to the new version: status %d, out %q, stderr %q", status, out, stderr)
	}
	status, _, stderr = runCLI(t, "", "migrate", "--to", f.survey, "--dry-run", f.v101File)
	if status != 2 || !strings.Contains(stderr, "import it first") {
		t.Errorf("migrate --to a SurveyJS file: status %d, stderr %q", status, stderr)
	}
	status, out, stderr = runCLI(t, "", "migrate", "--to", f.native, f.v101File)
	if status != 0 || !strings.Contains(out, `"version": "`+futurerelease.Version+`"`) {
		t.Errorf("migrate --to a native file: status %d, out %.200q, stderr %q", status, out, stderr)
	}
	status, out, stderr = runCLI(t, "", "diff", "--questionnaires", f.qdir, f.cases[4], f.cases[3])
	if status != 0 || !strings.Contains(out, "futureLog-MS") {
		t.Errorf("diff: status %d, out %q, stderr %q", status, out, stderr)
	}
	// A reassessment on the new release: the v1.0.1 file, whichever side it is on, is
	// migrated to the release (files' versions come after the embedded ones).
	for _, pair := range [][2]string{{f.v101File, f.cases[3]}, {f.cases[3], f.v101File}} {
		status, out, stderr = runCLI(t, "", "diff", "--questionnaires", f.qdir, "-f", "jsonl", pair[0], pair[1])
		if rec := decodeLines(t, out); status != 0 || rec[0]["migratedFrom"] != "v1.0.1" {
			t.Errorf("diff %s %s: status %d, migratedFrom %v, stderr %q", filepath.Base(pair[0]), filepath.Base(pair[1]), status, rec[0]["migratedFrom"], stderr)
		}
	}
	status, out, _ = runCLI(t, "", "questionnaire", "diff", "--questionnaires", f.qdir, "v1.0.1", futurerelease.Version)
	for _, w := range []string{"Pages added (1):\n  futureOversight", "impact30", "riskProfileFuture", "riskProfile1", "max raw 167 → 169, max mitigation 154 → 257"} {
		if status != 0 || !strings.Contains(out, w) {
			t.Errorf("questionnaire diff: status %d, output lacks %q:\n%s", status, w, out)
		}
	}
	status, out, _ = runCLI(t, "", "questionnaire", "diff", f.native, f.survey)
	if status != 0 || strings.Contains(out, "Questions changed") || strings.Contains(out, "added") {
		t.Errorf("diff of a survey and its import: status %d:\n%s", status, out)
	}
	status, out, _ = runCLI(t, "", "questionnaire", "list", "--questionnaires", f.qdir)
	if status != 0 || !strings.Contains(out, futurerelease.Version+" (file)") {
		t.Errorf("questionnaire list:\n%s", out)
	}
	status, out, _ = runCLI(t, "", "questionnaire", "show", f.survey, "-f", "text", "--lang", "fr")
	if status != 0 || !strings.Contains(out, "Surveillance après le déploiement  [futureOversight]") {
		t.Errorf("questionnaire show FILE:\n%.500s", out)
	}
}

// TestOfficialWordingInReports checks that a report with a questionnaire file shows its
// own wording, and keeps only the allow-listed HTML of it.
func TestOfficialWordingInReports(t *testing.T) {
	f := newFutureFiles(t)
	file := f.cases[0]
	status, html, stderr := runCLI(t, "", "report", "--questionnaire", f.survey, "-f", "html", file)
	if status != 0 {
		t.Fatalf("report html: status %d, stderr %s", status, stderr)
	}
	for _, w := range []string{
		"Is a <strong>human review</strong> planned?",
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		"&lt;img src=x onerror=alert(2)&gt;",
		`<a href="https://example.org/review" rel="noopener noreferrer">guide</a>`,
		"Oversight <em>after</em> deployment",
		"Will the system be used <em>outside</em> Canada?",
	} {
		if !strings.Contains(html, w) {
			t.Errorf("HTML report lacks %q", w)
		}
	}
	for _, bad := range []string{"<script", "<img", "javascript:", "onclick", "onerror=alert(2)>"} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML report holds live %q", bad)
		}
	}
	if status, _, stderr := runCLI(t, "", "questionnaire", "import", "--version", futurerelease.Version, "-o", f.native, f.survey); status != 0 {
		t.Fatalf("import: status %d, stderr %q", status, stderr)
	}
	status, md, stderr := runCLI(t, "", "report", "--questionnaires", f.qdir, file)
	if status != 0 {
		t.Fatalf("report md: status %d, stderr %s", status, stderr)
	}
	for _, w := range []string{"Is a human review planned?", "guide (https://example.org/review)", "### Oversight after deployment"} {
		if !strings.Contains(md, w) {
			t.Errorf("Markdown report lacks %q", w)
		}
	}
	for _, bad := range []string{"<script", "<img", "<strong>", "<em>", "javascript:"} {
		if strings.Contains(md, bad) {
			t.Errorf("Markdown report holds %q", bad)
		}
	}
	// The official v1.0.1 file's own wording, where the embedded one is the project's.
	official := filepath.Join(t.TempDir(), "survey-enfr.json")
	writeFile(t, official, string(reference.Survey(t, "v1.0.1")))
	_, ownWords, _ := runCLI(t, "", "report", f.v101File)
	status, officialWords, stderr := runCLI(t, "", "report", "--questionnaire", official, f.v101File)
	if status != 0 || ownWords == officialWords || !strings.Contains(officialWords, "Questionnaire surveyjs:survey-enfr") {
		t.Errorf("report with the official file: status %d, stderr %q; same as the embedded wording: %v", status, stderr, ownWords == officialWords)
	}

	// A questionnaire file's version name is the file's too: it reaches no report as markup.
	native, err := os.ReadFile(f.native)
	if err != nil {
		t.Fatal(err)
	}
	hostile := filepath.Join(t.TempDir(), "hostile.json")
	writeFile(t, hostile, strings.Replace(string(native), `"version": "`+futurerelease.Version+`"`, `"version": "<img src=x onerror=alert(1)>"`, 1))
	for _, format := range []string{"md", "html"} {
		status, out, stderr := runCLI(t, "", "report", "-f", format, "--questionnaire", hostile, file)
		if status != 0 || strings.Contains(out, "<img") || !strings.Contains(out, "img src=x onerror=alert(1)") {
			t.Errorf("report -f %s naming a hostile version: status %d, stderr %q, live or missing version name:\n%s", format, status, stderr, out)
		}
	}
}

func TestQuestionnaireFileErrors(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, filepath.Join(dir, "bad.json"), `{"format": "aia-questionnaire/1", "version": "vx", "pages": [{"id": "p", "questions": [
	  {"id": "a", "type": "single", "kind": "raw", "visibleIf": "{b} = 'x'", "choices": [{"value": "x", "weight": 2000}]},
	  {"id": "b", "type": "single", "visibleIf": "{a} = 'x'", "choices": [{"value": "x", "weight": 0}]}]}]}`)
	status, out, _ := runCLI(t, "", "questionnaire", "check", bad)
	for _, w := range []string{bad + `: /pages/0/questions/0/choices/0/weight: question "a": `, "1000"} {
		if status != 1 || !strings.Contains(out, w) {
			t.Errorf("check: status %d, output lacks %q:\n%s", status, w, out)
		}
	}
	cycle := writeFile(t, filepath.Join(dir, "cycle.json"), strings.Replace(readString(t, bad), "2000", "2", 1))
	if status, out, _ = runCLI(t, "", "questionnaire", "check", cycle); status != 1 || !strings.Contains(out, "cycle") {
		t.Errorf("check cycle: status %d:\n%s", status, out)
	}
	survey := writeFile(t, filepath.Join(dir, "s.json"), `{"pages": [{"name": "p", "elements": [{"type": "radiogroup", "name": "r-RS", "visibleIf": "{nowhere} = 1", "choices": ["item1-1"]}]}]}`)
	if status, out, _ = runCLI(t, "", "questionnaire", "check", survey); status != 1 || !strings.Contains(out, `/pages/0/elements/0/visibleIf: question "r-RS"`) {
		t.Errorf("check survey: status %d:\n%s", status, out)
	}

	// Errors say what was tried.
	status, _, stderr := runCLI(t, "", "score", "--questionnaire", "v9.9", sample(t))
	if status != 2 || !strings.Contains(stderr, `unknown questionnaire version "v9.9"`) || !strings.Contains(stderr, "nor is there a file v9.9") {
		t.Errorf("unknown version: status %d, stderr %q", status, stderr)
	}
	status, _, stderr = runCLI(t, "", "report", "--questionnaire", filepath.Join(dir, "missing.json"), sample(t))
	if status != 2 || !strings.Contains(stderr, "not a questionnaire file") || !strings.Contains(stderr, "nor a version") {
		t.Errorf("missing file: status %d, stderr %q", status, stderr)
	}
	status, _, stderr = runCLI(t, "", "validate", "--questionnaire", bad, sample(t))
	if status != 2 || !strings.Contains(stderr, `question "a"`) {
		t.Errorf("bad questionnaire file: status %d, stderr %q", status, stderr)
	}

	// --questionnaires DIR: SurveyJS files, clashes and bad files are named.
	sdir := filepath.Join(dir, "sdir")
	os.Mkdir(sdir, 0o755)
	writeFile(t, filepath.Join(sdir, "survey-enfr.json"), readString(t, survey))
	if status, _, stderr = runCLI(t, "", "score", "--questionnaires", sdir, sample(t)); status != 2 || !strings.Contains(stderr, "survey-enfr.json: a SurveyJS file names no version; import it first") {
		t.Errorf("SurveyJS file in --questionnaires: status %d, stderr %q", status, stderr)
	}
	cdir := filepath.Join(dir, "cdir")
	os.Mkdir(cdir, 0o755)
	_, v101, _ := runCLI(t, "", "questionnaire", "show", "v1.0.1")
	writeFile(t, filepath.Join(cdir, "mine.json"), v101)
	if status, _, stderr = runCLI(t, "", "questionnaire", "list", "--questionnaires", cdir); status != 2 || !strings.Contains(stderr, `mine.json: questionnaire v1.0.1: the name "v1.0.1" is taken by the embedded version v1.0.1`) {
		t.Errorf("clash in --questionnaires: status %d, stderr %q", status, stderr)
	}
	if status, _, stderr = runCLI(t, "", "score", "--questionnaires", filepath.Join(dir, "nowhere"), sample(t)); status != 2 || !strings.Contains(stderr, "nowhere") {
		t.Errorf("missing --questionnaires DIR: status %d, stderr %q", status, stderr)
	}
	// A questionnaire file is an input: never overwritten.
	good := writeFile(t, filepath.Join(dir, "good.json"), v101)
	if status, _, stderr = runCLI(t, "", "score", "--questionnaire", good, "-o", good, sample(t)); status != 2 || !strings.Contains(stderr, "is also an input") {
		t.Errorf("--output over the questionnaire file: status %d, stderr %q", status, stderr)
	}
}
