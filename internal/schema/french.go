//go:build !js

package schema

import (
	"regexp"
	"strings"
)

// frenchMessages translates the validator's messages the module's schemas can give,
// each an English pattern and its French ($1, $2: what the pattern captured).
var frenchMessages = []struct {
	en *regexp.Regexp
	fr string
}{
	{regexp.MustCompile(`^expected (\w+), but got (\w+)$`), "type attendu\u00a0: ${1}, trouvé\u00a0: ${2}"},
	{regexp.MustCompile(`^expected (.+), but got (\w+)$`), "attendu\u00a0: ${1}, trouvé\u00a0: ${2}"},
	{regexp.MustCompile(`^missing properties: (.*)$`), "propriétés manquantes\u00a0: ${1}"},
	{regexp.MustCompile(`^additionalProperties (.*) not allowed$`), "propriétés non permises\u00a0: ${1}"},
	{regexp.MustCompile(`^length must be <= (\d+), but got (\d+)$`), "longueur d’au plus ${1} attendue, trouvé\u00a0: ${2}"},
	{regexp.MustCompile(`^length must be >= (\d+), but got (\d+)$`), "longueur d’au moins ${1} attendue, trouvé\u00a0: ${2}"},
	{regexp.MustCompile(`^must be <= (\S+) but found (\S+)$`), "au plus ${1} attendu, trouvé\u00a0: ${2}"},
	{regexp.MustCompile(`^must be >= (\S+) but found (\S+)$`), "au moins ${1} attendu, trouvé\u00a0: ${2}"},
	{regexp.MustCompile(`^maximum (\d+) items required, but found (\d+) items$`), "au plus ${1} éléments attendus, trouvé\u00a0: ${2}"},
	{regexp.MustCompile(`^minimum (\d+) items required, but found (\d+) items$`), "au moins ${1} éléments attendus, trouvé\u00a0: ${2}"},
	{regexp.MustCompile(`^maximum (\d+) properties allowed, but found (\d+) properties$`), "au plus ${1} propriétés permises, trouvé\u00a0: ${2}"},
	{regexp.MustCompile(`^does not match pattern (.*)$`), "ne correspond pas au motif ${1}"},
	{regexp.MustCompile(`^value must be one of (.*)$`), "valeur attendue parmi ${1}"},
	{regexp.MustCompile(`^items at index (\d+) and (\d+) are equal$`), "les éléments ${1} et ${2} sont identiques"},
	{regexp.MustCompile(`^(anyOf|oneOf|allOf|not|if-then|if-else|const) failed$`), "non conforme (${1})"},
}

// frenchTypes names JSON types in French, as the type messages give them.
var frenchTypes = strings.NewReplacer("string", "chaîne", "object", "objet", "array", "liste",
	"integer", "entier", "number", "nombre", "boolean", "booléen")

// quoted is a name the validator quotes: 'data'.
var quoted = regexp.MustCompile(`'([^']*)'`)

// French translates a problem's message, or returns "" for one it does not know.
func French(message string) string {
	for _, m := range frenchMessages {
		if m.en.MatchString(message) {
			fr := m.en.ReplaceAllString(message, m.fr)
			if strings.HasPrefix(message, "expected ") {
				fr = frenchTypes.Replace(fr)
			}
			return quoted.ReplaceAllString(fr, "«\u00a0${1}\u00a0»") // French quotes, no straight apostrophe
		}
	}
	return ""
}
