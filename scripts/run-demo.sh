#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
# Serves the demonstration deployment: creates it on first use (keeping the
# generated log-ins in a 0600 file beside the database, and the key that
# seals personal data in another), prints the log-ins, and serves it.
# Usage: run-demo.sh BINARY DATABASE LISTEN
set -eu
bin=$1
db=$2
listen=$3
logins="$db.logins"
# The key that seals personal data lives beside the database, never in it
# (var/onestop.key for var/onestop.db); made before the demonstration data.
key="${db%.db}.key"
mkdir -p "$(dirname "$db")"
if [ ! -e "$key" ]; then
    "$bin" keygen --key "$key" >/dev/null
fi
if [ ! -f "$db" ]; then
    "$bin" demo --db "$db" --logins "$logins" --key "$key" >/dev/null
fi
if [ -f "$logins" ]; then
    cat "$logins"
fi
echo "Serving http://$listen (Ctrl-C stops)"
exec "$bin" serve --db "$db" --listen "$listen" --set "security.key_file=$key"
