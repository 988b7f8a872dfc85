/* fol-pg-store-photos.c
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

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fol-error.h"
#include "fol-i18n.h"
#include "fol-pg-store-private.h"

/* Photos on a clinic server, with the same records and results as on a
 * workstation (fol-sqlite-store-photos.c).
 *
 * A photo's bytes live in the server, in photo_files, named by their
 * SHA-256: the server checks the name against the bytes, keeps one copy
 * however many photos show it, and removes it with the last of them
 * (migration 3). Each workstation keeps copies in its own cache folder,
 * laid out as a workstation's photo folder is (<2 hex>/<sha256>.<ext>), so
 * that importing and showing photos work the same on both: an import
 * copies the file into the cache and fol_pg_store_save_photo() sends it to
 * the server with the record. A copy is checked against its name each time
 * the store reads it; one that is missing or damaged is fetched again.
 */

#define PHOTO_COLUMNS \
  "p.id, p.visit_id, p.region, p.sha256, p.original_name, p.taken_at, p.width, p.height," \
  " p.px_per_mm, p.created_at, v.visit_date, v.kind"

/* Where this workstation keeps its copies, when not the default one. The
 * connection's object (fol-pg-store.c) knows nothing of photos; what they
 * need of it is kept here.
 */
static GQuark
photo_cache_quark (void)
{
  return g_quark_from_static_string ("fol-pg-store-photo-cache");
}

/* Helpers */

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static char *
photo_cache_dir (FolPgStore *self)
{
  const char *dir = g_object_get_qdata (G_OBJECT (self), photo_cache_quark ());
  const char *clinic_id = fol_pg_store_get_clinic_id (self);

  if (dir != NULL)
    return g_strdup (dir);
  /* The clinic's UUID names a folder: nothing else may. */
  if (clinic_id == NULL || !g_uuid_string_is_valid (clinic_id))
    return NULL;
  return g_build_filename (g_get_user_cache_dir (), "follicle", "clinics", clinic_id, "photos",
                           NULL);
}

/* The extension fol-photo-import.c gives a photo of this content, so that
 * a copy fetched from the server is found where an imported one would be.
 */
static const char *
extension_for (GBytes *bytes)
{
  gsize length = 0;
  const guint8 *head = g_bytes_get_data (bytes, &length);

  if (length >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
    return "jpg";
  if (length >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (length >= 4 && (memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0))
    return "tif";
  if (length >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WEBP", 4) == 0)
    return "webp";
  return "bin";
}

static gboolean
holds (GBytes     *bytes,
       const char *sha256)
{
  g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  return g_strcmp0 (actual, sha256) == 0;
}

/* The cached copy of @sha256, checked: a copy whose bytes do not match
 * its name is removed. %NULL when there is no good copy.
 */
static GBytes *
read_cached (const char *dir,
             const char *sha256)
{
  char prefix[3] = { sha256[0], sha256[1], '\0' };
  g_autofree char *subdir = g_build_filename (dir, prefix, NULL);
  g_autoptr(GDir) d = g_dir_open (subdir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      char *contents = NULL;
      gsize length = 0;

      if (strncmp (name, sha256, 64) != 0 || (name[64] != '\0' && name[64] != '.'))
        continue;
      path = g_build_filename (subdir, name, NULL);
      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      bytes = g_bytes_new_take (contents, length);
      if (holds (bytes, sha256))
        return g_steal_pointer (&bytes);
      g_debug ("Removing the damaged copy %s", path);
      g_unlink (path);
    }
  return NULL;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }
  return TRUE;
}

/* Keeps a copy of @bytes, whole or not at all: written under a temporary
 * name in its folder, synced, then renamed. Folders 0700, files 0600.
 */
static gboolean
write_cached (const char  *dir,
              const char  *sha256,
              GBytes      *bytes,
              GError     **error)
{
  char prefix[3] = { sha256[0], sha256[1], '\0' };
  g_autofree char *subdir = g_build_filename (dir, prefix, NULL);
  g_autofree char *tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", subdir, sha256);
  g_autofree char *path = g_strdup_printf ("%s/%s.%s", subdir, sha256, extension_for (bytes));
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  int errsv;
  int fd;

  if (g_mkdir_with_parents (subdir, 0700) != 0 || g_chmod (dir, 0700) != 0 ||
      g_chmod (subdir, 0700) != 0)
    {
      errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot create the folder “%s”: %s"), subdir, g_strerror (errsv));
      return FALSE;
    }

  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      errsv = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot write in “%s”: %s"), subdir, g_strerror (errsv));
      return FALSE;
    }
  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      errsv = errno;
      close (fd);
      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot write in “%s”: %s"), subdir, g_strerror (errsv));
      return FALSE;
    }
  if (close (fd) != 0 || g_rename (tmp_path, path) != 0)
    {
      errsv = errno;
      g_unlink (tmp_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Cannot write in “%s”: %s"), subdir, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/* A statement whose parameters or result may be bytes (@formats: 1 for a
 * binary parameter); NULL (and @error set) unless it succeeded.
 */
static PGresult *
query_binary (PGconn             *conn,
              const char         *sql,
              int                 n_params,
              const char * const *params,
              const int          *lengths,
              const int          *formats,
              int                 result_format,
              GError            **error)
{
  PGresult *result = PQexecParams (conn, sql, n_params, NULL, params, lengths, formats,
                                   result_format);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      _fol_pg_set_error (error, conn, result);
      PQclear (result);
      return NULL;
    }
  return result;
}

/* The first value of a statement's first row, or NULL; @found says whether
 * there was a row.
 */
static char *
query_value (PGconn              *conn,
             const char          *sql,
             int                  n_params,
             const char * const  *params,
             gboolean            *found,
             GError             **error)
{
  PGresult *result = _fol_pg_query (conn, sql, n_params, params, error);
  char *value = NULL;

  if (result == NULL)
    return NULL;
  *found = PQntuples (result) > 0;
  if (*found)
    value = g_strdup (_fol_pg_value (result, 0, 0));
  PQclear (result);
  return value;
}

static const char *
double_text (char   *buffer,
             double  value)
{
  if (isnan (value))
    return NULL;
  return g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.17g", value);
}

static double
double_value (const PGresult *result,
              int             row,
              int             column)
{
  const char *text = _fol_pg_value (result, row, column);

  return text != NULL ? g_ascii_strtod (text, NULL) : NAN;
}

static FolPhoto *
photo_from_row (const PGresult *result,
                int             row)
{
  FolPhoto *photo = fol_photo_new ();
  FolRegion region;

  if (!fol_region_from_code (_fol_pg_value (result, row, 2), &region))
    region = FOL_N_REGIONS;
  fol_photo_set_id (photo, _fol_pg_value (result, row, 0));
  fol_photo_set_visit_id (photo, _fol_pg_value (result, row, 1));
  fol_photo_set_region (photo, region);
  fol_photo_set_sha256 (photo, _fol_pg_value (result, row, 3));
  fol_photo_set_original_name (photo, _fol_pg_value (result, row, 4));
  fol_photo_set_taken_at (photo, _fol_pg_value (result, row, 5));
  fol_photo_set_width (photo, (int) g_ascii_strtoll (PQgetvalue (result, row, 6), NULL, 10));
  fol_photo_set_height (photo, (int) g_ascii_strtoll (PQgetvalue (result, row, 7), NULL, 10));
  fol_photo_set_px_per_mm (photo, double_value (result, row, 8));
  fol_photo_set_created_at (photo, _fol_pg_value (result, row, 9));
  fol_photo_set_visit_date (photo, _fol_pg_date_value (result, row, 10));
  fol_photo_set_visit_kind (photo, _fol_pg_value (result, row, 11));
  return photo;
}

static void
set_photo_not_found (GError     **error,
                     const char  *photo_id)
{
  g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
               _("No photo has the ID “%s”"), photo_id);
}

/* Runs a statement on one photo that returns its patient; FALSE with
 * "not found" when no photo has the ID.
 */
static gboolean
change_photo (FolStore    *store,
              const char  *sql,
              int          n_params,
              const char **params,
              const char  *photo_id,
              GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autofree char *patient_id = NULL;
  gboolean found = FALSE;
  GError *local = NULL;

  patient_id = query_value (conn, sql, n_params, params, &found, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (!found)
    {
      set_photo_not_found (error, photo_id);
      return FALSE;
    }
  fol_store_emit_changed (store, FOL_STORE_CHANGE_PHOTO, patient_id);
  return TRUE;
}

/* The bytes of @sha256 on the server, inside the current transaction:
 * sent from this workstation's copy when the server has none yet. The
 * server's copy is locked until the transaction ends, so that it cannot
 * leave with the last other photo that shows it meanwhile.
 */
static gboolean
ensure_on_server (FolPgStore  *self,
                  const char  *sha256,
                  const char  *name,
                  GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (self);
  g_autofree char *dir = photo_cache_dir (self);
  g_autoptr(GBytes) bytes = NULL;
  const char *params[] = { sha256, NULL };
  int lengths[] = { 0, 0 };
  int formats[] = { 0, 1 };
  gboolean found = FALSE;
  GError *local = NULL;
  PGresult *result;
  gsize length = 0;

  g_free (query_value (conn, "SELECT 1 FROM photo_files WHERE sha256 = $1 FOR KEY SHARE", 1,
                       params, &found, &local));
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (found)
    return TRUE;

  if (dir != NULL && is_sha256 (sha256))
    bytes = read_cached (dir, sha256);
  if (bytes == NULL)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("The photo “%s” is neither on this computer nor on the clinic server"),
                   name);
      return FALSE;
    }

  params[1] = g_bytes_get_data (bytes, &length);
  if (length > G_MAXINT)
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("The photo “%s” is too large for the clinic server"), name);
      return FALSE;
    }
  lengths[1] = (int) length;
  result = query_binary (conn, "INSERT INTO photo_files (sha256, bytes) VALUES ($1, $2)"
                               " ON CONFLICT (sha256) DO NOTHING",
                         2, params, lengths, formats, 0, error);
  if (result == NULL)
    return FALSE;
  PQclear (result);
  return TRUE;
}

/* Photos */

static gboolean
fol_pg_store_save_photo (FolStore    *store,
                         FolPhoto    *photo,
                         GError     **error)
{
  FolPgStore *self = FOL_PG_STORE (store);
  PGconn *conn = _fol_pg_store_get_conn (self);
  g_autofree char *now = fol_timestamp_now ();
  g_autofree char *new_id = NULL;
  g_autofree char *patient_id = NULL;
  g_autofree char *width = g_strdup_printf ("%d", fol_photo_get_width (photo));
  g_autofree char *height = g_strdup_printf ("%d", fol_photo_get_height (photo));
  const char *sha256 = fol_photo_get_sha256 (photo);
  const char *name = fol_photo_get_original_name (photo);
  char scale[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean found = FALSE;
  GError *local = NULL;
  PGresult *result;
  const char *id;

  if (fol_photo_get_id (photo) == NULL)
    new_id = g_uuid_string_random ();
  id = new_id ? new_id : fol_photo_get_id (photo);

  if (!_fol_pg_exec (conn, "BEGIN", error))
    return FALSE;

  {
    const char *params[] = { fol_photo_get_visit_id (photo) };

    patient_id = query_value (conn, "SELECT patient_id FROM visits WHERE id = $1 FOR KEY SHARE",
                              1, params, &found, &local);
    if (local != NULL || !found)
      {
        if (local != NULL)
          g_propagate_error (error, local);
        else
          g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                       _("No visit has the ID “%s”"), params[0]);
        return _fol_pg_rollback (conn);
      }
  }

  if (!ensure_on_server (self, sha256, name != NULL ? name : sha256, error))
    return _fol_pg_rollback (conn);

  /* Photos of the same content tell which came first by their time, as
   * fol_store_find_photo_by_sha256() answers, even within a millisecond.
   */
  if (new_id != NULL)
    {
      const char *params[] = { sha256 };
      g_autofree char *latest = query_value (conn, "SELECT max (created_at) FROM photos"
                                                   " WHERE sha256 = $1",
                                             1, params, &found, &local);

      if (local != NULL)
        {
          g_propagate_error (error, local);
          return _fol_pg_rollback (conn);
        }
      if (latest != NULL)
        fol_timestamp_after (&now, latest);
    }

  {
    const char *params[] = {
      id, fol_photo_get_visit_id (photo), fol_region_code (fol_photo_get_region (photo)),
      sha256, name, fol_photo_get_taken_at (photo), width, height,
      double_text (scale, fol_photo_get_px_per_mm (photo)), now,
    };

    result = _fol_pg_query (conn,
                            "INSERT INTO photos (id, visit_id, region, sha256, original_name,"
                            " taken_at, width, height, px_per_mm, created_at)"
                            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                            " ON CONFLICT (id) DO UPDATE SET region = $3, taken_at = $6,"
                            " px_per_mm = $9, version = photos.version + 1",
                            G_N_ELEMENTS (params), params, error);
    if (result == NULL)
      return _fol_pg_rollback (conn);
    PQclear (result);
  }

  if (!_fol_pg_exec (conn, "COMMIT", error))
    return _fol_pg_rollback (conn);

  if (new_id != NULL)
    {
      fol_photo_set_id (photo, new_id);
      fol_photo_set_created_at (photo, now);
    }
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
fol_pg_store_list_photos (FolStore    *store,
                          const char  *patient_id,
                          GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autoptr(GPtrArray) photos = g_ptr_array_new_with_free_func (g_object_unref);
  const char *params[] = { patient_id };
  PGresult *result;

  result = _fol_pg_query (conn, "SELECT " PHOTO_COLUMNS " FROM photos p"
                                " JOIN visits v ON v.id = p.visit_id WHERE v.patient_id = $1",
                          1, params, error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      FolPhoto *photo = photo_from_row (result, i);

      /* A region code this version does not know is skipped, not shown
       * under the wrong region.
       */
      if (fol_photo_get_region (photo) >= FOL_N_REGIONS)
        g_object_unref (photo);
      else
        g_ptr_array_add (photos, photo);
    }
  PQclear (result);

  g_ptr_array_sort (photos, compare_photos);
  return g_steal_pointer (&photos);
}

static FolPhoto *
get_one (FolStore    *store,
         const char  *sql,
         const char  *value,
         GError     **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  const char *params[] = { value };
  FolPhoto *photo = NULL;
  PGresult *result;

  result = _fol_pg_query (conn, sql, 1, params, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) > 0)
    photo = photo_from_row (result, 0);
  PQclear (result);
  return photo;
}

static FolPhoto *
fol_pg_store_get_photo (FolStore    *store,
                        const char  *photo_id,
                        GError     **error)
{
  GError *local = NULL;
  FolPhoto *photo = get_one (store, "SELECT " PHOTO_COLUMNS " FROM photos p"
                                    " JOIN visits v ON v.id = p.visit_id WHERE p.id = $1",
                             photo_id, &local);

  if (local != NULL)
    g_propagate_error (error, local);
  else if (photo == NULL)
    set_photo_not_found (error, photo_id);
  return photo;
}

static FolPhoto *
fol_pg_store_find_photo_by_sha256 (FolStore    *store,
                                   const char  *sha256,
                                   GError     **error)
{
  return get_one (store, "SELECT " PHOTO_COLUMNS " FROM photos p"
                         " JOIN visits v ON v.id = p.visit_id WHERE p.sha256 = $1"
                         " ORDER BY p.created_at, p.id LIMIT 1",
                  sha256, error);
}

/* One statement, its own transaction: the photo's count goes with it by
 * the cascade, its bytes with the last photo that shows them (migration 3).
 */
static gboolean
fol_pg_store_delete_photo (FolStore    *store,
                           const char  *photo_id,
                           GError     **error)
{
  const char *params[] = { photo_id };

  return change_photo (store, "DELETE FROM photos p USING visits v"
                              " WHERE p.id = $1 AND v.id = p.visit_id RETURNING v.patient_id",
                       1, params, photo_id, error);
}

static gboolean
fol_pg_store_set_photo_calibration (FolStore    *store,
                                    const char  *photo_id,
                                    double       px_per_mm,
                                    GError     **error)
{
  char scale[G_ASCII_DTOSTR_BUF_SIZE];
  const char *params[] = { double_text (scale, px_per_mm), photo_id };

  return change_photo (store, "UPDATE photos p SET px_per_mm = $1, version = p.version + 1"
                              " FROM visits v WHERE p.id = $2 AND v.id = p.visit_id"
                              " RETURNING v.patient_id",
                       2, params, photo_id, error);
}

/* Hair counts */

/* The marks' coordinates, origins and diameters as array literals, for
 * unnest(); NULL for an unrecorded origin or no diameter.
 */
static void
marks_arrays (GArray  *marks,
              GString *xs,
              GString *ys,
              GString *origins,
              GString *diameters)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (xs, '{');
  g_string_append_c (ys, '{');
  g_string_append_c (origins, '{');
  g_string_append_c (diameters, '{');
  for (guint i = 0; marks != NULL && i < marks->len; i++)
    {
      const FolPhotoMark *mark = &g_array_index (marks, FolPhotoMark, i);
      const char *origin = fol_mark_origin_code (mark->origin);

      if (i > 0)
        {
          g_string_append_c (xs, ',');
          g_string_append_c (ys, ',');
          g_string_append_c (origins, ',');
          g_string_append_c (diameters, ',');
        }
      g_string_append (xs, g_ascii_formatd (buffer, sizeof buffer, "%.17g", mark->x));
      g_string_append (ys, g_ascii_formatd (buffer, sizeof buffer, "%.17g", mark->y));
      g_string_append (origins, origin != NULL ? origin : "NULL");
      if (fol_photo_mark_has_diameter (mark))
        g_string_append (diameters, g_ascii_formatd (buffer, sizeof buffer, "%.17g",
                                                     mark->diameter_um));
      else
        g_string_append (diameters, "NULL");
    }
  g_string_append_c (xs, '}');
  g_string_append_c (ys, '}');
  g_string_append_c (origins, '}');
  g_string_append_c (diameters, '}');
}

static gboolean
run (PGconn              *conn,
     const char          *sql,
     int                  n_params,
     const char * const  *params,
     GError             **error)
{
  PGresult *result = _fol_pg_query (conn, sql, n_params, params, error);

  if (result == NULL)
    return FALSE;
  PQclear (result);
  return TRUE;
}

static gboolean
fol_pg_store_save_photo_count (FolStore             *store,
                               const char           *photo_id,
                               const FolPhotoField  *field,
                               GArray               *marks,
                               GError              **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autofree char *patient_id = NULL;
  g_autoptr(GString) xs = g_string_new (NULL);
  g_autoptr(GString) ys = g_string_new (NULL);
  g_autoptr(GString) origins = g_string_new (NULL);
  g_autoptr(GString) diameters = g_string_new (NULL);
  const char *id_param[] = { photo_id };
  gboolean found = FALSE;
  GError *local = NULL;

  if (!_fol_pg_exec (conn, "BEGIN", error))
    return FALSE;

  /* The photo must exist, and keeps still while its count is replaced:
   * two workstations saving counts of one photo save one after the other.
   */
  patient_id = query_value (conn, "SELECT v.patient_id FROM photos p"
                                  " JOIN visits v ON v.id = p.visit_id WHERE p.id = $1"
                                  " FOR NO KEY UPDATE OF p",
                            1, id_param, &found, &local);
  if (local != NULL || !found)
    {
      if (local != NULL)
        g_propagate_error (error, local);
      else
        set_photo_not_found (error, photo_id);
      return _fol_pg_rollback (conn);
    }

  if (!run (conn, "DELETE FROM photo_marks WHERE photo_id = $1", 1, id_param, error))
    return _fol_pg_rollback (conn);

  if (field == NULL)
    {
      if (!run (conn, "DELETE FROM photo_fields WHERE photo_id = $1", 1, id_param, error))
        return _fol_pg_rollback (conn);
    }
  else
    {
      char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE], size[G_ASCII_DTOSTR_BUF_SIZE];
      const char *params[] = {
        photo_id, fol_field_shape_code (field->shape), double_text (x, field->centre_x),
        double_text (y, field->centre_y), double_text (size, field->size_mm),
      };

      if (!run (conn, "INSERT INTO photo_fields (photo_id, shape, centre_x, centre_y, size_mm)"
                      " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (photo_id) DO UPDATE"
                      " SET shape = $2, centre_x = $3, centre_y = $4, size_mm = $5",
                G_N_ELEMENTS (params), params, error))
        return _fol_pg_rollback (conn);
    }

  if (marks != NULL && marks->len > 0)
    {
      const char *params[] = { photo_id, NULL, NULL, NULL, NULL };

      marks_arrays (marks, xs, ys, origins, diameters);
      params[1] = xs->str;
      params[2] = ys->str;
      params[3] = origins->str;
      params[4] = diameters->str;
      if (!run (conn, "INSERT INTO photo_marks (photo_id, position, x, y, origin, diameter_um)"
                      " SELECT $1, m.n - 1, m.x, m.y, m.origin, m.diameter_um"
                      " FROM unnest ($2::float8[], $3::float8[], $4::text[], $5::float8[])"
                      " WITH ORDINALITY AS m (x, y, origin, diameter_um, n)",
                G_N_ELEMENTS (params), params, error))
        return _fol_pg_rollback (conn);
    }

  if (!_fol_pg_exec (conn, "COMMIT", error))
    return _fol_pg_rollback (conn);

  fol_store_emit_changed (store, FOL_STORE_CHANGE_PHOTO, patient_id);
  return TRUE;
}

static gboolean
fol_pg_store_load_photo_count (FolStore       *store,
                               const char     *photo_id,
                               gboolean       *out_has_field,
                               FolPhotoField  *out_field,
                               GArray        **out_marks,
                               GError        **error)
{
  PGconn *conn = _fol_pg_store_get_conn (FOL_PG_STORE (store));
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (FolPhotoMark));
  FolPhotoField field = { FOL_FIELD_SQUARE, 0, 0, FOL_FIELD_DEFAULT_SIZE_MM };
  const char *params[] = { photo_id };
  gboolean has_field = FALSE;
  PGresult *result;

  /* The field and its marks are read from one snapshot. */
  if (!_fol_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;

  result = _fol_pg_query (conn, "SELECT shape, centre_x, centre_y, size_mm FROM photo_fields"
                                " WHERE photo_id = $1", 1, params, error);
  if (result == NULL)
    return _fol_pg_rollback (conn);
  if (PQntuples (result) > 0 &&
      fol_field_shape_from_code (_fol_pg_value (result, 0, 0), &field.shape))
    {
      field.centre_x = double_value (result, 0, 1);
      field.centre_y = double_value (result, 0, 2);
      field.size_mm = double_value (result, 0, 3);
      has_field = TRUE;
    }
  PQclear (result);

  result = _fol_pg_query (conn, "SELECT x, y, origin, diameter_um FROM photo_marks"
                                " WHERE photo_id = $1 ORDER BY position", 1, params, error);
  _fol_pg_rollback (conn);
  if (result == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (result); i++)
    {
      FolPhotoMark mark = {
        .x = double_value (result, i, 0),
        .y = double_value (result, i, 1),
        .diameter_um = double_value (result, i, 3),
      };

      fol_mark_origin_from_code (_fol_pg_value (result, i, 2), &mark.origin);

      g_array_append_val (marks, mark);
    }
  PQclear (result);

  *out_has_field = has_field;
  *out_field = field;
  *out_marks = g_steal_pointer (&marks);
  return TRUE;
}

/* Photo bytes */

/* From this workstation's copy when it is good, else from the server, and
 * then kept here for the next time.
 */
static GBytes *
fol_pg_store_load_photo_bytes (FolStore    *store,
                               const char  *sha256,
                               GError     **error)
{
  FolPgStore *self = FOL_PG_STORE (store);
  PGconn *conn = _fol_pg_store_get_conn (self);
  g_autofree char *dir = photo_cache_dir (self);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) cache_error = NULL;
  const char *params[] = { sha256 };
  PGresult *result;

  if (dir != NULL && (bytes = read_cached (dir, sha256)) != NULL)
    return g_steal_pointer (&bytes);

  result = query_binary (conn, "SELECT bytes FROM photo_files WHERE sha256 = $1", 1, params,
                         NULL, NULL, 1, error);
  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      PQclear (result);
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_NOT_FOUND,
                   _("The photo file %s is not on the clinic server"), sha256);
      return NULL;
    }
  /* The result's memory is the bytes': no copy of a large photo. */
  bytes = g_bytes_new_with_free_func (PQgetvalue (result, 0, 0), PQgetlength (result, 0, 0),
                                      (GDestroyNotify) PQclear, result);
  if (!holds (bytes, sha256))
    {
      g_set_error (error, FOL_STORE_ERROR, FOL_STORE_ERROR_FAILED,
                   _("The clinic server sent a damaged copy of the photo file %s"), sha256);
      return NULL;
    }

  /* The cache saves time; a photo is shown without it. */
  if (dir != NULL && !write_cached (dir, sha256, bytes, &cache_error))
    g_debug ("Photo %s not kept on this computer: %s", sha256, cache_error->message);
  return g_steal_pointer (&bytes);
}

static char *
fol_pg_store_get_photo_dir (FolStore *store)
{
  return photo_cache_dir (FOL_PG_STORE (store));
}

/**
 * fol_pg_store_set_photo_cache:
 * @dir: (nullable): the folder, or %NULL for the default one
 *
 * Sets the folder this workstation keeps its copies of the clinic's photos
 * in; by default `$XDG_CACHE_HOME/follicle/clinics/<clinic UUID>/photos`.
 */
void
fol_pg_store_set_photo_cache (FolPgStore *self,
                              const char *dir)
{
  g_return_if_fail (FOL_IS_PG_STORE (self));

  g_object_set_qdata_full (G_OBJECT (self), photo_cache_quark (), g_strdup (dir), g_free);
}

void
_fol_pg_store_photos_iface_init (FolStoreInterface *iface)
{
  iface->save_photo = fol_pg_store_save_photo;
  iface->list_photos = fol_pg_store_list_photos;
  iface->get_photo = fol_pg_store_get_photo;
  iface->delete_photo = fol_pg_store_delete_photo;
  iface->find_photo_by_sha256 = fol_pg_store_find_photo_by_sha256;
  iface->set_photo_calibration = fol_pg_store_set_photo_calibration;
  iface->save_photo_count = fol_pg_store_save_photo_count;
  iface->load_photo_count = fol_pg_store_load_photo_count;
  iface->load_photo_bytes = fol_pg_store_load_photo_bytes;
  iface->get_photo_dir = fol_pg_store_get_photo_dir;
}
