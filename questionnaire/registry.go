package questionnaire

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/gc-aia/aia/internal/suggest"
)

// Registry resolves questionnaire version names: the embedded versions, plus the
// questionnaires a program registers (a newly published official release loaded with
// LoadFile, say). A nil *Registry knows the embedded versions only. A Registry is safe
// for concurrent use; there is no global registry.
//
// aia.Options.Versions takes a Registry, so that saved files naming a registered version
// are read and scored with it.
type Registry struct {
	mu    sync.RWMutex
	extra []*Questionnaire
	names map[string]*Questionnaire // versions and aliases, normalized
}

// NewRegistry returns a Registry of the embedded versions and qs, registered in turn.
func NewRegistry(qs ...*Questionnaire) (*Registry, error) {
	r := &Registry{}
	for _, q := range qs {
		if err := r.Register(q); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Register adds a questionnaire loaded with Load, LoadFile or ImportSurveyJS. Its
// version and aliases must not name an embedded version or a questionnaire already
// registered (names compare as Version does: without regard to case, surrounding spaces
// or a leading "v").
func (r *Registry) Register(q *Questionnaire) error {
	if r == nil {
		return fmt.Errorf("questionnaire: Register on a nil Registry")
	}
	if q == nil || q.byID == nil {
		return fmt.Errorf("questionnaire: only a loaded questionnaire can be registered (use Load, LoadFile or ImportSurveyJS)")
	}
	e, err := loadEmbedded()
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.names == nil {
		r.names = map[string]*Questionnaire{}
	}
	names := append([]string{q.Version}, q.Aliases...)
	for _, name := range names {
		n := normalizeVersion(name)
		if n == "" {
			return fmt.Errorf("questionnaire %s: empty alias", q.Version)
		}
		if lv, ok := e.names[n]; ok {
			return fmt.Errorf("questionnaire %s: the name %q is taken by the embedded version %s", q.Version, name, lv.version)
		}
		if other, ok := r.names[n]; ok {
			return fmt.Errorf("questionnaire %s: the name %q is taken by the registered version %s", q.Version, name, other.Version)
		}
	}
	for _, name := range names {
		r.names[normalizeVersion(name)] = q
	}
	r.extra = append(r.extra, q)
	return nil
}

// Version returns the questionnaire a name or alias designates: a registered one, or an
// embedded one (see the package function Version).
func (r *Registry) Version(name string) (*Questionnaire, error) {
	if r != nil {
		r.mu.RLock()
		q, ok := r.names[normalizeVersion(name)]
		n := len(r.extra)
		r.mu.RUnlock()
		if ok {
			return q, nil
		}
		if n == 0 {
			return Version(name)
		}
	} else {
		return Version(name)
	}
	if q, err := Version(name); err == nil {
		return q, nil
	}
	known := r.Names()
	hint := ""
	if near := suggest.Nearest(normalizeVersion(name), lowerAll(known), 2); near != "" {
		hint = fmt.Sprintf("; did you mean %s?", known[slices.Index(lowerAll(known), near)])
	}
	return nil, fmt.Errorf("unknown questionnaire version %q (known: %s)%s", name, strings.Join(known, ", "), hint)
}

func lowerAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = normalizeVersion(n)
	}
	return out
}

// Names returns the names of the embedded versions, oldest first, then those of the
// registered questionnaires, in the order they were registered.
func (r *Registry) Names() []string {
	names := VersionNames()
	for _, q := range r.Registered() {
		names = append(names, q.Version)
	}
	return names
}

// Registered returns the registered questionnaires, in the order they were registered.
func (r *Registry) Registered() []*Questionnaire {
	if r == nil {
		return nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Clone(r.extra)
}
