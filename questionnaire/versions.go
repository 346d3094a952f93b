package questionnaire

import (
	"embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/internal/shared"
)

// The structure of each official version (IDs, values, weights, kinds, conditions, page
// order) is generated from the official files; the wording is the project's own.
//go:generate go run ./internal/gen -reference ../../shared/reference/aia-eia-js -out data/structure

//go:embed data
var dataFS embed.FS

// Current is the version of the questionnaire in force.
const Current = "v1.0.1"

// wording is the project's own EN/FR text of the questionnaire, keyed by page ID and by
// question ID ("page/ID" for information blocks, whose IDs repeat).
type wording struct {
	Pages map[string]Text `json:"pages"`
	Items map[string]struct {
		Title   Text            `json:"title"`
		Help    Text            `json:"help"`
		Choices map[string]Text `json:"choices"`
	} `json:"items"`
}

// versionIndex is data/structure/index.json: the embedded versions, oldest first, with
// the names saved files give them. It lets a version load only when first asked for.
type versionIndex []struct {
	Version   string   `json:"version"`
	Aliases   []string `json:"aliases"`
	Directive string   `json:"directive"`
}

// embedded is the set of embedded versions; each loads on first use.
type embedded struct {
	list  []*lazyVersion
	names map[string]*lazyVersion // versions and aliases, normalized
}

type lazyVersion struct {
	version string
	load    func() (*Questionnaire, error)
}

var loadWording = sync.OnceValues(func() (*wording, error) {
	raw, err := dataFS.ReadFile("data/wording.json")
	if err != nil {
		return nil, err
	}
	var w wording
	if err := jsoncodec.Unmarshal(raw, &w); err != nil {
		return nil, fmt.Errorf("questionnaire: embedded wording: %w", err)
	}
	return &w, nil
})

var loadEmbedded = sync.OnceValues(func() (*embedded, error) {
	raw, err := dataFS.ReadFile("data/structure/index.json")
	if err != nil {
		return nil, err
	}
	var index versionIndex
	if err := jsoncodec.Unmarshal(raw, &index); err != nil {
		return nil, fmt.Errorf("questionnaire: embedded index: %w", err)
	}
	e := &embedded{names: map[string]*lazyVersion{}}
	for _, entry := range index {
		file := "data/structure/" + entry.Version + ".json"
		lv := &lazyVersion{version: entry.Version, load: sync.OnceValues(func() (*Questionnaire, error) {
			data, err := dataFS.ReadFile(file)
			if err != nil {
				return nil, err
			}
			q, err := loadChecked(data)
			if err != nil {
				return nil, fmt.Errorf("embedded %s: %w", file, err)
			}
			w, err := loadWording()
			if err != nil {
				return nil, err
			}
			w.apply(q)
			return q, nil
		})}
		e.list = append(e.list, lv)
		for _, name := range append([]string{entry.Version}, entry.Aliases...) {
			e.names[normalizeVersion(name)] = lv
		}
	}
	return e, nil
})

// apply gives q the project's wording; questions the wording does not know (older
// versions only) get a neutral label: their ID, and their values for choices.
func (w *wording) apply(q *Questionnaire) {
	q.Title = Text{EN: "Algorithmic Impact Assessment " + q.Version, FR: "Évaluation de l’incidence algorithmique " + q.Version}
	for _, p := range q.Pages {
		p.Title = w.Pages[p.ID]
		if p.Title.IsZero() {
			p.Title = Text{EN: p.ID, FR: p.ID}
		}
		for _, x := range p.Questions {
			key := x.ID
			if x.Type == Info {
				key = p.ID + "/" + x.ID
			}
			item, ok := w.Items[key]
			x.Title, x.Help = item.Title, item.Help
			if !ok || x.Title.IsZero() {
				x.Title = Text{EN: x.ID, FR: x.ID}
			}
			for i := range x.Choices {
				c := &x.Choices[i]
				c.Text = item.Choices[c.Value]
				if c.Text.IsZero() {
					c.Text = Text{EN: c.Value, FR: c.Value}
				}
			}
		}
	}
}

func init() {
	shared.Version = func(versions any, name string) (any, error) {
		r, _ := versions.(*Registry) // nil: the embedded versions only
		return r.shared(name)
	}
}

// Version returns the embedded questionnaire of a version, by its name ("v1.0.1") or
// an alias saved files use ("v0.8", "0.10.0", …). Names are matched without regard to
// case, surrounding spaces or a missing leading "v". Each call returns a new copy, the
// caller's own: changing it changes nothing for other callers.
func Version(name string) (*Questionnaire, error) {
	q, err := sharedVersion(name)
	if err != nil {
		return nil, err
	}
	return q.clone(), nil
}

// sharedVersion returns the one loaded questionnaire of a version, which must not be
// changed.
func sharedVersion(name string) (*Questionnaire, error) {
	e, err := loadEmbedded()
	if err != nil {
		return nil, err
	}
	if lv, ok := e.names[normalizeVersion(name)]; ok {
		return lv.load()
	}
	return nil, unknownVersion(name, VersionNames(), e.aliases())
}

// aliases maps every normalized name and alias of the embedded versions to its version.
func (e *embedded) aliases() map[string]string {
	out := make(map[string]string, len(e.names))
	for alias, lv := range e.names {
		out[alias] = lv.version
	}
	return out
}

// unknownVersion is the error for a name none of known has, suggesting the version whose
// name or alias (normalized, in aliases) is at most two edits away.
func unknownVersion(name string, known []string, aliases map[string]string) *UnknownVersionError {
	err := &UnknownVersionError{Name: name, Known: known}
	best := 3
	for alias, version := range aliases {
		if d := editDistance(normalizeVersion(name), alias); d < best || d == best && version > err.Suggestion {
			err.Suggestion, best = version, d
		}
	}
	return err
}

// UnknownVersionError is the error of Version, and of Registry.Version, for a name no
// known version has.
type UnknownVersionError struct {
	Name       string   // the name asked for
	Known      []string // the known versions: the embedded ones, oldest first, then those registered
	Suggestion string   // the version the name is closest to, or ""
}

func (e *UnknownVersionError) Error() string { return e.In(English) }

// In returns the error in a language.
func (e *UnknownVersionError) In(lang Lang) string {
	if lang == French {
		msg := fmt.Sprintf("version du questionnaire inconnue «\u00a0%s\u00a0» (versions connues\u00a0: %s)", e.Name, strings.Join(e.Known, ", "))
		if e.Suggestion != "" {
			msg += fmt.Sprintf("\u202f; vouliez-vous dire %s\u202f?", e.Suggestion)
		}
		return msg
	}
	msg := fmt.Sprintf("unknown questionnaire version %q (known: %s)", e.Name, strings.Join(e.Known, ", "))
	if e.Suggestion != "" {
		msg += fmt.Sprintf("; did you mean %s?", e.Suggestion)
	}
	return msg
}

// VersionNames returns the names of the embedded versions, oldest first, without
// loading them.
func VersionNames() []string {
	e, err := loadEmbedded()
	if err != nil {
		return nil
	}
	names := make([]string, len(e.list))
	for i, lv := range e.list {
		names[i] = lv.version
	}
	return names
}

// Versions returns every embedded questionnaire, oldest first, each a new copy as
// Version returns.
func Versions() []*Questionnaire {
	e, err := loadEmbedded()
	if err != nil {
		return nil
	}
	var out []*Questionnaire
	for _, lv := range e.list {
		if q, err := lv.load(); err == nil {
			out = append(out, q.clone())
		}
	}
	return out
}

// clone returns a deep copy of a built questionnaire, built: its derived state is
// copied, and its parsed conditions, which nothing changes, are shared.
func (q *Questionnaire) clone() *Questionnaire {
	c := *q
	c.Aliases = slices.Clone(q.Aliases)
	nc := 0
	for _, x := range q.questions {
		nc += len(x.Choices)
	}
	// One allocation each for the pages, the questions and the choices.
	pages := make([]Page, len(q.pages))
	questions := make([]Question, len(q.questions))
	choices := make([]Choice, 0, nc)
	ptrs := make([]*Question, 2*len(q.questions)) // c.questions, then the pages' lists
	c.questions = ptrs[:len(q.questions):len(q.questions)]
	c.byID = make(map[string]*Question, len(q.byID))
	for i, x := range q.questions {
		questions[i] = *x
		cx := &questions[i]
		start := len(choices)
		choices = append(choices, x.Choices...)
		cx.Choices = choices[start:len(choices):len(choices)]
		if x.Choices == nil {
			cx.Choices = nil
		}
		c.questions[i] = cx
		if q.byID[x.ID] == x {
			c.byID[x.ID] = cx
		}
	}
	lists := ptrs[len(q.questions):]
	c.pages = make([]*Page, len(q.pages))
	for pi, p := range q.pages {
		pages[pi] = *p
		cp := &pages[pi]
		n := len(p.questions)
		cp.questions = lists[:n:n]
		lists = lists[n:]
		for i, x := range p.questions {
			cp.questions[i] = c.questions[x.index]
		}
		cp.Questions = slices.Clone(cp.questions)
		c.pages[pi] = cp
	}
	c.Pages = slices.Clone(c.pages)
	return &c
}

func normalizeVersion(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s != "" && s[0] != 'v' {
		s = "v" + s
	}
	return s
}

// nearest returns the ID of the answerable question closest to id (at most two edits
// away), or "" when there is none: a hint for misspelled IDs.
func (q *Questionnaire) nearest(id string) string {
	best, bestD := "", 3
	for _, x := range q.questions {
		if x.Type == Info || abs(len(x.ID)-len(id)) >= bestD {
			continue
		}
		if d := editDistance(id, x.ID); d < bestD {
			best, bestD = x.ID, d
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
