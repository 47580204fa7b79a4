// Drives live widgets in headless Chromium against a running Jupyter
// server: serves a page (at the server's origin, through Playwright's
// routing) holding the esbuild bundle of live_widgets.src.js, which starts
// a kernel and runs a cell making a slider, a label, a button and
// Interact; then moves the slider with the keyboard and clicks the button,
// as a user would, reloads the widgets from the kernel and moves the
// reloaded slider, and reports what the page shows after each step.
//
//   node live_widgets.js BASE_URL TOKEN KERNEL_NAME BUNDLE_DIR SCREENSHOT
//
// Prints one JSON line (see chromium.js): {ok, status, steps: [{readout,
// label, output}], reloaded: {models, readout}}. kernel/browser_test.go
// makes the assertions.
'use strict';
const { run, within, usage, openBundle, bundleArgs } = require('./chromium');

const CELL = `n := widget.NewIntSlider("n", 3, 0, 10)
square := widget.NewLabel("9")
n.OnChange(func(v int) { square.SetValue(fmt.Sprint(v * v)) })
reset := widget.NewButton("reset")
reset.OnClick(func() { n.SetValue(0) })
widget.Interact(func() any { return fmt.Sprintf("n=%d", n.Value()) }, n, square, reset)`;

const [base, token, kernelName, bundleDir, shot] =
  usage(5, 'live_widgets.js BASE_URL TOKEN KERNEL_NAME BUNDLE_DIR SCREENSHOT');
run(shot, { args: bundleArgs, viewport: { width: 900, height: 600 } }, async (page) => {
  await openBundle(page, base, bundleDir);
  const status = await within(90000, 'the cell', page.evaluate(([b, t, k, code]) =>
    window.petridishLive(b, t, k, code, document.getElementById('root')), [base, token, kernelName, CELL]));
  const handle = page.locator('.widget-slider .noUi-handle').first();
  await handle.waitFor({ state: 'visible', timeout: 60000 });
  const state = () => page.evaluate(() => ({
    readout: ((document.querySelector('.widget-readout') || {}).textContent || '').trim(),
    label: ((document.querySelector('.widget-label:not(.widget-slider .widget-label)') || {}).textContent || '').trim(),
    output: (document.querySelector('pre') || {}).textContent || '',
  }));
  // until waits for the slider's readout and Interact's output to show
  // want, then reports everything the page shows (also when they do not).
  const until = async (want) => {
    try {
      await page.waitForFunction((w) => {
        const r = (document.querySelector('.widget-readout') || {}).textContent || '';
        const o = (document.querySelector('pre') || {}).textContent || '';
        return r.trim() === w.readout && o === w.output;
      }, want, { timeout: 15000 });
    } catch (_) { /* report what the page shows */ }
    await page.waitForTimeout(300); // let the label's update land too
    return state();
  };
  const steps = [await until({ readout: '3', output: 'n=3' })];
  await handle.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  steps.push(await until({ readout: '5', output: 'n=5' }));
  await page.getByRole('button', { name: 'reset' }).click();
  steps.push(await until({ readout: '0', output: 'n=0' }));
  // Reload: a second manager on the same kernel fetches the models' state
  // and shows the slider again, where it was left; moving it drives the
  // kernel as before.
  const models = await within(30000, 'the reload', page.evaluate(() =>
    window.petridishReload(document.getElementById('root'))));
  const again = page.locator('#reloaded .noUi-handle');
  await again.waitFor({ state: 'visible', timeout: 30000 });
  const reloaded = { models, readout: ((await page.locator('#reloaded .widget-readout').textContent()) || '').trim() };
  await again.focus();
  await page.keyboard.press('ArrowRight');
  steps.push(await until({ readout: '1', output: 'n=1' }));
  await within(10000, 'the kernel shutdown', page.evaluate(() => window.petridishKernel.shutdown())).catch(() => {});
  return { status, steps, reloaded };
});
