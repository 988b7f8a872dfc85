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
  GPtrArray *hidden;   /* GtkWindow: hidden during the review, shown after */
  char      *demo_dir;   /* the demo clinic's own folder, while it is open */
  FolStore  *next_store; /* a clinic server connected from Preferences, to switch to */

  /* Borrowed */
  GtkWidget *replaced_dialog;
  GtkWindow *review;   /* weak: the clinic's review while it is open */
  GtkWindow *passphrase_dialog;  /* weak: asks for a protected file's passphrase */
  GtkWindow *server_dialog;  /* weak: asks for the clinic server's password at start */

  gboolean   demo;
  gboolean   service;
  gboolean   quitting; /* the review was left to quit */
  gboolean   switch_to_demo;  /* what the next switch of clinic opens */
};

void _fol_application_actions_init   (FolApplication *self);
void _fol_application_actions_update (FolApplication *self);

/* Review mode is a kiosk: while @review is open every other window is
 * hidden, the application's commands are off, quitting asks like leaving
 * does, and the settings remember the patient, so that a start after a
 * crash comes back into the review.
 */
void _fol_application_begin_review   (FolApplication *self,
                                      GtkWindow      *review,
                                      const char     *patient_id);
/* The review was left as the clinic asked (with the PIN): forget it, and
 * quit once it is closed when @quit.
 */
void _fol_application_review_left    (FolApplication *self,
                                      gboolean        quit);

G_END_DECLS
