/* fol-focus-group.c
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

#define G_LOG_DOMAIN "fol-focus-group"

#include "config.h"

#include "fol-focus-group.h"

/* One stop of the Tab chain around a widget with many focusable parts.
 * GTK 4.8's list view moves Tab from row to row (its tab-behavior property
 * came later), so a sidebar of patients stood between the search field
 * and every page. Inside the group, Tab leaves it at once; into it, Tab
 * goes where the child puts it (the selected row); the arrow keys and
 * every other direction are the child's.
 */

struct _FolFocusGroup
{
  GtkWidget  parent_instance;

  GtkWidget *child;
};

G_DEFINE_FINAL_TYPE (FolFocusGroup, fol_focus_group, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
fol_focus_group_focus (GtkWidget        *widget,
                       GtkDirectionType  direction)
{
  FolFocusGroup *self = FOL_FOCUS_GROUP (widget);

  if (self->child == NULL)
    return FALSE;
  if ((direction == GTK_DIR_TAB_FORWARD || direction == GTK_DIR_TAB_BACKWARD) &&
      gtk_widget_get_focus_child (widget) != NULL)
    return FALSE;
  return gtk_widget_child_focus (self->child, direction);
}

static void
fol_focus_group_dispose (GObject *object)
{
  FolFocusGroup *self = FOL_FOCUS_GROUP (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (fol_focus_group_parent_class)->dispose (object);
}

static void
fol_focus_group_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FolFocusGroup *self = FOL_FOCUS_GROUP (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_focus_group_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FolFocusGroup *self = FOL_FOCUS_GROUP (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      fol_focus_group_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fol_focus_group_class_init (FolFocusGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_focus_group_dispose;
  object_class->get_property = fol_focus_group_get_property;
  object_class->set_property = fol_focus_group_set_property;
  widget_class->focus = fol_focus_group_focus;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fol_focus_group_init (FolFocusGroup *self)
{
}

GtkWidget *
fol_focus_group_new (void)
{
  return g_object_new (FOL_TYPE_FOCUS_GROUP, NULL);
}

GtkWidget *
fol_focus_group_get_child (FolFocusGroup *self)
{
  g_return_val_if_fail (FOL_IS_FOCUS_GROUP (self), NULL);

  return self->child;
}

void
fol_focus_group_set_child (FolFocusGroup *self,
                           GtkWidget     *child)
{
  g_return_if_fail (FOL_IS_FOCUS_GROUP (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}
