// SPDX-License-Identifier: AGPL-3.0-or-later
// Keyboard only: the skip link comes first and moves focus to the content,
// the language switch and the sign-in link are reachable with Tab and work
// with Enter, every focused control shows a focus ring, and signing in and
// out works without a mouse.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import {
    launchBrowser, openPage, assertNoProblems, catalogue, homeReady,
    signInReady, assertServerHealthy, bookReady, manageReady, freeDays,
    optionsOn, bookServices, focusIs, tabUntil as tabTo,
} from './support.mjs';

const TEXT = { en: catalogue('en'), nl: catalogue('nl') };
/** More Tab presses than the header has controls; a bound, not a timing. */
const MAX_TABS = 25;

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

/** Describes the focused element and whether it shows a focus indicator. */
function focused(page) {
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
            lang: el.dataset ? el.dataset.lang || null : null,
            text: (el.textContent || '').trim(),
            ring: outline || style.boxShadow !== 'none',
        };
    });
}

/** Presses Tab until selector has focus; returns what was focused on the
 *  way, checking that each focused control shows a focus ring. */
async function tabUntil(page, selector) {
    const seen = [];
    for (let i = 0; i < MAX_TABS; i++) {
        await page.keyboard.press('Tab');
        const now = await focused(page);
        if (now) {
            seen.push(now);
            assert.ok(now.ring,
                `focused ${now.tag}.${now.className} "${now.text}" has no visible focus ring`);
        }
        if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) {
            return seen;
        }
    }
    assert.fail(`Tab never reached ${selector}; focused: ` +
        seen.map((s) => `${s.tag}#${s.id}.${s.className}`).join(', '));
    return seen;
}

test('the first Tab reaches the skip link; Enter moves focus to the content', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}/`);
        await homeReady(page);
        await page.keyboard.press('Tab');
        const first = await focused(page);
        assert.ok(first, 'something has focus after one Tab');
        assert.match(first.className, /onestop-skip-link/);
        assert.equal(first.text, TEXT.en['skip.toContent']);
        assert.ok(first.ring, 'the skip link shows a focus ring');
        const box = await page.locator('.onestop-skip-link').boundingBox();
        assert.ok(box && box.y >= 0 && box.height > 0 && box.width > 0,
            'the focused skip link is on screen');

        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'main');
        assert.equal(new URL(page.url()).hash, '#main');
        assertNoProblems(problems, 'the home page');
    } finally {
        await context.close();
    }
});

test('Tab and Enter work the language switch and the sign-in link', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}/`);
        await homeReady(page);

        const way = await tabUntil(page, '[data-lang="nl"]');
        assert.match(way[0].className, /onestop-skip-link/,
            'the skip link is the first stop');
        assert.ok(way.some((s) => s.lang === 'en'), 'EN comes before NL');
        await page.keyboard.press('Enter');
        await page.locator('html[lang="nl"]').waitFor();
        assert.equal((await page.locator('h1').textContent()).trim(),
            TEXT.nl['home.heading']);
        const stillThere = await focused(page);
        assert.equal(stillThere && stillThere.lang, 'nl',
            'focus stays on the language switch');

        await tabUntil(page, '[data-session-link]');
        assert.equal((await page.locator('[data-session-link]').textContent())
            .trim(), TEXT.nl['nav.signIn']);
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/sign-in$/);
        await signInReady(page);
        assert.equal(await page.locator('html').getAttribute('lang'), 'nl',
            'the chosen language carries over to the next page');
        assert.equal((await page.locator('h1').textContent()).trim(),
            TEXT.nl['signIn.heading']);
        assertNoProblems(problems, 'the home and sign-in pages');
    } finally {
        await context.close();
    }
});

test('signing in and out works with the keyboard alone', async () => {
    const { context, page, problems } = await openPage(browser);
    const { username, password } = server.logins.admin;
    try {
        await page.goto(`${server.url}/sign-in`);
        await signInReady(page);

        await tabUntil(page, '#username');
        await page.keyboard.type(username);
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.id),
            'password');
        await page.keyboard.type(password);
        await page.keyboard.press('Enter');

        await page.locator('[data-signed-in]').waitFor();
        assert.equal((await page.locator('[data-user-role]').textContent())
            .trim(), TEXT.en['role.admin']);
        assert.equal(await page.evaluate(() => document.activeElement.id),
            'signed-in-heading', 'focus moves to the confirmation');

        await tabUntil(page, '[data-sign-out-page]');
        await page.keyboard.press('Enter');
        await page.locator('[data-sign-in-form]').waitFor();
        assert.ok(await page.locator('[data-signed-in]').isHidden());
        assert.equal(await page.evaluate(() => document.activeElement.id),
            'username', 'focus returns to the form');
        assertNoProblems(problems, 'the sign-in page');
    } finally {
        await context.close();
    }
});

test('Tab and Enter reach the booking page from the header; its skip link comes first', async () => {
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}/`);
        await homeReady(page);
        await tabUntil(page, '[data-book-link]');
        assert.equal((await page.locator('[data-book-link]').textContent()).trim(),
            TEXT.en['nav.book']);
        await page.keyboard.press('Enter');
        await page.waitForURL(/\/book$/);
        await bookReady(page);
        assert.equal(await page.locator('[data-book-link]').getAttribute('aria-current'),
            'page');
        await page.keyboard.press('Tab');
        const first = await focused(page);
        assert.match(first.className, /onestop-skip-link/);
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'main');
        await tabUntil(page, 'input[name="services"]');
        assertNoProblems(problems, 'the home and booking pages');
    } finally {
        await context.close();
    }
});

test('moving an appointment works with the keyboard alone', async () => {
    const days = await freeDays(server.url, ['intake']);
    const booking = await bookServices(server.url, ['intake'], { date: days[0].date });
    const target = days[1].date;
    const [option] = await optionsOn(server.url, ['intake'], target);
    const { context, page, problems } = await openPage(browser);
    try {
        await page.goto(`${server.url}${booking.manageUrl}`);
        await manageReady(page);
        await tabTo(page, '[data-reschedule-start]');
        await page.keyboard.press('Enter');
        await focusIs(page, '#reschedule-heading');
        await page.locator(`[data-days] button[data-date="${target}"]`).waitFor();
        await tabTo(page, `[data-days] button[data-date="${target}"]`);
        await page.keyboard.press('Enter');
        await page.locator(`[data-options] input[value="${option.token}"]`).waitFor();
        await tabTo(page, `[data-options] input[value="${option.token}"]`);
        await page.keyboard.press('Space');
        await tabTo(page, '[data-option-submit]');
        await page.keyboard.press('Enter');
        await focusIs(page, '[data-manage-message]');
        assert.equal((await page.locator('[data-manage-message]').textContent()).trim(),
            TEXT.en['manage.reschedule.done']);
        assertNoProblems(problems, 'the manage page');
    } finally {
        await context.close();
    }
});
