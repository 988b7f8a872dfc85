#!/usr/bin/env python3
# make-outcomes-clinic.py — a large synthetic clinic for the outcomes
# benchmark, written straight into an empty clinic made by Follicle:
#
#   make-outcomes-clinic.py EMPTY.db PATIENTS VISITS
#
# The same model as gen-clinic (monthly visits, 8 regions, three sessions of
# one treatment per patient, its effect over the first year, ±4 % rater
# noise), without the audit trail: gen-clinic writes each row through the
# store and its triggers, which takes hours at 100,000 patients on a slow
# machine. The triggers of the audit trail and the search are dropped for
# the load and put back unchanged; those that keep the tables of outcomes
# (schema 10 on) stay, so that those tables hold every record loaded.
#
# Copyright 2026 The Follicle authors
# SPDX-License-Identifier: GPL-3.0-or-later
import random, sqlite3, sys, datetime

path, n_patients, n_visits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
profiles = [
    ("androgenetic_alopecia", "male", "adipose_stem_cells", 0.24),
    ("female_pattern", "female", "exosomes", 0.18),
    ("androgenetic_alopecia", "male", "prp", 0.12),
    ("female_pattern", "female", "minoxidil_oral", 0.04),
    ("androgenetic_alopecia", "male", "bone_marrow_stem_cells", 0.15),
    ("telogen_effluvium", "female", "minoxidil_topical", 0.08),
    ("androgenetic_alopecia", "male", "finasteride", 0.10),
]
regions = [("frontal", 128), ("midscalp", 136), ("vertex", 118), ("temporal_left", 142),
           ("temporal_right", 140), ("parietal_left", 165), ("parietal_right", 168),
           ("occipital", 214)]
rng = random.Random(1)
db = sqlite3.connect(path)
triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
                      " AND name NOT LIKE 'outcome%'").fetchall()
for name, _ in triggers:
    db.execute("DROP TRIGGER %s" % name)
now = "2026-01-01T00:00:00.000Z"
today = datetime.date.today()

def add_months(d, m):
    y, mo = divmod(d.month - 1 + m, 12)
    y += d.year
    mo += 1
    day = min(d.day, 28)
    return datetime.date(y, mo, day)

patients, visits, measurements, sessions = [], [], [], []
for i in range(n_patients):
    diagnosis, sex, treatment, effect = profiles[rng.randrange(len(profiles))]
    pid = "%08x-0000-4000-8000-%012x" % (2, i)
    start = add_months(today, -n_visits - 1) - datetime.timedelta(days=rng.randrange(3, 20))
    birth = add_months(start, -12 * rng.randrange(22, 70))
    name = "Synthetic %d" % i
    patients.append((pid, name, name.lower(), birth.isoformat(), sex, diagnosis, now, now))
    first = add_months(start, 1)
    for s in range(3):
        d = add_months(start, 1 + 3 * s)
        sessions.append(("%s-s%d" % (pid, s), pid, d.isoformat(), treatment, "Synthetic product",
                         now, now))
    for v in range(n_visits):
        d = add_months(start, v)
        vid = "%s-v%d" % (pid, v)
        visits.append((vid, pid, d.isoformat(), "baseline" if v == 0 else "follow_up", now, now))
        months = max(0.0, (d - first).days / 30.4375)
        progress = min(months / 12.0, 1.25)
        for code, base in regions:
            gain = 0.0 if code == "occipital" else effect
            density = base * (1 + gain * progress) * (1 + rng.uniform(-0.04, 0.04))
            total = round(density, 1)
            terminal = round(total * 0.62, 1)
            measurements.append((vid, code, round(density * 0.65), 0.65, total, terminal,
                                 round(total - terminal, 1), 40.0, 58.0, 80.0,
                                 round(total / 2, 1), "trichoscope"))
    if len(measurements) > 400000 or i == n_patients - 1:
        db.executemany("INSERT INTO patients (id, name, sort_name, birth_date, sex, diagnosis,"
                       " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)", patients)
        db.executemany("INSERT INTO treatment_sessions (id, patient_id, session_date,"
                       " treatment_type, product, created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                       sessions)
        db.executemany("INSERT INTO visits (id, patient_id, visit_date, kind, created_at,"
                       " updated_at) VALUES (?,?,?,?,?,?)", visits)
        db.executemany("INSERT INTO measurements (visit_id, region, hair_count, field_area_cm2,"
                       " total_density, terminal_density, vellus_density, terminal_threshold_um,"
                       " mean_diameter_um, anagen_percent, fu_density, method)"
                       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", measurements)
        patients, visits, measurements, sessions = [], [], [], []
for _, sql in triggers:
    db.execute(sql)
db.commit()
db.execute("ANALYZE")
db.close()
