// SPDX-License-Identifier: AGPL-3.0-or-later
// Translations: loads /i18n/<lang>.json, fills every element that carries
// data-i18n (text) or data-i18n-attr (attributes), keeps the chosen language
// in localStorage and tells the pages when it changes so that they re-render
// without a reload.

export const LANGS = ['en', 'nl'];
const STORAGE_KEY = 'onestop.lang';
const LOCALES = { en: 'en-GB', nl: 'nl-NL' };

let current = 'en';
let messages = {};
const catalogues = new Map();
const listeners = new Set();

function stored() {
    try {
        return window.localStorage.getItem(STORAGE_KEY);
    } catch {
        return null; // storage disabled: fall back to the browser's language
    }
}

function store(lang) {
    try {
        window.localStorage.setItem(STORAGE_KEY, lang);
    } catch {
        // storage disabled: the choice lasts for this page only
    }
}

/** The language to start with: the stored choice, else the browser's. */
export function preferredLang() {
    const saved = stored();
    if (LANGS.includes(saved)) {
        return saved;
    }
    const wanted = (navigator.languages && navigator.languages[0]) ||
        navigator.language || '';
    return wanted.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

async function load(lang) {
    if (!catalogues.has(lang)) {
        const res = await fetch(`/i18n/${lang}.json`,
            { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (!res.ok) {
            throw new Error(`translations for ${lang}: HTTP ${res.status}`);
        }
        catalogues.set(lang, await res.json());
    }
    return catalogues.get(lang);
}

/** The current language code, 'en' or 'nl'. */
export function lang() {
    return current;
}

/** The BCP 47 locale for Intl formatting in the current language. */
export function locale() {
    return LOCALES[current];
}

/** Whether the current language has a text for key. */
export function has(key) {
    return Object.prototype.hasOwnProperty.call(messages, key);
}

/**
 * The text for key with {name} placeholders filled from vars. When vars.n
 * is 1 and a `<key>.one` text exists, that one is used.
 */
export function t(key, vars = {}) {
    let text = messages[key];
    if (vars.n === 1 && messages[`${key}.one`] !== undefined) {
        text = messages[`${key}.one`];
    }
    if (text === undefined) {
        console.warn(`i18n: no text for "${key}" in ${current}`);
        return key;
    }
    return text.replace(/\{(\w+)\}/g,
        (m, name) => (vars[name] === undefined ? m : String(vars[name])));
}

/**
 * The text for the current language from an API value { en, nl }; a plain
 * string is returned as it is, a missing language falls back to English.
 */
export function pick(value) {
    if (value === null || value === undefined) {
        return '';
    }
    if (typeof value !== 'object') {
        return String(value);
    }
    return value[current] ?? value.en ?? Object.values(value)[0] ?? '';
}

/** Fills data-i18n texts and data-i18n-attr="attr:key;attr:key" below root. */
export function apply(root = document) {
    for (const el of root.querySelectorAll('[data-i18n]')) {
        el.textContent = t(el.dataset.i18n);
    }
    for (const el of root.querySelectorAll('[data-i18n-attr]')) {
        for (const pair of el.dataset.i18nAttr.split(';')) {
            const [attr, key] = pair.split(':').map((s) => s.trim());
            if (attr && key) {
                el.setAttribute(attr, t(key));
            }
        }
    }
    if (root === document) {
        document.documentElement.lang = current;
    }
}

/** Calls fn(lang) after every language change; returns an unsubscribe. */
export function onChange(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
}

/** Switches to lang, re-translates the page and notifies the listeners. */
export async function setLang(next) {
    if (!LANGS.includes(next)) {
        throw new Error(`unsupported language ${next}`);
    }
    messages = await load(next);
    current = next;
    store(next);
    apply(document);
    for (const fn of listeners) {
        fn(current);
    }
}

/** Loads the preferred language and translates the page. */
export async function init() {
    const first = preferredLang();
    try {
        messages = await load(first);
        current = first;
    } catch (err) {
        if (first === 'en') {
            throw err;
        }
        messages = await load('en');
        current = 'en';
    }
    apply(document);
    return current;
}

/** A calendar date 'YYYY-MM-DD' written out in the current language. */
export function formatDate(iso, options = {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
}) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso));
    if (!m) {
        return String(iso);
    }
    const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return new Intl.DateTimeFormat(locale(), { ...options, timeZone: 'UTC' })
        .format(date);
}

/** An instant (ISO 8601 with offset) as date and time in timeZone. */
export function formatInstant(iso, timeZone) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
        return String(iso);
    }
    const opts = { dateStyle: 'long', timeStyle: 'short' };
    if (timeZone) {
        opts.timeZone = timeZone;
    }
    return new Intl.DateTimeFormat(locale(), opts).format(date);
}
