//go:build !js

package team

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/record"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/team/storage"
	"github.com/gc-aia/aia/wasm/engine"
)

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /api/v1/openapi.json", serveJSON(OpenAPI))
	m.HandleFunc("GET /api/v1/schemas/savedfile.schema.json", serveJSON(aia.SavedFileSchema()))
	m.HandleFunc("GET /api/v1/schemas/score-record.schema.json", serveJSON(record.Schema))
	m.HandleFunc("GET /api/v1/server", s.public(s.serverInfo))
	m.HandleFunc("POST /api/v1/session", s.public(s.signIn))
	m.HandleFunc("POST /api/v1/invitations", s.public(s.acceptInvitation))
	m.HandleFunc("GET /api/v1/session", s.authed(s.whoAmI))
	m.HandleFunc("DELETE /api/v1/session", s.authed(s.signOut))
	m.HandleFunc("DELETE /api/v1/sessions", s.authed(s.signOutEverywhere))

	m.HandleFunc("POST /api/v1/assessments", s.authed(s.createAssessment))
	m.HandleFunc("GET /api/v1/assessments", s.authed(s.listAssessments))
	m.HandleFunc("GET /api/v1/assessments/{id}", s.member(storage.Reader, s.getAssessment))
	m.HandleFunc("PUT /api/v1/assessments/{id}", s.member(storage.Editor, s.putAssessment))
	m.HandleFunc("DELETE /api/v1/assessments/{id}", s.member(storage.Owner, s.deleteAssessment))

	m.HandleFunc("GET /api/v1/assessments/{id}/members", s.member(storage.Reader, s.listMembers))
	m.HandleFunc("POST /api/v1/assessments/{id}/members", s.member(storage.Owner, s.setMember))
	m.HandleFunc("DELETE /api/v1/assessments/{id}/members/{email}", s.member(storage.Owner, s.removeMember))

	m.HandleFunc("GET /api/v1/assessments/{id}/comments", s.member(storage.Reader, s.listComments))
	m.HandleFunc("POST /api/v1/assessments/{id}/comments", s.member(storage.Commenter, s.addComment))
	m.HandleFunc("PATCH /api/v1/assessments/{id}/comments/{cid}", s.member(storage.Commenter, s.resolveComment))

	m.HandleFunc("GET /api/v1/assessments/{id}/revisions", s.member(storage.Reader, s.listRevisions))
	m.HandleFunc("GET /api/v1/assessments/{id}/revisions/{n}", s.member(storage.Reader, s.getRevision))
	m.HandleFunc("POST /api/v1/assessments/{id}/revisions/{n}/restore", s.member(storage.Editor, s.restoreRevision))

	m.HandleFunc("GET /api/v1/assessments/{id}/review", s.member(storage.Reader, s.getReview))
	m.HandleFunc("POST /api/v1/assessments/{id}/review/submit", s.member(storage.Owner, s.submitForReview))
	m.HandleFunc("PUT /api/v1/assessments/{id}/review/sections/{section}", s.member(storage.Reader, s.reviewSection))
	m.HandleFunc("POST /api/v1/assessments/{id}/review/approve", s.member(storage.Reader, s.approve))

	m.HandleFunc("POST /api/v1/assessments/{id}/presence", s.member(storage.Reader, s.presence))
	m.HandleFunc("GET /api/v1/assessments/{id}/audit", s.member(storage.Owner, s.assessmentAudit))

	m.HandleFunc("GET /api/v1/audit", s.authed(s.admin(s.allAudit)))
	m.HandleFunc("GET /api/v1/users", s.authed(s.admin(s.listUsers)))
	m.HandleFunc("POST /api/v1/users", s.authed(s.admin(s.addUser)))
	m.HandleFunc("PATCH /api/v1/users/{email}", s.authed(s.admin(s.changeUser)))

	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, newError(http.StatusNotFound, "", "no such API call: %s %s", "appel d’API inconnu\u00a0: %s %s", r.Method, r.URL.Path))
	})
	if s.opts.OIDC != nil {
		m.HandleFunc("GET /auth/oidc/login", s.oidcLogin)
		m.HandleFunc("GET /auth/oidc/callback", s.oidcCallback)
	}
}

// serveJSON serves a fixed JSON document: the API's description and the schemas it
// references (relative to it, so tools resolve them from the server).
func serveJSON(doc []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(doc)
	}
}

// membership is the caller's standing on the assessment of a request.
type membership struct {
	caller
	storage.Listed
}

// member wraps h for a call on /assessments/{id}: the caller must be a member with at
// least role min. For anyone else the assessment does not exist (404); a member whose
// role falls short gets 403.
func (s *Server) member(min storage.Role, h func(w http.ResponseWriter, r *http.Request, m membership) *apiError) http.HandlerFunc {
	return s.authed(func(w http.ResponseWriter, r *http.Request, c caller) *apiError {
		a, err := s.store.Assessment(r.Context(), r.PathValue("id"), c.user.ID)
		if errors.Is(err, storage.ErrNotFound) {
			return errNotFound
		}
		if err != nil {
			return internalError(err)
		}
		if !a.Role.AtLeast(min) {
			return forbidden("this needs the %[1]s role; yours is %[2]s", "cette action demande le rôle «\u00a0%[3]s\u00a0»\u202f; le vôtre est «\u00a0%[4]s\u00a0»",
				min, a.Role, roleFR(min), roleFR(a.Role))
		}
		return h(w, r, membership{c, a})
	})
}

// roleFR is a role's name in French, as the browser app shows it.
func roleFR(r storage.Role) string {
	switch r {
	case storage.Owner:
		return "Propriétaire"
	case storage.Editor:
		return "Rédaction"
	case storage.Commenter:
		return "Annotation"
	case storage.Reader:
		return "Lecture"
	}
	return string(r)
}

func (s *Server) admin(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request, c caller) *apiError {
		if !c.user.Admin {
			return forbidden("this is for administrators", "cette action est réservée aux administrateurs et aux administratrices")
		}
		return h(w, r, c)
	}
}

// Sign-in.

func (s *Server) serverInfo(w http.ResponseWriter, r *http.Request) *apiError {
	writeJSON(w, http.StatusOK, map[string]any{"team": true, "oidc": s.opts.OIDC != nil, "minPasswordLength": MinPasswordLength})
	return nil
}

type sessionInfo struct {
	Email string `json:"email"`
	Admin bool   `json:"admin"`
	CSRF  string `json:"csrf,omitempty"`
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) *apiError {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if e := readJSON(w, r, &in); e != nil {
		return e
	}
	email := normalizeEmail(in.Email)
	now := s.now()
	addr := s.clientAddress(r)
	if d := max(s.byEmail.wait(email, now), s.byAddr.wait(addr, now)); d > 0 {
		secs := int(d/time.Second) + 1
		e := newError(http.StatusTooManyRequests, "", "too many failed sign-ins: try again in %d s", "trop de tentatives de connexion échouées\u00a0: réessayez dans %d\u00a0s", secs)
		e.extra = map[string]any{"retryAfter": secs}
		return e
	}
	u, err := s.store.UserByEmail(r.Context(), email)
	if err != nil && !errors.Is(err, storage.ErrNotFound) {
		return internalError(err)
	}
	if err != nil || u.Disabled || u.PasswordHash == "" || !CheckPassword(u.PasswordHash, in.Password) {
		if err != nil {
			CheckPassword(s.dummyHash, in.Password) // the same time whether or not the account exists
		}
		s.byEmail.fail(email, now)
		s.byAddr.fail(addr, now)
		return newError(http.StatusUnauthorized, "", "wrong e-mail or password", "courriel ou mot de passe erroné")
	}
	csrf, err := s.startSession(w, r, u)
	if err != nil {
		return internalError(err)
	}
	s.audit(r.Context(), u, "sign-in", "", "password")
	writeJSON(w, http.StatusOK, sessionInfo{Email: u.Email, Admin: u.Admin, CSRF: csrf})
	return nil
}

func normalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

func (s *Server) acceptInvitation(w http.ResponseWriter, r *http.Request) *apiError {
	var in struct {
		Invitation string `json:"invitation"`
		Password   string `json:"password"`
	}
	if e := readJSON(w, r, &in); e != nil {
		return e
	}
	if err := CheckNewPassword(in.Password); err != nil {
		return badRequest("password", "%w", "%w", err)
	}
	u, err := s.store.UseInvitation(r.Context(), hashSecret(in.Invitation), s.now())
	if errors.Is(err, storage.ErrNotFound) {
		return badRequest("invitation", "the invitation is unknown, used or expired: ask an administrator for a new one",
			"l’invitation est inconnue, déjà utilisée ou expirée\u00a0: demandez-en une nouvelle à un administrateur ou à une administratrice")
	}
	if err != nil {
		return internalError(err)
	}
	u.PasswordHash = HashPassword(in.Password)
	if err := s.store.UpdateUser(r.Context(), u); err != nil {
		return internalError(err)
	}
	s.store.DeleteSessions(r.Context(), u.ID) // a new password ends the sessions of the old one
	csrf, err := s.startSession(w, r, u)
	if err != nil {
		return internalError(err)
	}
	s.audit(r.Context(), u, "password-set", "", "invitation")
	writeJSON(w, http.StatusOK, sessionInfo{Email: u.Email, Admin: u.Admin, CSRF: csrf})
	return nil
}

func (s *Server) whoAmI(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	writeJSON(w, http.StatusOK, sessionInfo{Email: c.user.Email, Admin: c.user.Admin, CSRF: c.csrf})
	return nil
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if c.session != "" {
		if err := s.store.DeleteSession(r.Context(), c.session); err != nil {
			return internalError(err)
		}
	}
	s.endSessionCookie(w, r)
	s.audit(r.Context(), c.user, "sign-out", "", "")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	if err := s.store.DeleteSessions(r.Context(), c.user.ID); err != nil {
		return internalError(err)
	}
	s.endSessionCookie(w, r)
	s.audit(r.Context(), c.user, "sign-out-everywhere", "", "")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Assessments.

// scored is a saved file the engine has read.
type scored struct {
	report *aia.Report
	meta   storage.Meta
}

// score checks file against the saved-file schema and scores it; what is wrong gets a
// 400 naming the JSON pointer at fault, under prefix (the file's place in the body).
func (s *Server) score(file []byte, prefix string) (scored, *apiError) {
	if len(bytes.TrimSpace(file)) == 0 {
		return scored{}, badRequest(prefix, "the saved file is missing", "le fichier enregistré est absent")
	}
	if !utf8.Valid(file) {
		return scored{}, badRequest(prefix, "the saved file is not valid UTF-8", "le fichier enregistré n’est pas de l’UTF-8 valide")
	}
	if err := aia.ValidateSavedFile(file); err != nil {
		var se *aia.SchemaError
		if errors.As(err, &se) && len(se.Problems) > 0 {
			p := se.Problems[0]
			return scored{}, badRequest(prefix+p.Pointer, "%w", "%w", err)
		}
		return scored{}, badRequest(prefix, "%w", "%w", err)
	}
	rep, err := aia.ScoreFile(file, s.scoring)
	if err != nil {
		var fe *aia.FileError
		field := prefix
		if errors.As(err, &fe) {
			field += fe.Pointer
		}
		var uv *questionnaire.UnknownVersionError
		if errors.As(err, &uv) {
			field = prefix + "/version"
		}
		return scored{}, badRequest(field, "%w", "%w", err)
	}
	return scored{report: rep, meta: storage.Meta{Title: engine.Title(file), Version: rep.Questionnaire, Level: int(rep.Level)}}, nil
}

// reportJSON is the score record of a report (the line of aia score --format jsonl).
func reportJSON(id string, rep *aia.Report, r *http.Request) json.RawMessage {
	lang := questionnaire.English
	if r.URL.Query().Get("lang") == "fr" {
		lang = questionnaire.French
	}
	texts := r.URL.Query().Get("texts") == "1"
	b := record.NewEncoder(lang, texts).Append(nil, id, rep)
	return bytes.TrimSuffix(b, []byte("\n"))
}

func (s *Server) createAssessment(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	return readBody(w, r, func(file []byte) *apiError {
		sc, e := s.score(file, "")
		if e != nil {
			return e
		}
		a := storage.Assessment{ID: storage.NewID(), Title: sc.meta.Title, Version: sc.meta.Version, Level: sc.meta.Level, Created: s.now()}
		if err := s.store.CreateAssessment(r.Context(), a, file, c.user); err != nil {
			return internalError(err)
		}
		s.audit(r.Context(), c.user, "create", a.ID, fmt.Sprintf("revision 1, level %d", a.Level))
		w.Header().Set("Location", "assessments/"+a.ID)
		writeJSON(w, http.StatusCreated, map[string]string{"id": a.ID})
		return nil
	})
}

type listedJSON struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Version    string    `json:"version"`
	Level      int       `json:"level"`
	Revision   int       `json:"revision"`
	Updated    time.Time `json:"updated"`
	Role       string    `json:"role"`
	Reviewer   bool      `json:"reviewer"`
	Review     string    `json:"review"`
	ApprovedBy string    `json:"approvedBy,omitempty"`
	ApprovedAt string    `json:"approvedAt,omitempty"`
}

func listed(l storage.Listed) listedJSON {
	j := listedJSON{ID: l.ID, Title: l.Title, Version: l.Version, Level: l.Level, Revision: l.Revision, Updated: l.Updated,
		Role: string(l.Role), Reviewer: l.Reviewer, Review: l.Review, ApprovedBy: l.ApprovedBy}
	if !l.ApprovedAt.IsZero() {
		j.ApprovedAt = l.ApprovedAt.Format(time.RFC3339)
	}
	return j
}

func (s *Server) listAssessments(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	list, err := s.store.Assessments(r.Context(), c.user.ID)
	if err != nil {
		return internalError(err)
	}
	out := make([]listedJSON, len(list))
	for i, l := range list {
		out[i] = listed(l)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) getAssessment(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	rev, err := s.store.Revision(r.Context(), m.ID, m.Revision)
	if err != nil {
		return internalError(err)
	}
	return s.writeRevision(w, r, m, rev)
}

// writeRevision writes a revision with its file and the engine's report of it.
func (s *Server) writeRevision(w http.ResponseWriter, r *http.Request, m membership, rev storage.Revision) *apiError {
	rep, err := aia.ScoreFile(rev.File, s.scoring)
	var report json.RawMessage
	if err == nil {
		report = reportJSON(m.ID, rep, r)
	} else {
		// A revision stored under a questionnaire this server no longer knows: the file
		// is still the user's, the report says why it is missing.
		report, _ = json.Marshal(map[string]string{"source": m.ID, "error": err.Error()})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": m.ID, "revision": rev.N, "latest": m.Revision, "title": m.Title, "role": m.Role, "reviewer": m.Reviewer, "review": m.Review,
		"author": rev.Author, "time": rev.Time, "file": json.RawMessage(rev.File), "report": report,
	})
	return nil
}

func (s *Server) putAssessment(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	var in struct {
		Revision *int            `json:"revision"`
		File     json.RawMessage `json:"file"`
	}
	if e := readJSON(w, r, &in); e != nil {
		return e
	}
	if in.Revision == nil {
		return badRequest("revision", "revision (the revision the change is based on) is missing",
			"le champ revision (la révision dont part la modification) est absent")
	}
	sc, e := s.score(in.File, "/file")
	if e != nil {
		return e
	}
	return s.saveRevision(w, r, m, *in.Revision, in.File, sc.meta, 0)
}

func (s *Server) saveRevision(w http.ResponseWriter, r *http.Request, m membership, base int, file []byte, meta storage.Meta, restoredFrom int) *apiError {
	n, err := s.store.SaveRevision(r.Context(), m.ID, base, file, meta, m.user, restoredFrom, s.now())
	var conflict *storage.ConflictError
	if errors.As(err, &conflict) {
		e := newError(http.StatusConflict, "revision", "revision %d is not the latest: %d is; fetch it, merge, and save again",
			"la révision %d n’est pas la dernière, c’est la %d\u202f; récupérez-la, fusionnez, puis enregistrez de nouveau", base, conflict.Current)
		e.extra = map[string]any{"revision": conflict.Current}
		return e
	}
	if err != nil {
		return internalError(err)
	}
	if m.Review == storage.Approved {
		// An approval is of what was approved: a change makes the assessment a draft again.
		if err := s.store.SetReview(r.Context(), m.ID, storage.Draft, "", time.Time{}); err != nil {
			return internalError(err)
		}
	}
	detail := fmt.Sprintf("revision %d, level %d", n, meta.Level)
	if restoredFrom > 0 {
		detail += fmt.Sprintf(", restored from revision %d", restoredFrom)
	}
	s.audit(r.Context(), m.user, "revision", m.ID, detail)
	writeJSON(w, http.StatusOK, map[string]int{"revision": n})
	return nil
}

func (s *Server) deleteAssessment(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	if err := s.store.DeleteAssessment(r.Context(), m.ID); err != nil {
		return internalError(err)
	}
	s.audit(r.Context(), m.user, "delete", m.ID, fmt.Sprintf("at revision %d", m.Revision))
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Members.

type memberJSON struct {
	Email    string `json:"email"`
	Role     string `json:"role"`
	Reviewer bool   `json:"reviewer"`
}

func (s *Server) listMembers(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	list, err := s.store.Members(r.Context(), m.ID)
	if err != nil {
		return internalError(err)
	}
	out := make([]memberJSON, len(list))
	for i, x := range list {
		out[i] = memberJSON{x.Email, string(x.Role), x.Reviewer}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) setMember(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	var in memberJSON
	if e := readJSON(w, r, &in); e != nil {
		return e
	}
	role := storage.Role(in.Role)
	if !role.Valid() {
		return badRequest("role", "role must be owner, editor, commenter or reader", "role doit valoir owner, editor, commenter ou reader")
	}
	u, err := s.store.UserByEmail(r.Context(), normalizeEmail(in.Email))
	if errors.Is(err, storage.ErrNotFound) {
		return badRequest("email", "no account has this e-mail: an administrator adds it first (aia team users add)",
			"aucun compte n’a ce courriel\u00a0: un administrateur ou une administratrice doit d’abord l’ajouter (aia team users add)")
	}
	if err != nil {
		return internalError(err)
	}
	switch err := s.store.SetMember(r.Context(), m.ID, storage.Member{UserID: u.ID, Role: role, Reviewer: in.Reviewer}); {
	case errors.Is(err, storage.ErrLastOwner):
		return errLastOwner("role")
	case err != nil:
		return internalError(err)
	}
	s.audit(r.Context(), m.user, "share", m.ID, fmt.Sprintf("%s: %s, reviewer %v", u.Email, role, in.Reviewer))
	writeJSON(w, http.StatusOK, memberJSON{u.Email, string(role), in.Reviewer})
	return nil
}

func errLastOwner(field string) *apiError {
	return newError(http.StatusConflict, field, "the assessment must keep at least one owner", "l’évaluation doit garder au moins une personne propriétaire")
}

func (s *Server) removeMember(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	email := normalizeEmail(r.PathValue("email"))
	u, err := s.store.UserByEmail(r.Context(), email)
	if err == nil {
		err = s.store.RemoveMember(r.Context(), m.ID, u.ID)
	}
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return newError(http.StatusNotFound, "email", "no member has this e-mail", "aucun membre n’a ce courriel")
	case errors.Is(err, storage.ErrLastOwner):
		return errLastOwner("email")
	case err != nil:
		return internalError(err)
	}
	s.audit(r.Context(), m.user, "unshare", m.ID, email)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// Comments.

type commentJSON struct {
	ID       string    `json:"id"`
	Author   string    `json:"author"`
	Time     time.Time `json:"time"`
	Question string    `json:"question"`
	Text     string    `json:"text"`
	Resolved bool      `json:"resolved"`
}

func commentOut(c storage.Comment) commentJSON {
	return commentJSON{c.ID, c.Author, c.Time, c.Question, c.Text, c.Resolved}
}

// MaxCommentLength is the longest comment, in characters.
const MaxCommentLength = 10_000

func (s *Server) listComments(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	list, err := s.store.Comments(r.Context(), m.ID)
	if err != nil {
		return internalError(err)
	}
	out := make([]commentJSON, len(list))
	for i, c := range list {
		out[i] = commentOut(c)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) addComment(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	var in struct {
		Question string `json:"question"`
		Text     string `json:"text"`
	}
	if e := readJSON(w, r, &in); e != nil {
		return e
	}
	text := strings.TrimSpace(in.Text)
	switch {
	case text == "":
		return badRequest("text", "the comment is empty", "l’observation est vide")
	case utf8.RuneCountInString(text) > MaxCommentLength:
		return errCommentTooLong("text")
	case len(in.Question) > 200:
		return badRequest("question", "question is not a question ID", "question n’est pas un identifiant de question")
	}
	c := storage.Comment{ID: storage.NewID(), Author: m.user.Email, Question: in.Question, Text: text, Time: s.now()}
	if err := s.store.AddComment(r.Context(), m.ID, c, m.user); err != nil {
		return internalError(err)
	}
	s.audit(r.Context(), m.user, "comment", m.ID, "on "+orWhole(in.Question))
	writeJSON(w, http.StatusCreated, commentOut(c))
	return nil
}

func errCommentTooLong(field string) *apiError {
	return badRequest(field, "the comment is longer than %d characters", "l’observation dépasse %d\u00a0caractères", MaxCommentLength)
}

func orWhole(question string) string {
	if question == "" {
		return "the assessment"
	}
	return question
}

func (s *Server) resolveComment(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	var in struct {
		Resolved *bool `json:"resolved"`
	}
	if e := readJSON(w, r, &in); e != nil {
		return e
	}
	if in.Resolved == nil {
		return badRequest("resolved", "resolved (true or false) is missing", "le champ resolved (true ou false) est absent")
	}
	c, err := s.store.ResolveComment(r.Context(), m.ID, r.PathValue("cid"), *in.Resolved)
	if errors.Is(err, storage.ErrNotFound) {
		return newError(http.StatusNotFound, "", "no such comment", "observation introuvable")
	}
	if err != nil {
		return internalError(err)
	}
	s.audit(r.Context(), m.user, "comment-resolved", m.ID, fmt.Sprintf("comment %s: %v", c.ID, c.Resolved))
	writeJSON(w, http.StatusOK, commentOut(c))
	return nil
}

// Revisions.

func (s *Server) listRevisions(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	list, err := s.store.Revisions(r.Context(), m.ID)
	if err != nil {
		return internalError(err)
	}
	type revisionJSON struct {
		N            int       `json:"n"`
		Author       string    `json:"author"`
		Time         time.Time `json:"time"`
		Level        int       `json:"level"`
		RestoredFrom int       `json:"restoredFrom,omitempty"`
	}
	out := make([]revisionJSON, len(list))
	for i, v := range list {
		out[i] = revisionJSON{v.N, v.Author, v.Time, v.Level, v.RestoredFrom}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) revisionOf(r *http.Request, m membership) (storage.Revision, *apiError) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		return storage.Revision{}, badRequest("n", "the revision number must be a whole number from 1", "le numéro de révision doit être un nombre entier à partir de 1")
	}
	rev, err := s.store.Revision(r.Context(), m.ID, n)
	if errors.Is(err, storage.ErrNotFound) {
		return rev, newError(http.StatusNotFound, "", "no revision %d", "la révision %d n’existe pas", n)
	}
	if err != nil {
		return rev, internalError(err)
	}
	return rev, nil
}

func (s *Server) getRevision(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	rev, e := s.revisionOf(r, m)
	if e != nil {
		return e
	}
	return s.writeRevision(w, r, m, rev)
}

func (s *Server) restoreRevision(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	rev, e := s.revisionOf(r, m)
	if e != nil {
		return e
	}
	meta := storage.Meta{Title: engine.Title(rev.File), Version: m.Version, Level: rev.Level}
	if sc, e := s.score(rev.File, ""); e == nil { // else a questionnaire this server no longer knows
		meta = sc.meta
	}
	return s.saveRevision(w, r, m, m.Revision, rev.File, meta, rev.N)
}

// Review.

func (s *Server) getReview(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	list, err := s.store.SectionReviews(r.Context(), m.ID)
	if err != nil {
		return internalError(err)
	}
	type sectionJSON struct {
		Section  string    `json:"section"`
		Status   string    `json:"status"`
		Comment  string    `json:"comment"`
		Reviewer string    `json:"reviewer"`
		Time     time.Time `json:"time"`
	}
	sections := make([]sectionJSON, len(list))
	for i, x := range list {
		sections[i] = sectionJSON{x.Section, x.Status, x.Comment, x.Reviewer, x.Time}
	}
	l := listed(m.Listed)
	writeJSON(w, http.StatusOK, map[string]any{"status": l.Review, "approvedBy": l.ApprovedBy, "approvedAt": l.ApprovedAt, "sections": sections})
	return nil
}

func (s *Server) submitForReview(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	if m.Review == storage.InReview {
		return newError(http.StatusConflict, "", "the assessment is already in review", "l’évaluation est déjà en examen")
	}
	if err := s.store.ClearSectionReviews(r.Context(), m.ID); err != nil {
		return internalError(err)
	}
	if err := s.store.SetReview(r.Context(), m.ID, storage.InReview, "", time.Time{}); err != nil {
		return internalError(err)
	}
	s.audit(r.Context(), m.user, "review-submitted", m.ID, fmt.Sprintf("revision %d", m.Revision))
	writeJSON(w, http.StatusOK, map[string]string{"status": storage.InReview})
	return nil
}

// underReview checks that the caller may review now.
func underReview(m membership) *apiError {
	if !m.Reviewer {
		return forbidden("only a member with the reviewer flag reviews", "seul un membre marqué «\u00a0Examinateur ou examinatrice\u00a0» peut faire l’examen")
	}
	if m.Review != storage.InReview && m.Review != storage.ChangesWanted {
		return newError(http.StatusConflict, "", "the assessment is not in review: its owner submits it first",
			"l’évaluation n’est pas en examen\u00a0: son ou sa propriétaire doit d’abord la soumettre")
	}
	return nil
}

func (s *Server) reviewSection(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	if e := underReview(m); e != nil {
		return e
	}
	var in struct {
		Status  string `json:"status"`
		Comment string `json:"comment"`
	}
	if e := readJSON(w, r, &in); e != nil {
		return e
	}
	if in.Status != storage.SectionOK && in.Status != storage.SectionChanges {
		return badRequest("status", "status must be %q or %q", "status doit valoir «\u00a0%s\u00a0» ou «\u00a0%s\u00a0»", storage.SectionOK, storage.SectionChanges)
	}
	if utf8.RuneCountInString(in.Comment) > MaxCommentLength {
		return errCommentTooLong("comment")
	}
	section := r.PathValue("section")
	rev, err := s.store.Revision(r.Context(), m.ID, m.Revision)
	if err != nil {
		return internalError(err)
	}
	rep, err := aia.ScoreFile(rev.File, s.scoring)
	if err != nil {
		return badRequest("", "the latest revision cannot be scored: %w", "la cote de la dernière révision ne peut pas être calculée\u00a0: %w", err)
	}
	known := false
	for _, sec := range rep.Sections {
		known = known || sec.ID == section
	}
	if !known {
		return newError(http.StatusNotFound, "section", "the questionnaire %s has no section %q", "le questionnaire %s n’a pas de section «\u00a0%s\u00a0»", rep.Questionnaire, section)
	}
	sr := storage.SectionReview{Section: section, Status: in.Status, Comment: strings.TrimSpace(in.Comment), Reviewer: m.user.Email, Time: s.now()}
	if err := s.store.SetSectionReview(r.Context(), m.ID, sr, m.user); err != nil {
		return internalError(err)
	}
	state := storage.InReview
	if in.Status == storage.SectionChanges {
		state = storage.ChangesWanted
	} else if list, err := s.store.SectionReviews(r.Context(), m.ID); err == nil {
		for _, x := range list {
			if x.Status == storage.SectionChanges {
				state = storage.ChangesWanted
			}
		}
	}
	if state != m.Review {
		if err := s.store.SetReview(r.Context(), m.ID, state, "", time.Time{}); err != nil {
			return internalError(err)
		}
	}
	s.audit(r.Context(), m.user, "review", m.ID, fmt.Sprintf("section %s: %s", section, in.Status))
	writeJSON(w, http.StatusOK, map[string]string{"section": section, "status": in.Status, "review": state})
	return nil
}

func (s *Server) approve(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	if e := underReview(m); e != nil {
		return e
	}
	list, err := s.store.SectionReviews(r.Context(), m.ID)
	if err != nil {
		return internalError(err)
	}
	for _, x := range list {
		if x.Status == storage.SectionChanges {
			return newError(http.StatusConflict, "section", "section %s needs changes: accept it before approving",
				"la section %s demande des modifications\u00a0: acceptez-la avant d’approuver", x.Section)
		}
	}
	now := s.now()
	if err := s.store.SetReview(r.Context(), m.ID, storage.Approved, m.user.Email, now); err != nil {
		return internalError(err)
	}
	s.audit(r.Context(), m.user, "approve", m.ID, fmt.Sprintf("revision %d", m.Revision))
	writeJSON(w, http.StatusOK, map[string]any{"status": storage.Approved, "approvedBy": m.user.Email, "approvedAt": now.UTC().Format(time.RFC3339), "revision": m.Revision})
	return nil
}

// Presence.

// PresenceWindow is how recently a member must have said they have an assessment open
// to be shown as having it open.
const PresenceWindow = 45 * time.Second

func (s *Server) presence(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	now := s.now()
	others, err := s.store.See(r.Context(), m.ID, m.user.ID, now, now.Add(-PresenceWindow))
	if err != nil {
		return internalError(err)
	}
	if others == nil {
		others = []string{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"others": others, "revision": m.Revision})
	return nil
}

// Audit and accounts.

type eventJSON struct {
	Time       time.Time `json:"time"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	Assessment string    `json:"assessment,omitempty"`
	Detail     string    `json:"detail,omitempty"`
}

func (s *Server) writeEvents(w http.ResponseWriter, r *http.Request, assessment string) *apiError {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 10_000 {
		limit = 1000
	}
	list, err := s.store.Events(r.Context(), assessment, limit)
	if err != nil {
		return internalError(err)
	}
	out := make([]eventJSON, len(list))
	for i, e := range list {
		out[i] = eventJSON{e.Time, e.Actor, e.Action, e.Assessment, e.Detail}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) assessmentAudit(w http.ResponseWriter, r *http.Request, m membership) *apiError {
	return s.writeEvents(w, r, m.ID)
}

func (s *Server) allAudit(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	return s.writeEvents(w, r, "")
}

type userJSON struct {
	Email       string    `json:"email"`
	Admin       bool      `json:"admin"`
	Disabled    bool      `json:"disabled"`
	HasPassword bool      `json:"hasPassword"`
	SSO         bool      `json:"sso"`
	Created     time.Time `json:"created"`
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	list, err := s.store.Users(r.Context())
	if err != nil {
		return internalError(err)
	}
	out := make([]userJSON, len(list))
	for i, u := range list {
		out[i] = userJSON{u.Email, u.Admin, u.Disabled, u.PasswordHash != "", u.OIDCSubject != "", u.Created}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) addUser(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	var in struct {
		Email string `json:"email"`
		Admin bool   `json:"admin"`
	}
	if e := readJSON(w, r, &in); e != nil {
		return e
	}
	u, link, err := AddUser(r.Context(), s.store, in.Email, in.Admin, s.opts.URL)
	if errors.Is(err, storage.ErrExists) {
		return newError(http.StatusConflict, "email", "an account with this e-mail exists", "un compte a déjà ce courriel")
	}
	var bad *BadEmailError
	if errors.As(err, &bad) {
		return badRequest("email", "%w", "%w", err)
	}
	if err != nil {
		return internalError(err)
	}
	s.audit(r.Context(), c.user, "user-added", "", fmt.Sprintf("%s, admin %v", u.Email, u.Admin))
	writeJSON(w, http.StatusCreated, map[string]string{"email": u.Email, "invitation": link})
	return nil
}

func (s *Server) changeUser(w http.ResponseWriter, r *http.Request, c caller) *apiError {
	var in struct {
		Admin    *bool `json:"admin"`
		Disabled *bool `json:"disabled"`
	}
	if e := readJSON(w, r, &in); e != nil {
		return e
	}
	u, err := s.store.UserByEmail(r.Context(), normalizeEmail(r.PathValue("email")))
	if errors.Is(err, storage.ErrNotFound) {
		return newError(http.StatusNotFound, "email", "no account has this e-mail", "aucun compte n’a ce courriel")
	}
	if err != nil {
		return internalError(err)
	}
	if u.ID == c.user.ID && ((in.Admin != nil && !*in.Admin) || (in.Disabled != nil && *in.Disabled)) {
		return newError(http.StatusConflict, "", "administrators cannot remove their own rights or account",
			"les administrateurs et administratrices ne peuvent retirer ni leurs propres droits ni leur propre compte")
	}
	if in.Admin != nil {
		u.Admin = *in.Admin
	}
	if in.Disabled != nil {
		u.Disabled = *in.Disabled
	}
	if err := s.store.UpdateUser(r.Context(), u); err != nil {
		return internalError(err)
	}
	if u.Disabled {
		s.store.DeleteSessions(r.Context(), u.ID)
	}
	s.audit(r.Context(), c.user, "user-changed", "", fmt.Sprintf("%s: admin %v, disabled %v", u.Email, u.Admin, u.Disabled))
	writeJSON(w, http.StatusOK, userJSON{u.Email, u.Admin, u.Disabled, u.PasswordHash != "", u.OIDCSubject != "", u.Created})
	return nil
}
