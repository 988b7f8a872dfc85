/* fol-image.c
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

/* Pixel buffers for whole charts.
 *
 * A 1600×1000 chart is 6.4 MB of pixels. Fresh memory from the kernel
 * arrives one 4 KiB page at a time, each on its first touch, and on a
 * virtual machine every such fault is expensive: painting the background of
 * a fresh surface measured tens of milliseconds, most of a command-line
 * export. Buffers of a megabyte or more are therefore mapped 2 MiB-aligned
 * and advised for transparent huge pages, so that a few faults bring in the
 * whole buffer; where that is not available they are ordinary zeroed pages.
 */

#define G_LOG_DOMAIN "fol-image"

#include "config.h"

#include <string.h>

#ifdef __linux__
#include <sys/mman.h>
#endif

#include "fol-image.h"

#define HUGE_PAGE (2u << 20)
#define BIG       (1u << 20)

static gsize
mapped_size (gsize size)
{
  return (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
}

/* A few freed buffers are kept for the next chart of the same size: a
 * window redrawing its chart, or an export worker writing chart after
 * chart, then reuses warm pages instead of faulting in new ones.
 */
#define N_SPARE 3

static GMutex spare_lock;
static struct
{
  gpointer pages;
  gsize    size;
} spare[N_SPARE];

static gpointer
take_spare (gsize size)
{
  gpointer pages = NULL;

  g_mutex_lock (&spare_lock);
  for (guint i = 0; i < N_SPARE && pages == NULL; i++)
    if (spare[i].pages != NULL && spare[i].size == size)
      {
        pages = spare[i].pages;
        spare[i].pages = NULL;
      }
  g_mutex_unlock (&spare_lock);
  return pages;
}

static gboolean
keep_spare (gpointer pages,
            gsize    size)
{
  gboolean kept = FALSE;

  g_mutex_lock (&spare_lock);
  for (guint i = 0; i < N_SPARE && !kept; i++)
    if (spare[i].pages == NULL)
      {
        spare[i].pages = pages;
        spare[i].size = size;
        kept = TRUE;
      }
  g_mutex_unlock (&spare_lock);
  return kept;
}

static gpointer
pages_alloc (gsize    size,
             gboolean clear)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (size >= BIG)
    {
      gsize want = mapped_size (size);
      guint8 *map, *aligned;

      map = take_spare (want);
      if (map != NULL)
        {
          if (clear)
            memset (map, 0, size);
          return map;
        }

      map = mmap (NULL, want + HUGE_PAGE, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      /* Never g_malloc() instead: _fol_pages_free() unmaps whatever is
       * this big.
       */
      if (map == MAP_FAILED)
        return NULL;

      /* Keep exactly [aligned, aligned + want): _fol_pages_free() unmaps
       * that.
       */
      aligned = (guint8 *) (((guintptr) map + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
      if (aligned > map)
        munmap (map, aligned - map);
      if (map + want + HUGE_PAGE > aligned + want)
        munmap (aligned + want, map + want + HUGE_PAGE - (aligned + want));
      madvise (aligned, want, MADV_HUGEPAGE);
      return aligned;
    }
#endif
  return clear ? g_malloc0 (size) : g_malloc (size);
}

/**
 * _fol_pages_alloc0:
 * @size: bytes
 *
 * Returns: zeroed memory of @size bytes, to free with _fol_pages_free()
 *   and the same @size
 */
gpointer
_fol_pages_alloc0 (gsize size)
{
  gpointer pages = pages_alloc (size, TRUE);

  /* Out of memory ends the program, as in g_malloc0(). */
  if (pages == NULL)
    g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, size);
  return pages;
}

void
_fol_pages_free (gpointer pages,
                 gsize    size)
{
  if (pages == NULL)
    return;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (size >= BIG)
    {
      if (!keep_spare (pages, mapped_size (size)))
        munmap (pages, mapped_size (size));
      return;
    }
#endif
  g_free (pages);
}

typedef struct
{
  gpointer pages;
  gsize    size;
} Pages;

static void
pages_destroy (gpointer data)
{
  Pages *p = data;

  _fol_pages_free (p->pages, p->size);
  g_free (p);
}

static const cairo_user_data_key_t pages_key;

/**
 * fol_image_surface_new:
 * @format: a cairo image format
 * @width: width in pixels
 * @height: height in pixels
 *
 * Like cairo_image_surface_create(), with its pixels in memory that
 * faults in quickly (see above), but NOT cleared: the caller paints every
 * pixel (a chart paints its background first).
 *
 * Returns: (transfer full): a new image surface; check its status
 */
cairo_surface_t *
fol_image_surface_new (cairo_format_t format,
                       int            width,
                       int            height)
{
  int stride = cairo_format_stride_for_width (format, width);
  cairo_surface_t *surface;
  Pages *p;

  if (stride < 0 || width <= 0 || height <= 0 || (gsize) height > G_MAXSIZE / (gsize) stride)
    return cairo_image_surface_create (format, width, height);

  p = g_new (Pages, 1);
  p->size = (gsize) stride * height;
  p->pages = pages_alloc (p->size, FALSE);
  if (p->pages == NULL)
    {
      /* Cairo's own says what went wrong, as an error surface. */
      g_free (p);
      return cairo_image_surface_create (format, width, height);
    }
  surface = cairo_image_surface_create_for_data (p->pages, format, width, height, stride);
  if (cairo_surface_set_user_data (surface, &pages_key, p, pages_destroy) != CAIRO_STATUS_SUCCESS)
    pages_destroy (p);
  return surface;
}
