// Package notebook reads, executes and writes Jupyter notebooks (nbformat
// 4) without Jupyter: Run executes every code cell of a Notebook in order
// in one dsl.Session and records the outputs (stream, execute_result,
// display_data, error) the way Jupyter would; Write saves nbformat 4.5
// JSON that Jupyter opens as is, and HTML renders a standalone page with
// images inline. `petridish exec` is built on it.
package notebook
