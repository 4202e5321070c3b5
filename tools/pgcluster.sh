#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: `start` prints the URL to put in COORDPANEL_TEST_PG, `stop FOLDER`
# stops it and removes it. Debian's postgresql (initdb, pg_ctl) as the postgres user, on 127.0.0.1 and a free port.
set -euo pipefail
case "${1:-}" in
  start)
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    export PATH="$bin:$PATH"
    folder=$(mktemp -d /tmp/coordpanel-pg.XXXXXX)
    chown postgres "$folder"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    su postgres -c "initdb -D '$folder/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null"
    su postgres -c "pg_ctl -D '$folder/data' -w -l '$folder/log' -o \"-p $port -k '$folder' -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"
    echo "postgresql://postgres@127.0.0.1:$port/postgres $folder"
    ;;
  stop)
    folder="$2"
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    su postgres -c "$bin/pg_ctl -D '$folder/data' -m fast stop >/dev/null" || true
    rm -rf "$folder"
    ;;
  *)
    echo "usage: $0 start | stop FOLDER" >&2
    exit 2
    ;;
esac
