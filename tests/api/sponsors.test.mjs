// SPDX-License-Identifier: AGPL-3.0-or-later
// The sponsor register: importing snapshots of the IND register as saved
// HTML pages and CSV files through POST /api/v1/sponsor-imports (the body
// is the file itself), the report of what was added, is no longer
// recognised and was renamed, idempotent re-imports, malformed files that
// name their bad lines and change nothing, the recognition history, who
// may see what (employers: only their own sponsor), and the
// `onestop import-sponsors` command. The demo deployment starts with a
// register snapshot of a week ago (a few dozen fictitious sponsors).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, repoRoot } from '../lib/server.mjs';
import {
    assertProblem, assertInvalid, signInAs, call, getJson, isoDate, raw,
    stopAndCheck, runOnestop,
} from './support.mjs';

const DATA = path.join(repoRoot, 'tests', 'data', 'sponsors');
const WORK_HTML = readFileSync(path.join(DATA, 'work.html'), 'utf8');
const MALFORMED_CSV = readFileSync(path.join(DATA, 'malformed.csv'), 'utf8');
/** The body limit of the import route (8 MiB). */
const FILE_MAX = 8 * 1024 * 1024;

let server;
const s = {}; // sessions by role
let dir;

before(async () => {
    server = await startServer();
    for (const role of ['admin', 'manager', 'frontdesk', 'officer',
        'employer']) {
        s[role] = await signInAs(server, role);
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'onestop-sponsors-'));
});

after(async () => {
    await stopAndCheck(server);
    rmSync(dir, { recursive: true, force: true });
});

/** POSTs a register file as admin (or session) with its media type. */
function importFile(body, type, query, session = s.admin) {
    return call(server, session, 'POST', `/api/v1/sponsor-imports${query}`,
        body, { headers: { 'Content-Type': type } });
}

async function sponsor(kvk) {
    return getJson(server, s.admin, `/api/v1/sponsors/${kvk}`);
}

async function everySponsor() {
    return (await getJson(server, s.admin, '/api/v1/sponsors?limit=1000'))
        .items;
}

const kvks = (list) => list.map((x) => x.kvk).sort();

test('the demo register: a few dozen sponsors, the employer\'s among them', async () => {
    const all = await everySponsor();
    assert.ok(all.length >= 24 && all.length <= 60, `${all.length} sponsors`);
    assert.ok(all.every((x) => /^\d{8}$/.test(x.kvk)), 'KvK numbers');
    const own = await sponsor('12345678');
    assert.equal(own.name, 'Maastricht Shared Services B.V.');
    assert.deepEqual(own.categories, ['work', 'research']);
    assert.equal(own.recognised, true);
    assert.equal(own.firstSeen, isoDate(-7));
    assert.ok(own.history.every((h) => h.change === 'added'));
    // The leading zero is kept.
    assert.equal((await sponsor('01234567')).kvk, '01234567');
});

test('a saved HTML page, then the same page again, then a CSV of two categories', async (t) => {
    const before = await everySponsor();
    const demoWork = before.filter((x) => x.categories.includes('work'));

    await t.test('a page that would end most recognitions needs confirming', async () => {
        // The demo register has more work sponsors than this one page
        // lists: like a register split over pages, it is refused unless
        // confirmed, and changes nothing.
        const res = await importFile(WORK_HTML, 'text/html',
            `?category=work&snapshot=${isoDate(0)}`);
        const p = assertProblem(res, 409, 'conflict');
        const gone = demoWork.length - 7;
        assert.match(p.detail, new RegExp(`end the recognition of ${gone} ` +
            `of the ${demoWork.length} sponsors recognised in category work`));
        assert.match(p.detail, /allowLargeDrop=true/);
        assert.deepEqual(await everySponsor(), before);
        assertInvalid(await importFile(WORK_HTML, 'text/html',
            `?category=work&snapshot=${isoDate(0)}&allowLargeDrop=yes`),
        'allowLargeDrop');
    });

    await t.test('the work page: what it no longer lists ends', async () => {
        const res = await importFile(WORK_HTML, 'text/html; charset=utf-8',
            `?category=work&snapshot=${isoDate(0)}&fileName=work.html` +
            '&allowLargeDrop=true');
        assert.equal(res.status, 201, res.text);
        const r = res.json;
        assert.equal(r.snapshotDate, isoDate(0));
        assert.deepEqual(r.categories, ['work']);
        assert.equal(r.counts.entries, 7);
        assert.equal(r.counts.added, 0);
        assert.equal(r.counts.renamed, 0);
        assert.equal(r.counts.unchanged, 7);
        const listed = ['12345678', '01234567', '23456789', '34567890',
            '00456789', '45678901', '56789012'];
        const gone = demoWork.map((x) => x.kvk)
            .filter((k) => !listed.includes(k)).sort();
        assert.deepEqual(kvks(r.removed), gone);
        assert.equal(r.counts.removed, gone.length);
        assert.ok(r.removed.every((x) => x.category === 'work'));
        // Sittard Chemie was only a work sponsor: no longer recognised.
        const sittard = await sponsor('76543210');
        assert.equal(sittard.recognised, false);
        assert.deepEqual(sittard.categories, []);
        assert.deepEqual(sittard.history.map((h) => [h.change, h.category,
            h.snapshotDate]), [['added', 'work', isoDate(-7)],
            ['removed', 'work', isoDate(0)]]);
        // Meuse Valley Pharma keeps its research recognition.
        const pharma = await sponsor('17320508');
        assert.deepEqual(pharma.categories, ['research']);
        assert.equal(pharma.recognised, true);
    });

    await t.test('the same page again changes nothing', async () => {
        const snapshot = await everySponsor();
        const res = await importFile(WORK_HTML, 'text/html',
            `?category=work&snapshot=${isoDate(0)}`);
        assert.equal(res.status, 201, res.text);
        assert.deepEqual(res.json.counts, { entries: 7, added: 0, removed: 0,
            renamed: 0, unchanged: 7 });
        assert.deepEqual(res.json.added, []);
        assert.deepEqual(res.json.removed, []);
        assert.deepEqual(res.json.renamed, []);
        assert.deepEqual(await everySponsor(), snapshot);
    });

    const csv = '\uFEFFNaam;KvK-nummer;Categorie\r\n' +
        '"Maastricht Shared Services B.V.";12345678;Arbeid regulier en ' +
        'kennismigranten\r\n' +
        '"Brouwerij De Zwarte Kat & Zonen B.V.";01234567;arbeid\r\n' +
        '"Café \'t Pleintje V.O.F.";23456789;work\r\n' +
        '"Limburgse Precisietechniek N.V.";34567890;work\r\n' +
        '"Zuyd Medical Devices B.V.";00456789;work\r\n' +
        '"Heerlen Datacenter B.V.";45678901;work\r\n' +
        '"Nieuw ""Nul"" Bedrijf B.V.";00998877;kennismigranten\r\n' +
        '"Maastricht Shared Services B.V.";12345678;onderzoek\r\n' +
        '"Maastricht Instituut voor Toegepast Onderzoek";67890123;Onderzoek\r\n';

    await t.test('a CSV: added, ended and renamed, other categories untouched', async () => {
        const studyBefore = (await everySponsor())
            .filter((x) => x.categories.includes('study'));
        const res = await importFile(csv, 'text/csv',
            `?snapshot=${isoDate(1)}&fileName=register.csv`);
        assert.equal(res.status, 201, res.text);
        const r = res.json;
        assert.deepEqual(r.categories, ['work', 'research']);
        assert.equal(r.counts.entries, 9);
        assert.deepEqual(r.added, [{ kvk: '00998877',
            name: 'Nieuw "Nul" Bedrijf B.V.', category: 'work' }]);
        assert.deepEqual(r.renamed, [{ kvk: '45678901',
            oldName: 'Heerlen Data Centre B.V.',
            name: 'Heerlen Datacenter B.V.' }]);
        assert.ok(r.removed.some((x) => x.kvk === '56789012' &&
            x.category === 'work'), JSON.stringify(r.removed));
        assert.ok(r.removed.some((x) => x.kvk === '17320508' &&
            x.category === 'research'), JSON.stringify(r.removed));
        assert.ok(!r.removed.some((x) => x.category === 'study'));
        assert.equal(r.counts.unchanged, 7);

        const fresh = await sponsor('00998877');
        assert.equal(fresh.name, 'Nieuw "Nul" Bedrijf B.V.');
        assert.deepEqual(fresh.categories, ['work']);
        assert.equal(fresh.firstSeen, isoDate(1));
        const renamed = await sponsor('45678901');
        assert.equal(renamed.name, 'Heerlen Datacenter B.V.');
        assert.deepEqual(renamed.history.at(-1), { change: 'renamed',
            category: null, recognised: true, name: 'Heerlen Datacenter B.V.',
            oldName: 'Heerlen Data Centre B.V.', snapshotDate: isoDate(1),
            importId: r.id });
        assert.equal(renamed.lastSeen, isoDate(1));
        const studyAfter = (await everySponsor())
            .filter((x) => x.categories.includes('study'));
        assert.deepEqual(kvks(studyAfter), kvks(studyBefore));
    });

    await t.test('the same CSV again changes nothing', async () => {
        const res = await importFile(csv, 'text/csv; charset=utf-8',
            `?snapshot=${isoDate(1)}`);
        assert.equal(res.status, 201, res.text);
        assert.deepEqual(res.json.counts, { entries: 9, added: 0, removed: 0,
            renamed: 0, unchanged: 9 });
    });

    await t.test('an ended sponsor listed again is recognised again', async () => {
        const res = await importFile(
            'name,kvk\n"Sittard Chemie B.V.",76543210\n', 'text/csv',
            `?category=research&snapshot=${isoDate(2)}`);
        assert.equal(res.status, 201, res.text);
        assert.deepEqual(res.json.added, [{ kvk: '76543210',
            name: 'Sittard Chemie B.V.', category: 'research' }]);
        assert.ok(res.json.removed.some((x) => x.kvk === '12345678'));
        const sittard = await sponsor('76543210');
        assert.deepEqual(sittard.categories, ['research']);
        assert.equal(sittard.recognised, true);
    });
});

test('a malformed file names its bad lines and changes nothing', async () => {
    const beforeAll = await everySponsor();
    const res = await importFile(MALFORMED_CSV, 'text/csv',
        `?snapshot=${isoDate(3)}`);
    const p = assertInvalid(res, ['line 3', 'line 4', 'line 5', 'line 6'],
        { partOk: false });
    assert.match(p.detail, /4 bad lines; nothing was imported/);
    assert.equal(p.badLineCount, 4);
    assert.deepEqual(p.badLines.map((l) => l.line), [3, 4, 5, 6]);
    assert.match(p.badLines[0].reason, /"1234567" has 7 digits, not 8/);
    assert.deepEqual(await everySponsor(), beforeAll);
    assertProblem(await call(server, s.admin, 'GET',
        '/api/v1/sponsors/22334455'), 404);

    const page = await importFile('<html><body><p>Pagina niet gevonden</p>' +
        '</body></html>', 'text/html', `?category=study&snapshot=${isoDate(3)}`);
    assertInvalid(page, 'file', { partOk: false });
    const empty = await importFile('', 'text/csv',
        `?category=study&snapshot=${isoDate(3)}`);
    assertInvalid(empty, 'file', { partOk: false });
    const html = WORK_HTML.replace('<td>01234567</td>', '<td>1234567</td>');
    const bad = await importFile(html, 'text/html',
        `?category=work&snapshot=${isoDate(3)}`);
    assertInvalid(bad, 'line 24', { partOk: false });
    assert.deepEqual(await everySponsor(), beforeAll);
    // Nor is a refused import recorded anywhere a later one would see.
    const again = await importFile(WORK_HTML, 'text/html',
        `?category=work&snapshot=${isoDate(3)}`);
    assert.equal(again.status, 201, again.text);
});

test('the import route: media types, query, size, older snapshots', async () => {
    const csv = 'name,kvk\nAu Pair Limburg,11223344\n';
    assertProblem(await importFile(csv, 'application/json',
        '?category=exchange'), 415, 'unsupported-media-type');
    assertProblem(await importFile(csv, 'text/plain', '?category=exchange'),
        415, 'unsupported-media-type');
    assertProblem(await call(server, s.admin, 'POST',
        '/api/v1/sponsor-imports?category=exchange', { name: 'x' }), 415);
    assertInvalid(await importFile(WORK_HTML, 'text/html', ''), 'category');
    assertInvalid(await importFile(csv, 'text/csv',
        '?category=catering&snapshot=2026-02-30'), ['category', 'snapshot']);
    assertInvalid(await importFile(csv, 'text/csv', '?category=exchange&' +
        `fileName=${encodeURIComponent('a\nb')}`), 'fileName');
    // A CSV without a category column and no category given.
    assertInvalid(await importFile(csv, 'text/csv', `?snapshot=${isoDate(5)}`),
        'line 1');
    // Over the limit (sent chunked, so that it is read and discarded).
    const big = await raw(server, 'POST', '/api/v1/sponsor-imports?category=work',
        { headers: { 'Content-Type': 'text/csv', Cookie: s.admin.cookie,
            'X-CSRF-Token': s.admin.csrf }, body: 'x'.repeat(FILE_MAX + 1),
        chunked: true });
    assertProblem(big, 413);
    // An older snapshot than the register already holds.
    const old = await importFile(csv, 'text/csv',
        `?category=exchange&snapshot=${isoDate(-30)}`);
    const p = assertProblem(old, 409);
    assert.match(p.detail, /newer snapshot of category exchange/);
    // Other routes still take no raw bodies.
    assertProblem(await call(server, s.admin, 'POST', '/api/v1/agencies', csv,
        { headers: { 'Content-Type': 'text/csv' } }), 415);
});

test('who sees which sponsors', async () => {
    for (const role of ['admin', 'manager', 'frontdesk']) {
        const list = await getJson(server, s[role], '/api/v1/sponsors?q=maastricht');
        assert.ok(list.items.length >= 2, `${role} finds by name`);
        assert.ok(list.items.every((x) => /maastricht/i.test(x.name)));
        const one = await getJson(server, s[role],
            '/api/v1/sponsors?kvk=01234567');
        assert.deepEqual(kvks(one.items), ['01234567']);
    }
    // q is matched literally.
    assert.deepEqual((await getJson(server, s.admin,
        '/api/v1/sponsors?q=%25')).items, []);
    // The employer: its own sponsor, whatever it asks.
    const own = await getJson(server, s.employer, '/api/v1/sponsors');
    assert.deepEqual(kvks(own.items), ['12345678']);
    const other = await getJson(server, s.employer,
        '/api/v1/sponsors?kvk=01234567');
    assert.deepEqual(other.items, []);
    const q = await getJson(server, s.employer, '/api/v1/sponsors?q=Brouwerij');
    assert.deepEqual(q.items, []);
    assert.equal((await getJson(server, s.employer,
        '/api/v1/sponsors/12345678')).name, 'Maastricht Shared Services B.V.');
    assertProblem(await call(server, s.employer, 'GET',
        '/api/v1/sponsors/01234567'), 404);
    // Officers, and everyone not signed in, see none.
    assertProblem(await call(server, s.officer, 'GET', '/api/v1/sponsors'), 403);
    assertProblem(await call(server, null, 'GET', '/api/v1/sponsors'), 401);
    for (const role of ['manager', 'frontdesk', 'employer', 'officer']) {
        assertProblem(await importFile('name,kvk\nA,12345678\n', 'text/csv',
            '?category=work', s[role]), 403);
    }
    assertProblem(await importFile('name,kvk\nA,12345678\n', 'text/csv',
        '?category=work', null), 401);
    // Bad queries and unknown sponsors.
    assertInvalid(await call(server, s.admin, 'GET',
        '/api/v1/sponsors?kvk=1234567'), 'kvk');
    assertInvalid(await call(server, s.admin, 'GET',
        '/api/v1/sponsors?limit=0'), 'limit');
    for (const kvk of ['99999999', '1234567', 'abcdefgh']) {
        assertProblem(await call(server, s.admin, 'GET',
            `/api/v1/sponsors/${kvk}`), 404);
    }
});

test('imports are in the audit log', async () => {
    const log = await getJson(server, s.admin, '/api/v1/audit-events?limit=200');
    assert.ok(log.items.some((e) => e.action === 'sponsors.import' &&
        /^sponsor-import:\d+$/.test(e.object) && e.actor === 'admin'));
});


test('onestop import-sponsors', async () => {
    const db = path.join(dir, 'cli.db');
    const demo = await runOnestop(['demo', '--db', db]);
    assert.equal(demo.code, 0, demo.stderr);

    const help = await runOnestop(['import-sponsors', '--help']);
    assert.equal(help.code, 0);
    for (const opt of ['--db', '--format', '--category', '--snapshot',
        '--allow-large-drop']) {
        assert.ok(help.stdout.includes(opt), `--help documents ${opt}`);
    }
    const top = await runOnestop(['--help']);
    assert.ok(top.stdout.includes('import-sponsors'));

    const page = path.join(DATA, 'work.html');
    const refused = await runOnestop(['import-sponsors', page, '--db', db,
        '--category', 'work', '--snapshot', isoDate(0)]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /would end the recognition of \d+ of the \d+ sponsors recognised in category work/);
    assert.match(refused.stderr, /--allow-large-drop/);
    const first = await runOnestop(['import-sponsors', page, '--db', db,
        '--category', 'work', '--snapshot', isoDate(0), '--allow-large-drop']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /7 listed: 0 added, \d+ no longer recognised, 0 renamed, 7 unchanged/);
    assert.match(first.stdout, /removed {2}76543210 work {5}Sittard Chemie B\.V\./);
    const again = await runOnestop(['import-sponsors', page, '--db', db,
        '--category', 'arbeid', '--snapshot', isoDate(0)]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /0 added, 0 no longer recognised, 0 renamed, 7 unchanged/);

    const bad = await runOnestop(['import-sponsors', path.join(DATA, 'malformed.csv'),
        '--db', db, '--snapshot', isoDate(1)]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /4 bad lines; nothing was imported/);
    assert.match(bad.stderr, /malformed\.csv:3: KvK number "1234567" has 7 digits/);
    assert.match(bad.stderr, /malformed\.csv:5: unknown category "catering"/);

    const older = await runOnestop(['import-sponsors', page, '--db', db,
        '--category', 'work', '--snapshot', isoDate(-1)]);
    assert.equal(older.code, 1);
    assert.match(older.stderr, /newer snapshot of work/);

    const txt = path.join(dir, 'register.txt');
    writeFileSync(txt, 'name;kvk;category\nA B.V.;12345678;work\n');
    for (const [args, what] of [
        [['import-sponsors'], /FILE/],
        [['import-sponsors', txt, '--db', db], /--format/],
        [['import-sponsors', txt, '--db', db, '--format', 'xls'], /--format/],
        [['import-sponsors', page, '--db', db], /--category/],
        [['import-sponsors', page, '--db', db, '--category', 'x'], /--category/],
        [['import-sponsors', page, '--db', db, '--category', 'work',
            '--snapshot', '2026-13-01'], /--snapshot/],
        [['import-sponsors', page, '--bogus'], /--bogus/],
    ]) {
        const r = await runOnestop(args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, what);
    }
    const csv = await runOnestop(['import-sponsors', txt, '--db', db,
        '--format', 'csv', '--snapshot', isoDate(1)]);
    assert.equal(csv.code, 0, csv.stderr);
    assert.match(csv.stdout, /1 listed: 0 added/);
});
