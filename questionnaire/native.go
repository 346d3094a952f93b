package questionnaire

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/internal/schema"
	"github.com/gc-aia/aia/internal/scoring"
	"github.com/gc-aia/aia/questionnaire/condition"
)

//go:embed schema/questionnaire.schema.json
var schemaText []byte

// Schema returns the JSON Schema (draft 2020-12) of the native questionnaire format.
func Schema() []byte { return bytes.Clone(schemaText) }

var compiledSchema = sync.OnceValue(func() *schema.Schema {
	return schema.MustCompile("questionnaire.schema.json", schemaText)
})

// MaxFileSize is the largest questionnaire file Load accepts.
const MaxFileSize = 16 << 20

// Load reads a questionnaire in the native JSON format. The file is checked against the
// JSON Schema, then for what a schema cannot express: unique IDs, conditions that parse
// and reference answerable questions, no cycles between conditions. Errors name the JSON
// pointer of each problem.
func Load(data []byte) (*Questionnaire, error) {
	if len(data) > MaxFileSize {
		return nil, &ValidationError{Problems: []string{fmt.Sprintf("/: file of %d bytes exceeds the limit of %d", len(data), MaxFileSize)}}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := compiledSchema().ValidateBytes(data); err != nil {
		ve := &ValidationError{Version: versionOf(data)}
		var se *schema.Error
		if errors.As(err, &se) {
			for _, p := range se.Problems {
				ptr := p.Pointer
				if ptr == "" {
					ptr = "/"
				}
				ve.Problems = append(ve.Problems, ptr+": "+p.Message)
			}
		} else {
			ve.Problems = []string{"/: " + err.Error()}
		}
		return nil, ve
	}
	return loadChecked(data)
}

// New checks and completes a questionnaire written in Go, and returns it ready for use:
// a new questionnaire, built from q as Load builds one from its JSON (q itself is left
// as it was). The errors are those Load gives for the JSON of q: a *ValidationError.
// An empty Format is FormatID.
//
// A Questionnaire literal is only a definition: until New builds it, it has no
// questions to answer and no maxima.
func New(q *Questionnaire) (*Questionnaire, error) {
	if q == nil {
		return nil, &ValidationError{Problems: []string{"/: no questionnaire"}}
	}
	def := *q
	if def.Format == "" {
		def.Format = FormatID
	}
	data, err := jsoncodec.Marshal(&def)
	if err != nil {
		return nil, &ValidationError{Version: q.Version, Problems: []string{"/: " + err.Error()}}
	}
	return Load(data)
}

// versionOf returns the "version" of a questionnaire file that may be invalid, for
// messages: "" when it has none.
func versionOf(data []byte) string {
	var v struct {
		Version string `json:"version"`
	}
	_ = jsoncodec.Unmarshal(data, &v)
	if len(v.Version) > 64 {
		return ""
	}
	return v.Version
}

// loadChecked decodes a questionnaire known to match the schema (the embedded ones, whose
// schema conformance the tests prove) and runs the checks a schema cannot express.
func loadChecked(data []byte) (*Questionnaire, error) {
	var q Questionnaire
	if err := jsoncodec.Unmarshal(data, &q); err != nil {
		return nil, &ValidationError{Version: versionOf(data), Problems: []string{"/: " + err.Error()}}
	}
	if err := q.build(); err != nil {
		return nil, err
	}
	return &q, nil
}

// MarshalIndent returns q in the native JSON format, indented.
func (q *Questionnaire) MarshalIndent() ([]byte, error) {
	return jsoncodec.MarshalIndent(q, "", "  ")
}

// ValidationError lists the problems that make a questionnaire invalid. Load returns it
// for every invalid questionnaire file.
type ValidationError struct {
	Version  string   `json:"version"`  // "" when the questionnaire names none
	Problems []string `json:"problems"` // each "JSON pointer: problem"
}

func (e *ValidationError) Error() string {
	if e.Version == "" {
		return "questionnaire: " + strings.Join(e.Problems, "; ")
	}
	return fmt.Sprintf("questionnaire %s: %s", e.Version, strings.Join(e.Problems, "; "))
}

// build checks the questionnaire and computes its indexes, maxima and the evaluation
// order of its conditions. It reports every problem it finds.
func (q *Questionnaire) build() error {
	var problems []string
	bad := func(ptr, format string, args ...any) {
		problems = append(problems, ptr+": "+fmt.Sprintf(format, args...))
	}
	if q.Format == "" {
		q.Format = FormatID
	}
	if msg := checkVersion(q.Version); msg != "" {
		bad("/version", "%s", msg)
	}
	q.questions = nil
	q.pages = slices.Clone(q.Pages)
	q.byID = map[string]*Question{}
	pageIDs := map[string]bool{}
	infoIDs := map[string]bool{}
	for pi, p := range q.Pages {
		pptr := fmt.Sprintf("/pages/%d", pi)
		if p == nil {
			bad(pptr, "page is null")
			continue
		}
		p.index = pi
		p.questions = slices.Clone(p.Questions)
		if msg := checkID(p.ID); msg != "" {
			bad(pptr+"/id", "page %s", msg)
		}
		if pageIDs[p.ID] {
			bad(pptr+"/id", "duplicate page ID %q", p.ID)
		}
		pageIDs[p.ID] = true
		for qi, x := range p.Questions {
			ptr := fmt.Sprintf("%s/questions/%d", pptr, qi)
			if x == nil {
				bad(ptr, "question is null")
				continue
			}
			x.index, x.page = len(q.questions), pi
			q.questions = append(q.questions, x)
			if x.Type == Info {
				infoIDs[x.ID] = true // information blocks hold no answer; the official files repeat one ID
			} else if _, dup := q.byID[x.ID]; dup {
				bad(ptr+"/id", "duplicate question ID %q", x.ID)
			} else {
				q.byID[x.ID] = x
			}
			checkQuestion(x, ptr, questionProblem(x, bad))
		}
	}
	for id := range infoIDs {
		if _, ok := q.byID[id]; ok {
			bad("/pages", "ID %q names both an information block and a question", id)
		}
	}
	resolve := func(id string) (int, bool) {
		x, ok := q.byID[id]
		if !ok {
			return 0, false
		}
		x.referenced = true
		return x.index, true
	}
	for pi, p := range q.Pages {
		if p == nil {
			continue
		}
		p.visible = parseCondition(p.VisibleIf, fmt.Sprintf("/pages/%d/visibleIf", pi), resolve, bad)
		for qi, x := range p.Questions {
			if x != nil {
				x.visible = parseCondition(x.VisibleIf, fmt.Sprintf("/pages/%d/questions/%d/visibleIf", pi, qi), resolve, questionProblem(x, bad))
			}
		}
	}
	if len(problems) == 0 {
		order, err := q.dependencyOrder()
		if err != nil {
			bad("/pages", "%v", err)
		}
		q.scoring = q.scoringPlan()
		q.plan = q.visibilityPlan(order) // reads what the questions score, as built
	}
	if len(problems) > 0 {
		return &ValidationError{Version: q.Version, Problems: problems}
	}
	return nil
}

// scoringPlan returns what the questionnaire scores, from its questions' kinds, types
// and choices as they are now, and sets each question's share of it.
func (q *Questionnaire) scoringPlan() *scoring.Plan {
	n := 0
	for _, x := range q.questions {
		if x.scores() {
			n++
		}
	}
	questions := make([]scoring.Question, 0, n) // side by side; never grown, so pointers hold
	var b scoring.Builder
	for _, x := range q.questions {
		x.score = nil
		if !x.scores() {
			continue
		}
		values := make([]string, len(x.Choices))
		points := make([]int, len(x.Choices))
		for i, c := range x.Choices {
			values[i], points[i] = c.Value, c.Points()
		}
		kind := scoring.Raw
		if x.Kind == Mitigation {
			kind = scoring.Mitigation
		}
		questions = append(questions, scoring.NewQuestion(kind, x.Type == Multiple, values, points))
		x.score = &questions[len(questions)-1]
		b.Add(x.index, x.page, q.pages[x.page].ID, x.score)
	}
	return b.Plan()
}

// scores reports whether the question's definition scores: a choice question of a
// scoring kind.
func (x *Question) scores() bool {
	return (x.Kind == RawImpact || x.Kind == Mitigation) && x.Type.HasChoices()
}

// questionProblem names the question in each problem, for readers of formats whose
// pointers differ from the native one (SurveyJS).
func questionProblem(x *Question, bad func(string, string, ...any)) func(string, string, ...any) {
	return func(ptr, format string, args ...any) {
		bad(ptr, "question %q: %s", x.ID, fmt.Sprintf(format, args...))
	}
}

// checkVersion returns why name cannot be a version name, or "". A version name is
// valid UTF-8 so that it survives a round trip through JSON unchanged.
func checkVersion(name string) string {
	switch {
	case !utf8.ValidString(name):
		return fmt.Sprintf("version name %q is not valid UTF-8", name)
	case name == "" || utf8.RuneCountInString(name) > 64:
		return "a version name has 1 to 64 characters"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Sprintf("version name %q contains a control character", name)
	}
	return ""
}

// checkID says what is wrong with a page or question ID, or returns "".
func checkID(id string) string {
	switch {
	case id == "":
		return "ID is empty"
	case len(id) > 200:
		return "ID is longer than 200 bytes"
	case strings.ContainsAny(id, "{} \t\r\n\f\v"):
		return fmt.Sprintf("ID %q contains a space or a brace", id)
	}
	return ""
}

// maxWeight is the largest weight a choice may have.
const maxWeight = 1000

func checkQuestion(x *Question, ptr string, bad func(string, string, ...any)) {
	if msg := checkID(x.ID); msg != "" {
		bad(ptr+"/id", "%s", msg)
	}
	switch x.Type {
	case Single, Dropdown, Multiple, Line, Comment, Info:
	default:
		bad(ptr+"/type", "unknown question type %q", x.Type)
	}
	switch x.Kind {
	case NotScored, RawImpact, Mitigation:
	default:
		bad(ptr+"/kind", "unknown scoring kind %q", x.Kind)
	}
	if !x.Type.HasChoices() {
		if len(x.Choices) > 0 {
			bad(ptr+"/choices", "a %s question has no choices", x.Type)
		}
		if x.Kind != NotScored {
			bad(ptr+"/kind", "only choice questions score, not a %s question", x.Type)
		}
		return
	}
	if len(x.Choices) == 0 {
		bad(ptr+"/choices", "a %s question needs choices", x.Type)
	}
	values := map[string]bool{}
	for ci, c := range x.Choices {
		cptr := fmt.Sprintf("%s/choices/%d", ptr, ci)
		switch {
		case c.Value == "":
			bad(cptr+"/value", "choice without a value")
		case values[c.Value]:
			bad(cptr+"/value", "duplicate choice value %q", c.Value)
		case x.Other && c.Value == OtherValue:
			bad(cptr+"/value", "value %q is reserved for the question's free \"other\" answer", c.Value)
		}
		values[c.Value] = true
		if c.Weight < 0 || c.Weight > maxWeight {
			bad(cptr+"/weight", "weight %d is outside 0 to %d", c.Weight, maxWeight)
		}
	}
}

// OtherValue is the answer to a question with Other set when the respondent writes their
// own answer (kept under the key "<ID>-Comment").
const OtherValue = "other"

func parseCondition(src, ptr string, resolve condition.Resolver, bad func(string, string, ...any)) *condition.Expr {
	if strings.TrimSpace(src) == "" {
		return nil
	}
	e, err := condition.Parse(src, resolve)
	if err != nil {
		bad(ptr, "%v", err)
		return nil
	}
	return e
}

// dependencyOrder returns the question indexes ordered so that each comes after every
// question its visibility (its own or its page's condition) reads, or an error naming a cycle.
func (q *Questionnaire) dependencyOrder() ([]int, error) {
	deps := func(x *Question) []string {
		var ids []string
		if p := q.pages[x.page]; p.visible != nil {
			ids = append(ids, p.visible.Refs()...)
		}
		if x.visible != nil {
			ids = append(ids, x.visible.Refs()...)
		}
		return ids
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := make([]int, len(q.questions))
	order := make([]int, 0, len(q.questions))
	var path []string
	var visit func(x *Question) error
	visit = func(x *Question) error {
		switch state[x.index] {
		case done:
			return nil
		case visiting:
			start := 0
			for i, id := range path {
				if id == x.ID {
					start = i
				}
			}
			return fmt.Errorf("visibility conditions form a cycle: %s → %s", strings.Join(path[start:], " → "), x.ID)
		}
		state[x.index] = visiting
		path = append(path, x.ID)
		for _, id := range deps(x) {
			if err := visit(q.byID[id]); err != nil {
				return err
			}
		}
		path = path[:len(path)-1]
		state[x.index] = done
		order = append(order, x.index)
		return nil
	}
	for _, x := range q.questions {
		if err := visit(x); err != nil {
			return nil, err
		}
	}
	return order, nil
}
