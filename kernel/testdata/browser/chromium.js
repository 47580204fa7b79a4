// What the browser scripts share: headless Chromium with a fresh profile,
// the page's console collected, and one JSON line on stdout as the
// result, {ok: true, ...} or {ok: false, error, console}, with a
// screenshot either way. kernel/browser_test.go reads that line.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

// run launches Chromium (extra command-line args, a viewport), calls
// fn(page, log) and prints its result, screenshotting the viewport (or
// with fullPage the whole page) into shot. log collects "type: text" lines
// from the page's console and uncaught errors; they are also echoed to
// stderr with a timestamp, for when a test fails.
async function run(shot, { args = [], viewport, fullPage = false }, fn) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'petridish-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    chromiumSandbox: false, // adds --no-sandbox, needed as root
    args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', ...args],
    viewport,
  });
  const log = [];
  const note = (line) => {
    log.push(line);
    process.stderr.write(new Date().toISOString() + ' ' + line + '\n');
  };
  try {
    const page = browser.pages()[0] || await browser.newPage();
    page.on('console', (m) => note(m.type() + ': ' + m.text()));
    page.on('pageerror', (e) => note('pageerror: ' + e));
    const result = await fn(page, log);
    await page.screenshot({ path: shot, fullPage });
    console.log(JSON.stringify({ ok: true, console: log, ...result }));
  } catch (e) {
    let details = null;
    try {
      const page = browser.pages()[0];
      await page.screenshot({ path: shot });
      if (e && e.details) details = await e.details(page);
    } catch (_) { /* the page is gone: report the first error */ }
    console.log(JSON.stringify({ ok: false, error: String((e && e.stack) || e), details, console: log }));
    process.exitCode = 1;
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

// within rejects when promise has not settled after ms milliseconds,
// without keeping node alive once it has.
function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(what + ' did not finish in ' + ms / 1000 + ' s')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// runFirstCell opens a notebook in the classic Jupyter Notebook, waits
// for its kernel, and runs the first code cell as a user does: a click
// into it, then Shift-Enter. When the page fails later, the error carries
// the cell's outputs as details.
async function runFirstCell(page, url) {
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel &&
    Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply &&
    Jupyter.notebook.kernel.info_reply.status === 'ok', null, { timeout: 60000 });
  await page.locator('.code_cell .CodeMirror').first().click();
  await page.keyboard.press('Shift+Enter');
}

// firstCellOutputs is the details function for runFirstCell's pages.
const firstCellOutputs = (page) =>
  page.evaluate(() => JSON.stringify(Jupyter.notebook.get_cell(0).output_area.outputs).slice(0, 2000));

// bundleArgs are the Chromium args for openBundle's pages: the page is
// served through Playwright's routing, so Chromium does not know it came
// from the loopback server it then opens a websocket to, and its local
// network access check would block that.
const bundleArgs = ['--disable-features=LocalNetworkAccessChecks'];

// openBundle opens a page at the Jupyter server's origin (base), served
// through Playwright's routing, that loads an esbuild bundle from
// bundleDir: live.js and, when the bundle has styles, live.css.
async function openBundle(page, base, bundleDir) {
  const files = {
    'index.html': ['text/html', '<!DOCTYPE html><html><head><meta charset="utf-8">' +
      '<link rel="stylesheet" href="live.css"><script src="live.js"></script></head>' +
      '<body><div id="root"></div></body></html>'],
    'live.js': ['application/javascript', null],
    'live.css': ['text/css', null],
  };
  await page.route(base + '/petridish-live/*', (route) => {
    const name = route.request().url().split('/').pop();
    const f = files[name];
    if (!f) return route.fulfill({ status: 404, body: 'no ' + name });
    const file = path.join(bundleDir, name);
    const body = f[1] !== null ? f[1] : fs.existsSync(file) ? fs.readFileSync(file) : '';
    return route.fulfill({ contentType: f[0], body });
  });
  await page.goto(base + '/petridish-live/index.html', { waitUntil: 'load', timeout: 60000 });
}

function usage(n, text) {
  const args = process.argv.slice(2);
  if (args.length !== n) {
    console.log(JSON.stringify({ ok: false, error: 'usage: node ' + text }));
    process.exit(2);
  }
  return args;
}

module.exports = { run, within, usage, runFirstCell, firstCellOutputs, openBundle, bundleArgs };
