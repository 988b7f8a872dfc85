/* fol-clinic-server-page-private.h
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

#include "fol-clinic-server.h"
#include "fol-clinic-server-page.h"

G_BEGIN_DECLS

struct _FolClinicServerPage
{
  AdwPreferencesPage parent_instance;

  /* Borrowed: the page's own rows */
  AdwEntryRow    *host_row;
  AdwEntryRow    *port_row;
  AdwEntryRow    *database_row;
  AdwEntryRow    *user_row;
  AdwActionRow   *ca_row;
  GtkButton      *ca_button;
  GtkButton      *ca_clear_button;
  AdwEntryRow    *password_row;
  AdwActionRow   *remember_row;
  GtkSwitch      *remember_switch;
  GtkButton      *connect_button;
  GtkButton      *local_button;
  GtkLabel       *message_label;
  GtkWidget      *error_row;     /* the row the message is about */

  /* Owned */
  FolApplication *application;   /* weak: the app outlives its windows */
  char           *ca_file;
  GCancellable   *cancellable;
  FolClinicServer *server;       /* being connected to */
  char           *password;      /* given for it, wiped when done */
  gboolean        connecting;
  gboolean        disposed;
};

G_END_DECLS
