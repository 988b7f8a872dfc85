/* fol-clinic-server.h
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

#pragma once

#include <gio/gio.h>

#include "fol-store.h"

G_BEGIN_DECLS

#define FOL_CLINIC_SERVER_ERROR (fol_clinic_server_error_quark ())

/* What is wrong, by the field that has to change. */
typedef enum
{
  FOL_CLINIC_SERVER_ERROR_ADDRESS,   /* the address as a whole */
  FOL_CLINIC_SERVER_ERROR_HOST,
  FOL_CLINIC_SERVER_ERROR_PORT,
  FOL_CLINIC_SERVER_ERROR_DATABASE,
  FOL_CLINIC_SERVER_ERROR_USER,
  FOL_CLINIC_SERVER_ERROR_CA,
  FOL_CLINIC_SERVER_ERROR_PASSWORD,
  FOL_CLINIC_SERVER_ERROR_KEYRING,
} FolClinicServerError;

/* Where a clinic server is, without its password: what Preferences keep
 * and what `--database postgresql://…` says.
 */
typedef struct
{
  char  *host;
  guint  port;         /* 0: the default, 5432 */
  char  *database;
  char  *user;
  char  *sslmode;      /* NULL: libpq's default */
  char  *sslrootcert;  /* the clinic's CA certificate, a PEM file */
  char **options;      /* other libpq parameters, "name=value", as given */
} FolClinicServer;

GQuark           fol_clinic_server_error_quark    (void);

FolClinicServer *fol_clinic_server_new            (const char             *host,
                                                   const char             *port,
                                                   const char             *database,
                                                   const char             *user,
                                                   const char             *ca_file,
                                                   GError                **error);
FolClinicServer *fol_clinic_server_parse          (const char             *location,
                                                   GError                **error);
FolClinicServer *fol_clinic_server_copy           (const FolClinicServer  *server);
void             fol_clinic_server_free           (FolClinicServer        *server);
char            *fol_clinic_server_to_uri         (const FolClinicServer  *server);
char            *fol_clinic_server_dup_name       (const FolClinicServer  *server);

char            *fol_clinic_server_lookup_password (const FolClinicServer *server,
                                                    GCancellable          *cancellable,
                                                    GError               **error);
gboolean         fol_clinic_server_store_password (const FolClinicServer  *server,
                                                   const char             *password,
                                                   GCancellable           *cancellable,
                                                   GError                **error);
gboolean         fol_clinic_server_forget_password (const FolClinicServer *server,
                                                    GCancellable          *cancellable,
                                                    GError               **error);
void             fol_clinic_server_free_password  (char                   *password);

gboolean         fol_clinic_server_check_pgpass   (GError                **error);

FolStore        *fol_clinic_server_open           (const FolClinicServer  *server,
                                                   const char             *password,
                                                   GError                **error);
FolStore        *fol_clinic_server_open_location  (const char             *location,
                                                   const char             *password,
                                                   GError                **error);
void             fol_clinic_server_open_async     (const FolClinicServer  *server,
                                                   const char             *password,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data);
FolStore        *fol_clinic_server_open_finish    (GAsyncResult           *result,
                                                   GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FolClinicServer, fol_clinic_server_free)

G_END_DECLS
