// SPDX-License-Identifier: AGPL-3.0-or-later
// The front desk ticks off each person's documents: after a check-in by
// code the page lists the documents of the booking per person and per
// service as checkboxes; two are ticked with the keyboard alone, each
// tick kept by the server at once; after a reload the visitor chosen in
// the overview shows them still ticked, who checked them, and fewer
// missing. axe-core finds nothing on the panel in English and in Dutch,
// and the documents are in the page's language. A tick the server refuses
// shows its message.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { api } from '../lib/server.mjs';
import {
    launchBrowser, openPage, assertNoProblems, assertServerHealthy, catalogue,
    axeViolations, assertNoViolations, focusIs, tabUntil,
} from './support.mjs';
import {
    startFloorServer, bookToday, signInThroughPage, frontDeskReady,
} from './floor-support.mjs';

const EN = catalogue('en');
const NL = catalogue('nl');

let ctx;
let browser;
let services; // the catalogue by code

before(async () => {
    ctx = await startFloorServer();
    browser = await launchBrowser();
    const res = await api(ctx.server.url, 'GET', '/api/v1/services');
    assert.equal(res.status, 200, res.text);
    services = new Map(res.json.items.map((s) => [s.code, s]));
});

after(async () => {
    await browser?.close();
    if (ctx) {
        await ctx.server.stop();
        assertServerHealthy(ctx.server);
    }
});

const text = async (locator) => ((await locator.textContent()) || '').trim();

const missingText = (T, n) => (n === 1 ? T['front.docs.missing.one']
    : T['front.docs.missing'].replace('{n}', String(n)));

/** Waits until the panel says n documents are still missing. */
async function missingIs(page, T, n) {
    await page.locator('[data-docs-missing]', { hasText: missingText(T, n) })
        .waitFor();
}

test('documents ticked by keyboard are kept; the overview shows them again, in English and Dutch', async () => {
    const booking = await bookToday(ctx);
    // The documents of the day's services, one person.
    const all = booking.documentsPerPerson[0].services
        .reduce((sum, g) => sum + g.items.length, 0);
    assert.ok(all >= 3, `the demo's services ask for documents (${all})`);
    const intake = services.get('intake').documents;
    const collect = services.get('ind-collect').documents;

    const { context, page, problems } = await openPage(browser);
    try {
        await signInThroughPage(page, ctx.server.url, ctx.server.logins.frontdesk);
        await page.goto(`${ctx.server.url}/front-desk`);
        await frontDeskReady(page);
        await page.locator('#checkin-code').click();
        await page.keyboard.type(booking.code);
        await page.keyboard.press('Enter');
        await focusIs(page, '[data-ticket-card]');
        const ticket = await text(page.locator('[data-ticket-number]'));

        // The panel: one fieldset for the person, the documents as
        // labelled checkboxes, all missing.
        await page.locator('[data-docs-card]:not([hidden])').waitFor();
        await missingIs(page, EN, all);
        assert.equal(await page.locator('[data-docs-people] fieldset > legend.nl-fieldset__legend').count(), 1);
        const first = page.getByLabel(intake[0].en, { exact: true });
        const second = page.getByLabel(collect[1].en, { exact: true });
        assert.equal(await first.isChecked(), false);
        assert.equal(await page.locator('[data-docs-people] input[type="checkbox"]').count(), all);

        // Two ticks by keyboard, each answered by the server.
        await tabUntil(page, '#doc-1-intake-1');
        await page.keyboard.press('Space');
        await missingIs(page, EN, all - 1);
        await focusIs(page, '#doc-1-intake-1');
        await tabUntil(page, '#doc-1-ind-collect-2');
        await page.keyboard.press('Space');
        await missingIs(page, EN, all - 2);
        await focusIs(page, '#doc-1-ind-collect-2');
        assert.equal(await first.isChecked(), true);
        assert.equal(await second.isChecked(), true);

        // After a reload: the visitor chosen in the overview.
        await page.reload();
        await frontDeskReady(page);
        assert.ok(await page.locator('[data-docs-card]').isHidden());
        const open = page.locator(`[data-visit-rows] tr[data-ticket="${ticket}"] button`,
            { hasText: EN['front.docs.open'] });
        await open.focus();
        await page.keyboard.press('Enter');
        await focusIs(page, '#docs-heading');
        await missingIs(page, EN, all - 2);
        assert.equal(await page.getByLabel(intake[0].en, { exact: true }).isChecked(), true);
        assert.equal(await page.getByLabel(collect[1].en, { exact: true }).isChecked(), true);
        assert.equal(await page.getByLabel(intake[1].en, { exact: true }).isChecked(), false);
        const who = EN['front.docs.checkedBy'].split('{who}')[0];
        assert.equal(await page.locator('[data-docs-people] .onestop-choice__meta',
            { hasText: `${who}${ctx.server.logins.frontdesk.username}` }).count(), 2);
        assertNoViolations(await axeViolations(page), '/front-desk documents in en');

        // In Dutch: the page's texts and the documents' own.
        await page.locator('[data-lang="nl"]').click();
        await page.locator('html[lang="nl"]').waitFor();
        await missingIs(page, NL, all - 2);
        assert.equal(await page.getByLabel(intake[0].nl, { exact: true }).isChecked(), true);
        assert.equal(await page.getByLabel(collect[1].nl, { exact: true }).isChecked(), true);
        assertNoViolations(await axeViolations(page), '/front-desk documents in nl');

        // Taking a tick back counts it missing again.
        await page.getByLabel(intake[0].nl, { exact: true }).focus();
        await page.keyboard.press('Space');
        await missingIs(page, NL, all - 1);

        // A tick the server refuses shows its message, and the box shows
        // what the server keeps. A checked-in booking can no longer be
        // cancelled through the API, so the refusal is provoked in the
        // database itself.
        execFileSync('sqlite3', ['-cmd', '.timeout 10000', ctx.server.dbPath,
            "UPDATE bookings SET status = 'cancelled' WHERE code = " +
            `'${booking.code}'`]);
        await page.locator('#doc-1-intake-2').focus();
        await page.keyboard.press('Space');
        await page.locator('[data-docs-error]:not(:empty)').waitFor();
        const refused = await api(ctx.server.url, 'PUT',
            `/api/v1/bookings/${booking.code}/documents`, {
                body: { checks: [{ person: 1, service: 'intake', document: 2,
                    checked: true }] },
                cookie: ctx.admin.cookie, csrf: ctx.admin.csrf });
        assert.equal(refused.status, 409, refused.text);
        assert.ok(refused.json.detail);
        assert.ok((await text(page.locator('[data-docs-error]')))
            .includes(refused.json.detail), 'the server\'s own message');
        assert.equal(await page.locator('#doc-1-intake-2').isChecked(), false);
        await missingIs(page, NL, all - 1);
        assertNoProblems(problems.filter((p) => !p.startsWith(
            `HTTP 409 for PUT ${ctx.server.url}/api/v1/bookings/`)),
        'the front desk page');
    } finally {
        await context.close();
    }
});
