//go:build !unix

package main

import "os"

// fileID is a file's identity on disk; other systems compare paths instead.
type fileID struct{}

func identity(os.FileInfo) (fileID, bool) { return fileID{}, false }

// keepOwner does nothing where files have no Unix owner.
func keepOwner(string, os.FileInfo) error { return nil }
