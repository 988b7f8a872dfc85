/* fol-csv-import.c
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

#define G_LOG_DOMAIN "fol-csv-import"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-catalog.h"
#include "fol-csv-private.h"
#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-validate.h"

/* Importing is two steps. The preview reads the whole file, checks every
 * row with the same rules as the forms (fol-validate) and lists what would
 * be created, updated or left unchanged, and every row it refuses, with its
 * line and why. A refused row changes nothing, not even the patient it
 * names. Nothing is written until fol_csv_import_commit(), which takes the
 * write lock, makes the same plan again inside that transaction (matching
 * included, so two imports at once cannot both create a patient) and
 * writes it only when it is still what the preview promised; records that
 * are unchanged are not written at all.
 *
 * Records are matched by their IDs when the file has them (a Follicle
 * export); otherwise a patient by name and date of birth, a visit by
 * patient and date and a treatment session by patient, date and type, so
 * that re-importing a spreadsheet updates rather than duplicates. An ID
 * naming a stored patient of another name and another date of birth is a
 * conflict, refused. Columns missing from the file leave the stored values
 * alone; an empty cell clears a value.
 */

G_DEFINE_FINAL_TYPE (FolCsvPreview, fol_csv_preview, G_TYPE_OBJECT)

static void
pending_patient_free (gpointer data)
{
  PendingPatient *p = data;

  g_object_unref (p->patient);
  g_free (p);
}

static void
pending_visit_free (gpointer data)
{
  PendingVisit *v = data;

  g_object_unref (v->visit);
  g_ptr_array_unref (v->measurements);
  g_clear_pointer (&v->changed, g_ptr_array_unref);
  g_free (v);
}

static void
pending_session_free (gpointer data)
{
  PendingSession *s = data;

  g_object_unref (s->session);
  g_free (s);
}

static void
rejected_clear (gpointer data)
{
  Rejected *r = data;

  g_free (r->reason);
}

static void
fol_csv_preview_finalize (GObject *object)
{
  FolCsvPreview *self = FOL_CSV_PREVIEW (object);

  g_clear_object (&self->store);
  g_hash_table_unref (self->patients);
  g_ptr_array_unref (self->patient_order);
  g_hash_table_unref (self->patient_keys);
  g_hash_table_unref (self->histories);
  g_hash_table_unref (self->visits);
  g_ptr_array_unref (self->visit_order);
  g_hash_table_unref (self->visit_keys);
  g_ptr_array_unref (self->sessions);
  g_hash_table_unref (self->session_ids);
  g_array_unref (self->rejected);
  g_ptr_array_unref (self->ignored);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_ptr_array_unref (self->new_ids);
  _fol_csv_protocols_clear (self);

  G_OBJECT_CLASS (fol_csv_preview_parent_class)->finalize (object);
}

static void
fol_csv_preview_class_init (FolCsvPreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fol_csv_preview_finalize;
}

static void
fol_csv_preview_init (FolCsvPreview *self)
{
  self->patients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pending_patient_free);
  self->patient_order = g_ptr_array_new_with_free_func (g_free);
  self->patient_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->histories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->visits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pending_visit_free);
  self->visit_order = g_ptr_array_new_with_free_func (g_free);
  self->visit_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->sessions = g_ptr_array_new_with_free_func (pending_session_free);
  self->session_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  _fol_csv_protocols_init (self);
  self->rejected = g_array_new (FALSE, TRUE, sizeof (Rejected));
  g_array_set_clear_func (self->rejected, rejected_clear);
  self->ignored = g_ptr_array_new_with_free_func (g_free);
  self->new_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < FOL_CSV_N_COLUMNS; i++)
    self->map[i] = -1;
}


/* Patients */

/* The ID of a new record. Made again inside the write transaction, the
 * plan gives its new records the IDs the preview showed.
 */
char *
_fol_csv_new_id (FolCsvPreview *self)
{
  char *id;

  if (self->next_new_id < self->new_ids->len)
    return g_strdup (g_ptr_array_index (self->new_ids, self->next_new_id++));

  id = g_uuid_string_random ();
  g_ptr_array_add (self->new_ids, g_strdup (id));
  self->next_new_id++;
  return id;
}

static char *
name_key (const char *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
}

static char *
patient_key (const char *name,
             FolDate     birth)
{
  g_autofree char *key = name_key (name);

  return g_strdup_printf ("%s\n%u", key, birth);
}

FolHistory *
_fol_csv_stored_history (FolCsvPreview *self,
                         const char    *patient_id)
{
  FolHistory *history = g_hash_table_lookup (self->histories, patient_id);

  if (history == NULL)
    {
      history = fol_store_load_history (self->store, patient_id, NULL);
      if (history == NULL)
        return NULL;
      g_hash_table_insert (self->histories, g_strdup (patient_id), history);
    }
  return history;
}

/* A row naming a patient by ID whose name and date of birth both differ
 * from that patient's is about someone else: never merge two people.
 */
static gboolean
check_same_person (RowCtx      *row,
                   const char  *id,
                   FolPatient  *known,
                   const char  *name,
                   FolDate      birth,
                   GError     **error)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *known_birth = NULL;
  g_autofree char *file_birth = NULL;
  FolDate stored = fol_patient_get_birth_date (known);

  if (name == NULL || birth == FOL_DATE_NONE || stored == FOL_DATE_NONE || birth == stored)
    return TRUE;
  a = name_key (name);
  b = name_key (fol_patient_get_name (known));
  if (g_strcmp0 (a, b) == 0)
    return TRUE;

  known_birth = fol_date_to_iso (stored);
  file_birth = fol_date_to_iso (birth);
  row->conflict = TRUE;
  g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
               _("Conflict: ID “%s” is “%s”, born %s, but this row names “%s”, born %s; "
                 "nothing is merged: correct the ID or the row"),
               id, fol_patient_get_name (known), known_birth, name, file_birth);
  return FALSE;
}

/* The date of birth is not after the patient's stored records. */
static gboolean
check_birth (FolCsvPreview  *self,
             FolPatient     *patient,
             GError        **error)
{
  FolHistory *history = _fol_csv_stored_history (self, fol_patient_get_id (patient));
  FolDate first = FOL_DATE_NONE;

  for (guint i = 0; history != NULL && i < fol_history_get_n_visits (history); i++)
    {
      FolDate d = fol_visit_get_date (fol_history_get_visit (history, i));

      if (d != FOL_DATE_NONE && (first == FOL_DATE_NONE || d < first))
        first = d;
    }
  for (guint i = 0; history != NULL && i < fol_history_get_n_sessions (history); i++)
    {
      FolDate d = fol_treatment_session_get_date (fol_history_get_session (history, i));

      if (d != FOL_DATE_NONE && (first == FOL_DATE_NONE || d < first))
        first = d;
    }
  return fol_patient_validate_birth (patient, first, NULL, error);
}

static gboolean
apply_patient_columns (RowCtx      *row,
                       FolPatient  *patient,
                       GError     **error)
{
  g_autofree char *name = _fol_csv_cell_text (row, FOL_CSV_COL_PATIENT_NAME);
  g_autofree char *sex = NULL;
  g_autofree char *diagnosis = NULL;
  FolDate birth;

  if (name != NULL)
    fol_patient_set_name (patient, name);
  if (_fol_csv_has_column (row, FOL_CSV_COL_BIRTH_DATE))
    {
      if (!_fol_csv_cell_date (row, FOL_CSV_COL_BIRTH_DATE, &birth, error))
        return FALSE;
      fol_patient_set_birth_date (patient, birth);
    }
  if (_fol_csv_has_column (row, FOL_CSV_COL_SEX))
    {
      if (!_fol_csv_cell_choice (row, FOL_CSV_COL_SEX, FOL_CATALOG_SEX, &sex, error))
        return FALSE;
      fol_patient_set_sex (patient, sex);
    }
  if (_fol_csv_has_column (row, FOL_CSV_COL_DIAGNOSIS))
    {
      if (!_fol_csv_cell_choice (row, FOL_CSV_COL_DIAGNOSIS, FOL_CATALOG_DIAGNOSIS, &diagnosis, error))
        return FALSE;
      fol_patient_set_diagnosis (patient, diagnosis);
    }
  if (_fol_csv_has_column (row, FOL_CSV_COL_PATIENT_NOTES))
    {
      g_autofree char *notes = _fol_csv_cell_text (row, FOL_CSV_COL_PATIENT_NOTES);

      fol_patient_set_notes (patient, notes);
    }

  return fol_patient_validate (patient, NULL, error);
}

/* Finds or makes the row's patient. The first row of a patient sets its
 * columns; later rows only refer to it. A patient met for the first time
 * is staged in @row, and kept only when the whole row is accepted.
 */
PendingPatient *
_fol_csv_resolve_patient (RowCtx  *row,
                          GError **error)
{
  FolCsvPreview *self = row->self;
  g_autofree char *id = _fol_csv_cell_text (row, FOL_CSV_COL_PATIENT_ID);
  g_autofree char *name = _fol_csv_cell_text (row, FOL_CSV_COL_PATIENT_NAME);
  g_autoptr(FolPatient) patient = NULL;
  PendingPatient *pending;
  FolDate birth = FOL_DATE_NONE;
  gboolean by_id = id != NULL;
  gboolean is_new = FALSE;

  if (row->staged != NULL)
    return row->staged;

  if (id == NULL && name == NULL)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                   _("The row names no patient (patient_id or patient_name)"));
      return NULL;
    }

  if (!_fol_csv_cell_date (row, FOL_CSV_COL_BIRTH_DATE, &birth, error))
    return NULL;

  if (id == NULL)
    {
      g_autofree char *key = patient_key (name, birth);

      id = g_strdup (g_hash_table_lookup (self->patient_keys, key));
      if (id == NULL)
        id = fol_store_find_patient (self->store, name, birth, NULL);
    }

  if (id != NULL && (pending = g_hash_table_lookup (self->patients, id)) != NULL)
    {
      if (by_id && !check_same_person (row, id, pending->patient, name, birth, error))
        return NULL;
      return pending;
    }

  if (id != NULL)
    patient = fol_store_get_patient (self->store, id, NULL);

  if (patient == NULL)
    {
      if (name == NULL)
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                       _("Patient “%s” is neither stored nor named in the file"), id);
          return NULL;
        }
      patient = fol_patient_new ();
      if (id == NULL)
        id = _fol_csv_new_id (self);
      fol_patient_set_id (patient, id);
      is_new = TRUE;
    }
  else if (by_id && !check_same_person (row, id, patient, name, birth, error))
    return NULL;

  if (!apply_patient_columns (row, patient, error) ||
      (!is_new && !check_birth (self, patient, error)))
    return NULL;

  pending = g_new0 (PendingPatient, 1);
  pending->patient = g_steal_pointer (&patient);
  pending->is_new = is_new;
  row->staged = pending;
  return pending;
}

/* The row was accepted: its patient is part of the import. */
static void
keep_patient (FolCsvPreview  *self,
              PendingPatient *pending)
{
  const char *id = fol_patient_get_id (pending->patient);

  g_hash_table_insert (self->patients, g_strdup (id), pending);
  g_ptr_array_add (self->patient_order, g_strdup (id));
  g_hash_table_insert (self->patient_keys,
                       patient_key (fol_patient_get_name (pending->patient),
                                    fol_patient_get_birth_date (pending->patient)),
                       g_strdup (id));
}

/* Rows */

static void
reject (FolCsvPreview *self,
        guint          line,
        const char    *reason)
{
  Rejected r = { line, g_strdup (reason) };

  g_array_append_val (self->rejected, r);
  self->counts.rows_rejected++;
}

static gboolean
import_row (RowCtx  *row,
            GError **error)
{
  g_autofree char *record = _fol_csv_cell_text (row, FOL_CSV_COL_RECORD);

  if (record == NULL)
    {
      /* A spreadsheet's layout: a row is a visit and a region, or a session. */
      g_autofree char *visit_date = _fol_csv_cell_text (row, FOL_CSV_COL_VISIT_DATE);
      g_autofree char *session_date = _fol_csv_cell_text (row, FOL_CSV_COL_SESSION_DATE);

      if (visit_date == NULL && session_date != NULL)
        return _fol_csv_import_session (row, error);
      return _fol_csv_import_measurement (row, error);
    }

  if (g_ascii_strcasecmp (record, "patient") == 0)
    return _fol_csv_resolve_patient (row, error) != NULL;
  if (g_ascii_strcasecmp (record, "site") == 0)
    return _fol_csv_import_site (row, error);
  if (g_ascii_strcasecmp (record, "measurement") == 0 || g_ascii_strcasecmp (record, "visit") == 0)
    return _fol_csv_import_measurement (row, error);
  if (g_ascii_strcasecmp (record, "session") == 0)
    return _fol_csv_import_session (row, error);
  if (g_ascii_strcasecmp (record, "protocol") == 0)
    return _fol_csv_import_protocol (row, error);
  if (g_ascii_strcasecmp (record, "assignment") == 0)
    return _fol_csv_import_assignment (row, error);

  g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
               _("Unknown record “%s”: it is patient, site, measurement, session, protocol or "
                 "assignment"), record);
  return FALSE;
}

static gboolean
row_is_blank (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    {
      const char *f = g_ptr_array_index (fields, i);

      for (; *f; f++)
        if (!g_ascii_isspace (*f))
          return FALSE;
    }
  return TRUE;
}

static gboolean
read_header (FolCsvPreview  *self,
             GPtrArray      *fields,
             GError        **error)
{
  gboolean any = FALSE;

  for (guint i = 0; i < fields->len; i++)
    {
      const char *name = g_ptr_array_index (fields, i);
      FolCsvColumn column;

      if (_fol_csv_column_match (name, &column) && self->map[column] < 0)
        {
          self->map[column] = i;
          any = TRUE;
        }
      else if (name[0] != '\0')
        g_ptr_array_add (self->ignored, g_strdup (name));
    }
  g_ptr_array_add (self->ignored, NULL);

  if (!any)
    {
      g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_HEADER,
                   _("The first row names no column Follicle knows, such as patient_name, "
                     "visit_date, region or total_density_hairs_per_cm2"));
      return FALSE;
    }
  return TRUE;
}

/* Counting */

static PendingPatient *
patient_at (FolCsvPreview *self,
            guint          i)
{
  return g_hash_table_lookup (self->patients, g_ptr_array_index (self->patient_order, i));
}

static PendingVisit *
visit_at (FolCsvPreview *self,
          guint          i)
{
  return g_hash_table_lookup (self->visits, g_ptr_array_index (self->visit_order, i));
}

static FolVisit *
stored_visit (FolCsvPreview  *self,
              FolVisit       *visit,
              FolHistory    **out_history,
              guint          *out_index)
{
  FolHistory *history = _fol_csv_stored_history (self, fol_visit_get_patient_id (visit));

  for (guint i = 0; history != NULL && i < fol_history_get_n_visits (history); i++)
    {
      FolVisit *v = fol_history_get_visit (history, i);

      if (g_strcmp0 (fol_visit_get_id (v), fol_visit_get_id (visit)) == 0)
        {
          *out_history = history;
          *out_index = i;
          return v;
        }
    }
  return NULL;
}

static FolTreatmentSession *
stored_session (FolCsvPreview       *self,
                FolTreatmentSession *session)
{
  const char *patient_id = fol_treatment_session_get_patient_id (session);
  FolHistory *history = _fol_csv_stored_history (self, patient_id);

  for (guint i = 0; history != NULL && i < fol_history_get_n_sessions (history); i++)
    {
      FolTreatmentSession *s = fol_history_get_session (history, i);

      if (g_strcmp0 (fol_treatment_session_get_id (s), fol_treatment_session_get_id (session)) == 0)
        return s;
    }
  return NULL;
}

/* Compares every accepted record with the stored one: created, updated
 * (something differs) or unchanged (nothing of it will be written).
 */
static void
tally (FolCsvPreview *self)
{
  FolCsvCounts *c = &self->counts;

  for (guint i = 0; i < self->patient_order->len; i++)
    {
      PendingPatient *p = patient_at (self, i);

      if (!p->is_new)
        {
          FolHistory *history = _fol_csv_stored_history (self, fol_patient_get_id (p->patient));

          p->changed = history == NULL ||
                       !_fol_csv_same_record (fol_history_get_patient (history), p->patient, NULL);
        }
      else
        p->changed = TRUE;

      if (p->is_new)
        c->patients_new++;
      else if (p->changed)
        c->patients_updated++;
      else
        c->patients_unchanged++;
      self->n_writes += p->changed;
    }

  for (guint i = 0; i < self->visit_order->len; i++)
    {
      PendingVisit *v = visit_at (self, i);
      FolHistory *history = NULL;
      FolVisit *stored = NULL;
      guint index = 0;

      v->changed = g_ptr_array_new_with_free_func (g_object_unref);
      if (!v->is_new)
        stored = stored_visit (self, v->visit, &history, &index);
      v->row_changed = stored == NULL || !_fol_csv_same_record (stored, v->visit, NULL);

      for (guint k = 0; k < v->measurements->len; k++)
        {
          FolMeasurement *m = g_ptr_array_index (v->measurements, k);
          FolRegion region = fol_measurement_get_region (m);
          FolMeasurement *was = stored ? fol_history_get_measurement (history, index, region) : NULL;

          if (was == NULL || !_fol_csv_same_record (was, m, "visit-id"))
            g_ptr_array_add (v->changed, g_object_ref (m));
        }

      if (v->is_new)
        c->visits_new++;
      else if (v->row_changed || v->changed->len > 0)
        c->visits_updated++;
      else
        c->visits_unchanged++;
      c->measurements += v->changed->len;
      self->n_writes += v->row_changed || v->changed->len > 0;
    }

  for (guint i = 0; i < self->sessions->len; i++)
    {
      PendingSession *s = g_ptr_array_index (self->sessions, i);
      FolTreatmentSession *stored = s->is_new ? NULL : stored_session (self, s->session);

      s->changed = stored == NULL || !_fol_csv_same_record (stored, s->session, NULL);
      if (s->is_new)
        c->sessions_new++;
      else if (s->changed)
        c->sessions_updated++;
      else
        c->sessions_unchanged++;
      self->n_writes += s->changed;
    }

  _fol_csv_protocols_tally (self);
}

/* Everything the preview promises, as text: two plans that give the same
 * text write the same records.
 */
static char *
plan_text (FolCsvPreview *self)
{
  GString *out = g_string_new (NULL);
  const FolCsvCounts *c = &self->counts;

  g_string_append_printf (out, "%u %u %u %u %u %u %u %u %u %u %u %u %u\n",
                          c->patients_new, c->patients_updated, c->patients_unchanged,
                          c->visits_new, c->visits_updated, c->visits_unchanged, c->measurements,
                          c->sessions_new, c->sessions_updated, c->sessions_unchanged,
                          c->rows_read, c->rows_rejected, c->conflicts);
  for (guint i = 0; i < self->rejected->len; i++)
    {
      Rejected *r = &g_array_index (self->rejected, Rejected, i);

      g_string_append_printf (out, "refused %u %s\n", r->line, r->reason);
    }
  for (guint i = 0; i < self->patient_order->len; i++)
    {
      PendingPatient *p = patient_at (self, i);

      g_string_append_printf (out, "%d %d ", p->is_new, p->changed);
      _fol_csv_append_record (out, p->patient);
    }
  for (guint i = 0; i < self->visit_order->len; i++)
    {
      PendingVisit *v = visit_at (self, i);

      g_string_append_printf (out, "%d %d ", v->is_new, v->row_changed);
      _fol_csv_append_record (out, v->visit);
      for (guint k = 0; k < v->changed->len; k++)
        _fol_csv_append_record (out, g_ptr_array_index (v->changed, k));
    }
  for (guint i = 0; i < self->sessions->len; i++)
    {
      PendingSession *s = g_ptr_array_index (self->sessions, i);

      g_string_append_printf (out, "%d %d ", s->is_new, s->changed);
      _fol_csv_append_record (out, s->session);
    }
  _fol_csv_protocols_plan_text (self, out);
  return g_string_free (out, FALSE);
}

/* The records that are new or changed, nothing else. */
static FolStoreBatch *
build_batch (FolCsvPreview *self)
{
  FolStoreBatch *batch = fol_store_batch_new ();

  for (guint i = 0; i < self->patient_order->len; i++)
    {
      PendingPatient *p = patient_at (self, i);

      if (p->changed)
        fol_store_batch_add_patient (batch, p->patient);
    }
  for (guint i = 0; i < self->visit_order->len; i++)
    {
      PendingVisit *v = visit_at (self, i);

      if (v->row_changed)
        fol_store_batch_add_visit (batch, v->visit, v->changed);
      else if (v->changed->len > 0)
        fol_store_batch_add_measurements (batch, v->visit, v->changed);
    }
  for (guint i = 0; i < self->sessions->len; i++)
    {
      PendingSession *s = g_ptr_array_index (self->sessions, i);

      if (s->changed)
        fol_store_batch_add_session (batch, s->session);
    }
  _fol_csv_protocols_batch (self, batch);
  return batch;
}

/* Reads the whole file. @new_ids, when given, are the IDs an earlier plan
 * of the same file gave its new records.
 */
static FolCsvPreview *
preview_build (FolStore   *store,
               GBytes     *bytes,
               GPtrArray  *new_ids,
               GError    **error)
{
  g_autoptr(FolCsvPreview) self = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  gsize pos = 0;
  guint line = 1;
  char separator;

  self = g_object_new (FOL_TYPE_CSV_PREVIEW, NULL);
  self->store = g_object_ref (store);
  self->data = g_bytes_ref (bytes);
  for (guint i = 0; new_ids != NULL && i < new_ids->len; i++)
    g_ptr_array_add (self->new_ids, g_strdup (g_ptr_array_index (new_ids, i)));

  if (length == 0)
    {
      g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_HEADER, _("The file is empty"));
      return NULL;
    }

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    pos = 3;

  separator = fol_csv_detect_separator (data + pos, length - pos);

  if (!fol_csv_parse_record (data, length, &pos, separator, fields, &line, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_HEADER, _("The file is empty"));
      return NULL;
    }
  if (!read_header (self, fields, error))
    return NULL;

  while (pos < length)
    {
      g_autoptr(GError) local = NULL;
      guint start = line;
      RowCtx row = { self, self->map, fields, start, NULL, FALSE };

      if (!fol_csv_parse_record (data, length, &pos, separator, fields, &line, &local))
        {
          if (local == NULL)
            break;
          self->counts.rows_read++;
          reject (self, start, local->message);
          continue;
        }

      if (row_is_blank (fields))
        continue;

      self->counts.rows_read++;
      if (import_row (&row, &local))
        {
          if (row.staged != NULL)
            keep_patient (self, row.staged);
          continue;
        }

      /* A refused row leaves nothing behind, not even its patient. */
      g_clear_pointer (&row.staged, pending_patient_free);
      if (row.conflict)
        self->counts.conflicts++;
      reject (self, start, local ? local->message : _("The row was refused"));
    }

  tally (self);
  return g_steal_pointer (&self);
}

/**
 * fol_csv_import_preview_data:
 * @store: the clinic to compare with; it is not written
 *
 * Reads CSV text and prepares its import.
 *
 * Returns: (transfer full): the preview, or %NULL with @error set when the
 *   text has no usable header; a bad row is listed, not an error
 */
FolCsvPreview *
fol_csv_import_preview_data (FolStore    *store,
                             const char  *data,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_bytes_new (data, length);
  return preview_build (store, bytes, NULL, error);
}

/**
 * fol_csv_import_preview:
 *
 * Reads a CSV file and prepares its import; see
 * fol_csv_import_preview_data().
 */
FolCsvPreview *
fol_csv_import_preview (FolStore    *store,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (FOL_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;

  /* A copy: the file may change on disk before the import is written. */
  bytes = g_bytes_new (g_mapped_file_get_contents (file), g_mapped_file_get_length (file));
  return preview_build (store, bytes, NULL, error);
}

void
fol_csv_preview_get_counts (FolCsvPreview *self,
                            FolCsvCounts  *out_counts)
{
  g_return_if_fail (FOL_IS_CSV_PREVIEW (self));
  g_return_if_fail (out_counts != NULL);

  *out_counts = self->counts;
}

guint
fol_csv_preview_get_n_rejected (FolCsvPreview *self)
{
  g_return_val_if_fail (FOL_IS_CSV_PREVIEW (self), 0);
  return self->rejected->len;
}

/**
 * fol_csv_preview_get_rejected:
 * @out_line: (out) (optional): the line where the refused row starts
 *
 * Returns: why the row was refused
 */
const char *
fol_csv_preview_get_rejected (FolCsvPreview *self,
                              guint          index,
                              guint         *out_line)
{
  Rejected *r;

  g_return_val_if_fail (FOL_IS_CSV_PREVIEW (self), NULL);
  g_return_val_if_fail (index < self->rejected->len, NULL);

  r = &g_array_index (self->rejected, Rejected, index);
  if (out_line)
    *out_line = r->line;
  return r->reason;
}

/* Returns: (transfer none): header names the import does not use */
const char * const *
fol_csv_preview_get_ignored_columns (FolCsvPreview *self)
{
  g_return_val_if_fail (FOL_IS_CSV_PREVIEW (self), NULL);
  return (const char * const *) self->ignored->pdata;
}

/**
 * fol_csv_preview_has_changes:
 *
 * Returns: whether committing would write anything: %FALSE when every row
 *   is refused or every record unchanged
 */
gboolean
fol_csv_preview_has_changes (FolCsvPreview *self)
{
  g_return_val_if_fail (FOL_IS_CSV_PREVIEW (self), FALSE);
  return self->n_writes > 0;
}

/**
 * fol_csv_preview_to_text:
 *
 * Returns: (transfer full): what the import will do, for a person to read
 */
char *
fol_csv_preview_to_text (FolCsvPreview *self)
{
  GString *out = g_string_new (NULL);
  FolCsvCounts *c;

  g_return_val_if_fail (FOL_IS_CSV_PREVIEW (self), NULL);

  c = &self->counts;
  g_string_append_printf (out, _("Patients: %u created, %u updated, %u unchanged\n"),
                          c->patients_new, c->patients_updated, c->patients_unchanged);
  g_string_append_printf (out, _("Visits: %u created, %u updated, %u unchanged; "
                                 "%u regional measurements to write\n"),
                          c->visits_new, c->visits_updated, c->visits_unchanged, c->measurements);
  g_string_append_printf (out, _("Treatment sessions: %u created, %u updated, %u unchanged\n"),
                          c->sessions_new, c->sessions_updated, c->sessions_unchanged);
  if (c->protocols_new + c->protocols_updated + c->protocols_unchanged > 0)
    g_string_append_printf (out, _("Treatment protocols: %u created, %u updated, %u unchanged\n"),
                            c->protocols_new, c->protocols_updated, c->protocols_unchanged);
  if (c->assignments_new + c->assignments_updated + c->assignments_unchanged > 0)
    g_string_append_printf (out, _("Protocol assignments: %u created, %u updated, "
                                   "%u unchanged\n"),
                            c->assignments_new, c->assignments_updated,
                            c->assignments_unchanged);
  g_string_append_printf (out, _("Rows read: %u; refused: %u\n"), c->rows_read, c->rows_rejected);
  if (c->conflicts > 0)
    g_string_append_printf (out, _("Conflicts: %u (an ID names a stored patient with another "
                                   "name and date of birth; resolve them in the file)\n"),
                            c->conflicts);
  if (self->n_writes == 0)
    g_string_append_printf (out, "%s\n", _("Nothing would be written."));

  for (guint i = 0; self->ignored->pdata[i] != NULL; i++)
    g_string_append_printf (out, _("Column “%s” is not used\n"), (char *) self->ignored->pdata[i]);

  for (guint i = 0; i < self->rejected->len; i++)
    {
      Rejected *r = &g_array_index (self->rejected, Rejected, i);

      g_string_append_printf (out, _("Line %u refused: %s\n"), r->line, r->reason);
    }

  return g_string_free (out, FALSE);
}

/* What differs between the preview and the plan made again: the first row
 * refused now, or the new counts.
 */
static char *
describe_change (FolCsvPreview *self,
                 FolCsvPreview *now)
{
  for (guint i = 0; i < now->rejected->len; i++)
    {
      Rejected *r = &g_array_index (now->rejected, Rejected, i);
      gboolean before = FALSE;

      for (guint k = 0; k < self->rejected->len && !before; k++)
        before = g_array_index (self->rejected, Rejected, k).line == r->line;
      if (!before)
        return g_strdup_printf (_("Line %u is now refused: %s"), r->line, r->reason);
    }
  return g_strdup_printf (_("Patients now: %u created, %u updated, %u unchanged."),
                          now->counts.patients_new, now->counts.patients_updated,
                          now->counts.patients_unchanged);
}

/* Inside the write transaction: the same file, planned again, must give
 * the same plan, or nothing is written.
 */
static FolStoreBatch *
plan_again (FolStore  *store,
            gpointer   user_data,
            GError   **error)
{
  FolCsvPreview *self = user_data;
  g_autoptr(FolCsvPreview) now = preview_build (store, self->data, self->new_ids, error);
  g_autofree char *promised = NULL;
  g_autofree char *found = NULL;

  if (now == NULL)
    return NULL;

  promised = plan_text (self);
  found = plan_text (now);
  if (!g_str_equal (promised, found))
    {
      g_autofree char *what = describe_change (self, now);

      g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_CHANGED,
                   _("The clinic changed since this preview (another import or an edit), so "
                     "nothing was imported. %s Preview the file again."), what);
      return NULL;
    }

  return build_batch (now);
}

/**
 * fol_csv_import_commit:
 *
 * Writes what the preview lists as created or updated, the refused rows
 * and unchanged records excepted, in one transaction; when there is
 * nothing to write, the database is not touched. Inside the transaction
 * the file is matched against the clinic again; when that no longer gives
 * what the preview promised (another import or an edit came in between),
 * nothing is written and @error is %FOL_CSV_ERROR_CHANGED. A preview is
 * written once.
 */
gboolean
fol_csv_import_commit (FolCsvPreview  *self,
                       GError        **error)
{
  g_return_val_if_fail (FOL_IS_CSV_PREVIEW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->committed)
    {
      g_set_error (error, FOL_CSV_ERROR, FOL_CSV_ERROR_COMMITTED,
                   _("This import was already written"));
      return FALSE;
    }

  if (self->n_writes > 0 &&
      !fol_store_apply_batch_planned (self->store, plan_again, self, error))
    return FALSE;

  self->committed = TRUE;
  return TRUE;
}
