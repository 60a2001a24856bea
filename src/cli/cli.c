/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* What the subcommands share. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>

int
cli_usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("onestop: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_EXIT_USAGE;
}
