// SPDX-License-Identifier: AGPL-3.0-or-later
// The desk console's other steps, through the page: an officer's own desk
// opens by itself; call again, park and back to the queue, transfer to
// another desk, a no-show refused until the visitor was called often
// enough (the server's message shown, focus on it) and then accepted.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../lib/server.mjs';
import {
    launchBrowser, openPage, assertNoProblems, assertServerHealthy, catalogue,
    focusIs, axeViolations, assertNoViolations,
} from './support.mjs';
import {
    startFloorServer, bookToday, signInThroughPage, deskReady, desksByCode,
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

/** A visitor for intake, checked in through the API; resolves with the
 *  visit (ticket, legs). */
async function intakeVisitor() {
    const booking = await bookToday(ctx, ['intake']);
    const res = await api(ctx.server.url, 'POST', '/api/v1/check-ins', {
        body: { code: booking.code, location: 1 },
        cookie: ctx.admin.cookie, csrf: ctx.admin.csrf,
    });
    assert.equal(res.status, 201, res.text);
    return res.json;
}

async function openDesk(page, code) {
    const desk = desks.get(code);
    await page.goto(`${ctx.server.url}/desk?desk=${desk.id}`);
    await deskReady(page);
    await page.locator('[data-desk-panel]').waitFor();
    if (await page.locator('[data-desk-open]').isVisible()) {
        await page.locator('[data-desk-open]').click();
        await page.locator('[data-desk-close]').waitFor();
    }
    return desk;
}

async function callChosen(page, ticket) {
    await page.locator(`[data-queue] [data-ticket="${ticket}"] button`).click();
    await page.locator('[data-current-visitor]:not([hidden])').waitFor();
    assert.equal(await text(page.locator('[data-current-ticket]')), ticket);
    await focusIs(page, '[data-action="start"]');
}

test('an officer\'s own desk opens by itself; no other desk is offered', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        await signInThroughPage(page, ctx.server.url, ctx.server.logins.officer);
        await page.goto(`${ctx.server.url}/desk`);
        await deskReady(page);
        await page.locator('[data-desk-panel]').waitFor();
        assert.ok(await page.locator('[data-desk-choose]').isHidden());
        assert.ok(await page.locator('[data-desk-other]').isHidden());
        const name = await text(page.locator('[data-desk-name]'));
        const own = [...desks.values()].find((d) => d.name.en === name);
        assert.ok(own, `the officer's desk ${name} is a demo desk`);
        assert.equal(own.agency, 'municipality');
        assertNoProblems(problems, 'the desk console of an officer');
    } finally {
        await context.close();
    }
});

test('call again, park and back, transfer, and a no-show once allowed', async () => {
    const first = await intakeVisitor();
    const second = await intakeVisitor();
    const { context, page, problems } = await openPage(browser);
    try {
        await signInThroughPage(page, ctx.server.url, ctx.server.logins.admin);
        await openDesk(page, 'intake-1');

        // Call again: still called, focus stays with the visitor's actions.
        await callChosen(page, first.ticket);
        await page.locator('[data-action="recall"]').click();
        await page.locator('[data-desk-status]', { hasText:
            EN['desk.done.recall'].replace('{ticket}', first.ticket) }).waitFor();
        await focusIs(page, '[data-action="start"]');

        // Park, then back to the queue from the parked list.
        await page.locator('[data-action="park"]').click();
        const parked = page.locator(`[data-parked] [data-ticket="${first.ticket}"]`);
        await parked.waitFor();
        assert.ok(await page.locator('[data-current-none]').isVisible());
        assertNoViolations(await axeViolations(page), '/desk with a parked visitor');
        await parked.locator('button').click();
        await page.locator(`[data-queue] [data-ticket="${first.ticket}"]`).waitFor();
        assert.ok(await page.locator('[data-parked-section]').isHidden());

        // Transfer to the other intake desk: it waits there now.
        await callChosen(page, first.ticket);
        await page.locator('[data-action="transfer"]').click();
        await focusIs(page, '#transfer-heading');
        assertNoViolations(await axeViolations(page), '/desk transferring');
        const other = desks.get('intake-2');
        await page.locator('#transfer-desk').selectOption(String(other.id));
        await page.locator('[data-transfer-form] button[type="submit"]').click();
        await page.locator('[data-current-none]:not([hidden])').waitFor();
        const elsewhere = await api(ctx.server.url, 'GET',
            `/api/v1/desks/${other.id}/queue`,
            { cookie: ctx.admin.cookie, csrf: ctx.admin.csrf });
        assert.ok(elsewhere.json.items.some((i) => i.ticket === first.ticket),
            'the transferred visitor waits at the other desk');

        // A no-show needs the calls first: the server's refusal is shown.
        await callChosen(page, second.ticket);
        await page.locator('[data-action="no-show"]').click();
        await focusIs(page, '[data-desk-error]');
        assert.notEqual(await text(page.locator('[data-desk-error]')), '');
        for (let i = 0; i < 2; i++) {
            await page.locator('[data-action="recall"]').click();
            await page.locator('[data-desk-status]', { hasText:
                EN['desk.done.recall'].replace('{ticket}', second.ticket) }).waitFor();
            await focusIs(page, '[data-action="start"]');
        }
        await page.locator('[data-action="no-show"]').click();
        await page.locator('[data-current-none]:not([hidden])').waitFor();
        assert.equal(await text(page.locator('[data-desk-status]')),
            EN['desk.done.no-show'].replace('{ticket}', second.ticket));
        assert.equal(await text(page.locator('[data-desk-error]')), '');
        assertNoProblems(problems.filter((p) => !p.startsWith('HTTP 409 for POST ' +
            `${ctx.server.url}/api/v1/visit-legs/`)), 'the desk console');
    } finally {
        await context.close();
    }
});
