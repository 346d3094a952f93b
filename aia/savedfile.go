package aia

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/internal/jsonscan"
	"github.com/gc-aia/aia/internal/schema"
	"github.com/gc-aia/aia/questionnaire"
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
	// versionLine and versionColumn locate the "version" value in the file read, for
	// the error of a version no questionnaire has; 0 when unknown.
	versionLine, versionColumn int
}

// Field is one key of a JSON object with its raw value.
type Field struct {
	Key   string
	Value json.RawMessage
}

// DefaultMaxFileSize is the largest saved file ReadSavedFile accepts unless told otherwise.
const DefaultMaxFileSize = 10 << 20

//go:embed schema/savedfile.schema.json
var savedFileSchemaText []byte

// SavedFileSchema returns the JSON Schema (draft 2020-12) of the saved-file format.
func SavedFileSchema() []byte { return bytes.Clone(savedFileSchemaText) }

var savedFileSchema = sync.OnceValue(func() *schema.Schema {
	return schema.MustCompile("savedfile.schema.json", savedFileSchemaText)
})

// ValidateSavedFile checks data against the saved-file JSON Schema. The error is a
// *SchemaError naming the JSON pointer of each problem.
func ValidateSavedFile(data []byte) error {
	err := savedFileSchema().ValidateBytes(bytes.TrimPrefix(data, utf8BOM))
	if err == nil {
		return nil
	}
	var se *schema.Error
	if !errors.As(err, &se) {
		return &SchemaError{Problems: []FileError{{Pointer: "/", Message: err.Error()}}}
	}
	out := &SchemaError{Problems: make([]FileError, len(se.Problems))}
	for i, p := range se.Problems {
		ptr := p.Pointer
		if ptr == "" {
			ptr = "/"
		}
		out.Problems[i] = FileError{Pointer: ptr, Message: p.Message, MessageFR: schema.French(p.Message)}
	}
	return out
}

var utf8BOM = []byte("\xef\xbb\xbf")

// looksUTF16 recognises UTF-16 and UTF-32 text (a byte-order mark, or a NUL among the
// first two bytes), which would otherwise be called "not a JSON object".
func looksUTF16(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) ||
		len(data) >= 2 && (data[0] == 0 || data[1] == 0)
}

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
	if err := checkSize(data, maxSize); err != nil {
		return nil, err // before the copy below
	}
	data = bytes.Clone(data) // the fields keep sub-slices: they must not share the caller's buffer
	env, err := scanEnvelope(data, maxSize, nil, nil)
	if err != nil {
		return nil, err
	}
	if err := checkDuplicates(env.src, env.answers); err != nil {
		return nil, err
	}
	f := &SavedFile{Version: env.version, CurrentPage: env.page, Data: make([]Field, len(env.answers))}
	if env.versionAt >= 0 {
		f.versionLine, f.versionColumn = lineCol(env.src, int64(env.versionAt))
	}
	for i, x := range env.answers {
		f.Data[i] = Field{Key: x.Key(), Value: x.Value}
	}
	for _, fl := range env.top {
		key := fl.Key()
		f.order = append(f.order, key)
		switch key {
		case "version", "currentPage", "data":
		case "translationsOnResult":
			f.Translations = fl.Value
		default:
			f.Extra = append(f.Extra, Field{Key: key, Value: fl.Value})
		}
	}
	return f, nil
}

// envelope is the top level of a saved file, checked: what ParseSavedFile and Scorer
// both read.
type envelope struct {
	top     []jsonscan.Field
	answers []jsonscan.Field // the fields of "data"
	version string           // "" when absent
	// versionAt is the byte offset in src of the "version" value, -1 when absent: its
	// line and column are counted only for an error.
	versionAt int
	page      int
	src       []byte // the file without its byte-order mark, for line and column numbers
}

func checkSize(data []byte, maxSize int64) error {
	if int64(len(data)) > maxSize {
		return newFileError("", "file larger than the limit of %d bytes", "fichier plus gros que la limite de %d octets", maxSize)
	}
	return nil
}

// scanEnvelope checks a saved file's size, encoding and syntax and the types of its
// known top-level keys, and reads its fields and those of "data" in one pass, appending
// to top and answers to reuse their memory. The fields are sub-slices of data.
func scanEnvelope(data []byte, maxSize int64, top, answers []jsonscan.Field) (envelope, error) {
	env := envelope{versionAt: -1}
	if err := checkSize(data, maxSize); err != nil {
		return env, err
	}
	if looksUTF16(data) {
		return env, newFileError("", "not UTF-8: looks like UTF-16 (or UTF-32); save the file as UTF-8", "pas en UTF-8"+nbsp+": le fichier semble en UTF-16 (ou UTF-32)"+nnbsp+"; enregistrez-le en UTF-8")
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	env.src = data
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return env, newFileError("", "empty file: expected a JSON object", "fichier vide"+nbsp+": un objet JSON est attendu")
	}
	if trimmed[0] != '{' {
		if !jsoncodec.Valid(trimmed) { // words, not a JSON value of another kind
			word, _, _ := bytes.Cut(trimmed[:min(len(trimmed), 20)], []byte("\n"))
			return env, newFileError("", "not JSON: the text begins with %q; a saved file is a JSON object {…}", "pas du JSON"+nbsp+": le texte commence par %q"+nnbsp+"; un fichier sauvegardé est un objet JSON {…}", word)
		}
		return env, fileError(data, trimmed, "/", "expected a JSON object, found %s", "objet JSON attendu, trouvé"+nbsp+": %s", kindText(trimmed))
	}
	// The scan checks that strings are valid UTF-8, so that data it reads without an
	// error is valid UTF-8 throughout (JSON outside strings is ASCII). On an error, invalid
	// UTF-8 anywhere in data is the error reported, as if it were checked first.
	var err error
	if env.top, env.answers, err = jsonscan.AppendNestedUTF8(top[:0], data, jsonscan.MaxDepth, "data", answers); err != nil {
		if !utf8.Valid(data) {
			at := invalidUTF8At(data)
			e := newFileError("", "invalid UTF-8 at byte %d", "UTF-8 non valide à l’octet %d", at)
			e.Line, e.Column = lineCol(data, int64(at))
			return env, e
		}
		return env, syntaxError(data, err)
	}
	var dataValue []byte
	for i, f := range env.top {
		for _, g := range env.top[:i] { // a top level has a handful of keys
			if bytes.Equal(f.RawKey, g.RawKey) || (!f.PlainKey() || !g.PlainKey()) && f.Key() == g.Key() {
				return env, fileError(data, f.RawKey, "/"+escapePointer(f.Key()), "duplicate key", "clé en double")
			}
		}
		key := f.RawKey
		if !f.PlainKey() {
			key = []byte(f.Key())
		}
		switch string(key) {
		case "version":
			v, ok := jsonscan.String(f.Value)
			if !ok {
				return env, fileError(data, f.Value, "/version", "expected a string, found %s", "chaîne attendue, trouvé"+nbsp+": %s", kindText(f.Value))
			}
			env.version, env.versionAt = v, cap(data)-cap(f.Value)
		case "currentPage":
			var ok bool
			if env.page, ok = parsePage(f.Value); !ok {
				return env, fileError(data, f.Value, "/currentPage", "expected a page number, found %s", "numéro de page attendu, trouvé"+nbsp+": %s", shorten(f.Value))
			}
		case "data":
			if !jsonscan.IsObject(f.Value) {
				return env, fileError(data, f.Value, "/data", "expected a JSON object, found %s", "objet JSON attendu, trouvé"+nbsp+": %s", kindText(f.Value))
			}
			dataValue = f.Value
		case "translationsOnResult":
			if k := jsonscan.Kind(f.Value); k != "an object" && k != "null" {
				return env, fileError(data, f.Value, "/translationsOnResult", "expected an object, found %s", "objet attendu, trouvé"+nbsp+": %s", kindText(f.Value))
			}
		}
	}
	if dataValue == nil {
		return env, newFileError("/data", `missing: a saved file holds its answers under "data"`, "absent"+nbsp+": un fichier sauvegardé contient ses réponses sous «"+nbsp+"data"+nbsp+"»")
	}
	if env.answers == nil { // an empty object, or a "data" key written with escapes
		if env.answers, err = jsonscan.AppendObject(answers[:0], dataValue, jsonscan.MaxDepth); err != nil {
			return env, &FileError{Pointer: "/data", Err: err}
		}
	}
	return env, nil
}

// parsePage reads the "currentPage" number.
func parsePage(raw []byte) (int, bool) {
	n, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || n != float64(int(n)) || n < 0 || n > 1e6 {
		return 0, false
	}
	return int(n), true
}

// checkDuplicates rejects a "data" object that repeats a key: which value would count
// is a guess no reader should make. src is the file the fields are sub-slices of.
func checkDuplicates(src []byte, fields []jsonscan.Field) error {
	seen := make(map[string]struct{}, len(fields))
	for _, f := range fields {
		key := f.Key()
		if _, dup := seen[key]; dup {
			return fileError(src, f.RawKey, "/data/"+escapePointer(key), "duplicate key", "clé en double")
		}
		seen[key] = struct{}{}
	}
	return nil
}

func syntaxError(data []byte, err error) error {
	if errors.Is(err, jsonscan.ErrTruncated) {
		e := newFileError("", "truncated JSON: the file ends before the object is closed", "JSON tronqué"+nbsp+": le fichier se termine avant la fin de l’objet")
		e.Line, e.Column = lineCol(data, int64(len(data)))
		return e
	}
	var se *jsonscan.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(data, int64(se.Offset))
		e := newFileError("", "invalid JSON at line %d, column %d: %s", "JSON non valide à la ligne %d, colonne %d"+nbsp+": %s", line, col, questionnaire.Text{EN: se.Msg, FR: se.FR})
		e.Line, e.Column = line, col
		return e
	}
	return &FileError{Err: err}
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

// escapePointer escapes a key for a JSON pointer (RFC 6901).
func escapePointer(key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

func shorten(raw []byte) string {
	if len(raw) > 40 {
		return string(raw[:40]) + "…"
	}
	return string(raw)
}

// MarshalJSON writes the file in the official format, keys in the order they were read
// (new keys after them), unknown keys included. Its receiver is a value, so that
// json.Marshal writes the official format for a SavedFile and a *SavedFile alike.
func (f SavedFile) MarshalJSON() ([]byte, error) {
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
		b.Write(jsoncodec.AppendString(b.AvailableBuffer(), key, true))
		b.WriteByte(':')
		b.Write(value)
	}
	value := func(key string) []byte {
		switch key {
		case "version":
			if f.Version == "" {
				return nil
			}
			return jsoncodec.AppendString(nil, f.Version, true)
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

// UnmarshalJSON reads a saved file as ParseSavedFile does, so that a SavedFile can be
// decoded with encoding/json, alone or inside another value.
func (f *SavedFile) UnmarshalJSON(data []byte) error {
	g, err := ParseSavedFile(data)
	if err != nil {
		return err
	}
	*f = *g
	return nil
}

func marshalObject(fields []Field) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, fl := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(jsoncodec.AppendString(b.AvailableBuffer(), fl.Key, true))
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
