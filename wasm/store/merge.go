package store

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/internal/jsonscan"
	"github.com/gc-aia/aia/internal/localize"
)

// merged lists the members of a saved file that are merged member by member: the
// answers and their translations. Every other top-level member (version, currentPage,
// …) is merged as one value.
var merged = map[string]bool{"data": true, "translationsOnResult": true}

// Merge merges two tabs' edits of a saved file, answer by answer. base is the text
// both started from, mine the text of the tab that writes now, theirs the text another
// tab stored since base. For each answer (each member of "data" and of
// "translationsOnResult") and each other top-level member:
//
//   - changed in mine since base (set, changed or removed): mine's is kept;
//   - unchanged in mine: theirs is taken (set, changed or removed).
//
// So an answer changed in both is the writer's (the later write wins, for that answer
// only), and every answer the other tab changed alone is kept. Values are compared as
// JSON values (spacing, escaping and member order do not count). The members come out
// in mine's order, then theirs' new ones in theirs' order; values are copied as they
// are written.
func Merge(base, mine, theirs []byte) ([]byte, error) {
	b, err := parseObject(base)
	if err != nil {
		return nil, localize.Errorf("base: %w", "la version de départ\u00a0: %w", err)
	}
	m, err := parseObject(mine)
	if err != nil {
		return nil, localize.Errorf("mine: %w", "la version de cet onglet\u00a0: %w", err)
	}
	t, err := parseObject(theirs)
	if err != nil {
		return nil, localize.Errorf("theirs: %w", "la version de l’autre onglet\u00a0: %w", err)
	}
	return mergeObjects(b, m, t, func(key string, bv, mv, tv json.RawMessage) (json.RawMessage, error) {
		if !merged[key] || !jsonscan.IsObject(mv) || !jsonscan.IsObject(tv) {
			return nil, nil // merge as one value
		}
		bo, _ := parseObject(bv) // a base that is not an object: every answer is new
		mo, err := parseObject(mv)
		if err != nil {
			return nil, err
		}
		to, err := parseObject(tv)
		if err != nil {
			return nil, err
		}
		return mergeObjects(bo, mo, to, nil)
	})
}

// SameFile reports whether two texts hold the same JSON value.
func SameFile(a, b []byte) bool {
	va, errA := decode(a)
	vb, errB := decode(b)
	return errA == nil && errB == nil && equal(va, vb)
}

// equal reports whether two decoded JSON values are equal.
func equal(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, av := range a {
			if bv, ok := b[k]; !ok || !equal(av, bv) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		return ok && slices.EqualFunc(a, b, equal)
	}
	return a == b // strings, numbers (float64), booleans, null
}

// member is one member of a JSON object, its value as written.
type member struct {
	key   string
	value json.RawMessage
}

type object struct {
	members []member
	index   map[string]int
}

func (o object) get(key string) (json.RawMessage, bool) {
	i, ok := o.index[key]
	if !ok {
		return nil, false
	}
	return o.members[i].value, true
}

// parseObject reads a JSON object, its members in order (of a repeated key, the last).
func parseObject(text []byte) (object, error) {
	o := object{index: map[string]int{}}
	fields, err := jsonscan.AppendObject(nil, text, jsonscan.MaxDepth)
	if err != nil {
		return o, err
	}
	for _, f := range fields {
		key := f.Key()
		if i, ok := o.index[key]; ok {
			o.members[i].value = f.Value
			continue
		}
		o.index[key] = len(o.members)
		o.members = append(o.members, member{key, f.Value})
	}
	return o, nil
}

// mergeObjects merges member by member; nested, when not nil, may merge a member
// present in both mine and theirs more finely (a nil result: merge it as one value).
func mergeObjects(b, m, t object, nested func(key string, bv, mv, tv json.RawMessage) (json.RawMessage, error)) ([]byte, error) {
	var out []member
	for _, mm := range m.members {
		bv, inBase := b.get(mm.key)
		tv, inTheirs := t.get(mm.key)
		if nested != nil && inTheirs {
			v, err := nested(mm.key, bv, mm.value, tv)
			if err != nil {
				return nil, err
			}
			if v != nil {
				out = append(out, member{mm.key, v})
				continue
			}
		}
		if !inBase || !same(bv, mm.value) {
			out = append(out, mm) // changed here
		} else if inTheirs {
			out = append(out, member{mm.key, tv}) // unchanged here: theirs
		}
		// else: unchanged here and removed there
	}
	for _, tm := range t.members {
		if _, inMine := m.get(tm.key); inMine {
			continue
		}
		if _, inBase := b.get(tm.key); inBase {
			continue // removed here: a change of this tab's
		}
		out = append(out, tm) // new there
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, mm := range out {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeString(&buf, mm.key)
		buf.WriteByte(':')
		if err := jsoncodec.Compact(&buf, mm.value); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// same reports whether two JSON texts hold the same value.
func same(a, b json.RawMessage) bool {
	if bytes.Equal(a, b) {
		return true
	}
	return SameFile(a, b)
}

func decode(text []byte) (any, error) {
	var v any
	err := jsoncodec.Unmarshal(text, &v)
	return v, err
}

// writeString writes s as a JSON string, without escaping <, > and & as json.Marshal does.
func writeString(buf *bytes.Buffer, s string) {
	buf.Write(jsoncodec.AppendString(buf.AvailableBuffer(), s, false))
}
