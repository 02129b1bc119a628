// The dashboard end to end in Debian's headless Chromium against a real API host: sign in, create an ICP, run a small
// campaign while its live progress updates, explain and convert a prospect, see the cost chart, find a data subject and
// erase them, then the main page at phone width. A PNG of each step goes to TestResults/dashboard/.
//
//   LEADGEN_BASE_URL=http://127.0.0.1:5080 LEADGEN_API_KEY=… node dashboard.e2e.mjs
//
// The key needs the prospector, analyst and compliance roles (or admin). With LEADGEN_JWT_SIGNING_KEY (and _ISSUER,
// _AUDIENCE, _TENANT, as the host's Auth:Jwt settings) an analyst's token signs in too and must see read-only views.
// Exit code 0 when every step passed.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const baseUrl = process.env.LEADGEN_BASE_URL ?? 'http://127.0.0.1:5080';
const apiKey = process.env.LEADGEN_API_KEY ?? fail('LEADGEN_API_KEY is not set');
const shots = resolve(process.env.LEADGEN_SCREENSHOTS ?? join(here, '..', '..', 'TestResults', 'dashboard'));
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const jwtKey = process.env.LEADGEN_JWT_SIGNING_KEY;
mkdirSync(shots, { recursive: true });

function fail(message) {
  console.error(message);
  process.exit(2);
}

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

// Playwright gives the browser a new, empty profile of its own; without the background-networking flags Chromium keeps
// calling Google's hosts, which this machine's closed network refuses.
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
const page = await context.newPage();
page.setDefaultTimeout(20_000);

// A CSP violation or an uncaught error in the page fails the run; refused API calls (the 4xx the test provokes) do not.
const pageProblems = [];
page.on('pageerror', (e) => pageProblems.push(`page error: ${e.message}`));
page.on('console', (m) => {
  if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) pageProblems.push(`console: ${m.text()}`);
});

let step = 0;
async function shot(name, fullPage = false) {
  const file = join(shots, `${String(++step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage });
  console.log(`  screenshot ${file}`);
}

async function run(title, body) {
  const t0 = Date.now();
  console.log(`▶ ${title}`);
  await body();
  console.log(`  ✓ ${title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

/** An HS256 token for an analyst of the tenant, as an identity provider would issue it. */
function analystToken() {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
    iss: process.env.LEADGEN_JWT_ISSUER, aud: process.env.LEADGEN_JWT_AUDIENCE, tenant: process.env.LEADGEN_JWT_TENANT,
    sub: 'e2e-analyst', role: ['analyst'], iat: now, exp: now + 600,
  })}`;
  return `${body}.${createHmac('sha256', jwtKey).update(body).digest('base64url')}`;
}

/** The API requests the page makes while `body` runs, as "METHOD /path". */
async function apiCalls(body) {
  const calls = [];
  const seen = (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) calls.push(`${r.method()} ${url.pathname}`);
  };
  page.on('request', seen);
  try {
    await body();
  } finally {
    page.off('request', seen);
  }
  return calls;
}

/** Signing in asks GET /api/v1/me and tries nothing else: no refused request lands on the tenant's request log. */
function signedInWithMeOnly(calls) {
  assert.ok(calls.includes('GET /api/v1/me'), `sign-in did not ask /api/v1/me: ${calls.join(', ')}`);
  assert.deepEqual(calls.filter((c) => !c.startsWith('GET ') || c.startsWith('GET /api/v1/compliance')), [], 'sign-in probed the API');
}

/** Every form control on the page is named by a label (or aria-label). */
async function everyControlLabelled() {
  const unlabelled = await page.$$eval('input, select, textarea', (controls) =>
    controls.filter((c) => c.type !== 'hidden' && !c.labels?.length && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
      .map((c) => c.outerHTML));
  assert.deepEqual(unlabelled, [], 'controls without a label');
}

const main = page.locator('main');
let campaignUrl;
let prospectEmail;

try {
  await run('sign in with the API key', async () => {
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await everyControlLabelled();
    // By keyboard: the key field has the focus, Enter submits, and the refusal is announced beside it.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'secret');
    await page.keyboard.type('not-a-key');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: '401' }).waitFor();
    await shot('sign-in-refused');
    await page.getByLabel('Key or token').fill(apiKey);
    signedInWithMeOnly(await apiCalls(async () => {
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
    }));
    assert.match(await page.locator('#who').innerText(), /change · compliance/);
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing kept beyond the session');
    assert.ok(await page.evaluate(() => sessionStorage.getItem('leadgen.session')), 'the session is in sessionStorage');
  });

  await run('create an ICP (field errors first)', async () => {
    await page.getByRole('link', { name: 'ICPs' }).click();
    await page.getByRole('heading', { name: 'Ideal customer profiles' }).waitFor();
    await everyControlLabelled();
    await page.getByRole('button', { name: 'Create ICP' }).click();
    // The API's 400 problem details: each message next to its field, which is marked invalid.
    await page.getByRole('alert').filter({ hasText: 'The request is not valid (400)' }).waitFor();
    assert.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.ok(await main.locator('.field-error').count() >= 2, 'field errors are shown beside the fields');
    await shot('icp-field-errors');

    await page.getByLabel('Name', { exact: true }).fill('Data platform builders');
    await page.getByLabel('Persona').fill('Engineers who build and run data pipelines and warehouses in the cloud with Python, SQL and Spark.');
    await page.getByLabel('Job titles').fill('Data Engineer\nData Architect\nBig Data Engineer\nData Warehouse Architect');
    await page.getByLabel('Skills').fill('Apache Spark, Python, Apache Hadoop');
    await page.getByRole('button', { name: 'Create ICP' }).click();
    await page.getByRole('status').filter({ hasText: 'Created “Data platform builders”' }).waitFor();
    await main.getByRole('cell', { name: 'Data platform builders', exact: true }).first().waitFor();
    await shot('icp-created');
  });

  await run('start a 20-prospect campaign and watch it to completion', async () => {
    await page.getByRole('link', { name: 'Start a campaign with it' }).click();
    await page.getByRole('heading', { name: 'Start a campaign' }).waitFor();
    await everyControlLabelled();
    await page.getByLabel('Prospects to find').fill('20');
    await page.getByLabel('Name (optional)').fill('E2E data builders');
    await page.getByRole('button', { name: 'Start campaign' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    campaignUrl = page.url();
    await page.getByRole('heading', { name: 'E2E data builders', level: 1 }).waitFor();
    await shot('campaign-started');

    // The status comes only from the Server-Sent Events once the page is up: reaching "completed" means the stream
    // was read, and the log shows each update as it arrived.
    await page.locator('#campaign-status .badge.completed').waitFor({ timeout: 90_000 });
    const updates = await page.locator('.progress-log li').allTextContents();
    console.log(`  ${updates.length} progress updates:\n    ${[...updates].reverse().join('\n    ')}`);
    assert.ok(updates.length >= 2, 'the progress display updated at least once after the start');
    assert.match(updates.at(-1), /running/, 'the first update shows the campaign running');
    assert.match(updates[0], /completed: [1-9]\d* discovered/, 'the last update shows it completed with prospects');
    const discovered = Number(await page.locator('dl.counts div', { hasText: 'Discovered' }).locator('dd').innerText());
    assert.ok(discovered > 0 && discovered <= 20, `discovered ${discovered}`);
    assert.equal(await page.locator('progress').first().evaluate((p) => p.value), discovered);
    await page.locator('.progress-log').evaluate((log) => log.closest('details').open = true);
    await shot('campaign-completed', true);
  });

  await run('browse prospects: explanation, feedback, CSV, convert', async () => {
    await page.getByLabel('Stage').selectOption('qualified');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // The filtered page replaces the whole list: wait until every row shown is a qualified one.
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tr[data-prospect]')];
      return rows.length > 0 && rows.every((r) => r.querySelector('.badge.qualified'));
    });
    const first = main.locator('tr[data-prospect]').first();
    const name = await first.locator('td').first().innerText();
    prospectEmail = (await first.locator('td').nth(5).innerText()).split(' ')[0];
    assert.match(prospectEmail, /@/, 'a qualified prospect has an email');

    await first.getByRole('button', { name: /^Details/ }).click();
    const explanation = main.getByRole('table', { name: `How ${name}'s score adds up` });
    await explanation.waitFor();
    assert.ok(await explanation.locator('tbody tr').count() >= 2, 'the score explanation lists its components');
    await main.getByRole('radio', { name: 'Good fit' }).check();
    await main.getByLabel('Reason (optional)').fill('builds our kind of data platform');
    await main.getByRole('button', { name: 'Send feedback' }).click();
    await main.getByRole('status').filter({ hasText: 'Recorded: good fit' }).waitFor();
    await shot('prospect-explained', true);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const text = readFileSync(await csv.path(), 'utf8');
    assert.match(csv.suggestedFilename(), /\.csv$/);
    assert.ok(text.includes(name), 'the CSV holds the prospects shown');

    await first.getByRole('button', { name: /^Convert/ }).click();
    await first.getByText(/Converted: lead [0-9a-f-]{36}/).waitFor();
    await first.locator('.badge.converted').waitFor();
    await page.locator('dl.counts div', { hasText: 'Converted' }).locator('dd', { hasText: /^1$/ }).waitFor();
    await shot('prospect-converted');
  });

  await run('analytics: the cost chart is drawn, with its table', async () => {
    await page.getByRole('link', { name: 'Analytics' }).click();
    const figure = main.locator('figure', { hasText: 'Cost by provider' });
    const canvas = figure.locator('canvas[data-rendered="true"]');
    await canvas.waitFor();
    // Drawn for real: some of the canvas's pixels are painted.
    const painted = await canvas.evaluate((c) => {
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    assert.ok(painted > 1000, `the cost chart has ${painted} painted pixels`);
    assert.match(await canvas.getAttribute('aria-label'), /Cost by provider\. local\/\S+: Cost \$\d/);
    assert.ok(await figure.locator('table tbody tr').count() >= 1, 'the chart has its numbers as a table');
    await main.locator('figure', { hasText: 'Funnel for all campaigns' }).locator('canvas[data-rendered="true"]').waitFor();
    await main.locator('figure', { hasText: 'Match scores of all campaigns' }).locator('canvas[data-rendered="true"]').waitFor();
    await everyControlLabelled();
    await shot('analytics', true);
  });

  await run('compliance: find the subject, history as of a date, export, erase', async () => {
    await page.getByRole('link', { name: 'Compliance' }).click();
    await everyControlLabelled();
    await page.getByLabel('Email', { exact: true }).fill(prospectEmail);
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await main.getByText('1 subject(s) found').waitFor();
    await main.getByRole('button', { name: /^Open/ }).click();
    const timeline = main.locator('ol.timeline');
    await timeline.getByText('converted').first().waitFor();
    assert.ok(await timeline.locator('li').count() >= 4, 'found, scored, enriched, qualified, converted…');

    await page.getByLabel('History as of (your local time)').fill('2020-01-01T00:00:00');
    await page.getByRole('button', { name: 'Show history' }).click();
    await timeline.getByText('No events up to that time.').waitFor();
    await page.getByRole('button', { name: 'Now' }).click();
    await timeline.getByText('converted').first().waitFor();
    await shot('subject-history', true);

    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download access export (JSON)' }).click()]);
    const data = JSON.parse(readFileSync(await exported.path(), 'utf8'));
    assert.equal(data.enrichment.email.toLowerCase(), prospectEmail.toLowerCase());

    await page.getByRole('button', { name: 'Erase subject…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Cancel', 'the safe choice has the focus');
    await shot('erase-confirmation');
    await dialog.getByRole('button', { name: 'Erase permanently' }).click();
    await main.getByRole('status').filter({ hasText: 'Erasure completed' }).waitFor({ timeout: 60_000 });
    await timeline.getByText('erasure-completed').waitFor();
    await shot('subject-erased', true);

    // Erased means not findable by their email any more, though the identifier stays suppressed.
    await page.getByRole('button', { name: 'Find', exact: true }).click();
    await main.getByText('0 subject(s) found. This identifier is on the suppression list.').waitFor();
  });

  await run('the main pages at phone width (390 px)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, heading, name] of [['/campaigns', 'Campaigns', 'phone-campaigns'], [new URL(campaignUrl).pathname, 'E2E data builders', 'phone-campaign']]) {
      await page.goto(baseUrl + path); // a reload of a client route: the host answers with the dashboard
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      // The first Tab reaches the skip link, visibly focused; Enter moves focus to the content.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
      assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none', 'focus is visible');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at 390 px`);
      await shot(name);
    }
  });

  await run('sign out forgets the key', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('leadgen.session')), null);
  });

  if (jwtKey) {
    await run('an analyst signed in with a JWT sees read-only views', async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByRole('radio', { name: 'JWT bearer token' }).check();
      await page.getByLabel('Key or token').fill(analystToken());
      signedInWithMeOnly(await apiCalls(async () => {
        await page.getByRole('button', { name: 'Sign in' }).click();
        // An analyst starts at the numbers; nothing they may not do is offered.
        await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
      }));
      assert.match(await page.locator('#who').innerText(), /Token: read only/);
      assert.equal(await page.getByRole('link', { name: 'Compliance' }).count(), 0, 'no compliance view');
      await page.goto(campaignUrl);
      await main.locator('tr[data-prospect]').first().waitFor();
      assert.equal(await main.getByRole('button', { name: /^Convert/ }).count(), 0, 'no convert buttons');
      assert.equal(await main.getByRole('button', { name: 'Cancel campaign' }).count(), 0);
      await shot('analyst-campaign-read-only');
      await page.getByRole('link', { name: 'Campaigns', exact: true }).first().click();
      await main.getByRole('link', { name: 'E2E data builders' }).waitFor();
      assert.equal(await main.getByRole('heading', { name: 'Start a campaign' }).count(), 0, 'no start form');
      await page.goto(`${baseUrl}/compliance`);
      await main.getByText('does not have a role that may use this view').waitFor();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    });
  }

  assert.deepEqual(pageProblems, [], 'errors in the page');
  console.log(`All steps passed in ${seconds()} s.`);
} catch (e) {
  console.error(`✗ failed after ${seconds()} s: ${e.stack ?? e}`);
  if (pageProblems.length) console.error(`page problems:\n  ${pageProblems.join('\n  ')}`);
  try {
    await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true });
    console.error(`  screenshot ${join(shots, 'failure.png')}\n  page text: ${(await main.innerText()).slice(0, 2000)}`);
  } catch {}
  process.exitCode = 1;
} finally {
  await browser.close();
}
