// The dashboard in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core):
// the board fills, a price ingested over HTTP shows in the DOM within a second, the chart draws
// history and then live points, the health panel reports. Screenshot: tmp/dashboard.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startTestApp } from '../testing/app.js';
import { eventItems } from '../testing/feed.js';
import { ASSETS_DIR } from './routes.js';

const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const BOOKS = ['draftkings', 'fanduel', 'pinnacle'];
// Page-side conditions as expressions (this file is type-checked without the DOM library).
const textIs = (sel: string, text: string) =>
  `document.querySelector(${JSON.stringify(sel)})?.textContent === ${JSON.stringify(text)}`;
const points = (n: number) => `Number(document.getElementById('chart')?.dataset.points) === ${n}`;
const quote = (event: string, book: string, selection: string, american: number) => ({
  type: 'quote',
  event,
  market: 'moneyline',
  book,
  selection,
  line: null,
  price: { american },
});

test('dashboard: board fills, an ingested price shows within a second, the chart draws', async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium`);
  assert.ok(existsSync(new URL('app.js', ASSETS_DIR)), 'dashboard not built: npm run build');
  const a = await startTestApp();
  cleanup.push(() => a.close());
  await a.ingest(eventItems());
  const items = [];
  for (const event of ['nba-1', 'nba-2', 'nfl-1'])
    for (const [i, book] of BOOKS.entries())
      items.push(quote(event, book, 'home', -120 + i * 5), quote(event, book, 'away', 100 + i * 5));
  assert.equal((await a.ingest(items)).status, 200);

  const profile = mkdtempSync(join(tmpdir(), 'linecast-chromium-'));
  cleanup.push(() => rmSync(profile, { recursive: true, force: true }));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 800 },
  });
  cleanup.push(() => browser.close());
  const page = browser.pages()[0] ?? (await browser.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  const denied = await page.goto(`${a.url}/dashboard`);
  assert.equal(denied?.status(), 401, 'no key, no dashboard');
  await page.goto(`${a.url}/dashboard?key=${encodeURIComponent(a.key)}`);
  await page.waitForFunction(`document.querySelectorAll('td[data-key]').length === 18`);
  const cell = 'td[data-key="nba-1|moneyline|game|fanduel|home|"]';
  assert.equal(await page.textContent(cell), '-115');
  // pinnacle's -110 is the longest home price of nba-1: marked best
  const best = 'tr[data-row="nba-1|moneyline|game|home|"] td.best';
  assert.equal(await page.getAttribute(best, 'data-key'), 'nba-1|moneyline|game|pinnacle|home|');
  assert.equal(await page.textContent('#conn'), 'connected (websocket)');

  await page.click('tr[data-row="nba-1|moneyline|game|home|"]');
  await page.waitForFunction(points(3));

  const started = Date.now();
  assert.equal((await a.ingest([quote('nba-1', 'fanduel', 'home', 150)])).status, 200);
  await page.waitForFunction(textIs(cell, '+150'), undefined, { timeout: 5_000 });
  const ms = Date.now() - started;
  assert.ok(ms < 1_000, `price in the DOM ${ms} ms after the ingest`);
  assert.equal(await page.getAttribute(cell, 'class'), 'up best');
  assert.equal(await page.getAttribute(best, 'data-key'), 'nba-1|moneyline|game|fanduel|home|');
  await page.waitForFunction(points(4));
  assert.ok((await page.$$('#chart canvas')).length > 0, 'the chart draws on canvas');
  assert.equal(await page.textContent('#legend'), 'draftkingsfanduelpinnacle');

  await a.ingest([{ ...quote('nba-2', 'pinnacle', 'away', 110), status: 'suspended' }]);
  const susp = 'td[data-key="nba-2|moneyline|game|pinnacle|away|"]';
  await page.waitForFunction(textIs(susp, 'SUSP'));
  await page.waitForFunction(
    `Number(document.querySelector('[data-stat="connections"] b')?.textContent) >= 1`,
  );
  mkdirSync('tmp', { recursive: true });
  await page.screenshot({ path: 'tmp/dashboard.png' });
  assert.deepEqual(errors, []);
  process.stderr.write(`dashboard: ingest -> DOM ${ms} ms; screenshot tmp/dashboard.png\n`);
});
