// SPDX-License-Identifier: AGPL-3.0-or-later
// A real client of text/event-stream for the tests and the benchmark: it
// reads the response body as it arrives (fetch's streaming reader) and
// parses it as the HTML standard's EventSource does — lines ending in LF,
// CR or CRLF; "field: value" with one optional space; comments starting
// with ':'; an event dispatched at a blank line, with its data lines
// joined by LF; the last event id kept across events.

/** Parses event-stream text fed in pieces; calls onEvent for each event
 *  and onComment for each comment line. */
export class EventStreamParser {
    constructor(onEvent, onComment = () => {}) {
        this.onEvent = onEvent;
        this.onComment = onComment;
        this.buffer = '';
        this.lastEventId = '';
        this.retry = null;
        this.reset();
    }

    reset() {
        this.event = '';
        this.data = [];
        this.hasData = false;
        this.id = null;
    }

    feed(text) {
        this.buffer += text;
        for (;;) {
            const m = /\r\n|\r|\n/.exec(this.buffer);
            // A lone CR at the end may be the first half of a CRLF.
            if (!m || (m[0] === '\r' && m.index === this.buffer.length - 1)) {
                return;
            }
            const line = this.buffer.slice(0, m.index);
            this.buffer = this.buffer.slice(m.index + m[0].length);
            this.line(line);
        }
    }

    line(line) {
        if (line === '') {
            if (this.id !== null) {
                this.lastEventId = this.id;
            }
            if (this.hasData) {
                this.onEvent({
                    event: this.event || 'message',
                    data: this.data.join('\n'),
                    id: this.id,
                    lastEventId: this.lastEventId,
                });
            }
            this.reset();
            return;
        }
        if (line.startsWith(':')) {
            this.onComment(line.slice(1));
            return;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) {
            value = value.slice(1);
        }
        if (field === 'event') {
            this.event = value;
        } else if (field === 'data') {
            this.data.push(value);
            this.hasData = true;
        } else if (field === 'id' && !value.includes('\0')) {
            this.id = value;
        } else if (field === 'retry' && /^\d+$/.test(value)) {
            this.retry = Number(value);
        }
    }
}

/**
 * Opens an event stream. Resolves, once the headers are in, with
 * { status, headers, events (all so far), comments, next(), closed,
 * close(), retry(), lastEventId() }. next() resolves with the next event
 * (parsed JSON in .json when its data is JSON), or null when the stream
 * ended; closed resolves with 'end' or the error once it has. A non-2xx
 * answer is read whole into .text and .json.
 */
export async function openEventStream(url, { headers = {}, cookie } = {}) {
    const h = { Accept: 'text/event-stream', ...headers };
    if (cookie) {
        h.Cookie = cookie;
    }
    const abort = new AbortController();
    const res = await fetch(url, { headers: h, signal: abort.signal });
    const stream = {
        status: res.status,
        headers: res.headers,
        events: [],
        comments: [],
        text: '',
        json: null,
    };
    const type = res.headers.get('content-type') || '';
    if (!/^text\/event-stream\b/i.test(type)) {
        stream.text = await res.text();
        try {
            stream.json = JSON.parse(stream.text);
        } catch {
            stream.json = null;
        }
        stream.closed = Promise.resolve('end');
        stream.next = async () => null;
        stream.close = () => {};
        return stream;
    }
    let waiting = [];
    let ended = false;
    let cursor = 0;
    const wake = () => {
        const w = waiting;
        waiting = [];
        w.forEach((f) => f());
    };
    const parser = new EventStreamParser((ev) => {
        try {
            ev.json = JSON.parse(ev.data);
        } catch {
            ev.json = null;
        }
        stream.events.push(ev);
        wake();
    }, (comment) => {
        stream.comments.push(comment);
        wake();
    });
    stream.closed = (async () => {
        const decoder = new TextDecoder();
        try {
            for await (const chunk of res.body) {
                parser.feed(decoder.decode(chunk, { stream: true }));
            }
            return 'end';
        } catch (err) {
            return err;
        } finally {
            ended = true;
            wake();
        }
    })();
    stream.next = async () => {
        while (cursor >= stream.events.length) {
            if (ended) {
                return null;
            }
            await new Promise((resolve) => waiting.push(resolve));
        }
        return stream.events[cursor++];
    };
    /** Resolves once a comment has arrived (or the stream ended). */
    stream.nextComment = async () => {
        const seen = stream.comments.length;
        while (stream.comments.length === seen && !ended) {
            await new Promise((resolve) => waiting.push(resolve));
        }
        return stream.comments.length > seen;
    };
    stream.close = () => abort.abort();
    stream.retry = () => parser.retry;
    stream.lastEventId = () => parser.lastEventId;
    return stream;
}
