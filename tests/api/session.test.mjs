// SPDX-License-Identifier: AGPL-3.0-or-later
// Sessions: signing in and out, the cookie's attributes, no session
// fixation, CSRF on every state-changing request, slowed and limited failed
// sign-ins (per account and per address), expiry by lifetime and by
// idleness, and the audit trail of it all, which like the database file must
// never hold a password or a session token.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
    readFileSync, existsSync, mkdtempSync, writeFileSync, rmSync,
} from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startServer, api } from '../lib/server.mjs';
import {
    assertProblem, assertCommonHeaders, signInAs, call, setCookies, sleep,
    getJson, isoDate, stopAndCheck,
} from './support.mjs';

const ROLES = ['admin', 'manager', 'frontdesk', 'officer', 'employer'];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const WRONG_PASSWORD = 'Wr0ng-but-plausible-Passw0rd!';

/** Every password and cookie token seen by the tests of this file. */
const secrets = new Set([WRONG_PASSWORD]);

/** Parses a Set-Cookie value into { name, value, attrs (lower-case keys) }. */
function parseCookie(header) {
    const [pair, ...rest] = header.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const attrs = {};
    for (const a of rest) {
        const i = a.indexOf('=');
        if (i < 0) {
            attrs[a.toLowerCase()] = true;
        } else {
            attrs[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
        }
    }
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attrs };
}

/** A UTC instant seconds from now, as the server stores times. */
function utcFromNow(seconds) {
    return new Date(Date.now() + seconds * 1000).toISOString()
        .replace(/\.\d+Z$/, 'Z');
}

/**
 * Runs SQL on the running server's database. The windows and lifetimes of
 * these tests are minutes long and time "passes" by moving the stored
 * instants back, so that no test depends on how fast a loaded machine
 * answers.
 */
function sql(server, statement) {
    return execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbPath,
        statement], { encoding: 'utf8' }).trim();
}

/** Signs in and returns the raw answer with the parsed session cookie. */
async function postSession(server, username, password, extra = {}) {
    const res = await api(server.url, 'POST', '/api/v1/session',
        { body: { username, password }, ...extra });
    const cookies = setCookies(res).map(parseCookie)
        .filter((c) => c.name === 'onestop_session');
    const cookie = cookies.length ? cookies[cookies.length - 1] : null;
    if (cookie && cookie.value) {
        secrets.add(cookie.value);
    }
    return { res, cookie,
        session: cookie ? { cookie: `${cookie.name}=${cookie.value}`,
            csrf: res.json?.csrfToken } : null };
}

function assertSessionShape(json, role, username) {
    assert.ok(json.user && typeof json.user === 'object', 'user');
    assert.ok(Number.isInteger(json.user.id), 'user.id is an integer');
    assert.equal(json.user.username, username);
    assert.equal(typeof json.user.displayName, 'string');
    assert.ok(json.user.displayName.length > 0, 'displayName');
    assert.equal(json.user.role, role);
    assert.equal(json.user.password, undefined, 'no password in the session');
    assert.equal(json.user.passwordHash, undefined, 'no hash in the session');
    assert.equal(typeof json.csrfToken, 'string');
    assert.ok(json.csrfToken.length >= 16, 'the CSRF token is long enough');
    assert.match(json.expiresAt, ISO_UTC, 'expiresAt is UTC ISO 8601');
    assert.ok(Date.parse(json.expiresAt) > Date.now(), 'expiresAt is ahead');
}

/** Reads the database file and its WAL (recent writes live there). */
function databaseBytes(dbPath) {
    const parts = [];
    for (const p of [dbPath, `${dbPath}-wal`, `${dbPath}-journal`]) {
        if (existsSync(p)) {
            parts.push(readFileSync(p));
        }
    }
    return Buffer.concat(parts);
}

describe('with the default sign-in settings', () => {
    let server;

    before(async () => {
        // Per-address limiting is tested on its own server below.
        server = await startServer({
            args: ['--set', 'sign-in.address_failures=1000'],
        });
        for (const role of ROLES) {
            assert.ok(server.logins[role], `the demo prints a ${role} log-in`);
            secrets.add(server.logins[role].password);
        }
    });

    after(async () => {
        await stopAndCheck(server);
    });

    test('onestop demo prints one log-in per role', () => {
        assert.deepEqual(Object.keys(server.logins).sort(), [...ROLES].sort());
        const names = new Set(ROLES.map((r) => server.logins[r].username));
        assert.equal(names.size, ROLES.length, 'five different usernames');
    });

    test('every demo role signs in: user, CSRF token, expiry and a strict cookie', async () => {
        for (const role of ROLES) {
            const { username, password } = server.logins[role];
            const { res, cookie } = await postSession(server, username, password);
            assert.equal(res.status, 200, `${role}: ${res.text}`);
            assertCommonHeaders(res, '/api/v1/session');
            assertSessionShape(res.json, role, username);
            assert.ok(cookie, `${role}: Set-Cookie onestop_session`);
            assert.ok(cookie.value.length >= 32,
                `${role}: the session token is long enough`);
            assert.equal(cookie.attrs.path, '/');
            assert.ok(cookie.attrs.httponly, 'HttpOnly');
            assert.equal(String(cookie.attrs.samesite).toLowerCase(), 'strict');
            const maxAge = Number(cookie.attrs['max-age']);
            assert.ok(Number.isInteger(maxAge) && maxAge > 0, 'Max-Age > 0');
            const untilExpiry = (Date.parse(res.json.expiresAt) - Date.now()) /
                1000;
            assert.ok(Math.abs(untilExpiry - maxAge) < 30,
                `expiresAt (${res.json.expiresAt}) agrees with Max-Age ${maxAge}`);
            assert.ok(!res.text.includes(password), 'the password is not echoed');
            assert.ok(!res.text.includes(cookie.value),
                'the token is only in the cookie');
        }
    });

    test('GET /api/v1/session: the same shape when signed in, 401 otherwise', async () => {
        const { username } = server.logins.officer;
        const s = await signInAs(server, 'officer');
        const res = await call(server, s, 'GET', '/api/v1/session');
        assert.equal(res.status, 200, res.text);
        assertSessionShape(res.json, 'officer', username);
        assert.equal(res.json.user.id, s.user.id);
        assert.equal(res.json.csrfToken, s.csrf, 'the same CSRF token');
        assertProblem(await api(server.url, 'GET', '/api/v1/session'), 401);
        for (const cookie of ['onestop_session=', 'onestop_session=nonsense',
            `onestop_session=${'A'.repeat(43)}`, `onestop_session=${'x'.repeat(5000)}`,
            `${s.cookie}x`, s.cookie.slice(0, -1)]) {
            assertProblem(await api(server.url, 'GET', '/api/v1/session',
                { cookie }), 401);
        }
    });

    test('a wrong password and an unknown user get the same 401, slowed down', async () => {
        const { username } = server.logins.manager;
        let t0 = Date.now();
        const wrong = await postSession(server, username, WRONG_PASSWORD);
        const wrongMs = Date.now() - t0;
        const p1 = assertProblem(wrong.res, 401);
        assert.equal(wrong.cookie, null, 'no session cookie on failure');
        t0 = Date.now();
        const unknown = await postSession(server, 'no-such-user', WRONG_PASSWORD);
        const unknownMs = Date.now() - t0;
        const p2 = assertProblem(unknown.res, 401);
        assert.equal(unknown.cookie, null);
        assert.deepEqual({ type: p2.type, title: p2.title, detail: p2.detail },
            { type: p1.type, title: p1.title, detail: p1.detail },
            'nothing tells an unknown user from a wrong password');
        // sign-in.failure_delay_ms defaults to 250.
        assert.ok(wrongMs >= 240, `a failed sign-in takes ${wrongMs} ms`);
        assert.ok(unknownMs >= 240, `an unknown user takes ${unknownMs} ms`);
        t0 = Date.now();
        const again = await postSession(server, username, WRONG_PASSWORD);
        assertProblem(again.res, 401);
        const againMs = Date.now() - t0;
        assert.ok(againMs >= 490,
            `the second failure in a row takes ${againMs} ms (doubled)`);
        // A success resets nothing that matters to the user: it works.
        const ok = await postSession(server, username,
            server.logins.manager.password);
        assert.equal(ok.res.status, 200, ok.res.text);
    });

    test('bad sign-in bodies are refused with invalidParams', async () => {
        const cases = [
            [{ username: 'x' }, 'password'],
            [{ password: 'x' }, 'username'],
            [{ username: 1, password: 'x' }, 'username'],
            [{ username: 'x', password: ['x'] }, 'password'],
            [{ username: 'x', password: 'y', remember: true }, 'remember'],
            [{ username: '', password: 'y' }, 'username'],
        ];
        for (const [body, field] of cases) {
            const res = await api(server.url, 'POST', '/api/v1/session', { body });
            const p = assertProblem(res, 400);
            assert.ok((p.invalidParams || []).some((i) => i.name === field),
                `${JSON.stringify(body)} names ${field}: ${res.text}`);
            assert.equal(setCookies(res).length, 0, 'no cookie');
        }
    });

    test('a new cookie at every sign-in; signing in again ends the old session', async () => {
        const { username, password } = server.logins.frontdesk;
        const first = await postSession(server, username, password);
        const second = await postSession(server, username, password);
        assert.equal(first.res.status, 200);
        assert.equal(second.res.status, 200);
        assert.notEqual(first.cookie.value, second.cookie.value);
        assert.notEqual(first.res.json.csrfToken, second.res.json.csrfToken);
        // Both are separate sessions (two browsers) and both work.
        assert.equal((await call(server, first.session, 'GET',
            '/api/v1/session')).status, 200);
        // Signing in again from the first browser replaces its session.
        const third = await postSession(server, username, password, {
            cookie: first.session.cookie, csrf: first.session.csrf,
        });
        assert.equal(third.res.status, 200, third.res.text);
        assert.notEqual(third.cookie.value, first.cookie.value,
            'the presented session id is not kept (no fixation)');
        assertProblem(await call(server, first.session, 'GET',
            '/api/v1/session'), 401);
        assert.equal((await call(server, third.session, 'GET',
            '/api/v1/session')).status, 200);
        assert.equal((await call(server, second.session, 'GET',
            '/api/v1/session')).status, 200, 'the other browser stays in');
        // A token chosen by an attacker is never adopted.
        const planted = `onestop_session=${'Q'.repeat(first.cookie.value.length)}`;
        const fourth = await postSession(server, username, password,
            { cookie: planted });
        assert.equal(fourth.res.status, 200);
        assert.notEqual(`onestop_session=${fourth.cookie.value}`, planted);
    });

    test('sign-out needs the CSRF token, then the cookie no longer works', async () => {
        const s = await signInAs(server, 'employer');
        const other = await signInAs(server, 'employer');
        for (const csrf of [undefined, 'wrong', other.csrf, '']) {
            const res = await api(server.url, 'DELETE', '/api/v1/session',
                { cookie: s.cookie, csrf });
            assertProblem(res, 403, 'csrf');
            assert.equal((await call(server, s, 'GET', '/api/v1/session')).status,
                200, 'the session still works after a refused sign-out');
        }
        const res = await call(server, s, 'DELETE', '/api/v1/session');
        assert.equal(res.status, 204, res.text);
        assertCommonHeaders(res, '/api/v1/session');
        assertProblem(await call(server, s, 'GET', '/api/v1/session'), 401);
        assertProblem(await call(server, s, 'DELETE', '/api/v1/session'), 401);
        assert.equal((await call(server, other, 'GET', '/api/v1/session')).status,
            200, 'signing out one session leaves the others');
    });

    test('every state-changing request without the CSRF token is refused and changes nothing', async () => {
        const admin = await signInAs(server, 'admin');
        const locations = await getJson(server, null, '/api/v1/locations');
        const loc = locations.items[0];
        const agencies = await getJson(server, null, '/api/v1/agencies');
        const agency = agencies.items[0];
        const services = await getJson(server, null, '/api/v1/services');
        const service = services.items[0];
        const hours = await getJson(server, null,
            `/api/v1/locations/${loc.id}/opening-hours`);
        const desk = hours.desks[0];
        const date = isoDate(40);

        // Make a closure to try to delete.
        const made = await call(server, admin, 'POST', '/api/v1/closures', {
            location: loc.id, desk: null, date, startsAt: null, endsAt: null,
            kind: 'one-off', reason: { en: 'Staff day', nl: 'Personeelsdag' },
        });
        assert.equal(made.status, 201, made.text);
        const closureId = made.json.id;

        const snapshot = async () => Promise.all([
            '/api/v1/locations', '/api/v1/agencies', '/api/v1/services',
            `/api/v1/locations/${loc.id}/opening-hours`, '/api/v1/users',
            `/api/v1/closures?location=${loc.id}&from=${isoDate(0)}&to=${isoDate(300)}`,
        ].map((p) => getJson(server, admin, p)));
        const before = await snapshot();

        const mutations = [
            // The name as the demo's: its shape is the catalogue test's.
            ['POST', '/api/v1/locations', { code: 'csrf-centre',
                name: loc.name,
                address: 'Somewhere 1', timeZone: 'Europe/Amsterdam',
                slotMinutes: 5 }],
            ['PUT', `/api/v1/locations/${loc.id}`, { code: loc.code,
                name: loc.name, address: 'Changed 1',
                timeZone: loc.timeZone, slotMinutes: loc.slotMinutes }],
            ['POST', '/api/v1/agencies', { code: 'csrf-agency',
                name: { en: 'CSRF', nl: 'CSRF' } }],
            ['PUT', `/api/v1/agencies/${agency.code}`, { code: agency.code,
                name: { en: 'Renamed', nl: 'Hernoemd' } }],
            ['PUT', `/api/v1/services/${service.code}`, {
                code: service.code, agency: service.agency.code,
                name: service.name, description: service.description,
                minutes: service.minutes + 5,
                extraMinutesPerPerson: service.extraMinutesPerPerson,
                prerequisites: service.prerequisites,
                documents: service.documents, bookableBy: service.bookableBy,
                rescheduleAllowed: service.rescheduleAllowed,
                active: service.active }],
            ['PUT', `/api/v1/desks/${desk.id}/opening-hours`,
                { hours: [{ weekday: 1, opens: '10:00', closes: '11:00' }],
                    breaks: [] }],
            ['POST', '/api/v1/closures', { location: loc.id, desk: null,
                date: isoDate(41), startsAt: null, endsAt: null,
                kind: 'one-off', reason: { en: 'x', nl: 'x' } }],
            ['DELETE', `/api/v1/closures/${closureId}`, undefined],
            ['POST', '/api/v1/users', { username: 'csrf-user',
                displayName: 'CSRF User', role: 'manager',
                password: 'A-long-enough-passphrase-42' }],
        ];
        for (const [method, p, body] of mutations) {
            for (const csrf of [undefined, 'not-the-token', '']) {
                const res = await api(server.url, method, p,
                    { body, cookie: admin.cookie, csrf });
                assertProblem(res, 403, 'csrf');
            }
        }
        assert.deepEqual(await snapshot(), before, 'nothing changed');
        // The same requests with the token go through: the bodies were good.
        for (const [method, p, body] of mutations) {
            const res = await call(server, admin, method, p, body);
            assert.ok(res.status >= 200 && res.status < 300,
                `${method} ${p} with the token: ${res.status} ${res.text}`);
        }
    });

    test('the audit log records sign-ins and sign-outs without secrets', async () => {
        const admin = await signInAs(server, 'admin');
        const res = await call(server, admin, 'GET',
            '/api/v1/audit-events?limit=1000');
        assert.equal(res.status, 200, res.text);
        const items = res.json.items;
        assert.ok(Array.isArray(items) && items.length > 0, 'events listed');
        for (const ev of items) {
            assert.match(ev.at, ISO_UTC, `at is UTC ISO 8601: ${ev.at}`);
            assert.equal(typeof ev.actor, 'string');
            assert.equal(typeof ev.action, 'string');
            assert.equal(typeof ev.result, 'string');
            assert.equal(typeof ev.address, 'string');
        }
        const signins = items.filter((e) => e.action === 'signin');
        const ok = signins.filter((e) => e.result === 'ok');
        const failures = signins.filter((e) => e.result === 'failure');
        const signouts = items.filter((e) => e.action === 'signout');
        assert.ok(ok.length >= ROLES.length, 'successful sign-ins recorded');
        assert.ok(ok.some((e) => e.actor === server.logins.officer.username),
            'the actor of a sign-in is the user');
        assert.ok(failures.length >= 3, 'failed sign-ins recorded');
        assert.ok(failures.some((e) => e.actor === server.logins.manager.username),
            'a wrong password names the account');
        assert.ok(signouts.length >= 1, 'sign-outs recorded');
        assert.ok(signouts.some((e) => e.actor === server.logins.employer.username
            && e.result === 'ok'));
        assert.ok(signins.every((e) => e.address === '127.0.0.1'),
            'the client address is recorded');
        // Newest first, and the limit is honoured.
        const times = items.map((e) => Date.parse(e.at));
        for (let i = 1; i < times.length; i++) {
            assert.ok(times[i - 1] >= times[i], 'newest first');
        }
        const two = await call(server, admin, 'GET', '/api/v1/audit-events?limit=2');
        assert.equal(two.status, 200);
        assert.deepEqual(two.json.items.map((e) => e.id),
            items.slice(0, 2).map((e) => e.id), 'the newest two');
        for (const bad of ['0', '-1', 'abc', '1.5', '1001']) {
            const r = await call(server, admin, 'GET',
                `/api/v1/audit-events?limit=${bad}`);
            const p = assertProblem(r, 400);
            assert.ok((p.invalidParams || []).some((i) => i.name === 'limit'),
                `limit=${bad} is named: ${r.text}`);
        }
        for (const secret of secrets) {
            assert.ok(!res.text.includes(secret),
                'no password or session token in the audit log');
        }
        assert.ok(!res.text.includes('$argon2'), 'no password hash either');
    });

    test('the database file holds no password and no session token', async () => {
        // The main file and the write-ahead log, as they are on disk now.
        const bytes = databaseBytes(server.dbPath);
        assert.ok(bytes.length > 0, 'the database was read');
        assert.ok(secrets.size > ROLES.length + 5, 'secrets were collected');
        for (const secret of secrets) {
            assert.equal(bytes.indexOf(Buffer.from(secret)), -1,
                'a password or session token is stored in clear');
        }
    });
});

describe('account lock-out (sign-in.lockout=600, no delay)', () => {
    let server;

    before(async () => {
        server = await startServer({ args: [
            '--set', 'sign-in.lockout=600',
            '--set', 'sign-in.failure_delay_ms=0',
            '--set', 'sign-in.address_failures=1000',
        ] });
    });

    after(async () => {
        await stopAndCheck(server);
    });

    test('five wrong passwords lock the account, with Retry-After, until the lock-out passes', async () => {
        const { username, password } = server.logins.officer;
        for (let i = 1; i <= 5; i++) {
            const res = await api(server.url, 'POST', '/api/v1/session',
                { body: { username, password: WRONG_PASSWORD } });
            assertProblem(res, 401);
        }
        secrets.add(password);
        for (const pw of [password, WRONG_PASSWORD]) {
            const res = await api(server.url, 'POST', '/api/v1/session',
                { body: { username, password: pw } });
            assertProblem(res, 429);
            assert.equal(setCookies(res).length, 0, 'no cookie while locked');
            const retry = Number(res.headers.get('retry-after'));
            assert.ok(Number.isInteger(retry) && retry >= 300 && retry <= 600,
                `Retry-After is the time left: ${res.headers.get('retry-after')}`);
        }
        // Another account is not affected.
        const other = await signInAs(server, 'frontdesk');
        assert.ok(other.cookie);
        // A second before the lock-out ends it still holds; then it passes.
        const quoted = username.replace(/'/g, "''");
        sql(server, `UPDATE users SET locked_until = '${utcFromNow(2)}' ` +
            `WHERE username = '${quoted}'`);
        assertProblem(await api(server.url, 'POST', '/api/v1/session',
            { body: { username, password } }), 429);
        sql(server, `UPDATE users SET locked_until = '${utcFromNow(-1)}' ` +
            `WHERE username = '${quoted}'`);
        const res = await api(server.url, 'POST', '/api/v1/session',
            { body: { username, password } });
        assert.equal(res.status, 200, `after the lock-out: ${res.text}`);

        const admin = await signInAs(server, 'admin');
        const audit = await call(server, admin, 'GET',
            '/api/v1/audit-events?limit=100');
        assert.equal(audit.status, 200);
        const mine = audit.json.items.filter((e) => e.action === 'signin' &&
            e.actor === username);
        assert.ok(mine.filter((e) => e.result === 'failure').length >= 5,
            'failures recorded');
        assert.ok(mine.some((e) => e.result === 'locked'),
            'refusals while locked recorded as locked');
        assert.ok(!audit.text.includes(WRONG_PASSWORD));
        assert.ok(!audit.text.includes(password));
    });

    test('four wrong passwords do not lock the account', async () => {
        const { username, password } = server.logins.manager;
        for (let i = 1; i <= 4; i++) {
            assertProblem(await api(server.url, 'POST', '/api/v1/session',
                { body: { username, password: WRONG_PASSWORD } }), 401);
        }
        const res = await api(server.url, 'POST', '/api/v1/session',
            { body: { username, password } });
        assert.equal(res.status, 200, res.text);
    });
});

describe('per-address limit (sign-in.address_failures=4, window 600 s)', () => {
    let server;

    before(async () => {
        server = await startServer({ args: [
            '--set', 'sign-in.address_failures=4',
            '--set', 'sign-in.address_window=600',
            '--set', 'sign-in.failure_delay_ms=0',
        ] });
    });

    after(async () => {
        await stopAndCheck(server);
    });

    test('after four failures from one address every account gets 429 until the window passes', async () => {
        for (const name of ['ghost-1', 'ghost-2', 'ghost-3', 'ghost-4']) {
            assertProblem(await api(server.url, 'POST', '/api/v1/session',
                { body: { username: name, password: WRONG_PASSWORD } }), 401);
        }
        for (const role of ['admin', 'employer']) {
            const { username, password } = server.logins[role];
            const res = await api(server.url, 'POST', '/api/v1/session',
                { body: { username, password } });
            assertProblem(res, 429);
            assert.ok(Number(res.headers.get('retry-after')) >= 1, 'Retry-After');
            assert.equal(setCookies(res).length, 0);
        }
        // Three of the failures leave the window: one is not enough.
        sql(server, 'UPDATE signin_failures SET at = ' +
            `'${utcFromNow(-601)}' WHERE id NOT IN (SELECT MAX(id) FROM ` +
            'signin_failures)');
        const res = await api(server.url, 'POST', '/api/v1/session',
            { body: server.logins.admin });
        assert.equal(res.status, 200, `after the window: ${res.text}`);
    });
});

describe('session lifetime (sessions.ttl=3600)', () => {
    let server;

    before(async () => {
        server = await startServer({ args: ['--set', 'sessions.ttl=3600'] });
    });

    after(async () => {
        await stopAndCheck(server);
    });

    test('the cookie lasts ttl seconds, however active the session is', async () => {
        const { res, cookie, session } = await postSession(server,
            server.logins.manager.username, server.logins.manager.password);
        assert.equal(res.status, 200);
        assert.equal(Number(cookie.attrs['max-age']), 3600,
            'Max-Age is the ttl');
        const left = Date.parse(res.json.expiresAt) - Date.now();
        assert.ok(left > 3000_000 && left <= 3601_000,
            `expiresAt is an hour ahead: ${left}`);
        // Activity does not move the end.
        for (let i = 0; i < 3; i++) {
            const now = await call(server, session, 'GET', '/api/v1/session');
            assert.equal(now.status, 200);
            assert.equal(now.json.expiresAt, res.json.expiresAt);
        }
        sql(server, `UPDATE sessions SET expires_at = '${utcFromNow(-1)}'`);
        assertProblem(await call(server, session, 'GET', '/api/v1/session'), 401);
        assertProblem(await call(server, session, 'GET', '/api/v1/users'), 401);
    });
});

describe('idle sessions (sessions.idle=600)', () => {
    let server;

    before(async () => {
        server = await startServer({ args: ['--set', 'sessions.idle=600'] });
    });

    after(async () => {
        await stopAndCheck(server);
    });

    test('activity keeps a session; idleness beyond the limit ends it', async () => {
        const s = await signInAs(server, 'admin');
        // Idle for almost the limit: still signed in, and the request
        // counts as activity.
        sql(server, `UPDATE sessions SET last_seen_at = '${utcFromNow(-590)}'`);
        assert.equal((await call(server, s, 'GET', '/api/v1/session')).status,
            200);
        const seen = Date.parse(sql(server,
            'SELECT last_seen_at FROM sessions'));
        assert.ok(Date.now() - seen < 120_000,
            `activity recorded: last seen ${new Date(seen).toISOString()}`);
        // Idle beyond the limit: the session has ended.
        sql(server, `UPDATE sessions SET last_seen_at = '${utcFromNow(-601)}'`);
        assertProblem(await call(server, s, 'GET', '/api/v1/session'), 401);
        // A new sign-in works.
        const again = await signInAs(server, 'admin');
        assert.equal((await call(server, again, 'GET', '/api/v1/session')).status,
            200);
    });
});

describe('a configuration file', () => {
    test('--config sets values and --set overrides them', async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'onestop-config-'));
        const ini = path.join(dir, 'onestop.ini');
        writeFileSync(ini, '; test\n[sessions]\nttl = 600\nidle = 300\n');
        let server;
        try {
            server = await startServer({ args: ['--config', ini] });
            const a = await postSession(server, server.logins.admin.username,
                server.logins.admin.password);
            assert.equal(a.res.status, 200);
            assert.equal(Number(a.cookie.attrs['max-age']), 600);
            await stopAndCheck(server);
            server = await startServer({ args: ['--config', ini,
                '--set', 'sessions.ttl=700'] });
            const b = await postSession(server, server.logins.admin.username,
                server.logins.admin.password);
            assert.equal(Number(b.cookie.attrs['max-age']), 700);
        } finally {
            await stopAndCheck(server);
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
