// SPDX-License-Identifier: AGPL-3.0-or-later
// axe-core on the floor pages in their main states, in English and in
// Dutch: the front desk (signed out, the overview, a ticket after
// check-in, a refused code, expected visitors found, a walk-in), the desk
// console (signed out, choosing a desk, the queue, a visitor called, the
// registration outcome with an error, the IND outcome) and the display
// (no calls, a call). Also checks that each page is really in Dutch.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../lib/server.mjs';
import {
    launchBrowser, openPage, assertNoProblems, assertServerHealthy, catalogue,
    axeViolations, assertNoViolations,
} from './support.mjs';
import {
    startFloorServer, bookToday, signInThroughPage, frontDeskReady, deskReady,
    desksByCode,
} from './floor-support.mjs';

const LANGS = [['en', 'en-GB'], ['nl', 'nl-NL']];

let ctx;
let browser;
let desks;

before(async () => {
    ctx = await startFloorServer();
    browser = await launchBrowser();
    desks = await desksByCode(ctx);
});

after(async () => {
    await browser?.close();
    if (ctx) {
        await ctx.server.stop();
        assertServerHealthy(ctx.server);
    }
});

const text = async (locator) => ((await locator.textContent()) || '').trim();

/** Expected refusals that the test itself provokes. */
function expected(problems) {
    return problems.filter((p) =>
        !p.startsWith(`HTTP 404 for POST ${ctx.server.url}/api/v1/check-ins`) &&
        !p.startsWith(`HTTP 400 for POST ${ctx.server.url}/api/v1/visit-legs/`));
}

async function checkIn(code) {
    const res = await api(ctx.server.url, 'POST', '/api/v1/check-ins', {
        body: { code, location: 1 }, cookie: ctx.admin.cookie, csrf: ctx.admin.csrf,
    });
    assert.equal(res.status, 201, res.text);
    return res.json;
}

for (const [lang, locale] of LANGS) {
    const T = catalogue(lang);

    test(`the front desk in ${lang}: every state without violations`, async () => {
        const { context, page, problems } = await openPage(browser, { locale });
        const check = async (what) => assertNoViolations(await axeViolations(page),
            `/front-desk in ${lang} ${what}`);
        try {
            await page.goto(`${ctx.server.url}/front-desk`);
            await frontDeskReady(page);
            assert.equal(await page.locator('html').getAttribute('lang'), lang);
            assert.equal(await text(page.locator('h1')), T['front.heading']);
            await page.locator('[data-sign-in-needed]').waitFor();
            await check('signed out');

            await signInThroughPage(page, ctx.server.url, ctx.server.logins.frontdesk);
            await page.goto(`${ctx.server.url}/front-desk`);
            await frontDeskReady(page);
            await page.locator('[data-front-panel]').waitFor();
            await check('with the overview');

            await page.locator('#checkin-code').fill('ZZZZZZZZ');
            await page.locator('#checkin-code').press('Enter');
            await page.locator('[data-code-form] [data-error-summary]:not([hidden])').waitFor();
            await check('with a refused code');

            const booking = await bookToday(ctx, ['intake']);
            await page.locator('#search-name').fill(`Visitor-${process.pid}`);
            await page.locator('#search-name').press('Enter');
            const found = page.locator(`[data-search-results] [data-code="${booking.code}"] button`);
            await found.waitFor();
            await check('with expected visitors found');
            await found.click();
            await page.locator('[data-ticket-card]:not([hidden])').waitFor();
            assert.match(await text(page.locator('[data-ticket-number]')), /^[A-Z]\d{3}$/);
            await check('with the ticket of a check-in');

            await page.locator('#walkin-given').fill('Wim');
            await page.locator('#walkin-surname').fill(`Walker-${lang}`);
            await page.locator('[data-walkin-form] button[type="submit"]').click();
            const walker = page.locator('[data-visit-rows] tr', { hasText: `Walker-${lang}` });
            await walker.waitFor();
            await check('with a walk-in');
            await walker.locator('[data-depart]').click();
            await walker.locator('button', { hasText: T['front.depart.keep'] }).waitFor();
            await check('asking whether a visitor left');
            assertNoProblems(expected(problems), `/front-desk in ${lang}`);
        } finally {
            await context.close();
        }
    });

    test(`the desk console in ${lang}: every state without violations`, async () => {
        const { context, page, problems } = await openPage(browser, { locale });
        const check = async (what) => assertNoViolations(await axeViolations(page),
            `/desk in ${lang} ${what}`);
        try {
            await page.goto(`${ctx.server.url}/desk`);
            await deskReady(page);
            assert.equal(await page.locator('html').getAttribute('lang'), lang);
            assert.equal(await text(page.locator('h1')), T['desk.heading']);
            await page.locator('[data-sign-in-needed]').waitFor();
            await check('signed out');

            await signInThroughPage(page, ctx.server.url, ctx.server.logins.admin);
            await page.goto(`${ctx.server.url}/desk`);
            await deskReady(page);
            if (await page.locator('[data-desk-other]').isVisible()) {
                await page.locator('[data-desk-other]').click();
            }
            await page.locator('[data-desk-choose]').waitFor();
            await check('choosing a desk');

            const brp = desks.get(lang === 'en' ? 'brp-1' : 'brp-2');
            await page.locator('#desk-select').selectOption(String(brp.id));
            await page.locator('[data-desk-choose] button[type="submit"]').click();
            await page.locator('[data-desk-panel]').waitFor();
            if (await page.locator('[data-desk-open]').isVisible()) {
                await page.locator('[data-desk-open]').click();
                await page.locator('[data-desk-close]').waitFor();
            }
            await check('with an empty queue');

            // A registration visitor: intake done through the API first.
            const visit = await checkIn((await bookToday(ctx,
                ['intake', 'brp-registration'])).code);
            const intake = desks.get(lang === 'en' ? 'intake-1' : 'intake-2');
            const as = { cookie: ctx.admin.cookie, csrf: ctx.admin.csrf };
            let res = await api(ctx.server.url, 'POST', `/api/v1/desks/${intake.id}/open`, as);
            assert.equal(res.status, 200, res.text);
            res = await api(ctx.server.url, 'POST', `/api/v1/desks/${intake.id}/calls`,
                { ...as, body: { leg: visit.legs[0].id } });
            assert.equal(res.status, 201, res.text);
            res = await api(ctx.server.url, 'POST',
                `/api/v1/visit-legs/${visit.legs[0].id}/start`, as);
            assert.equal(res.status, 200, res.text);
            res = await api(ctx.server.url, 'POST',
                `/api/v1/visit-legs/${visit.legs[0].id}/complete`, { ...as, body: {} });
            assert.equal(res.status, 200, res.text);
            await page.locator(`[data-queue] [data-ticket="${visit.ticket}"]`).waitFor();
            await check('with a visitor waiting');

            await page.locator('[data-call-next]').click();
            await page.locator('[data-current-visitor]:not([hidden])').waitFor();
            await check('with a visitor called');
            await page.locator('[data-action="start"]').click();
            await page.locator('[data-action="complete"]:not([hidden])').click();
            await page.locator('[data-outcome-registration]:not([hidden])').waitFor();
            await check('with the registration outcome');
            await page.locator('[data-outcome-submit]').click();
            await page.locator('[data-outcome-form] [data-error-summary]:not([hidden])').waitFor();
            await check('with an outcome error');
            await page.locator('#bsn').fill(lang === 'en' ? '123456782' : '111222333');
            await page.locator('[data-outcome-submit]').click();
            await page.locator('[data-current-none]:not([hidden])').waitFor();
            await check('after completing');
            assertNoProblems(expected(problems), `/desk in ${lang}`);
        } finally {
            await context.close();
        }
    });
}

test('the front desk and the desk console fit a small screen', async () => {
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
        await checkIn((await bookToday(ctx, ['intake'])).code);
        await signInThroughPage(page, ctx.server.url, ctx.server.logins.admin);
        await page.goto(`${ctx.server.url}/front-desk`);
        await frontDeskReady(page);
        await page.locator('[data-visit-rows] tr').first().waitFor();
        await check('/front-desk');
        await page.goto(`${ctx.server.url}/desk?desk=${desks.get('intake-1').id}`);
        await deskReady(page);
        await page.locator('[data-desk-panel]').waitFor();
        await check('/desk');
        assertNoProblems(problems, 'the floor pages on a small screen');
    } finally {
        await context.close();
    }
});
