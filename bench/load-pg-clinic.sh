#!/usr/bin/env bash
# load-pg-clinic.sh CLINIC.db DBNAME — copies a benchmark clinic file into
# an empty database of the PostgreSQL server (psql's defaults: PGHOST,
# PGPORT, PGUSER), for `FOLLICLE_BENCH_PG=dbname=DBNAME build-aux/bench`.
# The rows are copied as they are; triggers (audit, search words, the
# tables of outcomes) are off during the load, which needs a superuser (as
# in pg_virtualenv), so the tables of outcomes are copied too: the clinic
# file must be of schema 10 or later (`bench-outcomes NAME CLINIC 0`
# upgrades it).
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
db=$1 name=$2
bin=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
outcomes=${BENCH_OUTCOMES:-$bin/../build-bench/bench/bench-outcomes}

createdb "$name"
"$outcomes" init "dbname=$name" 0
copy () {  # TABLE COLUMNS
  sqlite3 -csv "$db" "SELECT $2 FROM $1" |
    psql -q -v ON_ERROR_STOP=1 -d "$name" \
      -c "SET session_replication_role = replica" \
      -c "\\copy $1 ($2) FROM STDIN WITH (FORMAT csv)"
}
copy patients "id, name, sort_name, birth_date, sex, diagnosis, notes, created_at, updated_at, search_key"
copy patient_words "word, patient_id"
copy patient_sites "patient_id, region, description"
copy treatment_sessions "id, patient_id, session_date, treatment_type, product, created_at, updated_at"
copy adverse_events "id, session_id, position, description, severity"
copy visits "id, patient_id, visit_date, kind, clinician, norwood, ludwig, created_at, updated_at"
copy session_regions "session_id, region"
copy measurements "visit_id, region, hair_count, field_area_cm2, total_density, terminal_density, vellus_density, terminal_threshold_um, mean_diameter_um, anagen_percent, fu_density, method"
copy outcome_patients "key, id, sex, diagnosis, birth_date"
copy outcome_visits "key, id, patient_key, visit_date"
copy outcome_values "region, patient_key, visit_date, visit_key, total_density, terminal_density, vellus_density, mean_diameter_um, anagen_percent, fu_density, hair_count"
copy outcome_salt "patient_key, visit_date, visit_key, salt"
copy outcome_courses "patient_key, treatment_type, product, first_session, n_sessions, n_mild, n_moderate, n_severe"
psql -q -v ON_ERROR_STOP=1 -d "$name" \
  -c "SELECT setval ('outcome_patients_key_seq', (SELECT max (key) FROM outcome_patients))" \
  -c "SELECT setval ('outcome_visits_key_seq', (SELECT max (key) FROM outcome_visits))" >/dev/null
psql -q -d "$name" -c "VACUUM ANALYZE"
