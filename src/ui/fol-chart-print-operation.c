/* fol-chart-print-operation.c
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

#define G_LOG_DOMAIN "fol-chart-print-operation"

#include "config.h"

#include <glib/gi18n.h>

#include "fol-chart.h"
#include "fol-chart-print-operation.h"

struct _FolChartPrintOperation
{
  GtkPrintOperation  parent_instance;

  FolChartData      *data;
};

G_DEFINE_FINAL_TYPE (FolChartPrintOperation, fol_chart_print_operation, GTK_TYPE_PRINT_OPERATION)

static void
fol_chart_print_operation_begin_print (GtkPrintOperation *operation,
                                       GtkPrintContext   *context)
{
  gtk_print_operation_set_n_pages (operation, 1);
}

/* The same drawing as on screen and in files, with the light palette
 * that paper needs, fitted to the printable area of the page.
 */
static void
fol_chart_print_operation_draw_page (GtkPrintOperation *operation,
                                     GtkPrintContext   *context,
                                     int                page_nr)
{
  FolChartPrintOperation *self = FOL_CHART_PRINT_OPERATION (operation);
  FolChartStyle style;

  fol_chart_style_init_light (&style);
  fol_chart_render_page (self->data, &style,
                         gtk_print_context_get_cairo_context (context),
                         gtk_print_context_get_width (context),
                         gtk_print_context_get_height (context));
}

static void
fol_chart_print_operation_finalize (GObject *object)
{
  FolChartPrintOperation *self = FOL_CHART_PRINT_OPERATION (object);

  g_clear_object (&self->data);

  G_OBJECT_CLASS (fol_chart_print_operation_parent_class)->finalize (object);
}

static void
fol_chart_print_operation_class_init (FolChartPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *operation_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->finalize = fol_chart_print_operation_finalize;
  operation_class->begin_print = fol_chart_print_operation_begin_print;
  operation_class->draw_page = fol_chart_print_operation_draw_page;
}

static void
fol_chart_print_operation_init (FolChartPrintOperation *self)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();

  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), setup);
  gtk_print_operation_set_n_pages (GTK_PRINT_OPERATION (self), 1);
  gtk_print_operation_set_unit (GTK_PRINT_OPERATION (self), GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (GTK_PRINT_OPERATION (self), TRUE);
}

/**
 * fol_chart_print_operation_new:
 * @data: the chart to print, on one landscape page
 */
FolChartPrintOperation *
fol_chart_print_operation_new (FolChartData *data)
{
  FolChartPrintOperation *self;
  const char *title;

  g_return_val_if_fail (FOL_IS_CHART_DATA (data), NULL);

  self = g_object_new (FOL_TYPE_CHART_PRINT_OPERATION, NULL);
  self->data = g_object_ref (data);

  title = fol_chart_data_get_title (data);
  gtk_print_operation_set_job_name (GTK_PRINT_OPERATION (self),
                                    title ? title : _("Progress chart"));
  return self;
}

FolChartData *
fol_chart_print_operation_get_data (FolChartPrintOperation *self)
{
  g_return_val_if_fail (FOL_IS_CHART_PRINT_OPERATION (self), NULL);
  return self->data;
}
