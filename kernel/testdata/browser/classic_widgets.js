// Opens a notebook in the classic Jupyter Notebook (with Debian's
// ipywidgets 6 extension, widget protocol 1) in headless Chromium, runs
// its first cell, which makes a slider whose callback sets a label, then
// presses ArrowRight twice on the slider and clicks a button whose callback
// prints into an output area, as a user would.
//
//   node classic_widgets.js URL SCREENSHOT
//
// Prints one JSON line (see chromium.js): {ok, before: {readout, label},
// after: {readout, label}, captured (the output area's text), images
// (natural sizes), sliders
// (how many the cell shows), results
// (whether it shows an Out[n] prompt)}, with the cell's outputs as
// details on failure.
// kernel/browser_test.go makes the assertions.
'use strict';
const { run, usage, runFirstCell, firstCellOutputs } = require('./chromium');

const [url, shot] = usage(2, 'classic_widgets.js URL SCREENSHOT');
run(shot, { viewport: { width: 1000, height: 700 } }, async (page) => {
  try {
    await runFirstCell(page, url);
    const handle = page.locator('.code_cell .widget-slider .ui-slider-handle').first();
    await handle.waitFor({ state: 'visible', timeout: 60000 });
    const read = () => page.evaluate(() => ({
      readout: ((document.querySelector('.widget-readout') || {}).textContent || '').trim(),
      label: ((document.querySelector('.widget-vbox > .widget-label') || {}).textContent || '').trim(),
    }));
    const before = await read();
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    try {
      await page.waitForFunction(() => ((document.querySelector('.widget-vbox > .widget-label') || {}).textContent || '').trim() === '25',
        null, { timeout: 15000 });
    } catch (_) { /* report what the page shows */ }
    await page.getByRole('button', { name: 'press' }).click();
    // The ipywidgets 6 output area is a notebook output area in the widget.
    const capturedText = () => [...document.querySelectorAll('.code_cell .widget-area pre')]
      .map((p) => p.textContent.trim()).filter((t) => t.includes('pressed')).join('\n');
    try {
      await page.waitForFunction(capturedText, null, { timeout: 15000 });
    } catch (_) { /* report what the page shows */ }
    const captured = await page.evaluate(capturedText);
    const shown = await page.evaluate(() => ({
      images: [...document.querySelectorAll('.code_cell img.widget-image')].map((i) => ({ width: i.naturalWidth, height: i.naturalHeight })),
      sliders: document.querySelectorAll('.code_cell .widget-slider').length,
      results: document.querySelectorAll('.code_cell .output_prompt').length > 0 &&
        [...document.querySelectorAll('.code_cell .output_prompt')].some((p) => p.textContent.includes('Out')),
    }));
    return { before, after: await read(), captured, ...shown };
  } catch (e) {
    e.details = firstCellOutputs;
    throw e;
  }
});
