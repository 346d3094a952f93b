//go:build !js

package team_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/team"
	"github.com/gc-aia/aia/team/storage"
	"github.com/gc-aia/aia/team/storage/storagetest"
)

var ctx = context.Background()

// sample is a real saved file (level I, v1.0.1).
func sample(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "examples", "assessments", "level1-design.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withAnswer returns file with data[id] set to the JSON value v.
func withAnswer(t testing.TB, file []byte, id string, v any) []byte {
	t.Helper()
	var f map[string]any
	if err := json.Unmarshal(file, &f); err != nil {
		t.Fatal(err)
	}
	f["data"].(map[string]any)[id] = v
	b, _ := json.Marshal(f)
	return b
}

// env is a team server on a fresh database, with its clock.
type env struct {
	t     testing.TB
	store storage.Store
	srv   *httptest.Server
	log   *bytes.Buffer
	mu    sync.Mutex
	now   time.Time
	users map[string]string // e-mail → API token
}

func newEnv(t testing.TB, kind string, edit func(*team.Options)) *env {
	t.Helper()
	s, err := storage.Open(ctx, storagetest.Database(t, kind))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	e := &env{t: t, store: s, log: &bytes.Buffer{}, now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), users: map[string]string{}}
	opts := team.Options{Store: s, URL: "http://aia.test/", Log: slog.New(slog.NewJSONHandler(syncWriter{&e.mu, e.log}, nil)),
		Now: func() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return e.now }}
	if edit != nil {
		edit(&opts)
	}
	h, err := team.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

type syncWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (w syncWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(b)
}

func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	e.now = e.now.Add(d)
	e.mu.Unlock()
}

// user creates an account with a password and an API token.
func (e *env) user(email string, admin bool) storage.User {
	e.t.Helper()
	u, _, err := team.AddUser(ctx, e.store, email, admin, "http://aia.test/")
	if err != nil {
		e.t.Fatal(err)
	}
	if err := team.SetPassword(ctx, e.store, u, "a long password "+email); err != nil {
		e.t.Fatal(err)
	}
	_, token, err := team.NewToken(ctx, e.store, u, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	e.users[email] = token
	return u
}

// call makes an API call as the user of email ("" for none) and returns the status and
// the decoded body.
func (e *env) call(email, method, path string, body any) (int, map[string]any, []byte) {
	e.t.Helper()
	status, out, raw := e.callURL(e.srv.URL+"/api/v1/", email, method, path, body)
	if status == 0 {
		e.t.Errorf("%s %s: %s", method, path, raw)
	}
	return status, out, raw
}

// requestBody is the body of a test request: none for nil, raw bytes as they are, any
// other value in JSON.
func requestBody(t testing.TB, body any) io.Reader {
	t.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case []byte:
		return bytes.NewReader(b)
	}
	j, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(j)
}

// callURL makes an API call to the API at base; status 0 and the error when the call
// could not be made.
func (e *env) callURL(base, email, method, path string, body any) (int, map[string]any, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(method, base+path, requestBody(e.t, body))
	if email != "" {
		req.Header.Set("Authorization", "Bearer "+e.users[email])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, []byte(err.Error())
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(raw, &out)
	return resp.StatusCode, out, raw
}

func (e *env) create(email string, file []byte) string {
	e.t.Helper()
	status, out, raw := e.call(email, "POST", "assessments", file)
	if status != http.StatusCreated {
		e.t.Fatalf("create: %d %s", status, raw)
	}
	return out["id"].(string)
}

func (e *env) share(owner, id, email, role string, reviewer bool) {
	e.t.Helper()
	if status, _, raw := e.call(owner, "POST", "assessments/"+id+"/members", map[string]any{"email": email, "role": role, "reviewer": reviewer}); status != http.StatusOK {
		e.t.Fatalf("share with %s: %d %s", email, status, raw)
	}
}

// TestRolesAndActions makes every call on an assessment as each kind of user: members
// with each role, a non-member and an administrator who is not a member.
func TestRolesAndActions(t *testing.T) {
	for _, kind := range storagetest.Databases(t) {
		t.Run(kind, func(t *testing.T) {
			e := newEnv(t, kind, nil)
			for _, u := range []string{"owner@x.ca", "editor@x.ca", "commenter@x.ca", "reader@x.ca", "outsider@x.ca", "extra@x.ca"} {
				e.user(u, false)
			}
			e.user("admin@x.ca", true)
			file := sample(t)
			changed := withAnswer(t, file, "projectDetailsBranch", "Branch B")
			type action struct {
				method, path string
				body         any
				min          string // the least role allowed
			}
			actions := []action{
				{"GET", "", nil, "reader"},
				{"PUT", "", map[string]any{"revision": 1, "file": json.RawMessage(changed)}, "editor"},
				{"DELETE", "", nil, "owner"},
				{"GET", "/members", nil, "reader"},
				{"POST", "/members", map[string]any{"email": "outsider@x.ca", "role": "reader"}, "owner"},
				{"DELETE", "/members/extra@x.ca", nil, "owner"},
				{"GET", "/comments", nil, "reader"},
				{"POST", "/comments", map[string]any{"question": "impact1", "text": "Why?"}, "commenter"},
				{"PATCH", "/comments/{cid}", map[string]any{"resolved": true}, "commenter"},
				{"GET", "/revisions", nil, "reader"},
				{"GET", "/revisions/1", nil, "reader"},
				{"POST", "/revisions/1/restore", nil, "editor"},
				{"GET", "/review", nil, "reader"},
				{"POST", "/review/submit", nil, "owner"},
				{"POST", "/presence", nil, "reader"},
				{"GET", "/audit", nil, "owner"},
			}
			rank := map[string]int{"owner": 4, "editor": 3, "commenter": 2, "reader": 1}
			for _, a := range actions {
				for _, who := range []string{"owner", "editor", "commenter", "reader", "outsider", "admin"} {
					id := e.create("owner@x.ca", file)
					for _, r := range []string{"editor", "commenter", "reader"} {
						e.share("owner@x.ca", id, r+"@x.ca", r, false)
					}
					e.share("owner@x.ca", id, "extra@x.ca", "reader", false)
					_, c, _ := e.call("owner@x.ca", "POST", "assessments/"+id+"/comments", map[string]any{"question": "impact1", "text": "first"})
					path := "assessments/" + id + strings.Replace(a.path, "{cid}", c["id"].(string), 1)
					status, _, raw := e.call(who+"@x.ca", a.method, path, a.body)
					want := http.StatusForbidden
					switch {
					case rank[who] == 0:
						want = http.StatusNotFound // for a non-member the assessment does not exist
					case rank[who] >= rank[a.min]:
						want = 200
					}
					if got := status; !(want == 200 && got >= 200 && got < 300) && got != want {
						t.Errorf("%s %s as %s: %d %s, want %d", a.method, a.path, who, got, raw, want)
					}
				}
			}
			for _, admin := range []struct{ method, path string }{{"GET", "users"}, {"GET", "audit"}, {"PATCH", "users/extra@x.ca"}} {
				for _, who := range []string{"admin", "owner"} {
					status, _, raw := e.call(who+"@x.ca", admin.method, admin.path, map[string]any{})
					if want := map[string]int{"admin": 200, "owner": 403}[who]; status != want {
						t.Errorf("%s %s as %s: %d %s, want %d", admin.method, admin.path, who, status, raw, want)
					}
				}
			}
		})
	}
}

// client is a browser: a cookie jar and the CSRF token of its session.
type client struct {
	e    *env
	http *http.Client
	csrf string
}

func (e *env) browser() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar}}
}

func (c *client) do(method, path string, body any, csrf bool) (int, map[string]any) {
	c.e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, ok := body.([]byte)
		if !ok {
			b, _ = json.Marshal(body)
		}
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.e.srv.URL+"/api/v1/"+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if csrf {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func (c *client) signIn(email, password string) int {
	status, out := c.do("POST", "session", map[string]string{"email": email, "password": password}, false)
	if status == http.StatusOK {
		c.csrf = out["csrf"].(string)
	}
	return status
}

func TestSessionsAndCSRF(t *testing.T) {
	e := newEnv(t, "sqlite", nil)
	e.user("ana@x.ca", false)
	b := e.browser()
	if status := b.signIn("ana@x.ca", "a long password ana@x.ca"); status != http.StatusOK {
		t.Fatalf("sign-in: %d", status)
	}
	u, _ := neturl.Parse(e.srv.URL)
	var cookie *http.Cookie
	for _, c := range b.http.Jar.Cookies(u) {
		cookie = c
	}
	if cookie == nil || cookie.Name != "aia_session" {
		t.Fatalf("no session cookie: %v", b.http.Jar.Cookies(u))
	}
	// The jar hides the attributes: read them from a sign-in response.
	resp, _ := http.Post(e.srv.URL+"/api/v1/session", "application/json", strings.NewReader(`{"email":"ana@x.ca","password":"a long password ana@x.ca"}`))
	resp.Body.Close()
	set := resp.Header.Get("Set-Cookie")
	for _, attr := range []string{"HttpOnly", "SameSite=Strict", "Path=/"} {
		if !strings.Contains(set, attr) {
			t.Errorf("session cookie %q lacks %s", set, attr)
		}
	}
	if strings.Contains(set, "Secure") {
		t.Errorf("session cookie %q is Secure over plain HTTP", set)
	}

	resp, _ = http.Post(e.srv.URL+"/api/v1/session", "text/plain", strings.NewReader(`{"email":"ana@x.ca","password":"a long password ana@x.ca"}`))
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType || resp.Header.Get("Set-Cookie") != "" {
		t.Fatalf("a sign-in a cross-site form could send (text/plain): %d", resp.StatusCode)
	}
	if status, out := b.do("GET", "session", nil, false); status != 200 || out["email"] != "ana@x.ca" {
		t.Fatalf("GET session: %d %v", status, out)
	}
	if status, out := b.do("POST", "assessments", sample(t), false); status != http.StatusForbidden || !strings.Contains(out["error"].(string), "X-CSRF-Token") {
		t.Fatalf("a state change without the CSRF token: %d %v", status, out)
	}
	if status, _ := b.do("POST", "assessments", sample(t), true); status != http.StatusCreated {
		t.Fatalf("with the CSRF token: %d", status)
	}

	other := e.browser()
	other.signIn("ana@x.ca", "a long password ana@x.ca")
	if status, _ := b.do("DELETE", "sessions", nil, true); status != http.StatusNoContent {
		t.Fatalf("sign out everywhere: %d", status)
	}
	for name, c := range map[string]*client{"this browser": b, "another browser": other} {
		if status, _ := c.do("GET", "session", nil, false); status != http.StatusUnauthorized {
			t.Errorf("%s after signing out everywhere: %d", name, status)
		}
	}
	if status, _, _ := e.call("ana@x.ca", "GET", "assessments", nil); status != 200 {
		t.Errorf("an API token after signing out everywhere: %d (tokens are revoked one by one)", status)
	}

	secure := newEnv(t, "sqlite", func(o *team.Options) { o.URL = "https://aia.example.gc.ca/" })
	secure.user("ana@x.ca", false)
	resp, _ = http.Post(secure.srv.URL+"/api/v1/session", "application/json", strings.NewReader(`{"email":"ana@x.ca","password":"a long password ana@x.ca"}`))
	resp.Body.Close()
	if set := resp.Header.Get("Set-Cookie"); !strings.Contains(set, "Secure") {
		t.Errorf("behind an https URL the cookie %q is not Secure", set)
	}
}

func TestSignInIsRateLimited(t *testing.T) {
	e := newEnv(t, "sqlite", nil)
	e.user("ana@x.ca", false)
	b := e.browser()
	for i := range 10 {
		if status := b.signIn("ana@x.ca", fmt.Sprint("wrong ", i)); status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, status)
		}
	}
	resp, _ := http.Post(e.srv.URL+"/api/v1/session", "application/json", strings.NewReader(`{"email":"ana@x.ca","password":"a long password ana@x.ca"}`))
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("after 10 failures, the right password: %d (Retry-After %q), want 429", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	e.advance(16 * time.Minute)
	if status := b.signIn("ana@x.ca", "a long password ana@x.ca"); status != http.StatusOK {
		t.Fatalf("after the window: %d", status)
	}
	if status := b.signIn("nobody@x.ca", "whatever password"); status != http.StatusUnauthorized {
		t.Fatalf("unknown account: %d", status)
	}
}

func TestInvitation(t *testing.T) {
	e := newEnv(t, "sqlite", nil)
	_, link, err := team.AddUser(ctx, e.store, " Bo@X.ca ", false, "http://aia.test/tools/aia")
	if err != nil {
		t.Fatal(err)
	}
	base, secret, ok := strings.Cut(link, "#invitation=")
	if !ok || base != "http://aia.test/tools/aia/" {
		t.Fatalf("invitation link %q", link)
	}
	b := e.browser()
	if status, out := b.do("POST", "invitations", map[string]string{"invitation": secret, "password": "short"}, false); status != 400 || out["field"] != "password" {
		t.Fatalf("a short password: %d %v", status, out)
	}
	if status, out := b.do("POST", "invitations", map[string]string{"invitation": secret, "password": "twelve chars or more"}, false); status != 200 || out["email"] != "bo@x.ca" {
		t.Fatalf("accepting: %d %v", status, out)
	}
	if status, _ := b.do("GET", "session", nil, false); status != 200 {
		t.Fatalf("signed in after accepting: %d", status)
	}
	if status, out := b.do("POST", "invitations", map[string]string{"invitation": secret, "password": "another long one"}, false); status != 400 || out["field"] != "invitation" {
		t.Fatalf("an invitation used twice: %d %v", status, out)
	}
	if status := e.browser().signIn("bo@x.ca", "twelve chars or more"); status != 200 {
		t.Fatalf("signing in with the new password: %d", status)
	}
}

func TestRevisionsConflictsAndRestore(t *testing.T) {
	e := newEnv(t, "sqlite", nil)
	e.user("ana@x.ca", false)
	file := sample(t)
	id := e.create("ana@x.ca", file)
	v2 := withAnswer(t, file, "projectDetailsBranch", "Branch 2")
	if status, out, raw := e.call("ana@x.ca", "PUT", "assessments/"+id, map[string]any{"revision": 1, "file": json.RawMessage(v2)}); status != 200 || out["revision"] != 2.0 {
		t.Fatalf("PUT: %d %s", status, raw)
	}
	status, out, _ := e.call("ana@x.ca", "PUT", "assessments/"+id, map[string]any{"revision": 1, "file": json.RawMessage(file)})
	if status != http.StatusConflict || out["revision"] != 2.0 || out["field"] != "revision" {
		t.Fatalf("a stale PUT: %d %v, want 409 with revision 2", status, out)
	}
	status, out, _ = e.call("ana@x.ca", "GET", "assessments/"+id, nil)
	report := out["report"].(map[string]any)
	if status != 200 || out["revision"] != 2.0 || report["level"] != 1.0 || report["questionnaire"] != "v1.0.1" {
		t.Fatalf("GET: %d revision %v report %v", status, out["revision"], report)
	}
	if got := out["file"].(map[string]any)["data"].(map[string]any)["projectDetailsBranch"]; got != "Branch 2" {
		t.Fatalf("the file's answer: %v", got)
	}
	if status, out, raw := e.call("ana@x.ca", "POST", "assessments/"+id+"/revisions/1/restore", nil); status != 200 || out["revision"] != 3.0 {
		t.Fatalf("restore: %d %s", status, raw)
	}
	_, r3, _ := e.call("ana@x.ca", "GET", "assessments/"+id+"/revisions/3", nil)
	_, r1, _ := e.call("ana@x.ca", "GET", "assessments/"+id+"/revisions/1", nil)
	if diff := cmp.Diff(r1["file"], r3["file"]); diff != "" {
		t.Fatalf("revision 3 restores revision 1 (-1 +3):\n%s", diff)
	}
	_, _, raw := e.call("ana@x.ca", "GET", "assessments/"+id+"/revisions", nil)
	var list []map[string]any
	json.Unmarshal(raw, &list)
	if len(list) != 3 || list[0]["n"] != 3.0 || list[0]["restoredFrom"] != 1.0 || list[0]["author"] != "ana@x.ca" {
		t.Fatalf("revisions: %s", raw)
	}
	if status, _, _ := e.call("ana@x.ca", "GET", "assessments/"+id+"/revisions/9", nil); status != 404 {
		t.Fatalf("a missing revision: %d", status)
	}
}

// TestConcurrentEditorsOverHTTP: 50 editors save one assessment at once; each retries on
// 409 after fetching the latest revision. No update is lost.
func TestConcurrentEditorsOverHTTP(t *testing.T) {
	for _, kind := range storagetest.Databases(t) {
		t.Run(kind, func(t *testing.T) {
			e := newEnv(t, kind, nil)
			e.user("ana@x.ca", false)
			file := sample(t)
			id := e.create("ana@x.ca", file)
			const editors = 50
			var wg sync.WaitGroup
			var mu sync.Mutex
			conflicts := 0
			for i := range editors {
				wg.Add(1)
				go func() {
					defer wg.Done()
					mine := withAnswer(t, file, "projectDetailsBranch", fmt.Sprint("editor ", i))
					for {
						_, cur, _ := e.call("ana@x.ca", "GET", "assessments/"+id, nil)
						status, _, raw := e.call("ana@x.ca", "PUT", "assessments/"+id, map[string]any{"revision": cur["revision"], "file": json.RawMessage(mine)})
						if status == http.StatusConflict {
							mu.Lock()
							conflicts++
							mu.Unlock()
							time.Sleep(time.Duration(rand.IntN(20)) * time.Millisecond) // as a real client backs off
							continue
						}
						if status != 200 {
							t.Errorf("editor %d: %d %s", i, status, raw)
						}
						return
					}
				}()
			}
			wg.Wait()
			seen := map[string]bool{}
			for n := 2; n <= editors+1; n++ {
				_, r, _ := e.call("ana@x.ca", "GET", fmt.Sprintf("assessments/%s/revisions/%d", id, n), nil)
				seen[r["file"].(map[string]any)["data"].(map[string]any)["projectDetailsBranch"].(string)] = true
			}
			t.Logf("%d editors over HTTP: %d distinct revisions, %d conflicts answered 409 and retried", editors, len(seen), conflicts)
			if len(seen) != editors {
				t.Fatalf("%d of %d updates are in the revisions", len(seen), editors)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	e := newEnv(t, "sqlite", nil)
	e.user("ana@x.ca", false)
	id := e.create("ana@x.ca", sample(t))
	for _, c := range []struct {
		name, method, path string
		body               any
		status             int
		field              string
	}{
		{"not JSON", "POST", "assessments", []byte("not json"), 400, ""},
		{"no data", "POST", "assessments", []byte(`{"version":"v1.0.1"}`), 400, "/"},
		{"an answer of the wrong type", "POST", "assessments", []byte(`{"version":"v1.0.1","data":{"impact1":{"x":1}}}`), 400, "/data/impact1"},
		{"an unknown version", "POST", "assessments", []byte(`{"version":"v9.9","data":{}}`), 400, "/version"},
		{"latin-1", "POST", "assessments", []byte("{\"data\":{\"t\":\"caf\xe9\"}}"), 400, ""},
		{"no revision", "PUT", "assessments/" + id, map[string]any{"file": json.RawMessage(sample(t))}, 400, "revision"},
		{"an unknown field", "PUT", "assessments/" + id, map[string]any{"revision": 1, "file": json.RawMessage(sample(t)), "x": 1}, 400, "x"},
		{"a file of the wrong type", "PUT", "assessments/" + id, map[string]any{"revision": 1, "file": json.RawMessage(`{"data":[]}`)}, 400, "/file/data"},
		{"a role that does not exist", "POST", "assessments/" + id + "/members", map[string]any{"email": "ana@x.ca", "role": "boss"}, 400, "role"},
		{"an empty comment", "POST", "assessments/" + id + "/comments", map[string]any{"question": "impact1", "text": "  "}, 400, "text"},
		{"too large", "POST", "assessments", bytes.Repeat([]byte(" "), team.MaxBodySize+1), 413, ""},
		{"an unknown call", "GET", "nothing", nil, 404, ""},
	} {
		status, out, raw := e.call("ana@x.ca", c.method, c.path, c.body)
		if status != c.status || (c.field != "" && out["field"] != c.field) || out["error"] == nil || out["errorFr"] == nil {
			t.Errorf("%s: %d %.300s, want %d with field %q, error and errorFr", c.name, status, raw, c.status, c.field)
		}
		for _, leak := range []string{"SQL", "sqlite", "goroutine", "panic", "pgx"} {
			if strings.Contains(string(raw), leak) {
				t.Errorf("%s: the response mentions %q: %s", c.name, leak, raw)
			}
		}
	}
}

func TestReviewFlow(t *testing.T) {
	e := newEnv(t, "sqlite", nil)
	e.user("owner@x.ca", false)
	e.user("rev@x.ca", false)
	e.user("editor@x.ca", false)
	file := sample(t)
	id := e.create("owner@x.ca", file)
	e.share("owner@x.ca", id, "rev@x.ca", "commenter", true)
	e.share("owner@x.ca", id, "editor@x.ca", "editor", false)
	_, got, _ := e.call("owner@x.ca", "GET", "assessments/"+id, nil)
	sections := got["report"].(map[string]any)["sections"].([]any)
	first := sections[0].(map[string]any)["id"].(string)

	if status, _, _ := e.call("rev@x.ca", "PUT", "assessments/"+id+"/review/sections/"+first, map[string]any{"status": "accepted"}); status != http.StatusConflict {
		t.Fatalf("a review before submission: %d", status)
	}
	if status, _, _ := e.call("editor@x.ca", "POST", "assessments/"+id+"/review/submit", nil); status != http.StatusForbidden {
		t.Fatalf("an editor submits: %d", status)
	}
	if status, _, _ := e.call("owner@x.ca", "POST", "assessments/"+id+"/review/submit", nil); status != 200 {
		t.Fatalf("submit: %d", status)
	}
	if status, _, _ := e.call("editor@x.ca", "PUT", "assessments/"+id+"/review/sections/"+first, map[string]any{"status": "accepted"}); status != http.StatusForbidden {
		t.Fatalf("a member without the reviewer flag reviews: %d", status)
	}
	if status, _, _ := e.call("rev@x.ca", "PUT", "assessments/"+id+"/review/sections/nope", map[string]any{"status": "accepted"}); status != http.StatusNotFound {
		t.Fatalf("an unknown section: %d", status)
	}
	if status, out, _ := e.call("rev@x.ca", "PUT", "assessments/"+id+"/review/sections/"+first, map[string]any{"status": "changes-needed", "comment": "Say which data."}); status != 200 || out["review"] != "changes-wanted" {
		t.Fatalf("changes needed: %d %v", status, out)
	}
	if status, _, _ := e.call("rev@x.ca", "POST", "assessments/"+id+"/review/approve", nil); status != http.StatusConflict {
		t.Fatalf("approving with a section needing changes: %d", status)
	}
	e.call("rev@x.ca", "PUT", "assessments/"+id+"/review/sections/"+first, map[string]any{"status": "accepted"})
	e.advance(time.Hour)
	status, out, _ := e.call("rev@x.ca", "POST", "assessments/"+id+"/review/approve", nil)
	if status != 200 || out["approvedBy"] != "rev@x.ca" || out["approvedAt"] != "2026-11-30T10:00:00Z" {
		t.Fatalf("approve: %d %v", status, out)
	}
	_, _, raw := e.call("owner@x.ca", "GET", "assessments", nil)
	var list []map[string]any
	json.Unmarshal(raw, &list)
	if list[0]["review"] != "approved" || list[0]["approvedBy"] != "rev@x.ca" {
		t.Fatalf("the list: %s", raw)
	}
	e.call("editor@x.ca", "PUT", "assessments/"+id, map[string]any{"revision": 1, "file": json.RawMessage(withAnswer(t, file, "projectDetailsBranch", "B"))})
	if _, out, _ := e.call("owner@x.ca", "GET", "assessments/"+id+"/review", nil); out["status"] != "draft" {
		t.Fatalf("after a change to an approved assessment: %v", out)
	}
}

// TestAuditAndLogs: the audit log records who did what, owners read their assessment's
// and admins all of it, and the server's log never holds answer or comment text.
func TestAuditAndLogs(t *testing.T) {
	e := newEnv(t, "sqlite", nil)
	e.user("owner@x.ca", false)
	e.user("bo@x.ca", false)
	e.user("admin@x.ca", true)
	const secret = "Confidential-answer-7431"
	file := withAnswer(t, sample(t), "projectDetailsTitle", secret)
	e.browser().signIn("owner@x.ca", "a long password owner@x.ca")
	id := e.create("owner@x.ca", file)
	e.share("owner@x.ca", id, "bo@x.ca", "editor", false)
	e.call("bo@x.ca", "PUT", "assessments/"+id, map[string]any{"revision": 1, "file": json.RawMessage(withAnswer(t, file, "impact1", secret))})
	e.call("bo@x.ca", "POST", "assessments/"+id+"/comments", map[string]any{"question": "impact1", "text": secret})
	e.call("owner@x.ca", "POST", "assessments/"+id+"/review/submit", nil)

	_, _, raw := e.call("owner@x.ca", "GET", "assessments/"+id+"/audit", nil)
	var events []map[string]any
	json.Unmarshal(raw, &events)
	var got []string
	for _, ev := range events {
		got = append(got, ev["actor"].(string)+" "+ev["action"].(string))
	}
	want := []string{"owner@x.ca review-submitted", "bo@x.ca comment", "bo@x.ca revision", "owner@x.ca share", "owner@x.ca create"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("the assessment's audit log, newest first (-want +got):\n%s", diff)
	}
	if status, _, _ := e.call("bo@x.ca", "GET", "assessments/"+id+"/audit", nil); status != http.StatusForbidden {
		t.Fatalf("an editor reads the audit log: %d", status)
	}
	e.call("owner@x.ca", "DELETE", "assessments/"+id, nil)
	_, _, raw = e.call("admin@x.ca", "GET", "audit", nil)
	for _, action := range []string{`"sign-in"`, `"delete"`, `"share"`, `"revision"`, `"comment"`, `"review-submitted"`} {
		if !strings.Contains(string(raw), action) {
			t.Errorf("the admin's audit log lacks %s: %s", action, raw)
		}
	}
	if status, _, _ := e.call("admin@x.ca", "GET", "assessments/"+id, nil); status != http.StatusNotFound {
		t.Errorf("an admin reads content: %d", status)
	}
	for name, text := range map[string]string{"the server's log": e.log.String(), "the audit log": string(raw)} {
		if strings.Contains(text, secret) {
			t.Errorf("%s holds answer or comment text", name)
		}
	}
	if !strings.Contains(e.log.String(), `"route":"PUT /api/v1/assessments/{id}"`) {
		t.Errorf("the log does not name the routes: %.500s", e.log.String())
	}
}

func TestLastOwnerAndMembers(t *testing.T) {
	e := newEnv(t, "sqlite", nil)
	e.user("ana@x.ca", false)
	e.user("bo@x.ca", false)
	id := e.create("ana@x.ca", sample(t))
	if status, out, _ := e.call("ana@x.ca", "POST", "assessments/"+id+"/members", map[string]any{"email": "nobody@x.ca", "role": "reader"}); status != 400 || out["field"] != "email" {
		t.Fatalf("sharing with no account: %d %v", status, out)
	}
	if status, _, _ := e.call("ana@x.ca", "DELETE", "assessments/"+id+"/members/ana@x.ca", nil); status != http.StatusConflict {
		t.Fatalf("removing the last owner: %d", status)
	}
	e.share("ana@x.ca", id, "BO@x.ca", "owner", false)
	if status, _, _ := e.call("bo@x.ca", "DELETE", "assessments/"+id+"/members/ana@x.ca", nil); status != http.StatusNoContent {
		t.Fatalf("an owner removes another: %d", status)
	}
	if status, _, _ := e.call("ana@x.ca", "GET", "assessments/"+id, nil); status != http.StatusNotFound {
		t.Fatalf("a removed member reads: %d", status)
	}
	_, _, raw := e.call("bo@x.ca", "GET", "assessments/"+id+"/members", nil)
	if !strings.Contains(string(raw), `"email":"bo@x.ca","role":"owner"`) || strings.Contains(string(raw), "ana@") {
		t.Fatalf("members: %s", raw)
	}
}

func TestPresence(t *testing.T) {
	e := newEnv(t, "sqlite", nil)
	e.user("ana@x.ca", false)
	e.user("bo@x.ca", false)
	id := e.create("ana@x.ca", sample(t))
	e.share("ana@x.ca", id, "bo@x.ca", "reader", false)
	e.call("ana@x.ca", "POST", "assessments/"+id+"/presence", nil)
	if _, out, _ := e.call("bo@x.ca", "POST", "assessments/"+id+"/presence", nil); fmt.Sprint(out["others"]) != "[ana@x.ca]" {
		t.Fatalf("bo sees %v", out["others"])
	}
	e.advance(team.PresenceWindow + time.Second)
	if _, out, _ := e.call("bo@x.ca", "POST", "assessments/"+id+"/presence", nil); fmt.Sprint(out["others"]) != "[]" {
		t.Fatalf("after ana left, bo sees %v", out["others"])
	}
}
