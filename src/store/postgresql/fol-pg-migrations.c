/* fol-pg-migrations.c
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

#include "config.h"

#include "fol-pg-migrations.h"

/* The numbered migrations of a clinic on a PostgreSQL server.
 * migrations[N] takes the database from follicle_schema.version N - 1 to N;
 * a released migration is never edited, a change is a new one at the end.
 *
 * The tables hold the same records as a SQLite clinic, with dates and
 * times as the same ISO 8601 text, so that a clinic moved between the two
 * exports the same files. What a server adds:
 *  - every record row has a version, raised by each update, so that a save
 *    based on an older version is refused instead of overwriting;
 *  - the audit log names the database user that made each change, and is
 *    written by a trigger function that runs with its owner's rights:
 *    clinicians (the follicle_clinician role) may read it, never change it;
 *  - each committed change is announced with NOTIFY on the channel
 *    "follicle", so that the other workstations show it.
 */
static const char * const migrations[] = {
  NULL,

  /* 1: the clinic schema */
  "CREATE TABLE clinic (\n"
  "  id    integer PRIMARY KEY CHECK (id = 1),\n"
  "  uuid  text NOT NULL CHECK (length (uuid) = 36)\n"
  ");\n"
  "INSERT INTO clinic (id, uuid) VALUES (1, gen_random_uuid ()::text);\n"
  "\n"
  "CREATE TABLE patients (\n"
  "  seq         bigserial UNIQUE NOT NULL,\n"
  "  id          text PRIMARY KEY,\n"
  "  name        text NOT NULL CHECK (length (name) > 0),\n"
  "  sort_name   text NOT NULL,\n"
  "  birth_date  text,\n"
  "  sex         text,\n"
  "  diagnosis   text,\n"
  "  notes       text,\n"
  "  created_at  text NOT NULL,\n"
  "  updated_at  text NOT NULL,\n"
  "  version     bigint NOT NULL DEFAULT 1\n"
  ");\n"
  "CREATE INDEX patients_by_sort_name ON patients (sort_name, id);\n"
  "\n"
  "CREATE TABLE patient_sites (\n"
  "  patient_id  text NOT NULL REFERENCES patients (id) ON DELETE CASCADE,\n"
  "  region      text NOT NULL,\n"
  "  description text NOT NULL,\n"
  "  PRIMARY KEY (patient_id, region)\n"
  ");\n"
  "\n"
  "CREATE TABLE visits (\n"
  "  id                      text PRIMARY KEY,\n"
  "  patient_id              text NOT NULL REFERENCES patients (id) ON DELETE CASCADE,\n"
  "  visit_date              text NOT NULL,\n"
  "  kind                    text NOT NULL,\n"
  "  clinician               text,\n"
  "  norwood                 text,\n"
  "  ludwig                  text,\n"
  "  sinclair                integer CHECK (sinclair BETWEEN 1 AND 5),\n"
  "  salt_top                integer CHECK (salt_top BETWEEN 0 AND 100),\n"
  "  salt_back               integer CHECK (salt_back BETWEEN 0 AND 100),\n"
  "  salt_right              integer CHECK (salt_right BETWEEN 0 AND 100),\n"
  "  salt_left               integer CHECK (salt_left BETWEEN 0 AND 100),\n"
  "  investigator_assessment integer CHECK (investigator_assessment BETWEEN -3 AND 3),\n"
  "  patient_assessment      integer CHECK (patient_assessment BETWEEN -3 AND 3),\n"
  "  notes                   text,\n"
  "  created_at              text NOT NULL,\n"
  "  updated_at              text NOT NULL,\n"
  "  version                 bigint NOT NULL DEFAULT 1\n"
  ");\n"
  "CREATE INDEX visits_by_patient ON visits (patient_id, visit_date);\n"
  "\n"
  "CREATE TABLE measurements (\n"
  "  visit_id              text NOT NULL REFERENCES visits (id) ON DELETE CASCADE,\n"
  "  region                text NOT NULL,\n"
  "  hair_count            integer CHECK (hair_count BETWEEN 0 AND 2000),\n"
  "  field_area_cm2        double precision CHECK (field_area_cm2 > 0 AND field_area_cm2 <= 10),\n"
  "  total_density         double precision CHECK (total_density BETWEEN 0 AND 600),\n"
  "  terminal_density      double precision CHECK (terminal_density BETWEEN 0 AND 600),\n"
  "  vellus_density        double precision CHECK (vellus_density BETWEEN 0 AND 600),\n"
  "  terminal_threshold_um double precision,\n"
  "  mean_diameter_um      double precision CHECK (mean_diameter_um BETWEEN 10 AND 200),\n"
  "  anagen_percent        double precision CHECK (anagen_percent BETWEEN 0 AND 100),\n"
  "  fu_density            double precision CHECK (fu_density BETWEEN 0 AND 300),\n"
  "  method                text,\n"
  "  notes                 text,\n"
  "  PRIMARY KEY (visit_id, region)\n"
  ");\n"
  "\n"
  "CREATE TABLE treatment_sessions (\n"
  "  id             text PRIMARY KEY,\n"
  "  patient_id     text NOT NULL REFERENCES patients (id) ON DELETE CASCADE,\n"
  "  session_date   text NOT NULL,\n"
  "  treatment_type text NOT NULL,\n"
  "  product        text,\n"
  "  lot_number     text,\n"
  "  volume_ml      double precision,\n"
  "  dose           text,\n"
  "  depth_mm       double precision,\n"
  "  anaesthesia    text,\n"
  "  clinician      text,\n"
  "  notes          text,\n"
  "  created_at     text NOT NULL,\n"
  "  updated_at     text NOT NULL,\n"
  "  version        bigint NOT NULL DEFAULT 1\n"
  ");\n"
  "CREATE INDEX treatment_sessions_by_patient ON treatment_sessions (patient_id, session_date);\n"
  "\n"
  "CREATE TABLE session_regions (\n"
  "  session_id text NOT NULL REFERENCES treatment_sessions (id) ON DELETE CASCADE,\n"
  "  region     text NOT NULL,\n"
  "  PRIMARY KEY (session_id, region)\n"
  ");\n"
  "\n"
  "CREATE TABLE adverse_events (\n"
  "  id          text PRIMARY KEY,\n"
  "  session_id  text NOT NULL REFERENCES treatment_sessions (id) ON DELETE CASCADE,\n"
  "  position    integer NOT NULL,\n"
  "  description text NOT NULL,\n"
  "  severity    text NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe'))\n"
  ");\n"
  "CREATE INDEX adverse_events_by_session ON adverse_events (session_id, position);\n"
  "\n"
  "CREATE TABLE photos (\n"
  "  id            text PRIMARY KEY,\n"
  "  visit_id      text NOT NULL REFERENCES visits (id) ON DELETE CASCADE,\n"
  "  region        text NOT NULL,\n"
  "  sha256        text NOT NULL,\n"
  "  original_name text,\n"
  "  taken_at      text,\n"
  "  width         integer NOT NULL CHECK (width > 0),\n"
  "  height        integer NOT NULL CHECK (height > 0),\n"
  "  px_per_mm     double precision CHECK (px_per_mm > 0),\n"
  "  created_at    text NOT NULL,\n"
  "  version       bigint NOT NULL DEFAULT 1\n"
  ");\n"
  "CREATE INDEX photos_by_visit ON photos (visit_id, region);\n"
  "CREATE INDEX photos_by_sha256 ON photos (sha256);\n"
  "\n"
  /* Photo files themselves, content-addressed, so that a photo taken in
   * one room shows in another. */
  "CREATE TABLE photo_files (\n"
  "  sha256 text PRIMARY KEY CHECK (length (sha256) = 64),\n"
  "  bytes  bytea NOT NULL\n"
  ");\n"
  "\n"
  "CREATE TABLE photo_fields (\n"
  "  photo_id text PRIMARY KEY REFERENCES photos (id) ON DELETE CASCADE,\n"
  "  shape    text NOT NULL CHECK (shape IN ('square', 'circle')),\n"
  "  centre_x double precision NOT NULL,\n"
  "  centre_y double precision NOT NULL,\n"
  "  size_mm  double precision NOT NULL CHECK (size_mm > 0)\n"
  ");\n"
  "\n"
  "CREATE TABLE photo_marks (\n"
  "  photo_id text NOT NULL REFERENCES photos (id) ON DELETE CASCADE,\n"
  "  position integer NOT NULL,\n"
  "  x        double precision NOT NULL,\n"
  "  y        double precision NOT NULL,\n"
  "  PRIMARY KEY (photo_id, position)\n"
  ");\n"
  "\n"
  "CREATE TABLE audit_log (\n"
  "  id         bigserial PRIMARY KEY,\n"
  "  at         text NOT NULL,\n"
  "  db_user    text NOT NULL,\n"
  "  action     text NOT NULL,\n"
  "  entity     text NOT NULL,\n"
  "  entity_id  text NOT NULL,\n"
  "  patient_id text,\n"
  "  before     jsonb,\n"
  "  after      jsonb\n"
  ");\n"
  "CREATE INDEX audit_log_by_entity ON audit_log (entity_id);\n"
  "CREATE INDEX audit_log_by_patient ON audit_log (patient_id);\n"
  "\n"
  /* One trigger function for every audited table. It runs with the rights
   * of the schema's owner (SECURITY DEFINER), so that clinicians need no
   * right to write the log themselves. The patient a row belongs to is
   * found the way each table links to its patient. */
  "CREATE FUNCTION follicle_audit () RETURNS trigger\n"
  "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$\n"
  "DECLARE\n"
  "  r jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb (OLD) ELSE to_jsonb (NEW) END;\n"
  "  entity_id text;\n"
  "  patient text;\n"
  "BEGIN\n"
  "  CASE TG_TABLE_NAME\n"
  "    WHEN 'patients' THEN\n"
  "      entity_id := r->>'id'; patient := r->>'id';\n"
  "    WHEN 'patient_sites' THEN\n"
  "      entity_id := (r->>'patient_id') || '/' || (r->>'region'); patient := r->>'patient_id';\n"
  "    WHEN 'visits', 'treatment_sessions' THEN\n"
  "      entity_id := r->>'id'; patient := r->>'patient_id';\n"
  "    WHEN 'measurements' THEN\n"
  "      entity_id := (r->>'visit_id') || '/' || (r->>'region');\n"
  "      SELECT v.patient_id INTO patient FROM visits v WHERE v.id = r->>'visit_id';\n"
  "    WHEN 'session_regions' THEN\n"
  "      entity_id := (r->>'session_id') || '/' || (r->>'region');\n"
  "      SELECT s.patient_id INTO patient FROM treatment_sessions s WHERE s.id = r->>'session_id';\n"
  "    WHEN 'adverse_events' THEN\n"
  "      entity_id := r->>'id';\n"
  "      SELECT s.patient_id INTO patient FROM treatment_sessions s WHERE s.id = r->>'session_id';\n"
  "    WHEN 'photos' THEN\n"
  "      entity_id := r->>'id';\n"
  "      SELECT v.patient_id INTO patient FROM visits v WHERE v.id = r->>'visit_id';\n"
  "    WHEN 'photo_fields' THEN\n"
  "      entity_id := r->>'photo_id';\n"
  "      SELECT v.patient_id INTO patient FROM photos p JOIN visits v ON v.id = p.visit_id\n"
  "        WHERE p.id = r->>'photo_id';\n"
  "    WHEN 'photo_marks' THEN\n"
  "      entity_id := (r->>'photo_id') || '/' || (r->>'position');\n"
  "      SELECT v.patient_id INTO patient FROM photos p JOIN visits v ON v.id = p.visit_id\n"
  "        WHERE p.id = r->>'photo_id';\n"
  "  END CASE;\n"
  "  INSERT INTO audit_log (at, db_user, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (to_char (clock_timestamp () AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),\n"
  "          session_user, lower (TG_OP), TG_TABLE_NAME, entity_id, patient,\n"
  "          CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb (OLD) END,\n"
  "          CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb (NEW) END);\n"
  "  RETURN NULL;\n"
  "END;\n"
  "$$;\n"
  "\n"
  "DO $$\n"
  "DECLARE t text;\n"
  "BEGIN\n"
  "  FOREACH t IN ARRAY ARRAY['patients', 'patient_sites', 'visits', 'measurements',\n"
  "                           'treatment_sessions', 'session_regions', 'adverse_events',\n"
  "                           'photos', 'photo_fields', 'photo_marks'] LOOP\n"
  "    EXECUTE format ('CREATE TRIGGER audit_%1$s AFTER INSERT OR UPDATE OR DELETE ON %1$I\n"
  "                     FOR EACH ROW EXECUTE FUNCTION follicle_audit ()', t);\n"
  "  END LOOP;\n"
  "END;\n"
  "$$;\n"
  "\n"
  /* What changed, for the other workstations: sent when the transaction
   * commits, once per patient and kind of record. */
  "CREATE FUNCTION follicle_notify () RETURNS trigger\n"
  "LANGUAGE plpgsql AS $$\n"
  "DECLARE\n"
  "  r jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb (OLD) ELSE to_jsonb (NEW) END;\n"
  "  patient text;\n"
  "BEGIN\n"
  "  IF TG_TABLE_NAME = 'patients' THEN\n"
  "    patient := r->>'id';\n"
  "  ELSIF TG_TABLE_NAME = 'photos' THEN\n"
  "    SELECT v.patient_id INTO patient FROM visits v WHERE v.id = r->>'visit_id';\n"
  "  ELSE\n"
  "    patient := r->>'patient_id';\n"
  "  END IF;\n"
  "  PERFORM pg_notify ('follicle', TG_TABLE_NAME || ' ' || coalesce (patient, ''));\n"
  "  RETURN NULL;\n"
  "END;\n"
  "$$;\n"
  "\n"
  "CREATE TRIGGER notify_patients AFTER INSERT OR UPDATE OR DELETE ON patients\n"
  "  FOR EACH ROW EXECUTE FUNCTION follicle_notify ();\n"
  "CREATE TRIGGER notify_visits AFTER INSERT OR UPDATE OR DELETE ON visits\n"
  "  FOR EACH ROW EXECUTE FUNCTION follicle_notify ();\n"
  "CREATE TRIGGER notify_treatment_sessions AFTER INSERT OR UPDATE OR DELETE ON treatment_sessions\n"
  "  FOR EACH ROW EXECUTE FUNCTION follicle_notify ();\n"
  "CREATE TRIGGER notify_photos AFTER INSERT OR UPDATE OR DELETE ON photos\n"
  "  FOR EACH ROW EXECUTE FUNCTION follicle_notify ();\n"
  "\n"
  /* The clinicians' role: records yes, the audit log read-only. */
  "DO $$\n"
  "BEGIN\n"
  "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'follicle_clinician') THEN\n"
  "    CREATE ROLE follicle_clinician NOLOGIN;\n"
  "  END IF;\n"
  "END;\n"
  "$$;\n"
  "REVOKE ALL ON audit_log FROM PUBLIC;\n"
  "GRANT SELECT ON audit_log TO follicle_clinician;\n"
  "GRANT SELECT ON clinic, follicle_schema TO follicle_clinician;\n"
  "GRANT SELECT, INSERT, UPDATE, DELETE ON patients, patient_sites, visits, measurements,\n"
  "  treatment_sessions, session_regions, adverse_events, photos, photo_files, photo_fields,\n"
  "  photo_marks TO follicle_clinician;\n"
  "GRANT USAGE ON SEQUENCE patients_seq_seq TO follicle_clinician;\n"
  ,

  /* 2: patient search through the key the core computes (fol-search-key):
   * each word of a patient's key in patient_words, compared as bytes, so
   * that a word prefix is a range of its primary key's index, as on a
   * workstation. The key is derived, kept by a trigger, and compared and
   * sorted as bytes like the names. */
  "ALTER TABLE patients ADD COLUMN search_key text NOT NULL DEFAULT '';\n"
  "ALTER TABLE patients ALTER COLUMN sort_name TYPE text COLLATE \"C\";\n"
  "\n"
  "CREATE TABLE patient_words (\n"
  "  word       text COLLATE \"C\" NOT NULL,\n"
  "  patient_id text NOT NULL REFERENCES patients (id) ON DELETE CASCADE ON UPDATE CASCADE,\n"
  "  PRIMARY KEY (word, patient_id)\n"
  ");\n"
  "CREATE INDEX patient_words_by_patient ON patient_words (patient_id);\n"
  "\n"
  "CREATE FUNCTION follicle_patient_words () RETURNS trigger\n"
  "LANGUAGE plpgsql AS $$\n"
  "BEGIN\n"
  "  IF TG_OP = 'UPDATE' THEN\n"
  "    IF OLD.search_key = NEW.search_key THEN\n"
  "      RETURN NULL;\n"
  "    END IF;\n"
  "    DELETE FROM patient_words WHERE patient_id = NEW.id;\n"
  "  END IF;\n"
  "  INSERT INTO patient_words (word, patient_id)\n"
  "    SELECT DISTINCT w, NEW.id FROM regexp_split_to_table (NEW.search_key, ' ') w\n"
  "    WHERE w <> '';\n"
  "  RETURN NULL;\n"
  "END;\n"
  "$$;\n"
  "CREATE TRIGGER patient_words AFTER INSERT OR UPDATE OF search_key ON patients\n"
  "  FOR EACH ROW EXECUTE FUNCTION follicle_patient_words ();\n"
  "GRANT SELECT, INSERT, UPDATE, DELETE ON patient_words TO follicle_clinician;\n"
  ,

  /* 3: photos on the server. photo_files holds each photo's bytes once,
   * named by their SHA-256, which the server checks; a photo needs its
   * bytes there, and they leave with the last photo that shows them (when
   * a photo of the same content is being saved at that moment, they stay).
   * Bytes never change: clinicians may add and remove them, not alter
   * them. Their coming and going is audited by name and size, without
   * copying the bytes into the log. A count changed on a photo is
   * announced as a change of the patient's photos, as the photo itself is;
   * the bytes change only with a photo, whose notice tells it. */
  "ALTER TABLE photo_files ADD CONSTRAINT photo_files_named_by_content\n"
  "  CHECK (sha256 ~ '^[0-9a-f]{64}$' AND encode (sha256 (bytes), 'hex') = sha256);\n"
  "ALTER TABLE photos ADD CONSTRAINT photos_content FOREIGN KEY (sha256)\n"
  "  REFERENCES photo_files (sha256);\n"
  "\n"
  "CREATE FUNCTION follicle_photo_file_release () RETURNS trigger\n"
  "LANGUAGE plpgsql AS $$\n"
  "BEGIN\n"
  "  DELETE FROM photo_files f WHERE f.sha256 = OLD.sha256\n"
  "    AND NOT EXISTS (SELECT FROM photos p WHERE p.sha256 = OLD.sha256);\n"
  "  RETURN NULL;\n"
  "EXCEPTION WHEN foreign_key_violation THEN\n"
  "  RETURN NULL;\n"
  "END;\n"
  "$$;\n"
  "CREATE TRIGGER photo_file_release AFTER DELETE OR UPDATE OF sha256 ON photos\n"
  "  FOR EACH ROW EXECUTE FUNCTION follicle_photo_file_release ();\n"
  "\n"
  "CREATE FUNCTION follicle_audit_photo_file () RETURNS trigger\n"
  "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$\n"
  "BEGIN\n"
  "  INSERT INTO audit_log (at, db_user, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (to_char (clock_timestamp () AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),\n"
  "          session_user, lower (TG_OP), TG_TABLE_NAME,\n"
  "          CASE WHEN TG_OP = 'DELETE' THEN OLD.sha256 ELSE NEW.sha256 END, NULL,\n"
  "          CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE\n"
  "            jsonb_build_object ('sha256', OLD.sha256, 'size', octet_length (OLD.bytes)) END,\n"
  "          CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE\n"
  "            jsonb_build_object ('sha256', NEW.sha256, 'size', octet_length (NEW.bytes)) END);\n"
  "  RETURN NULL;\n"
  "END;\n"
  "$$;\n"
  "CREATE TRIGGER audit_photo_files AFTER INSERT OR UPDATE OR DELETE ON photo_files\n"
  "  FOR EACH ROW EXECUTE FUNCTION follicle_audit_photo_file ();\n"
  "\n"
  "CREATE FUNCTION follicle_notify_photo_count () RETURNS trigger\n"
  "LANGUAGE plpgsql AS $$\n"
  "DECLARE\n"
  "  photo text := CASE WHEN TG_OP = 'DELETE' THEN OLD.photo_id ELSE NEW.photo_id END;\n"
  "  patient text;\n"
  "BEGIN\n"
  "  SELECT v.patient_id INTO patient FROM photos p JOIN visits v ON v.id = p.visit_id\n"
  "    WHERE p.id = photo;\n"
  "  IF patient IS NOT NULL THEN\n"
  "    PERFORM pg_notify ('follicle', 'photos ' || patient);\n"
  "  END IF;\n"
  "  RETURN NULL;\n"
  "END;\n"
  "$$;\n"
  "CREATE TRIGGER notify_photo_fields AFTER INSERT OR UPDATE OR DELETE ON photo_fields\n"
  "  FOR EACH ROW EXECUTE FUNCTION follicle_notify_photo_count ();\n"
  "CREATE TRIGGER notify_photo_marks AFTER INSERT OR UPDATE OR DELETE ON photo_marks\n"
  "  FOR EACH ROW EXECUTE FUNCTION follicle_notify_photo_count ();\n"
  "\n"
  /* Locking a row (a save keeps the bytes it refers to) needs the right
   * to update it: the name alone, which the check above holds to the
   * bytes. */
  "REVOKE UPDATE ON photo_files FROM follicle_clinician;\n"
  "GRANT UPDATE (sha256) ON photo_files TO follicle_clinician;\n"
  ,

  /* 4: the telogen percentage of a region, entered beside anagen, and the
   * AA-IGA grade of a visit (alopecia areata), beside SALT. The audit
   * trigger records whole rows, new columns included. */
  "ALTER TABLE measurements ADD COLUMN IF NOT EXISTS telogen_percent double precision\n"
  "  CHECK (telogen_percent BETWEEN 0 AND 100);\n"
  "ALTER TABLE visits ADD COLUMN IF NOT EXISTS aa_iga integer CHECK (aa_iga BETWEEN 0 AND 4);\n"
  ,

  /* 5: clinic outcomes read every
   * treated patient's values of one region in patient order; both from
   * indexes alone (index-only scans once the table is vacuumed).
   */
  "CREATE INDEX visits_for_outcomes ON visits (patient_id COLLATE \"C\", visit_date, id);\n"
  "CREATE INDEX measurements_by_region ON measurements (region, visit_id) INCLUDE (total_density,\n"
  "  terminal_density, vellus_density, mean_diameter_um, anagen_percent, fu_density,\n"
  "  hair_count);\n"
  ,

  /* 6: the ID of every save, written in the save's own transaction, so
   * that a save retried after its answer was lost is not applied twice. */
  "CREATE TABLE applied_writes (\n"
  "  id      text PRIMARY KEY,\n"
  "  at      text NOT NULL,\n"
  "  db_user text NOT NULL DEFAULT session_user\n"
  ");\n"
  "GRANT SELECT, INSERT ON applied_writes TO follicle_clinician;\n"
  ,

  /* 7: treatment protocols, as in a SQLite clinic: the clinic's plans (the
   * steps as text, fol_protocol_steps_to_text ()) and their assignments
   * to patients, which are audited like every record of a patient (by a
   * function of their own, so that the shared one stays as released) and
   * announced to the other workstations. */
  "CREATE TABLE protocols (\n"
  "  id          text PRIMARY KEY,\n"
  "  name        text NOT NULL UNIQUE CHECK (length (name) > 0),\n"
  "  description text,\n"
  "  steps       text NOT NULL,\n"
  "  example     integer NOT NULL DEFAULT 0 CHECK (example IN (0, 1)),\n"
  "  created_at  text NOT NULL,\n"
  "  updated_at  text NOT NULL,\n"
  "  version     bigint NOT NULL DEFAULT 1\n"
  ");\n"
  "\n"
  "CREATE TABLE protocol_assignments (\n"
  "  id          text PRIMARY KEY,\n"
  "  patient_id  text NOT NULL REFERENCES patients (id) ON DELETE CASCADE,\n"
  "  protocol_id text NOT NULL REFERENCES protocols (id),\n"
  "  start_date  text NOT NULL,\n"
  "  created_at  text NOT NULL,\n"
  "  updated_at  text NOT NULL,\n"
  "  version     bigint NOT NULL DEFAULT 1\n"
  ");\n"
  "CREATE INDEX protocol_assignments_by_patient ON protocol_assignments (patient_id, start_date);\n"
  "CREATE INDEX protocol_assignments_by_protocol ON protocol_assignments (protocol_id);\n"
  "\n"
  "CREATE FUNCTION follicle_audit_protocol_assignments () RETURNS trigger\n"
  "LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$\n"
  "DECLARE\n"
  "  r jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb (OLD) ELSE to_jsonb (NEW) END;\n"
  "BEGIN\n"
  "  INSERT INTO audit_log (at, db_user, action, entity, entity_id, patient_id, before, after)\n"
  "  VALUES (to_char (clock_timestamp () AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'),\n"
  "          session_user, lower (TG_OP), TG_TABLE_NAME, r->>'id', r->>'patient_id',\n"
  "          CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb (OLD) END,\n"
  "          CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb (NEW) END);\n"
  "  RETURN NULL;\n"
  "END;\n"
  "$$;\n"
  "CREATE TRIGGER audit_protocol_assignments AFTER INSERT OR UPDATE OR DELETE\n"
  "  ON protocol_assignments FOR EACH ROW EXECUTE FUNCTION follicle_audit_protocol_assignments ();\n"
  "\n"
  "CREATE TRIGGER notify_protocols AFTER INSERT OR UPDATE OR DELETE ON protocols\n"
  "  FOR EACH ROW EXECUTE FUNCTION follicle_notify ();\n"
  "CREATE TRIGGER notify_protocol_assignments AFTER INSERT OR UPDATE OR DELETE\n"
  "  ON protocol_assignments FOR EACH ROW EXECUTE FUNCTION follicle_notify ();\n"
  "\n"
  "GRANT SELECT, INSERT, UPDATE, DELETE ON protocols, protocol_assignments TO follicle_clinician;\n"
  ,

  /* 8: a search also finds the patients whose ID starts with what is
   * typed: a range of IDs compared as bytes, read from an index. */
  "CREATE INDEX patients_by_id_bytes ON patients (id COLLATE \"C\");\n"
  ,

  /* 9: what was suggested versus confirmed, kept with the marks: each
   * mark's origin (by hand, a suggestion accepted as it was or moved, or a
   * suggestion the clinician rejected, kept but never counted) and its
   * estimated shaft diameter in µm. Earlier marks have no recorded origin
   * (NULL). The audit trigger records whole rows, new columns included. */
  "ALTER TABLE photo_marks ADD COLUMN IF NOT EXISTS origin text\n"
  "  CHECK (origin IN ('hand', 'suggested', 'suggested_moved', 'rejected'));\n"
  "ALTER TABLE photo_marks ADD COLUMN IF NOT EXISTS diameter_um double precision\n"
  "  CHECK (diameter_um > 0);\n"
  ,
};

guint
_fol_pg_schema_version (void)
{
  return G_N_ELEMENTS (migrations) - 1;
}

const char *
_fol_pg_migration (guint to_version)
{
  g_return_val_if_fail (to_version >= 1 && to_version < G_N_ELEMENTS (migrations), NULL);

  return migrations[to_version];
}
