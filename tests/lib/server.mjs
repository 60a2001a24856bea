// SPDX-License-Identifier: AGPL-3.0-or-later
// Starts a real onestop server for a test: a temporary directory with its own
// SQLite file (filled by `onestop demo` unless asked not to), a free port on
// 127.0.0.1, and a health poll before the test goes on. Used by the API tests
// and the browser tests alike.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How long the server may take to answer its health check. ASan builds on
 *  a busy two-core machine start slowly; this only bounds a broken start. */
const HEALTH_WAIT_MS = 60_000;
/** How long the demo subcommand may take to fill the database. */
const DEMO_WAIT_MS = 120_000;
/** How long to wait after SIGTERM before SIGKILL. */
const STOP_WAIT_MS = 10_000;
/** Attempts with a fresh port when the server exits before it is healthy
 *  (another process may take a port between our probe and its bind). */
const START_ATTEMPTS = 3;

/** Children and directories still alive, cleaned up if the test process
 *  exits without stopping them (a failed assertion, a crash). */
const live = new Set();
process.on('exit', () => {
    for (const entry of live) {
        if (entry.child && entry.child.exitCode === null &&
            entry.child.signalCode === null) {
            try {
                entry.child.kill('SIGKILL');
            } catch {
                // already gone
            }
        }
        if (entry.dir) {
            rmSync(entry.dir, { recursive: true, force: true });
        }
    }
});

/** The server binary: ONESTOP_BIN, or the ASan build, relative to the repo. */
export function serverBinary() {
    return path.resolve(repoRoot,
        process.env.ONESTOP_BIN || path.join('build', 'asan', 'onestop'));
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

/**
 * Parses the demonstration log-ins that `onestop demo` prints: a header line
 * naming the columns role, username and password, then one line per account
 * `  <role> <username> <password>`, up to the first blank or different line.
 * Returns { role: { username, password } }.
 */
export function parseLogins(output) {
    const logins = {};
    const lines = output.split(/\r?\n/);
    const header = lines.findIndex(
        (l) => /\brole\b.*\busername\b.*\bpassword\b/i.test(l));
    if (header < 0) {
        return logins;
    }
    for (const raw of lines.slice(header + 1)) {
        const line = raw.trim();
        if (line === '') {
            if (Object.keys(logins).length > 0) {
                break;
            }
            continue;
        }
        if (/^[-=+|: ]+$/.test(line)) {
            continue; // a rule under the header
        }
        const cols = line.split(/\s+/);
        if (cols.length < 3) {
            break;
        }
        const [role, username, password] = cols;
        logins[role] = { username, password };
    }
    return logins;
}

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs a command to completion; resolves with { code, signal, output }. */
function run(bin, args, timeoutMs) {
    return new Promise((resolve, reject) => {
        const child = spawn(bin, args, {
            cwd: repoRoot,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.setEncoding('utf8');
        child.stderr.setEncoding('utf8');
        child.stdout.on('data', (d) => { output += d; });
        child.stderr.on('data', (d) => { output += d; });
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.on('error', (err) => {
            clearTimeout(timer);
            reject(new Error(`cannot run ${bin}: ${err.message}`));
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            resolve({ code, signal, output });
        });
    });
}

/** Resolves when the child has exited, with { code, signal }. */
function exited(child) {
    if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.resolve(
            { code: child.exitCode, signal: child.signalCode });
    }
    return new Promise((resolve) => {
        child.once('exit', (code, signal) => resolve({ code, signal }));
    });
}

/** Sends SIGTERM, then SIGKILL if the child has not gone after a while. */
async function terminate(child) {
    if (child.exitCode !== null || child.signalCode !== null) {
        return { code: child.exitCode, signal: child.signalCode };
    }
    const done = exited(child);
    child.kill('SIGTERM');
    let timer;
    const late = new Promise((resolve) => {
        timer = setTimeout(() => resolve(null), STOP_WAIT_MS);
    });
    let result = await Promise.race([done, late]);
    clearTimeout(timer);
    if (result === null) {
        child.kill('SIGKILL');
        result = await done;
    }
    return result;
}

/**
 * Starts `onestop serve` and waits for GET /api/v1/health to answer 200.
 * Resolves with the child, or rejects with the server's stderr when it exits
 * early or does not become healthy in time.
 */
async function launch(bin, dbPath, port, extraArgs, log) {
    const args = ['serve', '--db', dbPath, '--listen', `127.0.0.1:${port}`,
        ...extraArgs];
    const child = spawn(bin, args, {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    // stdout is drained so a chatty server never blocks on a full pipe.
    child.stdout.on('data', (d) => log.stdout.push(d));
    child.stderr.on('data', (d) => log.stderr.push(d));
    let spawnError = null;
    child.on('error', (err) => { spawnError = err; });

    const deadline = Date.now() + HEALTH_WAIT_MS;
    const url = `http://127.0.0.1:${port}/api/v1/health`;
    for (;;) {
        if (spawnError) {
            throw new Error(`cannot run ${bin}: ${spawnError.message}`);
        }
        if (child.exitCode !== null || child.signalCode !== null) {
            const err = new Error(
                `onestop serve exited (code ${child.exitCode}, signal ` +
                `${child.signalCode}) before it was healthy; stderr:\n` +
                log.stderr.join(''));
            err.exitedEarly = true;
            throw err;
        }
        try {
            const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
            await res.arrayBuffer();
            if (res.status === 200) {
                return child;
            }
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            await terminate(child);
            throw new Error(
                `onestop serve did not answer 200 on ${url} within ` +
                `${HEALTH_WAIT_MS / 1000} s; stderr:\n` + log.stderr.join(''));
        }
        await sleep(50);
    }
}

/**
 * Starts a server on a fresh database in a temporary directory.
 *
 * opts.demo  false to serve an empty migrated database instead of the demo
 * opts.args  extra arguments for `onestop serve`
 * opts.key   false to start without making a key file (the server then
 *            refuses to start unless opts.args names one)
 *
 * Resolves with { url, port, dbPath, dir, logins, stderr(), stop(),
 * restart(), kill(), process }. stop() resolves with the exit { code,
 * signal } and removes the directory; restart() keeps the database and the
 * port, and also starts the server again after kill(). kill(signal) sends
 * signal (SIGKILL by default: a crash) and resolves with the exit
 * { code, signal } once the process has gone.
 */
export async function startServer(opts = {}) {
    const bin = serverBinary();
    const extraArgs = Array.isArray(opts.args) ? opts.args.map(String) : [];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'onestop-test-'));
    const dbPath = path.join(dir, 'onestop.db');
    const keyPath = path.join(dir, 'onestop.key');
    const entry = { child: null, dir };
    live.add(entry);
    const log = { stdout: [], stderr: [] };

    let logins = {};
    let demoOutput = '';
    try {
        if (opts.key !== false) {
            // Every test server seals personal data with a key of its own,
            // beside its database, as `make run` does.
            const keygen = await run(bin, ['keygen', '--key', keyPath],
                DEMO_WAIT_MS);
            if (keygen.code !== 0) {
                throw new Error(`onestop keygen failed:\n${keygen.output}`);
            }
            extraArgs.unshift('--set', `security.key_file=${keyPath}`);
        }
        if (opts.demo !== false) {
            // The demo seals its newcomers' numbers with the server's key.
            const demoArgs = ['demo', '--db', dbPath];
            if (opts.key !== false) {
                demoArgs.push('--key', keyPath);
            }
            const demo = await run(bin, demoArgs, DEMO_WAIT_MS);
            demoOutput = demo.output;
            if (demo.code !== 0) {
                throw new Error(
                    `onestop demo failed (code ${demo.code}, signal ` +
                    `${demo.signal}):\n${demo.output}`);
            }
            logins = parseLogins(demo.output);
        }

        let port;
        for (let attempt = 1; ; attempt++) {
            port = await freePort();
            try {
                entry.child = await launch(bin, dbPath, port, extraArgs, log);
                break;
            } catch (err) {
                if (!err.exitedEarly || attempt >= START_ATTEMPTS) {
                    throw err;
                }
                log.stderr.push(`\n[test helper: retrying on a new port]\n`);
            }
        }

        const url = `http://127.0.0.1:${port}`;
        let stopped = null;
        const server = {
            url,
            port,
            dbPath,
            keyPath: opts.key === false ? null : keyPath,
            dir,
            logins,
            demoOutput,
            get process() {
                return entry.child;
            },
            stderr() {
                return log.stderr.join('');
            },
            stdout() {
                return log.stdout.join('');
            },
            async kill(signal = 'SIGKILL') {
                if (stopped) {
                    throw new Error('kill() after stop()');
                }
                const child = entry.child;
                const done = exited(child);
                if (child.exitCode === null && child.signalCode === null) {
                    log.stderr.push(`\n[test helper: kill ${signal}]\n`);
                    child.kill(signal);
                }
                return done;
            },
            async restart() {
                if (stopped) {
                    throw new Error('restart() after stop()');
                }
                // Stops a running server; one that was killed has gone.
                await terminate(entry.child);
                log.stderr.push('\n[test helper: restart]\n');
                entry.child = await launch(bin, dbPath, port, extraArgs, log);
                return server;
            },
            async stop() {
                if (!stopped) {
                    stopped = (async () => {
                        const result = await terminate(entry.child);
                        rmSync(dir, { recursive: true, force: true });
                        live.delete(entry);
                        return result;
                    })();
                }
                return stopped;
            },
        };
        return server;
    } catch (err) {
        if (entry.child) {
            await terminate(entry.child);
        }
        rmSync(dir, { recursive: true, force: true });
        live.delete(entry);
        throw err;
    }
}

/**
 * One HTTP request to the server. body is sent as JSON unless it is a
 * string; cookie is a `name=value` pair; csrf goes into X-CSRF-Token.
 * Resolves with { status, headers, json, text }; json is null when the
 * answer is not JSON.
 */
export async function api(base, method, urlPath, opts = {}) {
    const { body, cookie, csrf, headers = {} } = opts;
    const h = { Accept: 'application/json', ...headers };
    let payload;
    if (body !== undefined) {
        if (typeof body === 'string' || body instanceof Uint8Array) {
            payload = body;
        } else {
            payload = JSON.stringify(body);
        }
        if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) {
            h['Content-Type'] = 'application/json';
        }
    }
    if (cookie) {
        h.Cookie = cookie;
    }
    if (csrf) {
        h['X-CSRF-Token'] = csrf;
    }
    const res = await fetch(new URL(urlPath, base), {
        method,
        headers: h,
        body: payload,
        redirect: 'manual',
    });
    const type = res.headers.get('content-type') || '';
    // An event stream does not end: its status and headers are the answer.
    if (/^text\/event-stream\b/i.test(type)) {
        await res.body?.cancel();
        return { status: res.status, headers: res.headers, json: null,
            text: '' };
    }
    const text = await res.text();
    let json = null;
    if (/\bjson\b/i.test(type) && text !== '') {
        try {
            json = JSON.parse(text);
        } catch {
            json = null;
        }
    }
    return { status: res.status, headers: res.headers, json, text };
}

/**
 * Signs in through POST /api/v1/session. Resolves with { cookie, csrf, user }
 * where cookie is the `name=value` part of Set-Cookie; rejects on any answer
 * but 200.
 */
export async function signIn(base, username, password) {
    const res = await api(base, 'POST', '/api/v1/session',
        { body: { username, password } });
    if (res.status !== 200) {
        const err = new Error(
            `sign-in as ${username} answered ${res.status}: ${res.text}`);
        err.status = res.status;
        throw err;
    }
    const setCookies = typeof res.headers.getSetCookie === 'function'
        ? res.headers.getSetCookie()
        : [res.headers.get('set-cookie')].filter(Boolean);
    if (setCookies.length === 0) {
        throw new Error(`sign-in as ${username} set no cookie`);
    }
    const cookie = setCookies[0].split(';')[0].trim();
    return { cookie, csrf: res.json && res.json.csrfToken,
        user: res.json && res.json.user };
}
