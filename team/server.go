//go:build !js

// Package team is the team server ("aia team serve"): the browser app of package
// wasm/server, plus accounts, sign-in, shared assessments with roles, comments,
// revisions, review and an audit log, behind a JSON API under /api/v1 (described by
// OpenAPI, served at /api/v1/openapi.json).
//
// It is an adapter over the engine (packages aia and questionnaire) and the store
// (package team/storage), as the command line and the browser app are.
package team

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/team/storage"
)

// OpenAPI is the OpenAPI 3.1 description of the API.
//
//go:embed openapi.json
var OpenAPI []byte

// Options configure a Server.
type Options struct {
	// Store keeps the data.
	Store storage.Store
	// App serves the browser app (the static site); nil serves the API only.
	App http.Handler
	// URL is the server's public address, for invitation links and OpenID Connect
	// redirects; an https URL makes cookies Secure even when TLS ends at a proxy.
	URL string
	// BehindProxy trusts X-Forwarded-For for the client's address (rate limits, logs).
	BehindProxy bool
	// Versions are the questionnaires files may name; nil: the embedded versions.
	Versions *questionnaire.Registry
	// OIDC, when set, offers single sign-on.
	OIDC *OIDC
	// Log receives one line per request (method, route, status, time, user ID): never
	// answer text. nil discards.
	Log *slog.Logger
	// Now returns the time; nil is time.Now (tests set it).
	Now func() time.Time
}

// Server serves the team app and its API.
type Server struct {
	opts    Options
	scoring aia.Options // how saved files are read: the versions the server knows
	store   storage.Store
	mux     *http.ServeMux
	log     *slog.Logger
	byEmail *limiter // failed sign-ins per e-mail
	byAddr  *limiter // failed sign-ins per client address
	// dummyHash is checked for e-mails without an account, so that signing in takes
	// as long whether or not the account exists. It is made here, not when the
	// package is initialized: argon2id takes 19 MiB and a tenth of a second, which
	// every aia command would pay.
	dummyHash string
}

// MaxBodySize is the largest request body: a saved file of the largest size the engine
// reads, wrapped in its JSON envelope.
const MaxBodySize = aia.DefaultMaxFileSize + 64<<10

// NewServer returns a Server.
func NewServer(opts Options) (*Server, error) {
	if opts.Store == nil {
		return nil, errors.New("team server: no store")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, scoring: aia.Options{Versions: opts.Versions}, store: opts.Store, mux: http.NewServeMux(), log: log,
		byEmail: newLimiter(10, 15*time.Minute), byAddr: newLimiter(50, 15*time.Minute),
		dummyHash: HashPassword("not a password anyone has")}
	s.routes()
	return s, nil
}

func (s *Server) now() time.Time { return s.opts.Now() }

// ServeHTTP serves the API under /api/v1/, OpenID Connect under /auth/, and the app.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if v := recover(); v != nil {
			// A bug must not bring the server down nor reach the client.
			s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
			if !rec.wrote {
				writeError(rec, internalError(fmt.Errorf("panic: %v", v)))
			}
		}
		if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/auth/") {
			s.log.Info("request", "method", r.Method, "route", r.Pattern, "status", rec.status, "ms", time.Since(start).Milliseconds(), "user", rec.user)
		}
	}()
	if strings.HasPrefix(r.URL.Path, "/api/") || strings.HasPrefix(r.URL.Path, "/auth/") || s.opts.App == nil {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		s.mux.ServeHTTP(rec, r)
		return
	}
	s.opts.App.ServeHTTP(rec, r)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
	user   string
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// apiError is an error response: {"error", "errorFr", "field"}, its message in English
// and in French (the browser app shows that one on a French page).
type apiError struct {
	status int
	msg    string // in English
	msgFR  string // in French
	field  string
	err    error // logged, never sent
	extra  map[string]any
}

// newError returns the apiError of status with a message formatted in English (en) and
// in French (fr) with the same arguments: an error argument (%w) is given in each
// language (localize.Error). field is the request's field at fault, or "".
func newError(status int, field, en, fr string, args ...any) *apiError {
	err := localize.Errorf(en, fr, args...)
	return &apiError{status: status, field: field, msg: err.Error(), msgFR: localize.Error(err, questionnaire.French)}
}

func internalError(err error) *apiError {
	e := newError(http.StatusInternalServerError, "", "internal error; the server's log has the details",
		"erreur interne\u202f; le journal du serveur en donne le détail")
	e.err = err
	return e
}

func badRequest(field, en, fr string, args ...any) *apiError {
	return newError(http.StatusBadRequest, field, en, fr, args...)
}

var errNotFound = newError(http.StatusNotFound, "", "no such assessment", "évaluation introuvable")

func forbidden(en, fr string, args ...any) *apiError {
	return newError(http.StatusForbidden, "", en, fr, args...)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, internalError(err))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

func writeError(w http.ResponseWriter, e *apiError) {
	body := map[string]any{"error": e.msg}
	if e.msgFR != "" {
		body["errorFr"] = e.msgFR
	}
	if e.field != "" {
		body["field"] = e.field
	}
	for k, v := range e.extra {
		body[k] = v
	}
	if e.status == http.StatusTooManyRequests {
		if d, ok := e.extra["retryAfter"].(int); ok {
			w.Header().Set("Retry-After", fmt.Sprint(d))
		}
	}
	b, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(e.status)
	w.Write(append(b, '\n'))
}

// handler is an API handler: it writes its response, or returns the error to write.
type handler func(w http.ResponseWriter, r *http.Request, c caller) *apiError

// authed wraps h: the caller must be signed in.
func (s *Server) authed(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, e := s.authenticate(r)
		if e == nil {
			if rec, ok := w.(*statusRecorder); ok {
				rec.user = c.user.ID
			}
			e = h(w, r, c)
		}
		if e != nil {
			s.fail(w, r, e)
		}
	}
}

// public wraps h, for calls made before signing in. A POST must be JSON: a cross-site
// form cannot send that without the browser asking first (CORS), so no other site can
// sign a visitor in to an account of its choosing.
func (s *Server) public(h func(w http.ResponseWriter, r *http.Request) *apiError) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
				s.fail(w, r, newError(http.StatusUnsupportedMediaType, "", "the body must be JSON (Content-Type: application/json)",
					"le corps de la requête doit être du JSON (Content-Type application/json)"))
				return
			}
		}
		if e := h(w, r); e != nil {
			s.fail(w, r, e)
		}
	}
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, e *apiError) {
	if e.err != nil {
		s.log.Error("request failed", "method", r.Method, "route", r.Pattern, "error", e.err.Error())
	}
	writeError(w, e)
}

// readJSON decodes the body of r into v: at most MaxBodySize bytes (413 beyond), one
// JSON value, no unknown fields.
func readJSON(w http.ResponseWriter, r *http.Request, v any) *apiError {
	return readBody(w, r, func(b []byte) *apiError {
		d := json.NewDecoder(bytes.NewReader(b))
		d.DisallowUnknownFields()
		if err := d.Decode(v); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				en, fr := jsoncodec.TypeName(te.Type)
				return badRequest(te.Field, "%s must be %s", "%s doit être %s", te.Field, questionnaire.Text{EN: en, FR: fr})
			}
			if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
				f = strings.Trim(f, `"`)
				return badRequest(f, "unknown field %q", "champ inconnu «\u00a0%s\u00a0»", f)
			}
			return badRequest("", "the body is not the JSON expected: %w", "le corps de la requête n’est pas le JSON attendu\u00a0: %w", err)
		}
		if d.More() {
			return badRequest("", "the body holds more than one JSON value", "le corps de la requête contient plus d’une valeur JSON")
		}
		return nil
	})
}

// readBody reads the body of r (413 beyond MaxBodySize) and gives it to f.
func readBody(w http.ResponseWriter, r *http.Request, f func([]byte) *apiError) *apiError {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodySize))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return newError(http.StatusRequestEntityTooLarge, "", "the body is larger than %d bytes", "le corps de la requête dépasse %d\u00a0octets", MaxBodySize)
		}
		return badRequest("", "reading the body: %w", "lecture du corps de la requête\u00a0: %w", err)
	}
	return f(b)
}

// audit records an event; a failure is logged, not hidden from the log.
func (s *Server) audit(ctx context.Context, actor storage.User, action, assessment, detail string) {
	if err := s.store.Record(ctx, storage.Event{Time: s.now(), Actor: actor.Email, Action: action, Assessment: assessment, Detail: detail}); err != nil {
		s.log.Error("audit", "action", action, "error", err.Error())
	}
}
