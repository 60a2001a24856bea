// SPDX-License-Identifier: AGPL-3.0-or-later
// Checks on the web shell's files that need no browser: both languages have
// the same texts, every text the pages ask for exists, and the HTML keeps to
// the Content-Security-Policy (no inline scripts, styles or handlers, no
// resources from other origins).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/server.mjs';
import { catalogue } from './support.mjs';

const WEB = path.join(repoRoot, 'web');
const en = catalogue('en');
const nl = catalogue('nl');

function files(dir, ext) {
    return readdirSync(path.join(WEB, dir))
        .filter((f) => f.endsWith(ext))
        .map((f) => ({ name: `${dir}/${f}`.replace(/^\.\//, ''),
            text: readFileSync(path.join(WEB, dir, f), 'utf8') }));
}

const html = files('.', '.html');
const js = files('js', '.js');

test('English and Dutch have the same keys and no empty texts', () => {
    assert.deepEqual(Object.keys(nl).sort(), Object.keys(en).sort());
    for (const [lang, cat] of [['en', en], ['nl', nl]]) {
        for (const [key, value] of Object.entries(cat)) {
            assert.equal(typeof value, 'string', `${lang} ${key}`);
            assert.notEqual(value.trim(), '', `${lang} ${key} is empty`);
        }
    }
});

test('placeholders match between the languages', () => {
    const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en)) {
        assert.deepEqual(names(nl[key]), names(en[key]), `placeholders of ${key}`);
    }
});

test('every text the HTML and JavaScript ask for exists', () => {
    const used = new Set();
    for (const { text } of html) {
        for (const m of text.matchAll(/data-i18n="([^"]+)"/g)) {
            used.add(m[1]);
        }
        for (const m of text.matchAll(/data-i18n-attr="([^"]+)"/g)) {
            for (const pair of m[1].split(';')) {
                used.add(pair.split(':')[1].trim());
            }
        }
    }
    for (const { text } of js) {
        for (const m of text.matchAll(/\bt\(\s*'([^']+)'/g)) {
            used.add(m[1]);
        }
        for (const m of text.matchAll(/'([a-z]+(?:\.[a-zA-Z]+)+)'/g)) {
            if (/^(home|signIn|nav|common|error|lang|page|site|skip|footer|role|book|picker|visit|manage|employer|floor|desk|front)\./
                .test(m[1])) {
                used.add(m[1]);
            }
        }
    }
    for (let day = 1; day <= 7; day++) {
        used.add(`weekday.${day}`);
    }
    for (const role of ['admin', 'manager', 'frontdesk', 'officer', 'employer']) {
        used.add(`role.${role}`);
    }
    for (const status of ['booked', 'cancelled']) {
        used.add(`visit.status.${status}`);
    }
    assert.ok(used.size > 40, 'the scan found the keys');
    const missing = [...used].filter((k) => !(k in en)).sort();
    assert.deepEqual(missing, [], 'keys used but not translated');
});

test('the HTML keeps to the Content-Security-Policy', () => {
    assert.ok(html.length >= 4,
        'index.html, sign-in.html, book.html and booking.html exist');
    for (const { name, text } of html) {
        for (const m of text.matchAll(/<script\b([^>]*)>/gi)) {
            assert.match(m[1], /\bsrc="\/js\/[\w-]+\.js"/,
                `${name}: every script is a file from /js/`);
            assert.match(m[1], /\btype="module"/, `${name}: scripts are modules`);
        }
        assert.doesNotMatch(text, /<style\b/i, `${name}: no <style> element`);
        assert.doesNotMatch(text, /\sstyle\s*=/i, `${name}: no style attribute`);
        assert.doesNotMatch(text, /\son[a-z]+\s*=/i, `${name}: no inline handler`);
        assert.doesNotMatch(text, /(?:src|href)\s*=\s*"(?:https?:)?\/\//i,
            `${name}: nothing from another origin`);
        assert.match(text, /<html lang="en">/, `${name}: a default language`);
        assert.match(text, /class="onestop-skip-link" href="#main"/,
            `${name}: the skip link`);
        assert.match(text, /<main id="main"/, `${name}: the skip link's target`);
        assert.match(text, /href="\/css\/onestop\.css"/, `${name}: the stylesheet`);
    }
    for (const { name, text } of js) {
        assert.doesNotMatch(text, /\beval\(|new Function\(|setAttribute\(\s*'style'|\.innerHTML\s*=/,
            `${name}: nothing the CSP or safe DOM handling forbids`);
    }
});
