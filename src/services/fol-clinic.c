/* fol-clinic.c
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

#define G_LOG_DOMAIN "fol-clinic"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "fol-clinic.h"
#include "fol-i18n.h"
#include "fol-pg-store.h"
#include "fol-sqlite-store.h"

/* The one place that picks the backend for a clinic's location: a file
 * is an SQLite clinic; a server's address (a libpq URI, postgresql://… or
 * postgres://…, or a key=value conninfo such as "host=clinic dbname=f")
 * is a clinic on a PostgreSQL server. Any other address is refused rather
 * than taken for a file name.
 */

/**
 * fol_clinic_default_location:
 *
 * Returns: (transfer full): the clinic opened when none is given,
 *   `$XDG_DATA_HOME/follicle/follicle.db`
 */
char *
fol_clinic_default_location (void)
{
  return fol_sqlite_store_default_path ();
}

/* "scheme://…": a URI, never a file this program would make. */
static gboolean
is_uri (const char *location)
{
  g_autofree char *scheme = g_uri_parse_scheme (location);

  return scheme != NULL && g_str_has_prefix (location + strlen (scheme), "://");
}

/* "dbname=clinic host=server": libpq's key=value form. A file name with
 * '=' in it is still a file when it names one, or has a slash first.
 */
static gboolean
is_conninfo (const char *location)
{
  static const char * const keys[] = { "dbname", "host", "hostaddr", "port", "user", "service" };
  const char *p = location;

  while (g_ascii_isspace (*p))
    p++;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      size_t len = strlen (keys[i]);
      const char *q = p + len;

      if (strncmp (p, keys[i], len) != 0)
        continue;
      while (*q == ' ')
        q++;
      if (*q == '=' && !g_file_test (location, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

/**
 * fol_clinic_location_is_server:
 *
 * Whether @location is a clinic server's address: a postgresql:// or
 * postgres:// URI, or a key=value connection string ("dbname=clinic").
 */
gboolean
fol_clinic_location_is_server (const char *location)
{
  g_return_val_if_fail (location != NULL, FALSE);

  /* libpq reads only these two schemes, in lower case. */
  if (is_uri (location))
    return fol_pg_store_is_location (location);
  return is_conninfo (location);
}

/**
 * fol_clinic_location_is_file:
 *
 * Whether @location names a clinic file on this computer; a server's
 * address, or any other, is refused with %G_IO_ERROR_NOT_SUPPORTED and a
 * message that names it. Commands that need a file (replacing a clinic
 * file by a backup) check it before they touch anything.
 */
gboolean
fol_clinic_location_is_file (const char  *location,
                             GError     **error)
{
  g_return_val_if_fail (location != NULL, FALSE);

  if (fol_clinic_location_is_server (location))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("“%s” is a clinic server, and this needs a clinic file. Give the path of a "
                   "clinic file instead."), location);
  else if (is_uri (location))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 _("“%s” is not a clinic file, and clinics at such an address are not supported "
                   "in this build. Give the path of a clinic file instead."), location);
  else
    return TRUE;
  return FALSE;
}

/**
 * fol_clinic_open:
 * @location: (nullable): a clinic file's path, or a clinic server's address;
 *   %NULL for fol_clinic_default_location()
 *
 * Opens the clinic at @location with the backend that keeps it. A file
 * (made when needed, unless @flags say otherwise) is an SQLite clinic: see
 * fol_sqlite_store_open() for how it is made, upgraded and locked. A
 * server's address opens a clinic on PostgreSQL (fol_pg_store_open()): an
 * empty database is given the clinic schema, unless @flags say
 * %FOL_CLINIC_OPEN_EXISTING, which refuses it and writes nothing.
 *
 * Returns: (transfer full): the clinic, or %NULL with @error set
 */
FolStore *
fol_clinic_open (const char          *location,
                 FolClinicOpenFlags   flags,
                 GError             **error)
{
  g_autofree char *path = location ? g_strdup (location) : fol_clinic_default_location ();
  FolSqliteStoreFlags sqlite_flags = FOL_SQLITE_STORE_FLAGS_NONE;

  /* libpq reads the password from PGPASSWORD or ~/.pgpass itself. */
  if (fol_clinic_location_is_server (path))
    return (FolStore *) ((flags & FOL_CLINIC_OPEN_EXISTING) ? fol_pg_store_open_existing (path, error)
                                                           : fol_pg_store_open (path, error));
  if (!fol_clinic_location_is_file (path, error))
    return NULL;

  if ((flags & FOL_CLINIC_OPEN_EXISTING) && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no clinic database at “%s”"), path);
      return NULL;
    }

  if (flags & FOL_CLINIC_OPEN_READ_ONLY)
    sqlite_flags |= FOL_SQLITE_STORE_FLAGS_READ_ONLY;
  return FOL_STORE (fol_sqlite_store_open (path, sqlite_flags, error));
}
