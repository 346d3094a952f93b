package aia

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gc-aia/aia/internal/jsonscan"
	"github.com/gc-aia/aia/internal/shared"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/questionnaire/condition"
)

// decoder turns the raw answers of a saved file into answer values. It is the one place
// that knows how answers are written; FromFile and Scorer both use it.
type decoder struct {
	// keepText keeps free-text answers that no condition reads. A Scorer drops them:
	// only whether they are empty matters to a score.
	keepText bool
	// lists backs the values of multiple-choice answers, reused by a Scorer.
	lists []string
	// seen and unknown are fill's record of the keys read, reused by a Scorer.
	seen    []bool
	unknown [][]byte
}

// unreadText stands for a non-empty free-text answer a decoder did not keep.
const unreadText = "…"

// legacyRenames are the question IDs the official tool renames when it loads an older
// file.
var legacyRenames = map[string]string{"impact4": "decisionSector3"}

// legacyValue applies the official tool's value fix: aboutSystem1's "item6-1" became "item6".
func legacyValue(x *questionnaire.Question, v string) string {
	if x.ID == "aboutSystem1" && v == "item6-1" {
		if _, ok := x.Choice(v); !ok {
			return "item6"
		}
	}
	return v
}

// resolve finds the question a saved-file key answers, applying the official renames
// (legacyRenames) when the questionnaire lacks the old ID, and reports legacy when it
// did. It reports skip for keys that hold no answer of their own (the text of an
// "other" choice), and a problem for unknown keys.
func resolve(q *questionnaire.Questionnaire, key []byte) (x *questionnaire.Question, legacy, skip bool, problem *Warning) {
	if x, ok := shared.Lookup(q, key); ok {
		return x.(*questionnaire.Question), false, false, nil
	}
	if newID, ok := legacyRenames[string(key)]; ok {
		if x, ok := q.Question(newID); ok {
			return x, true, false, nil
		}
	}
	if base, found := strings.CutSuffix(string(key), "-Comment"); found {
		if other, ok := q.Question(base); ok && other.Other {
			return nil, false, true, nil
		}
	}
	w := warn(UnknownQuestion, string(key), "not a question of questionnaire %s"+ignored.EN,
		"ne fait pas partie du questionnaire %s"+ignored.FR, q.Version)
	if near := shared.Nearest(q, string(key)); near != "" {
		w.Message.EN += fmt.Sprintf(" (did you mean %s?)", near)
		w.Message.FR += fmt.Sprintf(" (vouliez-vous dire %s"+nnbsp+"?)", near)
	}
	return nil, false, false, &w
}

// fill decodes the n fields of a file's "data" (field(i) returns the i-th key, unescaped,
// and raw value) into a, whose answers are all unset, appending to a.Problems. It is the
// one reading of a file's answers: FromFile and Scorer both use it, so that they agree
// on every input. A key repeated in the file is an error: which value would count is a
// guess no reader should make. A question answered under both its legacy key and its
// own (impact4 and decisionSector3) takes the answer under its own key, with a problem
// that says so.
func (d *decoder) fill(a *Assessment, n int, field func(i int) (key, value []byte)) error {
	q := a.Questionnaire
	nq := len(a.Answers)
	if cap(d.seen) < 2*nq {
		d.seen = make([]bool, 2*nq)
	}
	d.seen = d.seen[:2*nq]
	clear(d.seen) // [i]: question i answered under its own ID; [nq+i]: under a legacy one
	d.unknown = d.unknown[:0]
	for i := range n {
		key, value := field(i)
		x, legacy, skip, problem := resolve(q, key)
		if x == nil {
			if slices.ContainsFunc(d.unknown, func(k []byte) bool { return bytes.Equal(k, key) }) {
				return duplicateKey(key)
			}
			d.unknown = append(d.unknown, key)
			if problem != nil && !skip {
				a.Problems = append(a.Problems, *problem)
			}
			continue
		}
		slot, other := x.Index(), nq+x.Index()
		if legacy {
			slot, other = other, slot
		}
		if d.seen[slot] {
			return duplicateKey(key)
		}
		d.seen[slot] = true
		v, problems := d.answer(x, value)
		for _, w := range problems {
			w.Question = string(key)
			a.Problems = append(a.Problems, w)
		}
		if d.seen[other] { // the same question under its legacy and its own key
			oldID := string(key)
			if !legacy {
				for k, newID := range legacyRenames {
					if newID == x.ID {
						oldID = k
					}
				}
			}
			a.Problems = append(a.Problems, warn(LegacyKey, oldID,
				"answered under both the legacy key %[1]s and its new name %[2]s; the answer under %[2]s counts",
				"réponse donnée à la fois sous l’ancienne clé %[1]s et sous son nouveau nom %[2]s"+nnbsp+"; la réponse sous %[2]s compte",
				oldID, x.ID))
			if legacy {
				continue // the answer under the question's own ID stays
			}
		}
		a.Answers[x.Index()] = v
	}
	return nil
}

// duplicateKey is fill's error for a repeated key; a Scorer replaces it with
// checkDuplicates', which knows where the key is in the file.
func duplicateKey(key []byte) error {
	return newFileError("/data/"+escapePointer(string(key)), "duplicate key", "clé en double")
}

// answer decodes the raw answer to x, a value ParseSavedFile or Scorer has checked for
// syntax, and says what is wrong with it, in warnings without their question ID; the
// value then holds what could be kept.
func (d *decoder) answer(x *questionnaire.Question, raw []byte) (v condition.Value, problems []Warning) {
	if string(raw) == "null" {
		return condition.Value{}, nil
	}
	expected := func(en, fr string) []Warning {
		return []Warning{{Code: InvalidValue, Message: questionnaire.Text{
			EN: fmt.Sprintf("expected %s, found %s"+ignored.EN, en, jsonscan.Kind(raw)),
			FR: fmt.Sprintf("attendu"+nbsp+": %s"+nnbsp+"; reçu"+nbsp+": %s"+ignored.FR, fr, jsonscan.KindFR(raw)),
		}}}
	}
	switch x.Type {
	case questionnaire.Line, questionnaire.Comment:
		if !isScalar(raw) {
			return v, expected("a text", "un texte")
		}
		if !d.keepText && !shared.Referenced(x) {
			if blankText(raw) {
				return condition.Text(""), nil
			}
			return condition.Text(unreadText), nil
		}
		s, _ := scalarText(raw)
		return condition.Text(s), nil
	case questionnaire.Single, questionnaire.Dropdown:
		c, ok, text := choiceOf(x, raw)
		if !ok {
			if !isScalar(raw) {
				return v, expected("one choice value", "une valeur de choix")
			}
			return v, []Warning{{Code: InvalidValue, Message: questionnaire.Text{
				EN: fmt.Sprintf("%q is not one of its choices (%s)"+ignored.EN, text, choiceList(x, questionnaire.English)),
				FR: fmt.Sprintf("%s ne fait pas partie de ses choix (%s)"+ignored.FR, quoteFR(text), choiceList(x, questionnaire.French)),
			}}}
		}
		return condition.Text(c), nil
	case questionnaire.Multiple:
		start := len(d.lists)
		var bad, badFR, repeated []string
		isArray := jsonscan.EachElement(raw, func(el []byte) bool {
			if c, ok, text := choiceOf(x, el); ok {
				if slices.Contains(d.lists[start:], c) {
					if !slices.Contains(repeated, c) {
						repeated = append(repeated, c)
					}
					return true // a repeated value counts once
				}
				d.lists = append(d.lists, c)
			} else if isScalar(el) {
				bad = append(bad, fmt.Sprintf("%q", text))
				badFR = append(badFR, quoteFR(text))
			} else {
				bad = append(bad, string(el))
				badFR = append(badFR, string(el))
			}
			return true
		})
		if !isArray {
			d.lists = d.lists[:start]
			return v, expected("a list of choice values", "une liste de valeurs de choix")
		}
		v = condition.List(d.lists[start:len(d.lists):len(d.lists)]...)
		if len(bad) > 0 {
			problems = append(problems, Warning{Code: InvalidValue, Message: questionnaire.Text{
				EN: fmt.Sprintf("%s not among its choices (%s)"+valueIgnored.EN, strings.Join(bad, ", "), choiceList(x, questionnaire.English)),
				FR: fmt.Sprintf("%s hors de ses choix (%s)"+valueIgnored.FR, strings.Join(badFR, ", "), choiceList(x, questionnaire.French)),
			}})
		}
		if len(repeated) > 0 {
			problems = append(problems, repeatedValues("", repeated))
		}
		return v, problems
	}
	return v, []Warning{{Code: InvalidValue, Message: questionnaire.Text{
		EN: "an information block takes no answer" + ignored.EN,
		FR: "un bloc d’information ne prend pas de réponse" + ignored.FR,
	}}}
}

// choiceOf finds the choice a raw value (a JSON string or number) names, and returns its
// value string (the questionnaire's own, so that answers allocate nothing), applying the
// official value fix of aboutSystem1 ("item6-1" became "item6"). When the value is not a
// choice, it returns the value as text for messages.
func choiceOf(x *questionnaire.Question, raw []byte) (value string, ok bool, text string) {
	body := raw
	if len(raw) >= 2 && raw[0] == '"' {
		body = raw[1 : len(raw)-1]
		if strings.IndexByte(string(body), '\\') >= 0 { // escaped: decode first (rare)
			s, _ := jsonscan.String(raw)
			body = []byte(s)
		}
	} else if !isScalar(raw) {
		return "", false, ""
	}
	for _, c := range x.Choices {
		if string(body) == c.Value {
			return c.Value, true, ""
		}
	}
	if x.Other && string(body) == questionnaire.OtherValue {
		return questionnaire.OtherValue, true, ""
	}
	if fixed := legacyValue(x, string(body)); fixed != string(body) {
		if c, found := x.Choice(fixed); found {
			return c.Value, true, ""
		}
	}
	return "", false, string(body)
}

// blankText reports whether a raw JSON text holds nothing but spaces, without decoding
// it in the common case of a text with a visible ASCII character.
func blankText(raw []byte) bool {
	for _, c := range raw {
		if c > ' ' && c < utf8.RuneSelf && c != '"' && c != '\\' {
			return false
		}
	}
	s, _ := scalarText(raw) // only spaces, escapes or non-ASCII: decode to be sure
	return strings.TrimSpace(s) == ""
}

// isScalar reports whether a raw value is a string or a number.
func isScalar(raw []byte) bool {
	k := jsonscan.Kind(raw)
	return k == "a string" || k == "a number"
}

// scalarText returns a JSON string's contents, or a JSON number's text.
func scalarText(raw []byte) (string, bool) {
	if len(raw) > 0 && raw[0] == '"' {
		return jsonscan.String(raw)
	}
	if jsonscan.Kind(raw) != "a number" {
		return "", false
	}
	return string(raw), true
}
