package main

// Writing files safely: every output path is checked before any work starts, no command
// writes over one of its inputs (but migrate --in-place), and every file is written
// under a temporary name and renamed into place, so that a failure or a signal never
// leaves a half-written file.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// checkOutputFile checks, before any work, that out (the value of flag) can take the
// output of a command that reads inputs: its directory exists, it is not a directory,
// and it is none of the inputs, nor a saved file below an input directory. "" and "-"
// (standard output) are always fine.
func checkOutputFile(flag, out string, inputs []string) error {
	if out == "" || out == "-" {
		return nil
	}
	if info, err := os.Stat(out); err == nil && info.IsDir() {
		return usageError("%s %s is a directory; name a file", flag, clean(out))
	}
	dir := filepath.Dir(out)
	if info, err := os.Stat(dir); err != nil {
		return usageError("%s %s: directory %s does not exist", flag, clean(out), clean(dir))
	} else if !info.IsDir() {
		return usageError("%s %s: %s is not a directory", flag, clean(out), clean(dir))
	}
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		if sameFile(in, out) {
			return usageError("%s %s is also an input (%s); name another file: inputs are never overwritten", flag, clean(out), clean(in))
		}
		if isDir(in) && within(in, out) && isSavedFileName(out) && exists(out) {
			return usageError("%s %s is one of the inputs below %s; name another file: inputs are never overwritten", flag, clean(out), clean(in))
		}
	}
	return nil
}

// outDirPaths maps each input to its path below outDir: its path relative to the
// inputs' deepest common directory, so that a/x.json and b/x.json stay apart. It fails
// (before any work) when two inputs map to one output, or an output is an input.
func outDirPaths(outDir string, inputs []string) ([]string, error) {
	if info, err := os.Stat(outDir); err == nil && !info.IsDir() {
		return nil, usageError("--out-dir %s is not a directory", clean(outDir))
	}
	abs := make([]string, len(inputs))
	for i, in := range inputs {
		a, err := filepath.Abs(in)
		if err != nil {
			return nil, usageError("%s: %v", clean(in), err)
		}
		abs[i] = a
	}
	common := commonDir(abs)
	outs := make([]string, len(inputs))
	from := map[string]string{} // output → the input that takes it
	for i, a := range abs {
		rel, err := filepath.Rel(common, a)
		if err != nil {
			return nil, usageError("%s: %v", clean(inputs[i]), err)
		}
		outs[i] = filepath.Join(outDir, rel)
		key, _ := filepath.Abs(outs[i])
		if other, taken := from[key]; taken {
			return nil, usageError("%s and %s would both be written to %s", clean(other), clean(inputs[i]), clean(outs[i]))
		}
		from[key] = inputs[i]
	}
	// Each input and each output is looked at once (a pairwise check of 20,000 files
	// took minutes): by its identity on disk when it exists, else by absolute path.
	byID := make(map[fileID]string, len(inputs))
	byPath := make(map[string]string, len(inputs))
	for i, in := range inputs {
		if id, ok := idOf(in); ok {
			byID[id] = in
		}
		byPath[abs[i]] = in
	}
	for _, out := range outs {
		in, over := "", false
		if id, ok := idOf(out); ok {
			in, over = byID[id]
		}
		if a, err := filepath.Abs(out); !over && err == nil {
			in, over = byPath[a]
		}
		if over {
			return nil, usageError("--out-dir %s would write %s over the input %s; choose another directory: inputs are never overwritten", clean(outDir), clean(out), clean(in))
		}
	}
	return outs, nil
}

// idOf returns the identity on disk of the file at path (through links).
func idOf(path string) (fileID, bool) {
	info, err := os.Stat(path)
	if err != nil {
		return fileID{}, false
	}
	return identity(info)
}

// commonDir returns the deepest directory that holds every one of the absolute, clean
// paths, compared as written (their relative paths below it are what --out-dir keeps).
func commonDir(paths []string) string {
	common := filepath.Dir(paths[0])
	for _, p := range paths[1:] {
		for !lexicallyWithin(common, p) {
			parent := filepath.Dir(common)
			if parent == common {
				break
			}
			common = parent
		}
	}
	return common
}

// lexicallyWithin reports whether the clean absolute path is dir or below it, as written.
func lexicallyWithin(dir, path string) bool {
	if path == dir || dir == string(filepath.Separator) {
		return true
	}
	rest, ok := strings.CutPrefix(path, dir)
	return ok && strings.HasPrefix(rest, string(filepath.Separator))
}

// sameFile reports whether a and b name the same file: the same file on disk (through
// links), or the same path once made absolute.
func sameFile(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(ia, ib)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

// within reports whether path is dir or below it, after resolving links in both.
func within(dir, path string) bool {
	dir, path = resolved(dir), resolved(path)
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// resolved returns the absolute path with its links resolved, as far as it exists.
func resolved(p string) string {
	p, _ = filepath.Abs(p)
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	if r, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		return filepath.Join(r, filepath.Base(p))
	}
	return p
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// isSavedFileName reports whether a directory walk would read the file (see walkPath).
func isSavedFileName(p string) bool { return strings.EqualFold(filepath.Ext(p), ".json") }

// atomicFile is an output file written under a temporary name beside its final name and
// renamed into place only by commit, so that a failed or interrupted run never leaves a
// half-written file. Errors name the final path, never the temporary one.
type atomicFile struct {
	*os.File
	path string
	like os.FileInfo // the file being replaced, whose mode and owner are kept; nil for a new file
}

// temporaries are the temporary files being written. A second Ctrl-C stops the process
// at once, without waiting for the commands to discard their files: removeTemporaries
// removes them first. Signals belong to the process, so this is the process's list.
var temporaries = struct {
	sync.Mutex
	names  map[string]bool
	closed bool // removeTemporaries ran: no new temporary file
}{names: map[string]bool{}}

// removeTemporaries removes the temporary files being written, and refuses new ones.
func removeTemporaries() {
	temporaries.Lock()
	defer temporaries.Unlock()
	for name := range temporaries.names {
		os.Remove(name)
	}
	temporaries.names, temporaries.closed = map[string]bool{}, true
}

// createAtomic starts writing path. When path exists (through links), the new file
// replaces the link's target and keeps its mode and owner.
func createAtomic(path string) (*atomicFile, error) {
	target := path
	if r, err := filepath.EvalSymlinks(path); err == nil {
		target = r // replace the file a link points to, not the link
	}
	like, _ := os.Stat(target)
	temporaries.Lock()
	defer temporaries.Unlock()
	if temporaries.closed {
		return nil, writeError(path, errors.New("stopping"))
	}
	f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return nil, writeError(path, err)
	}
	temporaries.names[f.Name()] = true
	return &atomicFile{File: f, path: target, like: like}, nil
}

// release takes the file off the list of temporaries and renames it into place (keep)
// or removes it. A file no longer on the list (committed, aborted, or removed by
// removeTemporaries) is left alone, with an error.
func (f *atomicFile) release(keep bool) error {
	temporaries.Lock()
	defer temporaries.Unlock()
	if !temporaries.names[f.Name()] {
		return errors.New("stopped") // removeTemporaries removed it
	}
	delete(temporaries.names, f.Name())
	if keep {
		err := os.Rename(f.Name(), f.path)
		if err != nil {
			os.Remove(f.Name())
		}
		return err
	}
	return os.Remove(f.Name())
}

// commit makes the file visible under its name.
func (f *atomicFile) commit() error {
	err := f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	mode := fs.FileMode(0o644)
	if f.like != nil {
		mode = f.like.Mode().Perm()
	}
	if err == nil {
		err = os.Chmod(f.Name(), mode)
	}
	if err == nil && f.like != nil {
		err = keepOwner(f.Name(), f.like)
	}
	if rerr := f.release(err == nil); err == nil {
		err = rerr
	}
	if err != nil {
		return writeError(f.path, err)
	}
	syncDir(filepath.Dir(f.path))
	return nil
}

// abort discards the file; it does nothing once the file is committed.
func (f *atomicFile) abort() {
	f.Close()
	f.release(false)
}

// writeAtomic replaces path with data, all or nothing.
func writeAtomic(path string, data []byte) error {
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.abort()
		return writeError(path, err)
	}
	return f.commit()
}

// writeError says that path could not be written, without the name of a temporary file.
func writeError(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		err = le.Err
	}
	return newMessage("cannotWrite", clean(path), err)
}

// syncDir makes a rename in dir durable; where directories cannot be synced, the
// rename is still atomic.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// writeBackup copies the original bytes of path to a new file beside it, path.bak (or
// path.bak.2, .3, … when that exists), never replacing a file, with the mode and owner
// of like (path's own). It returns the backup's name.
func writeBackup(path string, original []byte, like os.FileInfo) (string, error) {
	for n := 1; n < 1000; n++ {
		name := path + ".bak"
		if n > 1 {
			name = fmt.Sprintf("%s.bak.%d", path, n)
		}
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, like.Mode().Perm())
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", writeError(name, err)
		}
		_, err = f.Write(original)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = keepOwner(name, like) // root migrating a user's file leaves the user's backup
		}
		if err != nil {
			os.Remove(name)
			return "", writeError(name, err)
		}
		return name, nil
	}
	return "", fmt.Errorf("cannot back up %s: too many backups beside it", clean(path))
}
