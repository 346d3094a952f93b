package questionnaire

import (
	"fmt"
	"sync"
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
	q = q.clone() // the registry's own: a caller changing its questionnaire changes nothing here
	for _, name := range names {
		r.names[normalizeVersion(name)] = q
	}
	r.extra = append(r.extra, q)
	return nil
}

// Version returns the questionnaire a name or alias designates: a registered one, or an
// embedded one (see the package function Version). Like Version, it returns a new copy
// on each call, the caller's own. A name no version has gets an *UnknownVersionError.
func (r *Registry) Version(name string) (*Questionnaire, error) {
	q, err := r.shared(name)
	if err != nil {
		return nil, err
	}
	return q.clone(), nil
}

// Resolve returns the version a name or alias designates, registered or embedded (as
// Version finds it), without copying its questionnaire.
func (r *Registry) Resolve(name string) (version string, ok bool) {
	q, err := r.shared(name)
	if err != nil {
		return "", false
	}
	return q.Version, true
}

// shared returns the registered questionnaire itself, or the embedded original: one
// that must be neither changed nor handed out.
func (r *Registry) shared(name string) (*Questionnaire, error) {
	if r == nil {
		return sharedVersion(name)
	}
	n := normalizeVersion(name)
	r.mu.RLock()
	q, ok := r.names[n]
	r.mu.RUnlock()
	if ok {
		return q, nil
	}
	e, err := loadEmbedded()
	if err != nil {
		return nil, err
	}
	if lv, ok := e.names[n]; ok {
		return lv.load()
	}
	aliases := e.aliases()
	r.mu.RLock()
	for alias, x := range r.names {
		aliases[alias] = x.Version
	}
	r.mu.RUnlock()
	return nil, unknownVersion(name, r.Names(), aliases)
}

// Names returns the names of the embedded versions, oldest first, then those of the
// registered questionnaires, in the order they were registered.
func (r *Registry) Names() []string {
	names := VersionNames()
	if r == nil {
		return names
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, q := range r.extra {
		names = append(names, q.Version)
	}
	return names
}

// Registered returns copies of the registered questionnaires, in the order they were
// registered.
func (r *Registry) Registered() []*Questionnaire {
	if r == nil {
		return nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]*Questionnaire, len(r.extra))
	for i, q := range r.extra {
		out[i] = q.clone()
	}
	return out
}
