// Package web holds the browser app's page, style sheet and script (no framework, no
// build step), embedded for the server in wasm/server. The WebAssembly engine and Go's
// wasm_exec.js are built and copied by the server at run time; they are not committed.
package web

import "embed"

// Files holds index.html, app.css and app.js.
//
//go:embed index.html app.css app.js
var Files embed.FS
