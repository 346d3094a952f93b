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

// TestTeamModulesLoadOnDemand: team mode's modules (team/, for aia team serve) are not
// loaded nor preloaded by the page, so that the static app's first visit does not grow;
// js/main.js imports team/team.js dynamically; every import of a team module names a
// shipped module by a relative URL.
func TestTeamModulesLoadOnDemand(t *testing.T) {
	team, err := fs.Glob(Files, "team/*.js")
	if err != nil || len(team) == 0 {
		t.Fatalf("no team modules: %v", err)
	}
	modules, _ := fs.Glob(Files, "js/*.js")
	page := readFile(t, "index.html")
	if strings.Contains(page, "team/") {
		t.Error("index.html names a team module: the static app would load it")
	}
	if !strings.Contains(readFile(t, "js/main.js"), "import('../team/team.js')") {
		t.Error("js/main.js does not import team/team.js on demand")
	}
	for _, name := range append(slices.Clone(modules), team...) {
		if name != "js/main.js" && strings.HasPrefix(name, "js/") && strings.Contains(readFile(t, name), "team/") && !strings.Contains(readFile(t, name), "[team]") {
			t.Errorf("%s refers to team/ without a [team] hook mark", name)
		}
	}
	for _, name := range team {
		for _, m := range regexp.MustCompile(`(?m)^import .* from '([^']+)';$`).FindAllStringSubmatch(readFile(t, name), -1) {
			target := strings.TrimPrefix(m[1], "./")
			if strings.HasPrefix(m[1], "../js/") {
				target = strings.TrimPrefix(m[1], "../")
			} else if strings.HasPrefix(m[1], "./") {
				target = "team/" + target
			} else {
				t.Errorf("%s imports %s, not by a relative URL", name, m[1])
				continue
			}
			if !slices.Contains(modules, target) && !slices.Contains(team, target) {
				t.Errorf("%s imports %s, which is not shipped", name, m[1])
			}
		}
	}
}

// TestServiceWorkerLeavesTheTeamAPIAlone: the service worker answers no request for
// api/ or auth/ (the team server's API and sign-in) from its cache, and so never puts
// their responses in Cache Storage (it only ever caches the files it precaches).
func TestServiceWorkerLeavesTheTeamAPIAlone(t *testing.T) {
	sw := readFile(t, "sw.js")
	for _, want := range []string{"rest.startsWith('api/')", "rest.startsWith('auth/')"} {
		if !strings.Contains(sw, want) {
			t.Errorf("sw.js does not skip %s", want)
		}
	}
	if strings.Contains(sw, "cache.put") {
		t.Error("sw.js puts responses in the cache at run time: only the precached files may be cached")
	}
	skip := strings.Index(sw, "rest.startsWith('api/')")
	respond := strings.Index(sw, "event.respondWith")
	if skip < 0 || respond < 0 || skip > respond {
		t.Error("sw.js must return before respondWith for api/ and auth/")
	}
}
