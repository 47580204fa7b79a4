// Drives JupyterLab's debugger front end in headless Chromium against a
// petridish kernel behind a running Jupyter server: serves a page (at the
// server's origin, through Playwright's routing) holding the esbuild
// bundle of jupyterlab_debugger.src.js, and runs its petridishDebug on the
// cells below: a breakpoint on line 3 of the loop, two stops there, a
// step, an evaluation, then the cell finishing.
//
//   node jupyterlab_debugger.js BASE_URL TOKEN KERNEL_NAME BUNDLE_DIR SCREENSHOT
//
// Prints one JSON line (see chromium.js) with what the debugger panel's
// models held at each step; kernel/browser_test.go makes the assertions.
'use strict';
const { run, within, usage, openBundle, bundleArgs } = require('./chromium');

const CELLS = {
  define: 'type point struct{ X, Y float64 }\nscale := 3',
  loop: 'total := 0\nfor i := 1; i <= 4; i++ {\n\ttotal += i * scale\n}\np := point{X: 1, Y: float64(total)}\nfmt.Println("total", total)',
  line: 3,
  evaluate: 'total',
  struct: 'p',
};

const [base, token, kernelName, bundleDir, shot] =
  usage(5, 'jupyterlab_debugger.js BASE_URL TOKEN KERNEL_NAME BUNDLE_DIR SCREENSHOT');
run(shot, { args: bundleArgs, viewport: { width: 900, height: 600 } }, async (page) => {
  await openBundle(page, base, bundleDir);
  const report = await within(150000, 'the debugging session', page.evaluate(([b, t, k, cells]) =>
    window.petridishDebug(b, t, k, cells), [base, token, kernelName, CELLS]));
  return { cells: CELLS, report };
});
