// SPDX-License-Identifier: AGPL-3.0-or-later
// API basics against a real server: health, headers, unknown routes and
// methods, sign-in, CSRF refusal, sign-out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { api, signIn, startServer } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => {
    const log = srv.stderr();
    await srv.stop();
    assert.doesNotMatch(log, /runtime error|AddressSanitizer|LeakSanitizer/);
});

test('health answers with the API version and security headers', async () => {
    const r = await api(srv.url, 'GET', '/api/v1/health');
    assert.equal(r.status, 200);
    assert.equal(r.json.status, 'ok');
    assert.equal(r.headers.get('api-version'), '1.0.0');
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.match(r.headers.get('content-security-policy'),
        /frame-ancestors 'none'/);
});

test('unknown paths get 404 and wrong methods 405, as problem+json', async () => {
    const a = await api(srv.url, 'GET', '/api/v1/nothing-here');
    assert.equal(a.status, 404);
    assert.match(a.headers.get('content-type'), /application\/problem\+json/);
    const b = await api(srv.url, 'PATCH', '/api/v1/health');
    assert.equal(b.status, 405);
    assert.equal(b.headers.get('allow'), 'GET');
    const c = await api(srv.url, 'GET', '/api/v1/health/');
    assert.equal(c.status, 404);
});

test('a wrong password is refused; a right one signs in', async () => {
    const bad = await api(srv.url, 'POST', '/api/v1/session',
        { body: { username: 'admin', password: 'not the password' } });
    assert.equal(bad.status, 401);
    const { cookie, csrf, user } = await signIn(srv.url,
        srv.logins.admin.username, srv.logins.admin.password);
    assert.equal(user.role, 'admin');
    const me = await api(srv.url, 'GET', '/api/v1/session', { cookie });
    assert.equal(me.status, 200);
    // Without the CSRF header, sign-out is refused and the session lives on.
    const refused = await api(srv.url, 'DELETE', '/api/v1/session', { cookie });
    assert.equal(refused.status, 403);
    assert.equal((await api(srv.url, 'GET', '/api/v1/session',
        { cookie })).status, 200);
    const out = await api(srv.url, 'DELETE', '/api/v1/session',
        { cookie, csrf });
    assert.equal(out.status, 204);
    assert.equal((await api(srv.url, 'GET', '/api/v1/session',
        { cookie })).status, 401);
});

test('a field of the wrong type is named in invalidParams', async () => {
    const r = await api(srv.url, 'POST', '/api/v1/session',
        { body: { username: 5, password: 'x', extra: true } });
    assert.equal(r.status, 400);
    const names = r.json.invalidParams.map((p) => p.name).sort();
    assert.deepEqual(names, ['extra', 'username']);
    assert.equal((await api(srv.url, 'GET', '/api/v1/health')).status, 200);
});
