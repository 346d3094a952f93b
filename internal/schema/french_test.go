//go:build !js

package schema

import "testing"

func TestFrench(t *testing.T) {
	for en, fr := range map[string]string{
		"expected string, but got object":        "type attendu\u00a0: chaîne, trouvé\u00a0: objet",
		"missing properties: 'data'":             "propriétés manquantes\u00a0: «\u00a0data\u00a0»",
		"additionalProperties 'x' not allowed":   "propriétés non permises\u00a0: «\u00a0x\u00a0»",
		"length must be <= 64, but got 70":       "longueur d’au plus 64 attendue, trouvé\u00a0: 70",
		"must be >= 0 but found -1":              "au moins 0 attendu, trouvé\u00a0: -1",
		"something the table does not translate": "",
	} {
		if got := French(en); got != fr {
			t.Errorf("French(%q) = %q, want %q", en, got, fr)
		}
	}
}
