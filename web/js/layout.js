// SPDX-License-Identifier: AGPL-3.0-or-later
// The parts every page shares: translations, the language switch and the
// sign-in / sign-out control in the header. Pages call start() once and
// listen for 'onestop:session' when they care who is signed in.

import * as i18n from './i18n.js';
import * as api from './api.js';

let session = null;

function renderLanguageSwitch() {
    for (const button of document.querySelectorAll('[data-lang]')) {
        button.setAttribute('aria-pressed',
            String(button.dataset.lang === i18n.lang()));
    }
}

function renderSession() {
    const link = document.querySelector('[data-session-link]');
    const signOut = document.querySelector('[data-sign-out]');
    const who = document.querySelector('[data-session-user]');
    const signedIn = Boolean(session && session.user);
    if (link) {
        link.hidden = signedIn;
    }
    if (signOut) {
        signOut.hidden = !signedIn;
    }
    if (who) {
        who.hidden = !signedIn;
        who.textContent = signedIn
            ? i18n.t('nav.signedInAs', { name: session.user.username })
            : '';
    }
}

function headerStatus(text) {
    const status = document.querySelector('[data-header-status]');
    if (status) {
        status.textContent = text;
    }
}

/** The session known to the page: { user, csrfToken, expiresAt } or null. */
export function currentSession() {
    return session;
}

/** Records a new session (or null), updates the header, tells the page. */
export function setSession(next) {
    session = next && next.user ? next : null;
    renderSession();
    document.dispatchEvent(new CustomEvent('onestop:session',
        { detail: session }));
}

async function onSignOut() {
    headerStatus('');
    try {
        await api.signOut();
        setSession(null);
        headerStatus(i18n.t('signIn.signedOut'));
    } catch {
        headerStatus(i18n.t('signIn.signOutFailed'));
    }
}

/**
 * Translates the page, wires the header and asks the server who is signed
 * in. Resolves with the session or null.
 */
export async function start() {
    // Following the skip link must move keyboard focus, not only scroll.
    const skip = document.querySelector('.onestop-skip-link');
    const main = document.getElementById('main');
    skip?.addEventListener('click', () => main?.focus());
    for (const button of document.querySelectorAll('[data-lang]')) {
        button.addEventListener('click', async () => {
            await i18n.setLang(button.dataset.lang);
        });
    }
    document.querySelector('[data-sign-out]')
        ?.addEventListener('click', onSignOut);
    i18n.onChange(() => {
        renderLanguageSwitch();
        renderSession();
        headerStatus('');
    });

    await i18n.init();
    renderLanguageSwitch();
    try {
        session = await api.getSession();
    } catch {
        session = null; // the server could not say: offer to sign in
    }
    renderSession();
    return session;
}
