/* fol-pg-store-snapshot.c
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

#define G_LOG_DOMAIN "fol-pg-store"

#include "config.h"

#include <math.h>

#include "fol-clinic-file.h"
#include "fol-pg-store-private.h"

/* The clinic as a whole, on a server: a reader of its own for another
 * thread, and snapshots in the archive format, the same clinic file a
 * workstation's backup is (fol-clinic-file.h), so that a clinic moves
 * between the two.
 */

/* Another connection to the same clinic, whose transactions are read-only:
 * what it reads is what was committed.
 */
static FolStore *
fol_pg_store_open_reader (FolStore  *store,
                          GError   **error)
{
  g_autoptr(FolPgStore) reader =
    fol_pg_store_open_full (fol_store_get_location (store),
                            _fol_pg_store_get_password (FOL_PG_STORE (store)), error);

  if (reader != NULL)
    _fol_pg_store_make_reader (reader);

  if (reader == NULL ||
      !_fol_pg_exec (_fol_pg_store_get_conn (reader), "SET default_transaction_read_only = on",
                     error))
    return NULL;
  return FOL_STORE (g_steal_pointer (&reader));
}

static gboolean
copy_history (FolStore             *store,
              FolClinicFileWriter  *writer,
              const char           *patient_id,
              GError              **error)
{
  g_autoptr(FolHistory) history = fol_store_load_history (store, patient_id, error);

  if (history == NULL ||
      !fol_clinic_file_writer_add_patient (writer, fol_history_get_patient (history), error))
    return FALSE;

  for (guint i = 0; i < fol_history_get_n_visits (history); i++)
    {
      g_autoptr(GPtrArray) measurements = g_ptr_array_new ();

      for (guint r = 0; r < FOL_N_REGIONS; r++)
        {
          FolMeasurement *m = fol_history_get_measurement (history, i, r);

          if (m != NULL)
            g_ptr_array_add (measurements, m);
        }
      if (!fol_clinic_file_writer_add_visit (writer, fol_history_get_visit (history, i),
                                             measurements, error))
        return FALSE;
    }

  for (guint i = 0; i < fol_history_get_n_sessions (history); i++)
    if (!fol_clinic_file_writer_add_session (writer, fol_history_get_session (history, i), error))
      return FALSE;
  return TRUE;
}

/* The clinic's protocols, then their assignments to the patients copied. */
static gboolean
copy_protocols (FolStore             *store,
                FolClinicFileWriter  *writer,
                GError              **error)
{
  g_autoptr(GPtrArray) protocols = fol_store_list_protocols (store, error);
  g_autoptr(GPtrArray) assignments = NULL;

  if (protocols == NULL)
    return FALSE;
  for (guint i = 0; i < protocols->len; i++)
    if (!fol_clinic_file_writer_add_protocol (writer, protocols->pdata[i], error))
      return FALSE;
  assignments = fol_store_list_assignments (store, NULL, error);
  if (assignments == NULL)
    return FALSE;
  for (guint i = 0; i < assignments->len; i++)
    if (!fol_clinic_file_writer_add_assignment (writer, assignments->pdata[i], error))
      return FALSE;
  return TRUE;
}

static double
double_value (const PGresult *result,
              int             row,
              int             column)
{
  const char *text = _fol_pg_value (result, row, column);

  return text != NULL ? g_ascii_strtod (text, NULL) : NAN;
}

/* Photo records with their counting fields and marks, as they are kept. */
static gboolean
copy_photos (PGconn               *conn,
             FolClinicFileWriter  *writer,
             GError              **error)
{
  PGresult *photos, *marks;
  int m = 0;
  gboolean ok = TRUE;

  photos = _fol_pg_query (conn, "SELECT p.id, p.visit_id, p.region, p.sha256, p.original_name,"
                                " p.taken_at, p.width, p.height, p.px_per_mm, p.created_at,"
                                " f.shape, f.centre_x, f.centre_y, f.size_mm"
                                " FROM photos p LEFT JOIN photo_fields f ON f.photo_id = p.id"
                                " ORDER BY p.id COLLATE \"C\"", 0, NULL, error);
  if (photos == NULL)
    return FALSE;
  marks = _fol_pg_query (conn, "SELECT photo_id, x, y, origin, diameter_um FROM photo_marks"
                               " ORDER BY photo_id COLLATE \"C\", position", 0, NULL, error);
  if (marks == NULL)
    {
      PQclear (photos);
      return FALSE;
    }

  for (int i = 0; ok && i < PQntuples (photos); i++)
    {
      g_autoptr(FolPhoto) photo = fol_photo_new ();
      g_autoptr(GArray) photo_marks = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));
      FolPhotoField field = { 0 };
      gboolean has_field;
      FolRegion region = 0;

      fol_photo_set_id (photo, _fol_pg_value (photos, i, 0));
      fol_photo_set_visit_id (photo, _fol_pg_value (photos, i, 1));
      if (fol_region_from_code (_fol_pg_value (photos, i, 2), &region))
        fol_photo_set_region (photo, region);
      fol_photo_set_sha256 (photo, _fol_pg_value (photos, i, 3));
      fol_photo_set_original_name (photo, _fol_pg_value (photos, i, 4));
      fol_photo_set_taken_at (photo, _fol_pg_value (photos, i, 5));
      fol_photo_set_width (photo, (int) g_ascii_strtoll (PQgetvalue (photos, i, 6), NULL, 10));
      fol_photo_set_height (photo, (int) g_ascii_strtoll (PQgetvalue (photos, i, 7), NULL, 10));
      fol_photo_set_px_per_mm (photo, double_value (photos, i, 8));
      fol_photo_set_created_at (photo, _fol_pg_value (photos, i, 9));
      has_field = fol_field_shape_from_code (_fol_pg_value (photos, i, 10), &field.shape);
      field.centre_x = double_value (photos, i, 11);
      field.centre_y = double_value (photos, i, 12);
      field.size_mm = double_value (photos, i, 13);

      /* Both are in the photos' order. */
      while (m < PQntuples (marks) &&
             g_strcmp0 (PQgetvalue (marks, m, 0), fol_photo_get_id (photo)) < 0)
        m++;
      for (; m < PQntuples (marks) &&
             g_strcmp0 (PQgetvalue (marks, m, 0), fol_photo_get_id (photo)) == 0; m++)
        {
          FolPhotoMark mark = {
            .x = double_value (marks, m, 1),
            .y = double_value (marks, m, 2),
            .diameter_um = double_value (marks, m, 4),
          };

          fol_mark_origin_from_code (_fol_pg_value (marks, m, 3), &mark.origin);

          g_array_append_val (photo_marks, mark);
        }

      ok = fol_clinic_file_writer_add_photo (writer, photo, has_field ? &field : NULL,
                                             photo_marks, error);
    }
  PQclear (photos);
  PQclear (marks);
  return ok;
}

static gboolean
copy_audit (PGconn               *conn,
            FolClinicFileWriter  *writer,
            GError              **error)
{
  PGresult *result = _fol_pg_query (conn, "SELECT at, action, entity, entity_id, patient_id,"
                                          " before::text, after::text FROM audit_log ORDER BY id",
                                    0, NULL, error);

  if (result == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (result); i++)
    fol_clinic_file_writer_add_audit (writer, _fol_pg_value (result, i, 0),
                                      _fol_pg_value (result, i, 1), _fol_pg_value (result, i, 2),
                                      _fol_pg_value (result, i, 3), _fol_pg_value (result, i, 4),
                                      _fol_pg_value (result, i, 5), _fol_pg_value (result, i, 6));
  PQclear (result);
  return TRUE;
}

/* Every record, photo record and audit line read in one REPEATABLE READ
 * transaction: one committed state of the clinic, while other
 * workstations go on writing (a read never blocks them). The file is
 * written as it is read and checked before this returns.
 */
static FolStoreSnapshot *
fol_pg_store_snapshot (FolStore    *store,
                       const char  *path,
                       GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *clinic_id = NULL;
  FolClinicFileWriter *writer = NULL;
  PGresult *result;

  if (!_fol_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return NULL;

  result = _fol_pg_query (conn, "SELECT uuid FROM clinic", 0, NULL, error);
  if (result == NULL)
    goto fail;
  if (PQntuples (result) == 1)
    clinic_id = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);

  ids = fol_store_list_patient_ids (store, error);
  if (ids == NULL || (writer = fol_clinic_file_writer_new (path, error)) == NULL)
    goto fail;

  for (guint i = 0; i < ids->len; i++)
    if (!copy_history (store, writer, g_ptr_array_index (ids, i), error))
      goto fail;
  if (!copy_protocols (store, writer, error) || !copy_photos (conn, writer, error) ||
      !copy_audit (conn, writer, error))
    goto fail;

  _fol_pg_rollback (conn);
  return fol_clinic_file_writer_finish (writer, clinic_id, error);

fail:
  fol_clinic_file_writer_abort (writer);
  _fol_pg_rollback (conn);
  return NULL;
}

void
_fol_pg_store_snapshot_iface_init (FolStoreInterface *iface)
{
  iface->open_reader = fol_pg_store_open_reader;
  iface->snapshot = fol_pg_store_snapshot;
}
