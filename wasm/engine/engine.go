// Package engine is what the browser app asks of the AIA engine, in the shapes the page
// renders: a questionnaire in one language, the visibility and score of a saved file's
// answers, the full report, and saved-file import, export and migration.
//
// It is plain Go, built natively and for js/wasm alike; wasm/main.go only carries its
// values across to JavaScript as JSON. Every function takes the assessment as the text
// of a saved file in the official format, the one thing the page keeps and stores.
package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/internal/shared"
	"github.com/gc-aia/aia/questionnaire"
)

// MaxFileSize is the largest saved file the app reads.
const MaxFileSize = aia.DefaultMaxFileSize

// errTooLarge is the error for a file larger than MaxFileSize.
var errTooLarge = localize.Errorf("file larger than the limit of 10 MiB", "fichier plus grand que la limite de 10\u00a0Mio")

// Version is one questionnaire version the engine knows.
type Version struct {
	Version string `json:"version"`
	Current bool   `json:"current"`
	// File reports a questionnaire registered from a file (RegisterFile).
	File bool `json:"file,omitempty"`
}

// Versions lists the embedded questionnaire versions, oldest first, then those
// registered from files, in the order registered.
func Versions() []Version {
	var vs []Version
	for _, name := range questionnaire.VersionNames() { // names only: versions load when opened
		vs = append(vs, Version{Version: name, Current: name == questionnaire.Current})
	}
	filesMu.RLock()
	defer filesMu.RUnlock()
	for _, q := range files {
		vs = append(vs, Version{Version: q.Version, File: true})
	}
	return vs
}

// Questionnaire is a questionnaire version in one language, as the page renders it.
type Questionnaire struct {
	Version string `json:"version"`
	Current bool   `json:"current"`
	// File reports a questionnaire registered from a file: its texts are the file's.
	File  bool   `json:"file,omitempty"`
	Lang  string `json:"lang"`
	Title string `json:"title"`
	// Count is the number of questions and information blocks: the length of
	// Evaluation.Visible.
	Count int    `json:"count"`
	Pages []Page `json:"pages"`
}

// Page is one section of the questionnaire.
type Page struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Questions []Question `json:"questions"`
}

// Question is one question or information block. Texts are plain text, never HTML.
type Question struct {
	ID       string   `json:"id"`
	Index    int      `json:"index"`
	Type     string   `json:"type"`
	Kind     string   `json:"kind,omitempty"`
	Required bool     `json:"required,omitempty"`
	Other    bool     `json:"other,omitempty"`
	Title    string   `json:"title"`
	Help     string   `json:"help,omitempty"`
	Choices  []Choice `json:"choices,omitempty"`
}

// Choice is one possible answer to a choice question.
type Choice struct {
	Value  string `json:"value"`
	Weight int    `json:"weight"`
	Text   string `json:"text"`
}

// QuestionnaireJSON returns the JSON of a Questionnaire (the page keeps it, per version
// and language).
func QuestionnaireJSON(version, lang string) ([]byte, error) {
	l, ok := questionnaire.ParseLang(lang)
	if !ok {
		return nil, fmt.Errorf("language must be en or fr, not %q", lang)
	}
	q, err := resolve(version)
	if err != nil {
		return nil, err
	}
	return jsoncodec.Marshal(QuestionnaireView(q, l))
}

// QuestionnaireView returns q in language l. The texts of a questionnaire file (the
// official ones hold HTML) are turned into plain text.
func QuestionnaireView(q *questionnaire.Questionnaire, l questionnaire.Lang) *Questionnaire {
	file := isFile(q)
	text := func(t questionnaire.Text) string {
		if file {
			return PlainText(t.In(l))
		}
		return t.In(l)
	}
	v := &Questionnaire{Version: q.Version, Current: q.Version == questionnaire.Current, File: file, Lang: string(l), Title: text(q.Title), Count: len(q.Questions())}
	for i, p := range q.Pages {
		pv := Page{ID: p.ID, Title: text(p.Title), Questions: []Question{}}
		if strings.TrimSpace(pv.Title) == "" { // an official page may have no title
			pv.Title = "Section " + strconv.Itoa(i+1) // the same word in English and French
		}
		for _, x := range p.Questions {
			qv := Question{ID: x.ID, Index: x.Index(), Type: string(x.Type), Kind: string(x.Kind), Required: x.Required, Other: x.Other, Title: text(x.Title), Help: text(x.Help)}
			for _, c := range x.Choices {
				qv.Choices = append(qv.Choices, Choice{Value: c.Value, Weight: c.Weight, Text: text(c.Text)})
			}
			pv.Questions = append(pv.Questions, qv)
		}
		v.Pages = append(v.Pages, pv)
	}
	return v
}

// load reads a saved file's text into its file and assessment, with the questionnaire
// the file names.
func load(text []byte) (*aia.SavedFile, *aia.Assessment, error) {
	if len(text) > MaxFileSize {
		return nil, nil, errTooLarge
	}
	f, err := aia.ParseSavedFile(text)
	if err != nil {
		return nil, nil, err
	}
	a, err := aia.FromFile(f, aia.Options{Questionnaire: questionnaireOf(f.Version)})
	if err != nil {
		return nil, nil, err
	}
	return f, a, nil
}

// versions holds the engine's own copy of each questionnaire version it has read files
// of, which nothing changes: questionnaire.Version copies one on every call, too slow
// for a score after every answer.
var versions sync.Map // version name as the file gives it → *questionnaire.Questionnaire

// questionnaireOf returns the questionnaire a file's version names, or nil when there
// is none (FromFile then says why).
func questionnaireOf(name string) *questionnaire.Questionnaire {
	if name == "" {
		name = aia.NoVersion
	}
	if q, ok := versions.Load(name); ok { // embedded versions only
		return q.(*questionnaire.Questionnaire)
	}
	if q := registered(name); q != nil {
		return q
	}
	q, err := questionnaire.Version(name)
	if err != nil {
		return nil
	}
	versions.Store(name, q)
	return q
}

// Score is the live score of an assessment.
type Score struct {
	Level         int  `json:"level"`
	Current       int  `json:"current"`
	Raw           int  `json:"raw"`
	Mitigation    int  `json:"mitigation"`
	MaxRaw        int  `json:"maxRaw"`
	MaxMitigation int  `json:"maxMitigation"`
	Deduction     bool `json:"deduction"`
	// Threshold is the mitigation score that earns the deduction.
	Threshold int `json:"threshold"`
}

// PageState is the state of one page for the current answers.
type PageState struct {
	Visible bool `json:"visible"`
	// Shown counts the questions shown (information blocks excluded), Answered those of
	// them answered.
	Shown    int `json:"shown"`
	Answered int `json:"answered"`
	// Missing lists the shown required questions without an answer.
	Missing []string `json:"missing"`
}

// Evaluation is what the page updates after every answer.
type Evaluation struct {
	Version string `json:"version"`
	// Visible has one character per question, by Question.Index: '1' shown, '0' hidden.
	Visible string      `json:"visible"`
	Pages   []PageState `json:"pages"`
	Score   Score       `json:"score"`
}

// Evaluate computes the visibility of every question and the score of a saved file.
func Evaluate(text []byte) (*Evaluation, error) {
	_, a, err := load(text)
	if err != nil {
		return nil, err
	}
	return evaluate(a), nil
}

func evaluate(a *aia.Assessment) *Evaluation {
	q := a.Questionnaire
	visible := q.Visibility(a.Answers, nil)
	buf := make([]byte, len(visible))
	for i, v := range visible {
		buf[i] = '0'
		if v {
			buf[i] = '1'
		}
	}
	e := &Evaluation{Version: q.Version, Visible: string(buf), Pages: make([]PageState, len(q.Pages))}
	for i, p := range q.Pages {
		st := PageState{Missing: []string{}}
		for _, x := range p.Questions {
			if !visible[x.Index()] {
				continue
			}
			st.Visible = true
			if x.Type == questionnaire.Info {
				continue
			}
			st.Shown++
			if !a.Answers[x.Index()].Empty() {
				st.Answered++
			} else if x.Required {
				st.Missing = append(st.Missing, x.ID)
			}
		}
		e.Pages[i] = st
	}
	e.Score = scoreOf(shared.ScoreVisible(a, visible).(aia.Result))
	return e
}

func scoreOf(r aia.Result) Score {
	return Score{Level: int(r.Level), Current: r.Current, Raw: r.Raw, Mitigation: r.Mitigation, MaxRaw: r.MaxRaw, MaxMitigation: r.MaxMitigation, Deduction: r.Deduction, Threshold: aia.MitigationThreshold(r.MaxMitigation)}
}

// Title returns the title of the assessment a saved file holds: its answer to
// projectDetailsTitle, or "".
func Title(text []byte) string {
	f, err := aia.ParseSavedFile(text)
	if err != nil {
		return ""
	}
	return titleOf(f)
}

func titleOf(f *aia.SavedFile) string {
	raw, ok := f.Answer("projectDetailsTitle")
	if !ok {
		return ""
	}
	var s string
	if jsoncodec.Unmarshal(raw, &s) != nil {
		return ""
	}
	return strings.TrimSpace(s)
}

// Imported is a saved file read by the app.
type Imported struct {
	// File is the file in its canonical form: the answers that fit the questionnaire,
	// in questionnaire order, every other key kept.
	File    json.RawMessage `json:"file"`
	Version string          `json:"version"`
	Title   string          `json:"title"`
	// Current reports whether the file's questionnaire is the one in force.
	Current        bool   `json:"current"`
	CurrentVersion string `json:"currentVersion"`
	// Problems lists the answers that could not be read, and were left out.
	Problems []string `json:"problems"`
}

// Import reads the text of a saved file; its problems are in language lang.
func Import(text []byte, lang string) (*Imported, error) {
	l, ok := questionnaire.ParseLang(lang)
	if !ok {
		return nil, fmt.Errorf("language must be en or fr, not %q", lang)
	}
	f, a, err := load(text)
	if err != nil {
		return nil, err
	}
	c, err := canonical(f, a)
	if err != nil {
		return nil, err
	}
	im := &Imported{File: c, Version: a.Questionnaire.Version, Current: a.Questionnaire.Version == questionnaire.Current, CurrentVersion: questionnaire.Current, Problems: []string{}}
	im.Title = titleOf(f)
	for _, p := range a.Problems {
		im.Problems = append(im.Problems, p.In(l))
	}
	return im, nil
}

// canonical returns the compact JSON of a's saved file with f's page, translations and
// extra keys, and the texts of "other" answers.
func canonical(f *aia.SavedFile, a *aia.Assessment) ([]byte, error) {
	out := a.File()
	out.CurrentPage = f.CurrentPage
	if t := bytes.TrimSpace(f.Translations); len(t) > 0 && string(t) != "null" {
		var b bytes.Buffer
		if err := jsoncodec.Compact(&b, t); err != nil {
			return nil, err
		}
		out.Translations = b.Bytes()
	}
	for _, e := range f.Extra {
		var b bytes.Buffer
		if err := jsoncodec.Compact(&b, e.Value); err != nil {
			return nil, err
		}
		out.Extra = append(out.Extra, aia.Field{Key: e.Key, Value: b.Bytes()})
	}
	// The text of an "other" answer is kept under "<ID>-Comment", after its question.
	for _, x := range a.Questionnaire.Questions() {
		if !x.Other {
			continue
		}
		raw, ok := f.Answer(x.ID + "-Comment")
		if !ok {
			continue
		}
		var b bytes.Buffer
		if err := jsoncodec.Compact(&b, raw); err != nil {
			return nil, err
		}
		at := slices.IndexFunc(out.Data, func(fl aia.Field) bool { return fl.Key == x.ID })
		out.Data = slices.Insert(out.Data, at+1, aia.Field{Key: x.ID + "-Comment", Value: b.Bytes()})
	}
	return out.MarshalJSON()
}

// Export returns the saved file to write for the text of a saved file: its canonical
// form, indented.
func Export(text []byte) ([]byte, error) {
	f, a, err := load(text)
	if err != nil {
		return nil, err
	}
	c, err := canonical(f, a)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := jsoncodec.Indent(&b, c, "", "  "); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// Migrated is a saved file moved to another questionnaire version.
type Migrated struct {
	File      json.RawMessage `json:"file"`
	Migration *aia.Migration  `json:"migration"`
	Before    Score           `json:"before"`
	After     Score           `json:"after"`
}

// Migrate carries the answers of a saved file over to another questionnaire version.
func Migrate(text []byte, to string) (*Migrated, error) {
	f, a, err := load(text)
	if err != nil {
		return nil, err
	}
	q, err := resolve(to)
	if err != nil {
		return nil, err
	}
	b, m := aia.Migrate(a, q)
	g := *f
	g.Data = nil // "-Comment" texts belong to the old questions
	c, err := canonical(&g, b)
	if err != nil {
		return nil, err
	}
	return &Migrated{File: c, Migration: m, Before: scoreOf(aia.Score(a)), After: scoreOf(aia.Score(b))}, nil
}

// AppendJSON appends the JSON of e, as json.Marshal writes it, without reflection: the
// page asks for an evaluation after every answer.
func (e *Evaluation) AppendJSON(b []byte) []byte {
	b = append(b, `{"version":`...)
	b = jsoncodec.AppendString(b, e.Version, true)
	b = append(b, `,"visible":"`...)
	b = append(b, e.Visible...)
	b = append(b, `","pages":[`...)
	for i, p := range e.Pages {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"visible":`...)
		b = strconv.AppendBool(b, p.Visible)
		b = append(b, `,"shown":`...)
		b = strconv.AppendInt(b, int64(p.Shown), 10)
		b = append(b, `,"answered":`...)
		b = strconv.AppendInt(b, int64(p.Answered), 10)
		b = append(b, `,"missing":[`...)
		for j, id := range p.Missing {
			if j > 0 {
				b = append(b, ',')
			}
			b = jsoncodec.AppendString(b, id, true)
		}
		b = append(b, "]}"...)
	}
	s := e.Score
	b = append(b, `],"score":{"level":`...)
	b = strconv.AppendInt(b, int64(s.Level), 10)
	for _, f := range []struct {
		name string
		v    int
	}{{"current", s.Current}, {"raw", s.Raw}, {"mitigation", s.Mitigation}, {"maxRaw", s.MaxRaw}, {"maxMitigation", s.MaxMitigation}} {
		b = append(b, `,"`...)
		b = append(b, f.name...)
		b = append(b, `":`...)
		b = strconv.AppendInt(b, int64(f.v), 10)
	}
	b = append(b, `,"deduction":`...)
	b = strconv.AppendBool(b, s.Deduction)
	b = append(b, `,"threshold":`...)
	b = strconv.AppendInt(b, int64(s.Threshold), 10)
	return append(b, "}}"...)
}
