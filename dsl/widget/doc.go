// Package widget gives notebook cells interactive Jupyter widgets —
// sliders, checkboxes, dropdowns, toggle buttons, text boxes, buttons,
// labels, images, output areas and boxes — whose changes in the browser
// run Go callbacks in the kernel, and Interact, which redraws an output
// (a plot, a table, any value) whenever one of its controls moves.
//
// The widgets speak the Jupyter widget messaging protocol 2.1 and use the
// model names of ipywidgets 8 (@jupyter-widgets/controls 2.0.0), so
// JupyterLab, Notebook 7, VS Code and any front end with ipywidgets 8
// installed shows them. A front end of protocol 1 (the classic Notebook 6
// with the ipywidgets 6 extension) announces itself on VersionTarget, and
// the widgets made after that speak its dialect. Each widget is one comm of target
// "jupyter.widget"; a value is displayed by the MIME type
// application/vnd.jupyter.widget-view+json.
//
// Messages leave through the Transport installed with SetTransport (the
// dsl Session installs one that reaches the kernel's front end) and arrive
// through Receive. With no transport — a plain Go program, `petridish
// run`, `petridish exec` — widgets still hold their values and display as
// text, and State returns what a saved notebook needs to show them.
//
// Callbacks run on the goroutine that delivered the change: for changes
// made in the browser, the kernel's, between cells. Their output goes to
// the front end's log rather than a cell unless an Output captures it;
// Interact, an Output or a display.Handle updated from a callback is how a
// callback shows results in place.
package widget
