/* fol-sqlite-migrations.c
 *
 * Copyright 2026 The Follicle authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fol-sqlite-migrations"

#include "config.h"

#include <sqlite3.h>

#include "fol-search-key.h"
#include "fol-sqlite-migrations.h"

/* The numbered migrations of the clinic schema. migrations[N] takes a
 * database from PRAGMA user_version N - 1 to N. A migration that has been
 * released is never edited: a change is a new migration at the end.
 *
 * Every write to a table of patient data is mirrored into audit_log by a
 * trigger, in the same transaction as the write itself.
 */
/* The regions whose values clinic outcomes keep (migration 10), as SQL. */
#define OUTCOME_REGIONS \
  "('frontal', 'midscalp', 'vertex', 'temporal_left', 'temporal_right', 'parietal_left'," \
  " 'parietal_right', 'occipital')"

/* Recomputes the course of outcome_courses that the session row S (NEW
 * or OLD) belongs to: every session of that patient, type and product,
 * with their adverse events counted by severity.
 */
#define OUTCOME_COURSE(S) \
  "  DELETE FROM outcome_courses WHERE patient_key = (SELECT key FROM outcome_patients\n" \
  "    WHERE id = " S ".patient_id) AND treatment_type = " S ".treatment_type\n" \
  "    AND product IS " S ".product;\n" \
  "  INSERT INTO outcome_courses (patient_key, treatment_type, product, first_session,\n" \
  "    n_sessions, n_mild, n_moderate, n_severe)\n" \
  "  SELECT o.key, s.treatment_type, s.product, min (s.session_date), count (DISTINCT s.id),\n" \
  "    count (a.id) FILTER (WHERE a.severity = 'mild'),\n" \
  "    count (a.id) FILTER (WHERE a.severity = 'moderate'),\n" \
  "    count (a.id) FILTER (WHERE a.severity = 'severe')\n" \
  "  FROM outcome_patients o\n" \
  "  JOIN treatment_sessions s ON s.patient_id = o.id AND s.treatment_type = " S " \
  "".treatment_type\n" \
  "    AND s.product IS " S ".product\n" \
  "  LEFT JOIN adverse_events a ON a.session_id = s.id\n" \
  "  WHERE o.id = " S ".patient_id GROUP BY o.key;\n"

/* The same for the session an adverse event row E belongs to. */
#define OUTCOME_EVENT_COURSE(E) \
  "  DELETE FROM outcome_courses WHERE rowid IN (SELECT c.rowid FROM treatment_sessions s\n" \
  "    JOIN outcome_patients o ON o.id = s.patient_id\n" \
  "    JOIN outcome_courses c ON c.patient_key = o.key AND c.treatment_type = s.treatment_type\n" \
  "      AND c.product IS s.product\n" \
  "    WHERE s.id = " E ".session_id);\n" \
  "  INSERT INTO outcome_courses (patient_key, treatment_type, product, first_session,\n" \
  "    n_sessions, n_mild, n_moderate, n_severe)\n" \
  "  SELECT o.key, s.treatment_type, s.product, min (s.session_date), count (DISTINCT s.id),\n" \
  "    count (a.id) FILTER (WHERE a.severity = 'mild'),\n" \
  "    count (a.id) FILTER (WHERE a.severity = 'moderate'),\n" \
  "    count (a.id) FILTER (WHERE a.severity = 'severe')\n" \
  "  FROM treatment_sessions e JOIN outcome_patients o ON o.id = e.patient_id\n" \
  "  JOIN treatment_sessions s ON s.patient_id = e.patient_id\n" \
  "    AND s.treatment_type = e.treatment_type AND s.product IS e.product\n" \
  "  LEFT JOIN adverse_events a ON a.session_id = s.id\n" \
  "  WHERE e.id = " E ".session_id GROUP BY o.key;\n"

/* The outcome_values row of a measurement row M, from its visit, in
 * place of the one there was (a trigger's own conflict clause would give
 * way to the statement's that fired it).
 */
#define OUTCOME_VALUE(M) \
  "  DELETE FROM outcome_values WHERE region = " M ".region\n" \
  "    AND (patient_key, visit_date, visit_key) IN (SELECT patient_key, visit_date, key\n" \
  "      FROM outcome_visits WHERE id = " M ".visit_id);\n" \
  "  INSERT INTO outcome_values (region, patient_key, visit_date, visit_key,\n" \
  "    total_density, terminal_density, vellus_density, mean_diameter_um, anagen_percent,\n" \
  "    fu_density, hair_count)\n" \
  "  SELECT " M ".region, o.patient_key, o.visit_date, o.key, " M ".total_density,\n" \
  "    " M ".terminal_density, " M ".vellus_density, " M ".mean_diameter_um,\n" \
  "    " M ".anagen_percent, " M ".fu_density, " M ".hair_count\n" \
  "  FROM outcome_visits o WHERE o.id = " M ".visit_id AND " M ".region IN " OUTCOME_REGIONS ";\n"

static const char * const migrations[] = {
  NULL,

  /* 1: the initial schema */
  "CREATE TABLE patients (\n"
  "  id          TEXT PRIMARY KEY NOT NULL,\n"
  "  name        TEXT NOT NULL CHECK (length (name) > 0),\n"
  "  sort_name   TEXT NOT NULL,\n"
  "  birth_date  TEXT,\n"
  "  sex         TEXT,\n"
  "  diagnosis   TEXT,\n"
  "  notes       TEXT,\n"
  "  created_at  TEXT NOT NULL,\n"
  "  updated_at  TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX patients_by_sort_name ON patients (sort_name, id);\n"
  "\n"
  "CREATE TABLE patient_sites (\n"
  "  patient_id  TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,\n"
  "  region      TEXT NOT NULL,\n"
  "  description TEXT NOT NULL,\n"
  "  PRIMARY KEY (patient_id, region)\n"
  ");\n"
  "\n"
  "CREATE TABLE visits (\n"
  "  id                      TEXT PRIMARY KEY NOT NULL,\n"
  "  patient_id              TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,\n"
  "  visit_date              TEXT NOT NULL,\n"
  "  kind                    TEXT NOT NULL,\n"
  "  clinician               TEXT,\n"
  "  norwood                 TEXT,\n"
  "  ludwig                  TEXT,\n"
  "  sinclair                INTEGER CHECK (sinclair BETWEEN 1 AND 5),\n"
  "  salt_top                INTEGER CHECK (salt_top BETWEEN 0 AND 100),\n"
  "  salt_back               INTEGER CHECK (salt_back BETWEEN 0 AND 100),\n"
  "  salt_right              INTEGER CHECK (salt_right BETWEEN 0 AND 100),\n"
  "  salt_left               INTEGER CHECK (salt_left BETWEEN 0 AND 100),\n"
  "  investigator_assessment INTEGER CHECK (investigator_assessment BETWEEN -3 AND 3),\n"
  "  patient_assessment      INTEGER CHECK (patient_assessment BETWEEN -3 AND 3),\n"
  "  notes                   TEXT,\n"
  "  created_at              TEXT NOT NULL,\n"
  "  updated_at              TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX visits_by_patient ON visits (patient_id, visit_date);\n"
  "\n"
  "CREATE TABLE measurements (\n"
  "  visit_id              TEXT NOT NULL REFERENCES visits (id) ON DELETE CASCADE,\n"
  "  region                TEXT NOT NULL,\n"
  "  hair_count            INTEGER CHECK (hair_count BETWEEN 0 AND 2000),\n"
  "  field_area_cm2        REAL CHECK (field_area_cm2 > 0 AND field_area_cm2 <= 10),\n"
  "  total_density         REAL CHECK (total_density BETWEEN 0 AND 600),\n"
  "  terminal_density      REAL CHECK (terminal_density BETWEEN 0 AND 600),\n"
  "  vellus_density        REAL CHECK (vellus_density BETWEEN 0 AND 600),\n"
  "  terminal_threshold_um REAL,\n"
  "  mean_diameter_um      REAL CHECK (mean_diameter_um BETWEEN 10 AND 200),\n"
  "  anagen_percent        REAL CHECK (anagen_percent BETWEEN 0 AND 100),\n"
  "  fu_density            REAL CHECK (fu_density BETWEEN 0 AND 300),\n"
  "  method                TEXT,\n"
  "  notes                 TEXT,\n"
  "  PRIMARY KEY (visit_id, region)\n"
  ");\n"
  "\n"
  "CREATE TABLE treatment_sessions (\n"
  "  id             TEXT PRIMARY KEY NOT NULL,\n"
  "  patient_id     TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,\n"
  "  session_date   TEXT NOT NULL,\n"
  "  treatment_type TEXT NOT NULL,\n"
  "  product        TEXT,\n"
  "  lot_number     TEXT,\n"
  "  volume_ml      REAL,\n"
  "  dose           TEXT,\n"
  "  depth_mm       REAL,\n"
  "  anaesthesia    TEXT,\n"
  "  clinician      TEXT,\n"
  "  notes          TEXT,\n"
  "  created_at     TEXT NOT NULL,\n"
  "  updated_at     TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX treatment_sessions_by_patient ON treatment_sessions (patient_id, session_date);\n"
  "\n"
  "CREATE TABLE session_regions (\n"
  "  session_id TEXT NOT NULL REFERENCES treatment_sessions (id) ON DELETE CASCADE,\n"
  "  region     TEXT NOT NULL,\n"
  "  PRIMARY KEY (session_id, region)\n"
  ");\n"
  "\n"
  "CREATE TABLE adverse_events (\n"
  "  id          TEXT PRIMARY KEY NOT NULL,\n"
  "  session_id  TEXT NOT NULL REFERENCES treatment_sessions (id) ON DELETE CASCADE,\n"
  "  position    INTEGER NOT NULL,\n"
  "  description TEXT NOT NULL,\n"
  "  severity    TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe'))\n"
  ");\n"
  "CREATE INDEX adverse_events_by_session ON adverse_events (session_id, position);\n"
  "\n"
  "CREATE TABLE photos (\n"
  "  id            TEXT PRIMARY KEY NOT NULL,\n"
  "  visit_id      TEXT NOT NULL REFERENCES visits (id) ON DELETE CASCADE,\n"
  "  region        TEXT NOT NULL,\n"
  "  sha256        TEXT NOT NULL,\n"
  "  original_name TEXT,\n"
  "  taken_at      TEXT,\n"
  "  width         INTEGER NOT NULL CHECK (width > 0),\n"
  "  height        INTEGER NOT NULL CHECK (height > 0),\n"
  "  px_per_mm     REAL CHECK (px_per_mm > 0),\n"
  "  created_at    TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX photos_by_visit ON photos (visit_id, region);\n"
  "CREATE INDEX photos_by_sha256 ON photos (sha256);\n"
  "\n"
  "CREATE TABLE audit_log (\n"
  "  id         INTEGER PRIMARY KEY,\n"
  "  at         TEXT NOT NULL,\n"
  "  action     TEXT NOT NULL,\n"
  "  entity     TEXT NOT NULL,\n"
  "  entity_id  TEXT NOT NULL,\n"
  "  patient_id TEXT,\n"
  "  before     TEXT,\n"
  "  after      TEXT\n"
  ");\n"
  "CREATE INDEX audit_log_by_entity ON audit_log (entity_id);\n"
  "CREATE INDEX audit_log_by_patient ON audit_log (patient_id);\n"
  "CREATE TRIGGER audit_patients_insert AFTER INSERT ON patients BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'patients', NEW.id, NEW.id,\n"
  "          NULL,\n"
  "          json_object('id', NEW.id, 'name', NEW.name, 'sort_name', NEW.sort_name, 'birth_date', NEW.birth_date, 'sex', NEW.sex, 'diagnosis', NEW.diagnosis, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_patients_update AFTER UPDATE ON patients BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'patients', NEW.id, NEW.id,\n"
  "          json_object('id', OLD.id, 'name', OLD.name, 'sort_name', OLD.sort_name, 'birth_date', OLD.birth_date, 'sex', OLD.sex, 'diagnosis', OLD.diagnosis, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at),\n"
  "          json_object('id', NEW.id, 'name', NEW.name, 'sort_name', NEW.sort_name, 'birth_date', NEW.birth_date, 'sex', NEW.sex, 'diagnosis', NEW.diagnosis, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_patients_delete AFTER DELETE ON patients BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'patients', OLD.id, OLD.id,\n"
  "          json_object('id', OLD.id, 'name', OLD.name, 'sort_name', OLD.sort_name, 'birth_date', OLD.birth_date, 'sex', OLD.sex, 'diagnosis', OLD.diagnosis, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at),\n"
  "          NULL);\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_patient_sites_insert AFTER INSERT ON patient_sites BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'patient_sites', NEW.patient_id || '/' || NEW.region, NEW.patient_id,\n"
  "          NULL,\n"
  "          json_object('patient_id', NEW.patient_id, 'region', NEW.region, 'description', NEW.description));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_patient_sites_update AFTER UPDATE ON patient_sites BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'patient_sites', NEW.patient_id || '/' || NEW.region, NEW.patient_id,\n"
  "          json_object('patient_id', OLD.patient_id, 'region', OLD.region, 'description', OLD.description),\n"
  "          json_object('patient_id', NEW.patient_id, 'region', NEW.region, 'description', NEW.description));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_patient_sites_delete AFTER DELETE ON patient_sites BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'patient_sites', OLD.patient_id || '/' || OLD.region, OLD.patient_id,\n"
  "          json_object('patient_id', OLD.patient_id, 'region', OLD.region, 'description', OLD.description),\n"
  "          NULL);\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_visits_insert AFTER INSERT ON visits BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'visits', NEW.id, NEW.patient_id,\n"
  "          NULL,\n"
  "          json_object('id', NEW.id, 'patient_id', NEW.patient_id, 'visit_date', NEW.visit_date, 'kind', NEW.kind, 'clinician', NEW.clinician, 'norwood', NEW.norwood, 'ludwig', NEW.ludwig, 'sinclair', NEW.sinclair, 'salt_top', NEW.salt_top, 'salt_back', NEW.salt_back, 'salt_right', NEW.salt_right, 'salt_left', NEW.salt_left, 'investigator_assessment', NEW.investigator_assessment, 'patient_assessment', NEW.patient_assessment, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_visits_update AFTER UPDATE ON visits BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'visits', NEW.id, NEW.patient_id,\n"
  "          json_object('id', OLD.id, 'patient_id', OLD.patient_id, 'visit_date', OLD.visit_date, 'kind', OLD.kind, 'clinician', OLD.clinician, 'norwood', OLD.norwood, 'ludwig', OLD.ludwig, 'sinclair', OLD.sinclair, 'salt_top', OLD.salt_top, 'salt_back', OLD.salt_back, 'salt_right', OLD.salt_right, 'salt_left', OLD.salt_left, 'investigator_assessment', OLD.investigator_assessment, 'patient_assessment', OLD.patient_assessment, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at),\n"
  "          json_object('id', NEW.id, 'patient_id', NEW.patient_id, 'visit_date', NEW.visit_date, 'kind', NEW.kind, 'clinician', NEW.clinician, 'norwood', NEW.norwood, 'ludwig', NEW.ludwig, 'sinclair', NEW.sinclair, 'salt_top', NEW.salt_top, 'salt_back', NEW.salt_back, 'salt_right', NEW.salt_right, 'salt_left', NEW.salt_left, 'investigator_assessment', NEW.investigator_assessment, 'patient_assessment', NEW.patient_assessment, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_visits_delete AFTER DELETE ON visits BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'visits', OLD.id, OLD.patient_id,\n"
  "          json_object('id', OLD.id, 'patient_id', OLD.patient_id, 'visit_date', OLD.visit_date, 'kind', OLD.kind, 'clinician', OLD.clinician, 'norwood', OLD.norwood, 'ludwig', OLD.ludwig, 'sinclair', OLD.sinclair, 'salt_top', OLD.salt_top, 'salt_back', OLD.salt_back, 'salt_right', OLD.salt_right, 'salt_left', OLD.salt_left, 'investigator_assessment', OLD.investigator_assessment, 'patient_assessment', OLD.patient_assessment, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at),\n"
  "          NULL);\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_measurements_insert AFTER INSERT ON measurements BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'measurements', NEW.visit_id || '/' || NEW.region, (SELECT patient_id FROM visits WHERE id = NEW.visit_id),\n"
  "          NULL,\n"
  "          json_object('visit_id', NEW.visit_id, 'region', NEW.region, 'hair_count', NEW.hair_count, 'field_area_cm2', NEW.field_area_cm2, 'total_density', NEW.total_density, 'terminal_density', NEW.terminal_density, 'vellus_density', NEW.vellus_density, 'terminal_threshold_um', NEW.terminal_threshold_um, 'mean_diameter_um', NEW.mean_diameter_um, 'anagen_percent', NEW.anagen_percent, 'fu_density', NEW.fu_density, 'method', NEW.method, 'notes', NEW.notes));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_measurements_update AFTER UPDATE ON measurements BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'measurements', NEW.visit_id || '/' || NEW.region, (SELECT patient_id FROM visits WHERE id = NEW.visit_id),\n"
  "          json_object('visit_id', OLD.visit_id, 'region', OLD.region, 'hair_count', OLD.hair_count, 'field_area_cm2', OLD.field_area_cm2, 'total_density', OLD.total_density, 'terminal_density', OLD.terminal_density, 'vellus_density', OLD.vellus_density, 'terminal_threshold_um', OLD.terminal_threshold_um, 'mean_diameter_um', OLD.mean_diameter_um, 'anagen_percent', OLD.anagen_percent, 'fu_density', OLD.fu_density, 'method', OLD.method, 'notes', OLD.notes),\n"
  "          json_object('visit_id', NEW.visit_id, 'region', NEW.region, 'hair_count', NEW.hair_count, 'field_area_cm2', NEW.field_area_cm2, 'total_density', NEW.total_density, 'terminal_density', NEW.terminal_density, 'vellus_density', NEW.vellus_density, 'terminal_threshold_um', NEW.terminal_threshold_um, 'mean_diameter_um', NEW.mean_diameter_um, 'anagen_percent', NEW.anagen_percent, 'fu_density', NEW.fu_density, 'method', NEW.method, 'notes', NEW.notes));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_measurements_delete AFTER DELETE ON measurements BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'measurements', OLD.visit_id || '/' || OLD.region, (SELECT patient_id FROM visits WHERE id = OLD.visit_id),\n"
  "          json_object('visit_id', OLD.visit_id, 'region', OLD.region, 'hair_count', OLD.hair_count, 'field_area_cm2', OLD.field_area_cm2, 'total_density', OLD.total_density, 'terminal_density', OLD.terminal_density, 'vellus_density', OLD.vellus_density, 'terminal_threshold_um', OLD.terminal_threshold_um, 'mean_diameter_um', OLD.mean_diameter_um, 'anagen_percent', OLD.anagen_percent, 'fu_density', OLD.fu_density, 'method', OLD.method, 'notes', OLD.notes),\n"
  "          NULL);\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_treatment_sessions_insert AFTER INSERT ON treatment_sessions BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'treatment_sessions', NEW.id, NEW.patient_id,\n"
  "          NULL,\n"
  "          json_object('id', NEW.id, 'patient_id', NEW.patient_id, 'session_date', NEW.session_date, 'treatment_type', NEW.treatment_type, 'product', NEW.product, 'lot_number', NEW.lot_number, 'volume_ml', NEW.volume_ml, 'dose', NEW.dose, 'depth_mm', NEW.depth_mm, 'anaesthesia', NEW.anaesthesia, 'clinician', NEW.clinician, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_treatment_sessions_update AFTER UPDATE ON treatment_sessions BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'treatment_sessions', NEW.id, NEW.patient_id,\n"
  "          json_object('id', OLD.id, 'patient_id', OLD.patient_id, 'session_date', OLD.session_date, 'treatment_type', OLD.treatment_type, 'product', OLD.product, 'lot_number', OLD.lot_number, 'volume_ml', OLD.volume_ml, 'dose', OLD.dose, 'depth_mm', OLD.depth_mm, 'anaesthesia', OLD.anaesthesia, 'clinician', OLD.clinician, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at),\n"
  "          json_object('id', NEW.id, 'patient_id', NEW.patient_id, 'session_date', NEW.session_date, 'treatment_type', NEW.treatment_type, 'product', NEW.product, 'lot_number', NEW.lot_number, 'volume_ml', NEW.volume_ml, 'dose', NEW.dose, 'depth_mm', NEW.depth_mm, 'anaesthesia', NEW.anaesthesia, 'clinician', NEW.clinician, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_treatment_sessions_delete AFTER DELETE ON treatment_sessions BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'treatment_sessions', OLD.id, OLD.patient_id,\n"
  "          json_object('id', OLD.id, 'patient_id', OLD.patient_id, 'session_date', OLD.session_date, 'treatment_type', OLD.treatment_type, 'product', OLD.product, 'lot_number', OLD.lot_number, 'volume_ml', OLD.volume_ml, 'dose', OLD.dose, 'depth_mm', OLD.depth_mm, 'anaesthesia', OLD.anaesthesia, 'clinician', OLD.clinician, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at),\n"
  "          NULL);\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_session_regions_insert AFTER INSERT ON session_regions BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'session_regions', NEW.session_id || '/' || NEW.region, (SELECT patient_id FROM treatment_sessions WHERE id = NEW.session_id),\n"
  "          NULL,\n"
  "          json_object('session_id', NEW.session_id, 'region', NEW.region));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_session_regions_update AFTER UPDATE ON session_regions BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'session_regions', NEW.session_id || '/' || NEW.region, (SELECT patient_id FROM treatment_sessions WHERE id = NEW.session_id),\n"
  "          json_object('session_id', OLD.session_id, 'region', OLD.region),\n"
  "          json_object('session_id', NEW.session_id, 'region', NEW.region));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_session_regions_delete AFTER DELETE ON session_regions BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'session_regions', OLD.session_id || '/' || OLD.region, (SELECT patient_id FROM treatment_sessions WHERE id = OLD.session_id),\n"
  "          json_object('session_id', OLD.session_id, 'region', OLD.region),\n"
  "          NULL);\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_adverse_events_insert AFTER INSERT ON adverse_events BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'adverse_events', NEW.id, (SELECT patient_id FROM treatment_sessions WHERE id = NEW.session_id),\n"
  "          NULL,\n"
  "          json_object('id', NEW.id, 'session_id', NEW.session_id, 'position', NEW.position, 'description', NEW.description, 'severity', NEW.severity));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_adverse_events_update AFTER UPDATE ON adverse_events BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'adverse_events', NEW.id, (SELECT patient_id FROM treatment_sessions WHERE id = NEW.session_id),\n"
  "          json_object('id', OLD.id, 'session_id', OLD.session_id, 'position', OLD.position, 'description', OLD.description, 'severity', OLD.severity),\n"
  "          json_object('id', NEW.id, 'session_id', NEW.session_id, 'position', NEW.position, 'description', NEW.description, 'severity', NEW.severity));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_adverse_events_delete AFTER DELETE ON adverse_events BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'adverse_events', OLD.id, (SELECT patient_id FROM treatment_sessions WHERE id = OLD.session_id),\n"
  "          json_object('id', OLD.id, 'session_id', OLD.session_id, 'position', OLD.position, 'description', OLD.description, 'severity', OLD.severity),\n"
  "          NULL);\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_photos_insert AFTER INSERT ON photos BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'photos', NEW.id, (SELECT patient_id FROM visits WHERE id = NEW.visit_id),\n"
  "          NULL,\n"
  "          json_object('id', NEW.id, 'visit_id', NEW.visit_id, 'region', NEW.region, 'sha256', NEW.sha256, 'original_name', NEW.original_name, 'taken_at', NEW.taken_at, 'width', NEW.width, 'height', NEW.height, 'px_per_mm', NEW.px_per_mm, 'created_at', NEW.created_at));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_photos_update AFTER UPDATE ON photos BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'photos', NEW.id, (SELECT patient_id FROM visits WHERE id = NEW.visit_id),\n"
  "          json_object('id', OLD.id, 'visit_id', OLD.visit_id, 'region', OLD.region, 'sha256', OLD.sha256, 'original_name', OLD.original_name, 'taken_at', OLD.taken_at, 'width', OLD.width, 'height', OLD.height, 'px_per_mm', OLD.px_per_mm, 'created_at', OLD.created_at),\n"
  "          json_object('id', NEW.id, 'visit_id', NEW.visit_id, 'region', NEW.region, 'sha256', NEW.sha256, 'original_name', NEW.original_name, 'taken_at', NEW.taken_at, 'width', NEW.width, 'height', NEW.height, 'px_per_mm', NEW.px_per_mm, 'created_at', NEW.created_at));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_photos_delete AFTER DELETE ON photos BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'photos', OLD.id, (SELECT patient_id FROM visits WHERE id = OLD.visit_id),\n"
  "          json_object('id', OLD.id, 'visit_id', OLD.visit_id, 'region', OLD.region, 'sha256', OLD.sha256, 'original_name', OLD.original_name, 'taken_at', OLD.taken_at, 'width', OLD.width, 'height', OLD.height, 'px_per_mm', OLD.px_per_mm, 'created_at', OLD.created_at),\n"
  "          NULL);\n"
  "END;\n"
  ,

  /* 2: manual hair counts on photos: the counting field and the marks */
  "CREATE TABLE photo_fields (\n"
  "  photo_id TEXT PRIMARY KEY NOT NULL REFERENCES photos (id) ON DELETE CASCADE,\n"
  "  shape    TEXT NOT NULL CHECK (shape IN ('square', 'circle')),\n"
  "  centre_x REAL NOT NULL,\n"
  "  centre_y REAL NOT NULL,\n"
  "  size_mm  REAL NOT NULL CHECK (size_mm > 0)\n"
  ");\n"
  "\n"
  "CREATE TABLE photo_marks (\n"
  "  photo_id TEXT NOT NULL REFERENCES photos (id) ON DELETE CASCADE,\n"
  "  position INTEGER NOT NULL,\n"
  "  x        REAL NOT NULL,\n"
  "  y        REAL NOT NULL,\n"
  "  PRIMARY KEY (photo_id, position)\n"
  ");\n"
  "\n"
  "CREATE TRIGGER audit_photo_fields_insert AFTER INSERT ON photo_fields BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'photo_fields', NEW.photo_id, (SELECT v.patient_id FROM photos p JOIN visits v ON v.id = p.visit_id WHERE p.id = NEW.photo_id),\n"
  "          NULL,\n"
  "          json_object('photo_id', NEW.photo_id, 'shape', NEW.shape, 'centre_x', NEW.centre_x, 'centre_y', NEW.centre_y, 'size_mm', NEW.size_mm));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_photo_fields_update AFTER UPDATE ON photo_fields BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'photo_fields', NEW.photo_id, (SELECT v.patient_id FROM photos p JOIN visits v ON v.id = p.visit_id WHERE p.id = NEW.photo_id),\n"
  "          json_object('photo_id', OLD.photo_id, 'shape', OLD.shape, 'centre_x', OLD.centre_x, 'centre_y', OLD.centre_y, 'size_mm', OLD.size_mm),\n"
  "          json_object('photo_id', NEW.photo_id, 'shape', NEW.shape, 'centre_x', NEW.centre_x, 'centre_y', NEW.centre_y, 'size_mm', NEW.size_mm));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_photo_fields_delete AFTER DELETE ON photo_fields BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'photo_fields', OLD.photo_id, (SELECT v.patient_id FROM photos p JOIN visits v ON v.id = p.visit_id WHERE p.id = OLD.photo_id),\n"
  "          json_object('photo_id', OLD.photo_id, 'shape', OLD.shape, 'centre_x', OLD.centre_x, 'centre_y', OLD.centre_y, 'size_mm', OLD.size_mm),\n"
  "          NULL);\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_photo_marks_insert AFTER INSERT ON photo_marks BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'photo_marks', NEW.photo_id || '/' || NEW.position, (SELECT v.patient_id FROM photos p JOIN visits v ON v.id = p.visit_id WHERE p.id = NEW.photo_id),\n"
  "          NULL,\n"
  "          json_object('photo_id', NEW.photo_id, 'position', NEW.position, 'x', NEW.x, 'y', NEW.y));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_photo_marks_update AFTER UPDATE ON photo_marks BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'photo_marks', NEW.photo_id || '/' || NEW.position, (SELECT v.patient_id FROM photos p JOIN visits v ON v.id = p.visit_id WHERE p.id = NEW.photo_id),\n"
  "          json_object('photo_id', OLD.photo_id, 'position', OLD.position, 'x', OLD.x, 'y', OLD.y),\n"
  "          json_object('photo_id', NEW.photo_id, 'position', NEW.position, 'x', NEW.x, 'y', NEW.y));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_photo_marks_delete AFTER DELETE ON photo_marks BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'photo_marks', OLD.photo_id || '/' || OLD.position, (SELECT v.patient_id FROM photos p JOIN visits v ON v.id = p.visit_id WHERE p.id = OLD.photo_id),\n"
  "          json_object('photo_id', OLD.photo_id, 'position', OLD.position, 'x', OLD.x, 'y', OLD.y),\n"
  "          NULL);\n"
  "END;\n"
  "\n"
  ,

  /* 3: patient search without reading every patient. Searching a name or
   * diagnosis for three characters or more goes through a trigram index
   * (FTS5), which answers any substring; shorter searches scan a covering
   * index of the searched keys only, already in list order. The search
   * table holds no patient data of its own beyond the folded name and the
   * diagnosis code, is kept by triggers in the same transaction as the
   * patient row, and is keyed by the patient's rowid, which SQLite keeps
   * through VACUUM for a table with indexes.
   */
  "CREATE INDEX patients_search_keys ON patients (sort_name, id, diagnosis);\n"
  "\n"
  "CREATE VIRTUAL TABLE patients_search USING fts5 (sort_name, diagnosis, tokenize = 'trigram');\n"
  "\n"
  "INSERT INTO patients_search (rowid, sort_name, diagnosis)\n"
  "  SELECT rowid, sort_name, replace (coalesce (diagnosis, ''), '_', ' ') FROM patients;\n"
  "\n"
  "CREATE TRIGGER patients_search_insert AFTER INSERT ON patients BEGIN\n"
  "  INSERT INTO patients_search (rowid, sort_name, diagnosis)\n"
  "  VALUES (NEW.rowid, NEW.sort_name, replace (coalesce (NEW.diagnosis, ''), '_', ' '));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER patients_search_update AFTER UPDATE OF sort_name, diagnosis ON patients BEGIN\n"
  "  UPDATE patients_search SET sort_name = NEW.sort_name,\n"
  "    diagnosis = replace (coalesce (NEW.diagnosis, ''), '_', ' ') WHERE rowid = OLD.rowid;\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER patients_search_delete AFTER DELETE ON patients BEGIN\n"
  "  DELETE FROM patients_search WHERE rowid = OLD.rowid;\n"
  "END;\n"
  ,

  /* 4: the clinic's identity, a random UUID made once, when the clinic is
   * created (or first opened by this version). Backups carry it, so that
   * clinics sharing a backup folder each see, count and rotate only their
   * own. A copy of the database (an archive restored elsewhere) is the
   * same clinic and keeps it. IF NOT EXISTS / OR IGNORE: restoring a backup
   * from before this version gives it the restored clinic's id before it is
   * upgraded (see fol_clinic_file_install()).
   */
  "CREATE TABLE IF NOT EXISTS clinic (\n"
  "  id    INTEGER PRIMARY KEY CHECK (id = 1),\n"
  "  uuid  TEXT NOT NULL CHECK (length (uuid) = 36)\n"
  ");\n"
  "\n"
  "INSERT OR IGNORE INTO clinic (id, uuid) VALUES (1, lower (\n"
  "  hex (randomblob (4)) || '-' || hex (randomblob (2)) || '-4' ||\n"
  "  substr (hex (randomblob (2)), 2) || '-' ||\n"
  "  substr ('89ab', 1 + (abs (random ()) % 4), 1) || substr (hex (randomblob (2)), 2) || '-' ||\n"
  "  hex (randomblob (6))));\n"
  ,
  /* 5: patient search through a key the core computes (fol-search-key.c):
   * the folded words of the name and the diagnosis, so that a search finds
   * "Tomás" for "tomas" and "Martin Keller" for "keller martin", the same
   * in every store. The walk in list order reads the key from a covering
   * index; a rare word is looked up in patient_words, each word of a
   * patient once, kept from the key by triggers in the same transaction
   * as the patient row (a key holds only letters and digits between single
   * spaces, so it is a JSON array once quoted). The trigram index of
   * migration 3 answered substrings, which the search no longer asks.
   * The key is derived, not a record: writing it alone is no edit for the
   * audit log. fol_search_key () exists only while migrations run.
   */
  "DROP TRIGGER patients_search_insert;\n"
  "DROP TRIGGER patients_search_update;\n"
  "DROP TRIGGER patients_search_delete;\n"
  "DROP TABLE patients_search;\n"
  "DROP INDEX patients_search_keys;\n"
  "\n"
  "DROP TRIGGER audit_patients_update;\n"
  "\n"
  "ALTER TABLE patients ADD COLUMN search_key TEXT NOT NULL DEFAULT '';\n"
  "UPDATE patients SET search_key = fol_search_key (name, diagnosis);\n"
  "CREATE INDEX patients_by_search_key ON patients (sort_name, id, search_key);\n"
  "\n"
  "CREATE TRIGGER audit_patients_update AFTER UPDATE OF id, name, sort_name, birth_date, sex,\n"
  "  diagnosis, notes, created_at, updated_at ON patients BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'patients', NEW.id, NEW.id,\n"
  "          json_object('id', OLD.id, 'name', OLD.name, 'sort_name', OLD.sort_name, 'birth_date', OLD.birth_date, 'sex', OLD.sex, 'diagnosis', OLD.diagnosis, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at),\n"
  "          json_object('id', NEW.id, 'name', NEW.name, 'sort_name', NEW.sort_name, 'birth_date', NEW.birth_date, 'sex', NEW.sex, 'diagnosis', NEW.diagnosis, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));\n"
  "END;\n"
  "\n"
  "CREATE TABLE patient_words (\n"
  "  word       TEXT NOT NULL,\n"
  "  patient_id TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,\n"
  "  PRIMARY KEY (word, patient_id)\n"
  ") WITHOUT ROWID;\n"
  "\n"
  "INSERT OR IGNORE INTO patient_words (word, patient_id)\n"
  "  SELECT w.value, p.id FROM patients p,\n"
  "    json_each ('[\"' || replace (p.search_key, ' ', '\",\"') || '\"]') w WHERE w.value <> '';\n"
  "\n"
  "CREATE TRIGGER patient_words_insert AFTER INSERT ON patients BEGIN\n"
  "  INSERT OR IGNORE INTO patient_words (word, patient_id)\n"
  "  SELECT value, NEW.id FROM json_each ('[\"' || replace (NEW.search_key, ' ', '\",\"') || '\"]')\n"
  "  WHERE value <> '';\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER patient_words_update AFTER UPDATE OF id, search_key ON patients\n"
  "  WHEN OLD.search_key IS NOT NEW.search_key OR OLD.id IS NOT NEW.id BEGIN\n"
  "  DELETE FROM patient_words WHERE patient_id = OLD.id;\n"
  "  INSERT OR IGNORE INTO patient_words (word, patient_id)\n"
  "  SELECT value, NEW.id FROM json_each ('[\"' || replace (NEW.search_key, ' ', '\",\"') || '\"]')\n"
  "  WHERE value <> '';\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER patient_words_delete AFTER DELETE ON patients BEGIN\n"
  "  DELETE FROM patient_words WHERE patient_id = OLD.id;\n"
  "END;\n"
  ,
  /* 6: the telogen percentage of a region, entered beside anagen, and the
   * AA-IGA grade of a visit (alopecia areata), beside SALT. The audit
   * triggers of both tables are made again to record the new columns.
   */
  "ALTER TABLE measurements ADD COLUMN telogen_percent REAL\n"
  "  CHECK (telogen_percent BETWEEN 0 AND 100);\n"
  "ALTER TABLE visits ADD COLUMN aa_iga INTEGER CHECK (aa_iga BETWEEN 0 AND 4);\n"
  "\n"
  "DROP TRIGGER audit_visits_insert;\n"
  "DROP TRIGGER audit_visits_update;\n"
  "DROP TRIGGER audit_visits_delete;\n"
  "DROP TRIGGER audit_measurements_insert;\n"
  "DROP TRIGGER audit_measurements_update;\n"
  "DROP TRIGGER audit_measurements_delete;\n"
  "\n"
  "CREATE TRIGGER audit_visits_insert AFTER INSERT ON visits BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'visits', NEW.id, NEW.patient_id,\n"
  "          NULL,\n"
  "          json_object('id', NEW.id, 'patient_id', NEW.patient_id, 'visit_date', NEW.visit_date, 'kind', NEW.kind, 'clinician', NEW.clinician, 'norwood', NEW.norwood, 'ludwig', NEW.ludwig, 'sinclair', NEW.sinclair, 'salt_top', NEW.salt_top, 'salt_back', NEW.salt_back, 'salt_right', NEW.salt_right, 'salt_left', NEW.salt_left, 'investigator_assessment', NEW.investigator_assessment, 'patient_assessment', NEW.patient_assessment, 'aa_iga', NEW.aa_iga, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_visits_update AFTER UPDATE ON visits BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'visits', NEW.id, NEW.patient_id,\n"
  "          json_object('id', OLD.id, 'patient_id', OLD.patient_id, 'visit_date', OLD.visit_date, 'kind', OLD.kind, 'clinician', OLD.clinician, 'norwood', OLD.norwood, 'ludwig', OLD.ludwig, 'sinclair', OLD.sinclair, 'salt_top', OLD.salt_top, 'salt_back', OLD.salt_back, 'salt_right', OLD.salt_right, 'salt_left', OLD.salt_left, 'investigator_assessment', OLD.investigator_assessment, 'patient_assessment', OLD.patient_assessment, 'aa_iga', OLD.aa_iga, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at),\n"
  "          json_object('id', NEW.id, 'patient_id', NEW.patient_id, 'visit_date', NEW.visit_date, 'kind', NEW.kind, 'clinician', NEW.clinician, 'norwood', NEW.norwood, 'ludwig', NEW.ludwig, 'sinclair', NEW.sinclair, 'salt_top', NEW.salt_top, 'salt_back', NEW.salt_back, 'salt_right', NEW.salt_right, 'salt_left', NEW.salt_left, 'investigator_assessment', NEW.investigator_assessment, 'patient_assessment', NEW.patient_assessment, 'aa_iga', NEW.aa_iga, 'notes', NEW.notes, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_visits_delete AFTER DELETE ON visits BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'visits', OLD.id, OLD.patient_id,\n"
  "          json_object('id', OLD.id, 'patient_id', OLD.patient_id, 'visit_date', OLD.visit_date, 'kind', OLD.kind, 'clinician', OLD.clinician, 'norwood', OLD.norwood, 'ludwig', OLD.ludwig, 'sinclair', OLD.sinclair, 'salt_top', OLD.salt_top, 'salt_back', OLD.salt_back, 'salt_right', OLD.salt_right, 'salt_left', OLD.salt_left, 'investigator_assessment', OLD.investigator_assessment, 'patient_assessment', OLD.patient_assessment, 'aa_iga', OLD.aa_iga, 'notes', OLD.notes, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at),\n"
  "          NULL);\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_measurements_insert AFTER INSERT ON measurements BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'measurements', NEW.visit_id || '/' || NEW.region, (SELECT patient_id FROM visits WHERE id = NEW.visit_id),\n"
  "          NULL,\n"
  "          json_object('visit_id', NEW.visit_id, 'region', NEW.region, 'hair_count', NEW.hair_count, 'field_area_cm2', NEW.field_area_cm2, 'total_density', NEW.total_density, 'terminal_density', NEW.terminal_density, 'vellus_density', NEW.vellus_density, 'terminal_threshold_um', NEW.terminal_threshold_um, 'mean_diameter_um', NEW.mean_diameter_um, 'anagen_percent', NEW.anagen_percent, 'telogen_percent', NEW.telogen_percent, 'fu_density', NEW.fu_density, 'method', NEW.method, 'notes', NEW.notes));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_measurements_update AFTER UPDATE ON measurements BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'measurements', NEW.visit_id || '/' || NEW.region, (SELECT patient_id FROM visits WHERE id = NEW.visit_id),\n"
  "          json_object('visit_id', OLD.visit_id, 'region', OLD.region, 'hair_count', OLD.hair_count, 'field_area_cm2', OLD.field_area_cm2, 'total_density', OLD.total_density, 'terminal_density', OLD.terminal_density, 'vellus_density', OLD.vellus_density, 'terminal_threshold_um', OLD.terminal_threshold_um, 'mean_diameter_um', OLD.mean_diameter_um, 'anagen_percent', OLD.anagen_percent, 'telogen_percent', OLD.telogen_percent, 'fu_density', OLD.fu_density, 'method', OLD.method, 'notes', OLD.notes),\n"
  "          json_object('visit_id', NEW.visit_id, 'region', NEW.region, 'hair_count', NEW.hair_count, 'field_area_cm2', NEW.field_area_cm2, 'total_density', NEW.total_density, 'terminal_density', NEW.terminal_density, 'vellus_density', NEW.vellus_density, 'terminal_threshold_um', NEW.terminal_threshold_um, 'mean_diameter_um', NEW.mean_diameter_um, 'anagen_percent', NEW.anagen_percent, 'telogen_percent', NEW.telogen_percent, 'fu_density', NEW.fu_density, 'method', NEW.method, 'notes', NEW.notes));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_measurements_delete AFTER DELETE ON measurements BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'measurements', OLD.visit_id || '/' || OLD.region, (SELECT patient_id FROM visits WHERE id = OLD.visit_id),\n"
  "          json_object('visit_id', OLD.visit_id, 'region', OLD.region, 'hair_count', OLD.hair_count, 'field_area_cm2', OLD.field_area_cm2, 'total_density', OLD.total_density, 'terminal_density', OLD.terminal_density, 'vellus_density', OLD.vellus_density, 'terminal_threshold_um', OLD.terminal_threshold_um, 'mean_diameter_um', OLD.mean_diameter_um, 'anagen_percent', OLD.anagen_percent, 'telogen_percent', OLD.telogen_percent, 'fu_density', OLD.fu_density, 'method', OLD.method, 'notes', OLD.notes),\n"
  "          NULL);\n"
  "END;\n"
  "\n"
  ,

  /* 7: clinic outcomes read every
   * treated patient's values of one region in patient and date order. The
   * visits in that order with their ID, and the measurements of a region
   * with their values, each from an index alone: one region's slice of the
   * measurements instead of the whole table, and no row looked up twice.
   */
  "CREATE INDEX visits_for_outcomes ON visits (patient_id, visit_date, id);\n"
  "CREATE INDEX measurements_by_region ON measurements (region, visit_id, total_density,\n"
  "  terminal_density, vellus_density, mean_diameter_um, anagen_percent, fu_density,\n"
  "  hair_count);\n"
  ,

  /* 8: treatment protocols. A protocol is the clinic's plan of sessions
   * and follow-up visits (its steps as text, fol_protocol_steps_to_text());
   * an assignment starts one for a patient on a date. A protocol in use
   * cannot be deleted. Assignments are patient data: audited.
   */
  "CREATE TABLE protocols (\n"
  "  id          TEXT PRIMARY KEY NOT NULL,\n"
  "  name        TEXT NOT NULL UNIQUE CHECK (length (name) > 0),\n"
  "  description TEXT,\n"
  "  steps       TEXT NOT NULL,\n"
  "  example     INTEGER NOT NULL DEFAULT 0 CHECK (example IN (0, 1)),\n"
  "  created_at  TEXT NOT NULL,\n"
  "  updated_at  TEXT NOT NULL\n"
  ");\n"
  "\n"
  "CREATE TABLE protocol_assignments (\n"
  "  id          TEXT PRIMARY KEY NOT NULL,\n"
  "  patient_id  TEXT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,\n"
  "  protocol_id TEXT NOT NULL REFERENCES protocols (id),\n"
  "  start_date  TEXT NOT NULL,\n"
  "  created_at  TEXT NOT NULL,\n"
  "  updated_at  TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX protocol_assignments_by_patient ON protocol_assignments (patient_id, start_date);\n"
  "CREATE INDEX protocol_assignments_by_protocol ON protocol_assignments (protocol_id);\n"
  "\n"
  "CREATE TRIGGER audit_protocol_assignments_insert AFTER INSERT ON protocol_assignments BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'protocol_assignments', NEW.id,\n"
  "          NEW.patient_id, NULL,\n"
  "          json_object('id', NEW.id, 'patient_id', NEW.patient_id, 'protocol_id', NEW.protocol_id, 'start_date', NEW.start_date, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_protocol_assignments_update AFTER UPDATE ON protocol_assignments BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'protocol_assignments', NEW.id,\n"
  "          NEW.patient_id,\n"
  "          json_object('id', OLD.id, 'patient_id', OLD.patient_id, 'protocol_id', OLD.protocol_id, 'start_date', OLD.start_date, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at),\n"
  "          json_object('id', NEW.id, 'patient_id', NEW.patient_id, 'protocol_id', NEW.protocol_id, 'start_date', NEW.start_date, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_protocol_assignments_delete AFTER DELETE ON protocol_assignments BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'protocol_assignments', OLD.id,\n"
  "          OLD.patient_id,\n"
  "          json_object('id', OLD.id, 'patient_id', OLD.patient_id, 'protocol_id', OLD.protocol_id, 'start_date', OLD.start_date, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at),\n"
  "          NULL);\n"
  "END;\n"
  ,

  /* 9: what was suggested versus confirmed, kept with the marks: each
   * mark's origin (placed by hand, a suggestion accepted as it was or
   * moved, or a suggestion the clinician rejected, kept but never counted)
   * and the shaft diameter estimated for it, in µm. Marks saved before
   * have no recorded origin (NULL). The audit triggers of the marks are
   * made again to record both.
   */
  "ALTER TABLE photo_marks ADD COLUMN origin TEXT\n"
  "  CHECK (origin IN ('hand', 'suggested', 'suggested_moved', 'rejected'));\n"
  "ALTER TABLE photo_marks ADD COLUMN diameter_um REAL CHECK (diameter_um > 0);\n"
  "\n"
  "DROP TRIGGER audit_photo_marks_insert;\n"
  "DROP TRIGGER audit_photo_marks_update;\n"
  "DROP TRIGGER audit_photo_marks_delete;\n"
  "\n"
  "CREATE TRIGGER audit_photo_marks_insert AFTER INSERT ON photo_marks BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'photo_marks', NEW.photo_id || '/' || NEW.position, (SELECT v.patient_id FROM photos p JOIN visits v ON v.id = p.visit_id WHERE p.id = NEW.photo_id),\n"
  "          NULL,\n"
  "          json_object('photo_id', NEW.photo_id, 'position', NEW.position, 'x', NEW.x, 'y', NEW.y, 'origin', NEW.origin, 'diameter_um', NEW.diameter_um));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_photo_marks_update AFTER UPDATE ON photo_marks BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'photo_marks', NEW.photo_id || '/' || NEW.position, (SELECT v.patient_id FROM photos p JOIN visits v ON v.id = p.visit_id WHERE p.id = NEW.photo_id),\n"
  "          json_object('photo_id', OLD.photo_id, 'position', OLD.position, 'x', OLD.x, 'y', OLD.y, 'origin', OLD.origin, 'diameter_um', OLD.diameter_um),\n"
  "          json_object('photo_id', NEW.photo_id, 'position', NEW.position, 'x', NEW.x, 'y', NEW.y, 'origin', NEW.origin, 'diameter_um', NEW.diameter_um));\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER audit_photo_marks_delete AFTER DELETE ON photo_marks BEGIN\n"
  "  INSERT INTO audit_log (at, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'photo_marks', OLD.photo_id || '/' || OLD.position, (SELECT v.patient_id FROM photos p JOIN visits v ON v.id = p.visit_id WHERE p.id = OLD.photo_id),\n"
  "          json_object('photo_id', OLD.photo_id, 'position', OLD.position, 'x', OLD.x, 'y', OLD.y, 'origin', OLD.origin, 'diameter_um', OLD.diameter_um),\n"
  "          NULL);\n"
  "END;\n"
  ,

  /* 10: clinic outcomes from tables of their own, kept in step with the
   * records by triggers in the same transaction as each write: every
   * patient and visit has an integer key (outcome_patients, outcome_visits,
   * with what outcomes filter on); outcome_values holds each measurement's
   * values by region, patient key and date, so that one region's values of
   * every patient are one range of one table read in order; outcome_salt
   * each visit's whole SALT score; outcome_courses each patient's courses
   * (sessions of one type and product) with their first session and
   * adverse events by severity. Filled here from the records already
   * there. The indexes of migration 7, which only outcomes read, go.
   */
  "CREATE TABLE outcome_patients (\n"
  "  key        INTEGER PRIMARY KEY,\n"
  "  id         TEXT NOT NULL UNIQUE,\n"
  "  sex        TEXT,\n"
  "  diagnosis  TEXT,\n"
  "  birth_date TEXT\n"
  ");\n"
  "CREATE TABLE outcome_visits (\n"
  "  key         INTEGER PRIMARY KEY,\n"
  "  id          TEXT NOT NULL UNIQUE,\n"
  "  patient_key INTEGER NOT NULL,\n"
  "  visit_date  TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX outcome_visits_by_patient ON outcome_visits (patient_key);\n"
  "CREATE TABLE outcome_values (\n"
  "  region           TEXT NOT NULL,\n"
  "  patient_key      INTEGER NOT NULL,\n"
  "  visit_date       TEXT NOT NULL,\n"
  "  visit_key        INTEGER NOT NULL,\n"
  "  total_density    REAL,\n"
  "  terminal_density REAL,\n"
  "  vellus_density   REAL,\n"
  "  mean_diameter_um REAL,\n"
  "  anagen_percent   REAL,\n"
  "  fu_density       REAL,\n"
  "  hair_count       INTEGER,\n"
  "  PRIMARY KEY (region, patient_key, visit_date, visit_key)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE outcome_salt (\n"
  "  patient_key INTEGER NOT NULL,\n"
  "  visit_date  TEXT NOT NULL,\n"
  "  visit_key   INTEGER NOT NULL,\n"
  "  salt        REAL NOT NULL,\n"
  "  PRIMARY KEY (patient_key, visit_date, visit_key)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE outcome_courses (\n"
  "  patient_key    INTEGER NOT NULL,\n"
  "  treatment_type TEXT NOT NULL,\n"
  "  product        TEXT,\n"
  "  first_session  TEXT NOT NULL,\n"
  "  n_sessions     INTEGER NOT NULL,\n"
  "  n_mild         INTEGER NOT NULL,\n"
  "  n_moderate     INTEGER NOT NULL,\n"
  "  n_severe       INTEGER NOT NULL\n"
  ");\n"
  "CREATE INDEX outcome_courses_by_patient ON outcome_courses (patient_key, treatment_type,\n"
  "  product);\n"
  "\n"
  "INSERT INTO outcome_patients (id, sex, diagnosis, birth_date)\n"
  "  SELECT id, sex, diagnosis, birth_date FROM patients ORDER BY id;\n"
  "INSERT INTO outcome_visits (id, patient_key, visit_date)\n"
  "  SELECT v.id, o.key, v.visit_date FROM visits v JOIN outcome_patients o ON o.id = "
  "v.patient_id\n"
  "  ORDER BY o.key, v.visit_date, v.id;\n"
  "INSERT INTO outcome_values (region, patient_key, visit_date, visit_key, total_density,\n"
  "    terminal_density, vellus_density, mean_diameter_um, anagen_percent, fu_density, "
  "hair_count)\n"
  "  SELECT m.region, o.patient_key, o.visit_date, o.key, m.total_density, m.terminal_density,\n"
  "    m.vellus_density, m.mean_diameter_um, m.anagen_percent, m.fu_density, m.hair_count\n"
  "  FROM measurements m JOIN outcome_visits o ON o.id = m.visit_id\n"
  "  WHERE m.region IN " OUTCOME_REGIONS "\n"
  "  ORDER BY 1, 2, 3, 4;\n"
  "INSERT INTO outcome_salt (patient_key, visit_date, visit_key, salt)\n"
  "  SELECT o.patient_key, o.visit_date, o.key,\n"
  "    (40 * v.salt_top + 24 * v.salt_back + 18 * v.salt_right + 18 * v.salt_left) / 100.0\n"
  "  FROM visits v JOIN outcome_visits o ON o.id = v.id\n"
  "  WHERE v.salt_top IS NOT NULL AND v.salt_back IS NOT NULL AND v.salt_right IS NOT NULL\n"
  "    AND v.salt_left IS NOT NULL\n"
  "  ORDER BY 1, 2, 3;\n"
  "INSERT INTO outcome_courses (patient_key, treatment_type, product, first_session, n_sessions,\n"
  "    n_mild, n_moderate, n_severe)\n"
  "  SELECT o.key, s.treatment_type, s.product, min (s.session_date), count (DISTINCT s.id),\n"
  "    count (a.id) FILTER (WHERE a.severity = 'mild'),\n"
  "    count (a.id) FILTER (WHERE a.severity = 'moderate'),\n"
  "    count (a.id) FILTER (WHERE a.severity = 'severe')\n"
  "  FROM treatment_sessions s JOIN outcome_patients o ON o.id = s.patient_id\n"
  "  LEFT JOIN adverse_events a ON a.session_id = s.id\n"
  "  GROUP BY o.key, s.treatment_type, s.product ORDER BY o.key;\n"
  "DROP INDEX visits_for_outcomes;\n"
  "DROP INDEX measurements_by_region;\n"
  "\n"
  /* Patients: a deleted one takes everything of its key with it, whatever
   * order the deletes of its records cascade in. */
  "CREATE TRIGGER outcome_patients_insert AFTER INSERT ON patients BEGIN\n"
  "  INSERT INTO outcome_patients (id, sex, diagnosis, birth_date)\n"
  "  VALUES (NEW.id, NEW.sex, NEW.diagnosis, NEW.birth_date);\n"
  "END;\n"
  "CREATE TRIGGER outcome_patients_update AFTER UPDATE ON patients BEGIN\n"
  "  UPDATE outcome_patients SET id = NEW.id, sex = NEW.sex, diagnosis = NEW.diagnosis,\n"
  "    birth_date = NEW.birth_date WHERE id = OLD.id;\n"
  "END;\n"
  "CREATE TRIGGER outcome_patients_delete AFTER DELETE ON patients BEGIN\n"
  "  DELETE FROM outcome_values WHERE region IN " OUTCOME_REGIONS "\n"
  "    AND patient_key = (SELECT key FROM outcome_patients WHERE id = OLD.id);\n"
  "  DELETE FROM outcome_salt WHERE patient_key = (SELECT key FROM outcome_patients\n"
  "    WHERE id = OLD.id);\n"
  "  DELETE FROM outcome_visits WHERE patient_key = (SELECT key FROM outcome_patients\n"
  "    WHERE id = OLD.id);\n"
  "  DELETE FROM outcome_courses WHERE patient_key = (SELECT key FROM outcome_patients\n"
  "    WHERE id = OLD.id);\n"
  "  DELETE FROM outcome_patients WHERE id = OLD.id;\n"
  "END;\n"
  "\n"
  /* Visits: a visit moved to another date (or patient) moves its values;
   * a deleted one takes them with it, before or after its measurements. */
  "CREATE TRIGGER outcome_visits_insert AFTER INSERT ON visits BEGIN\n"
  "  INSERT INTO outcome_visits (id, patient_key, visit_date)\n"
  "  SELECT NEW.id, o.key, NEW.visit_date FROM outcome_patients o WHERE o.id = NEW.patient_id;\n"
  "  INSERT INTO outcome_salt (patient_key, visit_date, visit_key, salt)\n"
  "  SELECT o.patient_key, o.visit_date, o.key,\n"
  "    (40 * NEW.salt_top + 24 * NEW.salt_back + 18 * NEW.salt_right + 18 * NEW.salt_left) / "
  "100.0\n"
  "  FROM outcome_visits o WHERE o.id = NEW.id AND NEW.salt_top IS NOT NULL\n"
  "    AND NEW.salt_back IS NOT NULL AND NEW.salt_right IS NOT NULL AND NEW.salt_left IS NOT "
  "NULL;\n"
  "END;\n"
  "CREATE TRIGGER outcome_visits_update AFTER UPDATE ON visits BEGIN\n"
  "  DELETE FROM outcome_values WHERE (OLD.visit_date IS NOT NEW.visit_date\n"
  "      OR OLD.patient_id IS NOT NEW.patient_id OR OLD.id IS NOT NEW.id)\n"
  "    AND region IN " OUTCOME_REGIONS "\n"
  "    AND (patient_key, visit_date, visit_key) IN (SELECT patient_key, visit_date, key\n"
  "      FROM outcome_visits WHERE id = OLD.id);\n"
  "  DELETE FROM outcome_salt WHERE (patient_key, visit_date, visit_key)\n"
  "    IN (SELECT patient_key, visit_date, key FROM outcome_visits WHERE id = OLD.id);\n"
  "  UPDATE outcome_visits SET id = NEW.id, visit_date = NEW.visit_date,\n"
  "    patient_key = (SELECT key FROM outcome_patients WHERE id = NEW.patient_id)\n"
  "  WHERE id = OLD.id;\n"
  "  INSERT INTO outcome_values (region, patient_key, visit_date, visit_key,\n"
  "    total_density, terminal_density, vellus_density, mean_diameter_um, anagen_percent,\n"
  "    fu_density, hair_count)\n"
  "  SELECT m.region, o.patient_key, o.visit_date, o.key, m.total_density, m.terminal_density,\n"
  "    m.vellus_density, m.mean_diameter_um, m.anagen_percent, m.fu_density, m.hair_count\n"
  "  FROM outcome_visits o JOIN measurements m ON m.visit_id = o.id\n"
  "  WHERE o.id = NEW.id AND m.region IN " OUTCOME_REGIONS "\n"
  "    AND (OLD.visit_date IS NOT NEW.visit_date OR OLD.patient_id IS NOT NEW.patient_id\n"
  "      OR OLD.id IS NOT NEW.id);\n"
  "  INSERT INTO outcome_salt (patient_key, visit_date, visit_key, salt)\n"
  "  SELECT o.patient_key, o.visit_date, o.key,\n"
  "    (40 * NEW.salt_top + 24 * NEW.salt_back + 18 * NEW.salt_right + 18 * NEW.salt_left) / "
  "100.0\n"
  "  FROM outcome_visits o WHERE o.id = NEW.id AND NEW.salt_top IS NOT NULL\n"
  "    AND NEW.salt_back IS NOT NULL AND NEW.salt_right IS NOT NULL AND NEW.salt_left IS NOT "
  "NULL;\n"
  "END;\n"
  "CREATE TRIGGER outcome_visits_delete AFTER DELETE ON visits BEGIN\n"
  "  DELETE FROM outcome_values WHERE region IN " OUTCOME_REGIONS "\n"
  "    AND (patient_key, visit_date, visit_key) IN (SELECT patient_key, visit_date, key\n"
  "      FROM outcome_visits WHERE id = OLD.id);\n"
  "  DELETE FROM outcome_salt WHERE (patient_key, visit_date, visit_key)\n"
  "    IN (SELECT patient_key, visit_date, key FROM outcome_visits WHERE id = OLD.id);\n"
  "  DELETE FROM outcome_visits WHERE id = OLD.id;\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER outcome_measurements_insert AFTER INSERT ON measurements BEGIN\n"
  OUTCOME_VALUE ("NEW")
  "END;\n"
  "CREATE TRIGGER outcome_measurements_update AFTER UPDATE ON measurements BEGIN\n"
  "  DELETE FROM outcome_values WHERE region = OLD.region\n"
  "    AND (patient_key, visit_date, visit_key) IN (SELECT patient_key, visit_date, key\n"
  "      FROM outcome_visits WHERE id = OLD.visit_id);\n"
  OUTCOME_VALUE ("NEW")
  "END;\n"
  "CREATE TRIGGER outcome_measurements_delete AFTER DELETE ON measurements BEGIN\n"
  "  DELETE FROM outcome_values WHERE region = OLD.region\n"
  "    AND (patient_key, visit_date, visit_key) IN (SELECT patient_key, visit_date, key\n"
  "      FROM outcome_visits WHERE id = OLD.visit_id);\n"
  "END;\n"
  "\n"
  "CREATE TRIGGER outcome_sessions_insert AFTER INSERT ON treatment_sessions BEGIN\n"
  OUTCOME_COURSE ("NEW")
  "END;\n"
  "CREATE TRIGGER outcome_sessions_update AFTER UPDATE ON treatment_sessions BEGIN\n"
  OUTCOME_COURSE ("OLD")
  OUTCOME_COURSE ("NEW")
  "END;\n"
  "CREATE TRIGGER outcome_sessions_delete AFTER DELETE ON treatment_sessions BEGIN\n"
  OUTCOME_COURSE ("OLD")
  "END;\n"
  "CREATE TRIGGER outcome_adverse_events_insert AFTER INSERT ON adverse_events BEGIN\n"
  OUTCOME_EVENT_COURSE ("NEW")
  "END;\n"
  "CREATE TRIGGER outcome_adverse_events_update AFTER UPDATE ON adverse_events BEGIN\n"
  OUTCOME_EVENT_COURSE ("OLD")
  OUTCOME_EVENT_COURSE ("NEW")
  "END;\n"
  "CREATE TRIGGER outcome_adverse_events_delete AFTER DELETE ON adverse_events BEGIN\n"
  OUTCOME_EVENT_COURSE ("OLD")
  "END;\n"
  ,
};

guint
_fol_sqlite_schema_version (void)
{
  return G_N_ELEMENTS (migrations) - 1;
}

const char *
_fol_sqlite_migration (guint to_version)
{
  g_return_val_if_fail (to_version >= 1 && to_version < G_N_ELEMENTS (migrations), NULL);

  return migrations[to_version];
}

/* fol_search_key (name, diagnosis): the search key of a patient, for the
 * migration that fills the keys of the patients already written.
 */
static void
search_key_func (sqlite3_context *context,
                 int              argc,
                 sqlite3_value  **argv)
{
  g_autofree char *key = NULL;

  g_assert (argc == 2);
  key = fol_search_key_new ((const char *) sqlite3_value_text (argv[0]),
                            (const char *) sqlite3_value_text (argv[1]));
  sqlite3_result_text (context, key, -1, SQLITE_TRANSIENT);
}

/**
 * _fol_sqlite_migration_functions:
 * @install: %TRUE before running migrations, %FALSE after
 *
 * The SQL functions the migrations call, defined on @db only while they
 * run: no trigger or view may ever depend on them, so that the database
 * stays writable by any SQLite (the sqlite3 shell, a script).
 */
void
_fol_sqlite_migration_functions (sqlite3  *db,
                                 gboolean  install)
{
  g_return_if_fail (db != NULL);

  sqlite3_create_function_v2 (db, "fol_search_key", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                              install ? search_key_func : NULL, NULL, NULL, NULL);
}
