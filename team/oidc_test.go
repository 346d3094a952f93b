//go:build !js

package team_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/google/go-cmp/cmp"

	"github.com/gc-aia/aia/team"
	"github.com/gc-aia/aia/team/storage"
)

const (
	idpClientID     = "aia-team"
	idpClientSecret = "client secret"
	idpKeyID        = "test-key"
)

// idpKeys are the fake provider's signing key, and another key no one publishes; RSA
// keys take a while to generate, so the tests share them.
var idpKeys = sync.OnceValues(func() (*rsa.PrivateKey, *rsa.PrivateKey) {
	a, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	b, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return a, b
})

// fakeIdP is an OpenID provider: discovery, a JWKS, an authorize endpoint that signs in
// whoever the test says at once and redirects back with a code, and a token endpoint
// that checks the client, the redirect URI and the PKCE verifier before returning an
// ID token.
type fakeIdP struct {
	t        *testing.T
	srv      *httptest.Server
	redirect string // the redirect URI registered for the client

	mu    sync.Mutex
	codes map[string]idpGrant
	// claims makes the ID token's claims for a sign-in (the test changes them).
	claims func(iss, nonce string) map[string]any
	// signer signs the ID tokens; nil is the published key.
	signer *rsa.PrivateKey
	// redirected edits the redirect back to the server (nil: none).
	redirected func(q url.Values)
	// refusedPKCE counts token requests refused for their PKCE verifier.
	refusedPKCE int
}

type idpGrant struct {
	challenge, nonce, redirect string
}

func newFakeIdP(t *testing.T) *fakeIdP {
	p := &fakeIdP{t: t, codes: map[string]idpGrant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /jwks", p.jwks)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *fakeIdP) issuer() string { return p.srv.URL }

func idpJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (p *fakeIdP) discovery(w http.ResponseWriter, r *http.Request) {
	idpJSON(w, 200, map[string]any{
		"issuer":                                p.issuer(),
		"authorization_endpoint":                p.issuer() + "/authorize",
		"token_endpoint":                        p.issuer() + "/token",
		"jwks_uri":                              p.issuer() + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
		"scopes_supported":                      []string{"openid", "email"},
	})
}

func (p *fakeIdP) jwks(w http.ResponseWriter, r *http.Request) {
	key, _ := idpKeys()
	idpJSON(w, 200, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: idpKeyID, Algorithm: string(jose.RS256), Use: "sig"}}})
}

// authorize checks the request as a provider would and signs the user in at once.
func (p *fakeIdP) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	scopes := strings.Fields(q.Get("scope"))
	var problems []string
	for _, c := range []struct {
		ok   bool
		what string
	}{
		{q.Get("client_id") == idpClientID, "client_id"},
		{q.Get("response_type") == "code", "response_type"},
		{q.Get("redirect_uri") == p.redirect, "redirect_uri " + q.Get("redirect_uri")},
		{q.Get("code_challenge_method") == "S256" && q.Get("code_challenge") != "", "PKCE challenge"},
		{q.Get("state") != "", "state"},
		{q.Get("nonce") != "", "nonce"},
		{slices.Contains(scopes, "openid") && slices.Contains(scopes, "email"), "scope"},
	} {
		if !c.ok {
			problems = append(problems, c.what)
		}
	}
	if len(problems) > 0 {
		p.t.Errorf("authorization request: wrong %s: %s", strings.Join(problems, ", "), r.URL)
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	code := rand.Text()
	p.mu.Lock()
	p.codes[code] = idpGrant{challenge: q.Get("code_challenge"), nonce: q.Get("nonce"), redirect: q.Get("redirect_uri")}
	edit := p.redirected
	p.mu.Unlock()
	back := url.Values{"code": {code}, "state": {q.Get("state")}}
	if edit != nil {
		edit(back)
	}
	http.Redirect(w, r, q.Get("redirect_uri")+"?"+back.Encode(), http.StatusFound)
}

// token redeems a code once, for the client that asked for it, with its PKCE verifier.
func (p *fakeIdP) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		idpJSON(w, 400, map[string]string{"error": "invalid_request"})
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	} else {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	}
	if id != idpClientID || secret != idpClientSecret {
		idpJSON(w, 401, map[string]string{"error": "invalid_client"})
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	code := r.PostForm.Get("code")
	g, ok := p.codes[code]
	delete(p.codes, code)
	if !ok || r.PostForm.Get("grant_type") != "authorization_code" || r.PostForm.Get("redirect_uri") != g.redirect {
		idpJSON(w, 400, map[string]string{"error": "invalid_grant"})
		return
	}
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		p.refusedPKCE++
		idpJSON(w, 400, map[string]string{"error": "invalid_grant", "error_description": "PKCE verification failed"})
		return
	}
	key, _ := idpKeys()
	if p.signer != nil {
		key = p.signer
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: idpKeyID}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		p.t.Fatal(err)
	}
	payload, err := json.Marshal(p.claims(p.issuer(), g.nonce))
	if err != nil {
		p.t.Fatal(err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		p.t.Fatal(err)
	}
	idToken, err := jws.CompactSerialize()
	if err != nil {
		p.t.Fatal(err)
	}
	idpJSON(w, 200, map[string]any{"access_token": rand.Text(), "token_type": "Bearer", "expires_in": 300, "id_token": idToken})
}

// idpClaims returns the claims of a valid ID token for subject and email.
func idpClaims(subject, email string) func(iss, nonce string) map[string]any {
	return func(iss, nonce string) map[string]any {
		now := time.Now()
		return map[string]any{"iss": iss, "sub": subject, "aud": idpClientID, "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
			"nonce": nonce, "email": email, "email_verified": true}
	}
}

// idpEdited returns claims with some changed (a nil value removes a claim).
func idpEdited(claims func(iss, nonce string) map[string]any, change map[string]any) func(iss, nonce string) map[string]any {
	return func(iss, nonce string) map[string]any {
		c := claims(iss, nonce)
		for k, v := range change {
			if v == nil {
				delete(c, k)
			} else {
				c[k] = v
			}
		}
		return c
	}
}

// ssoSetup is a team server with single sign-on through a fake provider. The server
// sits under the sub-path /aia/ of a reverse proxy, as a department may run it.
type ssoSetup struct {
	t     *testing.T
	idp   *fakeIdP
	store storage.Store
	base  string // the server's public URL, ending in /aia/
}

// disable disables the account of the e-mail address, as "aia team users disable" does.
func (s *ssoSetup) disable(email string) {
	s.t.Helper()
	ctx := context.Background()
	u, err := s.store.UserByEmail(ctx, email)
	if err != nil {
		s.t.Fatal(err)
	}
	u.Disabled = true
	if err := s.store.UpdateUser(ctx, u); err != nil {
		s.t.Fatal(err)
	}
}

func newSSOSetup(t *testing.T, wrap func(storage.Store) storage.Store) *ssoSetup {
	ctx := context.Background()
	store, err := storage.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	var handler http.Handler
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(proxy.Close)
	base := proxy.URL + "/aia/"
	idp := newFakeIdP(t)
	idp.redirect = base + "auth/oidc/callback"
	o, err := team.NewOIDC(ctx, idp.issuer(), idpClientID, idpClientSecret, base)
	if err != nil {
		t.Fatal(err)
	}
	served := store
	if wrap != nil {
		served = wrap(store)
	}
	app := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "the app at "+r.URL.Path) })
	srv, err := team.NewServer(team.Options{Store: served, App: app, URL: base, OIDC: o})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/aia/", http.StripPrefix("/aia", srv))
	handler = mux
	return &ssoSetup{t: t, idp: idp, store: store, base: base}
}

// ssoBrowser is a browser: a cookie jar, and redirects followed one at a time.
type ssoBrowser struct {
	t    *testing.T
	jar  *cookiejar.Jar
	http *http.Client
}

func (s *ssoSetup) browser() *ssoBrowser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		s.t.Fatal(err)
	}
	return &ssoBrowser{t: s.t, jar: jar, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

func (b *ssoBrowser) get(u string) (*http.Response, string) {
	b.t.Helper()
	res, err := b.http.Get(u)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return res, string(body)
}

// follow returns the URL a redirect response leads to.
func (b *ssoBrowser) follow(res *http.Response) string {
	b.t.Helper()
	if res.StatusCode != http.StatusFound {
		b.t.Fatalf("GET %s: status %d, want a redirect", res.Request.URL, res.StatusCode)
	}
	loc, err := res.Location()
	if err != nil {
		b.t.Fatal(err)
	}
	return loc.String()
}

// ssoResult is how a sign-in through the provider ended at the server's callback.
type ssoResult struct {
	status   int
	body     string
	location string // the callback's Location header, verbatim
	landing  string // the URL it leads to
	app      string // what the app served there
}

// signIn signs in through the provider: the server's login, the provider's authorize
// endpoint, then the server's callback; a successful callback's redirect is followed to
// the app.
func (s *ssoSetup) signIn(b *ssoBrowser) ssoResult {
	s.t.Helper()
	res, _ := b.get(s.base + "auth/oidc/login")
	authorize := b.follow(res)
	if !strings.HasPrefix(authorize, s.idp.issuer()+"/authorize?") {
		s.t.Fatalf("login redirects to %s, want the provider", authorize)
	}
	res, _ = b.get(authorize)
	callback := b.follow(res)
	if !strings.HasPrefix(callback, s.base+"auth/oidc/callback?") {
		s.t.Fatalf("the provider redirects to %s, want the callback", callback)
	}
	res, body := b.get(callback)
	r := ssoResult{status: res.StatusCode, body: body, location: res.Header.Get("Location")}
	if res.StatusCode == http.StatusFound {
		r.landing = b.follow(res)
		landed, body := b.get(r.landing)
		if landed.StatusCode == http.StatusOK {
			r.app = body
		}
	}
	return r
}

// session returns the status of GET /api/v1/session and the session.
func (s *ssoSetup) session(b *ssoBrowser) (int, map[string]any) {
	s.t.Helper()
	res, body := b.get(s.base + "api/v1/session")
	var out map[string]any
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		s.t.Fatalf("GET /api/v1/session: %v: %s", err, body)
	}
	return res.StatusCode, out
}

func (b *ssoBrowser) hasSession(base string) bool {
	u, _ := url.Parse(base)
	for _, c := range b.jar.Cookies(u) {
		if c.Name == "aia_session" && c.Value != "" {
			return true
		}
	}
	return false
}

func (s *ssoSetup) signedIn(b *ssoBrowser, r ssoResult, email string, admin bool) {
	s.t.Helper()
	if r.status != http.StatusFound {
		s.t.Fatalf("callback: status %d, want 302: %s", r.status, r.body)
	}
	if r.location != "../../" {
		s.t.Errorf("callback redirects to %q, want ../../ (relative, for a sub-path)", r.location)
	}
	if r.landing != s.base || r.app != "the app at /" {
		s.t.Errorf("after the callback: %s serves %q, want %s and the app", r.landing, r.app, s.base)
	}
	if !b.hasSession(s.base) {
		s.t.Error("no aia_session cookie after signing in")
	}
	status, got := s.session(b)
	if status != http.StatusOK {
		s.t.Fatalf("GET /api/v1/session: %d %v", status, got)
	}
	want := map[string]any{"email": email, "admin": admin}
	delete(got, "csrf")
	if diff := cmp.Diff(want, got); diff != "" {
		s.t.Errorf("session (-want +got):\n%s", diff)
	}
}

func (s *ssoSetup) refused(b *ssoBrowser, r ssoResult, status int, msg string) {
	s.t.Helper()
	if r.status != status {
		s.t.Errorf("callback: status %d, want %d: %s", r.status, status, r.body)
	}
	if !strings.Contains(r.body, msg) {
		s.t.Errorf("callback says %s, want %q", r.body, msg)
	}
	if b.hasSession(s.base) {
		s.t.Error("a refused sign-in left an aia_session cookie")
	}
	if got, _ := s.session(b); got != http.StatusUnauthorized {
		s.t.Errorf("GET /api/v1/session after a refused sign-in: %d, want 401", got)
	}
}

func TestOIDCFirstSignInCreatesAccount(t *testing.T) {
	ctx := context.Background()
	s := newSSOSetup(t, nil)
	s.idp.claims = idpClaims("subject-1", "Zoe.Roy@Example.GC.ca")
	b := s.browser()
	s.signedIn(b, s.signIn(b), "zoe.roy@example.gc.ca", false)

	u, err := s.store.UserByEmail(ctx, "zoe.roy@example.gc.ca")
	if err != nil {
		t.Fatal(err)
	}
	if u.Admin || u.PasswordHash != "" || u.OIDCSubject != s.idp.issuer()+" subject-1" {
		t.Errorf("the new account: admin %v, password %q, subject %q", u.Admin, u.PasswordHash, u.OIDCSubject)
	}
	events, err := s.store.Events(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	var signIns []storage.Event
	for _, e := range events {
		if e.Action == "sign-in" {
			e.ID, e.Time = "", time.Time{}
			signIns = append(signIns, e)
		}
	}
	want := []storage.Event{{Actor: "zoe.roy@example.gc.ca", Action: "sign-in", Detail: "OpenID Connect"}}
	if diff := cmp.Diff(want, signIns); diff != "" {
		t.Errorf("audit log (-want +got):\n%s", diff)
	}

	// The session is a real one: a call that changes something works with its CSRF token.
	_, sess := s.session(b)
	req, _ := http.NewRequest("POST", s.base+"api/v1/assessments", strings.NewReader(`{"version":"v1.0.1","data":{}}`))
	req.Header.Set("X-CSRF-Token", sess["csrf"].(string))
	res, err := b.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Errorf("creating an assessment in the SSO session: %d", res.StatusCode)
	}

	// The same person again, later, in another browser, whatever their e-mail has
	// become: the same account, found by its subject.
	s.idp.claims = idpClaims("subject-1", "zoe.roy@example.gc.ca")
	b2 := s.browser()
	s.signedIn(b2, s.signIn(b2), "zoe.roy@example.gc.ca", false)
	users, err := s.store.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 {
		t.Errorf("%d accounts after signing in twice, want 1", len(users))
	}
}

func TestOIDCLinksInvitedAccount(t *testing.T) {
	ctx := context.Background()
	s := newSSOSetup(t, nil)
	invited, _, err := team.AddUser(ctx, s.store, "lea@example.gc.ca", true, s.base)
	if err != nil {
		t.Fatal(err)
	}
	s.idp.claims = idpClaims("lea-at-idp", "lea@example.gc.ca")
	b := s.browser()
	s.signedIn(b, s.signIn(b), "lea@example.gc.ca", true)
	u, err := s.store.UserByEmail(ctx, "lea@example.gc.ca")
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != invited.ID || u.OIDCSubject != s.idp.issuer()+" lea-at-idp" || !u.Admin {
		t.Errorf("the invited account is %+v, want it linked to the subject", u)
	}
	if users, _ := s.store.Users(ctx); len(users) != 1 {
		t.Errorf("%d accounts, want the invited one only", len(users))
	}
}

func TestOIDCRefusals(t *testing.T) {
	ctx := context.Background()
	valid := idpClaims("subject-2", "max@example.gc.ca")
	hourAgo := time.Now().Add(-time.Hour)
	for _, c := range []struct {
		name   string
		setup  func(s *ssoSetup, b *ssoBrowser)
		status int
		msg    string
	}{
		{name: "wrong state", setup: func(s *ssoSetup, b *ssoBrowser) {
			s.idp.redirected = func(q url.Values) { q.Set("state", "not the state sent") }
		}, status: 400, msg: "did not start here"},
		{name: "no state cookie", setup: func(s *ssoSetup, b *ssoBrowser) {
			s.idp.redirected = func(url.Values) {
				u, _ := url.Parse(s.base)
				b.jar.SetCookies(u, []*http.Cookie{{Name: "aia_oidc", Path: "/", MaxAge: -1}})
			}
		}, status: 400, msg: "did not start here"},
		{name: "another browser's callback", setup: func(s *ssoSetup, b *ssoBrowser) {
			// Another browser's login, whose callback this browser is made to open
			// (login CSRF): its state is not this browser's.
			other := s.browser()
			other.get(s.base + "auth/oidc/login")
			s.idp.redirected = func(q url.Values) {
				u, _ := url.Parse(s.base)
				for _, c := range other.jar.Cookies(u) {
					if c.Name == "aia_oidc" {
						q.Set("state", strings.Split(c.Value, ".")[0])
					}
				}
			}
		}, status: 400, msg: "did not start here"},
		{name: "provider error", setup: func(s *ssoSetup, b *ssoBrowser) {
			s.idp.redirected = func(q url.Values) { q.Del("code"); q.Set("error", "access_denied") }
		}, status: 401, msg: "access_denied"},
		{name: "wrong PKCE verifier", setup: func(s *ssoSetup, b *ssoBrowser) {
			s.idp.redirected = func(q url.Values) {
				u, _ := url.Parse(s.base)
				for _, c := range b.jar.Cookies(u) {
					if c.Name == "aia_oidc" {
						parts := strings.Split(c.Value, ".")
						parts[2] = strings.Repeat("x", 43)
						b.jar.SetCookies(u, []*http.Cookie{{Name: "aia_oidc", Value: strings.Join(parts, "."), Path: "/"}})
					}
				}
			}
		}, status: 502, msg: "refused the code"},
		{name: "wrong nonce", setup: func(s *ssoSetup, b *ssoBrowser) {
			s.idp.claims = idpEdited(valid, map[string]any{"nonce": "another nonce"})
		}, status: 401, msg: "nonce"},
		{name: "no nonce", setup: func(s *ssoSetup, b *ssoBrowser) {
			s.idp.claims = idpEdited(valid, map[string]any{"nonce": nil})
		}, status: 401, msg: "nonce"},
		{name: "unverified e-mail", setup: func(s *ssoSetup, b *ssoBrowser) {
			s.idp.claims = idpEdited(valid, map[string]any{"email_verified": false})
		}, status: 401, msg: "no verified e-mail"},
		{name: "no e-mail", setup: func(s *ssoSetup, b *ssoBrowser) {
			s.idp.claims = idpEdited(valid, map[string]any{"email": nil})
		}, status: 401, msg: "no verified e-mail"},
		{name: "not an e-mail address", setup: func(s *ssoSetup, b *ssoBrowser) {
			s.idp.claims = idpEdited(valid, map[string]any{"email": "Max <max@example.gc.ca>"})
		}, status: 403, msg: "not an e-mail address"},
		{name: "another audience", setup: func(s *ssoSetup, b *ssoBrowser) {
			s.idp.claims = idpEdited(valid, map[string]any{"aud": "another-client"})
		}, status: 401, msg: "not valid"},
		{name: "another issuer", setup: func(s *ssoSetup, b *ssoBrowser) {
			s.idp.claims = idpEdited(valid, map[string]any{"iss": "https://idp.example.com"})
		}, status: 401, msg: "not valid"},
		{name: "expired", setup: func(s *ssoSetup, b *ssoBrowser) {
			s.idp.claims = idpEdited(valid, map[string]any{"iat": hourAgo.Add(-time.Hour).Unix(), "exp": hourAgo.Unix()})
		}, status: 401, msg: "not valid"},
		{name: "signed by another key", setup: func(s *ssoSetup, b *ssoBrowser) {
			_, other := idpKeys()
			s.idp.signer = other
		}, status: 401, msg: "not valid"},
		{name: "disabled account", setup: func(s *ssoSetup, b *ssoBrowser) {
			if _, _, err := team.AddUser(ctx, s.store, "max@example.gc.ca", false, s.base); err != nil {
				t.Fatal(err)
			}
			s.disable("max@example.gc.ca")
		}, status: 403, msg: "disabled"},
		{name: "disabled linked account", setup: func(s *ssoSetup, b *ssoBrowser) {
			first := s.browser()
			s.signedIn(first, s.signIn(first), "max@example.gc.ca", false)
			s.disable("max@example.gc.ca")
		}, status: 403, msg: "disabled"},
		{name: "e-mail of an account linked to another identity", setup: func(s *ssoSetup, b *ssoBrowser) {
			u, _, err := team.AddUser(ctx, s.store, "max@example.gc.ca", false, s.base)
			if err != nil {
				t.Fatal(err)
			}
			u.OIDCSubject = s.idp.issuer() + " someone-else"
			if err := s.store.UpdateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}, status: 403, msg: "linked to another identity"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newSSOSetup(t, nil)
			s.idp.claims = valid
			b := s.browser()
			c.setup(s, b)
			before, err := s.store.Users(ctx)
			if err != nil {
				t.Fatal(err)
			}
			s.refused(b, s.signIn(b), c.status, c.msg)
			after, err := s.store.Users(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("a refused sign-in changed the accounts (-before +after):\n%s", diff)
			}
			if c.name == "wrong PKCE verifier" && s.idp.refusedPKCE != 1 {
				t.Errorf("the provider refused %d verifiers, want 1", s.idp.refusedPKCE)
			}
		})
	}
}

// oidcBrokenStore fails to write accounts, with an error a database might give.
type oidcBrokenStore struct{ storage.Store }

var errOIDCBrokenSQL = errors.New(`pq: INSERT INTO users (id, email) VALUES ($1, $2): connection reset`)

func (oidcBrokenStore) CreateUser(context.Context, storage.User) error { return errOIDCBrokenSQL }
func (oidcBrokenStore) UpdateUser(context.Context, storage.User) error { return errOIDCBrokenSQL }

// TestOIDCStoreErrorIsInternal checks that a store failure while finding the account
// is a 500 that shows nothing of the database.
func TestOIDCStoreErrorIsInternal(t *testing.T) {
	s := newSSOSetup(t, func(st storage.Store) storage.Store { return oidcBrokenStore{st} })
	s.idp.claims = idpClaims("subject-3", "noe@example.gc.ca")
	b := s.browser()
	r := s.signIn(b)
	s.refused(b, r, http.StatusInternalServerError, "internal error")
	if strings.Contains(r.body, "INSERT") || strings.Contains(r.body, "pq:") {
		t.Errorf("the response shows the store's error: %s", r.body)
	}
}
