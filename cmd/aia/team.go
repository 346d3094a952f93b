//go:build !js

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gc-aia/aia/team"
	"github.com/gc-aia/aia/team/storage"
	"github.com/gc-aia/aia/wasm/server"
)

const teamHelp = `
The team server: the browser app with accounts, shared assessments, roles (owner,
editor, commenter, reader), comments, revisions, review and an audit log, on a SQLite
database (--data DIR, the default) or PostgreSQL (--database postgres://…). "aia serve"
stays the single-user app, without accounts.

Every team command takes the same --data or --database flag.`

// storeFlags are --data and --database, shared by every team command.
type storeFlags struct{ data, database string }

func addStoreFlags(c *cobra.Command) *storeFlags {
	f := &storeFlags{}
	c.Flags().StringVar(&f.data, "data", "aia-team-data", "`directory` of the SQLite database (created if needed)")
	c.Flags().StringVar(&f.database, "database", "", "PostgreSQL `URL` (postgres://user:password@host/db) instead of SQLite")
	c.MarkFlagDirname("data")
	return f
}

func (f *storeFlags) open(ctx context.Context) (storage.Store, error) {
	where := f.data
	if f.database != "" {
		where = f.database
	}
	return storage.Open(ctx, where)
}

// teamCommands are the commands of the team server, which the js/wasm build (whose
// SQLite driver cannot be built there) leaves out.
func teamCommands(e *env) []*cobra.Command { return []*cobra.Command{newTeamCommand(e)} }

func newTeamCommand(e *env) *cobra.Command {
	c := setUsage(&cobra.Command{Short: "run a server for teams: accounts, roles, comments, revisions, review"}, "team", teamHelp, "  aia team users add ana@example.gc.ca --admin\n  aia team serve --url https://aia.example.gc.ca/")
	c.AddCommand(newTeamServeCommand(e), newTeamUsersCommand(e), newTeamTokensCommand(e), newTeamBackupCommand(e))
	return c
}

const teamServeHelp = `
Serves the browser app and the team API (/api/v1, described at /api/v1/openapi.json).
It listens on this machine (--addr) for a reverse proxy that ends TLS, or serves TLS
itself with --tls-cert and --tls-key. --url is the address people use: invitation
links and single sign-on are built on it, and an https URL makes cookies Secure.

Single sign-on: --oidc-issuer URL, with the client ID and secret in the environment
variables AIA_OIDC_CLIENT_ID and AIA_OIDC_CLIENT_SECRET; register
URL/auth/oidc/callback as the redirect URI with the provider.`

func newTeamServeCommand(e *env) *cobra.Command {
	c := &cobra.Command{Args: cobra.NoArgs}
	sf := addStoreFlags(c)
	addr := c.Flags().String("addr", server.DefaultAddr, "`host:port` to listen on")
	public := c.Flags().String("url", "", "public `URL` of the server (default: http:// and --addr)")
	site := c.Flags().String("site", "", "serve the site built by \"aia site\" in `DIR`")
	issuer := c.Flags().String("oidc-issuer", "", "OpenID Connect issuer `URL` for single sign-on")
	behindProxy := c.Flags().Bool("behind-proxy", false, "trust X-Forwarded-For from the reverse proxy for client addresses")
	cert := c.Flags().String("tls-cert", "", "TLS certificate `file` (PEM)")
	key := c.Flags().String("tls-key", "", "TLS key `file` (PEM)")
	qf := addQuestionnairesFlag(c)
	c.MarkFlagDirname("site")
	c.RunE = action(func(ctx context.Context, _ []string) (int, error) {
		if (*cert == "") != (*key == "") {
			return exitUsage, usageError("--tls-cert and --tls-key go together")
		}
		if err := qf.load(); err != nil {
			return exitUsage, err
		}
		s, err := sf.open(ctx)
		if err != nil {
			return exitFailed, err
		}
		defer s.Close()
		app, err := server.LoadSite(ctx, server.Options{Site: *site, Build: server.BuildOptions{Log: e.stderr}})
		if err != nil {
			return exitFailed, err
		}
		appHandler, err := server.NewHandler(app)
		if err != nil {
			return exitFailed, err
		}
		ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *addr)
		if err != nil {
			return exitFailed, err
		}
		defer ln.Close()
		base := *public
		if base == "" {
			scheme := "http"
			if *cert != "" {
				scheme = "https"
			}
			base = scheme + "://" + ln.Addr().String() + "/"
		}
		opts := team.Options{Store: s, App: appHandler, URL: base, BehindProxy: *behindProxy, Versions: qf.versions,
			Log: slog.New(slog.NewJSONHandler(e.stderr, nil))}
		if *issuer != "" {
			if opts.OIDC, err = team.NewOIDC(ctx, *issuer, os.Getenv("AIA_OIDC_CLIENT_ID"), os.Getenv("AIA_OIDC_CLIENT_SECRET"), base); err != nil {
				return exitFailed, err
			}
		}
		h, err := team.NewServer(opts)
		if err != nil {
			return exitFailed, err
		}
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
		errc := make(chan error, 1)
		go func() {
			if *cert != "" {
				errc <- srv.ServeTLS(ln, *cert, *key)
			} else {
				errc <- srv.Serve(ln)
			}
		}()
		fmt.Fprintf(e.stdout, "AIA team server: %s (listening on %s; press Ctrl+C to stop)\n", base, ln.Addr())
		select {
		case err := <-errc:
			return exitFailed, err
		case <-ctx.Done():
		}
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			return exitFailed, err
		}
		return exitOK, nil
	})
	return setUsage(c, "serve [flags]", teamServeHelp,
		"  aia team serve --data /var/lib/aia\n  aia team serve --database postgres://aia@db.internal/aia --url https://aia.example.gc.ca/ --behind-proxy\n  AIA_OIDC_CLIENT_ID=aia AIA_OIDC_CLIENT_SECRET=… aia team serve --oidc-issuer https://login.example.gc.ca/")
}

func newTeamUsersCommand(e *env) *cobra.Command {
	c := setUsage(&cobra.Command{Short: "add, list, disable and enable accounts"}, "users", "Manages the accounts of the team server.", "  aia team users add ana@example.gc.ca\n  aia team users list")

	add := &cobra.Command{Args: cobra.ExactArgs(1)}
	sf := addStoreFlags(add)
	admin := add.Flags().Bool("admin", false, "the account manages accounts (not content)")
	fromStdin := add.Flags().Bool("password-stdin", false, "read the password from standard input instead of printing an invitation link")
	public := add.Flags().String("url", "http://"+server.DefaultAddr+"/", "public `URL` of the server, for the invitation link")
	add.RunE = action(func(ctx context.Context, args []string) (int, error) {
		var password string
		if *fromStdin {
			line, err := bufio.NewReader(e.stdin).ReadString('\n')
			if err != nil && line == "" {
				return exitUsage, usageError("--password-stdin: no password on standard input")
			}
			password = strings.TrimRight(line, "\r\n")
			if err := team.CheckNewPassword(password); err != nil {
				return exitUsage, usageError("--password-stdin: %v", err)
			}
		}
		s, err := sf.open(ctx)
		if err != nil {
			return exitFailed, err
		}
		defer s.Close()
		u, link, err := team.AddUser(ctx, s, args[0], *admin, *public)
		var bad *team.BadEmailError
		switch {
		case errors.As(err, &bad):
			return exitUsage, usageError("%s", clean(err.Error()))
		case errors.Is(err, storage.ErrExists):
			return exitFailed, fmt.Errorf("%s: an account with this e-mail exists", clean(args[0]))
		case err != nil:
			return exitFailed, err
		}
		s.Record(ctx, storage.Event{Actor: "aia team", Action: "user-added", Detail: fmt.Sprintf("%s, admin %v", u.Email, u.Admin)})
		if *fromStdin {
			if err := team.SetPassword(ctx, s, u, password); err != nil {
				return exitFailed, fmt.Errorf("%s: the account is created, without a password: %v; give its owner this link instead: %s", u.Email, err, link)
			}
			fmt.Fprintf(e.stdout, "%s: account created, password set\n", u.Email)
			return exitOK, nil
		}
		fmt.Fprintf(e.stdout, "%s: account created. Send this link to its owner to set a password (valid %d days, once):\n%s\n", u.Email, int(team.InvitationValidity.Hours()/24), link)
		return exitOK, nil
	})
	setUsage(add, "add EMAIL [flags]", "Creates an account and prints an invitation link, valid 7 days, that lets its owner set a password; with --password-stdin, sets the password read from standard input.",
		"  aia team users add ana@example.gc.ca --admin --url https://aia.example.gc.ca/\n  printf '%s\\n' \"$PASSWORD\" | aia team users add bot@example.gc.ca --password-stdin")

	list := &cobra.Command{Args: cobra.NoArgs}
	lf := addStoreFlags(list)
	list.RunE = action(func(ctx context.Context, _ []string) (int, error) {
		s, err := lf.open(ctx)
		if err != nil {
			return exitFailed, err
		}
		defer s.Close()
		users, err := s.Users(ctx)
		if err != nil {
			return exitFailed, err
		}
		for _, u := range users {
			var notes []string
			if u.Admin {
				notes = append(notes, "admin")
			}
			if u.Disabled {
				notes = append(notes, "disabled")
			}
			if u.PasswordHash == "" && u.OIDCSubject == "" {
				notes = append(notes, "invited")
			}
			if u.OIDCSubject != "" {
				notes = append(notes, "single sign-on")
			}
			fmt.Fprintf(e.stdout, "%s\t%s\n", clean(u.Email), strings.Join(notes, ", "))
		}
		return exitOK, nil
	})
	setUsage(list, "list [flags]", "Lists the accounts: e-mail, then admin, disabled, invited (no password yet) or single sign-on.", "  aia team users list --data /var/lib/aia")

	c.AddCommand(add, list, newUserSwitchCommand(e, "disable", true), newUserSwitchCommand(e, "enable", false))
	return c
}

// newUserSwitchCommand is "users disable" or "users enable".
func newUserSwitchCommand(e *env, name string, disable bool) *cobra.Command {
	c := &cobra.Command{Args: cobra.ExactArgs(1)}
	sf := addStoreFlags(c)
	c.RunE = action(func(ctx context.Context, args []string) (int, error) {
		s, err := sf.open(ctx)
		if err != nil {
			return exitFailed, err
		}
		defer s.Close()
		u, err := s.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(args[0])))
		if errors.Is(err, storage.ErrNotFound) {
			return exitFailed, fmt.Errorf("%s: no such account", clean(args[0]))
		}
		if err != nil {
			return exitFailed, err
		}
		u.Disabled = disable
		if err := s.UpdateUser(ctx, u); err != nil {
			return exitFailed, err
		}
		if disable {
			if err := s.DeleteSessions(ctx, u.ID); err != nil {
				return exitFailed, err
			}
		}
		s.Record(ctx, storage.Event{Actor: "aia team", Action: "user-" + name + "d", Detail: u.Email})
		fmt.Fprintf(e.stdout, "%s: %sd\n", u.Email, name)
		return exitOK, nil
	})
	what := "Disables an account: it can no longer sign in, and its sessions and API tokens stop working."
	if !disable {
		what = "Enables a disabled account again."
	}
	return setUsage(c, name+" EMAIL [flags]", what, "  aia team users "+name+" ana@example.gc.ca")
}

func newTeamTokensCommand(e *env) *cobra.Command {
	c := setUsage(&cobra.Command{Short: "create, list and revoke API tokens"}, "tokens", "Manages the API tokens scripts use (Authorization: Bearer TOKEN).", "  aia team tokens create ana@example.gc.ca --name nightly-export")

	create := &cobra.Command{Args: cobra.ExactArgs(1)}
	sf := addStoreFlags(create)
	name := create.Flags().String("name", "", "what the token is for (shown by tokens list)")
	create.RunE = action(func(ctx context.Context, args []string) (int, error) {
		s, u, status, err := tokenUser(ctx, sf, args[0])
		if err != nil {
			return status, err
		}
		defer s.Close()
		t, secret, err := team.NewToken(ctx, s, u, *name)
		if err != nil {
			return exitFailed, err
		}
		s.Record(ctx, storage.Event{Actor: "aia team", Action: "token-created", Detail: fmt.Sprintf("%s: token %s", u.Email, t.ID)})
		fmt.Fprintf(e.stdout, "API token %s for %s (shown once; keep it secret):\n%s\n", t.ID, u.Email, secret)
		return exitOK, nil
	})
	setUsage(create, "create EMAIL [flags]", "Creates an API token for the account and prints it, alone, on the last line of standard output.",
		"  TOKEN=$(aia team tokens create ana@example.gc.ca --name ci | tail -n 1)\n  curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:8080/api/v1/assessments")

	list := &cobra.Command{Args: cobra.ExactArgs(1)}
	lf := addStoreFlags(list)
	list.RunE = action(func(ctx context.Context, args []string) (int, error) {
		s, u, status, err := tokenUser(ctx, lf, args[0])
		if err != nil {
			return status, err
		}
		defer s.Close()
		tokens, err := s.Tokens(ctx, u.ID)
		if err != nil {
			return exitFailed, err
		}
		for _, t := range tokens {
			state := "active"
			if t.Revoked {
				state = "revoked"
			}
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\n", t.ID, t.Created.UTC().Format(time.DateOnly), state, clean(t.Name))
		}
		return exitOK, nil
	})
	setUsage(list, "list EMAIL [flags]", "Lists the account's API tokens: ID, creation date, state and name.", "  aia team tokens list ana@example.gc.ca")

	revoke := &cobra.Command{Args: cobra.ExactArgs(2)}
	rf := addStoreFlags(revoke)
	revoke.RunE = action(func(ctx context.Context, args []string) (int, error) {
		s, u, status, err := tokenUser(ctx, rf, args[0])
		if err != nil {
			return status, err
		}
		defer s.Close()
		if err := s.RevokeToken(ctx, u.ID, args[1]); errors.Is(err, storage.ErrNotFound) {
			return exitFailed, fmt.Errorf("%s has no active token %s", u.Email, clean(args[1]))
		} else if err != nil {
			return exitFailed, err
		}
		s.Record(ctx, storage.Event{Actor: "aia team", Action: "token-revoked", Detail: fmt.Sprintf("%s: token %s", u.Email, args[1])})
		fmt.Fprintf(e.stdout, "token %s revoked\n", clean(args[1]))
		return exitOK, nil
	})
	setUsage(revoke, "revoke EMAIL TOKEN-ID [flags]", "Revokes an API token: it stops working at once.", "  aia team tokens revoke ana@example.gc.ca 0192f3a1b2c4d5e6f708192a3b")

	c.AddCommand(create, list, revoke)
	return c
}

// tokenUser opens the store and finds the account of email.
func tokenUser(ctx context.Context, sf *storeFlags, email string) (storage.Store, storage.User, int, error) {
	s, err := sf.open(ctx)
	if err != nil {
		return nil, storage.User{}, exitFailed, err
	}
	u, err := s.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if err != nil {
		s.Close()
		if errors.Is(err, storage.ErrNotFound) {
			return nil, u, exitFailed, fmt.Errorf("%s: no such account (aia team users add creates it)", clean(email))
		}
		return nil, u, exitFailed, err
	}
	return s, u, exitOK, nil
}

func newTeamBackupCommand(e *env) *cobra.Command {
	c := &cobra.Command{Args: cobra.NoArgs}
	sf := addStoreFlags(c)
	out := c.Flags().String("out", "", "the backup `file` to write (never overwritten)")
	c.MarkFlagRequired("out")
	c.RunE = action(func(ctx context.Context, _ []string) (int, error) {
		if sf.database != "" {
			return exitUsage, usageError("back up PostgreSQL with pg_dump (see the README); aia team backup copies the SQLite database")
		}
		if _, err := os.Stat(*out); err == nil {
			return exitFailed, fmt.Errorf("%s exists: the backup never overwrites a file", clean(*out))
		}
		s, err := sf.open(ctx)
		if err != nil {
			return exitFailed, err
		}
		defer s.Close()
		if err := s.Backup(ctx, *out); err != nil {
			return exitFailed, fmt.Errorf("backup to %s: %v", clean(*out), err)
		}
		fmt.Fprintf(e.stdout, "backup written: %s (to restore: stop the server, put it in place of %s)\n", clean(*out), clean(sf.data+string(os.PathSeparator)+storage.DatabaseFile))
		return exitOK, nil
	})
	return setUsage(c, "backup --out FILE [flags]", "Writes a consistent copy of the SQLite database while the server runs.",
		"  aia team backup --data /var/lib/aia --out /backup/aia-$(date +%F).db")
}
