#!/usr/bin/env bash
# store-speed.sh BIN CACHE [RUNS] — the store's speed on both backends, side
# by side: search per keystroke, the first screenful of the patient list,
# opening a patient of 200 visits and saving a visit, on clinics of 1,000,
# 10,000 and 100,000 patients (FOLLICLE_BENCH_STORE_SIZES to change),
# each as a clinic file (SQLite) and on a PostgreSQL server on the loopback.
#
# BIN is the benchmark build (build-bench), CACHE where clinics are kept.
# The clinics are made once by gen-clinic: two visits × 8 regions a
# patient, and patient 0 with 200. The server is a throwaway cluster made
# by pg_virtualenv (fsync on, as a real server), the clinics copied into it
# by load-pg-clinic.sh; it is dropped at the end. Called by build-aux/bench;
# runs alone too.
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

bin=$1 cache=$2 runs=${3:-20}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sizes=${FOLLICLE_BENCH_STORE_SIZES:-1000 10000 100000}
port=${FOLLICLE_BENCH_PG_PORT:-5499}
long_id=00000001-0000-4000-8000-000000000000
typical_id=00000001-0000-4000-8000-000000000001
schema=$(sha256sum "$here/../src/store/sqlite/fol-sqlite-migrations.c" | cut -c1-8)
out=$(mktemp -d "${TMPDIR:-/tmp}/follicle-store-speed-XXXXXX")
trap 'rm -rf "$out"' EXIT
mkdir -p "$cache"

path_of () { echo "$cache/store-p$1-v2-r8-l200-s1-$schema.db"; }

for n in $sizes; do
  c=$(path_of "$n")
  if [ ! -f "$c" ]; then
    echo "Making a clinic of $n patients × 2 visits (once; cached in $cache)…" >&2
    "$bin/bench/gen-clinic" --patients "$n" --visits 2 --long 200 --seed 1 "$c" >&2
  fi
  echo "Store speed, SQLite, $n patients…" >&2
  "$bin/bench/bench-store" "$c" "$long_id" "$typical_id" "$runs" |
    sed "s/^/sqlite\t$n\t/" >> "$out/store.tsv"
done

# The server: a throwaway cluster; its own temporary folder, which the
# server's user can enter.
cat > "$out/server.sh" <<EOF
set -euo pipefail
for n in $sizes; do
  echo "Store speed, PostgreSQL, \$n patients (copying the clinic to the server)…" >&2
  BENCH_OUTCOMES="$bin/bench/bench-outcomes" "$here/load-pg-clinic.sh" \
    "$cache/store-p\$n-v2-r8-l200-s1-$schema.db" "clinic\$n" >/dev/null
  "$bin/bench/bench-store" "postgresql:///clinic\$n" "$long_id" "$typical_id" "$runs" |
    sed "s/^/postgresql\t\$n\t/" >> "$out/store.tsv"
  dropdb "clinic\$n"
done
EOF
env -u TMPDIR pg_virtualenv -t -o "port=$port" -o "fsync=on" bash "$out/server.sh" >&2

python3 - "$out/store.tsv" <<'EOF'
import sys
figures = [
    ("store-search-keystroke", "search per keystroke, median", 5),
    ("store-list-first-screen", "first screenful of the patient list", 50),
    ("store-open-patient", "open a patient of 200 visits (history, chart, render)", 50),
    ("store-save-visit", "save a visit of 8 regions", 20),
]
got = {}
sizes = []
for line in open(sys.argv[1]):
    backend, n, name, median, worst, count = line.rstrip("\n").split("\t")
    got[(backend, int(n), name)] = float(median)
    if int(n) not in sizes:
        sizes.append(int(n))
def cell(backend, n, name, target):
    v = got.get((backend, n, name))
    if v is None:
        return "—"
    return f"{v:.2f} ms" + ("" if v <= target else " (missed)")
head = ["Figure (median)", "Patients", "SQLite", "PostgreSQL (loopback)", "Target"]
rows = [head]
for name, what, target in figures:
    for n in sorted(sizes):
        rows.append([what, f"{n:,}", cell("sqlite", n, name, target),
                     cell("postgresql", n, name, target), f"≤ {target} ms"])
w = [max(len(r[i]) for r in rows) for i in range(len(head))]
def line(r): return "| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(r)) + " |"
print()
print(line(head))
print("|" + "|".join("-" * (x + 2) for x in w) + "|")
for r in rows[1:]:
    print(line(r))
EOF
