//go:build js && wasm

// Command wasm is the AIA engine compiled to WebAssembly for the browser app
// (wasm/web). It exposes the engine as the global object aia:
//
//	aia.versions()                    → JSON: the embedded questionnaire versions
//	aia.questionnaire(version, lang)  → JSON: engine.Questionnaire
//	aia.evaluate(file)                → JSON: engine.Evaluation (visibility, score)
//	aia.report(file, lang)            → JSON: engine.Report (the results view)
//	aia.importFile(text, lang)        → JSON: engine.Imported
//	aia.exportFile(file)              → JSON: the text of the saved file to write
//	aia.migrate(file, version)        → JSON: engine.Migrated
//	aia.compare(old, file, lang)      → JSON: engine.Comparison (old: a saved file's text)
//	aia.store.list()                  → Promise of JSON: stored assessments, newest first
//	aia.store.get(id)                 → Promise of JSON: a stored assessment with its file
//	aia.merge(base, mine, theirs)     → JSON: two tabs' edits merged answer by answer (store.Merge)
//	aia.store.save(id, file, base, rev) → Promise of JSON: the stored record with its file
//	                                    and "written"; "" id: a new one; else merged with
//	                                    what other tabs stored since base, the text of
//	                                    revision rev (a string of digits; see store.Save)
//	aia.store.duplicate(id)           → Promise of JSON: the copy
//	aia.store.remove(id)              → Promise of undefined
//	aia.questionnaireFormat(text)     → JSON: "native" or "surveyjs" (a questionnaire file)
//	aia.store.addQuestionnaire(text, version, name) → Promise of JSON: the questionnaire
//	                                    file checked (engine.CheckFile), registered in the
//	                                    engine and stored: store.Questionnaire with its
//	                                    engine.FileInfo; version "" for a native file's own
//	aia.store.loadQuestionnaires()    → Promise of JSON: the stored questionnaire files,
//	                                    each registered in the engine (at start-up), with
//	                                    "error" and "errorFr" for one the engine cannot read
//	aia.store.removeQuestionnaire(version) → Promise of undefined: forgotten by the
//	                                    engine and the store; its assessments are kept
//	aia.store.getSetting(key)         → Promise of a string, or null
//	aia.store.setSetting(key, value)  → Promise of undefined
//
// file is the text of a saved file in the official format. The synchronous functions
// return {"value": …} or {"error": "…", "errorFr": "…"}; the Promises reject with an
// Error whose property fr is its message in French (the page shows that one in
// French). No panic escapes: each function recovers and reports it as an error. IndexedDB is only waited
// for on goroutines, never in a JavaScript callback, and every wait has a deadline.
//
// When it is ready, the program calls globalThis.aiaReady() if the page defined it.
package main

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"syscall/js"

	"github.com/gc-aia/aia/aia"
	"github.com/gc-aia/aia/internal/jsoncodec"
	"github.com/gc-aia/aia/internal/localize"
	"github.com/gc-aia/aia/questionnaire"
	"github.com/gc-aia/aia/wasm/engine"
	"github.com/gc-aia/aia/wasm/store"
)

// dbName is the IndexedDB database of the app.
const dbName = "aia"

func main() {
	api := js.Global().Get("Object").New()
	api.Set("versions", syncFunc(func(args []js.Value) ([]byte, error) {
		return jsoncodec.Marshal(engine.Versions())
	}))
	api.Set("questionnaire", syncFunc(func(args []js.Value) ([]byte, error) {
		return engine.QuestionnaireJSON(arg(args, 0), arg(args, 1))
	}))
	api.Set("evaluate", syncFunc(func(args []js.Value) ([]byte, error) {
		ev, err := engine.Evaluate([]byte(arg(args, 0)))
		if err != nil {
			return nil, err
		}
		return ev.AppendJSON(nil), nil
	}))
	api.Set("report", syncFunc(func(args []js.Value) ([]byte, error) {
		r, err := engine.NewReport([]byte(arg(args, 0)), arg(args, 1))
		if err != nil {
			return nil, err
		}
		return jsoncodec.Marshal(r)
	}))
	api.Set("importFile", syncFunc(func(args []js.Value) ([]byte, error) {
		im, err := engine.Import([]byte(arg(args, 0)), arg(args, 1))
		if err != nil {
			return nil, err
		}
		return jsoncodec.Marshal(im)
	}))
	api.Set("exportFile", syncFunc(func(args []js.Value) ([]byte, error) {
		text, err := engine.Export([]byte(arg(args, 0)))
		if err != nil {
			return nil, err
		}
		return jsoncodec.Marshal(string(text))
	}))
	api.Set("migrate", syncFunc(func(args []js.Value) ([]byte, error) {
		m, err := engine.Migrate([]byte(arg(args, 0)), arg(args, 1))
		if err != nil {
			return nil, err
		}
		return jsoncodec.Marshal(m)
	}))
	api.Set("compare", syncFunc(func(args []js.Value) ([]byte, error) {
		c, err := engine.Compare([]byte(arg(args, 0)), []byte(arg(args, 1)), arg(args, 2))
		if err != nil {
			return nil, err
		}
		return jsoncodec.Marshal(c)
	}))

	api.Set("questionnaireFormat", syncFunc(func(args []js.Value) ([]byte, error) {
		f, err := engine.FileFormat([]byte(arg(args, 0)))
		if err != nil {
			return nil, err
		}
		return jsoncodec.Marshal(f)
	}))

	api.Set("merge", syncFunc(func(args []js.Value) ([]byte, error) {
		m, err := store.Merge([]byte(arg(args, 0)), []byte(arg(args, 1)), []byte(arg(args, 2)))
		if err != nil {
			return nil, err
		}
		return jsoncodec.Marshal(string(m))
	}))

	st := js.Global().Get("Object").New()
	st.Set("list", asyncFunc(func(ctx context.Context, args []string) (js.Value, error) {
		s, err := db(ctx)
		if err != nil {
			return js.Undefined(), err
		}
		list, err := s.List(ctx)
		return jsonValue(list, err)
	}))
	st.Set("get", asyncFunc(func(ctx context.Context, args []string) (js.Value, error) {
		s, err := db(ctx)
		if err != nil {
			return js.Undefined(), err
		}
		r, err := s.Get(ctx, argAt(args, 0))
		return jsonValue(r, err)
	}))
	st.Set("save", asyncFunc(func(ctx context.Context, args []string) (js.Value, error) {
		s, err := db(ctx)
		if err != nil {
			return js.Undefined(), err
		}
		id, text := argAt(args, 0), argAt(args, 1)
		title, version, err := describe(text)
		if err != nil {
			return js.Undefined(), err
		}
		var saved struct {
			store.Record
			Written bool `json:"written"`
		}
		if id == "" {
			saved.Record, err = s.Put(ctx, store.Record{Title: title, Version: version, File: text})
			saved.Written = true
		} else {
			var baseRev int64
			if rev := argAt(args, 3); rev != "" {
				if baseRev, err = strconv.ParseInt(rev, 10, 64); err != nil {
					return js.Undefined(), localize.Errorf("revision %q is not a number", "la révision «\u00a0%s\u00a0» n’est pas un nombre", rev)
				}
			}
			saved.Record, saved.Written, err = s.Save(ctx, id, text, argAt(args, 2), baseRev, describe)
		}
		return jsonValue(saved, err)
	}))
	st.Set("duplicate", asyncFunc(func(ctx context.Context, args []string) (js.Value, error) {
		s, err := db(ctx)
		if err != nil {
			return js.Undefined(), err
		}
		r, err := s.Duplicate(ctx, argAt(args, 0))
		r.File = ""
		return jsonValue(r, err)
	}))
	st.Set("remove", asyncFunc(func(ctx context.Context, args []string) (js.Value, error) {
		s, err := db(ctx)
		if err != nil {
			return js.Undefined(), err
		}
		return js.Undefined(), s.Remove(ctx, argAt(args, 0))
	}))
	st.Set("getSetting", asyncFunc(func(ctx context.Context, args []string) (js.Value, error) {
		s, err := db(ctx)
		if err != nil {
			return js.Undefined(), err
		}
		v, ok, err := s.Setting(ctx, argAt(args, 0))
		if err != nil || !ok {
			return js.Null(), err
		}
		return js.ValueOf(v), nil
	}))
	st.Set("setSetting", asyncFunc(func(ctx context.Context, args []string) (js.Value, error) {
		s, err := db(ctx)
		if err != nil {
			return js.Undefined(), err
		}
		return js.Undefined(), s.SetSetting(ctx, argAt(args, 0), argAt(args, 1))
	}))
	st.Set("addQuestionnaire", asyncFunc(func(ctx context.Context, args []string) (js.Value, error) {
		text, version, name := argAt(args, 0), argAt(args, 1), argAt(args, 2)
		if _, err := engine.CheckFile([]byte(text), version); err != nil { // before touching storage
			return js.Undefined(), err
		}
		s, err := db(ctx)
		if err != nil {
			return js.Undefined(), err
		}
		info, err := engine.RegisterFile([]byte(text), version)
		if err != nil {
			return js.Undefined(), err
		}
		q, err := s.PutQuestionnaire(ctx, store.Questionnaire{Version: info.Version, Name: name, Format: info.Format, File: text})
		if err != nil {
			engine.UnregisterFile(info.Version)
			return js.Undefined(), err
		}
		q.File = ""
		return jsonValue(fileEntry{Questionnaire: q, Info: info}, nil)
	}))
	st.Set("loadQuestionnaires", asyncFunc(func(ctx context.Context, args []string) (js.Value, error) {
		s, err := db(ctx)
		if err != nil {
			return js.Undefined(), err
		}
		list, err := s.Questionnaires(ctx, true)
		if err != nil {
			return js.Undefined(), err
		}
		out := []fileEntry{}
		for _, q := range list {
			e := fileEntry{Questionnaire: q}
			e.File = ""
			if e.Info = engine.Registered(q.Version); e.Info != nil {
				// registered by an earlier call
			} else if e.Info, err = engine.RegisterFile([]byte(q.File), q.Version); err != nil {
				e.Error, e.ErrorFr = texts(err)
			}
			out = append(out, e)
		}
		return jsonValue(out, nil)
	}))
	st.Set("removeQuestionnaire", asyncFunc(func(ctx context.Context, args []string) (js.Value, error) {
		s, err := db(ctx)
		if err != nil {
			return js.Undefined(), err
		}
		if err := s.RemoveQuestionnaire(ctx, argAt(args, 0)); err != nil {
			return js.Undefined(), err
		}
		engine.UnregisterFile(argAt(args, 0))
		return js.Undefined(), nil
	}))
	api.Set("store", st)

	js.Global().Set("aia", api)
	if ready := js.Global().Get("aiaReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {} // keep the functions alive
}

// fileEntry is a stored questionnaire file as the page lists it.
type fileEntry struct {
	store.Questionnaire
	Info    *engine.FileInfo `json:"info,omitempty"`
	Error   string           `json:"error,omitempty"`
	ErrorFr string           `json:"errorFr,omitempty"` // Error in French
}

// describe gives the title and questionnaire version of a saved file's text.
func describe(text string) (title, version string, err error) {
	f, err := aia.ParseSavedFile([]byte(text))
	if err != nil {
		return "", "", err
	}
	version = f.Version
	if version == "" {
		version = aia.NoVersion
	}
	return engine.Title([]byte(text)), version, nil
}

// arg returns the string value of an argument, "" when it is missing or not a string.
func arg(args []js.Value, i int) string {
	if i < len(args) && args[i].Type() == js.TypeString {
		return args[i].String()
	}
	return ""
}

func argAt(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return ""
}

// syncFunc wraps a synchronous engine call: it returns the string {"value": result} or
// {"error": message}, and turns a panic into an error.
func syncFunc(fn func(args []js.Value) ([]byte, error)) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) (result any) {
		defer func() {
			if p := recover(); p != nil {
				result = errorJSON(panicError(p))
			}
		}()
		b, err := fn(args)
		if err != nil {
			return errorJSON(err)
		}
		out := make([]byte, 0, len(b)+10)
		out = append(out, `{"value":`...)
		out = append(out, b...)
		out = append(out, '}')
		return string(out)
	})
}

// texts returns an error's message in English and in French, as the page shows it
// (errorText in js/i18n.js picks one). In French, a wait for IndexedDB that timed out
// (context's English "context deadline exceeded") is said in words the user can act on.
func texts(err error) (en, fr string) {
	en, fr = err.Error(), localize.Error(err, questionnaire.French)
	if errors.Is(err, context.DeadlineExceeded) {
		fr = "le stockage du navigateur (IndexedDB) n’a pas répondu à temps\u00a0: réessayez, ou rechargez la page"
	}
	return en, fr
}

// errorJSON returns {"error": English, "errorFr": French}.
func errorJSON(err error) string {
	var e struct {
		Error   string `json:"error"`
		ErrorFr string `json:"errorFr"`
	}
	e.Error, e.ErrorFr = texts(err)
	b, _ := jsoncodec.Marshal(e)
	return string(b)
}

// jsError returns a JavaScript Error with err's message, and its French in the
// property fr.
func jsError(err error) js.Value {
	en, fr := texts(err)
	e := js.Global().Get("Error").New(en)
	e.Set("fr", fr)
	return e
}

func panicError(p any) error {
	switch v := p.(type) {
	case error:
		return localize.Errorf("internal error: %w", "erreur interne\u00a0: %w", v)
	case string:
		return localize.Errorf("internal error: %s", "erreur interne\u00a0: %s", v)
	}
	return localize.Errorf("internal error", "erreur interne")
}

// asyncFunc wraps a call that waits (for IndexedDB): the JavaScript function returns a
// Promise at once, and fn runs on a goroutine of its own that resolves or rejects it.
// The arguments are copied to Go strings before the callback returns.
func asyncFunc(fn func(ctx context.Context, args []string) (js.Value, error)) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) (result any) {
		defer func() {
			if p := recover(); p != nil {
				result = rejected(panicError(p))
			}
		}()
		strs := make([]string, len(args))
		for i := range args {
			strs[i] = arg(args, i)
		}
		var resolve, reject js.Value
		executor := js.FuncOf(func(this js.Value, a []js.Value) any {
			resolve, reject = a[0], a[1]
			return nil
		})
		promise := js.Global().Get("Promise").New(executor) // the executor runs at once
		executor.Release()
		go func() {
			v, err := func() (v js.Value, err error) {
				defer func() {
					if p := recover(); p != nil {
						err = panicError(p)
					}
				}()
				ctx, cancel := store.WithTimeout(context.Background(), 2*store.DefaultTimeout)
				defer cancel()
				return fn(ctx, strs)
			}()
			if err != nil {
				reject.Invoke(jsError(err))
				return
			}
			resolve.Invoke(v)
		}()
		return promise
	})
}

func rejected(err error) js.Value {
	return js.Global().Get("Promise").Call("reject", jsError(err))
}

// jsonValue returns v as a JSON string for JavaScript.
func jsonValue(v any, err error) (js.Value, error) {
	if err != nil {
		return js.Undefined(), err
	}
	b, err := jsoncodec.Marshal(v)
	if err != nil {
		return js.Undefined(), err
	}
	return js.ValueOf(string(b)), nil
}

var (
	dbMu sync.Mutex
	dbS  *store.Store
)

// db opens the database on first use.
func db(ctx context.Context) (*store.Store, error) {
	dbMu.Lock()
	defer dbMu.Unlock()
	if dbS != nil {
		return dbS, nil
	}
	s, err := store.Open(ctx, dbName)
	if err != nil {
		return nil, localize.Errorf("cannot open the browser's storage (IndexedDB): %w", "impossible d’ouvrir le stockage du navigateur (IndexedDB)\u00a0: %w", err)
	}
	dbS = s
	return s, nil
}
