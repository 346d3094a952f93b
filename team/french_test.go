//go:build !js

package team_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gc-aia/aia/internal/frenchtypo"
	"github.com/gc-aia/aia/team"
)

// TestErrorsInFrench: an error response carries its message in French too (errorFr),
// which the browser app shows on a French page: the errors a user of the app can meet
// (roles, conflicts, saved files the engine refuses, sizes, sign-in, invitations) are
// in the project's French (typography, glossary, no English), and error keeps the
// English.
func TestErrorsInFrench(t *testing.T) {
	glossary, err := frenchtypo.ReadGlossary("../docs/glossary.md")
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, "sqlite", nil)
	for _, u := range []string{"ana@x.ca", "bo@x.ca", "cy@x.ca"} {
		e.user(u, false)
	}
	e.user("admin@x.ca", true)
	file := sample(t)
	id := e.create("ana@x.ca", file)
	e.share("ana@x.ca", id, "bo@x.ca", "reader", false)
	v2 := withAnswer(t, file, "projectDetailsBranch", "Branch 2")
	if status, _, raw := e.call("ana@x.ca", "PUT", "assessments/"+id, map[string]any{"revision": 1, "file": json.RawMessage(v2)}); status != 200 {
		t.Fatalf("PUT: %d %s", status, raw)
	}
	type response struct {
		status int
		out    map[string]any
	}
	api := func(email, method, path string, body any) response {
		status, out, _ := e.call(email, method, path, body)
		return response{status, out}
	}
	b := e.browser()
	web := func(method, path string, body any, csrf bool) response {
		status, out := b.do(method, path, body, csrf)
		return response{status, out}
	}
	signIns := func() response {
		for i := range 10 {
			b.signIn("ana@x.ca", fmt.Sprint("wrong ", i))
		}
		return web("POST", "session", map[string]string{"email": "ana@x.ca", "password": "a long password ana@x.ca"}, false)
	}

	for _, c := range []struct {
		name   string
		got    response
		status int
		fr, en string // part of the French, and of the English
	}{
		{"a reader saves", api("bo@x.ca", "PUT", "assessments/"+id, map[string]any{"revision": 2, "file": json.RawMessage(v2)}), 403,
			"cette action demande le rôle «\u00a0Rédaction\u00a0»\u202f; le vôtre est «\u00a0Lecture\u00a0»", "this needs the editor role; yours is reader"},
		{"not an administrator", api("ana@x.ca", "GET", "users", nil), 403, "réservée aux administrateurs et aux administratrices", "this is for administrators"},
		{"not a member", api("cy@x.ca", "GET", "assessments/"+id, nil), 404, "évaluation introuvable", "no such assessment"},
		{"a stale save", api("ana@x.ca", "PUT", "assessments/"+id, map[string]any{"revision": 1, "file": json.RawMessage(file)}), 409,
			"la révision 1 n’est pas la dernière, c’est la 2\u202f; récupérez-la", "revision 1 is not the latest: 2 is"},
		{"the last owner leaves", api("ana@x.ca", "DELETE", "assessments/"+id+"/members/ana@x.ca", nil), 409, "au moins une personne propriétaire", "at least one owner"},
		{"an answer of the wrong type", api("ana@x.ca", "POST", "assessments", []byte(`{"version":"v1.0.1","data":{"impact1":{"x":1}}}`)), 400, "/data/impact1", "/data/impact1"},
		{"a saved file of the wrong type", api("ana@x.ca", "PUT", "assessments/"+id, map[string]any{"revision": 2, "file": json.RawMessage(`{"data":[]}`)}), 400, "/data", "/data"},
		{"an unknown version", api("ana@x.ca", "POST", "assessments", []byte(`{"version":"v9.9","data":{}}`)), 400, "version du questionnaire inconnue «\u00a0v9.9\u00a0»", `unknown questionnaire version "v9.9"`},
		{"too large", api("ana@x.ca", "POST", "assessments", bytes.Repeat([]byte(" "), team.MaxBodySize+1)), 413,
			fmt.Sprintf("le corps de la requête dépasse %d\u00a0octets", team.MaxBodySize), "the body is larger than"},
		{"a comment of the wrong type", api("ana@x.ca", "POST", "assessments/"+id+"/comments", map[string]any{"question": "impact1", "text": 5}), 400, "text doit être une chaîne", "text must be a string"},
		{"an empty comment", api("ana@x.ca", "POST", "assessments/"+id+"/comments", map[string]any{"question": "impact1", "text": " "}), 400, "l’observation est vide", "the comment is empty"},
		{"sharing with no account", api("ana@x.ca", "POST", "assessments/"+id+"/members", map[string]any{"email": "nobody@x.ca", "role": "reader"}), 400, "aucun compte n’a ce courriel", "no account has this e-mail"},
		{"not an e-mail", api("admin@x.ca", "POST", "users", map[string]any{"email": "nope"}), 400, "«\u00a0nope\u00a0» n’est pas un courriel", `"nope" is not an e-mail address`},
		{"a wrong password", web("POST", "session", map[string]string{"email": "ana@x.ca", "password": "wrong"}, false), 401, "courriel ou mot de passe erroné", "wrong e-mail or password"},
		{"signed out", web("GET", "session", nil, false), 401, "connectez-vous d’abord", "sign in first"},
		{"an unknown invitation", web("POST", "invitations", map[string]string{"invitation": "nope", "password": "twelve chars or more"}, false), 400, "l’invitation est inconnue", "the invitation is unknown"},
		{"a short password", web("POST", "invitations", map[string]string{"invitation": "nope", "password": "short"}, false), 400,
			"le mot de passe doit compter au moins 12\u00a0caractères", "the password must have at least 12 characters"},
		{"too many sign-ins", signIns(), 429, "trop de tentatives de connexion échouées\u00a0: réessayez dans ", "too many failed sign-ins: try again in "},
	} {
		en, _ := c.got.out["error"].(string)
		fr, _ := c.got.out["errorFr"].(string)
		if c.got.status != c.status || !strings.Contains(fr, c.fr) || !strings.Contains(en, c.en) {
			t.Errorf("%s: %d %q / %q, want %d with %q / %q", c.name, c.got.status, en, fr, c.status, c.en, c.fr)
			continue
		}
		for _, p := range frenchtypo.MessageProblems(en, fr, glossary) {
			t.Errorf("%s: %s", c.name, p)
		}
	}
	// The CSRF check, for a browser signed in.
	e.advance(16 * time.Minute)
	if status := b.signIn("ana@x.ca", "a long password ana@x.ca"); status != http.StatusOK {
		t.Fatalf("sign-in: %d", status)
	}
	if got := web("POST", "assessments", file, false); got.status != http.StatusForbidden || got.out["errorFr"] != "en-tête X-CSRF-Token absent ou erroné (requête intersite refusée)" {
		t.Errorf("without the CSRF token: %d %v", got.status, got.out)
	}
}
