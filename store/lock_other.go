//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package store

import (
	"errors"
	"fmt"
	"os"
)

// lockFile fails: this system has no file locking easyday knows how to use.
func lockFile(*os.File) error { return fmt.Errorf("file locking: %w", errors.ErrUnsupported) }

func unlockFile(*os.File) error { return nil }
