// SPDX-License-Identifier: AGPL-3.0-or-later
// Shared checks of the API tests: problem+json answers, the headers every
// answer carries, signing in as a demo role, raw HTTP for requests that
// fetch() would normalise or refuse to send, and the sanitizer check that
// closes every test file.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { api, signIn, serverBinary, repoRoot } from '../lib/server.mjs';

/** What AddressSanitizer, LeakSanitizer and UBSan print when they fire. */
export const SANITIZER_REPORT =
    /runtime error|AddressSanitizer|LeakSanitizer/;

/** Fails with the report when the server's stderr holds a sanitizer one. */
export function assertNoSanitizerReports(server) {
    const lines = server.stderr().split('\n');
    const at = lines.findIndex((l) => SANITIZER_REPORT.test(l));
    if (at >= 0) {
        assert.fail('the server printed a sanitizer report:\n' +
            lines.slice(Math.max(0, at - 3), at + 40).join('\n'));
    }
}

/** Stops the server (LeakSanitizer reports at exit), then checks stderr. */
export async function stopAndCheck(server) {
    if (!server) {
        return;
    }
    await server.stop();
    assertNoSanitizerReports(server);
}

/** The problem type URN of a slug. */
export function problemType(slug) {
    return `urn:onestop:problem:${slug}`;
}

function describe(res) {
    return `${res.status} ${res.text.slice(0, 600)}`;
}

/**
 * Asserts an application/problem+json answer with the given status (and
 * problem slug when given); returns the problem object.
 */
export function assertProblem(res, status, slug) {
    assert.equal(res.status, status, `expected ${status}, got ${describe(res)}`);
    assert.match(res.headers.get('content-type') || '',
        /^application\/problem\+json\b/i,
        `problem content type: ${describe(res)}`);
    const p = res.json;
    assert.ok(p && typeof p === 'object', `a JSON problem: ${describe(res)}`);
    assert.match(String(p.type), /^urn:onestop:problem:[a-z0-9]+(-[a-z0-9]+)*$/,
        `problem type: ${describe(res)}`);
    if (slug) {
        assert.equal(p.type, problemType(slug), `problem type: ${describe(res)}`);
    }
    assert.equal(typeof p.title, 'string', 'problem title');
    assert.ok(p.title.length > 0, 'problem title is not empty');
    assert.equal(p.status, status, 'problem status equals the HTTP status');
    assert.equal(typeof p.detail, 'string', 'problem detail');
    assert.ok(p.detail.length > 0, 'problem detail is not empty');
    return p;
}

/** True when an invalidParams name is field itself or a part of it. */
function names(name, field) {
    return name === field || name.startsWith(`${field}.`) ||
        name.startsWith(`${field}[`);
}

/**
 * Asserts a 400 whose invalidParams name each of fields: a string matches
 * that name (or, when partOk, a part of it such as name.nl for name), a
 * RegExp any name it matches. Returns the problem.
 */
export function assertInvalid(res, fields, { partOk = true } = {}) {
    const p = assertProblem(res, 400);
    assert.ok(Array.isArray(p.invalidParams),
        `invalidParams is a list: ${describe(res)}`);
    assert.ok(p.invalidParams.length > 0, 'invalidParams is not empty');
    for (const item of p.invalidParams) {
        assert.equal(typeof item.name, 'string', 'invalidParams[].name');
        assert.equal(typeof item.reason, 'string', 'invalidParams[].reason');
        assert.ok(item.reason.length > 0, 'invalidParams[].reason is not empty');
    }
    const got = p.invalidParams.map((i) => i.name);
    for (const field of [].concat(fields)) {
        const hit = got.some((n) => {
            if (field instanceof RegExp) {
                return field.test(n);
            }
            return partOk ? names(n, field) : n === field;
        });
        assert.ok(hit, `invalidParams should name ${field}; got ` +
            JSON.stringify(p.invalidParams));
    }
    return p;
}

/**
 * Asserts the headers every answer carries, and Cache-Control: no-store on
 * every /api/ answer.
 */
export function assertCommonHeaders(res, urlPath) {
    const h = res.headers;
    const where = `${urlPath} (${res.status})`;
    assert.ok((h.get('api-version') || '').length > 0,
        `API-Version header on ${where}`);
    assert.equal((h.get('x-content-type-options') || '').toLowerCase(),
        'nosniff', `X-Content-Type-Options on ${where}`);
    assert.ok((h.get('referrer-policy') || '').length > 0,
        `Referrer-Policy on ${where}`);
    assert.match(h.get('content-security-policy') || '',
        /frame-ancestors 'none'/, `CSP frame-ancestors on ${where}`);
    if (urlPath.startsWith('/api/')) {
        assert.match(h.get('cache-control') || '', /\bno-store\b/,
            `Cache-Control: no-store on ${where}`);
    }
}

/** GET /api/v1/health answers 200 {status: "ok"}. */
export async function assertHealthy(server) {
    const res = await api(server.url, 'GET', '/api/v1/health');
    assert.equal(res.status, 200, `health after the request: ${describe(res)}`);
    assert.equal(res.json.status, 'ok');
}

/** Signs in as the demo account of role; { cookie, csrf, user }. */
export async function signInAs(server, role) {
    const login = server.logins[role];
    assert.ok(login, `onestop demo printed a ${role} log-in`);
    return signIn(server.url, login.username, login.password);
}

/** A request with a session's cookie and CSRF token (session may be null). */
export function call(server, session, method, urlPath, body, extra = {}) {
    return api(server.url, method, urlPath, {
        body,
        cookie: session ? session.cookie : undefined,
        csrf: session ? session.csrf : undefined,
        ...extra,
    });
}

/** The Set-Cookie header values of an answer. */
export function setCookies(res) {
    if (typeof res.headers.getSetCookie === 'function') {
        return res.headers.getSetCookie();
    }
    const one = res.headers.get('set-cookie');
    return one ? [one] : [];
}

/**
 * One request over node:http, sent exactly as given: the path is not
 * normalised (fetch would resolve "..") and any header size is allowed.
 * body may be a string or Buffer; chunked sends it without Content-Length.
 * Resolves with { status, headers (a Headers), text, json } once the
 * answer is read, also when the server answers before the body is sent.
 */
export function raw(server, method, urlPath, opts = {}) {
    const { headers = {}, body, chunked = false } = opts;
    return new Promise((resolve, reject) => {
        let answered = false;
        const req = http.request({
            host: '127.0.0.1',
            port: server.port,
            method,
            path: urlPath,
            headers: {
                Connection: 'close',
                ...(body !== undefined && !chunked
                    ? { 'Content-Length': Buffer.byteLength(body) }
                    : {}),
                ...headers,
            },
        }, (res) => {
            answered = true;
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                const h = new Headers();
                for (const [k, v] of Object.entries(res.headers)) {
                    for (const one of [].concat(v)) {
                        h.append(k, one);
                    }
                }
                let json = null;
                if (/\bjson\b/i.test(h.get('content-type') || '') && text) {
                    try {
                        json = JSON.parse(text);
                    } catch {
                        json = null;
                    }
                }
                resolve({ status: res.statusCode, headers: h, text, json });
            });
        });
        // The server may refuse a request (413, 431) and close before the
        // whole body is written; the answer it sent is what counts.
        req.on('error', (err) => {
            if (!answered) {
                reject(err);
            }
        });
        if (body !== undefined) {
            if (chunked) {
                const buf = Buffer.from(body);
                for (let i = 0; i < buf.length; i += 8192) {
                    req.write(buf.subarray(i, i + 8192));
                }
            } else {
                req.write(body);
            }
        }
        req.end();
    });
}

/** Sleeps ms milliseconds. */
export function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Today's date plus days, as YYYY-MM-DD (UTC). */
export function isoDate(days = 0) {
    const d = new Date(Date.now() + days * 86_400_000);
    return d.toISOString().slice(0, 10);
}

/** A GET whose 200 JSON answer is returned (fails otherwise). */
export async function getJson(server, session, urlPath) {
    const res = await call(server, session, 'GET', urlPath);
    assert.equal(res.status, 200, `GET ${urlPath}: ${describe(res)}`);
    assert.ok(res.json, `GET ${urlPath} answers JSON`);
    return res.json;
}

/**
 * Runs the onestop program with args (and input on stdin); resolves with
 * { code, signal, stdout, stderr } and fails on a sanitizer report. A
 * server started by mistake (an argument that should have been refused)
 * is stopped after a while.
 */
export function runOnestop(args, input = '') {
    return new Promise((resolve, reject) => {
        const child = spawn(serverBinary(), args, {
            cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8');
        child.stderr.setEncoding('utf8');
        child.stdout.on('data', (d) => { stdout += d; });
        child.stderr.on('data', (d) => { stderr += d; });
        child.on('error', reject);
        const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            assert.doesNotMatch(stderr, SANITIZER_REPORT,
                `onestop ${args.join(' ')}: sanitizer report:\n${stderr}`);
            resolve({ code, signal, stdout, stderr });
        });
        child.stdin.on('error', () => {}); // it may exit before reading
        child.stdin.end(input);
    });
}
