package widget

import (
	"encoding/base64"
	"fmt"
	"sync/atomic"
)

// The classic Jupyter Notebook 6 with the ipywidgets 6 extension (what
// Debian ships as jupyter-notebook and jupyter-nbextension-jupyter-js-
// widgets) speaks version 1 of the widget protocol. It announces itself by
// opening a comm of target VersionTarget when it connects to the kernel;
// from then on the widgets made here speak its dialect: the models of
// jupyter-js-widgets 2.1, state synced with "backbone" messages and no
// echo, a "display" message to show a view, binary values as base64 text,
// and no style models but the sliders' and the button's. Widgets it cannot show (FloatLogSlider,
// which came with ipywidgets 7) say so in its console.

// VersionTarget is the comm target that front ends of widget protocol 1
// open to check the kernel's widget version.
const VersionTarget = "jupyter.widget.version"

const (
	legacyModule  = "jupyter-js-widgets"
	legacyVersion = "~2.1.4"
)

// legacy is set once a front end of widget protocol 1 has connected.
var legacy atomic.Bool

// openVersionComm answers a protocol-1 front end's version check with
// the jupyter-js-widgets versions this package's models need, and makes
// later widgets speak protocol 1.
func openVersionComm(id string) {
	legacy.Store(true)
	send("comm_msg", map[string]any{"comm_id": id, "data": map[string]any{"version": legacyVersion}}, nil)
}

// versionReply checks the front end's answer to the version check.
func versionReply(data map[string]any) error {
	if ok, _ := data["validated"].(bool); !ok {
		return fmt.Errorf("widget: the notebook's widget extension (jupyter-js-widgets %v) is not %s; widgets will not show (install ipywidgets 8, or the ipywidgets 6 extension)", data["frontend_version"], legacyVersion)
	}
	return nil
}

// module returns the JavaScript module and version of the models of
// package ("controls", "base" or "output") in the dialect spoken now.
func module(pkg string) (name, version string) {
	if legacy.Load() {
		return legacyModule, legacyVersion
	}
	switch pkg {
	case "base":
		return baseModule, moduleVersion
	case "output":
		return outputModule, outputVersion
	}
	return controlsModule, moduleVersion
}

// legacyBytes puts each binary value of state (an Image's "value") where
// jupyter-js-widgets 2.1 reads it: base64 text under "_b64" + its key.
func legacyBytes(state map[string]any) map[string]any {
	for k, v := range state {
		if b, ok := v.([]byte); ok {
			delete(state, k)
			state["_b64"+k] = base64.StdEncoding.EncodeToString(b)
		}
	}
	return state
}

// legacyStyles are the style models jupyter-js-widgets 2.1 has.
var legacyStyles = map[string]bool{"SliderStyleModel": true, "ButtonStyleModel": true}
