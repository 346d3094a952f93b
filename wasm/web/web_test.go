package web

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPageLoadsEveryModule: the page starts js/main.js and preloads every other module
// (so that the browser fetches them at once instead of one import level at a time),
// with relative URLs, and every module it names is shipped.
func TestPageLoadsEveryModule(t *testing.T) {
	modules, err := fs.Glob(Files, "js/*.js")
	if err != nil {
		t.Fatal(err)
	}
	page := readFile(t, "index.html")
	if !strings.Contains(page, `<script type="module" src="js/main.js"></script>`) {
		t.Error("the page does not start js/main.js as a module")
	}
	var preloaded []string
	for _, m := range regexp.MustCompile(`<link rel="modulepreload" href="([^"]+)">`).FindAllStringSubmatch(page, -1) {
		preloaded = append(preloaded, m[1])
	}
	want := slices.DeleteFunc(slices.Clone(modules), func(m string) bool { return m == "js/main.js" })
	slices.Sort(want)
	slices.Sort(preloaded)
	if diff := cmp.Diff(want, preloaded); diff != "" {
		t.Errorf("modules preloaded by the page (-shipped +preloaded):\n%s", diff)
	}
	// Every import names a shipped module by a relative URL.
	for _, name := range modules {
		for _, m := range regexp.MustCompile(`(?m)^import .* from '([^']+)';$`).FindAllStringSubmatch(readFile(t, name), -1) {
			if !strings.HasPrefix(m[1], "./") || !slices.Contains(modules, "js/"+strings.TrimPrefix(m[1], "./")) {
				t.Errorf("%s imports %s, not a module of the site by a relative URL", name, m[1])
			}
		}
	}
}
