/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* QR codes as SVG: libqrencode builds the module matrix, this file draws it
 * as horizontal runs of dark modules in a single path. */
#include "util/qr.h"

#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "core/validate.h"
#include "util/buf.h"

static enum status
qr_append_escaped(struct buf *b, const char *s)
{
    enum status st = STATUS_OK;

    for (; *s != '\0' && st == STATUS_OK; s++) {
        switch (*s) {
        case '&':
            st = buf_append_str(b, "&amp;");
            break;
        case '<':
            st = buf_append_str(b, "&lt;");
            break;
        case '>':
            st = buf_append_str(b, "&gt;");
            break;
        case '"':
            st = buf_append_str(b, "&quot;");
            break;
        case '\'':
            st = buf_append_str(b, "&apos;");
            break;
        default:
            st = buf_append(b, s, 1);
            break;
        }
    }
    return st;
}

/* One closed rectangle per run of dark modules in a row: far fewer path
 * commands than a square per module, and no seams between neighbours. */
static enum status
qr_append_modules(struct buf *b, const QRcode *code)
{
    enum status st = STATUS_OK;
    int w = code->width;

    for (int y = 0; y < w && st == STATUS_OK; y++) {
        const unsigned char *row = code->data + (size_t)y * (size_t)w;
        int x = 0;

        while (x < w && st == STATUS_OK) {
            int start;

            /* Bit 0 is the module's colour; the other bits only say
             * which part of the symbol it belongs to. */
            if ((row[x] & 1) == 0) {
                x++;
                continue;
            }
            start = x;
            while (x < w && (row[x] & 1) != 0) {
                x++;
            }
            st = buf_printf(b, "M%d %dh%dv1h-%dz", start + QR_QUIET_ZONE,
                            y + QR_QUIET_ZONE, x - start, x - start);
        }
    }
    return st;
}

enum status
qr_svg(const char *text, const char *title, char **out)
{
    QRcode *code = NULL;
    char *doc = NULL;
    struct buf b;
    enum status st;
    size_t len;
    int size;

    /* The document's size follows from QR_TEXT_MAX, so no cap here. */
    buf_init(&b, 0);
    if (text == NULL || !validate_text(title, QR_TITLE_MAX)) {
        st = STATUS_INPUT;
        goto out;
    }
    len = strnlen(text, QR_TEXT_MAX + 1);
    if (len == 0 || len > QR_TEXT_MAX) {
        st = STATUS_INPUT;
        goto out;
    }
    /* Case-sensitive, so that links keep their meaning; QR_MODE_8 takes
     * every byte as is (no Shift-JIS Kanji guessing) while digits and
     * upper-case runs still get their denser modes. */
    errno = 0;
    code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (code == NULL) {
        st = errno == ENOMEM   ? STATUS_NOMEM
             : errno == ERANGE ? STATUS_INPUT
                               : STATUS_INTERNAL;
        goto out;
    }
    size = code->width + 2 * QR_QUIET_ZONE;
    st = buf_printf(&b,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                    "viewBox=\"0 0 %d %d\" role=\"img\" "
                    "shape-rendering=\"crispEdges\"><title>",
                    size, size);
    if (st == STATUS_OK) {
        st = qr_append_escaped(&b, title);
    }
    /* A light background of its own: scanners need the quiet zone light
     * even when the page behind the image is dark. */
    if (st == STATUS_OK) {
        st = buf_printf(&b,
                        "</title><rect width=\"%d\" height=\"%d\" "
                        "fill=\"#fff\"/><path fill=\"#000\" d=\"",
                        size, size);
    }
    if (st == STATUS_OK) {
        st = qr_append_modules(&b, code);
    }
    if (st == STATUS_OK) {
        st = buf_append_str(&b, "\"/></svg>\n");
    }
    if (st != STATUS_OK) {
        goto out;
    }
    doc = buf_take(&b);
    if (doc == NULL) {
        st = STATUS_NOMEM;
        goto out;
    }
    *out = doc;
out:
    if (code != NULL) {
        QRcode_free(code);
    }
    buf_clear(&b);
    return st;
}
