/* fol-application-private.h
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

#include "fol-application.h"
#include "fol-backup-policy.h"

G_BEGIN_DECLS

struct _FolApplication
{
  AdwApplication parent_instance;

  /* Owned */
  char      *database;
  FolStore  *store;
  GSettings *settings;
  GError    *open_error;
  FolBackupPolicy *backups;
  char      *notice;          /* said once in the next window */

  /* Borrowed */
  GtkWidget *replaced_dialog;

  gboolean   demo;
  gboolean   service;
};

void _fol_application_actions_init (FolApplication *self);

G_END_DECLS
