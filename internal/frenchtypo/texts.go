package frenchtypo

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Text is one bilingual string of a JSON document: an object with string members "en"
// and "fr", found at Path (keys and indexes joined by "/").
type Text struct {
	Path   string
	EN, FR string
}

// Texts returns every bilingual string of the JSON document doc, sorted by path.
func Texts(doc []byte) ([]Text, error) {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return nil, err
	}
	var out []Text
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			en, okEN := v["en"].(string)
			fr, okFR := v["fr"].(string)
			if okEN && okFR {
				out = append(out, Text{Path: path, EN: en, FR: fr})
				return
			}
			for k, x := range v {
				walk(path+"/"+k, x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s/%d", path, i), x)
			}
		}
	}
	walk("", v)
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// EnglishOnly is the marker a French string puts next to a link to a document that
// exists in English only.
const EnglishOnly = "(en anglais seulement)"

// UnmarkedEnglishLinks returns the URLs of s that look like English-only documents
// (an English path or file name: /en/, -eng., -en., _en.) when s lacks the marker
// EnglishOnly.
func UnmarkedEnglishLinks(s string) []string {
	if strings.Contains(s, EnglishOnly) {
		return nil
	}
	var out []string
	for _, sp := range codeSpans(s) {
		u := s[sp[0]:sp[1]]
		if !strings.Contains(u, "/") && !strings.HasPrefix(u, "www.") {
			continue // a placeholder or an entity
		}
		for _, mark := range []string{"/en/", "-eng.", "-en.", "_en.", "lang=en"} {
			if strings.Contains(u, mark) {
				out = append(out, u)
				break
			}
		}
	}
	return out
}
