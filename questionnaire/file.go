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
	"github.com/gc-aia/aia/internal/schema"
)

// FileFormat is the format of a questionnaire file.
type FileFormat string

// The two questionnaire file formats.
const (
	NativeFormat   FileFormat = "native"   // the project's format (Load)
	SurveyJSFormat FileFormat = "surveyjs" // the official tool's survey-enfr.json (ImportSurveyJS)
)

// DetectFormat tells the format of a questionnaire file from its content, whatever its
// name: a native file has a "format" member (or pages of "questions"), a SurveyJS file
// has pages of "elements". The error is a *ValidationError.
func DetectFormat(data []byte) (FileFormat, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var top struct {
		Format *json.RawMessage  `json:"format"`
		Pages  []json.RawMessage `json:"pages"`
	}
	if err := jsoncodec.Unmarshal(data, &top); err != nil {
		var syn *jsonscan.SyntaxError
		var msg string
		if errors.As(err, &syn) {
			msg = fmt.Sprintf("not JSON: %v (at byte %d)", err, syn.Offset)
		} else if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			msg = "not a questionnaire: " + err.Error()
		} else {
			msg = "not a questionnaire: the file is not a JSON object"
		}
		return "", &ValidationError{Problems: []string{"/: " + msg}}
	}
	if top.Format != nil {
		return NativeFormat, nil
	}
	for _, raw := range top.Pages {
		var page map[string]json.RawMessage
		if jsoncodec.Unmarshal(raw, &page) != nil {
			continue
		}
		if _, ok := page["elements"]; ok {
			return SurveyJSFormat, nil
		}
		if _, ok := page["questions"]; ok {
			return NativeFormat, nil
		}
	}
	return "", &ValidationError{Problems: []string{`/: neither a native questionnaire (no "format" member) nor a SurveyJS survey (no page with "elements")`}}
}

// LoadFile reads a questionnaire file in the native format or the official SurveyJS
// format, told apart by DetectFormat. A SurveyJS file names no version: version is its
// name, and is required. A native file keeps its own version; a non-empty version must
// then be that one (or one of its aliases).
//
// Every problem with the content is reported in one *ValidationError, as Load does:
// each names the JSON pointer of the problem in the file read, and the question (its
// ID, or its SurveyJS name) when it concerns one. Schema validation is native only;
// SurveyJS files are checked for what the importer reads.
func LoadFile(data []byte, version string) (*Questionnaire, error) {
	format, err := DetectFormat(data)
	if err != nil {
		err.(*ValidationError).Version = version
		return nil, err
	}
	if len(data) > MaxFileSize {
		return nil, &ValidationError{Version: version, Problems: []string{fmt.Sprintf("/: file of %d bytes exceeds the limit of %d", len(data), MaxFileSize)}}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if format == SurveyJSFormat {
		if strings.TrimSpace(version) == "" {
			return nil, &ValidationError{Problems: []string{"/: a SurveyJS file names no version: give one"}}
		}
		q, err := ImportSurveyJS(data, version)
		if err != nil {
			return nil, fileError(err, data, version, SurveyJSFormat)
		}
		return q, nil
	}
	q, err := Load(data)
	if err != nil {
		return nil, fileError(err, data, version, NativeFormat)
	}
	if version != "" && normalizeVersion(version) != normalizeVersion(q.Version) && !hasAlias(q, version) {
		return nil, &ValidationError{Version: q.Version, Problems: []string{fmt.Sprintf("/version: the file is version %q, not %q", q.Version, version)}}
	}
	return q, nil
}

func hasAlias(q *Questionnaire, name string) bool {
	for _, a := range q.Aliases {
		if normalizeVersion(a) == normalizeVersion(name) {
			return true
		}
	}
	return false
}

// splitProblem splits "POINTER: message" into its pointer and message, or returns ok
// false when the problem does not start with a pointer.
func splitProblem(p string) (ptr, msg string, ok bool) {
	i := strings.Index(p, ": ")
	if !strings.HasPrefix(p, "/") || i < 0 || strings.ContainsAny(p[:i], " \t\n") {
		return "", "", false
	}
	return p[:i], p[i+2:], true
}

// fileError turns an error of Load or ImportSurveyJS into a *ValidationError whose
// problems each name the pointer in the file and the question concerned.
func fileError(err error, data []byte, version string, format FileFormat) *ValidationError {
	var doc any
	_ = jsoncodec.Unmarshal(data, &doc)
	out := &ValidationError{Version: version}
	var problems []string
	var ve *ValidationError
	var se *schema.Error
	switch {
	case errors.As(err, &ve):
		if out.Version == "" {
			out.Version = ve.Version
		}
		problems = ve.Problems
	case errors.As(err, &se):
		for _, p := range se.Problems {
			ptr := p.Pointer
			if ptr == "" {
				ptr = "/"
			}
			problems = append(problems, ptr+": "+p.Message)
		}
	default:
		msg := err.Error()
		msg = strings.TrimPrefix(msg, "surveyjs: ")
		msg = strings.TrimPrefix(msg, "questionnaire: ")
		if !strings.HasPrefix(msg, "/") {
			msg = "/: " + msg
		}
		problems = []string{msg}
	}
	if top, ok := doc.(map[string]any); ok && out.Version == "" {
		out.Version, _ = top["version"].(string)
	}
	var origins map[string]string
	if format == SurveyJSFormat {
		origins = surveyJSOrigins(doc)
	}
	for _, p := range problems {
		ptr, rest, ok := splitProblem(p)
		if !ok {
			out.Problems = append(out.Problems, p)
			continue
		}
		if origins != nil {
			ptr = toSurveyJSPointer(ptr, origins)
		}
		if name := questionAt(doc, ptr); name != "" && !strings.Contains(rest, strconv.Quote(name)) {
			rest = fmt.Sprintf("question %q: %s", name, rest)
		}
		out.Problems = append(out.Problems, ptr+": "+rest)
	}
	if len(out.Problems) == 0 {
		out.Problems = []string{"/: " + err.Error()}
	}
	return out
}

// toSurveyJSPointer rewrites a pointer of the native form an import produced
// (/pages/N/questions/M…) into the pointer of the element in the SurveyJS file.
func toSurveyJSPointer(ptr string, origins map[string]string) string {
	parts := strings.SplitN(ptr, "/", 6) // "", "pages", N, "questions", M, rest
	if len(parts) < 5 || parts[1] != "pages" || parts[3] != "questions" {
		return ptr
	}
	prefix := strings.Join(parts[:5], "/")
	if o, ok := origins[prefix]; ok {
		return o + ptr[len(prefix):]
	}
	return ptr
}

// surveyJSOrigins maps the native pointer of each imported question to its element's
// pointer in the SurveyJS document, following the importer's order (panels flattened).
func surveyJSOrigins(doc any) map[string]string {
	out := map[string]string{}
	top, _ := doc.(map[string]any)
	pages, _ := top["pages"].([]any)
	for pi, p := range pages {
		page, _ := p.(map[string]any)
		n := 0
		var walk func(elements any, ptr string, depth int)
		walk = func(elements any, ptr string, depth int) {
			list, _ := elements.([]any)
			for ei, e := range list {
				el, _ := e.(map[string]any)
				eptr := fmt.Sprintf("%s/%d", ptr, ei)
				if el["type"] == "panel" {
					if depth < maxPanelDepth {
						walk(el["elements"], eptr+"/elements", depth+1)
					}
					continue
				}
				out[fmt.Sprintf("/pages/%d/questions/%d", pi, n)] = eptr
				n++
			}
		}
		walk(page["elements"], fmt.Sprintf("/pages/%d/elements", pi), 0)
	}
	return out
}

// questionAt returns the ID (native) or name (SurveyJS) of the innermost question or
// element the pointer reaches through, or "".
func questionAt(doc any, ptr string) string {
	if ptr == "" || ptr == "/" {
		return ""
	}
	name := ""
	cur := doc
	parts := strings.Split(ptr[1:], "/")
	for i, part := range parts {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		switch v := cur.(type) {
		case map[string]any:
			cur = v[part]
		case []any:
			n, err := strconv.Atoi(part)
			if err != nil || n < 0 || n >= len(v) {
				return name
			}
			cur = v[n]
			if i > 0 && (parts[i-1] == "questions" || parts[i-1] == "elements") {
				if obj, ok := cur.(map[string]any); ok {
					for _, key := range []string{"id", "name"} {
						if s, ok := obj[key].(string); ok && s != "" {
							name = s
							break
						}
					}
				}
			}
		default:
			return name
		}
	}
	return name
}
