// SPDX-License-Identifier: AGPL-3.0-or-later
// Shared pieces of the browser tests: Debian's chromium through
// playwright-core, pages that record every console error, page error, CSP
// violation and failed request, axe-core runs, and the translation files.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from '../lib/server.mjs';

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
