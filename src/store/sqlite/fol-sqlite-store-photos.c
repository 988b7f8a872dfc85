/* fol-sqlite-store-photos.c
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

#define G_LOG_DOMAIN "fol-sqlite-store"

#include "config.h"

#include <math.h>

#include <sqlite3.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-sqlite-store-private.h"

/* The photo records of the SQLite store: the photos themselves, their
 * calibration and the manual counts made on them. The image files live in
 * the data folder (see fol-photo-import.c); only their hash is stored here.
 */

#define PHOTO_COLUMNS \
  "p.id, p.visit_id, p.region, p.sha256, p.original_name, p.taken_at, p.width, p.height," \
  " p.px_per_mm, p.created_at, v.visit_date, v.kind"

static FolPhoto *
photo_from_row (sqlite3_stmt *stmt)
{
  FolPhoto *photo = fol_photo_new ();

  fol_photo_set_id (photo, _fol_sqlite_column_text (stmt, 0));
  fol_photo_set_visit_id (photo, _fol_sqlite_column_text (stmt, 1));
  fol_photo_set_region (photo, _fol_sqlite_column_region (stmt, 2));
  fol_photo_set_sha256 (photo, _fol_sqlite_column_text (stmt, 3));
  fol_photo_set_original_name (photo, _fol_sqlite_column_text (stmt, 4));
  fol_photo_set_taken_at (photo, _fol_sqlite_column_text (stmt, 5));
  fol_photo_set_width (photo, sqlite3_column_int (stmt, 6));
  fol_photo_set_height (photo, sqlite3_column_int (stmt, 7));
  fol_photo_set_px_per_mm (photo, _fol_sqlite_column_double (stmt, 8));
  fol_photo_set_created_at (photo, _fol_sqlite_column_text (stmt, 9));
  fol_photo_set_visit_date (photo, _fol_sqlite_column_date (stmt, 10));
  fol_photo_set_visit_kind (photo, _fol_sqlite_column_text (stmt, 11));

  return photo;
}

static char *
photo_owner (FolSqliteStore *self,
             const char     *photo_id)
{
  return _fol_sqlite_lookup_owner (self,
                                   "SELECT v.patient_id FROM photos p JOIN visits v"
                                   " ON v.id = p.visit_id WHERE p.id = ?",
                                   photo_id);
}

static void
set_photo_not_found (GError     **error,
                     const char  *photo_id)
{
  g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
               _("No photo has the ID “%s”"), photo_id);
}

static gboolean
fol_sqlite_store_save_photo (FolStore    *store,
                             FolPhoto    *photo,
                             GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *new_id = NULL;
  g_autofree char *patient_id = NULL;
  double px_per_mm = fol_photo_get_px_per_mm (photo);
  sqlite3_stmt *stmt;

  if (fol_photo_get_region (photo) >= FOL_N_REGIONS || fol_photo_get_sha256 (photo) == NULL ||
      fol_photo_get_visit_id (photo) == NULL ||
      fol_photo_get_width (photo) <= 0 || fol_photo_get_height (photo) <= 0)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                   _("A photo needs a visit, a region, its content and its size"));
      return FALSE;
    }

  if (!isnan (px_per_mm) && !(px_per_mm > 0 && isfinite (px_per_mm)))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                   _("The photo's scale must be a positive number of pixels per millimetre"));
      return FALSE;
    }

  if (fol_photo_get_id (photo) == NULL)
    new_id = g_uuid_string_random ();

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  stmt = _fol_sqlite_prepare (self,
                  "INSERT INTO photos (id, visit_id, region, sha256, original_name, taken_at, width,"
                  " height, px_per_mm, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                  " ON CONFLICT (id) DO UPDATE SET region = ?3, taken_at = ?6, px_per_mm = ?9", error);
  if (stmt == NULL)
    return _fol_sqlite_rollback (self);

  _fol_sqlite_bind_text (stmt, 1, new_id ? new_id : fol_photo_get_id (photo));
  _fol_sqlite_bind_text (stmt, 2, fol_photo_get_visit_id (photo));
  _fol_sqlite_bind_text (stmt, 3, fol_region_code (fol_photo_get_region (photo)));
  _fol_sqlite_bind_text (stmt, 4, fol_photo_get_sha256 (photo));
  _fol_sqlite_bind_text (stmt, 5, fol_photo_get_original_name (photo));
  _fol_sqlite_bind_text (stmt, 6, fol_photo_get_taken_at (photo));
  sqlite3_bind_int (stmt, 7, fol_photo_get_width (photo));
  sqlite3_bind_int (stmt, 8, fol_photo_get_height (photo));
  _fol_sqlite_bind_double (stmt, 9, px_per_mm);
  _fol_sqlite_bind_text (stmt, 10, now);
  if (!_fol_sqlite_step_done (self, stmt, error) || !_fol_sqlite_commit (self, error))
    return _fol_sqlite_rollback (self);

  if (new_id != NULL)
    {
      fol_photo_set_id (photo, new_id);
      fol_photo_set_created_at (photo, now);
    }

  patient_id = _fol_sqlite_lookup_owner (self, "SELECT patient_id FROM visits WHERE id = ?",
                                         fol_photo_get_visit_id (photo));
  fol_store_emit_changed (store, FOL_STORE_CHANGE_PHOTO, patient_id);
  return TRUE;
}

static int
compare_photos (gconstpointer a,
                gconstpointer b)
{
  FolPhoto *pa = *(FolPhoto **) a;
  FolPhoto *pb = *(FolPhoto **) b;
  guint ra = fol_photo_get_region (pa), rb = fol_photo_get_region (pb);
  FolDate da = fol_photo_get_visit_date (pa), db = fol_photo_get_visit_date (pb);
  int c;

  if (ra != rb)
    return ra < rb ? -1 : 1;
  if (da != db)
    return da > db ? -1 : 1;
  /* Newest first within a visit too; the ID keeps the order stable. */
  c = g_strcmp0 (fol_photo_get_created_at (pb), fol_photo_get_created_at (pa));
  if (c != 0)
    return c;
  return g_strcmp0 (fol_photo_get_id (pa), fol_photo_get_id (pb));
}

static GPtrArray *
fol_sqlite_store_list_photos (FolStore    *store,
                              const char  *patient_id,
                              GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self,
                  "SELECT " PHOTO_COLUMNS " FROM photos p JOIN visits v ON v.id = p.visit_id"
                  " WHERE v.patient_id = ?", error);
  if (stmt == NULL)
    return NULL;

  _fol_sqlite_bind_text (stmt, 1, patient_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FolPhoto *photo = photo_from_row (stmt);

      /* A region code this version does not know is skipped, not shown
       * under the wrong region.
       */
      if (fol_photo_get_region (photo) >= FOL_N_REGIONS)
        g_object_unref (photo);
      else
        g_ptr_array_add (photos, photo);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }

  g_ptr_array_sort (photos, compare_photos);
  return g_steal_pointer (&photos);
}

static FolPhoto *
fol_sqlite_store_get_photo (FolStore    *store,
                            const char  *photo_id,
                            GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autoptr(FolPhoto) photo = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self,
                  "SELECT " PHOTO_COLUMNS " FROM photos p JOIN visits v ON v.id = p.visit_id"
                  " WHERE p.id = ?", error);
  if (stmt == NULL)
    return NULL;

  _fol_sqlite_bind_text (stmt, 1, photo_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    photo = photo_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }
  if (photo == NULL)
    {
      set_photo_not_found (error, photo_id);
      return NULL;
    }

  return g_steal_pointer (&photo);
}

static FolPhoto *
fol_sqlite_store_find_photo_by_sha256 (FolStore    *store,
                                       const char  *sha256,
                                       GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autoptr(FolPhoto) photo = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _fol_sqlite_prepare (self,
                  "SELECT " PHOTO_COLUMNS " FROM photos p JOIN visits v ON v.id = p.visit_id"
                  " WHERE p.sha256 = ? ORDER BY p.created_at LIMIT 1", error);
  if (stmt == NULL)
    return NULL;

  _fol_sqlite_bind_text (stmt, 1, sha256);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    photo = photo_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&photo);
}

static gboolean
fol_sqlite_store_delete_photo (FolStore    *store,
                               const char  *photo_id,
                               GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *patient_id = photo_owner (self, photo_id);
  sqlite3_stmt *stmt;

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  stmt = _fol_sqlite_prepare (self, "DELETE FROM photos WHERE id = ?", error);
  if (stmt == NULL)
    return _fol_sqlite_rollback (self);

  _fol_sqlite_bind_text (stmt, 1, photo_id);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return _fol_sqlite_rollback (self);

  if (sqlite3_changes (self->db) == 0)
    {
      set_photo_not_found (error, photo_id);
      return _fol_sqlite_rollback (self);
    }

  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PHOTO, patient_id);
  return TRUE;
}

static gboolean
fol_sqlite_store_set_photo_calibration (FolStore    *store,
                                        const char  *photo_id,
                                        double       px_per_mm,
                                        GError     **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *patient_id = NULL;
  sqlite3_stmt *stmt;

  if (!isnan (px_per_mm) && !(px_per_mm > 0 && isfinite (px_per_mm)))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                   _("The photo's scale must be a positive number of pixels per millimetre"));
      return FALSE;
    }

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  stmt = _fol_sqlite_prepare (self, "UPDATE photos SET px_per_mm = ? WHERE id = ?", error);
  if (stmt == NULL)
    return _fol_sqlite_rollback (self);

  _fol_sqlite_bind_double (stmt, 1, px_per_mm);
  _fol_sqlite_bind_text (stmt, 2, photo_id);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return _fol_sqlite_rollback (self);

  if (sqlite3_changes (self->db) == 0)
    {
      set_photo_not_found (error, photo_id);
      return _fol_sqlite_rollback (self);
    }

  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  patient_id = photo_owner (self, photo_id);
  fol_store_emit_changed (store, FOL_STORE_CHANGE_PHOTO, patient_id);
  return TRUE;
}

static gboolean
fol_sqlite_store_save_photo_count (FolStore             *store,
                                   const char           *photo_id,
                                   const FolPhotoField  *field,
                                   GArray               *marks,
                                   GError              **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autofree char *patient_id = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (field != NULL &&
      (field->shape > FOL_FIELD_CIRCLE || !(field->size_mm > 0) || !isfinite (field->size_mm) ||
       !isfinite (field->centre_x) || !isfinite (field->centre_y)))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                   _("The counting field needs a position and a size above 0 mm"));
      return FALSE;
    }

  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      const FolPhotoMark *mark = &g_array_index (marks, FolPhotoMark, i);

      if (!isfinite (mark->x) || !isfinite (mark->y))
        {
          g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                       _("A hair mark has no position on the photo"));
          return FALSE;
        }
    }

  if (!_fol_sqlite_begin (self, error))
    return FALSE;

  /* The photo must exist: the foreign key would only say "constraint". */
  stmt = _fol_sqlite_prepare (self, "SELECT 1 FROM photos WHERE id = ?", error);
  if (stmt == NULL)
    return _fol_sqlite_rollback (self);
  _fol_sqlite_bind_text (stmt, 1, photo_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        set_photo_not_found (error, photo_id);
      else
        _fol_sqlite_fail (self, rc, error);
      return _fol_sqlite_rollback (self);
    }

  stmt = _fol_sqlite_prepare (self, "DELETE FROM photo_marks WHERE photo_id = ?", error);
  if (stmt == NULL)
    return _fol_sqlite_rollback (self);
  _fol_sqlite_bind_text (stmt, 1, photo_id);
  if (!_fol_sqlite_step_done (self, stmt, error))
    return _fol_sqlite_rollback (self);

  if (field == NULL)
    {
      stmt = _fol_sqlite_prepare (self, "DELETE FROM photo_fields WHERE photo_id = ?", error);
      if (stmt == NULL)
        return _fol_sqlite_rollback (self);
      _fol_sqlite_bind_text (stmt, 1, photo_id);
    }
  else
    {
      stmt = _fol_sqlite_prepare (self,
                      "INSERT INTO photo_fields (photo_id, shape, centre_x, centre_y, size_mm)"
                      " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (photo_id) DO UPDATE"
                      " SET shape = ?2, centre_x = ?3, centre_y = ?4, size_mm = ?5", error);
      if (stmt == NULL)
        return _fol_sqlite_rollback (self);
      _fol_sqlite_bind_text (stmt, 1, photo_id);
      _fol_sqlite_bind_text (stmt, 2, fol_field_shape_code (field->shape));
      sqlite3_bind_double (stmt, 3, field->centre_x);
      sqlite3_bind_double (stmt, 4, field->centre_y);
      sqlite3_bind_double (stmt, 5, field->size_mm);
    }
  if (!_fol_sqlite_step_done (self, stmt, error))
    return _fol_sqlite_rollback (self);

  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      const FolPhotoMark *mark = &g_array_index (marks, FolPhotoMark, i);

      stmt = _fol_sqlite_prepare (self,
                      "INSERT INTO photo_marks (photo_id, position, x, y, origin, diameter_um)"
                      " VALUES (?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return _fol_sqlite_rollback (self);
      _fol_sqlite_bind_text (stmt, 1, photo_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_double (stmt, 3, mark->x);
      sqlite3_bind_double (stmt, 4, mark->y);
      _fol_sqlite_bind_text (stmt, 5, fol_mark_origin_code (mark->origin));
      _fol_sqlite_bind_double (stmt, 6, fol_photo_mark_has_diameter (mark) ? mark->diameter_um
                                                                           : NAN);
      if (!_fol_sqlite_step_done (self, stmt, error))
        return _fol_sqlite_rollback (self);
    }

  if (!_fol_sqlite_commit (self, error))
    return FALSE;

  patient_id = photo_owner (self, photo_id);
  fol_store_emit_changed (store, FOL_STORE_CHANGE_PHOTO, patient_id);
  return TRUE;
}

static gboolean
fol_sqlite_store_load_photo_count (FolStore       *store,
                                   const char     *photo_id,
                                   gboolean       *out_has_field,
                                   FolPhotoField  *out_field,
                                   GArray        **out_marks,
                                   GError        **error)
{
  FolSqliteStore *self = FOL_SQLITE_STORE (store);
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));
  FolPhotoField field = { FOL_FIELD_SQUARE, 0, 0, FOL_FIELD_DEFAULT_SIZE_MM };
  gboolean has_field = FALSE;
  gboolean ok = FALSE;
  sqlite3_stmt *stmt;
  int rc;

  /* One read transaction: the field and its marks are one snapshot. */
  if (!_fol_sqlite_exec (self, "BEGIN", error))
    return FALSE;

  stmt = _fol_sqlite_prepare (self,
                  "SELECT shape, centre_x, centre_y, size_mm FROM photo_fields WHERE photo_id = ?",
                  error);
  if (stmt == NULL)
    goto out;
  _fol_sqlite_bind_text (stmt, 1, photo_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW &&
      fol_field_shape_from_code (_fol_sqlite_column_text (stmt, 0), &field.shape))
    {
      field.centre_x = sqlite3_column_double (stmt, 1);
      field.centre_y = sqlite3_column_double (stmt, 2);
      field.size_mm = sqlite3_column_double (stmt, 3);
      has_field = TRUE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, rc, error);
      goto out;
    }

  stmt = _fol_sqlite_prepare (self,
                  "SELECT x, y, origin, diameter_um FROM photo_marks WHERE photo_id = ?"
                  " ORDER BY position", error);
  if (stmt == NULL)
    goto out;
  _fol_sqlite_bind_text (stmt, 1, photo_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FolPhotoMark mark = {
        .x = sqlite3_column_double (stmt, 0),
        .y = sqlite3_column_double (stmt, 1),
        .diameter_um = sqlite3_column_type (stmt, 3) == SQLITE_NULL
                         ? NAN : sqlite3_column_double (stmt, 3),
      };

      fol_mark_origin_from_code (_fol_sqlite_column_text (stmt, 2), &mark.origin);

      g_array_append_val (marks, mark);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _fol_sqlite_fail (self, rc, error);
      goto out;
    }

  ok = TRUE;
  *out_has_field = has_field;
  *out_field = field;
  *out_marks = g_steal_pointer (&marks);

out:
  _fol_sqlite_exec (self, "COMMIT", NULL);
  return ok;
}

void
_fol_sqlite_store_photos_iface_init (FolStoreInterface *iface)
{
  iface->save_photo = fol_sqlite_store_save_photo;
  iface->list_photos = fol_sqlite_store_list_photos;
  iface->get_photo = fol_sqlite_store_get_photo;
  iface->delete_photo = fol_sqlite_store_delete_photo;
  iface->find_photo_by_sha256 = fol_sqlite_store_find_photo_by_sha256;
  iface->set_photo_calibration = fol_sqlite_store_set_photo_calibration;
  iface->save_photo_count = fol_sqlite_store_save_photo_count;
  iface->load_photo_count = fol_sqlite_store_load_photo_count;
}
