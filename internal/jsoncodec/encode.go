package jsoncodec

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// marshaler is encoding/json's Marshaler.
type marshaler interface {
	MarshalJSON() ([]byte, error)
}

// Marshal returns the JSON encoding of v, as json.Marshal writes it.
func Marshal(v any) ([]byte, error) {
	e := encoder{types: typeCache{}}
	return e.appendValue(nil, reflect.ValueOf(v))
}

// encoder keeps what it learns of the types met in one call to Marshal.
type encoder struct {
	types typeCache
}

// typeCache holds what the reflection of a type tells the codec, for one call (this
// package keeps no state between calls).
type typeCache map[reflect.Type]*typeInfo

type typeInfo struct {
	fields []field // of a struct
	// marshals and marshalsByPointer report whether the type and a pointer to it have
	// a MarshalJSON method; decodesItself, whether a pointer to it has UnmarshalJSON.
	marshals, marshalsByPointer, decodesItself bool
}

func (c typeCache) of(t reflect.Type) *typeInfo {
	info, ok := c[t]
	if !ok {
		info = &typeInfo{marshals: t.Implements(marshalerType)}
		if t.Kind() != reflect.Pointer {
			p := reflect.PointerTo(t)
			info.marshalsByPointer = p.Implements(marshalerType)
			info.decodesItself = p.Implements(unmarshalerType)
		}
		if t.Kind() == reflect.Struct {
			info.fields = fieldsOf(t)
		}
		c[t] = info
	}
	return info
}

// MarshalIndent is Marshal with the output indented as Indent does.
func MarshalIndent(v any, prefix, indent string) ([]byte, error) {
	b, err := Marshal(v)
	if err != nil {
		return nil, err
	}
	return appendIndent(nil, b, prefix, indent), nil
}

// UnsupportedTypeError is the error for a value Marshal cannot encode.
type UnsupportedTypeError struct {
	Type reflect.Type
}

func (e *UnsupportedTypeError) Error() string {
	return "json: unsupported type: " + e.Type.String()
}

var marshalerType = reflect.TypeFor[marshaler]()

func (e *encoder) appendValue(b []byte, v reflect.Value) ([]byte, error) {
	if !v.IsValid() {
		return append(b, "null"...), nil
	}
	t := v.Type()
	info := e.types.of(t)
	if info.marshals {
		if (t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface) && v.IsNil() {
			return append(b, "null"...), nil
		}
		return appendMarshaler(b, v)
	}
	if info.marshalsByPointer && v.CanAddr() {
		return appendMarshaler(b, v.Addr())
	}
	switch t.Kind() {
	case reflect.String:
		return AppendString(b, v.String(), true), nil
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.AppendUint(b, v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		return appendFloat(b, v.Float(), t.Bits())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		return e.appendValue(b, v.Elem())
	case reflect.Struct:
		return e.appendStruct(b, v, info.fields)
	case reflect.Map:
		return e.appendMap(b, v)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			break // base64, not supported
		}
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		return e.appendArray(b, v)
	case reflect.Array:
		return e.appendArray(b, v)
	}
	return b, &UnsupportedTypeError{t}
}

func appendMarshaler(b []byte, v reflect.Value) ([]byte, error) {
	if !v.CanInterface() {
		return b, &UnsupportedTypeError{v.Type()}
	}
	m, ok := v.Interface().(marshaler)
	if !ok {
		return b, &UnsupportedTypeError{v.Type()}
	}
	out, err := m.MarshalJSON()
	if err != nil {
		return b, errors.New("json: error calling MarshalJSON for type " + v.Type().String() + ": " + err.Error())
	}
	return appendCompact(b, out, true)
}

// appendFloat writes f as encoding/json does: the shortest decimal that reads back as
// the same number, in exponent form only for very small or very large magnitudes.
func appendFloat(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, errors.New("json: unsupported value: " + strconv.FormatFloat(f, 'g', -1, bits))
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21)) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		// e-09 → e-9, as encoding/json writes it.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

func (e *encoder) appendArray(b []byte, v reflect.Value) ([]byte, error) {
	b = append(b, '[')
	for i := range v.Len() {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = e.appendValue(b, v.Index(i)); err != nil {
			return b, err
		}
	}
	return append(b, ']'), nil
}

func (e *encoder) appendMap(b []byte, v reflect.Value) ([]byte, error) {
	if v.IsNil() {
		return append(b, "null"...), nil
	}
	if v.Type().Key().Kind() != reflect.String {
		return b, &UnsupportedTypeError{v.Type()}
	}
	// Keys sorted as strings, as encoding/json sorts them.
	var keys []string
	for it := v.MapRange(); it.Next(); {
		keys = append(keys, it.Key().String())
	}
	slices.Sort(keys)
	key := reflect.New(v.Type().Key()).Elem()
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = AppendString(b, k, true)
		b = append(b, ':')
		key.SetString(k)
		var err error
		if b, err = e.appendValue(b, v.MapIndex(key)); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

func (e *encoder) appendStruct(b []byte, v reflect.Value, fields []field) ([]byte, error) {
	b = append(b, '{')
	first := true
	for _, f := range fields {
		fv, ok := fieldByIndex(v, f.index)
		if !ok || f.omitEmpty && isEmpty(fv) {
			continue
		}
		if f.omitZero && isZero(fv) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = AppendString(b, f.name, true)
		b = append(b, ':')
		var err error
		if b, err = e.appendValue(b, fv); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// fieldByIndex is v.FieldByIndex that reports false where an embedded pointer is nil.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

// isZero reports whether omitzero omits v: v is its type's zero value. Unlike
// encoding/json, it does not call IsZero methods: calling one through an interface would
// make the linker keep the IsZero method of every type in the binary (reflect.Value's
// among them). The types of this module that have one (questionnaire.Text) agree with
// their zero value.
func isZero(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if !isZero(v.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Array:
		for i := range v.Len() {
			if !isZero(v.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Map:
		return v.IsNil()
	}
	return isEmpty(v)
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	}
	return false
}

// field is a struct field as JSON sees it: its name, and the path of indexes to it
// through embedded structs.
type field struct {
	name      string
	index     []int
	omitEmpty bool
	omitZero  bool
	tagged    bool
}

// fieldsOf returns the JSON fields of a struct type in encoding/json's order and with
// its rules: a tag's name, else the Go name; embedded structs without a name in their
// tag promote their fields; of fields with the same name, the least deeply embedded
// wins, then a tagged one; with no single winner, none is kept.
func fieldsOf(t reflect.Type) []field {
	var all []field
	var walk func(t reflect.Type, index []int)
	walk = func(t reflect.Type, index []int) {
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := jsonTag(sf.Tag)
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			idx := append(slices.Clip(index), i)
			if sf.Anonymous && name == "" && ft.Kind() == reflect.Struct {
				if len(idx) < 10 { // embedding cycles through pointers end here
					walk(ft, idx)
				}
				continue
			}
			if !sf.IsExported() {
				continue
			}
			f := field{name: name, index: idx, tagged: name != ""}
			if name == "" {
				f.name = sf.Name
			}
			for opts != "" {
				var opt string
				opt, opts, _ = strings.Cut(opts, ",")
				f.omitEmpty = f.omitEmpty || opt == "omitempty"
				f.omitZero = f.omitZero || opt == "omitzero"
			}
			all = append(all, f)
		}
	}
	walk(t, nil)
	var out []field
	for _, f := range all {
		// The fields named like f that are embedded least deeply, tagged ones first.
		var best []field
		for _, g := range all {
			switch {
			case g.name != f.name:
			case len(best) == 0 || len(g.index) < len(best[0].index):
				best = []field{g}
			case len(g.index) == len(best[0].index):
				best = append(best, g)
			}
		}
		if len(best) > 1 {
			best = slices.DeleteFunc(best, func(g field) bool { return !g.tagged })
		}
		if len(best) == 1 && slices.Equal(best[0].index, f.index) {
			out = append(out, f)
		}
	}
	return out
}

// jsonTag returns the value of the json key of a struct tag. It is StructTag.Get for
// the tags of this module, which hold no escaped quotes, without the weight of
// strconv.Unquote in the browser engine.
func jsonTag(tag reflect.StructTag) string {
	for t := string(tag); t != ""; {
		t = strings.TrimLeft(t, " ")
		name, rest, ok := strings.Cut(t, `:"`)
		if !ok {
			return ""
		}
		value, after, ok := strings.Cut(rest, `"`)
		if !ok {
			return ""
		}
		if name == "json" {
			return value
		}
		t = after
	}
	return ""
}
