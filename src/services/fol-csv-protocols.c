/* fol-csv-protocols.c
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

#define G_LOG_DOMAIN "fol-csv"

#include "config.h"

#include <string.h>

#include "fol-csv-private.h"
#include "fol-error.h"
#include "fol-i18n.h"

/* Treatment protocols and their assignments in an import. A protocol row
 * is matched by its ID, or else by its name; an assignment row names its
 * protocol by the ID or the name a protocol row of the file gave, or a
 * stored protocol's, and is matched by its ID, or else by patient,
 * protocol and start date. A refused protocol row writes nothing, and an
 * assignment to it is refused in turn.
 */

static void
pending_protocol_free (gpointer data)
{
  PendingProtocol *p = data;

  g_object_unref (p->protocol);
  g_free (p);
}

static void
pending_assignment_free (gpointer data)
{
  PendingAssignment *a = data;

  g_object_unref (a->assignment);
  g_free (a);
}

void
_fol_csv_protocols_init (FolCsvPreview *self)
{
  self->protocols = g_ptr_array_new_with_free_func (pending_protocol_free);
  self->protocol_refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->protocol_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->assignments = g_ptr_array_new_with_free_func (pending_assignment_free);
}

void
_fol_csv_protocols_clear (FolCsvPreview *self)
{
  g_clear_pointer (&self->protocol_refs, g_hash_table_unref);
  g_clear_pointer (&self->protocol_names, g_hash_table_unref);
  g_clear_pointer (&self->protocols, g_ptr_array_unref);
  g_clear_pointer (&self->stored_protocols, g_ptr_array_unref);
  g_clear_pointer (&self->assignments, g_ptr_array_unref);
  g_clear_pointer (&self->stored_assignments, g_ptr_array_unref);
}

/* The stored protocols and assignments, read once for the whole file. */
static gboolean
load_stored (FolCsvPreview  *self,
             GError        **error)
{
  if (self->stored_protocols == NULL)
    {
      self->stored_protocols = fol_store_list_protocols (self->store, error);
      if (self->stored_protocols == NULL)
        return FALSE;
    }
  if (self->stored_assignments == NULL)
    {
      self->stored_assignments = fol_store_list_assignments (self->store, NULL, error);
      if (self->stored_assignments == NULL)
        return FALSE;
    }
  return TRUE;
}

static FolProtocol *
stored_protocol (FolCsvPreview *self,
                 const char    *id,
                 const char    *name)
{
  for (guint i = 0; i < self->stored_protocols->len; i++)
    {
      FolProtocol *p = self->stored_protocols->pdata[i];

      if (id != NULL ? g_strcmp0 (fol_protocol_get_id (p), id) == 0
                     : g_strcmp0 (fol_protocol_get_name (p), name) == 0)
        return p;
    }
  return NULL;
}

static gboolean
parse_yes_no (const char *text,
              gboolean   *out)
{
  const char *yes[] = { "yes", "true", "1", "y" };
  const char *no[] = { "no", "false", "0", "n" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (g_ascii_strcasecmp (text, yes[i]) == 0)
        return *out = TRUE, TRUE;
      if (g_ascii_strcasecmp (text, no[i]) == 0)
        return *out = FALSE, TRUE;
    }
  return FALSE;
}

gboolean
_fol_csv_import_protocol (RowCtx  *row,
                          GError **error)
{
  FolCsvPreview *self = row->self;
  g_autofree char *file_id = _fol_csv_cell_text (row, FOL_CSV_COL_PROTOCOL_ID);
  g_autofree char *name = _fol_csv_cell_text (row, FOL_CSV_COL_PROTOCOL_NAME);
  g_autofree char *example = _fol_csv_cell_text (row, FOL_CSV_COL_PROTOCOL_EXAMPLE);
  g_autoptr(FolProtocol) protocol = fol_protocol_new ();
  PendingProtocol *pending;
  FolProtocol *stored;
  FolProtocol *named;

  if (!load_stored (self, error))
    return FALSE;
  if ((file_id != NULL && g_hash_table_contains (self->protocol_refs, file_id)))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                   _("Protocol “%s” is in the file twice"), file_id);
      return FALSE;
    }

  stored = file_id != NULL ? stored_protocol (self, file_id, NULL) : NULL;
  if (stored == NULL && name != NULL)
    stored = stored_protocol (self, NULL, name);
  if (stored != NULL)
    {
      g_autofree char *steps = fol_protocol_steps_to_text (stored);

      fol_protocol_set_id (protocol, fol_protocol_get_id (stored));
      fol_protocol_set_name (protocol, fol_protocol_get_name (stored));
      fol_protocol_set_description (protocol, fol_protocol_get_description (stored));
      fol_protocol_set_example (protocol, fol_protocol_get_example (stored));
      fol_protocol_set_created_at (protocol, fol_protocol_get_created_at (stored));
      fol_protocol_set_steps_from_text (protocol, steps, NULL);
    }
  else
    {
      g_autofree char *id = file_id ? g_strdup (file_id) : _fol_csv_new_id (self);

      fol_protocol_set_id (protocol, id);
    }

  /* A column the file has sets the value, even to nothing; one it does
   * not have leaves the stored value. */
  if (_fol_csv_has_column (row, FOL_CSV_COL_PROTOCOL_NAME))
    fol_protocol_set_name (protocol, name);
  if (_fol_csv_has_column (row, FOL_CSV_COL_PROTOCOL_DESCRIPTION))
    {
      g_autofree char *description = _fol_csv_cell_text (row, FOL_CSV_COL_PROTOCOL_DESCRIPTION);

      fol_protocol_set_description (protocol, description);
    }
  if (example != NULL)
    {
      gboolean value = FALSE;

      if (!parse_yes_no (example, &value))
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_FORMAT,
                       _("%s “%s” is not yes or no"), _fol_csv_column_name (FOL_CSV_COL_PROTOCOL_EXAMPLE),
                       example);
          return FALSE;
        }
      fol_protocol_set_example (protocol, value);
    }
  if (_fol_csv_has_column (row, FOL_CSV_COL_PROTOCOL_STEPS) &&
      !fol_protocol_set_steps_from_text (protocol, _fol_csv_cell (row, FOL_CSV_COL_PROTOCOL_STEPS),
                                         error))
    return FALSE;
  if (!fol_protocol_validate (protocol, NULL, error))
    return FALSE;

  /* Names are the clinic's: one protocol to a name. */
  named = g_hash_table_lookup (self->protocol_names, fol_protocol_get_name (protocol));
  if (named == NULL)
    named = stored_protocol (self, NULL, fol_protocol_get_name (protocol));
  if (named != NULL && g_strcmp0 (fol_protocol_get_id (named), fol_protocol_get_id (protocol)) != 0)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                   _("Protocol name: a protocol named “%s” already exists"),
                   fol_protocol_get_name (protocol));
      return FALSE;
    }
  if (g_hash_table_contains (self->protocol_refs, fol_protocol_get_id (protocol)))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                   _("Protocol “%s” is in the file twice"), fol_protocol_get_name (protocol));
      return FALSE;
    }

  pending = g_new0 (PendingProtocol, 1);
  pending->protocol = g_steal_pointer (&protocol);
  pending->is_new = stored == NULL;
  g_ptr_array_add (self->protocols, pending);
  if (file_id != NULL)
    g_hash_table_replace (self->protocol_refs, g_strdup (file_id), pending->protocol);
  g_hash_table_replace (self->protocol_refs, g_strdup (fol_protocol_get_id (pending->protocol)),
                        pending->protocol);
  g_hash_table_replace (self->protocol_names, g_strdup (fol_protocol_get_name (pending->protocol)),
                        pending->protocol);
  return TRUE;
}

/* The ID of the protocol the row names: by a protocol row of the file,
 * else by a stored protocol. */
static const char *
resolve_protocol (FolCsvPreview  *self,
                  const char     *ref,
                  const char     *name,
                  GError        **error)
{
  FolProtocol *protocol = NULL;

  if (ref != NULL)
    {
      protocol = g_hash_table_lookup (self->protocol_refs, ref);
      if (protocol == NULL)
        protocol = stored_protocol (self, ref, NULL);
    }
  else if (name != NULL)
    {
      protocol = g_hash_table_lookup (self->protocol_names, name);
      if (protocol == NULL)
        protocol = stored_protocol (self, NULL, name);
    }
  else
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                   _("Protocol: give the protocol’s ID or name"));
      return NULL;
    }

  if (protocol == NULL)
    {
      if (ref != NULL)
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                     _("Protocol: no protocol has the ID “%s”"), ref);
      else
        g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                     _("Protocol: no protocol is named “%s”"), name);
      return NULL;
    }
  return fol_protocol_get_id (protocol);
}

static FolProtocolAssignment *
stored_assignment (FolCsvPreview *self,
                   const char    *id,
                   const char    *patient_id,
                   const char    *protocol_id,
                   FolDate        start)
{
  for (guint i = 0; i < self->stored_assignments->len; i++)
    {
      FolProtocolAssignment *a = self->stored_assignments->pdata[i];

      if (id != NULL ? g_strcmp0 (fol_protocol_assignment_get_id (a), id) == 0
                     : (g_strcmp0 (fol_protocol_assignment_get_patient_id (a), patient_id) == 0 &&
                        g_strcmp0 (fol_protocol_assignment_get_protocol_id (a), protocol_id) == 0 &&
                        fol_protocol_assignment_get_start_date (a) == start))
        return a;
    }
  return NULL;
}

gboolean
_fol_csv_import_assignment (RowCtx  *row,
                            GError **error)
{
  FolCsvPreview *self = row->self;
  g_autofree char *ref = _fol_csv_cell_text (row, FOL_CSV_COL_PROTOCOL_ID);
  g_autofree char *name = _fol_csv_cell_text (row, FOL_CSV_COL_PROTOCOL_NAME);
  g_autofree char *id = _fol_csv_cell_text (row, FOL_CSV_COL_ASSIGNMENT_ID);
  g_autoptr(FolProtocolAssignment) a = fol_protocol_assignment_new ();
  PendingAssignment *pending;
  PendingPatient *patient;
  FolProtocolAssignment *stored;
  const char *protocol_id;
  const char *patient_id;
  FolDate start;

  if (!load_stored (self, error) ||
      !(protocol_id = resolve_protocol (self, ref, name, error)) ||
      !_fol_csv_cell_date (row, FOL_CSV_COL_PROTOCOL_START_DATE, &start, error) ||
      !(patient = _fol_csv_resolve_patient (row, error)))
    return FALSE;
  patient_id = fol_patient_get_id (patient->patient);

  stored = stored_assignment (self, id, patient_id, protocol_id, start);
  if (stored != NULL &&
      g_strcmp0 (fol_protocol_assignment_get_patient_id (stored), patient_id) != 0)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("Protocol assignment “%s” belongs to another patient"), id);
      return FALSE;
    }
  if (stored != NULL)
    {
      g_free (id);
      id = g_strdup (fol_protocol_assignment_get_id (stored));
      fol_protocol_assignment_set_created_at (a, fol_protocol_assignment_get_created_at (stored));
    }
  else if (id == NULL)
    id = _fol_csv_new_id (self);
  for (guint i = 0; i < self->assignments->len; i++)
    {
      PendingAssignment *other = self->assignments->pdata[i];

      if (g_strcmp0 (fol_protocol_assignment_get_id (other->assignment), id) == 0)
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_INCONSISTENT,
                       _("Protocol assignment “%s” is in the file twice"), id);
          return FALSE;
        }
    }

  fol_protocol_assignment_set_id (a, id);
  fol_protocol_assignment_set_patient_id (a, patient_id);
  fol_protocol_assignment_set_protocol_id (a, protocol_id);
  fol_protocol_assignment_set_start_date (a, start);
  if (!fol_protocol_assignment_validate (a, NULL, error))
    return FALSE;

  pending = g_new0 (PendingAssignment, 1);
  pending->assignment = g_steal_pointer (&a);
  pending->is_new = stored == NULL;
  g_ptr_array_add (self->assignments, pending);
  return TRUE;
}

static gboolean
same_protocol (FolProtocol *a,
               FolProtocol *b)
{
  g_autofree char *steps_a = fol_protocol_steps_to_text (a);
  g_autofree char *steps_b = fol_protocol_steps_to_text (b);

  return g_strcmp0 (fol_protocol_get_name (a), fol_protocol_get_name (b)) == 0 &&
         g_strcmp0 (fol_protocol_get_description (a), fol_protocol_get_description (b)) == 0 &&
         fol_protocol_get_example (a) == fol_protocol_get_example (b) &&
         g_str_equal (steps_a, steps_b);
}

void
_fol_csv_protocols_tally (FolCsvPreview *self)
{
  FolCsvCounts *c = &self->counts;

  for (guint i = 0; i < self->protocols->len; i++)
    {
      PendingProtocol *p = self->protocols->pdata[i];
      FolProtocol *stored = p->is_new ? NULL
                                      : stored_protocol (self, fol_protocol_get_id (p->protocol),
                                                         NULL);

      p->changed = stored == NULL || !same_protocol (stored, p->protocol);
      if (p->is_new)
        c->protocols_new++;
      else if (p->changed)
        c->protocols_updated++;
      else
        c->protocols_unchanged++;
      self->n_writes += p->changed;
    }
  for (guint i = 0; i < self->assignments->len; i++)
    {
      PendingAssignment *a = self->assignments->pdata[i];
      FolProtocolAssignment *stored =
        a->is_new ? NULL : stored_assignment (self, fol_protocol_assignment_get_id (a->assignment),
                                              NULL, NULL, FOL_DATE_NONE);

      a->changed = stored == NULL ||
                   g_strcmp0 (fol_protocol_assignment_get_protocol_id (stored),
                              fol_protocol_assignment_get_protocol_id (a->assignment)) != 0 ||
                   fol_protocol_assignment_get_start_date (stored) !=
                   fol_protocol_assignment_get_start_date (a->assignment);
      if (a->is_new)
        c->assignments_new++;
      else if (a->changed)
        c->assignments_updated++;
      else
        c->assignments_unchanged++;
      self->n_writes += a->changed;
    }
}

/* What the plan writes of protocols, for two plans to be compared. */
void
_fol_csv_protocols_plan_text (FolCsvPreview *self,
                              GString       *out)
{
  const FolCsvCounts *c = &self->counts;

  g_string_append_printf (out, "protocols %u %u %u assignments %u %u %u\n", c->protocols_new,
                          c->protocols_updated, c->protocols_unchanged, c->assignments_new,
                          c->assignments_updated, c->assignments_unchanged);
  for (guint i = 0; i < self->protocols->len; i++)
    {
      PendingProtocol *p = self->protocols->pdata[i];
      g_autofree char *steps = fol_protocol_steps_to_text (p->protocol);

      g_string_append_printf (out, "protocol %d %d %s %s %s %d %s\n", p->is_new, p->changed,
                              fol_protocol_get_id (p->protocol),
                              fol_protocol_get_name (p->protocol),
                              fol_protocol_get_description (p->protocol),
                              fol_protocol_get_example (p->protocol), steps);
    }
  for (guint i = 0; i < self->assignments->len; i++)
    {
      PendingAssignment *a = self->assignments->pdata[i];

      g_string_append_printf (out, "assignment %d %d %s %s %s %d\n", a->is_new, a->changed,
                              fol_protocol_assignment_get_id (a->assignment),
                              fol_protocol_assignment_get_patient_id (a->assignment),
                              fol_protocol_assignment_get_protocol_id (a->assignment),
                              (int) fol_protocol_assignment_get_start_date (a->assignment));
    }
}

/* The protocols and assignments that are new or changed, nothing else. */
void
_fol_csv_protocols_batch (FolCsvPreview *self,
                          FolStoreBatch *batch)
{
  for (guint i = 0; i < self->protocols->len; i++)
    {
      PendingProtocol *p = self->protocols->pdata[i];

      if (p->changed)
        fol_store_batch_add_protocol (batch, p->protocol);
    }
  for (guint i = 0; i < self->assignments->len; i++)
    {
      PendingAssignment *a = self->assignments->pdata[i];

      if (a->changed)
        fol_store_batch_add_assignment (batch, a->assignment);
    }
}
