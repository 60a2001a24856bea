#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
# Fails when the C sources call a function we do not use: unbounded string
# writes (strcpy, strcat, sprintf, vsprintf, gets), conversions that cannot
# report errors (atoi, atol, atof), non-reentrant ones that threads would
# share (strtok, localtime, gmtime, asctime, ctime, rand), and ways to run a
# shell (system, popen). Use the bounded, checked or reentrant forms.
set -u
cd "$(dirname "$0")/.." || exit 1

BANNED='strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atof|strtok|localtime|gmtime|asctime|ctime|rand|system|popen'
# A call is the name not preceded by an identifier character (so snprintf,
# localtime_r and fgets pass), followed by an opening parenthesis.
found=$(grep -nE "(^|[^A-Za-z0-9_])($BANNED)[[:space:]]*\(" \
    src/*.c src/*/*.c src/*/*.h tests/unit/*.c tests/fuzz/*.c bench/*.c |
    grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/\*|\*)')
if [ -n "$found" ]; then
    echo "banned calls (see scripts/banned-calls.sh for why):"
    echo "$found"
    exit 1
fi
echo "banned calls: none"
