package aia

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/gc-aia/aia/internal/schema"
)

// SavedFile is the file the official AIA tool's Save button writes:
//
//	{"version": "v1.0.1", "currentPage": 3, "data": {"projectDetailsPhase": "item1", …},
//	 "translationsOnResult": {…}}
//
// Files saved before September 2020 have no "version"; some have "completed" or
// "answerLanguage". Every key is kept, in its order, when the file is written back.
type SavedFile struct {
	// Version names the questionnaire version; "" when the file has none.
	Version string
	// CurrentPage is the page the respondent was on.
	CurrentPage int
	// Data holds the answers, in file order: question ID → JSON value.
	Data []Field
	// Translations is the raw "translationsOnResult" object (free-text answers in the
	// other language), nil when absent.
	Translations json.RawMessage
	// Extra holds every other top-level key, verbatim.
	Extra []Field

	order []string // top-level keys as read, to write them back in the same order
}

// Field is one key of a JSON object with its raw value.
type Field struct {
	Key   string
	Value json.RawMessage
}

// DefaultMaxFileSize is the largest saved file ReadSavedFile accepts unless told otherwise.
const DefaultMaxFileSize = 10 << 20

// maxDepth bounds the nesting of JSON values in a saved file.
const maxDepth = 64

//go:embed schema/savedfile.schema.json
var savedFileSchemaText []byte

// SavedFileSchema returns the JSON Schema (draft 2020-12) of the saved-file format.
func SavedFileSchema() []byte { return bytes.Clone(savedFileSchemaText) }

var savedFileSchema = sync.OnceValue(func() *schema.Schema {
	return schema.MustCompile("savedfile.schema.json", savedFileSchemaText)
})

// ValidateSavedFile checks data against the saved-file JSON Schema; the error names the
// JSON pointer of each problem.
func ValidateSavedFile(data []byte) error {
	return savedFileSchema().ValidateBytes(bytes.TrimPrefix(data, utf8BOM))
}

var utf8BOM = []byte("\xef\xbb\xbf")

// ParseSavedFile decodes a saved file. A leading byte-order mark is ignored. Errors
// name the JSON pointer and, for syntax errors, the line and column.
func ParseSavedFile(data []byte) (*SavedFile, error) {
	return parseSavedFile(data, DefaultMaxFileSize)
}

// ReadSavedFile reads and decodes a saved file of at most maxSize bytes
// (DefaultMaxFileSize when maxSize ≤ 0).
func ReadSavedFile(r io.Reader, maxSize int64) (*SavedFile, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, err
	}
	return parseSavedFile(data, maxSize)
}

func parseSavedFile(data []byte, maxSize int64) (*SavedFile, error) {
	if int64(len(data)) > maxSize {
		return nil, fmt.Errorf("file larger than the limit of %d bytes", maxSize)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("empty file: expected a JSON object")
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("invalid UTF-8 at byte %d", invalidUTF8At(data))
	}
	top, err := readObject(data, "")
	if err != nil {
		return nil, err
	}
	f := &SavedFile{}
	for _, fl := range top {
		f.order = append(f.order, fl.Key)
		switch fl.Key {
		case "version":
			if err := json.Unmarshal(fl.Value, &f.Version); err != nil {
				return nil, fmt.Errorf("/version: expected a string, found %s", jsonKind(fl.Value))
			}
		case "currentPage":
			n, err := strconv.ParseFloat(string(fl.Value), 64)
			if err != nil || n != float64(int(n)) || n < 0 {
				return nil, fmt.Errorf("/currentPage: expected a page number, found %s", shorten(fl.Value))
			}
			f.CurrentPage = int(n)
		case "data":
			if f.Data, err = readObject(fl.Value, "/data"); err != nil {
				return nil, err
			}
		case "translationsOnResult":
			if jsonKind(fl.Value) != "an object" && jsonKind(fl.Value) != "null" {
				return nil, fmt.Errorf("/translationsOnResult: expected an object, found %s", jsonKind(fl.Value))
			}
			f.Translations = fl.Value
		default:
			f.Extra = append(f.Extra, fl)
		}
	}
	if f.Data == nil {
		return nil, errors.New(`/data: missing: a saved file holds its answers under "data"`)
	}
	return f, nil
}

// readObject decodes a JSON object into its fields, in order, rejecting duplicate keys,
// trailing data and values nested deeper than maxDepth.
func readObject(data []byte, ptr string) ([]Field, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxError(data, ptr, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("%s: expected a JSON object, found %s", pointer(ptr), jsonKind(data))
	}
	fields := []Field{}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxError(data, ptr, err)
		}
		key := tok.(string) // object keys are always strings
		if seen[key] {
			return nil, fmt.Errorf("%s/%s: duplicate key", ptr, escapePointer(key))
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, syntaxError(data, ptr+"/"+escapePointer(key), err)
		}
		if depth(raw) > maxDepth {
			return nil, fmt.Errorf("%s/%s: nested deeper than %d levels", ptr, escapePointer(key), maxDepth)
		}
		fields = append(fields, Field{Key: key, Value: raw})
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntaxError(data, ptr, err)
	}
	if rest, _ := io.ReadAll(dec.Buffered()); len(bytes.TrimSpace(rest)) > 0 || dec.More() {
		return nil, syntaxError(data, ptr, fmt.Errorf("unexpected data after the JSON object at byte %d", dec.InputOffset()))
	}
	return fields, nil
}

// depth returns the deepest nesting of arrays and objects in a JSON value.
func depth(raw []byte) int {
	d, deepest, inString := 0, 0, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			d++
			deepest = max(deepest, d)
		case c == ']' || c == '}':
			d--
		}
	}
	return deepest
}

func syntaxError(data []byte, ptr string, err error) error {
	var se *json.SyntaxError
	offset := int64(-1)
	if errors.As(err, &se) {
		offset = se.Offset
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%s: truncated JSON: the file ends before the object is closed", pointer(ptr))
	}
	if offset >= 0 {
		line, col := lineCol(data, offset)
		return fmt.Errorf("%s: invalid JSON at line %d, column %d: %v", pointer(ptr), line, col, err)
	}
	return fmt.Errorf("%s: invalid JSON: %v", pointer(ptr), err)
}

func lineCol(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func invalidUTF8At(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

func pointer(ptr string) string {
	if ptr == "" {
		return "/"
	}
	return ptr
}

// escapePointer escapes a key for a JSON pointer (RFC 6901).
func escapePointer(key string) string {
	var b []byte
	for i := 0; i < len(key); i++ {
		switch key[i] {
		case '~':
			b = append(b, "~0"...)
		case '/':
			b = append(b, "~1"...)
		default:
			b = append(b, key[i])
		}
	}
	return string(b)
}

// jsonKind names the kind of a JSON value for error messages.
func jsonKind(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

func shorten(raw []byte) string {
	if len(raw) > 40 {
		return string(raw[:40]) + "…"
	}
	return string(raw)
}

// MarshalJSON writes the file in the official format, keys in the order they were read
// (new keys after them).
func (f *SavedFile) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	written := map[string]bool{}
	n := 0
	put := func(key string, value []byte) {
		if written[key] || value == nil {
			return
		}
		written[key] = true
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(value)
	}
	value := func(key string) []byte {
		switch key {
		case "version":
			if f.Version == "" {
				return nil
			}
			v, _ := json.Marshal(f.Version)
			return v
		case "currentPage":
			return strconv.AppendInt(nil, int64(f.CurrentPage), 10)
		case "data":
			return marshalObject(f.Data)
		case "translationsOnResult":
			return f.Translations
		}
		for _, e := range f.Extra {
			if e.Key == key {
				return e.Value
			}
		}
		return nil
	}
	for _, key := range f.order {
		put(key, value(key))
	}
	for _, key := range []string{"version", "currentPage", "data", "translationsOnResult"} {
		put(key, value(key))
	}
	for _, e := range f.Extra {
		put(e.Key, e.Value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshalObject(fields []Field) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, fl := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(fl.Key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(fl.Value)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// Answer returns the raw value of an answer in Data.
func (f *SavedFile) Answer(id string) (json.RawMessage, bool) {
	for _, fl := range f.Data {
		if fl.Key == id {
			return fl.Value, true
		}
	}
	return nil, false
}
