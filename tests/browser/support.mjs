// SPDX-License-Identifier: AGPL-3.0-or-later
// Shared pieces of the browser tests: Debian's chromium through
// playwright-core, pages that record every console error, page error, CSP
// violation and failed request, axe-core runs, and the translation files.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot, api } from '../lib/server.mjs';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The answers that the pages ask for and expect to fail: "who is signed
 *  in?" says 401 when nobody is, and a refused sign-in says 400, 401 or
 *  429. Chromium logs each as a console error; these are not faults. */
const EXPECTED_FAILURES = [
    { method: 'GET', path: '/api/v1/session', status: [401] },
    { method: 'POST', path: '/api/v1/session', status: [400, 401, 429] },
];

/** How long a wait for the page may last before the test is taken to
 *  hang. */
const HANG_MS = 300_000;

export function launchBrowser() {
    return chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic',
            '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'],
    });
}

function expectedFailure(method, url, status) {
    const { pathname } = new URL(url);
    return EXPECTED_FAILURES.some((f) => f.method === method &&
        f.path === pathname && f.status.includes(status));
}

/**
 * A new context and page in the given locale. Returns { context, page,
 * problems } where problems collects, as strings, every console error or
 * warning, uncaught page error, CSP violation, failed request and error
 * answer that the pages did not expect.
 */
export async function openPage(browser, { locale = 'en-GB', ...options } = {}) {
    const context = await browser.newContext({
        locale,
        viewport: { width: 1280, height: 900 },
        ...options,
    });
    // Waits for pages bound only a hang, not a speed: on a loaded two-core
    // machine an ASan server can take many seconds to answer, and a test
    // must not fail for that (playwright's default would be 30 s).
    context.setDefaultTimeout(HANG_MS);
    const page = await context.newPage();
    const problems = [];
    // Runs before any page script; CDP-injected, so the CSP does not apply.
    await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
            console.error(`CSP violation: ${e.violatedDirective} ` +
                `blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}:` +
                `${e.lineNumber}`);
        });
    });
    page.on('response', (res) => {
        const status = res.status();
        if (status < 400) {
            return;
        }
        const method = res.request().method();
        if (!expectedFailure(method, res.url(), status)) {
            problems.push(`HTTP ${status} for ${method} ${res.url()}`);
        }
    });
    page.on('console', (msg) => {
        const type = msg.type();
        if (type !== 'error' && type !== 'warning') {
            return;
        }
        const where = msg.location() && msg.location().url;
        // Chromium logs every error answer as "Failed to load resource";
        // the response handler above judges each of those answers instead.
        if (type === 'error' && /^Failed to load resource: the server responded with a status of \d+/
            .test(msg.text())) {
            return;
        }
        problems.push(`console ${type}: ${msg.text()}${where ? ` (${where})` : ''}`);
    });
    page.on('pageerror', (err) => {
        problems.push(`page error: ${err.message}`);
    });
    page.on('requestfailed', (req) => {
        // Leaving a page cancels what it was still loading; not a fault.
        if (req.failure() && req.failure().errorText === 'net::ERR_ABORTED') {
            return;
        }
        problems.push(`request failed: ${req.method()} ${req.url()}: ` +
            `${req.failure() && req.failure().errorText}`);
    });
    return { context, page, problems };
}

/** Fails with the list when any problem was recorded. */
export function assertNoProblems(problems, what = 'the page') {
    assert.deepEqual(problems, [],
        `${what} logged errors or CSP violations:\n${problems.join('\n')}`);
}

/** The translation catalogue for lang, as the pages load it. */
export function catalogue(lang) {
    return JSON.parse(readFileSync(
        path.join(repoRoot, 'web', 'i18n', `${lang}.json`), 'utf8'));
}

/** Waits until the home page has rendered everything it loads. */
export async function homeReady(page) {
    for (const box of ['[data-centre]', '[data-services]', '[data-hours]',
        '[data-closures]']) {
        await page.locator(`${box}[aria-busy="false"]`).waitFor({ state: 'attached' });
    }
}

/** Waits until the sign-in page knows whether someone is signed in. */
export async function signInReady(page) {
    await page.locator('[data-checking]').waitFor({ state: 'hidden' });
    await page.locator('[data-sign-in-form]:not([hidden]), ' +
        '[data-signed-in]:not([hidden])').first().waitFor();
}

let axeSource = null;

/**
 * Runs axe-core on the page for WCAG 2.1 A and AA and returns the
 * violations. The script is evaluated through the DevTools protocol, which
 * the page's CSP does not govern, so the page keeps its real policy.
 */
export async function axeViolations(page) {
    if (axeSource === null) {
        axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    }
    const loaded = await page.evaluate(() => typeof window.axe === 'object');
    if (!loaded) {
        await page.evaluate(`${axeSource}\n;true`);
    }
    const results = await page.evaluate(async (tags) => {
        const r = await window.axe.run(document, {
            runOnly: { type: 'tag', values: tags },
            resultTypes: ['violations'],
        });
        return r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
        }));
    }, AXE_TAGS);
    return results;
}

/** Fails with a readable list when axe found anything. */
export function assertNoViolations(violations, what) {
    const text = violations.map((v) =>
        `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`)
        .join('\n');
    assert.equal(violations.length, 0,
        `axe found WCAG 2.1 AA violations on ${what}:\n${text}`);
}

/** Fails when the server's stderr shows a sanitizer report. */
export function assertServerHealthy(server) {
    const log = server.stderr();
    assert.doesNotMatch(log, /AddressSanitizer|LeakSanitizer|runtime error:/,
        `the server reported a memory or undefined-behaviour error:\n${log}`);
}

/* ---- keyboard ---- */

/** Describes the focused element and whether it shows a focus indicator. */
export function focused(page) {
    return page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) {
            return null;
        }
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' &&
            parseFloat(style.outlineWidth) > 0 &&
            style.outlineColor !== 'rgba(0, 0, 0, 0)';
        return {
            tag: el.tagName.toLowerCase(),
            id: el.id,
            className: typeof el.className === 'string' ? el.className : '',
            text: (el.textContent || '').trim(),
            ring: outline || style.boxShadow !== 'none',
            style: `outline ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}, box-shadow ${style.boxShadow}`,
        };
    });
}

/** Presses Tab until selector has focus, at most max times (a bound, not
 *  a timing), checking that every focused control shows a focus ring. */
export async function tabUntil(page, selector, max = 60) {
    const seen = [];
    for (let i = 0; i < max; i++) {
        await page.keyboard.press('Tab');
        const now = await focused(page);
        if (now) {
            seen.push(now);
            assert.ok(now.ring,
                `focused ${now.tag}#${now.id}.${now.className} "${now.text}" has no visible focus ring (${now.style})`);
        }
        if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) {
            return seen;
        }
    }
    assert.fail(`Tab never reached ${selector}; focused: ` +
        seen.map((f) => `${f.tag}#${f.id}.${f.className}`).join(', '));
    return seen;
}

/** Waits until the focused element matches selector. */
export async function focusIs(page, selector) {
    await page.waitForFunction((s) => document.activeElement?.matches(s), selector);
}

/* ---- the booking pages ---- */

/** Waits until the booking page has its services. */
export async function bookReady(page) {
    await page.locator('[data-service-list][aria-busy="false"]')
        .waitFor({ state: 'attached' });
}

/** Waits until the manage page has loaded its booking or its message. */
export async function manageReady(page) {
    await page.locator('[data-manage-loading]').waitFor({ state: 'hidden' });
    await page.locator('[data-booking-view]:not([hidden]), ' +
        '[data-manage-error]:not([hidden])').first().waitFor();
}

/**
 * The days after today (the centre's today, as the API counts) that have
 * options for services, with those options, from the range form of
 * /availability. Today itself is left out: its options run out as the
 * day goes on, which would make a test depend on the hour.
 */
export async function freeDays(base, services, persons = 1) {
    const today = amsterdamToday();
    const res = await api(base, 'GET', '/api/v1/availability?location=1' +
        `&services=${services.join(',')}&persons=${persons}` +
        `&from=${today}&to=${addDays(today, 30)}`);
    assert.equal(res.status, 200, res.text);
    return res.json.days.filter((d) => d.date > today && d.options.length > 0);
}

/** The date 'YYYY-MM-DD' n days after iso. */
export function addDays(iso, n) {
    const [y, m, d] = iso.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Today's date in the centre's time zone. */
export function amsterdamToday() {
    return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam',
        year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The options of one date, from the one-date form of /availability. */
export async function optionsOn(base, services, date, persons = 1) {
    const res = await api(base, 'GET', `/api/v1/availability?location=1` +
        `&services=${services.join(',')}&persons=${persons}&date=${date}`);
    assert.equal(res.status, 200, res.text);
    return res.json.options;
}

/** Books option (a token) through the API as an anonymous visitor;
 *  resolves with the booking, token and manageUrl included. */
export async function bookOption(base, option, person = {}) {
    const res = await api(base, 'POST', '/api/v1/bookings', {
        // The demo's ind-collect asks which location the IND letter names.
        body: { option, givenNames: 'Test', surname: 'Visitor',
            email: 'test.visitor@example.org', language: 'en',
            indLetterLocation: 'maastricht', ...person },
        headers: { 'Idempotency-Key': `test-${option}-${Math.random()}` },
    });
    assert.equal(res.status, 201, res.text);
    return res.json;
}

/** Books the first option of the first free day after today for services
 *  (or of the given date). */
export async function bookServices(base, services, { date, index = 0 } = {}) {
    const day = date || (await freeDays(base, services))[0].date;
    const options = await optionsOn(base, services, day);
    assert.ok(options.length > index, `an option ${index} on ${day}`);
    return bookOption(base, options[index].token);
}

/** problems without the listed expected ones (each a prefix). */
export function without(problems, ...expected) {
    return problems.filter((p) => !expected.some((e) => p.startsWith(e)));
}
