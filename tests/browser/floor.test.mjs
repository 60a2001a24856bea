// SPDX-License-Identifier: AGPL-3.0-or-later
// One visitor's whole day through the floor pages: booked for today, checked
// in at the front desk page by the booking code (as a QR scanner types it),
// called, started and completed at three desk consoles (intake, the
// municipality with a BSN, the IND with the document handed over) while the
// display of the waiting area, in another page, shows each call with its
// desk; the front desk's overview ends with the visitor departed. Then the
// console worked with the keyboard alone, and a refusal shown as the
// server's own message. Every step waits for what it expects to see.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
    launchBrowser, openPage, assertNoProblems, assertServerHealthy, catalogue,
    focusIs, tabUntil,
} from './support.mjs';
import { api } from '../lib/server.mjs';
import {
    startFloorServer, bookToday, signInThroughPage, frontDeskReady, deskReady,
    desksByCode,
} from './floor-support.mjs';

const EN = catalogue('en');

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

/** Opens the console of desk (by code) as the signed-in page's user and
 *  opens the desk when it is closed. */
async function openDesk(page, code) {
    const desk = desks.get(code);
    await page.goto(`${ctx.server.url}/desk?desk=${desk.id}`);
    await deskReady(page);
    await page.locator('[data-desk-panel]').waitFor();
    assert.equal(await text(page.locator('[data-desk-name]')), desk.name.en);
    if (await page.locator('[data-desk-open]').isVisible()) {
        await page.locator('[data-desk-open]').click();
        await page.locator('[data-desk-close]').waitFor();
    }
    return desk;
}

/** Calls the next visitor at the console and checks it is ticket. */
async function callNext(page, ticket) {
    await page.locator(`[data-queue] [data-ticket="${ticket}"]`).waitFor();
    await page.locator('[data-call-next]').click();
    await page.locator('[data-current-visitor]:not([hidden])').waitFor();
    assert.equal(await text(page.locator('[data-current-ticket]')), ticket);
    await focusIs(page, '[data-action="start"]');
}

/** Waits until the display shows ticket as its latest call, at desk. */
async function displayShows(display, ticket, desk) {
    await display.locator(
        `[data-display-rows] tr.onestop-display__row--latest[data-ticket="${ticket}"]`)
        .filter({ hasText: desk.name.en }).waitFor();
}

test('one visitor\'s whole day: check-in, three desks, departure, each call on the display', async () => {
    const booking = await bookToday(ctx);
    const front = await openPage(browser);
    const desk = await openPage(browser);
    const screen = await openPage(browser);
    try {
        // The display: public, no sign-in.
        await screen.page.goto(`${ctx.server.url}/display?location=1`);
        await screen.page.locator('[data-display][aria-busy="false"]').waitFor();

        // Check-in at the front desk: the scanner types the code and Enter.
        await signInThroughPage(front.page, ctx.server.url, ctx.server.logins.frontdesk);
        await front.page.goto(`${ctx.server.url}/front-desk`);
        await frontDeskReady(front.page);
        await front.page.locator('#checkin-code').click();
        await front.page.keyboard.type(booking.code.toLowerCase());
        await front.page.keyboard.press('Enter');
        await focusIs(front.page, '[data-ticket-card]');
        const ticket = await text(front.page.locator('[data-ticket-number]'));
        assert.match(ticket, /^[A-Z]\d{3}$/);
        const row = front.page.locator(`[data-visit-rows] tr[data-ticket="${ticket}"]`);
        await row.waitFor();
        assert.equal(await row.getAttribute('data-state'), 'waiting');

        // Three desks, one after another; the admin stands in at each.
        await signInThroughPage(desk.page, ctx.server.url, ctx.server.logins.admin);

        const intake = await openDesk(desk.page, 'intake-1');
        await callNext(desk.page, ticket);
        await displayShows(screen.page, ticket, intake);
        await desk.page.locator('[data-action="start"]').click();
        await desk.page.locator('[data-action="complete"]:not([hidden])').waitFor();
        await desk.page.locator('[data-action="complete"]').click();
        await focusIs(desk.page, '#outcome-heading');
        assert.ok(await desk.page.locator('[data-outcome-plain]').isVisible());
        await desk.page.locator('[data-outcome-submit]').click();
        await desk.page.locator('[data-current-none]:not([hidden])').waitFor();

        const brp = await openDesk(desk.page, 'brp-1');
        await callNext(desk.page, ticket);
        await displayShows(screen.page, ticket, brp);
        await desk.page.locator('[data-action="start"]').click();
        await desk.page.locator('[data-action="complete"]:not([hidden])').click();
        await desk.page.locator('[data-outcome-registration]:not([hidden])').waitFor();
        // A typing error is caught in the browser (11-proof) ...
        await desk.page.locator('#bsn').fill('111222334');
        await desk.page.locator('[data-outcome-submit]').click();
        await desk.page.locator('[data-outcome-form] [data-error-summary]:not([hidden])').waitFor();
        assert.equal(await desk.page.locator('#bsn').getAttribute('aria-invalid'), 'true');
        // ... a good number is recorded.
        await desk.page.locator('#bsn').fill('111222333');
        await desk.page.locator('[data-outcome-submit]').click();
        await desk.page.locator('[data-current-none]:not([hidden])').waitFor();

        const ind = await openDesk(desk.page, 'ind-1');
        await callNext(desk.page, ticket);
        await displayShows(screen.page, ticket, ind);
        await desk.page.locator('[data-action="start"]').click();
        await desk.page.locator('[data-action="complete"]:not([hidden])').click();
        await desk.page.locator('[data-outcome-ind]:not([hidden])').waitFor();
        assert.ok(await desk.page.locator('#ind-document').isVisible());
        assert.ok(await desk.page.locator('#ind-sticker').isHidden());
        await desk.page.locator('#ind-document').check();
        await desk.page.locator('[data-outcome-submit]').click();
        await desk.page.locator('[data-current-none]:not([hidden])').waitFor();

        // Departure in the front desk's overview (it follows the floor).
        await front.page.locator(`[data-visit-rows] tr[data-ticket="${ticket}"][data-state="departed"]`)
            .waitFor();
        assert.equal(await text(row.locator('.onestop-floor__state')),
            EN['floor.state.departed']);

        assertNoProblems(front.problems, 'the front desk page');
        assertNoProblems(desk.problems, 'the desk console');
        assertNoProblems(screen.problems, 'the display');
    } finally {
        await front.context.close();
        await desk.context.close();
        await screen.context.close();
    }
});

test('the console\'s main actions work with the keyboard alone; focus follows', async () => {
    const booking = await bookToday(ctx, ['intake']);
    const res = await api(ctx.server.url, 'POST', '/api/v1/check-ins', {
        body: { code: booking.code, location: 1 },
        cookie: ctx.admin.cookie, csrf: ctx.admin.csrf,
    });
    assert.equal(res.status, 201, res.text);
    const { ticket } = res.json;
    const { context, page, problems } = await openPage(browser);
    try {
        await signInThroughPage(page, ctx.server.url, ctx.server.logins.admin);
        await openDesk(page, 'intake-2');
        await page.locator(`[data-queue] [data-ticket="${ticket}"]`).waitFor();

        // Call the chosen visitor from the queue with Tab and Enter.
        await tabUntil(page, `[data-queue] [data-ticket="${ticket}"] button`);
        await page.keyboard.press('Enter');
        await focusIs(page, '[data-action="start"]');
        assert.equal(await text(page.locator('[data-current-ticket]')), ticket);

        await page.keyboard.press('Enter'); // start
        await focusIs(page, '[data-action="complete"]');
        await page.keyboard.press('Enter'); // complete: the outcome form
        await focusIs(page, '#outcome-heading');
        await tabUntil(page, '[data-outcome-submit]');
        await page.keyboard.press('Enter');
        await page.locator('[data-current-none]:not([hidden])').waitFor();
        assert.equal(await text(page.locator('[data-desk-status]')),
            EN['desk.done.complete'].replace('{ticket}', ticket));
        assertNoProblems(problems, 'the desk console');
    } finally {
        await context.close();
    }
});

test('what the server refuses is shown as its message', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        await signInThroughPage(page, ctx.server.url, ctx.server.logins.frontdesk);
        await page.goto(`${ctx.server.url}/front-desk`);
        await frontDeskReady(page);
        await page.locator('#checkin-code').fill('ZZZZZZZZ');
        await page.locator('#checkin-code').press('Enter');
        const summary = page.locator('[data-code-form] [data-error-summary]:not([hidden])');
        await summary.waitFor();
        assert.match(await text(summary), /No booking with this code/);
        assertNoProblems(problems.filter((p) => !p.startsWith(
            `HTTP 404 for POST ${ctx.server.url}/api/v1/check-ins`)),
        'the front desk page');
    } finally {
        await context.close();
    }
});

test('a visitor leaving early: asked, confirmed, the visit ends', async () => {
    const booking = await bookToday(ctx, ['intake', 'brp-registration']);
    const res = await api(ctx.server.url, 'POST', '/api/v1/check-ins', {
        body: { code: booking.code, location: 1 },
        cookie: ctx.admin.cookie, csrf: ctx.admin.csrf,
    });
    assert.equal(res.status, 201, res.text);
    const { ticket } = res.json;
    const { context, page, problems } = await openPage(browser);
    try {
        await signInThroughPage(page, ctx.server.url, ctx.server.logins.frontdesk);
        await page.goto(`${ctx.server.url}/front-desk`);
        await frontDeskReady(page);
        const row = page.locator(`[data-visit-rows] tr[data-ticket="${ticket}"]`);
        await row.locator('[data-depart]').click();
        // One slip ends nobody's visit: "No" keeps it.
        await focusIs(page, `[data-visit-rows] tr[data-ticket="${ticket}"] button`);
        await row.locator('button', { hasText: EN['front.depart.keep'] }).click();
        await focusIs(page, `[data-visit-rows] tr[data-ticket="${ticket}"] [data-depart]`);
        assert.equal(await row.getAttribute('data-state'), 'waiting');

        await page.keyboard.press('Enter');
        await focusIs(page, `[data-visit-rows] tr[data-ticket="${ticket}"] button`);
        await page.keyboard.press('Enter');
        await page.locator(`[data-visit-rows] tr[data-ticket="${ticket}"][data-state="departed"]`)
            .waitFor();
        await focusIs(page, '#overview-heading');
        assertNoProblems(problems, 'the front desk page');
    } finally {
        await context.close();
    }
});
