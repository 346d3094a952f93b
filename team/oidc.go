//go:build !js

package team

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/team/storage"
)

// OIDC is single sign-on through an OpenID Connect provider (the department's
// identity provider): the authorization code flow with PKCE, a state and a nonce.
type OIDC struct {
	issuer   string
	config   oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// NewOIDC discovers the provider at issuer. The server's redirect URL is
// base + "auth/oidc/callback", to register with the provider.
func NewOIDC(ctx context.Context, issuer, clientID, clientSecret, base string) (*OIDC, error) {
	if clientID == "" {
		return nil, errors.New("OpenID Connect: no client ID (set AIA_OIDC_CLIENT_ID)")
	}
	p, err := oidc.NewProvider(ctx, issuer)
	if err != nil {
		return nil, fmt.Errorf("OpenID Connect provider %s: %w", issuer, err)
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return &OIDC{
		issuer:   issuer,
		verifier: p.Verifier(&oidc.Config{ClientID: clientID}),
		config: oauth2.Config{ClientID: clientID, ClientSecret: clientSecret, Endpoint: p.Endpoint(),
			RedirectURL: base + "auth/oidc/callback", Scopes: []string{oidc.ScopeOpenID, "email"}},
	}, nil
}

const oidcCookie = "aia_oidc"

// oidcLogin sends the browser to the provider, with the state, nonce and PKCE verifier
// kept in a short-lived cookie. It is SameSite=Lax, as the provider's redirect back is a
// cross-site navigation.
func (s *Server) oidcLogin(w http.ResponseWriter, r *http.Request) {
	state, _ := newSecret()
	nonce, _ := newSecret()
	verifier := oauth2.GenerateVerifier()
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: state + "." + nonce + "." + verifier, Path: "/", MaxAge: 600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	http.Redirect(w, r, s.opts.OIDC.config.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// oidcCallback ends the sign-in: it checks the state, exchanges the code, verifies the
// ID token and its nonce, finds or creates the account, and starts a session.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	// fail answers status, saying why (in English and French); err is logged.
	fail := func(status int, why error, err error) {
		if err != nil {
			s.log.Warn("OpenID Connect sign-in refused", "reason", why.Error(), "error", err.Error())
		}
		writeError(w, newError(status, "", "single sign-on failed: %w", "échec de l’authentification unique\u00a0: %w", why))
	}
	c, err := r.Cookie(oidcCookie)
	parts := []string{}
	if err == nil {
		parts = strings.Split(c.Value, ".")
	}
	if len(parts) != 3 || r.URL.Query().Get("state") != parts[0] {
		fail(http.StatusBadRequest, localize.Errorf("the sign-in expired or did not start here; try again",
			"la connexion a expiré ou n’a pas commencé ici\u202f; réessayez"), nil)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	if e := r.URL.Query().Get("error"); e != "" {
		fail(http.StatusUnauthorized, localize.Errorf("the identity provider said %s", "le fournisseur d’identité a répondu %s", e), nil)
		return
	}
	o := s.opts.OIDC
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	tok, err := o.config.Exchange(ctx, r.URL.Query().Get("code"), oauth2.VerifierOption(parts[2]))
	if err != nil {
		fail(http.StatusBadGateway, localize.Errorf("the identity provider refused the code", "le fournisseur d’identité a refusé le code"), err)
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	id, err := o.verifier.Verify(ctx, raw)
	if err != nil {
		fail(http.StatusUnauthorized, localize.Errorf("the ID token is not valid", "le jeton d’identité n’est pas valide"), err)
		return
	}
	if id.Nonce != parts[1] {
		fail(http.StatusUnauthorized, localize.Errorf("the ID token's nonce does not match", "le nonce du jeton d’identité ne correspond pas"), nil)
		return
	}
	var claims struct {
		Email    string `json:"email"`
		Verified *bool  `json:"email_verified"`
	}
	if err := id.Claims(&claims); err != nil || claims.Email == "" || (claims.Verified != nil && !*claims.Verified) {
		fail(http.StatusUnauthorized, localize.Errorf("the identity provider gave no verified e-mail address",
			"le fournisseur d’identité n’a donné aucun courriel vérifié"), err)
		return
	}
	u, err := s.oidcUser(r.Context(), o.issuer+" "+id.Subject, claims.Email)
	var refused oidcRefusal
	var bad *BadEmailError
	switch {
	case errors.As(err, &refused) || errors.As(err, &bad):
		fail(http.StatusForbidden, err, err)
		return
	case err != nil:
		// A store error: its text (SQL, driver) stays in the log.
		s.log.Error("OpenID Connect sign-in", "error", err.Error())
		writeError(w, internalError(err))
		return
	}
	if _, err := s.startSession(w, r, u); err != nil {
		s.log.Error("OpenID Connect sign-in", "error", err.Error())
		writeError(w, internalError(err))
		return
	}
	s.audit(r.Context(), u, "sign-in", "", "OpenID Connect")
	// Back to the app, relative to /auth/oidc/callback so that a server under a sub-path
	// of a reverse proxy lands on its own app. http.Redirect would make the path
	// absolute ("/"), which is outside a sub-path.
	w.Header().Set("Location", "../../")
	w.WriteHeader(http.StatusFound)
}

// oidcRefusal is why a valid identity may not sign in (as opposed to a store error), in
// English and French.
type oidcRefusal struct{ en, fr string }

func (e oidcRefusal) Error() string { return e.en }

// In returns the refusal in a language.
func (e oidcRefusal) In(lang questionnaire.Lang) string {
	if lang == questionnaire.French {
		return e.fr
	}
	return e.en
}

var (
	errAccountDisabled = oidcRefusal{"the account is disabled", "le compte est désactivé"}
	errLinkedElsewhere = oidcRefusal{"the account of this e-mail is linked to another identity", "le compte de ce courriel est lié à une autre identité"}
)

// oidcUser returns the account of the provider's subject: the one already linked to it,
// else the account of its e-mail (which it links), else a new account.
func (s *Server) oidcUser(ctx context.Context, subject, email string) (storage.User, error) {
	u, err := s.store.UserBySubject(ctx, subject)
	if err == nil {
		if u.Disabled {
			return u, errAccountDisabled
		}
		return u, nil
	}
	if !errors.Is(err, storage.ErrNotFound) {
		return u, err
	}
	e, err := checkEmail(email)
	if err != nil {
		return u, err
	}
	u, err = s.store.UserByEmail(ctx, e)
	switch {
	case err == nil:
		if u.Disabled {
			return u, errAccountDisabled
		}
		if u.OIDCSubject != "" {
			return u, errLinkedElsewhere
		}
		u.OIDCSubject = subject
		return u, s.store.UpdateUser(ctx, u)
	case errors.Is(err, storage.ErrNotFound):
		u = storage.User{ID: storage.NewID(), Email: e, OIDCSubject: subject, Created: s.now()}
		err := s.store.CreateUser(ctx, u)
		if errors.Is(err, storage.ErrExists) {
			// The same person's other sign-in, a moment earlier, made the account.
			return s.store.UserBySubject(ctx, subject)
		}
		if err == nil {
			s.audit(ctx, u, "user-added", "", "first single sign-on")
		}
		return u, err
	}
	return u, err
}
