#!/usr/bin/env bash
# Proves `govhall audit verify` detects and names six ways of rewriting the audit log by hand (issue 20, item 5),
# on copies of a real database, as someone with write access to the database but not to keys/ could.
#
#   .ci/tamper-check.sh path/to/govhall.sqlite                   # SQLite: its data dir is the file's folder
#   .ci/tamper-check.sh postgres://u:p@host:port/db DATA_DIR      # PostgreSQL, with the data dir that holds its keys
#
# Steps: copy the database and its data dir's keys/ and audit-anchor.log; on that copy `audit verify` must pass (so
# a failure later is the tamper's doing, not the copy's) and `audit anchor` signs a checkpoint of the head #C. Then,
# each on its own copy of that, with T = C - 5:
#   edit        change the summary of entry #T                      -> "entry #T altered"
#   tail        delete the entries after #T                         -> "tail deleted after #T"
#   tail+head   … and move the head row to #T                       -> "tail deleted after #T (checkpoint of #C"
#   rewrite     rewrite every entry after #T, re-hashed without the key, head moved (.ci/audit-rewrite.py)
#                                                                   -> "MAC mismatch from #T+1"
#   truncate    empty the table and reset the head row              -> "table truncated"
#   reorder     swap entries #T and #T+1                            -> "entries reordered at #T"
# Each must make `audit verify` exit non-zero and print its name. The last line is
# `TAMPER <database>: 6 scenarios detected and named (…)`, which .ci/run collects into its PROOF line.
# The original database and data dir are never modified.
#
# Runs $GOVHALL if set (.ci/run sets it to the built binary), else `swift run govhall`.
# Run from the repository root.
set -euo pipefail

TARGET=${1:?usage: tamper-check.sh SQLITE_FILE | postgres://... DATA_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ -n "${GOVHALL:-}" ]; then
  govhall=("$GOVHALL")
else
  govhall=(swift run govhall)
fi

TMP=$(mktemp -d /tmp/govhall-tamper.XXXXXX)
PG_DBS=()
PG_ADMIN_URL=""
cleanup() {
  local rc=$?
  set +e
  for db in "${PG_DBS[@]}"; do
    psql -X -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
  done
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT

fail() { printf 'tamper-check FAILED: %s\n' "$*" >&2; exit 1; }

# verify LABEL DATA_DIR [DATABASE_URL] : runs `audit verify` on that copy; sets OUT and RC.
verify() {
  local label=$1 data=$2 url=${3:-}
  local env_args=(GOVHALL_DATA_DIR="$data")
  if [ -n "$url" ]; then env_args+=(DATABASE_URL="$url"); else env_args=(-u DATABASE_URL "${env_args[@]}"); fi
  if OUT=$(env "${env_args[@]}" "${govhall[@]}" audit verify 2>&1); then RC=0; else RC=$?; fi
  printf -- '--- audit verify (%s): exit %s\n' "$label" "$RC"
  printf '%s\n' "$OUT" | sed 's/^/    /'
}

if [[ "$TARGET" == postgres://* || "$TARGET" == postgresql://* ]]; then
  KIND=postgresql
  SRC_DATA=${2:?"PostgreSQL needs the data dir that holds the keys/ of the database (its audit MAC key)"}
  src_db=${TARGET##*/}; src_db=${src_db%%\?*}
  server=${TARGET%/*}
  PG_ADMIN_URL="$server/postgres"
  export PGOPTIONS="-c client_min_messages=warning"   # no NOTICE for DROP … IF EXISTS
  psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
  # copy_db FROM TO : CREATE DATABASE … TEMPLATE (the role owns it and has CREATEDB; nobody may be connected).
  copy_db() {
    PG_DBS+=("$2")
    psql_q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$2\" WITH (FORCE)" -c "CREATE DATABASE \"$2\" TEMPLATE \"$1\""
  }
  db_url() { printf '%s/%s' "$server" "$1"; }
  db_sql() { psql_q "$(db_url "$1")" -tA; }            # SQL on stdin
  rows_json() {                                        # entries after $2, with their instant in ms
    db_sql "$1" <<SQL
SELECT COALESCE(json_agg(json_build_object('sequence', sequence, 'ms', (EXTRACT(EPOCH FROM occurred_at) * 1000)::bigint,
  'actor_id', actor_id, 'actor_name', actor_name, 'role', role, 'unit_id', unit_id, 'action', action,
  'object_type', object_type, 'object_id', object_id, 'summary', summary, 'request_id', request_id,
  'client_address', client_address, 'previous_hash', previous_hash) ORDER BY sequence), '[]')
FROM audit_entries WHERE sequence > $2;
SQL
  }
  BASE="${src_db}_tamper"
  copy_db "$src_db" "$BASE"
else
  KIND=sqlite
  [ -f "$TARGET" ] || fail "no such SQLite file: $TARGET"
  SRC_DATA=$(dirname "$TARGET")
  # copy_db FROM TO : .backup makes a consistent copy, WAL contents included.
  db_file() { printf '%s/%s/govhall.sqlite' "$TMP" "$1"; }
  copy_db() {
    local from=$1 to=$2 src
    if [ "$from" = "$TARGET" ]; then src=$TARGET; else src=$(db_file "$from"); fi
    mkdir -p "$TMP/$to"
    sqlite3 "$src" ".backup '$(db_file "$to")'"
  }
  db_url() { :; }
  db_sql() { sqlite3 -bail "$(db_file "$1")"; }
  rows_json() {
    db_sql "$1" <<SQL
SELECT json_group_array(json(j)) FROM (SELECT json_object('sequence', sequence, 'ms', CAST(round(occurred_at * 1000) AS INTEGER),
  'actor_id', actor_id, 'actor_name', actor_name, 'role', role, 'unit_id', unit_id, 'action', action,
  'object_type', object_type, 'object_id', object_id, 'summary', summary, 'request_id', request_id,
  'client_address', client_address, 'previous_hash', previous_hash) AS j FROM audit_entries WHERE sequence > $2 ORDER BY sequence);
SQL
  }
  BASE=base
  copy_db "$TARGET" "$BASE"
fi
[ -d "$SRC_DATA/keys" ] || fail "$SRC_DATA has no keys/: the audit MAC key is needed to verify the chain"

# copy_data FROM TO : the data dir's keys/ and anchor (a SQLite copy already has its folder).
copy_data() {
  mkdir -p "$TMP/$2"
  cp -r "$1/keys" "$TMP/$2/keys"
  if [ -f "$1/audit-anchor.log" ]; then cp "$1/audit-anchor.log" "$TMP/$2/audit-anchor.log"; fi
}
copy_data "$SRC_DATA" "$BASE"
echo "copied the $KIND database and its keys/ and audit anchor to $BASE"

verify "untouched copy" "$TMP/$BASE" "$(db_url "$BASE")"
[ "$RC" -eq 0 ] || fail "audit verify fails on an untouched copy of $TARGET"
anchor_env=(GOVHALL_DATA_DIR="$TMP/$BASE")
if [ "$KIND" = postgresql ]; then anchor_env+=(DATABASE_URL="$(db_url "$BASE")"); else anchor_env=(-u DATABASE_URL "${anchor_env[@]}"); fi
env "${anchor_env[@]}" "${govhall[@]}" audit anchor
C=$(db_sql "$BASE" <<<"SELECT last_sequence FROM audit_chain_head WHERE id = 1;")
[ "$C" -ge 12 ] || fail "the chain has $C entries; the scenarios need at least 12"
T=$((C - 5))
echo "checkpoint at #$C; the scenarios tamper at #$T"

# scenario NAME EXPECTED : a fresh copy of the anchored base, the scenario's SQL from stdin, then verify.
NAMED=()
scenario() {
  local name=$1 expected=$2 db="${BASE}_$1"
  [ "$KIND" = sqlite ] && db="s_$1"
  copy_db "$BASE" "$db"
  copy_data "$TMP/$BASE" "$db"
  if [ "$name" = rewrite ]; then
    local after_hash
    after_hash=$(db_sql "$db" <<<"SELECT hash FROM audit_entries WHERE sequence = $T;")
    rows_json "$db" "$T" | python3 "$HERE/audit-rewrite.py" "$after_hash" | db_sql "$db" >/dev/null
  else
    db_sql "$db" >/dev/null
  fi
  verify "$name" "$TMP/$db" "$(db_url "$db")"
  [ "$RC" -ne 0 ] || fail "$name: audit verify passed on a tampered log"
  printf '%s\n' "$OUT" | grep -qF -- "$expected" || fail "$name: audit verify failed but does not say \"$expected\""
  echo "tamper-check OK: $name detected and named \"$expected\""
  NAMED+=("$name → \"$expected\"")
}

# Whoever edits the database by hand can switch off any append-only trigger first.
if [ "$KIND" = sqlite ]; then
  for t in $(db_sql "$BASE" <<<"SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entries';"); do
    db_sql "$BASE" <<<"DROP TRIGGER \"$t\";"
  done
  TRUNCATE="DELETE FROM audit_entries;"
else
  db_sql "$BASE" <<<"ALTER TABLE audit_entries DISABLE TRIGGER USER;" >/dev/null
  TRUNCATE="TRUNCATE audit_entries;"
fi
GENESIS=$(printf '0%.0s' $(seq 1 64))

scenario edit "entry #$T altered" <<SQL
UPDATE audit_entries SET summary = COALESCE(summary, '') || ' [tampered by CI]' WHERE sequence = $T;
SQL
scenario tail "tail deleted after #$T" <<SQL
DELETE FROM audit_entries WHERE sequence > $T;
SQL
scenario tail-head "tail deleted after #$T (checkpoint of #$C" <<SQL
DELETE FROM audit_entries WHERE sequence > $T;
UPDATE audit_chain_head SET last_sequence = $T, last_hash = (SELECT hash FROM audit_entries WHERE sequence = $T) WHERE id = 1;
SQL
scenario rewrite "MAC mismatch from #$((T + 1))" </dev/null
scenario truncate "table truncated" <<SQL
$TRUNCATE
UPDATE audit_chain_head SET last_sequence = 0, last_hash = '$GENESIS' WHERE id = 1;
SQL
scenario reorder "entries reordered at #$T" <<SQL
UPDATE audit_entries SET sequence = -1 WHERE sequence = $T;
UPDATE audit_entries SET sequence = $T WHERE sequence = $((T + 1));
UPDATE audit_entries SET sequence = $((T + 1)) WHERE sequence = -1;
SQL

summary=$(IFS=';'; printf '%s' "${NAMED[*]}" | sed 's/;/; /g')
echo "TAMPER $KIND: ${#NAMED[@]} scenarios detected and named ($summary)"
