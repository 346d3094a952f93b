//go:build !js

package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BrowserDir returns a new directory for the browser to write to (its profile, its
// downloads), removed when the test ends. Unlike t.TempDir, whose removal fails the
// test when a file appears meanwhile, it retries for a while: Chromium's helper
// processes may still write for a moment after the browser has been stopped.
func BrowserDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "aia-browser-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second)
		for {
			err := os.RemoveAll(dir)
			if err == nil {
				return
			}
			if time.Now().After(deadline) {
				t.Logf("browser directory %s left behind: %v", dir, err)
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	return dir
}

// Start starts Chromium exe headless with its profile in dir (no sandbox, no GPU, no
// QUIC, no background networking), for at most timeout, and returns its context and
// what stops it. A Chromium that does not start skips the test (see SkipOrFail).
func Start(t testing.TB, exe, dir string, timeout time.Duration) (context.Context, func()) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	stop := func() { cancelTimeout(); cancelCtx(); cancelAlloc() }
	if err := chromedp.Do(ctx, chromedp.Sleep(0)); err != nil { // start the browser
		stop()
		SkipOrFail(t, "Chromium %s does not start: %v", exe, err)
	}
	return ctx, stop
}

// Page drives a browser tab for a test, failing the test with what the page shows when
// an action fails.
type Page struct {
	T   testing.TB
	Ctx context.Context
	// Describe says what the page shows, for failure messages; nil says nothing.
	Describe func() string
}

func (p *Page) describe() string {
	if p.Describe == nil {
		return ""
	}
	return p.Describe()
}

// Do runs actions, within 30 seconds.
func (p *Page) Do(actions ...chromedp.Action[chromedp.Void]) {
	p.T.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.T.Fatalf("%v\n%s", err, p.describe())
	}
}

// Eval evaluates a JavaScript expression (awaiting a Promise) and decodes its value.
func Eval[T any](p *Page, expr string) T {
	p.T.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.T.Fatalf("evaluating %.300s: %v\n%s", expr, err, p.describe())
	}
	return v
}

// Poll waits until a JavaScript expression is true, for up to 30 seconds.
func (p *Page) Poll(expr string) {
	p.T.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, 40*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		p.T.Fatalf("waiting for %s: %v\n%s", expr, err, p.describe())
	}
}

// Click clicks the element sel selects once it is visible.
func (p *Page) Click(sel string) {
	p.T.Helper()
	ctx, cancel := context.WithTimeout(p.Ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		p.T.Fatalf("click %s: %v\n%s", sel, err, p.describe())
	}
}

// CheckA11y runs axe-core (its source in axe; "" checks nothing) on the page as it is
// and fails on any violation of WCAG 2.0 and 2.1, levels A and AA, or of axe's best
// practices. state names what the page shows, for the messages.
func (p *Page) CheckA11y(axe, state string) {
	p.T.Helper()
	if axe == "" {
		return
	}
	if !Eval[bool](p, `typeof window.axe === 'object'`) {
		// Runtime.evaluate runs the library as DevTools would, outside the page's
		// Content-Security-Policy, which forbids any script but the app's own.
		if _, err := chromedp.Run(p.Ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
			p.T.Fatalf("loading axe-core: %v", err)
		}
	}
	type result struct {
		Violations []struct {
			ID     string `json:"id"`
			Impact string `json:"impact"`
			Help   string `json:"help"`
			Nodes  []struct {
				Target  []any  `json:"target"`
				Summary string `json:"failureSummary"`
			} `json:"nodes"`
		} `json:"violations"`
	}
	res := Eval[result](p, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})`)
	for _, v := range res.Violations {
		var nodes []string
		for _, n := range v.Nodes {
			target, _ := json.Marshal(n.Target)
			nodes = append(nodes, fmt.Sprintf("%s: %s", target, strings.ReplaceAll(n.Summary, "\n", " ")))
		}
		p.T.Errorf("%s: axe %s (%s): %s\n  %s", state, v.ID, v.Impact, v.Help, strings.Join(nodes, "\n  "))
	}
	if len(res.Violations) == 0 {
		p.T.Logf("%s: no accessibility violation", state)
	}
}

// JS quotes a string for JavaScript.
func JS(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
