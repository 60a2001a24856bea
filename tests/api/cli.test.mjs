// SPDX-License-Identifier: AGPL-3.0-or-later
// The command line: `--help` everywhere, exit status 2 with a message that
// names a bad argument, `onestop demo` printing the log-ins, `onestop user
// add` reading the password from standard input (the account then signs in
// through the API), and `serve` refusing bad configuration.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
    startServer, parseLogins, freePort,
} from '../lib/server.mjs';
import { signInAs, getJson, stopAndCheck, runOnestop } from './support.mjs';

const ROLES = ['admin', 'manager', 'frontdesk', 'officer', 'employer'];
const PASSWORD = 'Tulips-and-windmills-2024';

let dir;
let server;

before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'onestop-cli-'));
    server = await startServer();
});

after(async () => {
    await stopAndCheck(server);
    rmSync(dir, { recursive: true, force: true });
});


function show(r) {
    return `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}

/**
 * Asserts exit status 2 and a message naming what is wrong: the option
 * (--listen) or its bare name (as in the key server.listen).
 */
function assertUsageError(r, names) {
    assert.equal(r.code, 2, `exit status 2 for a bad argument: ${show(r)}`);
    // Compared without case and dashes: sponsorKvk names --sponsor-kvk.
    const flat = (s) => s.toLowerCase().replace(/[-_]/g, '');
    const text = flat(r.stderr + r.stdout);
    for (const name of [].concat(names)) {
        assert.ok(text.includes(flat(name)),
            `the message names ${name}: ${show(r)}`);
    }
}

test('--help answers with exit 0 for the program and every subcommand', async () => {
    for (const args of [['--help'], ['serve', '--help'], ['demo', '--help'],
        ['user', '--help'], ['user', 'add', '--help']]) {
        const r = await runOnestop(args);
        assert.equal(r.code, 0, `onestop ${args.join(' ')}: ${show(r)}`);
        assert.match(r.stdout, /usage/i, `onestop ${args.join(' ')} prints usage`);
    }
    const top = await runOnestop(['--help']);
    for (const cmd of ['serve', 'demo', 'user']) {
        assert.ok(top.stdout.includes(cmd), `--help lists ${cmd}`);
    }
    const serve = await runOnestop(['serve', '--help']);
    for (const opt of ['--db', '--listen', '--config', '--set']) {
        assert.ok(serve.stdout.includes(opt), `serve --help documents ${opt}`);
    }
    const add = await runOnestop(['user', 'add', '--help']);
    for (const opt of ['--db', '--username', '--role', '--display-name',
        '--agency', '--desk', '--sponsor-kvk']) {
        assert.ok(add.stdout.includes(opt), `user add --help documents ${opt}`);
    }
});

test('bad arguments exit with 2 and name the argument', async () => {
    const db = path.join(dir, 'unused.db');
    const port = await freePort();
    const cases = [
        [['frobnicate'], 'frobnicate'],
        [['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--bogus'],
            '--bogus'],
        [['serve', '--db', db, '--listen', 'not-an-address'], '--listen'],
        [['serve', '--db', db, '--listen', '127.0.0.1:99999'], '--listen'],
        [['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
            '--set', 'sessions.ttl=abc'], 'sessions.ttl'],
        [['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
            '--set', 'sessions.ttl=0'], 'sessions.ttl'],
        [['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
            '--set', 'no-such.key=1'], 'no-such.key'],
        [['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
            '--set', 'novalue'], 'novalue'],
        [['serve', '--db'], '--db'],
        [['demo', '--bogus'], '--bogus'],
        [['user', 'frobnicate'], 'frobnicate'],
        [['user', 'add', '--db', db, '--role', 'manager'], '--username'],
        [['user', 'add', '--db', db, '--username', 'x'], '--role'],
        [['user', 'add', '--db', db, '--username', 'x', '--role', 'wizard'],
            '--role'],
    ];
    for (const [args, name] of cases) {
        const r = await runOnestop(args, `${PASSWORD}\n`);
        assertUsageError(r, name);
    }
});

test('onestop demo fills a new database and prints the log-ins', async () => {
    const db = path.join(dir, 'demo.db');
    const r = await runOnestop(['demo', '--db', db]);
    assert.equal(r.code, 0, show(r));
    assert.ok(existsSync(db), 'the database file exists');
    const lines = r.stdout.split('\n');
    assert.ok(lines.some((l) => /\brole\b.*\busername\b.*\bpassword\b/i.test(l)),
        `a header line with role, username and password:\n${r.stdout}`);
    const logins = parseLogins(r.stdout);
    assert.deepEqual(Object.keys(logins).sort(), [...ROLES].sort());
    for (const role of ROLES) {
        assert.ok(logins[role].password.length >= 10,
            `the ${role} password is not trivially short`);
    }
    // Two demos do not share passwords: they are generated, not built in.
    const other = await runOnestop(['demo', '--db', path.join(dir, 'demo2.db')]);
    assert.equal(other.code, 0, show(other));
    const logins2 = parseLogins(other.stdout);
    assert.notEqual(logins2.admin.password, logins.admin.password,
        'demo passwords are random');
});

test('onestop user add reads the password from stdin; the account signs in', async () => {
    const agencies = await getJson(server, null, '/api/v1/agencies');
    const agency = agencies.items[0].code;
    const oh = await getJson(server, null, '/api/v1/locations');
    assert.ok(oh.items.length > 0);

    const officer = await runOnestop(['user', 'add', '--db', server.dbPath,
        '--username', 'cli-officer', '--role', 'officer',
        '--display-name', 'Officer From CLI', '--agency', agency],
    `${PASSWORD}\n`);
    assert.equal(officer.code, 0, show(officer));
    assert.ok(!officer.stdout.includes(PASSWORD) &&
        !officer.stderr.includes(PASSWORD), 'the password is not printed');

    const employer = await runOnestop(['user', 'add', '--db', server.dbPath,
        '--username', 'cli-employer', '--role', 'employer',
        '--sponsor-kvk', '87654321'], PASSWORD);
    assert.equal(employer.code, 0, show(employer));

    const res = await fetch(`${server.url}/api/v1/session`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'cli-officer', password: PASSWORD }),
    });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(body.user.role, 'officer');
    assert.equal(body.user.displayName, 'Officer From CLI');

    const res2 = await fetch(`${server.url}/api/v1/session`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'cli-employer', password: PASSWORD }),
    });
    const body2 = await res2.json();
    assert.equal(res2.status, 200, JSON.stringify(body2));
    assert.equal(body2.user.role, 'employer');
    assert.equal(body2.user.sponsorKvk, '87654321');

    const admin = await signInAs(server, 'admin');
    const users = await fetch(`${server.url}/api/v1/users`,
        { headers: { Cookie: admin.cookie } }).then((r) => r.json());
    assert.ok(users.items.some((u) => u.username === 'cli-officer'));
});

test('onestop user add refuses incomplete or wrong accounts with exit 2', async () => {
    const base = ['user', 'add', '--db', server.dbPath];
    const cases = [
        [[...base, '--username', 'no-agency', '--role', 'officer'], '--agency'],
        [[...base, '--username', 'bad-agency', '--role', 'officer',
            '--agency', 'no-such-agency'], '--agency'],
        [[...base, '--username', 'no-kvk', '--role', 'employer'],
            '--sponsor-kvk'],
        [[...base, '--username', 'short-kvk', '--role', 'employer',
            '--sponsor-kvk', '1234'], '--sponsor-kvk'],
        [[...base, '--username', 'bad-desk', '--role', 'officer',
            '--agency', 'x', '--desk', 'not-a-number'], '--desk'],
    ];
    for (const [args, name] of cases) {
        const r = await runOnestop(args, `${PASSWORD}\n`);
        assertUsageError(r, name);
    }
    const empty = await runOnestop([...base, '--username', 'no-password',
        '--role', 'manager'], '');
    assert.notEqual(empty.code, 0, `an empty password is refused: ${show(empty)}`);
    const admin = await signInAs(server, 'admin');
    const users = await fetch(`${server.url}/api/v1/users`,
        { headers: { Cookie: admin.cookie } }).then((r) => r.json());
    for (const name of ['no-agency', 'bad-agency', 'no-kvk', 'short-kvk',
        'bad-desk', 'no-password']) {
        assert.ok(!users.items.some((u) => u.username === name),
            `${name} was not created`);
    }
});

test('serve refuses a bad configuration file, naming the file and key', async () => {
    const ini = path.join(dir, 'bad.ini');
    writeFileSync(ini, '[sessions]\nttl = soon\n');
    const port = await freePort();
    const r = await runOnestop(['serve', '--db', path.join(dir, 'cfg.db'),
        '--listen', `127.0.0.1:${port}`, '--config', ini]);
    assert.notEqual(r.code, 0, show(r));
    assert.ok(r.stderr.includes('bad.ini'), `names the file: ${show(r)}`);
    assert.ok(r.stderr.includes('ttl'), `names the key: ${show(r)}`);
    const missing = await runOnestop(['serve', '--db', path.join(dir, 'cfg.db'),
        '--listen', `127.0.0.1:${port}`, '--config',
        path.join(dir, 'missing.ini')]);
    assert.notEqual(missing.code, 0, show(missing));
    assert.ok(missing.stderr.includes('missing.ini'), show(missing));
});
