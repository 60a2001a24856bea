// SPDX-License-Identifier: AGPL-3.0-or-later
// The waiting-room display (/display): it connects to the location's event
// stream and says so, shows that nothing was called yet, in English and in
// Dutch with no WCAG 2.1 AA violations; calls made at a desk appear at
// once, the latest first and highlighted, without the visitor's name; it
// shows that it lost the connection when the server restarts and comes
// back by itself; an unknown location is said to be unknown.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, signIn } from '../lib/server.mjs';
import {
    launchBrowser, openPage, assertNoProblems, catalogue, axeViolations,
    assertNoViolations, assertServerHealthy,
} from './support.mjs';
import {
    morningZone, floorServerArgs, ok, makeFloorLocation, makeOfficer,
    visitor,
} from '../api/floor-support.mjs';

const TEXT = { en: catalogue('en'), nl: catalogue('nl') };
const LANGS = [['en', 'en-GB'], ['nl', 'nl-NL']];

let server;
let browser;

let floorLoc;
let frontdesk;
let officer;

before(async () => {
    server = await startServer({ args: floorServerArgs(morningZone()) });
    browser = await launchBrowser();
    const admin = await signIn(server.url, server.logins.admin.username,
        server.logins.admin.password);
    frontdesk = await signIn(server.url, server.logins.frontdesk.username,
        server.logins.frontdesk.password);
    floorLoc = await makeFloorLocation(server, admin);
    officer = await makeOfficer(server, admin, 'expat-centre');
    await ok(server, officer, 'POST',
        `/api/v1/desks/${floorLoc.desks.intake.id}/open`);
});

after(async () => {
    await browser?.close();
    if (server) {
        await server.stop();
        assertServerHealthy(server);
    }
});

/** Waits until the display's connection state is state. */
function connection(page, state) {
    return page.locator(`[data-display-status][data-state="${state}"]`)
        .waitFor();
}

for (const [lang, locale] of LANGS) {
    test(`/display in ${lang}: live, nothing called yet, no violations`, async () => {
        const { context, page, problems } = await openPage(browser, { locale });
        try {
            const res = await page.goto(`${server.url}/display?location=1`);
            assert.equal(res.status(), 200);
            await connection(page, 'live');
            await page.locator('[data-display][aria-busy="false"]').waitFor();
            assert.equal(await page.locator('html').getAttribute('lang'), lang);
            assert.equal(await page.locator('h1').textContent(),
                TEXT[lang]['display.heading']);
            assert.equal(
                await page.locator('[data-display-status]').textContent(),
                TEXT[lang]['display.status.live']);
            assert.equal(await page.locator('[data-display-empty]').textContent(),
                TEXT[lang]['display.empty']);
            assert.ok(await page.locator('[data-display-empty]').isVisible());
            assertNoViolations(await axeViolations(page), `/display in ${lang}`);
            assertNoProblems(problems, `/display in ${lang}`);
        } finally {
            await context.close();
        }
    });
}

/** A walk-in called to the intake desk: the visit. */
async function callWalkIn(who) {
    const visit = await ok(server, frontdesk, 'POST', '/api/v1/walk-ins', {
        location: floorLoc.location.id, service: 'intake',
        givenNames: who.givenNames, surname: who.surname,
    }, 201);
    const called = await ok(server, officer, 'POST',
        `/api/v1/desks/${floorLoc.desks.intake.id}/calls`, {}, 201);
    return { visit, leg: called.calledLeg };
}

async function serve(leg) {
    await ok(server, officer, 'POST', `/api/v1/visit-legs/${leg}/start`);
    await ok(server, officer, 'POST', `/api/v1/visit-legs/${leg}/complete`,
        {});
}

test('/display: calls appear at once, the latest first and highlighted', async () => {
    const { context, page, problems } = await openPage(browser, { locale: 'nl-NL' });
    try {
        await page.goto(`${server.url}/display?location=${floorLoc.location.id}`);
        await connection(page, 'live');
        const first = visitor('Displayed');
        const a = await callWalkIn(first);
        const latest = page.locator('.onestop-display__row--latest');
        await page.locator(`.onestop-display__row--latest[data-ticket="${a.visit.ticket}"]`)
            .waitFor();
        assert.match(await latest.textContent(), /Balie intake/);
        await serve(a.leg);
        const b = await callWalkIn(visitor('Displayed'));
        await page.locator(`.onestop-display__row--latest[data-ticket="${b.visit.ticket}"]`)
            .waitFor();
        const tickets = await page.locator('[data-display-rows] tr')
            .evaluateAll((rows) => rows.map((r) => r.dataset.ticket));
        assert.deepEqual(tickets.slice(0, 2), [b.visit.ticket, a.visit.ticket]);
        assert.equal(await page.locator('.onestop-display__row--latest').count(), 1);
        // Announced to screen readers, in Dutch.
        assert.equal(await page.locator('[data-display-announce]').textContent(),
            TEXT.nl['display.announce'].replace('{ticket}', b.visit.ticket)
                .replace('{desk}', 'Balie intake'));
        const body = await page.locator('body').textContent();
        assert.ok(!body.includes(first.surname), 'no names on the display');
        assertNoViolations(await axeViolations(page), '/display with calls');
        assertNoProblems(problems, '/display with calls');
        await serve(b.leg);
    } finally {
        await context.close();
    }
});

test('/display shows a lost connection and reconnects after a restart', async () => {
    const { context, page } = await openPage(browser);
    try {
        await page.goto(`${server.url}/display`);
        await connection(page, 'live');
        // Every state the page passes through, however briefly.
        await page.evaluate(() => {
            const status = document.querySelector('[data-display-status]');
            window.displayStates = [];
            new MutationObserver(() => {
                window.displayStates.push(status.dataset.state);
            }).observe(status, { attributes: true,
                attributeFilter: ['data-state'] });
        });
        await server.restart();
        await page.waitForFunction(() => window.displayStates.includes('lost'));
        await page.waitForFunction(() => {
            const states = window.displayStates;
            return states.lastIndexOf('live') > states.indexOf('lost');
        });
        await connection(page, 'live');
        assertNoViolations(await axeViolations(page), '/display, lost and back');
    } finally {
        await context.close();
    }
});

test('/display of an unknown location says so', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}/display?location=999`);
        const error = page.locator('[data-display-error]');
        await error.waitFor();
        assert.equal(await error.textContent(),
            TEXT.en['display.error.noLocation']);
        assertNoViolations(await axeViolations(page), '/display, unknown');
        assertNoProblems(problems, '/display, unknown');
    } finally {
        await context.close();
    }
});
