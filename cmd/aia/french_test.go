package main

import (
	"encoding/json"
	"html"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gc-aia/aia/internal/frenchtypo"
)

// TestFrenchOutputs runs the commands a French user runs and checks what they print:
// French typography (docs/glossary.md) and no English words from the program's own
// messages. File names and IDs in the output are the user's, and are left out.
func TestFrenchOutputs(t *testing.T) {
	glossary, err := frenchtypo.ReadGlossary("../../docs/glossary.md")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	// The samples without their free text: answers are the user's words, not the program's.
	l2 := writeFile(t, filepath.Join(dir, "l2.json"), choicesOnly(t, "../../examples/assessments/level2-implementation.json"))
	l3 := writeFile(t, filepath.Join(dir, "l3.json"), choicesOnly(t, "../../examples/assessments/level3-design.json"))
	// Problems of every kind: an unknown question, a value that is no choice, a repeated
	// value, an answer its condition hides (the design page, in an implementation).
	problems := writeFile(t, filepath.Join(dir, "problemes.json"), `{"version":"v1.0.1","data":{"projectDetailsPhase":"item2",`+
		`"riskProfil1":"item1-3","impact6":"item9-9","businessDrivers11":["item1-2","item1-2"],"consultationDesign1":"item1-2"}}`)
	old := writeFile(t, filepath.Join(dir, "ancien.json"), diffOld)
	nw := writeFile(t, filepath.Join(dir, "nouveau.json"), diffNew)
	for _, args := range [][]string{
		{"score", "--lang", "fr", l2, l3},
		{"score", "--lang", "fr", "--summary", l2},
		{"report", "--lang", "fr", l3},
		{"report", "--lang", "fr", "-f", "html", l2},
		{"diff", "--lang", "fr", old, nw},
		{"diff", "--lang", "fr", "-f", "md", l2, l3},
		{"questionnaire", "show", "v1.0.1", "--format", "text", "--lang", "fr"},
		{"validate", "--lang", "fr", problems},
		{"migrate", "--lang", "fr", "--to", "v1.0.1", "--dry-run", old, problems},
		{"migrate", "--lang", "fr", "--to", "v1.0.1", "--in-place", problems},
		{"score", "--lang", "fr", problems},
	} {
		status, out, stderr := runCLI(t, "", args...)
		if status != 0 && !(status == 1 && (args[0] == "validate" || slices.Contains(args, "--in-place"))) {
			t.Fatalf("aia %v: status %d: %s", args, status, stderr)
		}
		text := proseOf(out+stderr, args)
		for _, p := range frenchtypo.FrenchProblems(text, glossary) {
			t.Errorf("aia %s: %s", strings.Join(args, " "), p)
		}
	}

	// What goes wrong is said in French too: files that cannot be read, sizes, versions,
	// strict reads, gates, the schema, the operating system's errors.
	broken := writeFile(t, filepath.Join(dir, "casse.json"), "{\"data\": {}\n,}")
	truncated := writeFile(t, filepath.Join(dir, "tronque.json"), `{"data": {`)
	unknown := writeFile(t, filepath.Join(dir, "inconnue.json"), `{"version": "v1.0.9", "data": {}}`)
	schema := writeFile(t, filepath.Join(dir, "schema.json"), `{"version": "v1.0.1", "data": {"riskProfile1": {"x": 1}}, "currentPage": "deux"}`)
	missing := filepath.Join(dir, "absent.json")
	for _, c := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"score", "--lang", "fr", broken, truncated, unknown, missing}, "JSON non valide à la ligne 2"},
		{"", []string{"score", "--lang", "fr", "-f", "jsonl", broken, unknown}, "vouliez-vous dire v1.0.1"},
		{"", []string{"score", "--lang", "fr", "--summary", broken, l2}, "Échecs"},
		{"", []string{"score", "--lang", "fr", "--max-size", "100", l2}, "plus gros que la limite de 100 octets"},
		{"{}\n" + strings.Repeat(" ", 200) + "{}\n", []string{"score", "--lang", "fr", "--max-size", "100", "-"}, "ligne plus longue que la limite"},
		{"", []string{"score", "--lang", "fr", "--strict", problems}, "lecture stricte"},
		{"", []string{"score", "--lang", "fr", "--fail-on-warning", problems}, "avertissements"},
		{"", []string{"score", "--lang", "fr", "--min-level", "3", l2}, "inférieur à"},
		{"", []string{"validate", "--lang", "fr", schema, broken, unknown}, "schéma"},
		{"", []string{"migrate", "--lang", "fr", "--to", "v9.9", l2}, "il n’y a pas non plus de fichier"},
		{"", []string{"diff", "--lang", "fr", "--fail-on-level-increase", l2, l3}, "le niveau est passé de II à III"},
	} {
		status, out, stderr := runCLI(t, c.stdin, c.args...)
		if status == 0 || !strings.Contains(out+stderr, c.want) {
			t.Errorf("aia %v: status %d, output lacks %q:\n%s%s", c.args, status, c.want, out, stderr)
		}
		if slices.Contains(c.args, "jsonl") { // the records' messages, not their JSON
			var errs []string
			for _, rec := range decodeLines(t, out) {
				errs = append(errs, rec["error"].(string))
			}
			out = strings.Join(errs, "\n")
		}
		for _, p := range frenchtypo.FrenchProblems(proseOf(out+stderr, c.args), glossary) {
			t.Errorf("aia %s: %s", strings.Join(c.args, " "), p)
		}
	}
}

// choicesOnly returns a saved file with its free-text answers left out.
func choicesOnly(t *testing.T, path string) string {
	t.Helper()
	var f map[string]any
	if err := json.Unmarshal([]byte(readString(t, path)), &f); err != nil {
		t.Fatal(err)
	}
	data := f["data"].(map[string]any)
	for k, v := range data {
		if s, ok := v.(string); ok && !strings.HasPrefix(s, "item") {
			delete(data, k)
		}
	}
	delete(f, "translationsOnResult")
	b, _ := json.Marshal(f)
	return string(b)
}

var (
	tags        = regexp.MustCompile(`(?s)<style.*?</style>|<[^>]*>`)
	tableRule   = regexp.MustCompile(`(?m)^\|[-:| ]+\|$`)
	flags       = regexp.MustCompile(`--[a-z-]+`)
	identifiers = regexp.MustCompile(`-:[0-9]+|\b[a-zA-Z]+[0-9][A-Za-z0-9-]*\b|\bitem[0-9-]+\b|\bv[0-9][0-9a-z.]*\b|/[^\s]+\.json|[^\s]+\.json`)
)

// proseOf keeps the words of an output: the text of HTML, without Markdown table rules,
// file names, question IDs, choice values and version names.
func proseOf(out string, args []string) string {
	if strings.Contains(strings.Join(args, " "), "html") {
		out = html.UnescapeString(tags.ReplaceAllString(out, "\n"))
	}
	out = tableRule.ReplaceAllString(out, "")
	out = flags.ReplaceAllString(out, "--FLAG")
	return identifiers.ReplaceAllString(out, "ID")
}
