// Package display is the rich-output API that notebook cells and scripts
// call: HTML, Markdown, LaTeX, text, JSON, images, plots, tables, raw MIME
// bundles, live-updating display handles and progress bars.
//
// Every function publishes through the Publisher installed with
// SetPublisher. The dsl Session installs one for the duration of each cell,
// so in a notebook the output becomes display_data (or update_display_data)
// messages. With no publisher installed — a plain Go program, or
// `petridish run` — output goes to the terminal: text/plain is printed to
// standard output, and a value that has no text form prints a short
// placeholder line such as "[image/png 1152x768]"; progress bars are drawn
// as terminal bars on standard error.
//
// Render turns any value into a MIME bundle by its type; the Session uses it
// to show the value of a cell's last expression. A type controls its own
// rendering by implementing Bundler.
package display
