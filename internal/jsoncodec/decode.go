package jsoncodec

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gc-aia/aia/internal/jsonscan"
)

// unmarshaler is encoding/json's Unmarshaler. Unmarshal does not call its method, whose
// every implementation in the binary the linker would then keep (time.Time's parser
// among them, a few kilobytes of the browser engine): it decodes json.RawMessage itself,
// and rejects the other types that have one.
type unmarshaler interface {
	UnmarshalJSON([]byte) error
}

var (
	unmarshalerType = reflect.TypeFor[unmarshaler]()
	rawMessageType  = reflect.TypeFor[json.RawMessage]()
)

// UnmarshalTypeError is a JSON value of a kind that the Go value cannot hold.
type UnmarshalTypeError struct {
	Value string       // the JSON value: "array", "number 1.5", …
	Type  reflect.Type // the Go type
	Field string       // the path to the field, dotted ("pages.0.title"); "" at the top
	// Pointer is the same path as a JSON pointer ("/pages/0/title"), for messages that
	// name where in a document the value is.
	Pointer string
}

// Expected says what JSON value the Go type holds: "a string", "an array", …
func (e *UnmarshalTypeError) Expected() string {
	en, _ := TypeName(e.Type)
	return en
}

// TypeName says, in English and French, what JSON value a Go type holds: "a string"
// ("une chaîne"), "an array" ("une liste"), "an object" ("un objet"), …; the Go type
// itself for one without a JSON form.
func TypeName(t reflect.Type) (en, fr string) {
	switch t.Kind() {
	case reflect.String:
		return "a string", "une chaîne"
	case reflect.Bool:
		return "true or false", "true ou false"
	case reflect.Slice, reflect.Array:
		return "an array", "une liste"
	case reflect.Struct, reflect.Map:
		return "an object", "un objet"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "an integer", "un entier"
	case reflect.Float32, reflect.Float64:
		return "a number", "un nombre"
	case reflect.Interface:
		return "a JSON value", "une valeur JSON"
	}
	return t.String(), t.String()
}

func (e *UnmarshalTypeError) Error() string {
	if e.Field != "" {
		return "json: cannot unmarshal " + e.Value + " into Go struct field " + e.Field + " of type " + e.Type.String()
	}
	return "json: cannot unmarshal " + e.Value + " into Go value of type " + e.Type.String()
}

// Unmarshal decodes data into the value v points to, as json.Unmarshal does: object
// members match struct fields by name (exactly, else ignoring case), unknown members are
// ignored, null leaves a value unchanged (and sets a pointer, slice, map or interface to
// nil), numbers go into any as float64.
func Unmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("json: Unmarshal needs a non-nil pointer")
	}
	if err := jsonscan.Value(data, maxDepth); err != nil {
		return err
	}
	d := decoder{types: typeCache{}}
	return d.value(bytes.TrimSpace(data), rv.Elem())
}

type decoder struct {
	types typeCache
	// members holds, for each level of nesting being decoded, the members of the object
	// there, so that decoding allocates no member list per object.
	members [][]jsonscan.Field
	depth   int
}

// objectMembers returns the members of raw, a checked object, in a buffer of the level
// being decoded; release gives the level back.
func (d *decoder) objectMembers(raw []byte) (members []jsonscan.Field, release func()) {
	if d.depth == len(d.members) {
		d.members = append(d.members, nil)
	}
	level := d.depth
	d.members[level], _ = jsonscan.AppendObject(d.members[level][:0], raw, maxDepth)
	d.depth++
	return d.members[level], func() { d.depth-- }
}

// value decodes raw, a checked JSON value, into v.
func (d *decoder) value(raw []byte, v reflect.Value) error {
	if raw[0] == 'n' && v.Kind() == reflect.Pointer {
		v.SetZero()
		return nil
	}
	if v.Type() == rawMessageType {
		v.SetBytes(bytes.Clone(raw))
		return nil
	}
	info := d.types.of(v.Type())
	if info.decodesItself {
		return errors.New("json: " + v.Type().String() + " decodes itself (UnmarshalJSON), which this package does not call")
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return d.value(raw, v.Elem())
	}
	if raw[0] == 'n' {
		switch v.Kind() {
		case reflect.Interface, reflect.Map, reflect.Slice:
			v.SetZero()
		}
		return nil
	}
	if v.Kind() == reflect.Interface {
		if v.NumMethod() > 0 {
			return d.typeError(raw, v)
		}
		x, err := d.any(raw)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(&x).Elem())
		return nil
	}
	switch raw[0] {
	case '{':
		return d.object(raw, v, info.fields)
	case '[':
		return d.array(raw, v)
	case '"':
		if v.Kind() != reflect.String {
			return d.typeError(raw, v)
		}
		s, _ := jsonscan.String(raw)
		v.SetString(validUTF8(s))
		return nil
	case 't', 'f':
		if v.Kind() != reflect.Bool {
			return d.typeError(raw, v)
		}
		v.SetBool(raw[0] == 't')
		return nil
	}
	return d.number(raw, v)
}

func (d *decoder) typeError(raw []byte, v reflect.Value) error {
	kind := "number " + string(raw)
	switch raw[0] {
	case '{':
		kind = "object"
	case '[':
		kind = "array"
	case '"':
		kind = "string"
	case 't', 'f':
		kind = "bool"
	}
	return &UnmarshalTypeError{Value: kind, Type: v.Type()}
}

func (d *decoder) number(raw []byte, v reflect.Value) error {
	s := string(raw)
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || v.OverflowInt(n) {
			return d.typeError(raw, v)
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || v.OverflowUint(n) {
			return d.typeError(raw, v)
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		n, err := strconv.ParseFloat(s, v.Type().Bits())
		if err != nil || v.OverflowFloat(n) {
			return d.typeError(raw, v)
		}
		v.SetFloat(n)
	default:
		return d.typeError(raw, v)
	}
	return nil
}

func (d *decoder) object(raw []byte, v reflect.Value, fields []field) error {
	members, release := d.objectMembers(raw)
	defer release()
	switch v.Kind() {
	case reflect.Map:
		t := v.Type()
		if t.Key().Kind() != reflect.String {
			return d.typeError(raw, v)
		}
		if v.IsNil() {
			v.Set(reflect.MakeMapWithSize(t, len(members)))
		}
		k, elem := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		for _, m := range members {
			key := validUTF8(m.Key())
			elem.SetZero()
			if err := d.value(m.Value, elem); err != nil {
				return within(err, key)
			}
			k.SetString(key)
			v.SetMapIndex(k, elem) // copies both
		}
		return nil
	case reflect.Struct:
		for _, m := range members {
			key := m.Key()
			f := fieldNamed(fields, key)
			if f == nil {
				continue
			}
			fv, err := settableField(v, f.index)
			if err != nil {
				return err
			}
			if err := d.value(m.Value, fv); err != nil {
				return within(err, f.name)
			}
		}
		return nil
	}
	return d.typeError(raw, v)
}

// fieldNamed returns the field a member's key names: the one of that name, else the
// first whose name matches ignoring case.
func fieldNamed(fields []field, key string) *field {
	for i := range fields {
		if fields[i].name == key {
			return &fields[i]
		}
	}
	for i := range fields {
		if strings.EqualFold(fields[i].name, key) {
			return &fields[i]
		}
	}
	return nil
}

// settableField returns the field at index, allocating the embedded pointers on the way.
func settableField(v reflect.Value, index []int) (reflect.Value, error) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return reflect.Value{}, errors.New("json: cannot set embedded pointer to unexported struct: " + v.Type().Elem().String())
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, nil
}

func (d *decoder) array(raw []byte, v reflect.Value) error {
	switch v.Kind() {
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return d.typeError(raw, v) // base64, not supported
		}
		v.SetLen(0)
		if v.IsNil() {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		}
	case reflect.Array:
	default:
		return d.typeError(raw, v)
	}
	i := 0
	var err error
	jsonscan.EachElement(raw, func(el []byte) bool {
		var elem reflect.Value
		if v.Kind() == reflect.Array {
			if i >= v.Len() {
				return false // extra elements are dropped, as encoding/json does
			}
			elem = v.Index(i)
		} else {
			v.Set(reflect.Append(v, reflect.Zero(v.Type().Elem())))
			elem = v.Index(i)
		}
		if err = d.value(el, elem); err != nil {
			err = within(err, strconv.Itoa(i))
		}
		i++
		return err == nil
	})
	if err == nil && v.Kind() == reflect.Array {
		for ; i < v.Len(); i++ {
			v.Index(i).SetZero()
		}
	}
	return err
}

// any decodes a checked value as encoding/json decodes into an empty interface.
func (d *decoder) any(raw []byte) (any, error) {
	switch raw[0] {
	case '{':
		members, release := d.objectMembers(raw)
		defer release()
		m := make(map[string]any, len(members))
		for _, f := range members {
			x, err := d.any(f.Value)
			if err != nil {
				return nil, err
			}
			m[validUTF8(f.Key())] = x
		}
		return m, nil
	case '[':
		s := []any{}
		var err error
		jsonscan.EachElement(raw, func(el []byte) bool {
			var x any
			x, err = d.any(el)
			s = append(s, x)
			return err == nil
		})
		return s, err
	case '"':
		s, _ := jsonscan.String(raw)
		return validUTF8(s), nil
	case 't':
		return true, nil
	case 'f':
		return false, nil
	case 'n':
		return nil, nil
	}
	n, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return nil, &UnmarshalTypeError{Value: "number " + string(raw), Type: reflect.TypeFor[float64]()}
	}
	return n, nil
}

// within adds the name of the member or element an error was in to its path, as the
// error goes up (paths are built only for errors).
func within(err error, name string) error {
	if e, ok := err.(*UnmarshalTypeError); ok {
		e.Pointer = "/" + strings.NewReplacer("~", "~0", "/", "~1").Replace(name) + e.Pointer
		if e.Field == "" {
			e.Field = name
		} else {
			e.Field = name + "." + e.Field
		}
	}
	return err
}

// validUTF8 replaces each byte of invalid UTF-8 with U+FFFD, as encoding/json does.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r) // utf8.RuneError for an invalid byte
		i += size
	}
	return b.String()
}
