// Opens a notebook in the classic Jupyter Notebook with headless Chromium,
// runs its first code cell with Shift-Enter and screenshots the result.
//
//   node run_notebook.js URL SCREENSHOT
//
// Prints one JSON line (see chromium.js): {ok, image: {tag, mime, width,
// height}, box: {x, y, width, height} (the image in the screenshot),
// prompt, kernel}, with the first cell's outputs as details on failure.
// kernel/browser_test.go makes the assertions.
'use strict';
const { run, usage, runFirstCell, firstCellOutputs } = require('./chromium');

const [url, shot] = usage(2, 'run_notebook.js URL SCREENSHOT');
run(shot, { viewport: { width: 1280, height: 1000 } }, async (page) => {
  try {
    await runFirstCell(page, url);
    // The plot's bundle has image/png and image/svg+xml; the notebook shows
    // the one its display order prefers (SVG), as an <svg> or an <img>.
    const selector = '.code_cell .output_area .output_svg svg, .code_cell .output_area .output_png img';
    const img = page.locator(selector).first();
    await img.waitFor({ state: 'visible', timeout: 60000 });
    await page.waitForFunction((sel) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      if (el.tagName.toLowerCase() === 'img') return el.complete && el.naturalWidth > 0;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    }, selector, { timeout: 30000 });
    await img.scrollIntoViewIfNeeded();
    const image = await img.evaluate((el) => ({
      tag: el.tagName.toLowerCase(),
      mime: el.closest('.output_svg') ? 'image/svg+xml' : 'image/png',
      width: Math.round(el.getBoundingClientRect().width),
      height: Math.round(el.getBoundingClientRect().height),
    }));
    const box = await img.boundingBox();
    const prompt = (await page.locator('.code_cell .input_prompt').first().innerText()).replace(/\s+/g, ' ').trim();
    const kernel = await page.evaluate(() => Jupyter.notebook.kernel.name);
    return { image, box, prompt, kernel };
  } catch (e) {
    e.details = firstCellOutputs;
    throw e;
  }
});
