package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/easyday/easyday/profile"
)

// loadConfig reads the config file at path (profile.LoadFile). A missing file is no error
// unless the user named it (explicit); then it is wrong usage.
func loadConfig(path string, explicit bool) (profile.Config, error) {
	cfg, err := profile.LoadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if explicit {
			return cfg, usageError{fmt.Errorf("--config %s: no such file", path)}
		}
		return profile.Config{Settings: profile.Settings{Profile: map[string]string{}}}, nil
	}
	return cfg, err
}
