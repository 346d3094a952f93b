package jsonscan_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/internal/jsonscan"
)

func TestObject(t *testing.T) {
	fields, err := jsonscan.AppendObject(nil, []byte(` {"a": "x\u00e9\n", "b" : [1, -2.5e3, {"c": null}], "d\"": true , "e":{}} `), 10)
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]string
	for _, f := range fields {
		got = append(got, [2]string{f.Key(), string(f.Value)})
	}
	want := [][2]string{{"a", `"x\u00e9\n"`}, {"b", `[1, -2.5e3, {"c": null}]`}, {`d"`, "true"}, {"e", "{}"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if s, ok := jsonscan.String(fields[0].Value); !ok || s != "xé\n" {
		t.Errorf("String = %q, %v", s, ok)
	}
	var els []string
	ok := jsonscan.EachElement(fields[1].Value, func(el []byte) bool { els = append(els, string(el)); return true })
	if !ok || len(els) != 3 || els[2] != `{"c": null}` {
		t.Errorf("Elements = %q, %v", els, ok)
	}
}

func TestObjectRejects(t *testing.T) {
	for _, tt := range []struct {
		in        string
		truncated bool
		offset    int
	}{
		{`{"a": 1`, true, 0},
		{`{"a": "x`, true, 0},
		{`{"a": 01}`, false, 7},
		{`{"a": 1.}`, false, 8},
		{`{"a": tru}`, false, 6},
		{`{"a": "\x"}`, false, 7},
		{"{\"a\": \"\x01\"}", false, 7},
		{`{"a" 1}`, false, 5},
		{`{"a": 1,}`, false, 8},
		{`{"a": [1 2]}`, false, 9},
		{`{"a": 1} {}`, false, 9},
		{`[1]`, false, 0},
		{`{"a": [[[[1]]]]}`, false, 9},
	} {
		_, err := jsonscan.AppendObject(nil, []byte(tt.in), 3)
		if err == nil {
			t.Errorf("%s: accepted", tt.in)
			continue
		}
		if tt.truncated {
			if !errors.Is(err, jsonscan.ErrTruncated) {
				t.Errorf("%s: %v, want truncated", tt.in, err)
			}
			continue
		}
		var se *jsonscan.SyntaxError
		if !errors.As(err, &se) || se.Offset != tt.offset {
			t.Errorf("%s: %v (offset %v), want offset %d", tt.in, err, se, tt.offset)
		}
	}
}

// FuzzObject checks the scanner against encoding/json: both accept the same objects
// and see the same values.
func FuzzObject(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"a":[1,{"b":"\ud83d\ude00"}],"c":null}`, `{}`, `{"a":"\u00"}`, `{"x":-0.0e+1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fields, err := jsonscan.AppendObject(nil, data, 10000)
		checkUTF8Scan(t, data, fields, err)
		var obj map[string]json.RawMessage
		isObject := json.Valid(data) && json.Unmarshal(data, &obj) == nil && obj != nil
		if (err == nil) != isObject {
			t.Fatalf("jsonscan error %v, but encoding/json says object=%v for %q", err, isObject, data)
		}
		if !utf8.Valid(data) {
			return // encoding/json replaces invalid UTF-8; callers of jsonscan reject it first
		}
		for _, fl := range fields {
			// Valid, not Unmarshal into any: a number such as 8E0100000 is valid JSON
			// that no float64 holds.
			if !json.Valid(fl.Value) {
				t.Fatalf("field %q: raw value %q is not valid JSON", fl.Key(), fl.Value)
			}
			var want string
			if fl.Value[0] == '"' && json.Unmarshal(fl.Value, &want) == nil {
				if s, ok := jsonscan.String(fl.Value); !ok || s != want {
					t.Fatalf("String(%q) = %q, encoding/json says %q", fl.Value, s, want)
				}
			}
		}
	})
}

// checkUTF8Scan checks AppendNestedUTF8 against AppendObject's result on data (fields,
// err) and utf8.Valid: the same fields when data is valid UTF-8, ErrInvalidUTF8 or the
// same error otherwise, and no error only on valid UTF-8.
func checkUTF8Scan(t *testing.T, data []byte, fields []jsonscan.Field, err error) {
	t.Helper()
	got, _, gotErr := jsonscan.AppendNestedUTF8(nil, data, 10000, "", nil)
	valid := utf8.Valid(data)
	switch {
	case gotErr == nil && !valid:
		t.Fatalf("%q: invalid UTF-8 accepted", data)
	case errors.Is(gotErr, jsonscan.ErrInvalidUTF8) && valid:
		t.Fatalf("%q: valid UTF-8 rejected", data)
	case valid && errorText(gotErr) != errorText(err):
		t.Fatalf("%q: error %v, AppendObject says %v", data, gotErr, err)
	case valid && !cmp.Equal(got, fields):
		t.Fatalf("%q: fields differ:\n%s", data, cmp.Diff(fields, got))
	case !valid && gotErr != nil && !errors.Is(gotErr, jsonscan.ErrInvalidUTF8) && errorText(gotErr) != errorText(err):
		t.Fatalf("%q: error %v, AppendObject says %v", data, gotErr, err)
	}
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	var se *jsonscan.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%d: %s", se.Offset, se.Msg)
	}
	return err.Error()
}

// TestStringScanEveryOffset puts each kind of byte a string scan stops at (and bytes it
// must not stop at) at every offset of a string, around the eight-byte steps, and
// checks both scans against encoding/json and utf8.Valid.
func TestStringScanEveryOffset(t *testing.T) {
	specials := []string{`"`, `\\`, `\"`, `\u00e9`, `\u12`, `\x`, "\x00", "\x1f", "\x7f", " ", "~", "é", "😀", "\xff", "\xc3", "\xed\xa0\x80", "\xef\xbf\xbd", "\n"}
	for before := range 20 {
		for after := range 12 {
			for _, sp := range specials {
				data := []byte(`{"k": "` + strings.Repeat("a", before) + sp + strings.Repeat("b", after) + `", "z": 1}`)
				fields, err := jsonscan.AppendObject(nil, data, 10)
				var obj map[string]json.RawMessage
				isObject := json.Valid(data) && json.Unmarshal(data, &obj) == nil
				if (err == nil) != isObject {
					t.Fatalf("%q: error %v, encoding/json says object=%v", data, err, isObject)
				}
				checkUTF8Scan(t, data, fields, err)
			}
		}
	}
}
