//go:build unix

package main

import (
	"os"
	"syscall"
)

// fileID is a file's identity on disk: what os.SameFile compares.
type fileID struct{ dev, ino uint64 }

func identity(info os.FileInfo) (fileID, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), uint64(st.Ino)}, true
}

// keepOwner gives the file at path the owner and group of like, when the process may
// (root may; others only keep their own files, which the new file already is).
func keepOwner(path string, like os.FileInfo) error {
	st, ok := like.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	uid, gid := int(st.Uid), int(st.Gid)
	if uid == os.Getuid() && gid == os.Getgid() {
		return nil
	}
	if err := os.Chown(path, uid, gid); err != nil && os.Getuid() == 0 {
		return err
	}
	return nil
}
