// SPDX-License-Identifier: AGPL-3.0-or-later
// axe-core on every page and every state a page can be in (loaded, form
// errors shown, signed in), in English and in Dutch, under the page's real
// Content-Security-Policy: WCAG 2.1 A and AA, zero violations. Also checks
// that the policy is really sent, so "no CSP violations" means something.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
    launchBrowser, openPage, assertNoProblems, homeReady, signInReady,
    axeViolations, assertNoViolations, assertServerHealthy,
} from './support.mjs';

const LANGS = [['en', 'en-GB'], ['nl', 'nl-NL']];
const PAGES = ['/', '/sign-in'];

let server;
let browser;

before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    assert.ok(server.logins.admin, 'the demo prints an admin log-in');
});

after(async () => {
    await browser?.close();
    if (server) {
        await server.stop();
        assertServerHealthy(server);
    }
});

async function ready(page, path) {
    if (path === '/') {
        await homeReady(page);
    } else {
        await signInReady(page);
    }
}

for (const pagePath of PAGES) {
    for (const [lang, locale] of LANGS) {
        test(`${pagePath} in ${lang}: strict CSP, no errors, no WCAG 2.1 AA violations`, async () => {
            const { context, page, problems } = await openPage(browser, { locale });
            try {
                const res = await page.goto(`${server.url}${pagePath}`);
                assert.equal(res.status(), 200);
                const csp = res.headers()['content-security-policy'] || '';
                assert.match(csp, /script-src 'self'/,
                    `the page is served with its CSP: "${csp}"`);
                assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
                await ready(page, pagePath);
                assert.equal(await page.locator('html').getAttribute('lang'), lang);
                assertNoViolations(await axeViolations(page),
                    `${pagePath} in ${lang}`);
                assertNoProblems(problems, `${pagePath} in ${lang}`);
            } finally {
                await context.close();
            }
        });
    }
}

for (const [lang, locale] of LANGS) {
    test(`/sign-in in ${lang} with errors shown and signed in: no violations`, async () => {
        const { context, page, problems } = await openPage(browser, { locale });
        const { username, password } = server.logins.admin;
        try {
            await page.goto(`${server.url}/sign-in`);
            await signInReady(page);
            await page.locator('[data-sign-in-submit]').click();
            await page.locator('[data-error-summary]:not([hidden])').waitFor();
            assertNoViolations(await axeViolations(page),
                `/sign-in in ${lang} with field errors`);

            await page.locator('#username').fill(username);
            await page.locator('#password').fill(password);
            await page.locator('[data-sign-in-submit]').click();
            await page.locator('[data-signed-in]').waitFor();
            assertNoViolations(await axeViolations(page),
                `/sign-in in ${lang} when signed in`);

            await page.goto(`${server.url}/`);
            await homeReady(page);
            await page.locator('[data-sign-out]').waitFor();
            assertNoViolations(await axeViolations(page),
                `/ in ${lang} when signed in`);
            assertNoProblems(problems, `the pages in ${lang}`);
        } finally {
            await context.close();
        }
    });
}

test('pages stay usable and accessible on a small screen', async () => {
    const { context, page, problems } = await openPage(browser,
        { viewport: { width: 360, height: 740 } });
    try {
        for (const pagePath of PAGES) {
            await page.goto(`${server.url}${pagePath}`);
            await ready(page, pagePath);
            const overflow = await page.evaluate(() =>
                document.documentElement.scrollWidth -
                document.documentElement.clientWidth);
            assert.ok(overflow <= 0,
                `${pagePath} scrolls sideways by ${overflow}px on a phone`);
            assertNoViolations(await axeViolations(page),
                `${pagePath} on a small screen`);
        }
        assertNoProblems(problems, 'the pages on a small screen');
    } finally {
        await context.close();
    }
});
