#!/usr/bin/env python3
"""Rewrites audit entries as an intruder with write access to the database, but not to keys/, would.

Reads, on stdin, a JSON array of the entries after entry N (each with its columns and `ms`, the instant in
milliseconds), and takes entry N's hash as its argument; writes, on stdout, the SQL that gives each of them new
content, re-hashes it with plain SHA-256 in GovHall's own canonical encoding (version 1, which needs no key), links
each to the one before, and moves the chain head to the new last hash. The result is a consistent hash chain: only
the audit MAC key and the signed checkpoints can tell it from the real one. Used by .ci/tamper-check.sh (scenario
"rewrite everything after entry N"). Standard library only.
"""
import hashlib
import json
import sys

# The field order of AuditRecord.canonicalEncoding (Sources/GovCore/Audit/AuditRecord.swift).
FIELDS = ["actor_id", "actor_name", "role", "unit_id", "action", "object_type", "object_id", "summary",
          "request_id", "client_address", "previous_hash"]


def canonical_v1(row: dict) -> bytes:
    out = bytearray(b"govhall-audit-v1")
    for value in [str(row["sequence"]), str(row["ms"])] + [row[name] for name in FIELDS]:
        if value is None:
            out += b"-"
        else:
            data = str(value).encode("utf-8")
            out += b"+%d:" % len(data) + data
    return bytes(out)


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: audit-rewrite.py HASH_OF_ENTRY_N < entries-after-N.json", file=sys.stderr)
        return 2
    previous = sys.argv[1]
    entries = sorted(json.load(sys.stdin) or [], key=lambda r: r["sequence"])
    if not entries:
        print("audit-rewrite: no entries after N to rewrite", file=sys.stderr)
        return 1
    for row in entries:
        row["summary"] = "rewritten by CI: " + (row["summary"] or "")
        row["previous_hash"] = previous
        digest = hashlib.sha256(canonical_v1(row)).hexdigest()
        print(f"UPDATE audit_entries SET summary = {literal(row['summary'])}, previous_hash = {literal(previous)}, "
              f"hash = {literal(digest)}, mac_key_id = NULL WHERE sequence = {int(row['sequence'])};")
        previous = digest
    print(f"UPDATE audit_chain_head SET last_hash = {literal(previous)} WHERE id = 1;")
    return 0


if __name__ == "__main__":
    sys.exit(main())
