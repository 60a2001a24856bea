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
    axeViolations, assertNoViolations, assertServerHealthy, bookReady,
    manageReady, focusIs, freeDays, optionsOn, bookServices, without,
} from './support.mjs';

const LANGS = [['en', 'en-GB'], ['nl', 'nl-NL']];
// /booking.html without its private fragment shows how to get there;
// /employer signed out asks to sign in (its signed-in states are checked
// in employer.test.mjs); the floor pages, signed out, say who may use them
// (their other states are in floor-a11y.test.mjs); the waiting-room
// display, live with nothing called (with calls: display.test.mjs).
const PAGES = ['/', '/sign-in', '/book', '/booking.html', '/employer',
    '/front-desk', '/desk', '/display'];
const THREE = ['intake', 'ind-collect', 'ind-biometrics'];

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
    } else if (path === '/book') {
        await bookReady(page);
    } else if (path.startsWith('/booking')) {
        await manageReady(page);
    } else if (path === '/employer') {
        await page.locator('[data-gate]:not([hidden])').waitFor();
    } else if (path === '/display') {
        await page.locator('[data-display-status][data-state="live"]').waitFor();
        await page.locator('[data-display][aria-busy="false"]').waitFor();
    } else if (path === '/front-desk' || path === '/desk') {
        await page.locator('[data-sign-in-needed]:not([hidden])').waitFor();
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

/** Books through the page up to the confirmation, checking each step. */
async function bookThroughThePage(page, lang, check) {
    const days = await freeDays(server.url, THREE);
    const { date } = days[0];
    const [option] = await optionsOn(server.url, THREE, date);
    await page.goto(`${server.url}/book`);
    await bookReady(page);
    await page.locator('[data-services-submit]').click();
    await page.locator('[data-services-form] [data-error-summary]:not([hidden])').waitFor();
    await check(`/book in ${lang} with no service ticked`);
    for (const code of THREE) {
        await page.locator(`#service-${code}`).check();
    }
    await page.locator('[data-services-submit]').click();
    await page.locator(`[data-days] button[data-date="${date}"]`).click();
    await page.locator(`[data-options] input[value="${option.token}"]`).waitFor();
    await check(`/book in ${lang} with the options of a day`);
    await page.locator('[data-option-submit]').click();
    await page.locator('[data-picker-options] [data-error-summary]:not([hidden])').waitFor();
    await check(`/book in ${lang} with no time chosen`);
    await page.locator(`[data-options] input[value="${option.token}"]`).check();
    await page.locator('[data-option-submit]').click();
    await focusIs(page, '#step-details-heading');
    await page.locator('[data-details-submit]').click();
    await page.locator('[data-details-form] [data-error-summary]:not([hidden])').waitFor();
    await check(`/book in ${lang} with errors in the details`);
    await page.locator('#givenNames').fill('Maria');
    await page.locator('#surname').fill('Rossi');
    await page.locator('#email').fill('maria.rossi@example.org');
    // Another location than the letter's: refused next to that field.
    await page.locator('#indLetterLocation').selectOption('other');
    await page.locator('[data-details-submit]').click();
    await page.locator('#indLetterLocation[aria-invalid="true"]').waitFor();
    await check(`/book in ${lang} refused by the IND letter's location`);
    await page.locator('#indLetterLocation').selectOption('maastricht');
    await page.locator('[data-details-submit]').click();
    await focusIs(page, '#step-done-heading');
    await page.locator('img[data-qr]').waitFor();
    await check(`/book in ${lang} with the confirmation`);
    return page.locator('[data-manage-link]').getAttribute('href');
}

for (const [lang, locale] of LANGS) {
    test(`/book and /booking.html in ${lang}, every step and state: no violations`, async () => {
        const { context, page, problems } = await openPage(browser, { locale });
        const check = async (what) => assertNoViolations(await axeViolations(page), what);
        try {
            const manage = await bookThroughThePage(page, lang, check);

            await page.goto(manage);
            await manageReady(page);
            await check(`/booking.html in ${lang} with an IND booking`);
            await page.locator('[data-cancel-start]').click();
            await focusIs(page, '#cancel-heading');
            await check(`/booking.html in ${lang} asking to confirm the cancellation`);
            await page.locator('[data-cancel-yes]').click();
            await focusIs(page, '[data-manage-message]');
            await check(`/booking.html in ${lang} with a cancelled booking`);

            const intake = await bookServices(server.url, ['intake']);
            await page.goto('about:blank');
            await page.goto(`${server.url}${intake.manageUrl}`);
            await manageReady(page);
            await page.locator('[data-reschedule-start]').click();
            await page.locator('[data-options] input[name="option"]').first().waitFor();
            await check(`/booking.html in ${lang} choosing a new time`);

            await page.goto('about:blank');
            await page.goto(`${server.url}/booking.html#code=${intake.code}&token=wrong`);
            await manageReady(page);
            await check(`/booking.html in ${lang} with a wrong link`);
            assertNoProblems(without(problems,
                `HTTP 400 for POST ${server.url}/api/v1/bookings`,
                `HTTP 403 for POST ${server.url}/api/v1/bookings`,
                `HTTP 404 for GET ${server.url}/api/v1/bookings/${intake.code}`),
            `the booking pages in ${lang}`);
        } finally {
            await context.close();
        }
    });
}

test('the booking confirmation and the manage page fit a small screen', async () => {
    const { context, page, problems } = await openPage(browser,
        { viewport: { width: 360, height: 740 } });
    const check = async (what) => {
        const overflow = await page.evaluate(() =>
            document.documentElement.scrollWidth -
            document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${what} scrolls sideways by ${overflow}px on a phone`);
        assertNoViolations(await axeViolations(page), `${what} on a small screen`);
    };
    try {
        const manage = await bookThroughThePage(page, 'en', check);
        await page.goto(manage);
        await manageReady(page);
        await check('/booking.html');
        assertNoProblems(without(problems,
            `HTTP 400 for POST ${server.url}/api/v1/bookings`,
            `HTTP 403 for POST ${server.url}/api/v1/bookings`),
        'the booking pages on a small screen');
    } finally {
        await context.close();
    }
});
