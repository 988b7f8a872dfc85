/* fol-window.c
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

#define G_LOG_DOMAIN "fol-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-window.h"

struct _FolWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwStatusPage *empty_page;
};

G_DEFINE_FINAL_TYPE (FolWindow, fol_window, ADW_TYPE_APPLICATION_WINDOW)

static void
fol_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FOL_TYPE_WINDOW);

  G_OBJECT_CLASS (fol_window_parent_class)->dispose (object);
}

static void
fol_window_class_init (FolWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/fol-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FolWindow, empty_page);
}

static void
fol_window_init (FolWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FolWindow *
fol_window_new (FolApplication *application)
{
  return g_object_new (FOL_TYPE_WINDOW, "application", application, NULL);
}
