// SPDX-License-Identifier: AGPL-3.0-or-later
// `onestop keygen`: the key file that seals personal data is created with
// mode 0600 and never overwritten; `--check` reads one as the server would,
// refusing a file open to others or one that does not hold a key with a
// message that says what to do; the path can come from the configuration;
// bad arguments give exit status 2. `onestop serve` does not start without
// its key, with a key open to others, or with a key other than the one the
// database's personal data was sealed with.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
    mkdtempSync, rmSync, writeFileSync, readFileSync, statSync, chmodSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runOnestop } from './support.mjs';
import { freePort } from '../lib/server.mjs';

let dir;

before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'onestop-keygen-'));
});

after(() => {
    rmSync(dir, { recursive: true, force: true });
});


test('keygen writes a 0600 base64 key once and never overwrites it',
    async () => {
        const key = path.join(dir, 'first.key');
        const made = await runOnestop(['keygen', '--key', key]);
        assert.equal(made.code, 0, made.stderr);
        const id = made.stdout.match(/id ([0-9a-f]{16})/);
        assert.ok(id, made.stdout);
        assert.equal(statSync(key).mode & 0o777, 0o600);
        const text = readFileSync(key, 'utf8');
        assert.match(text, /^[A-Za-z0-9+/]{43}=\n$/);
        assert.equal(Buffer.from(text.trim(), 'base64').length, 32);

        const again = await runOnestop(['keygen', '--key', key]);
        assert.equal(again.code, 1);
        assert.match(again.stderr, /already exists/);
        assert.equal(readFileSync(key, 'utf8'), text);

        const check = await runOnestop(['keygen', '--check', '--key', key]);
        assert.equal(check.code, 0, check.stderr);
        assert.match(check.stdout, new RegExp(`id ${id[1]}`));
    });

test('keygen --check refuses key files the server would refuse', async () => {
    const open = path.join(dir, 'open.key');
    writeFileSync(open, `${Buffer.alloc(32, 7).toString('base64')}\n`);
    chmodSync(open, 0o644);
    let r = await runOnestop(['keygen', '--check', '--key', open]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /group or others/);
    assert.match(r.stderr, /chmod 600/);
    chmodSync(open, 0o600);
    r = await runOnestop(['keygen', '--check', '--key', open]);
    assert.equal(r.code, 0, r.stderr);

    const short = path.join(dir, 'short.key');
    writeFileSync(short, `${Buffer.alloc(16, 7).toString('base64')}\n`,
        { mode: 0o600 });
    r = await runOnestop(['keygen', '--check', '--key', short]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not a key/);

    const garbled = path.join(dir, 'garbled.key');
    writeFileSync(garbled, 'my secret passphrase!\n', { mode: 0o600 });
    r = await runOnestop(['keygen', '--check', '--key', garbled]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not a key/);

    r = await runOnestop(['keygen', '--check', '--key',
        path.join(dir, 'missing.key')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /onestop keygen --key/);
});

test('keygen takes the key file from the configuration', async () => {
    const key = path.join(dir, 'configured.key');
    const ini = path.join(dir, 'onestop.ini');
    writeFileSync(ini, `[security]\nkey_file = ${key}\n\n[bsn]\npool_low = 5\n`);
    const r = await runOnestop(['keygen', '--config', ini]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(statSync(key).mode & 0o777, 0o600);

    const bad = path.join(dir, 'bad.ini');
    writeFileSync(bad, '[bsn]\npool_low = -1\n');
    const refused = await runOnestop(['keygen', '--config', bad]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /pool_low/);
});

test('keygen answers --help and refuses bad arguments', async () => {
    const help = await runOnestop(['keygen', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: onestop keygen/);
    for (const args of [['--bogus'], ['extra'], ['--key']]) {
        const r = await runOnestop(['keygen', ...args]);
        assert.equal(r.code, 2, `keygen ${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /^onestop: /);
    }
});

test('serve refuses to start without the right key file', async () => {
    const db = path.join(dir, 'serve.db');
    const made = await runOnestop(['demo', '--db', db]);
    assert.equal(made.code, 0, made.stderr);
    const port = await freePort();
    const serve = (key) => runOnestop(['serve', '--db', db, '--listen',
        `127.0.0.1:${port}`, '--set', `security.key_file=${key}`]);

    const missing = path.join(dir, 'serve-missing.key');
    let r = await serve(missing);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /security\.key_file: .*missing\.key does not exist/);
    assert.match(r.stderr, /onestop keygen --key/);

    const open = path.join(dir, 'serve-open.key');
    assert.equal((await runOnestop(['keygen', '--key', open])).code, 0);
    chmodSync(open, 0o644);
    r = await serve(open);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /security\.key_file: .*open\.key/);

    // The database says another key sealed its personal data.
    execFileSync('sqlite3', [db, "INSERT INTO personal_data_keys (key_id, " +
        "first_used_at) VALUES ('0123456789abcdef', '2026-01-01T00:00:00Z')"]);
    const other = path.join(dir, 'serve-other.key');
    assert.equal((await runOnestop(['keygen', '--key', other])).code, 0);
    r = await serve(other);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /is not the key this database's personal data was sealed with/);
});
