// Opens an HTML page written by `petridish exec --html` in headless
// Chromium, with the page's ipywidgets HTML manager served from
// node_modules instead of the CDN (nothing else leaves the machine), and
// reports what the widgets rendered as.
//
//   node render_widgets.js FILE.html SCREENSHOT
//
// Prints one JSON line (see chromium.js): {ok, managerRequests, sliders:
// [{description, readout}], checkboxes, toggles, toggleActive, images:
// [{width, height}] (natural sizes), vboxes,
// fallbacks, fallbacksVisible, live}. kernel/browser_test.go makes the
// assertions.
'use strict';
const path = require('path');
const { pathToFileURL } = require('url');
const { run, usage } = require('./chromium');

const [file, shot] = usage(2, 'render_widgets.js FILE.html SCREENSHOT');
const embed = require.resolve('@jupyter-widgets/html-manager/dist/embed.js');
run(shot, { viewport: { width: 1000, height: 800 }, fullPage: true }, async (page) => {
  let managerRequests = 0;
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
  await page.waitForTimeout(500); // let the manager finish rendering every view
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
      images: [...document.querySelectorAll('img.widget-image')].map((i) => ({ width: i.naturalWidth, height: i.naturalHeight })),
      vboxes: document.querySelectorAll('.widget-vbox').length,
      fallbacks: fallbacks.length,
      fallbacksVisible: fallbacks.filter((f) => getComputedStyle(f).display !== 'none').length,
      live: document.documentElement.classList.contains('widgets-live'),
    };
  });
  return { managerRequests, ...report };
});
