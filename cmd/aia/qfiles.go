package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/gc-aia/aia/internal/richtext"
	"github.com/gc-aia/aia/questionnaire"
)

// questionnaireFlags are --questionnaires DIR, and the questionnaire files a command
// read: they are inputs, which no output may overwrite.
type questionnaireFlags struct {
	dir      string
	versions *questionnaire.Registry // nil: the embedded versions only
	files    []string                // every questionnaire file read
}

const questionnairesUsage = "also know every native questionnaire file (*.json) in `DIR`, by the version it names"

// addQuestionnairesFlag defines --questionnaires DIR.
func addQuestionnairesFlag(c *cobra.Command) *questionnaireFlags {
	qf := &questionnaireFlags{}
	c.Flags().StringVar(&qf.dir, "questionnaires", "", questionnairesUsage)
	c.MarkFlagDirname("questionnaires")
	return qf
}

// load reads --questionnaires DIR into the registry.
func (qf *questionnaireFlags) load() error {
	if qf.dir == "" {
		return nil
	}
	reg, files, err := loadQuestionnaireDir(qf.dir)
	if err != nil {
		return usageError("--questionnaires %s", err)
	}
	qf.versions = reg
	qf.files = append(qf.files, files...)
	return nil
}

// loadQuestionnaireDir reads every *.json file of dir (not below it), each a native
// questionnaire, into a registry beside the embedded versions.
func loadQuestionnaireDir(dir string) (*questionnaire.Registry, []string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", clean(dir), pathError(err))
	}
	reg, _ := questionnaire.NewRegistry()
	var files []string
	for _, entry := range entries {
		path := filepath.Join(dir, entry.Name())
		if !isSavedFileName(path) || isDir(path) {
			continue
		}
		data, err := readQuestionnaireFile(path)
		if err != nil {
			return nil, nil, err
		}
		files = append(files, path)
		format, err := questionnaire.DetectFormat(data)
		if err == nil && format == questionnaire.SurveyJSFormat {
			return nil, nil, fmt.Errorf("%s: a SurveyJS file names no version; import it first (aia questionnaire import --version NAME -o %s FILE), and keep only native files in %s",
				clean(path), clean(filepath.Join(dir, "NAME.json")), clean(dir))
		}
		q, err := questionnaire.LoadFile(data, "")
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", clean(path), err)
		}
		if err := reg.Register(q); err != nil {
			return nil, nil, fmt.Errorf("%s: %v", clean(path), err)
		}
	}
	return reg, files, nil
}

// pathError drops the path an *os.PathError repeats.
func pathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func readQuestionnaireFile(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", clean(path), pathError(err))
	}
	if info.Size() > questionnaire.MaxFileSize {
		return nil, fmt.Errorf("%s: file of %d bytes exceeds the limit of %d", clean(path), info.Size(), questionnaire.MaxFileSize)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", clean(path), pathError(err))
	}
	return data, nil
}

// surveyJSName is the version name a SurveyJS file given in place of a version gets:
// such files name none.
func surveyJSName(path string) string {
	base := filepath.Base(path)
	return "surveyjs:" + strings.TrimSuffix(base, filepath.Ext(base))
}

// choose resolves what a flag or operand names: a version (embedded, or in
// --questionnaires DIR) or, failing that, a questionnaire file, native or SurveyJS,
// told apart by its content. A SurveyJS file is named "surveyjs:BASE" after its file
// name, unless needVersion, when it is refused: what is written must name a real
// version. It returns nil for "".
func (qf *questionnaireFlags) choose(flag, name string, needVersion bool) (*questionnaire.Questionnaire, error) {
	if name == "" {
		return nil, nil
	}
	q, verr := qf.versions.Version(name)
	if verr == nil {
		return q, nil
	}
	info, err := os.Stat(name)
	switch {
	case err != nil && looksLikePath(name):
		return nil, newUsageMessage("notVersionNorFile", flag, clean(name), pathError(err), verr)
	case err != nil:
		return nil, newUsageMessage("notVersion", flag, verr, clean(name))
	case info.IsDir():
		return nil, usageError("%s %s is a directory; name a version or a questionnaire file (for a directory of them, use --questionnaires)", flag, clean(name))
	}
	data, err := readQuestionnaireFile(name)
	if err != nil {
		return nil, usageError("%s %v", flag, err)
	}
	version := ""
	if format, err := questionnaire.DetectFormat(data); err == nil && format == questionnaire.SurveyJSFormat {
		if needVersion {
			return nil, usageError("%s %s: a SurveyJS file names no version, and the files written must name one; import it first: aia questionnaire import --version NAME -o NAME.json %s", flag, clean(name), clean(name))
		}
		version = surveyJSName(name)
	}
	q, err = questionnaire.LoadFile(data, version)
	if err != nil {
		return nil, usageError("%s %s: %v", flag, clean(name), err)
	}
	qf.files = append(qf.files, name)
	return q, nil
}

// looksLikePath reports whether a name can only be a path: version names hold no
// path separator and do not end in ".json".
func looksLikePath(name string) bool {
	return strings.ContainsRune(name, '/') || strings.ContainsRune(name, filepath.Separator) || strings.EqualFold(filepath.Ext(name), ".json")
}

// inputs returns the paths of the operands and of the questionnaire files read, which
// outputs must not overwrite.
func (qf *questionnaireFlags) inputs(paths []string) []string {
	return append(slices.Clone(paths), qf.files...)
}

// known is what a command's outputs look questionnaires up in: the --questionnaire
// override and the known versions.
type known struct {
	versions *questionnaire.Registry
	override *questionnaire.Questionnaire
	copies   *sync.Map // version → its questionnaire: one copy for all the reports naming it
}

func newKnown(versions *questionnaire.Registry, override *questionnaire.Questionnaire) known {
	return known{versions, override, &sync.Map{}}
}

// lookup returns the questionnaire a report names, or nil.
func (k known) lookup(version string) *questionnaire.Questionnaire {
	if k.override != nil && k.override.Version == version {
		return k.override
	}
	if q, ok := k.copies.Load(version); ok {
		return q.(*questionnaire.Questionnaire)
	}
	q, err := k.versions.Version(version)
	if err != nil {
		return nil
	}
	k.copies.Store(version, q)
	return q
}

// extra returns the questionnaires beside the embedded ones: the registered ones and
// an override read from a file.
func (k known) extra() []*questionnaire.Questionnaire {
	out := k.versions.Registered()
	if k.override != nil && !slices.Contains(out, k.override) && !slices.Contains(questionnaire.VersionNames(), k.override.Version) {
		out = append(out, k.override)
	}
	return out
}

// plain renders a questionnaire text (which may hold HTML, as the official files' do)
// on one line of plain text for a terminal: no markup, no control characters.
func plain(s string) string {
	return clean(oneLine(richtext.Plain(s)))
}
