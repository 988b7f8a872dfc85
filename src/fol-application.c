/* fol-application.c
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

#define G_LOG_DOMAIN "fol-application"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-application.h"
#include "fol-resources.h"
#include "fol-window.h"

struct _FolApplication
{
  AdwApplication parent_instance;

  char *database;
  gboolean demo;
};

G_DEFINE_FINAL_TYPE (FolApplication, fol_application, ADW_TYPE_APPLICATION)

static void
fol_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (fol_window_new (FOL_APPLICATION (app)));

  gtk_window_present (window);
}

static void
fol_application_finalize (GObject *object)
{
  FolApplication *self = FOL_APPLICATION (object);

  g_clear_pointer (&self->database, g_free);

  G_OBJECT_CLASS (fol_application_parent_class)->finalize (object);
}

static void
fol_application_class_init (FolApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = fol_application_finalize;
  app_class->activate = fol_application_activate;
}

static void
fol_application_init (FolApplication *self)
{
  /* Referencing the bundle keeps the linker from dropping it out of the
   * static library; its constructor registers it.
   */
  g_assert (fol_get_resource () != NULL);
}

FolApplication *
fol_application_new (const char *database,
                     gboolean    demo)
{
  FolApplication *self;

  self = g_object_new (FOL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
  self->database = g_strdup (database);
  self->demo = demo;
  return self;
}

int
fol_application_run_files (FolApplication     *self,
                           const char         *argv0,
                           const char * const *files)
{
  char *argv[] = { (char *) argv0, NULL };

  g_return_val_if_fail (FOL_IS_APPLICATION (self), 1);

  return g_application_run (G_APPLICATION (self), 1, argv);
}
