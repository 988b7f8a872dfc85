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
#include "fol-sqlite-store.h"

/* The one place that picks the backend for a clinic's location: a file
 * is an SQLite clinic; a server's address (postgresql://…) is for a
 * backend this build does not have, and is refused as such rather than
 * taken for a file name.
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

/**
 * fol_clinic_location_is_file:
 *
 * Whether @location names a clinic file on this computer; a server's
 * address is refused with %G_IO_ERROR_NOT_SUPPORTED and a message that
 * names it. Commands that take a clinic by location (a restore) check it
 * before they touch anything.
 */
gboolean
fol_clinic_location_is_file (const char  *location,
                             GError     **error)
{
  g_return_val_if_fail (location != NULL, FALSE);

  if (!is_uri (location))
    return TRUE;

  {
    g_autofree char *scheme = g_uri_parse_scheme (location);

    if (g_ascii_strcasecmp (scheme, "postgresql") == 0 || g_ascii_strcasecmp (scheme, "postgres") == 0)
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is a clinic server: clinic servers (PostgreSQL) are not supported in "
                     "this build. Give the path of a clinic file instead."), location);
    else
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a clinic file, and clinics at such an address are not supported "
                     "in this build. Give the path of a clinic file instead."), location);
  }
  return FALSE;
}

/**
 * fol_clinic_open:
 * @location: (nullable): a clinic file's path; %NULL for
 *   fol_clinic_default_location()
 *
 * Opens the clinic at @location with the backend that keeps it. A file
 * (made when needed, unless @flags say otherwise) is an SQLite clinic: see
 * fol_sqlite_store_open() for how it is made, upgraded and locked.
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
