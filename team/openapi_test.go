//go:build !js

package team_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/record"
	"github.com/gc-aia/aia/team"
	"github.com/gc-aia/aia/team/storage"
)

// The OpenAPI document's base: every path in it is relative to the server URL /api/v1.
const oaBase = "/api/v1"

var oaMethods = []string{"get", "put", "post", "delete", "patch", "head", "options", "trace"}

// oaDocument is team.OpenAPI decoded.
func oaDocument(t testing.TB) map[string]any {
	t.Helper()
	var doc map[string]any
	d := json.NewDecoder(bytes.NewReader(team.OpenAPI))
	d.UseNumber()
	if err := d.Decode(&doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if d.More() {
		t.Fatal("openapi.json holds more than one JSON value")
	}
	return doc
}

// oaOperations lists the document's operations as "METHOD /path" (upper-case method,
// path relative to /api/v1), with each operation object.
func oaOperations(t testing.TB, doc map[string]any) map[string]map[string]any {
	t.Helper()
	paths, ok := doc["paths"].(map[string]any)
	if !ok || len(paths) == 0 {
		t.Fatal("the document has no paths")
	}
	ops := map[string]map[string]any{}
	for p, item := range paths {
		item := item.(map[string]any)
		for _, m := range oaMethods {
			if op, ok := item[m]; ok {
				ops[strings.ToUpper(m)+" "+p] = op.(map[string]any)
			}
		}
	}
	return ops
}

func TestOpenAPIDocumentIsWellFormed(t *testing.T) {
	doc := oaDocument(t)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", doc["openapi"])
	}
	info, _ := doc["info"].(map[string]any)
	if info["version"] != "1.0.0" || info["title"] == "" || info["title"] == nil {
		t.Errorf("info = %v, want a title and version 1.0.0", info)
	}
	servers, _ := doc["servers"].([]any)
	if len(servers) != 1 || servers[0].(map[string]any)["url"] != oaBase {
		t.Errorf("servers = %v, want the one URL %s", servers, oaBase)
	}
	schemes, _ := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	for _, name := range []string{"bearer", "session", "csrf"} {
		if schemes[name] == nil {
			t.Errorf("no security scheme %q", name)
		}
	}
	if s, _ := schemes["session"].(map[string]any); s["in"] != "cookie" || s["name"] != "aia_session" {
		t.Errorf("the session scheme is %v, want the cookie aia_session", s)
	}
	if s, _ := schemes["csrf"].(map[string]any); s["in"] != "header" || s["name"] != "X-CSRF-Token" {
		t.Errorf("the csrf scheme is %v, want the header X-CSRF-Token", s)
	}

	ids := map[string]string{}
	for key, op := range oaOperations(t, doc) {
		id, _ := op["operationId"].(string)
		if id == "" {
			t.Errorf("%s: no operationId", key)
		} else if other, dup := ids[id]; dup {
			t.Errorf("%s and %s have the same operationId %q", key, other, id)
		}
		ids[id] = key
		if s, _ := op["summary"].(string); s == "" {
			t.Errorf("%s: no summary", key)
		}
		responses, _ := op["responses"].(map[string]any)
		if len(responses) == 0 {
			t.Errorf("%s: no responses", key)
		}
		success := false
		for code := range responses {
			n, err := strconv.Atoi(code)
			if err != nil || n < 200 || n > 599 {
				t.Errorf("%s: response %q is not an HTTP status", key, code)
			}
			success = success || (n >= 200 && n < 300)
		}
		if !success {
			t.Errorf("%s: no success response", key)
		}
		// A call that changes something with a session cookie must name the CSRF header.
		method, _, _ := strings.Cut(key, " ")
		sec, hasSec := op["security"].([]any)
		if !hasSec {
			sec, _ = doc["security"].([]any)
		}
		if method != "GET" && len(sec) > 0 {
			for _, req := range sec {
				req := req.(map[string]any)
				if _, cookie := req["session"]; cookie {
					if _, ok := req["csrf"]; !ok {
						t.Errorf("%s: the session cookie without the csrf header", key)
					}
				}
			}
		}
		if _, ok := responses["401"]; len(sec) > 0 && !ok {
			t.Errorf("%s needs sign-in but has no 401 response", key)
		}
		if _, ok := responses["403"]; len(sec) > 0 && method != "GET" && !ok {
			t.Errorf("%s changes something with a session but has no 403 response (CSRF)", key)
		}
	}

	// Every local $ref resolves.
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok && strings.HasPrefix(ref, "#") {
				if _, err := oaPointer(doc, strings.TrimPrefix(ref, "#")); err != nil {
					t.Errorf("%s: $ref %s: %v", at, ref, err)
				}
			}
			for k, x := range v {
				walk(x, at+"/"+k)
			}
		case []any:
			for i, x := range v {
				walk(x, at+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(doc, "")

	// Path parameters: each {name} of a path is declared, and nothing else is.
	for p, item := range doc["paths"].(map[string]any) {
		item := item.(map[string]any)
		want := oaPathParams(p)
		for _, m := range oaMethods {
			op, ok := item[m].(map[string]any)
			if !ok {
				continue
			}
			var got []string
			for _, list := range []any{item["parameters"], op["parameters"]} {
				list, _ := list.([]any)
				for _, prm := range list {
					prm := prm.(map[string]any)
					if ref, ok := prm["$ref"].(string); ok {
						v, err := oaPointer(doc, strings.TrimPrefix(ref, "#"))
						if err != nil {
							continue // reported above
						}
						prm = v.(map[string]any)
					}
					if prm["in"] == "path" {
						if prm["required"] != true {
							t.Errorf("%s %s: path parameter %v is not required", m, p, prm["name"])
						}
						got = append(got, prm["name"].(string))
					}
				}
			}
			sort.Strings(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s %s: path parameters (-in the path +declared):\n%s", m, p, diff)
			}
		}
	}
}

// oaPathParams returns the sorted names of the {parameters} of a path or pattern.
func oaPathParams(p string) []string {
	var names []string
	for _, seg := range strings.Split(p, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			names = append(names, strings.TrimSuffix(strings.Trim(seg, "{}"), "..."))
		}
	}
	sort.Strings(names)
	return names
}

// oaPointer resolves a JSON pointer in doc.
func oaPointer(doc any, ptr string) (any, error) {
	if ptr == "" {
		return doc, nil
	}
	v := doc
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[tok]; !ok {
				return nil, fmt.Errorf("no %q", tok)
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil, fmt.Errorf("no index %q", tok)
			}
			v = x[i]
		default:
			return nil, fmt.Errorf("%q in a scalar", tok)
		}
	}
	return v, nil
}

func oaEscape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// registeredRoutes reads the patterns (*Server).routes in api.go registers, from its
// source: the string literal given to each m.HandleFunc.
func registeredRoutes(t testing.TB) []string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "api.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "routes" || fn.Recv == nil {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "HandleFunc" || len(call.Args) != 2 {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: HandleFunc with a pattern that is not a string literal", fset.Position(call.Pos()))
				return true
			}
			p, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			patterns = append(patterns, p)
			return true
		})
	}
	if len(patterns) < 10 {
		t.Fatalf("found %d patterns in (*Server).routes in api.go: has it moved?", len(patterns))
	}
	return patterns
}

// TestOpenAPIMatchesRoutes checks the document against the code both ways: every API
// call the server registers is described, and every call described is registered.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var registered []string
	for _, p := range registeredRoutes(t) {
		method, path, ok := strings.Cut(p, " ")
		if !ok || !strings.HasPrefix(path, oaBase+"/") {
			continue // the catch-all /api/ and single sign-on under /auth/
		}
		registered = append(registered, method+" "+strings.TrimPrefix(path, oaBase))
	}
	var documented []string
	for key := range oaOperations(t, oaDocument(t)) {
		documented = append(documented, key)
	}
	sort.Strings(registered)
	sort.Strings(documented)
	if diff := cmp.Diff(registered, documented); diff != "" {
		t.Errorf("API calls (-registered in routes() +described in openapi.json):\n%s", diff)
	}
}

// oaDocumentURL is where the test pretends the document was read from.
const oaDocumentURL = "https://aia.test" + oaBase + "/openapi.json"

// oaSchemas compiles the schemas of the OpenAPI document, with the saved-file and
// score-record schemas it references by their $id.
type oaSchemas struct {
	doc map[string]any
	c   *jsonschema.Compiler

	mu    sync.Mutex
	cache map[string]*jsonschema.Schema
}

func newOASchemas(t testing.TB) *oaSchemas {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	c.LoadURL = func(s string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("the test loads no schema from outside: %s", s)
	}
	// The document is read from /api/v1/openapi.json, and its relative references to the
	// saved-file and score-record schemas resolve to where the server serves them.
	for name, s := range map[string][]byte{"savedfile": aia.SavedFileSchema(), "score-record": record.Schema} {
		if err := c.AddResource(strings.TrimSuffix(oaDocumentURL, "openapi.json")+"schemas/"+name+".schema.json", bytes.NewReader(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.AddResource(oaDocumentURL, bytes.NewReader(team.OpenAPI)); err != nil {
		t.Fatal(err)
	}
	return &oaSchemas{doc: oaDocument(t), c: c, cache: map[string]*jsonschema.Schema{}}
}

// compile compiles the schema at a JSON pointer of the document.
func (o *oaSchemas) compile(ptr string) (*jsonschema.Schema, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if s, ok := o.cache[ptr]; ok {
		return s, nil
	}
	s, err := o.c.Compile(oaDocumentURL + "#" + (&url.URL{Fragment: ptr}).EscapedFragment())
	if err != nil {
		return nil, err
	}
	o.cache[ptr] = s
	return s, nil
}

// resolve follows the $ref of a response or request body object, and returns its
// pointer.
func (o *oaSchemas) resolve(ptr string) (string, map[string]any, error) {
	for range 5 {
		v, err := oaPointer(o.doc, ptr)
		if err != nil {
			return "", nil, err
		}
		m, ok := v.(map[string]any)
		if !ok {
			return "", nil, fmt.Errorf("%s is not an object", ptr)
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return ptr, m, nil
		}
		ptr = strings.TrimPrefix(ref, "#")
	}
	return "", nil, fmt.Errorf("%s: too many $refs", ptr)
}

// TestOpenAPISchemasCompile compiles every schema of the document: the components,
// and each request and response body.
func TestOpenAPISchemasCompile(t *testing.T) {
	o := newOASchemas(t)
	var ptrs []string
	components := o.doc["components"].(map[string]any)
	for name := range components["schemas"].(map[string]any) {
		ptrs = append(ptrs, "/components/schemas/"+oaEscape(name))
	}
	for name := range components["parameters"].(map[string]any) {
		ptrs = append(ptrs, "/components/parameters/"+oaEscape(name)+"/schema")
	}
	for p, item := range o.doc["paths"].(map[string]any) {
		for _, m := range oaMethods {
			op, ok := item.(map[string]any)[m].(map[string]any)
			if !ok {
				continue
			}
			at := "/paths/" + oaEscape(p) + "/" + m
			if _, ok := op["requestBody"]; ok {
				ptr, body, err := o.resolve(at + "/requestBody")
				if err != nil {
					t.Errorf("%s: %v", at, err)
					continue
				}
				if _, ok := body["content"].(map[string]any)["application/json"]; !ok {
					t.Errorf("%s: the request body is not application/json", at)
				}
				ptrs = append(ptrs, ptr+"/content/application~1json/schema")
			}
			for code := range op["responses"].(map[string]any) {
				ptr, resp, err := o.resolve(at + "/responses/" + code)
				if err != nil {
					t.Errorf("%s %s: %v", at, code, err)
					continue
				}
				if d, _ := resp["description"].(string); d == "" {
					t.Errorf("%s %s: no description", at, code)
				}
				if _, ok := resp["content"]; ok {
					ptrs = append(ptrs, ptr+"/content/application~1json/schema")
				} else if code != "204" {
					t.Errorf("%s %s: no content", at, code)
				}
				if n, _ := strconv.Atoi(code); n >= 400 && !strings.HasPrefix(ptr, "/components/responses/") {
					// An error described in place must still be the error object.
					s, _ := oaPointer(o.doc, ptr+"/content/application~1json/schema/$ref")
					if s != "#/components/schemas/Error" {
						t.Errorf("%s %s: the body is not the error object", at, code)
					}
				}
			}
		}
	}
	slices.Sort(ptrs)
	ptrs = slices.Compact(ptrs)
	for _, ptr := range ptrs {
		if _, err := o.compile(ptr); err != nil {
			t.Errorf("%s: %v", ptr, err)
		}
	}
	if len(ptrs) < 50 {
		t.Errorf("compiled only %d schemas", len(ptrs))
	}
}

// oaCall is one exchange seen by the validating proxy.
type oaCall struct {
	route  string // "METHOD /path" of the document
	status int
}

// oaChecker stands between the test's clients and the server, and checks every
// request body and response against the OpenAPI document.
type oaChecker struct {
	t       *testing.T
	schemas *oaSchemas
	srv     http.Handler

	mu   sync.Mutex
	seen map[oaCall]bool
	// skipRequest marks the requests a test sends wrong on purpose.
	skipRequest bool
}

func (c *oaChecker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := c.t
	in, err := io.ReadAll(r.Body)
	if err != nil {
		t.Errorf("%s %s: reading the request: %v", r.Method, r.URL.Path, err)
	}
	r.Body = io.NopCloser(bytes.NewReader(in))
	rec := httptest.NewRecorder()
	c.srv.ServeHTTP(rec, r) // the server's mux sets r.Pattern
	res := rec.Result()
	out := rec.Body.Bytes()
	for k, v := range res.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	w.Write(out)

	c.mu.Lock()
	skipRequest := c.skipRequest
	c.mu.Unlock()
	where := fmt.Sprintf("%s %s → %d", r.Method, r.URL.RequestURI(), rec.Code)
	method, path, ok := strings.Cut(r.Pattern, " ")
	if !ok || !strings.HasPrefix(path, oaBase+"/") {
		// Not an API call of the document (the catch-all): still an error object.
		if rec.Code < 400 {
			t.Errorf("%s: pattern %q outside the document succeeded", where, r.Pattern)
		}
		c.validate(where, "/components/schemas/Error", out)
		return
	}
	path = strings.TrimPrefix(path, oaBase)
	c.mu.Lock()
	c.seen[oaCall{method + " " + path, rec.Code}] = true
	c.mu.Unlock()
	at := "/paths/" + oaEscape(path) + "/" + strings.ToLower(method)
	if _, err := oaPointer(c.schemas.doc, at); err != nil {
		t.Errorf("%s: %s is not in the document", where, r.Pattern)
		return
	}
	if !skipRequest && len(bytes.TrimSpace(in)) > 0 {
		ptr, _, err := c.schemas.resolve(at + "/requestBody")
		if err != nil {
			t.Errorf("%s: a body for a call that takes none", where)
		} else {
			c.validate(where+" (request)", ptr+"/content/application~1json/schema", in)
		}
	}
	ptr, resp, err := c.schemas.resolve(at + "/responses/" + strconv.Itoa(rec.Code))
	if err != nil {
		t.Errorf("%s: status %d is not documented for %s", where, rec.Code, r.Pattern)
		return
	}
	if _, ok := resp["content"]; !ok {
		if len(out) > 0 {
			t.Errorf("%s: a body where the document says none: %.200s", where, out)
		}
		return
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q", where, ct)
	}
	c.validate(where, ptr+"/content/application~1json/schema", out)
}

func (c *oaChecker) validate(where, ptr string, body []byte) {
	s, err := c.schemas.compile(ptr)
	if err != nil {
		c.t.Errorf("%s: compiling %s: %v", where, ptr, err)
		return
	}
	var v any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		c.t.Errorf("%s: the body is not JSON: %v\n%.300s", where, err, body)
		return
	}
	if err := s.Validate(v); err != nil {
		c.t.Errorf("%s: the body does not match %s: %#v\n%.500s", where, ptr, err, body)
	}
}

// oaClient calls the API as one user: with an API token, or with a browser session
// (cookie jar and CSRF token).
type oaClient struct {
	t     *testing.T
	base  string
	http  *http.Client
	token string
	csrf  string
}

func (c *oaClient) do(method, path string, body any) (int, map[string]any, http.Header) {
	c.t.Helper()
	status, raw, h := c.raw(method, path, body)
	var out map[string]any
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &out); err != nil {
			c.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return status, out, h
}

func (c *oaClient) list(method, path string) (int, []map[string]any) {
	c.t.Helper()
	status, raw, _ := c.raw(method, path, nil)
	var out []map[string]any
	if status == http.StatusOK {
		if err := json.Unmarshal(raw, &out); err != nil {
			c.t.Fatalf("%s %s: %v\n%.300s", method, path, err, raw)
		}
	}
	return status, out
}

func (c *oaClient) raw(method, path string, body any) (int, []byte, http.Header) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+oaBase+path, requestBody(c.t, body))
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return res.StatusCode, out, res.Header
}

// TestOpenAPIDescribesResponses runs a server and makes every call of the document,
// with the errors each can return, through a proxy that checks each request and
// response against the document's schemas.
func TestOpenAPIDescribesResponses(t *testing.T) {
	ctx := context.Background()
	store, err := storage.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	srv, err := team.NewServer(team.Options{Store: store, URL: "https://aia.example.gc.ca/"})
	if err != nil {
		t.Fatal(err)
	}
	checker := &oaChecker{t: t, schemas: newOASchemas(t), srv: srv, seen: map[oaCall]bool{}}
	ts := httptest.NewServer(checker)
	t.Cleanup(ts.Close)

	const password = "correct horse battery staple"
	user := func(email string, admin bool) storage.User {
		u, _, err := team.AddUser(ctx, store, email, admin, "https://aia.example.gc.ca/")
		if err != nil {
			t.Fatal(err)
		}
		if err := team.SetPassword(ctx, store, u, password); err != nil {
			t.Fatal(err)
		}
		return u
	}
	tokenClient := func(u storage.User) *oaClient {
		_, secret, err := team.NewToken(ctx, store, u, "test")
		if err != nil {
			t.Fatal(err)
		}
		return &oaClient{t: t, base: ts.URL, http: ts.Client(), token: secret}
	}
	browser := func() *oaClient {
		jar, err := cookiejar.New(nil)
		if err != nil {
			t.Fatal(err)
		}
		hc := *ts.Client() // a copy: ts.Client() is shared
		hc.Jar = jar
		return &oaClient{t: t, base: ts.URL, http: &hc}
	}
	wrongOnPurpose := func(f func()) {
		checker.mu.Lock()
		checker.skipRequest = true
		checker.mu.Unlock()
		f()
		checker.mu.Lock()
		checker.skipRequest = false
		checker.mu.Unlock()
	}
	expect := func(what string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s: status %d, want %d", what, got, want)
		}
	}

	admin := user("admin@example.gc.ca", true)
	ana := tokenClient(user("ana@example.gc.ca", false))
	ben := tokenClient(user("ben@example.gc.ca", false))
	cy := tokenClient(user("cy@example.gc.ca", false))
	rita := tokenClient(user("rita@example.gc.ca", false))
	out := tokenClient(user("outsider@example.gc.ca", false))
	anon := &oaClient{t: t, base: ts.URL, http: ts.Client()}
	file, err := os.ReadFile(filepath.Join("..", "examples", "assessments", "level1-design.json"))
	if err != nil {
		t.Fatal(err)
	}

	// The document and the server.
	status, raw, _ := anon.raw("GET", "/openapi.json", nil)
	expect("openapi.json", status, 200)
	if !bytes.Equal(raw, team.OpenAPI) {
		t.Error("/api/v1/openapi.json is not team.OpenAPI")
	}
	for path, want := range map[string][]byte{"/schemas/savedfile.schema.json": aia.SavedFileSchema(), "/schemas/score-record.schema.json": record.Schema} {
		status, raw, _ = anon.raw("GET", path, nil)
		expect(path, status, 200)
		if !bytes.Equal(raw, want) {
			t.Errorf("%s is not the schema", path)
		}
	}
	status, _, _ = anon.do("GET", "/server", nil)
	expect("server", status, 200)

	// Sign-in, with a browser session.
	adm := browser()
	status, _, _ = adm.do("POST", "/session", map[string]string{"email": admin.Email, "password": "wrong password!"})
	expect("wrong password", status, 401)
	status, sess, _ := adm.do("POST", "/session", map[string]string{"email": admin.Email, "password": password})
	expect("sign-in", status, 200)
	csrf, _ := sess["csrf"].(string)
	status, _, _ = adm.do("GET", "/session", nil)
	expect("session", status, 200)
	status, _, _ = adm.do("POST", "/users", map[string]any{"email": "dan@example.gc.ca"})
	expect("no CSRF token", status, 403)
	adm.csrf = csrf
	status, _, _ = ana.do("GET", "/session", nil)
	expect("session of a token", status, 200)
	status, _, _ = anon.do("GET", "/session", nil)
	expect("no session", status, 401)
	wrongOnPurpose(func() {
		status, _, _ = anon.do("POST", "/session", map[string]any{"email": 1})
		expect("sign-in with a number", status, 400)
	})

	// Accounts.
	status, added, _ := adm.do("POST", "/users", map[string]any{"email": "dan@example.gc.ca"})
	expect("add a user", status, 201)
	status, _, _ = adm.do("POST", "/users", map[string]any{"email": "dan@example.gc.ca"})
	expect("add a user twice", status, 409)
	status, _, _ = adm.do("POST", "/users", map[string]any{"email": "not an address"})
	expect("add a bad e-mail", status, 400)
	status, _, _ = ana.do("POST", "/users", map[string]any{"email": "eve@example.gc.ca"})
	expect("add a user, not an admin", status, 403)
	status, _ = adm.list("GET", "/users")
	expect("users", status, 200)
	status, _, _ = adm.do("PATCH", "/users/ben@example.gc.ca", map[string]any{"admin": false})
	expect("change a user", status, 200)
	status, _, _ = adm.do("PATCH", "/users/nobody@example.gc.ca", map[string]any{"disabled": true})
	expect("change no user", status, 404)
	status, _, _ = adm.do("PATCH", "/users/admin@example.gc.ca", map[string]any{"disabled": true})
	expect("disable oneself", status, 409)

	link, _ := added["invitation"].(string)
	_, secret, _ := strings.Cut(link, "#invitation=")
	dan := browser()
	status, _, _ = dan.do("POST", "/invitations", map[string]string{"invitation": "nonsense", "password": password})
	expect("unknown invitation", status, 400)
	status, sess, h := dan.do("POST", "/invitations", map[string]string{"invitation": secret, "password": password})
	expect("invitation", status, 200)
	if !strings.Contains(h.Get("Set-Cookie"), "aia_session=") {
		t.Errorf("an accepted invitation sets no session cookie: %v", h)
	}
	dan.csrf, _ = sess["csrf"].(string)

	// Assessments.
	status, created, h := ana.do("POST", "/assessments", file)
	expect("create", status, 201)
	id, _ := created["id"].(string)
	if h.Get("Location") != "assessments/"+id {
		t.Errorf("Location = %q", h.Get("Location"))
	}
	a := "/assessments/" + id
	wrongOnPurpose(func() {
		status, bad, _ := ana.do("POST", "/assessments", []byte(`{"data": 5}`))
		expect("create from a bad file", status, 400)
		if bad["field"] != "/data" {
			t.Errorf("bad file: field %v, want /data", bad["field"])
		}
		status, _, _ = ana.do("POST", "/assessments", bytes.Repeat([]byte(" "), team.MaxBodySize+1))
		expect("create from a huge body", status, 413)
	})
	status, _, _ = anon.do("POST", "/assessments", file)
	expect("create without signing in", status, 401)
	status, list := ana.list("GET", "/assessments")
	expect("list", status, 200)
	if len(list) != 1 || list[0]["id"] != id || list[0]["role"] != "owner" {
		t.Errorf("list = %v", list)
	}
	status, got, _ := ana.do("GET", a, nil)
	expect("get", status, 200)
	report, _ := got["report"].(map[string]any)
	if report["source"] != id || report["level"] != 1.0 {
		t.Errorf("report = %.300v", report)
	}
	sections, _ := report["sections"].([]any)
	if len(sections) == 0 {
		t.Fatalf("the report has no sections: %v", report)
	}
	section := sections[0].(map[string]any)["id"].(string)
	status, _, _ = ana.do("GET", a+"?lang=fr&texts=1", nil)
	expect("get with texts", status, 200)
	status, _, _ = out.do("GET", a, nil)
	expect("get, not a member", status, 404)
	status, saved, _ := ana.do("PUT", a, map[string]any{"revision": 1, "file": json.RawMessage(file)})
	expect("put", status, 200)
	if saved["revision"] != 2.0 {
		t.Errorf("put = %v", saved)
	}
	status, conflict, _ := ana.do("PUT", a, map[string]any{"revision": 1, "file": json.RawMessage(file)})
	expect("put on a stale revision", status, 409)
	if conflict["revision"] != 2.0 || conflict["field"] != "revision" {
		t.Errorf("conflict = %v", conflict)
	}
	wrongOnPurpose(func() {
		status, _, _ = ana.do("PUT", a, map[string]any{"file": json.RawMessage(file)})
		expect("put without a revision", status, 400)
	})

	// Members.
	for _, m := range []struct {
		who, role string
		reviewer  bool
	}{{"ben@example.gc.ca", "editor", false}, {"cy@example.gc.ca", "commenter", false}, {"rita@example.gc.ca", "reader", true}, {"dan@example.gc.ca", "reader", false}} {
		status, _, _ = ana.do("POST", a+"/members", map[string]any{"email": m.who, "role": m.role, "reviewer": m.reviewer})
		expect("share with "+m.who, status, 200)
	}
	status, _ = ben.list("GET", a+"/members")
	expect("members", status, 200)
	status, _, _ = ben.do("POST", a+"/members", map[string]any{"email": "outsider@example.gc.ca", "role": "reader"})
	expect("share, as an editor", status, 403)
	status, _, _ = ana.do("POST", a+"/members", map[string]any{"email": "nobody@example.gc.ca", "role": "reader"})
	expect("share with no account", status, 400)
	status, _, _ = ana.do("POST", a+"/members", map[string]any{"email": "ana@example.gc.ca", "role": "reader"})
	expect("the last owner steps down", status, 409)
	status, _, _ = ana.do("DELETE", a+"/members/dan@example.gc.ca", nil)
	expect("unshare", status, 204)
	status, _, _ = ana.do("DELETE", a+"/members/dan@example.gc.ca", nil)
	expect("unshare twice", status, 404)
	status, _, _ = ana.do("DELETE", a+"/members/ana@example.gc.ca", nil)
	expect("unshare the last owner", status, 409)

	// Comments.
	status, comment, _ := cy.do("POST", a+"/comments", map[string]any{"question": "projectDetailsTitle", "text": "A clearer title?"})
	expect("comment", status, 201)
	status, _, _ = rita.do("POST", a+"/comments", map[string]any{"text": "A reader's comment"})
	expect("comment, as a reader", status, 403)
	wrongOnPurpose(func() {
		status, _, _ = cy.do("POST", a+"/comments", map[string]any{"text": "  "})
		expect("empty comment", status, 400)
	})
	status, _ = rita.list("GET", a+"/comments")
	expect("comments", status, 200)
	status, _, _ = cy.do("PATCH", a+"/comments/"+fmt.Sprint(comment["id"]), map[string]any{"resolved": true})
	expect("resolve", status, 200)
	status, _, _ = cy.do("PATCH", a+"/comments/nope", map[string]any{"resolved": true})
	expect("resolve no comment", status, 404)

	// Revisions.
	status, _ = rita.list("GET", a+"/revisions")
	expect("revisions", status, 200)
	status, _, _ = rita.do("GET", a+"/revisions/1", nil)
	expect("revision 1", status, 200)
	status, _, _ = rita.do("GET", a+"/revisions/one", nil)
	expect("revision one", status, 400)
	status, _, _ = rita.do("GET", a+"/revisions/99", nil)
	expect("revision 99", status, 404)
	status, _, _ = ben.do("POST", a+"/revisions/1/restore", nil)
	expect("restore", status, 200)
	status, _, _ = rita.do("POST", a+"/revisions/1/restore", nil)
	expect("restore, as a reader", status, 403)

	// Review.
	status, _, _ = rita.do("PUT", a+"/review/sections/"+section, map[string]any{"status": "accepted"})
	expect("review before submission", status, 409)
	status, _, _ = ana.do("POST", a+"/review/submit", nil)
	expect("submit", status, 200)
	status, _, _ = ana.do("POST", a+"/review/submit", nil)
	expect("submit twice", status, 409)
	status, _, _ = ben.do("PUT", a+"/review/sections/"+section, map[string]any{"status": "accepted"})
	expect("review, not a reviewer", status, 403)
	status, _, _ = rita.do("PUT", a+"/review/sections/nosuchsection", map[string]any{"status": "accepted"})
	expect("review no section", status, 404)
	wrongOnPurpose(func() {
		status, _, _ = rita.do("PUT", a+"/review/sections/"+section, map[string]any{"status": "fine"})
		expect("review with a bad status", status, 400)
	})
	status, _, _ = rita.do("PUT", a+"/review/sections/"+section, map[string]any{"status": "changes-needed", "comment": "Say who decides."})
	expect("review a section", status, 200)
	status, _, _ = rita.do("POST", a+"/review/approve", nil)
	expect("approve with changes needed", status, 409)
	status, _, _ = rita.do("PUT", a+"/review/sections/"+section, map[string]any{"status": "accepted"})
	expect("accept a section", status, 200)
	status, _, _ = rita.do("POST", a+"/review/approve", nil)
	expect("approve", status, 200)
	status, review, _ := ben.do("GET", a+"/review", nil)
	expect("review", status, 200)
	if review["status"] != "approved" || review["approvedBy"] != "rita@example.gc.ca" {
		t.Errorf("review = %v", review)
	}
	status, list = ana.list("GET", "/assessments")
	expect("list, approved", status, 200)
	if len(list) == 0 || list[0]["review"] != "approved" {
		t.Errorf("the list after approval: %v", list)
	}

	// Presence and audit.
	status, _, _ = ben.do("POST", a+"/presence", nil)
	expect("presence", status, 200)
	status, _, _ = cy.do("POST", a+"/presence", nil)
	expect("presence", status, 200)
	status, _ = ana.list("GET", a+"/audit?limit=50")
	expect("audit of an assessment", status, 200)
	status, _ = ben.list("GET", a+"/audit")
	expect("audit, as an editor", status, 403)
	status, _ = adm.list("GET", "/audit")
	expect("audit", status, 200)
	status, _ = ana.list("GET", "/audit")
	expect("audit, not an admin", status, 403)

	// Errors outside the routes, and the size limit on a JSON body.
	status, _, _ = ana.do("GET", "/nonsense", nil)
	expect("no such call", status, 404)
	wrongOnPurpose(func() {
		status, _, _ = ana.do("PUT", a, bytes.Repeat([]byte(" "), team.MaxBodySize+1))
		expect("put a huge body", status, 413)
	})

	// Deleting, and signing out.
	status, _, _ = ben.do("DELETE", a, nil)
	expect("delete, as an editor", status, 403)
	status, _, _ = ana.do("DELETE", a, nil)
	expect("delete", status, 204)
	status, _, _ = ana.do("GET", a, nil)
	expect("get, deleted", status, 404)
	status, _, _ = dan.do("DELETE", "/sessions", nil)
	expect("sign out everywhere", status, 204)
	status, _, _ = adm.do("DELETE", "/session", nil)
	expect("sign out", status, 204)
	status, _, _ = adm.do("GET", "/session", nil)
	expect("signed out", status, 401)

	// Too many failed sign-ins.
	for range 10 {
		anon.do("POST", "/session", map[string]string{"email": "ana@example.gc.ca", "password": "wrong password!"})
	}
	status, _, h = anon.do("POST", "/session", map[string]string{"email": "ana@example.gc.ca", "password": password})
	expect("sign-in after failures", status, 429)
	if h.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}

	// Every call of the document was made and succeeded at least once.
	for key, op := range oaOperations(t, oaDocument(t)) {
		ok := false
		for code := range op["responses"].(map[string]any) {
			n, _ := strconv.Atoi(code)
			ok = ok || (n < 300 && checker.seen[oaCall{key, n}])
		}
		if !ok {
			t.Errorf("%s was never called with success", key)
		}
	}
}
