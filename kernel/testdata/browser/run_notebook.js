// Opens a notebook in the classic Jupyter Notebook with headless Chromium,
// runs its first code cell with Shift-Enter and screenshots the result.
//
//   node run_notebook.js URL SCREENSHOT
//
// Prints one JSON line: {ok, image: {tag, mime, width, height},
// box: {x, y, width, height} (the image in the screenshot), prompt, kernel}
// or {ok: false, error}. kernel/browser_test.go makes the assertions.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

async function main() {
  const [url, shot] = process.argv.slice(2);
  if (!url || !shot) throw new Error('usage: node run_notebook.js URL SCREENSHOT');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'petridish-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    chromiumSandbox: false, // adds --no-sandbox, needed as root
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 1000 },
  });
  const logs = [];
  try {
    const page = browser.pages()[0] || await browser.newPage();
    page.on('console', (m) => logs.push(m.type() + ': ' + m.text()));
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel &&
      Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply &&
      Jupyter.notebook.kernel.info_reply.status === 'ok', null, { timeout: 60000 });
    // Run the first code cell as a user does: click into it, Shift-Enter.
    await page.locator('.code_cell .CodeMirror').first().click();
    await page.keyboard.press('Shift+Enter');
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
    await page.screenshot({ path: shot });
    console.log(JSON.stringify({ ok: true, image, box, prompt, kernel }));
  } catch (e) {
    let outputs = null;
    try {
      const page = browser.pages()[0];
      outputs = await page.evaluate(() => JSON.stringify(Jupyter.notebook.get_cell(0).output_area.outputs).slice(0, 2000));
      await page.screenshot({ path: shot });
    } catch (_) { /* the page is gone: report the first error */ }
    console.log(JSON.stringify({ ok: false, error: String((e && e.stack) || e), outputs, console: logs }));
    process.exitCode = 1;
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.log(JSON.stringify({ ok: false, error: String((e && e.stack) || e) }));
  process.exit(1);
});
