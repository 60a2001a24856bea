// SPDX-License-Identifier: AGPL-3.0-or-later
// The sign-in page against a real server: the demo admin signs in and sees
// the role, the session survives a reload, signing out ends it on the
// server; a wrong password and an empty form show the server's problem next
// to the form and leave nobody signed in.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from '../lib/server.mjs';
import {
    launchBrowser, openPage, assertNoProblems, catalogue, homeReady,
    signInReady, assertServerHealthy,
} from './support.mjs';

const TEXT = { en: catalogue('en'), nl: catalogue('nl') };

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

/** Asks the server, with the page's cookies, who is signed in. */
async function serverSession(page) {
    const res = await page.request.get(`${server.url}/api/v1/session`);
    return res.status();
}

async function fillAndSubmit(page, username, password) {
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(password);
    await page.locator('[data-sign-in-submit]').click();
}

test('the demo admin signs in, sees the role, stays signed in on reload and signs out', async () => {
    const { context, page, problems } = await openPage(browser);
    const { username, password } = server.logins.admin;
    const csrfSent = [];
    page.on('request', (req) => {
        if (req.method() === 'DELETE' &&
            new URL(req.url()).pathname === '/api/v1/session') {
            csrfSent.push(req.headers()['x-csrf-token']);
        }
    });
    try {
        await page.goto(`${server.url}/sign-in`);
        await signInReady(page);
        assert.ok(await page.locator('[data-sign-in-form]').isVisible());
        assert.ok(await page.locator('[data-session-link]').isVisible());
        assert.equal(await serverSession(page), 401);

        const answer = page.waitForResponse((res) =>
            res.request().method() === 'POST' &&
            new URL(res.url()).pathname === '/api/v1/session');
        await fillAndSubmit(page, username, password);
        const signedIn = await (await answer).json();
        await page.locator('[data-signed-in]').waitFor();

        assert.ok(await page.locator('[data-sign-in-form]').isHidden());
        assert.equal((await page.locator('[data-user-username]').textContent())
            .trim(), username);
        assert.equal((await page.locator('[data-user-role]').textContent())
            .trim(), TEXT.en['role.admin']);
        assert.equal(signedIn.user.role, 'admin');
        assert.ok(await page.locator('[data-session-link]').isHidden());
        assert.ok(await page.locator('[data-sign-out]').isVisible());
        assert.ok((await page.locator('[data-session-user]').textContent())
            .includes(username));
        assert.equal(await serverSession(page), 200);
        assert.equal(await page.evaluate(() => document.cookie
            .split(';').filter((c) => c.trim() !== '').length), 0,
        'the session cookie is not readable by scripts (HttpOnly)');

        await page.reload();
        await signInReady(page);
        assert.ok(await page.locator('[data-signed-in]').isVisible(),
            'still signed in after a reload');
        await page.getByRole('button', { name: /^NL\b/ }).click();
        await page.locator('html[lang="nl"]').waitFor();
        assert.equal((await page.locator('[data-user-role]').textContent())
            .trim(), TEXT.nl['role.admin']);
        await page.getByRole('button', { name: /^EN\b/ }).click();
        await page.locator('html[lang="en"]').waitFor();

        await page.locator('[data-sign-out-page]').click();
        await page.locator('[data-sign-in-form]').waitFor();
        assert.ok(await page.locator('[data-signed-in]').isHidden());
        assert.equal((await page.locator('[data-sign-in-status]').textContent())
            .trim(), TEXT.en['signIn.signedOut']);
        assert.ok(await page.locator('[data-session-link]').isVisible());
        assert.equal(await serverSession(page), 401,
            'the server no longer knows the session');
        assert.deepEqual(csrfSent, [signedIn.csrfToken],
            'sign-out carried the CSRF token from the sign-in answer');
        assertNoProblems(problems, 'the sign-in page');
    } finally {
        await context.close();
    }
});

test('the header sign-out button on the home page ends the session', async () => {
    const { context, page, problems } = await openPage(browser);
    const { username, password } = server.logins.admin;
    try {
        await page.goto(`${server.url}/sign-in`);
        await signInReady(page);
        await fillAndSubmit(page, username, password);
        await page.locator('[data-signed-in]').waitFor();

        await page.goto(`${server.url}/`);
        await homeReady(page);
        const signOut = page.locator('[data-sign-out]');
        await signOut.waitFor();
        assert.equal((await signOut.textContent()).trim(), TEXT.en['nav.signOut']);
        await signOut.click();
        await page.locator('[data-session-link]').waitFor();
        assert.ok(await signOut.isHidden());
        assert.equal(await serverSession(page), 401);
        assertNoProblems(problems, 'the home page');
    } finally {
        await context.close();
    }
});

test('a wrong password shows the problem at the form and nobody is signed in', async () => {
    const { context, page, problems } = await openPage(browser);
    const { username } = server.logins.admin;
    try {
        await page.goto(`${server.url}/sign-in`);
        await signInReady(page);
        const answer = page.waitForResponse((res) =>
            res.request().method() === 'POST' &&
            new URL(res.url()).pathname === '/api/v1/session');
        await fillAndSubmit(page, username, 'certainly-not-the-password');
        const res = await answer;
        assert.equal(res.status(), 401);
        assert.match(res.headers()['content-type'], /application\/problem\+json/);
        const problem = await res.json();

        const summary = page.locator('form [role="alert"]');
        await summary.waitFor();
        const shown = await summary.textContent();
        assert.ok(shown.includes(TEXT.en['error.summaryTitle']));
        assert.ok(shown.includes(problem.detail || problem.title),
            `the server's detail is shown: ${shown}`);
        assert.equal(await page.evaluate(() => document.activeElement
            .matches('[data-error-summary]')), true, 'focus moves to the summary');
        assert.equal(await page.locator('#password').inputValue(), '',
            'the wrong password is cleared');
        assert.ok(await page.locator('[data-sign-in-form]').isVisible());
        assert.ok(await page.locator('[data-signed-in]').isHidden());
        assert.ok(await page.locator('[data-session-link]').isVisible());
        assert.equal(await serverSession(page), 401);
        assertNoProblems(problems, 'the sign-in page');
    } finally {
        await context.close();
    }
});

test('an empty form shows the server\'s invalidParams next to the fields, cleared on resubmit', async () => {
    const expected = await api(server.url, 'POST', '/api/v1/session',
        { body: { username: '', password: '' } });
    assert.equal(expected.status, 400, expected.text);
    const params = expected.json.invalidParams || [];
    const names = params.map((p) => p.name.replace(/^.*[./]/, ''));
    assert.ok(names.includes('username') && names.includes('password'),
        `the server names both fields: ${expected.text}`);

    const { context, page, problems } = await openPage(browser);
    const { username, password } = server.logins.admin;
    try {
        await page.goto(`${server.url}/sign-in`);
        await signInReady(page);
        await page.locator('[data-sign-in-submit]').click();
        const summary = page.locator('form [role="alert"]');
        await summary.waitFor();

        for (const field of ['username', 'password']) {
            const input = page.locator(`#${field}`);
            assert.equal(await input.getAttribute('aria-invalid'), 'true',
                `${field} is marked invalid`);
            const ids = (await input.getAttribute('aria-describedby') || '')
                .split(/\s+/).filter(Boolean);
            assert.ok(ids.length > 0, `${field} points at its message`);
            const message = page.locator(`[id="${ids[ids.length - 1]}"]`);
            assert.ok(await message.isVisible(), `${field}'s message is visible`);
            const reason = params[names.indexOf(field)].reason;
            assert.ok((await message.textContent()).includes(reason),
                `${field}'s message is the server's reason "${reason}"`);
            const same = await message.evaluate((m, f) =>
                m.closest('.nl-form-field') ===
                document.getElementById(f).closest('.nl-form-field'), field);
            assert.ok(same, `${field}'s message sits next to the field`);
            const link = summary.getByRole('link', { name: new RegExp(reason) })
                .filter({ hasText: TEXT.en[`signIn.${field}`] });
            assert.equal(await link.count(), 1,
                `the summary links to ${field}`);
        }
        await summary.getByRole('link').first().click();
        assert.equal(await page.evaluate(() => document.activeElement.id),
            'username', 'the summary link focuses its field');

        await fillAndSubmit(page, username, password);
        await page.locator('[data-signed-in]').waitFor();
        assert.equal(await page.locator('[aria-invalid]').count(), 0,
            'field errors are cleared');
        assert.equal(await page.locator('[data-field-error]').count(), 0);
        assert.ok(await page.locator('[data-error-summary]').isHidden());
        assertNoProblems(problems, 'the sign-in page');
    } finally {
        await context.close();
    }
});
