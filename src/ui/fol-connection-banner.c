/* fol-connection-banner.c
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

#include "fol-connection-banner.h"
#include "fol-i18n.h"

/* A bar that says, while it lasts, that the clinic server cannot be
 * reached, with Try Now. libadwaita 1.2 has no AdwBanner: a revealer
 * holds a bar styled as the window's other banners. What is typed in an
 * open editor stays there; its save fails with a message and can be
 * made again once the bar is gone.
 */

struct _FolConnectionBanner
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkButton   *button;
  FolStore    *store;
};

G_DEFINE_FINAL_TYPE (FolConnectionBanner, fol_connection_banner, GTK_TYPE_WIDGET)

static void
update (FolConnectionBanner *self)
{
  gboolean shown = self->store != NULL && !fol_store_is_connected (self->store);

  gtk_revealer_set_reveal_child (self->revealer, shown);
}

static void
try_now_cb (FolConnectionBanner *self)
{
  if (self->store != NULL)
    fol_store_reconnect (self->store);
}

static void
fol_connection_banner_dispose (GObject *object)
{
  FolConnectionBanner *self = FOL_CONNECTION_BANNER (object);

  g_clear_pointer ((GtkWidget **) &self->revealer, gtk_widget_unparent);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fol_connection_banner_parent_class)->dispose (object);
}

static void
fol_connection_banner_class_init (FolConnectionBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fol_connection_banner_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fol_connection_banner_init (FolConnectionBanner *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_("The clinic server cannot be reached. Trying again…"));

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));

  gtk_widget_add_css_class (bar, "toolbar");
  gtk_widget_add_css_class (bar, "connection-banner");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_margin_start (label, 6);
  gtk_box_append (GTK_BOX (bar), label);

  self->button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("Try _Now")));
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  g_signal_connect_object (self->button, "clicked", G_CALLBACK (try_now_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->button));
  gtk_revealer_set_child (self->revealer, bar);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  update (self);
}

GtkWidget *
fol_connection_banner_new (void)
{
  return g_object_new (FOL_TYPE_CONNECTION_BANNER, NULL);
}

/* Follows @store's connection from now on. */
void
fol_connection_banner_set_store (FolConnectionBanner *self,
                                 FolStore            *store)
{
  g_return_if_fail (FOL_IS_CONNECTION_BANNER (self));
  g_return_if_fail (store == NULL || FOL_IS_STORE (store));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, update, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "connection-changed", G_CALLBACK (update), self,
                             G_CONNECT_SWAPPED);
  update (self);
}

gboolean
fol_connection_banner_is_shown (FolConnectionBanner *self)
{
  g_return_val_if_fail (FOL_IS_CONNECTION_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

GtkButton *
_fol_connection_banner_get_button (FolConnectionBanner *self)
{
  return self->button;
}
