package engine

import (
	"slices"
	"strings"
	"sync"

	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/questionnaire"
)

// Questionnaire files: the browser app can load a questionnaire file (the native format
// or the official SurveyJS survey-enfr.json), which the engine then resolves by its
// version name beside the embedded versions, for saved files that name it and for new
// assessments. The page keeps each file in IndexedDB and registers it again at start-up.

// FileInfo describes a questionnaire file the engine read.
type FileInfo struct {
	Version string `json:"version"`
	// Format is "native" or "surveyjs" (the official tool's file).
	Format  string `json:"format"`
	TitleEn string `json:"titleEn"`
	TitleFr string `json:"titleFr"`
	Pages   int    `json:"pages"`
	// Questions counts the questions and information blocks.
	Questions     int `json:"questions"`
	MaxRaw        int `json:"maxRaw"`
	MaxMitigation int `json:"maxMitigation"`
}

var (
	filesMu sync.RWMutex
	// files is every questionnaire registered from a file, in the order registered;
	// registry resolves their names (rebuilt when one is removed: a Registry only
	// grows).
	files    []*questionnaire.Questionnaire
	infos    = map[*questionnaire.Questionnaire]*FileInfo{}
	registry = &questionnaire.Registry{}
)

// CheckFile reads a questionnaire file as Register would, without registering it. A
// SurveyJS file names no version: version names it, and is required; a native file
// keeps its own version, which a non-empty version must match. The name must not be
// that of an embedded version, nor of a file already registered.
func CheckFile(data []byte, version string) (*FileInfo, error) {
	_, info, err := readFile(data, version)
	return info, err
}

// RegisterFile reads a questionnaire file (see CheckFile) and registers it: saved files
// naming its version are then read and scored with it.
func RegisterFile(data []byte, version string) (*FileInfo, error) {
	q, info, err := readFile(data, version)
	if err != nil {
		return nil, err
	}
	filesMu.Lock()
	defer filesMu.Unlock()
	if err := registry.Register(q); err != nil {
		return nil, err
	}
	files = append(files, q)
	infos[q] = info
	return info, nil
}

// UnregisterFile forgets the questionnaire file registered under version (a name or
// alias); it reports whether there was one. Assessments of that version are kept by
// the page, but no longer open until the file is loaded again.
func UnregisterFile(version string) bool {
	filesMu.Lock()
	defer filesMu.Unlock()
	q := registeredLocked(version)
	if q == nil {
		return false
	}
	rest := slices.DeleteFunc(slices.Clone(files), func(x *questionnaire.Questionnaire) bool { return x == q })
	r, err := questionnaire.NewRegistry(rest...)
	if err != nil { // cannot happen: they were all registered together before
		return false
	}
	files, registry = rest, r
	delete(infos, q)
	return true
}

// Registered returns what RegisterFile gave for the questionnaire file registered
// under name, or nil when there is none.
func Registered(name string) *FileInfo {
	filesMu.RLock()
	defer filesMu.RUnlock()
	if q := registeredLocked(name); q != nil {
		return infos[q]
	}
	return nil
}

// FileFormat tells the format of a questionnaire file: "native" or "surveyjs".
func FileFormat(data []byte) (string, error) {
	f, err := questionnaire.DetectFormat(data)
	return string(f), err
}

// registeredLocked returns the questionnaire registered from a file under name, or nil.
func registeredLocked(name string) *questionnaire.Questionnaire {
	if len(files) == 0 || strings.TrimSpace(name) == "" {
		return nil
	}
	version, ok := registry.Resolve(name) // the engine's own questionnaires are in files
	if !ok {
		return nil
	}
	if i := slices.IndexFunc(files, func(f *questionnaire.Questionnaire) bool { return f.Version == version }); i >= 0 {
		return files[i]
	}
	return nil
}

// registered returns the questionnaire registered from a file under name, or nil.
func registered(name string) *questionnaire.Questionnaire {
	filesMu.RLock()
	defer filesMu.RUnlock()
	return registeredLocked(name)
}

// isFile reports whether q was registered from a file.
func isFile(q *questionnaire.Questionnaire) bool {
	filesMu.RLock()
	defer filesMu.RUnlock()
	return slices.Contains(files, q)
}

func readFile(data []byte, version string) (*questionnaire.Questionnaire, *FileInfo, error) {
	if len(data) > MaxFileSize {
		return nil, nil, errTooLarge
	}
	format, err := questionnaire.DetectFormat(data)
	if err != nil {
		return nil, nil, err
	}
	version = strings.TrimSpace(version)
	if format == questionnaire.SurveyJSFormat && version == "" {
		return nil, nil, localize.Errorf("an official SurveyJS file names no version: give it a version name",
			"un fichier SurveyJS officiel ne nomme aucune version\u00a0: donnez-lui un nom de version")
	}
	if version != "" {
		if err := nameFree(version); err != nil {
			return nil, nil, err
		}
	}
	q, err := questionnaire.LoadFile(data, version)
	if err != nil {
		return nil, nil, err
	}
	for _, name := range append([]string{q.Version}, q.Aliases...) {
		if err := nameFree(name); err != nil {
			return nil, nil, err
		}
	}
	return q, &FileInfo{Version: q.Version, Format: string(format), TitleEn: PlainText(q.Title.In(questionnaire.English)),
		TitleFr: PlainText(q.Title.In(questionnaire.French)), Pages: len(q.Pages), Questions: len(q.Questions()),
		MaxRaw: q.MaxRaw(), MaxMitigation: q.MaxMitigation()}, nil
}

// nameFree returns an error when name is that of an embedded version or of a
// questionnaire file already registered.
func nameFree(name string) error {
	if _, err := questionnaire.Version(name); err == nil {
		return localize.Errorf("the version name %q is that of a questionnaire built into the app: choose another",
			"le nom de version «\u00a0%s\u00a0» est celui d’un questionnaire intégré à l’application\u00a0: choisissez-en un autre", name)
	}
	if q := registered(name); q != nil {
		return localize.Errorf("the version name %q is already taken by the questionnaire file of version %s: remove it first",
			"le nom de version «\u00a0%s\u00a0» est déjà pris par le fichier de questionnaire de la version %s\u00a0: retirez-le d’abord", name, q.Version)
	}
	return nil
}

// resolve returns the questionnaire a version name designates: a file's, or an
// embedded one (the engine's own copy, see questionnaireOf). An unknown name gets the
// registry's *questionnaire.UnknownVersionError, which says it in English and French
// and lists the known versions.
func resolve(name string) (*questionnaire.Questionnaire, error) {
	if q := questionnaireOf(name); q != nil {
		return q, nil
	}
	filesMu.RLock()
	r := registry
	filesMu.RUnlock()
	if _, err := r.Version(name); err != nil {
		return nil, err
	}
	// Known to the registry, yet not found a moment before: a file removed meanwhile.
	return nil, &questionnaire.UnknownVersionError{Name: name, Known: r.Names()}
}
