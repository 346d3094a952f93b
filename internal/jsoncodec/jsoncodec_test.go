package jsoncodec_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/internal/jsonscan"
)

type Inner struct {
	A      string `json:"a"`
	B      int    `json:"b,omitempty"`
	Shadow string
}

type Both struct {
	X int `json:"x"`
}

type other struct {
	X int `json:"x"`
	Y int `json:"y"`
}

type upper string

func (u upper) MarshalJSON() ([]byte, error) {
	return []byte(` { "up" : ` + fmt.Sprintf("%q", strings.ToUpper(string(u))) + ` , "html": "<&>\u2028"}`), nil
}

type ptrMarshaler struct{ N int }

func (p *ptrMarshaler) MarshalJSON() ([]byte, error) { return []byte(fmt.Sprint(p.N * 2)), nil }

type lower struct{ S string }

func (l *lower) UnmarshalJSON(b []byte) error {
	l.S = strings.ToLower(string(b))
	return nil
}

type text struct{ EN, FR string }

type Sample struct {
	Inner
	*Both
	other
	Shadow int    `json:"shadow"`
	Name   string `json:"name"`
	Skip   string `json:"-"`
	//lint:ignore SA5008 "-," names a field "-", as the test checks
	Dash     string `json:"-,"`
	Empty    string `json:"empty,omitempty"`
	NoTag    bool
	Ptr      *int              `json:"ptr"`
	NilPtr   *int              `json:"nilPtr"`
	List     []string          `json:"list"`
	NilList  []string          `json:"nilList"`
	OmitList []string          `json:"omitList,omitempty"`
	Arr      [2]int            `json:"arr"`
	Map      map[string]int    `json:"map"`
	Any      any               `json:"any"`
	Raw      json.RawMessage   `json:"raw"`
	NilRaw   json.RawMessage   `json:"nilRaw,omitempty"`
	Up       upper             `json:"up"`
	PtrM     ptrMarshaler      `json:"ptrM"`
	Floats   []float64         `json:"floats"`
	F32      float32           `json:"f32"`
	U8       uint8             `json:"u8"`
	Nested   map[string][]Both `json:"nested"`
	ZeroText text              `json:"zeroText,omitzero"`
	SetText  text              `json:"setText,omitzero"`
	ZeroPtr  *Both             `json:"zeroPtr,omitzero"`
	ZeroBoth Both              `json:"zeroBoth,omitzero"`
	SetBoth  Both              `json:"setBoth,omitzero"`
	ZeroArr  [2]int            `json:"zeroArr,omitzero"`
	ZeroList []int             `json:"zeroList,omitzero"`
	SetList  []int             `json:"setList,omitzero"`
	private  int
}

func sample() Sample {
	n := 7
	return Sample{
		Inner: Inner{A: "a<b>&c\u2028é\x01\"\\\n\t\b\f\x7f", B: 0, Shadow: "hidden"},
		Both:  &Both{X: 3}, other: other{X: 4, Y: 5},
		Shadow: 9, Name: "naïve \xff bytes", Skip: "no", Dash: "dash", NoTag: true, Ptr: &n,
		List: []string{"x", ""}, Arr: [2]int{1, -2}, Map: map[string]int{"b": 2, "a": 1, "é": 3},
		Any: map[string]any{"k": []any{1.5, "s", nil, true}}, Raw: json.RawMessage(` [1, {"a" : "<"}] `),
		Up: "hi", PtrM: ptrMarshaler{N: 21}, Floats: []float64{0, 1, -1.5, 1e20, 1e21, 1e-6, 1e-7, 123456789.125, math.SmallestNonzeroFloat64, math.MaxFloat64},
		F32: 3.14, U8: 255, SetText: text{FR: "x"}, SetBoth: Both{X: 1}, SetList: []int{}, Nested: map[string][]Both{"z": {{1}, {2}}, "e": nil}, private: 1,
	}
}

// TestMarshalAsEncodingJSON checks Marshal and MarshalIndent against encoding/json on a
// value that has every feature the package supports, by value and by pointer.
func TestMarshalAsEncodingJSON(t *testing.T) {
	s := sample()
	for _, v := range []any{s, &s, []any{s, nil, "x"}, map[string]*Sample{"p": &s, "nil": nil}, nil, 1.0, "<>"} {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := jsoncodec.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("Marshal(%T) (-encoding/json +jsoncodec):\n%s", v, diff)
		}
		want, _ = json.MarshalIndent(v, "> ", "\t")
		got, _ = jsoncodec.MarshalIndent(v, "> ", "\t")
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("MarshalIndent(%T) (-encoding/json +jsoncodec):\n%s", v, diff)
		}
	}
}

func TestMarshalUnsupported(t *testing.T) {
	for _, v := range []any{[]byte("x"), map[int]string{1: "x"}, math.NaN(), func() {}} {
		if _, err := jsoncodec.Marshal(v); err == nil {
			t.Errorf("Marshal(%T) gave no error", v)
		}
	}
}

// TestUnmarshalAsEncodingJSON decodes the same documents into the same types with both
// packages and compares the results.
func TestUnmarshalAsEncodingJSON(t *testing.T) {
	var m map[string]any
	if err := json.Unmarshal(must(json.Marshal(sample())), &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "up") // an object MarshalJSON wrote, that a string cannot hold
	doc := must(json.Marshal(m))
	docs := []string{
		string(doc),
		`{"NAME": "case", "a": "x", "X": 1, "y": 2, "shadow": 3, "ptr": null, "list": null, "map": {"n": 1}, "arr": [5, 6, 7], "raw": null, "unknown": [1, {"deep": true}]}`,
		`{"name": "\ud83d\ude00 \ud800 \u00e9", "list": [], "any": {"a": [1, 2.5e3, "x", false, null, {}]}, "arr": [1]}`,
		`{"map": {"a": 1, "a": 2}, "name": "first", "name": "last"}`,
	}
	for _, d := range docs {
		var want, got Sample
		werr := json.Unmarshal([]byte(d), &want)
		gerr := jsoncodec.Unmarshal([]byte(d), &got)
		if werr != nil || gerr != nil {
			t.Fatalf("Unmarshal(%s): encoding/json %v, jsoncodec %v", d, werr, gerr)
		}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(Sample{}, ptrMarshaler{})); diff != "" {
			t.Errorf("Unmarshal(%s) (-encoding/json +jsoncodec):\n%s", d, diff)
		}
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestUnmarshalErrors(t *testing.T) {
	var s Sample
	for _, tt := range []struct {
		doc, want string
		syntax    bool
	}{
		{`{"name": 1}`, "cannot unmarshal number 1 into Go struct field name of type string", false},
		{`{"list": [1]}`, "cannot unmarshal number 1 into Go struct field list.0 of type string", false},
		{`{"u8": 256}`, "cannot unmarshal number 256 into Go struct field u8 of type uint8", false},
		{`{"b": 1.5}`, "cannot unmarshal number 1.5 into Go struct field b of type int", false},
		{`{"map": []}`, "cannot unmarshal array into Go struct field map of type map[string]int", false},
		{`[]`, "cannot unmarshal array into Go value of type jsoncodec_test.Sample", false},
		{`{"name": "x"`, "unexpected end of JSON", true},
		{`{"name": x}`, `invalid character "x" looking for a value`, true},
		{`{} {}`, "unexpected data after the JSON value", true},
	} {
		err := jsoncodec.Unmarshal([]byte(tt.doc), &s)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Unmarshal(%s) = %v, want %q", tt.doc, err, tt.want)
		}
		var syn *jsonscan.SyntaxError
		if errors.As(err, &syn) != tt.syntax {
			t.Errorf("Unmarshal(%s) = %T, syntax error %v", tt.doc, err, tt.syntax)
		}
	}
	if err := jsoncodec.Unmarshal([]byte(`{}`), s); err == nil {
		t.Error("Unmarshal into a non-pointer gave no error")
	}
	// A type that decodes itself is refused rather than decoded field by field.
	var l struct{ L *lower }
	if err := jsoncodec.Unmarshal([]byte(`{"L": "ABC"}`), &l); err == nil || !strings.Contains(err.Error(), "UnmarshalJSON") {
		t.Errorf("Unmarshal into a type with UnmarshalJSON = %v", err)
	}
}

// A type error says where it is as a JSON pointer (escaped) and what was expected there.
func TestUnmarshalTypeErrorPointer(t *testing.T) {
	var v struct {
		Pages []map[string][]int `json:"pages"`
	}
	err := jsoncodec.Unmarshal([]byte(`{"pages": [{}, {"a/b~c": [1, "x"]}]}`), &v)
	var te *jsoncodec.UnmarshalTypeError
	if !errors.As(err, &te) {
		t.Fatalf("error %v (%T), want an *UnmarshalTypeError", err, err)
	}
	got := [3]string{te.Pointer, te.Value, te.Expected()}
	if want := [3]string{"/pages/1/a~1b~0c/1", "string", "an integer"}; got != want {
		t.Errorf("pointer, value, expected = %q, want %q", got, want)
	}
}

func TestCompactIndentValid(t *testing.T) {
	for _, doc := range []string{
		` { "a" : [ 1 , 2 , { } , [ ] , "x \" , y" ] , "b" : { "c" : null } } `,
		`"<&>"`, `[]`, `{}`, `  12.5e3 `, `[[[]],{"":{}}]`,
	} {
		var want, got bytes.Buffer
		json.Compact(&want, []byte(doc))
		if err := jsoncodec.Compact(&got, []byte(doc)); err != nil {
			t.Fatal(err)
		}
		if want.String() != got.String() {
			t.Errorf("Compact(%s) = %s, want %s", doc, got.String(), want.String())
		}
		want.Reset()
		got.Reset()
		json.Indent(&want, []byte(strings.TrimSpace(doc)), "", "  ")
		if err := jsoncodec.Indent(&got, []byte(doc), "", "  "); err != nil {
			t.Fatal(err)
		}
		if want.String() != got.String() {
			t.Errorf("Indent(%s) = %s, want %s", doc, got.String(), want.String())
		}
	}
	for _, doc := range []string{``, `{`, `{"a" 1}`, `[1,]`, `01`, `"\x"`, `nul`} {
		if jsoncodec.Valid([]byte(doc)) || json.Valid([]byte(doc)) {
			t.Errorf("Valid(%q) = true", doc)
		}
		var b bytes.Buffer
		if jsoncodec.Compact(&b, []byte(doc)) == nil || b.Len() != 0 {
			t.Errorf("Compact(%q) gave no error or wrote %q", doc, b.String())
		}
	}
}

// FuzzAgainstEncodingJSON checks, on any input, that jsoncodec accepts what
// encoding/json accepts, decodes it into any to the same value, and writes the same
// compact, indented and re-marshalled JSON.
func FuzzAgainstEncodingJSON(f *testing.F) {
	for _, s := range []string{`{"a": [1, "x\u00e9", null, true, {"b": -2.5e-8}]}`, `"<\u2028>"`, `[1e400]`, `"\ud800"`, "\"\xff\"", `{"a":1,"a":2}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		valid := json.Valid(data)
		if err := jsonscan.Value(data, 64); err != nil && strings.Contains(err.Error(), "nested deeper") {
			return // beyond jsoncodec's bound, within encoding/json's
		}
		if got := jsoncodec.Valid(data); got != valid {
			t.Fatalf("Valid(%q) = %v, encoding/json %v", data, got, valid)
		}
		if !valid {
			return
		}
		var want, got bytes.Buffer
		json.Compact(&want, data)
		jsoncodec.Compact(&got, data)
		if want.String() != got.String() {
			t.Fatalf("Compact(%q) = %q, want %q", data, got.String(), want.String())
		}
		want.Reset()
		got.Reset()
		json.Indent(&want, bytes.TrimSpace(data), "", " ")
		jsoncodec.Indent(&got, data, "", " ")
		if want.String() != got.String() {
			t.Fatalf("Indent(%q) = %q, want %q", data, got.String(), want.String())
		}
		var wv, gv any
		werr := json.Unmarshal(data, &wv)
		gerr := jsoncodec.Unmarshal(data, &gv)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("Unmarshal(%q): encoding/json %v, jsoncodec %v", data, werr, gerr)
		}
		if werr != nil {
			return // a number beyond float64
		}
		if diff := cmp.Diff(wv, gv); diff != "" {
			t.Fatalf("Unmarshal(%q) (-encoding/json +jsoncodec):\n%s", data, diff)
		}
		wb, werr := json.Marshal(wv)
		gb, gerr := jsoncodec.Marshal(gv)
		if werr != nil || gerr != nil || string(wb) != string(gb) {
			t.Fatalf("Marshal(%v) = %s, %v; want %s, %v", wv, gb, gerr, wb, werr)
		}
	})
}

// FuzzString checks AppendString against encoding/json on any string, with and without
// HTML escaping.
func FuzzString(f *testing.F) {
	for _, s := range []string{"", "a<b>&c", "\u2028\u2029", "\xff\xfe", "\x00\x1f\x7f", "é\"\\/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := jsoncodec.AppendString(nil, s, true); string(got) != string(want) {
			t.Fatalf("AppendString(%q, true) = %s, want %s", s, got, want)
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(s)
		if got := jsoncodec.AppendString(nil, s, false); string(got) != strings.TrimSuffix(b.String(), "\n") {
			t.Fatalf("AppendString(%q, false) = %s, want %s", s, got, b.String())
		}
	})
}

// TestAppendStringGenerated compares AppendString with encoding/json on generated
// strings, with the byte sequences around its fast paths: two-byte characters at their
// bounds, overlong and truncated sequences, U+2028 and U+2029, the short escapes.
func TestAppendStringGenerated(t *testing.T) {
	parts := []string{"a", " ", "\"", "\\", "<", ">", "&", "\x00", "\b", "\f", "\n", "\r", "\t", "\x1f", "\x7f", "é", "\xc2\x80", "\xdf\xbf", "\xc1\xbf", "\xc0\x80",
		"\xc2", "\xdf", "\xe0", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80", "\xed\xa0\x80", "\xef\xbf\xbd", "😀", "\xf0\x9f", "\xff", "\x80", "中"}
	seed := uint32(1)
	for range 50000 {
		s := ""
		for range seed % 6 {
			seed = seed*1664525 + 1013904223
			s += parts[(seed>>8)%uint32(len(parts))]
		}
		seed = seed*1664525 + 1013904223
		want, _ := json.Marshal(s)
		if got := jsoncodec.AppendString(nil, s, true); string(got) != string(want) {
			t.Fatalf("AppendString(%q) = %s, want %s", s, got, want)
		}
	}
}
