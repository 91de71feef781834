#!/usr/bin/env bash
# Proves `govhall audit verify` catches a hand-edited audit log, on a copy of a real database.
#
#   .ci/tamper-check.sh path/to/govhall.sqlite          # SQLite: copies the file
#   .ci/tamper-check.sh postgres://u:p@host:port/db     # PostgreSQL: copies the database
#
# Steps: copy the database; `audit verify` on the untouched copy must pass (so a failure later
# is the tamper's doing, not the copy's); change the summary of the audit entry with sequence 3
# by hand, as someone with access to the database could; `audit verify` must then exit non-zero
# and name the entry (`#3`). The original database is never modified.
#
# Runs $GOVHALL if set (.ci/run sets it to the built binary), else `swift run govhall`.
# Run from the repository root.
set -euo pipefail

TARGET=${1:?usage: tamper-check.sh SQLITE_FILE | postgres://...}
SEQ=3
TAMPER_SUMMARY="COALESCE(summary, '') || ' [tampered by CI]'"

if [ -n "${GOVHALL:-}" ]; then
  govhall=("$GOVHALL")
else
  govhall=(swift run govhall)
fi

TMP=$(mktemp -d /tmp/govhall-tamper.XXXXXX)
PG_COPY_URL=""
PG_COPY_DB=""
PG_ADMIN_URL=""
cleanup() {
  local rc=$?
  set +e
  if [ -n "$PG_COPY_URL" ]; then
    psql -X -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$PG_COPY_DB\" WITH (FORCE)" >/dev/null
  fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT

fail() { printf 'tamper-check FAILED: %s\n' "$*" >&2; exit 1; }

# verify LABEL ENV=VALUE... : runs `audit verify` with those variables; sets OUT and RC.
verify() {
  local label=$1; shift
  if OUT=$(env "$@" "${govhall[@]}" audit verify 2>&1); then RC=0; else RC=$?; fi
  printf -- '--- audit verify (%s): exit %s\n' "$label" "$RC"
  printf '%s\n' "$OUT" | sed 's/^/    /'
}

# expect_detected: the tampered copy must fail verification and name entry #3 (not #30, #31…).
expect_detected() {
  [ "$RC" -ne 0 ] || fail "audit verify passed on a log whose entry #$SEQ was altered"
  printf '%s\n' "$OUT" | grep -Eq "#${SEQ}([^0-9]|\$)" \
    || fail "audit verify failed but its output does not name entry #$SEQ"
  echo "tamper-check OK: altered entry #$SEQ detected"
}

if [[ "$TARGET" == postgres://* || "$TARGET" == postgresql://* ]]; then
  # --- PostgreSQL: CREATE DATABASE … TEMPLATE copies it (the role owns it and has CREATEDB) ---
  src_db=${TARGET##*/}; src_db=${src_db%%\?*}
  server=${TARGET%/*}
  PG_COPY_DB="${src_db}_tamper"
  PG_ADMIN_URL="$server/postgres"
  export PGOPTIONS="-c client_min_messages=warning"   # no NOTICE for DROP … IF EXISTS
  psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
  psql_q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$PG_COPY_DB\" WITH (FORCE)"
  psql_q "$PG_ADMIN_URL" -c "CREATE DATABASE \"$PG_COPY_DB\" TEMPLATE \"$src_db\""
  PG_COPY_URL="$server/$PG_COPY_DB"
  echo "copied database $src_db to $PG_COPY_DB"

  mkdir "$TMP/empty-data"   # so nothing can fall back to a SQLite file
  run_env=(DATABASE_URL="$PG_COPY_URL" GOVHALL_DATA_DIR="$TMP/empty-data")

  verify "untouched copy" "${run_env[@]}"
  [ "$RC" -eq 0 ] || fail "audit verify fails on an untouched copy of $src_db"

  n=$(psql_q "$PG_COPY_URL" -tAc "SELECT count(*) FROM audit_entries WHERE sequence = $SEQ")
  [ "$n" = 1 ] || fail "no audit entry with sequence $SEQ to alter (need at least $SEQ entries)"
  # The owner may switch off any append-only trigger first, as an intruder with its rights could.
  changed=$(psql_q "$PG_COPY_URL" -tA <<SQL
ALTER TABLE audit_entries DISABLE TRIGGER USER;
WITH u AS (UPDATE audit_entries SET summary = $TAMPER_SUMMARY WHERE sequence = $SEQ RETURNING 1)
SELECT count(*) FROM u;
SQL
)
  [ "$changed" = 1 ] || fail "altering entry #$SEQ changed $changed rows"
  echo "altered the summary of audit entry #$SEQ with psql"

  verify "tampered copy" "${run_env[@]}"
  expect_detected
else
  # --- SQLite: .backup makes a consistent copy, WAL contents included ---
  [ -f "$TARGET" ] || fail "no such SQLite file: $TARGET"
  mkdir "$TMP/data"
  copy="$TMP/data/govhall.sqlite"
  sqlite3 "$TARGET" ".backup '$copy'"
  echo "copied $TARGET to $copy"
  run_env=(-u DATABASE_URL GOVHALL_DATA_DIR="$TMP/data")

  verify "untouched copy" "${run_env[@]}"
  [ "$RC" -eq 0 ] || fail "audit verify fails on an untouched copy of $TARGET"

  n=$(sqlite3 "$copy" "SELECT count(*) FROM audit_entries WHERE sequence = $SEQ")
  [ "$n" = 1 ] || fail "no audit entry with sequence $SEQ to alter (need at least $SEQ entries)"
  # Someone editing the file by hand can drop any append-only trigger first.
  triggers=$(sqlite3 "$copy" "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entries'")
  for t in $triggers; do sqlite3 "$copy" "DROP TRIGGER \"$t\""; done
  changed=$(sqlite3 "$copy" "UPDATE audit_entries SET summary = $TAMPER_SUMMARY WHERE sequence = $SEQ; SELECT changes();")
  [ "$changed" = 1 ] || fail "altering entry #$SEQ changed $changed rows"
  echo "altered the summary of audit entry #$SEQ with sqlite3"

  verify "tampered copy" "${run_env[@]}"
  expect_detected
fi
