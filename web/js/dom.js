// SPDX-License-Identifier: AGPL-3.0-or-later
// Small DOM and calendar-date helpers shared by the booking pages.

/** Creates an element with a class and text (either may be omitted). */
export function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
        node.className = className;
    }
    if (text !== undefined && text !== null) {
        node.textContent = text;
    }
    return node;
}

/** Today's date 'YYYY-MM-DD' in timeZone (the centre's, not the browser's). */
export function todayIn(timeZone) {
    let parts;
    try {
        parts = new Intl.DateTimeFormat('en-CA', {
            timeZone: timeZone || 'Europe/Amsterdam',
            year: 'numeric', month: '2-digit', day: '2-digit',
        }).formatToParts(new Date());
    } catch {
        parts = new Intl.DateTimeFormat('en-CA', {
            year: 'numeric', month: '2-digit', day: '2-digit',
        }).formatToParts(new Date());
    }
    const part = (type) => parts.find((p) => p.type === type).value;
    return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The date 'YYYY-MM-DD' n days after iso (n may be negative). */
export function addDays(iso, n) {
    const [y, m, d] = iso.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Moves keyboard and screen reader focus to a heading (or any element)
 *  that was just shown, and scrolls it into view. */
export function focusOn(node) {
    if (!node) {
        return;
    }
    if (!node.hasAttribute('tabindex')) {
        node.tabIndex = -1;
    }
    node.focus();
}
