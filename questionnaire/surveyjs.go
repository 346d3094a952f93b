package questionnaire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/internal/jsonscan"
)

// surveyJS mirrors the parts of a SurveyJS questionnaire the official AIA tool uses.
// Other settings (progress bar, question numbering) are ignored.
type surveyJS struct {
	Title json.RawMessage `json:"title"`
	Pages []surveyJSPage  `json:"pages"`
}

type surveyJSPage struct {
	Name      string            `json:"name"`
	Title     json.RawMessage   `json:"title"`
	VisibleIf string            `json:"visibleIf"`
	Elements  []surveyJSElement `json:"elements"`
}

type surveyJSElement struct {
	Type        string            `json:"type"`
	Name        string            `json:"name"`
	Title       json.RawMessage   `json:"title"`
	Description json.RawMessage   `json:"description"`
	Help        json.RawMessage   `json:"help"`
	HTML        json.RawMessage   `json:"html"`
	VisibleIf   string            `json:"visibleIf"`
	IsRequired  bool              `json:"isRequired"`
	HasOther    bool              `json:"hasOther"`
	Choices     []json.RawMessage `json:"choices"`
	Elements    []surveyJSElement `json:"elements"`
}

// surveyJSTypes maps SurveyJS element types to question types.
var surveyJSTypes = map[string]Type{
	"radiogroup": Single,
	"dropdown":   Dropdown,
	"checkbox":   Multiple,
	"text":       Line,
	"comment":    Comment,
	"html":       Info,
}

// ImportSurveyJS reads a questionnaire in the official tool's SurveyJS format
// (survey-enfr.json) and returns it under the given version name.
//
// Pages and their elements keep their order; panels are flattened into their page.
// A question's scoring kind follows the official rule: a "-RS" (raw impact), "-MS"
// (mitigation) or "-NS" (not scored) suffix on its own name, else on its parent panel's
// name; only choice questions score. A choice's weight is the number after the last "-"
// of its value ("item3-2" weighs 2; a value without "-" weighs its own number, if it is
// one; anything else weighs 0). A panel's visibleIf is joined with "and" to the
// conditions of its elements. Texts keep the official wording, HTML included.
func ImportSurveyJS(data []byte, version string) (*Questionnaire, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("surveyjs: file of %d bytes exceeds the limit of %d", len(data), MaxFileSize)
	}
	var s surveyJS
	if err := jsoncodec.Unmarshal(data, &s); err != nil {
		var te *jsoncodec.UnmarshalTypeError
		if errors.As(err, &te) {
			ptr := te.Pointer
			if ptr == "" {
				ptr = "/" // the document itself
			}
			return nil, fmt.Errorf("surveyjs: %s: %s where %s is expected", ptr, te.Value, te.Expected())
		}
		return nil, fmt.Errorf("surveyjs: %w", err)
	}
	if len(s.Pages) == 0 {
		return nil, fmt.Errorf("surveyjs: no pages")
	}
	q := &Questionnaire{Format: FormatID, Version: version}
	var err error
	if q.Title, err = surveyJSText(s.Title); err != nil {
		return nil, fmt.Errorf("surveyjs: /title: %w", err)
	}
	for pi, sp := range s.Pages {
		ptr := fmt.Sprintf("/pages/%d", pi)
		p := &Page{ID: sp.Name, VisibleIf: strings.TrimSpace(sp.VisibleIf), Questions: []*Question{}}
		if p.ID == "" {
			return nil, fmt.Errorf("surveyjs: %s: page without a name", ptr)
		}
		if p.Title, err = surveyJSText(sp.Title); err != nil {
			return nil, fmt.Errorf("surveyjs: %s/title: %w", ptr, err)
		}
		if err := importElements(p, sp.Elements, NotScored, "", ptr+"/elements", 0); err != nil {
			return nil, fmt.Errorf("surveyjs: %w", err)
		}
		q.Pages = append(q.Pages, p)
	}
	if err := q.build(); err != nil {
		return nil, fmt.Errorf("surveyjs: %w", err)
	}
	return q, nil
}

// maxPanelDepth bounds panel nesting.
const maxPanelDepth = 20

func importElements(p *Page, elements []surveyJSElement, panelKind Kind, panelIf, ptr string, depth int) error {
	if depth > maxPanelDepth {
		return fmt.Errorf("%s: panels nested deeper than %d", ptr, maxPanelDepth)
	}
	for ei, e := range elements {
		eptr := fmt.Sprintf("%s/%d", ptr, ei)
		if e.Name == "" {
			return fmt.Errorf("%s: element without a name", eptr)
		}
		cond := joinConditions(panelIf, strings.TrimSpace(e.VisibleIf))
		if e.Type == "panel" {
			// Only a panel's own suffix counts for its children: the official rule
			// looks at the direct parent panel.
			kind, _ := nameKind(e.Name)
			if err := importElements(p, e.Elements, kind, cond, eptr+"/elements", depth+1); err != nil {
				return err
			}
			continue
		}
		typ, ok := surveyJSTypes[e.Type]
		if !ok {
			return fmt.Errorf("%s: element %q has unsupported type %q", eptr, e.Name, e.Type)
		}
		x := &Question{ID: e.Name, Type: typ, VisibleIf: cond, Required: e.IsRequired}
		kind, own := nameKind(e.Name)
		if !own {
			kind = panelKind
		}
		if typ.HasChoices() {
			x.Kind = kind
			x.Other = e.HasOther
		}
		var err error
		titleField := e.Title
		if typ == Info {
			titleField = e.HTML
		}
		if x.Title, err = surveyJSText(titleField); err != nil {
			return fmt.Errorf("%s: %w", eptr, err)
		}
		desc, err := surveyJSText(e.Description)
		if err != nil {
			return fmt.Errorf("%s/description: %w", eptr, err)
		}
		help, err := surveyJSText(e.Help)
		if err != nil {
			return fmt.Errorf("%s/help: %w", eptr, err)
		}
		x.Help = joinTexts(desc, help)
		for ci, raw := range e.Choices {
			c, err := surveyJSChoice(raw)
			if err != nil {
				return fmt.Errorf("%s/choices/%d: %w", eptr, ci, err)
			}
			x.Choices = append(x.Choices, c)
		}
		p.Questions = append(p.Questions, x)
	}
	return nil
}

// nameKind returns the scoring kind a name's suffix gives, and whether it has one.
func nameKind(name string) (Kind, bool) {
	switch {
	case strings.HasSuffix(name, "-RS"):
		return RawImpact, true
	case strings.HasSuffix(name, "-MS"):
		return Mitigation, true
	case strings.HasSuffix(name, "-NS"):
		return NotScored, true
	}
	return NotScored, false
}

// choiceWeight returns the weight the official tool gives a choice value: the number
// after its last "-", or 0 when that is not a number.
func choiceWeight(value string) int {
	n, err := strconv.Atoi(value[strings.LastIndexByte(value, '-')+1:])
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func surveyJSChoice(raw json.RawMessage) (Choice, error) {
	var obj struct {
		Value json.RawMessage `json:"value"`
		Text  json.RawMessage `json:"text"`
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' {
		if err := jsoncodec.Unmarshal(raw, &obj); err != nil {
			return Choice{}, err
		}
	} else {
		obj.Value = raw // a bare value is its own text
	}
	var c Choice
	switch v := bytes.TrimSpace(obj.Value); {
	case len(v) == 0 || string(v) == "null":
		return Choice{}, fmt.Errorf("choice without a value")
	case v[0] == '"':
		if err := jsoncodec.Unmarshal(v, &c.Value); err != nil {
			return Choice{}, err
		}
	default:
		if jsonscan.Kind(v) != "a number" {
			return Choice{}, fmt.Errorf("choice value %s is neither a string nor a number", v)
		}
		c.Value, c.Numeric = string(v), true // as written, a checked number
	}
	if c.Value == "" {
		return Choice{}, fmt.Errorf("choice with an empty value")
	}
	c.Weight = choiceWeight(c.Value)
	var err error
	if len(obj.Text) > 0 {
		c.Text, err = surveyJSText(obj.Text)
	} else {
		c.Text = Text{EN: c.Value, FR: c.Value}
	}
	return c, err
}

// surveyJSText reads a SurveyJS localizable string: a plain string (both languages), or
// an object with "default" (English), "en" and "fr".
func surveyJSText(raw json.RawMessage) (Text, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return Text{}, nil
	}
	if raw[0] == '"' {
		var s string
		if err := jsoncodec.Unmarshal(raw, &s); err != nil {
			return Text{}, err
		}
		return Text{EN: s, FR: s}, nil
	}
	var m map[string]string
	if err := jsoncodec.Unmarshal(raw, &m); err != nil {
		return Text{}, fmt.Errorf("text is neither a string nor an object of strings")
	}
	t := Text{EN: m["en"], FR: m["fr"]}
	if t.EN == "" {
		t.EN = m["default"]
	}
	return t, nil
}

func joinTexts(a, b Text) Text {
	join := func(x, y string) string {
		if x == "" || y == "" {
			return x + y
		}
		return x + "\n\n" + y
	}
	return Text{EN: join(a.EN, b.EN), FR: join(a.FR, b.FR)}
}

func joinConditions(outer, inner string) string {
	if outer == "" || inner == "" {
		return outer + inner
	}
	return "(" + outer + ") and (" + inner + ")"
}
