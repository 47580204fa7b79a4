// Opens an HTML page written by `petridish exec --html` in headless
// Chromium, with the page's ipywidgets HTML manager served from
// node_modules instead of the CDN (nothing else leaves the machine), and
// reports what the widgets rendered as.
//
//   node render_widgets.js FILE.html SCREENSHOT
//
// Prints one JSON line: {ok, sliders: [{description, readout}],
// checkboxes, toggles, toggleActive, vboxes,
// fallbacksVisible, outputs, errors} or {ok: false, error}.
// kernel/browser_test.go makes the assertions.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

async function main() {
  const [file, shot] = process.argv.slice(2);
  if (!file || !shot) throw new Error('usage: node render_widgets.js FILE.html SCREENSHOT');
  const embed = require.resolve('@jupyter-widgets/html-manager/dist/embed.js');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'petridish-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    chromiumSandbox: false,
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
    viewport: { width: 1000, height: 800 },
  });
  const errors = [];
  let managerRequests = 0;
  try {
    const page = browser.pages()[0] || await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (/\/@jupyter-widgets\/html-manager@[^/]+\/dist\/embed\.js$/.test(url)) {
        managerRequests++;
        return route.fulfill({ path: embed, contentType: 'application/javascript',
          headers: { 'Access-Control-Allow-Origin': '*' } });
      }
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      return route.abort(); // fonts and anything else from the network
    });
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load', timeout: 60000 });
    await page.locator('.widget-slider').first().waitFor({ state: 'visible', timeout: 60000 });
    // Let the manager finish rendering every view.
    await page.waitForTimeout(500);
    const report = await page.evaluate(() => {
      const sliders = [...document.querySelectorAll('.widget-slider')].map((el) => ({
        description: (el.querySelector('.widget-label') || {}).textContent || '',
        readout: ((el.querySelector('.widget-readout') || {}).textContent || '').trim(),
      }));
      const fallbacks = [...document.querySelectorAll('.widget-fallback')];
      return {
        sliders,
        checkboxes: [...document.querySelectorAll('.widget-checkbox input')].map((i) => i.checked),
        toggles: [...document.querySelectorAll('.widget-toggle-buttons button')].map((b) => b.textContent.trim()),
        toggleActive: ((document.querySelector('.widget-toggle-buttons button.mod-active') || {}).textContent || '').trim(),
        vboxes: document.querySelectorAll('.widget-vbox').length,
        fallbacks: fallbacks.length,
        fallbacksVisible: fallbacks.filter((f) => getComputedStyle(f).display !== 'none').length,
        live: document.documentElement.classList.contains('widgets-live'),
      };
    });
    await page.screenshot({ path: shot, fullPage: true });
    console.log(JSON.stringify({ ok: true, managerRequests, errors, ...report }));
  } catch (e) {
    try { await browser.pages()[0].screenshot({ path: shot }); } catch (_) { /* ignore */ }
    console.log(JSON.stringify({ ok: false, error: String((e && e.stack) || e), managerRequests, errors }));
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
