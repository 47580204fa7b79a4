package history

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// EnvPath names the environment variable that overrides the database
// location. Its value is a file path, or "off" to disable history.
const EnvPath = "PETRIDISH_HISTORY"

// Off is the EnvPath value that disables history.
const Off = "off"

// DefaultPath returns where the history database lives: the EnvPath
// variable when set (which may be Off), otherwise
// <Jupyter data dir>/petridish/history.sqlite. The Jupyter data directory is
// $JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else the platform default
// (~/.local/share/jupyter on Linux, ~/Library/Jupyter on macOS,
// %APPDATA%\jupyter on Windows), as jupyter_core resolves it.
func DefaultPath() (string, error) {
	if p := os.Getenv(EnvPath); p != "" {
		return p, nil
	}
	dir, err := jupyterDataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "petridish", "history.sqlite"), nil
}

func jupyterDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	if runtime.GOOS == "windows" {
		if d := os.Getenv("APPDATA"); d != "" {
			return filepath.Join(d, "jupyter"), nil
		}
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && runtime.GOOS != "darwin" {
		return filepath.Join(d, "jupyter"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return "", errors.New("history: cannot find the home directory for the history database; set " + EnvPath + " to a file path (or to \"off\")")
	}
	if runtime.GOOS == "darwin" {
		return filepath.Join(home, "Library", "Jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}
