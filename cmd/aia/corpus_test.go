package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gc-aia/aia/questionnaire"
)

// corpus generates saved files shaped like real submissions, deterministically from a
// seed: every embedded questionnaire version, random answers on both phases (hidden
// answers included, since conditions are ignored), free text with accents, quotes,
// backslashes, newlines and long paragraphs, translations, compact and spaced JSON, and
// a few invalid lines. It is the benchmarks' input, never committed data.
type corpus struct {
	rng      *rand.Rand
	versions []*questionnaire.Questionnaire
}

func newCorpus(seed uint64) *corpus {
	return &corpus{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), versions: questionnaire.Versions()}
}

var corpusWords = strings.Fields(`données décision client système évaluation équité modèle règle ministère
	programme prestation admissibilité révision agent « priorité » l’incidence coût délai risque
	the a model reviews files officers decide data quality bias "quoted" back\slash tab	after
	Québec Montréal naïve façon œuvre Ça à côté où — – … 😀 中文 \u2028`)

// text returns free text: a few words to several paragraphs.
func (c *corpus) text() string {
	n := 1 + c.rng.IntN(12)
	if c.rng.IntN(30) == 0 {
		n = 60 + c.rng.IntN(200) // a long paragraph, as descriptions are
	}
	var b strings.Builder
	for i := range n {
		if i > 0 {
			switch c.rng.IntN(40) {
			case 0:
				b.WriteString("\n\n")
			case 1:
				b.WriteString(".\n")
			default:
				b.WriteByte(' ')
			}
		}
		b.WriteString(corpusWords[c.rng.IntN(len(corpusWords))])
	}
	return b.String()
}

// file returns one saved file as a JSON value, not yet encoded.
func (c *corpus) file() map[string]any {
	q := c.versions[c.rng.IntN(len(c.versions))]
	if c.rng.IntN(3) > 0 { // most files use the current version
		q = c.versions[len(c.versions)-1]
	}
	data := map[string]any{}
	translations := map[string]any{}
	for _, x := range q.Questions() {
		if x.Type == questionnaire.Info || c.rng.IntN(20) < 9 {
			continue // unanswered
		}
		switch {
		case x.Type == questionnaire.Multiple && len(x.Choices) > 0:
			var values []string
			for _, ch := range x.Choices {
				if c.rng.IntN(3) == 0 {
					values = append(values, ch.Value)
				}
			}
			if len(values) > 0 {
				data[x.ID] = values
			}
		case x.Type.HasChoices() && len(x.Choices) > 0:
			data[x.ID] = x.Choices[c.rng.IntN(len(x.Choices))].Value
		case !x.Type.HasChoices():
			data[x.ID] = c.text()
			if c.rng.IntN(8) == 0 {
				translations[x.ID] = c.text()
			}
		}
	}
	f := map[string]any{"currentPage": c.rng.IntN(20), "data": data}
	if q.Version != "v0.8a1" || c.rng.IntN(2) == 0 { // the oldest files often name no version
		f["version"] = q.Version
	}
	if len(translations) > 0 {
		f["translationsOnResult"] = map[string]any{"fr": translations}
	}
	return f
}

// jsonLines returns n lines of JSON Lines: compact or spaced files, and about one line
// in 200 that is not a saved file.
func (c *corpus) jsonLines(n int) []byte {
	var out bytes.Buffer
	for range n {
		switch c.rng.IntN(200) {
		case 0:
			out.WriteString(`{"version":"v1.0.1","data":{"projectDetailsPhase":"item1"` + "\n") // truncated
			continue
		case 1:
			out.WriteString("not json at all\n")
			continue
		case 2:
			out.WriteString("{}\n")
			continue
		}
		b, err := json.Marshal(c.file())
		if err != nil {
			panic(err)
		}
		if c.rng.IntN(2) == 0 {
			b = spaced(b)
		}
		out.Write(b)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// spaced writes a compact JSON value with spaces after separators, on one line.
func spaced(compact []byte) []byte {
	var b bytes.Buffer
	if err := json.Indent(&b, compact, "", ""); err != nil {
		panic(fmt.Sprint("spaced: ", err))
	}
	return bytes.ReplaceAll(b.Bytes(), []byte("\n"), []byte(" ")) // raw newlines occur only between tokens
}

// TestWriteCorpus writes the benchmark corpus to $AIA_WRITE_CORPUS (n lines, from
// $AIA_CORPUS_LINES, 20000 by default), to run or profile the binary on it:
//
//	AIA_WRITE_CORPUS=/tmp/corpus.jsonl go test -run WriteCorpus ./cmd/aia/
func TestWriteCorpus(t *testing.T) {
	path := os.Getenv("AIA_WRITE_CORPUS")
	if path == "" {
		t.Skip("set AIA_WRITE_CORPUS to a file name")
	}
	n := 20000
	if s := os.Getenv("AIA_CORPUS_LINES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, newCorpus(2).jsonLines(n), 0o644); err != nil {
		t.Fatal(err)
	}
}
