// SPDX-License-Identifier: AGPL-3.0-or-later
// The waiting-room display (/display): it connects to the location's event
// stream and says so, shows that nothing was called yet, in English and in
// Dutch with no WCAG 2.1 AA violations; it shows that it lost the
// connection when the server restarts and comes back by itself; an
// unknown location is said to be unknown.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
    launchBrowser, openPage, assertNoProblems, catalogue, axeViolations,
    assertNoViolations, assertServerHealthy,
} from './support.mjs';

const TEXT = { en: catalogue('en'), nl: catalogue('nl') };
const LANGS = [['en', 'en-GB'], ['nl', 'nl-NL']];

let server;
let browser;

before(async () => {
    server = await startServer();
    browser = await launchBrowser();
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
