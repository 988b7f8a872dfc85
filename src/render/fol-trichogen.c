/* fol-trichogen.c
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

/* A seeded generator of synthetic trichoscopy fields.
 *
 * What a contact dermatoscope shows of a clipped scalp (TrichoScan-style):
 * skin with faint furrows under uneven light with shine; follicle openings,
 * dark and round, some empty; from each non-empty opening one to three
 * clipped hairs, 0.4–1.2 mm long, each a gently curved stroke of constant
 * diameter, 15–110 µm. A hair is a cylinder, so its darkness across the
 * shaft follows the chord through it (Beer–Lambert); dyed hairs are nearly
 * opaque, undyed ones brown and, when thin, pale. The picture is then blurred,
 * given sensor noise and, if asked, a JPEG round trip. The same parameters
 * and seed always give the same pixels and the same list of hairs.
 */

#define G_LOG_DOMAIN "fol-trichogen"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "fol-trichogen.h"

#define CURVE_SEGMENTS 24

typedef struct
{
  double x, y, radius, depth;
} Opening;

void
fol_tricho_params_init (FolTrichoParams *params,
                        int              magnification)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->magnification = magnification == 50 ? 50 : 20;
  params->width = 1024;
  params->height = 768;
  params->jpeg_quality = 90;
}

static void
curve_point (const FolTrichoHair *h,
             double               t,
             double              *x,
             double              *y)
{
  double u = 1.0 - t;

  *x = u * u * h->x0 + 2 * u * t * h->cx + t * t * h->x1;
  *y = u * u * h->y0 + 2 * u * t * h->cy + t * t * h->y1;
}

static void
curve_polyline (const FolTrichoHair *h,
                double              *px,
                double              *py)
{
  for (int i = 0; i <= CURVE_SEGMENTS; i++)
    curve_point (h, (double) i / CURVE_SEGMENTS, &px[i], &py[i]);
}

/* Distance from (x, y) to the polyline; *inside is FALSE when the nearest
 * point is one of the two cut ends seen from beyond them (clipped hairs end
 * square, not round).
 */
static double
polyline_distance (const double *px,
                   const double *py,
                   double        x,
                   double        y,
                   gboolean     *inside)
{
  double best = G_MAXDOUBLE;
  gboolean best_inside = TRUE;

  for (int i = 0; i < CURVE_SEGMENTS; i++)
    {
      double dx = px[i + 1] - px[i], dy = py[i + 1] - py[i];
      double len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? ((x - px[i]) * dx + (y - py[i]) * dy) / len2 : 0;
      gboolean in = TRUE;
      double qx, qy, d2;

      if (t < 0)
        {
          in = i > 0;
          t = 0;
        }
      else if (t > 1)
        {
          in = i < CURVE_SEGMENTS - 1;
          t = 1;
        }
      qx = px[i] + t * dx - x;
      qy = py[i] + t * dy - y;
      d2 = qx * qx + qy * qy;
      if (d2 < best)
        {
          best = d2;
          best_inside = in;
        }
    }
  if (inside)
    *inside = best_inside;
  return sqrt (best);
}

double
fol_tricho_hair_distance (const FolTrichoHair *hair,
                          double               x,
                          double               y)
{
  double px[CURVE_SEGMENTS + 1], py[CURVE_SEGMENTS + 1];

  g_return_val_if_fail (hair != NULL, G_MAXDOUBLE);

  curve_polyline (hair, px, py);
  return polyline_distance (px, py, x, y, NULL);
}

static double
gauss (GRand *rand)
{
  double u = g_rand_double_range (rand, 1e-12, 1.0), v = g_rand_double (rand);

  return sqrt (-2 * log (u)) * cos (2 * G_PI * v);
}

/* Adds the optical density of one hair, per pixel, to od: the mean chord
 * through the cylinder over 2×2 points of each pixel, in µm, times k.
 */
static void
draw_hair (float               *od,
           int                  width,
           int                  height,
           const FolTrichoHair *h,
           double               px_per_mm,
           double               k)
{
  double px[CURVE_SEGMENTS + 1], py[CURVE_SEGMENTS + 1];
  double r = h->diameter_um / 1000.0 * px_per_mm / 2.0;
  double um_per_px = 1000.0 / px_per_mm;
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  curve_polyline (h, px, py);
  for (int i = 0; i <= CURVE_SEGMENTS; i++)
    {
      x0 = MIN (x0, px[i]);
      x1 = MAX (x1, px[i]);
      y0 = MIN (y0, py[i]);
      y1 = MAX (y1, py[i]);
    }
  for (int y = MAX (0, (int) floor (y0 - r - 2)); y <= MIN (height - 1, (int) ceil (y1 + r + 2)); y++)
    for (int x = MAX (0, (int) floor (x0 - r - 2)); x <= MIN (width - 1, (int) ceil (x1 + r + 2)); x++)
      {
        double chord = 0;

        for (int s = 0; s < 4; s++)
          {
            gboolean inside;
            double d = polyline_distance (px, py, x + 0.25 + 0.5 * (s & 1),
                                          y + 0.25 + 0.5 * (s >> 1), &inside);

            if (inside && d < r)
              chord += 2 * sqrt (r * r - d * d);
          }
        if (chord > 0)
          od[(gsize) y * width + x] += (float) (k * chord / 4 * um_per_px);
      }
}

static void
blur_plane (float *plane,
            int    width,
            int    height,
            double sigma)
{
  int radius = (int) ceil (3 * sigma);
  g_autofree float *kernel = g_new (float, 2 * radius + 1);
  g_autofree float *tmp = g_new (float, (gsize) width * height);
  float sum = 0;

  for (int i = -radius; i <= radius; i++)
    sum += kernel[i + radius] = (float) exp (-0.5 * i * i / (sigma * sigma));
  for (int i = 0; i <= 2 * radius; i++)
    kernel[i] /= sum;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        float acc = 0;

        for (int i = -radius; i <= radius; i++)
          acc += kernel[i + radius] * plane[(gsize) y * width + CLAMP (x + i, 0, width - 1)];
        tmp[(gsize) y * width + x] = acc;
      }
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        float acc = 0;

        for (int i = -radius; i <= radius; i++)
          acc += kernel[i + radius] * tmp[(gsize) CLAMP (y + i, 0, height - 1) * width + x];
        plane[(gsize) y * width + x] = acc;
      }
}

FolTrichoField *
fol_tricho_generate (const FolTrichoParams *params,
                     guint32                seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) openings = g_array_new (FALSE, FALSE, sizeof (Opening));
  g_autoptr(GArray) hairs = g_array_new (FALSE, FALSE, sizeof (FolTrichoHair));
  g_autofree float *od_hair = NULL, *od_open = NULL, *od_skin = NULL, *shine = NULL;
  g_autofree float *planes = NULL;
  FolTrichoField *field;
  int w, h;
  double ppm, density, margin, area_cm2, spacing, growth, blur, noise;
  double skin[3], hair_rgb[3], light_a, light_bx, light_by;
  guint n_open;
  gsize n;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (params->width > 0 && params->height > 0, NULL);

  w = params->width;
  h = params->height;
  n = (gsize) w * h;
  ppm = params->px_per_mm > 0 ? params->px_per_mm : (params->magnification == 50 ? 250 : 100);
  density = params->density > 0 ? params->density : g_rand_double_range (rand, 70, 330);

  /* Openings are scattered over the picture and a margin around it, so
   * hairs from outside reach in as they do on skin.
   */
  margin = 1.2 * ppm;
  area_cm2 = (w + 2 * margin) * (h + 2 * margin) / (ppm * ppm) / 100.0;
  n_open = (guint) MAX (1, round (density * area_cm2 / (0.88 * 1.6)));
  spacing = 0.12 * ppm;
  growth = g_rand_double_range (rand, 0, 2 * G_PI);
  for (guint i = 0; i < n_open; i++)
    for (int attempt = 0; attempt < 30; attempt++)
      {
        Opening o;
        gboolean free_spot = TRUE;

        o.x = g_rand_double_range (rand, -margin, w + margin);
        o.y = g_rand_double_range (rand, -margin, h + margin);
        for (guint j = 0; j < openings->len && free_spot; j++)
          {
            Opening *p = &g_array_index (openings, Opening, j);

            free_spot = hypot (p->x - o.x, p->y - o.y) >= spacing;
          }
        if (!free_spot)
          continue;
        o.radius = g_rand_double_range (rand, 0.025, 0.06) * ppm;
        o.depth = g_rand_double_range (rand, 0.15, 0.5);
        g_array_append_val (openings, o);
        break;
      }

  for (guint i = 0; i < openings->len; i++)
    {
      Opening *o = &g_array_index (openings, Opening, i);
      double u = g_rand_double (rand), dir;
      int k = u < 0.12 ? 0 : u < 0.56 ? 1 : u < 0.86 ? 2 : 3;

      /* Hairs lean roughly one way over a small field, each opening its own. */
      dir = growth + g_rand_double_range (rand, -1.2, 1.2);
      for (int j = 0; j < k; j++)
        {
          FolTrichoHair hr = { 0 };
          double theta = dir + (j - (k - 1) / 2.0) * g_rand_double_range (rand, 0.2, 0.6)
                         + 0.1 * gauss (rand);
          double len = g_rand_double_range (rand, 0.4, 1.2) * ppm;
          double bend = g_rand_double_range (rand, -0.15, 0.15) * len;
          double mx, my;

          hr.length_mm = len / ppm;
          hr.diameter_um = g_rand_double (rand) < 0.3 ? g_rand_double_range (rand, 15, 40)
                                                      : g_rand_double_range (rand, 41, 110);
          hr.follicle = (int) i;
          hr.x0 = o->x + cos (theta) * o->radius * 0.3;
          hr.y0 = o->y + sin (theta) * o->radius * 0.3;
          hr.x1 = hr.x0 + cos (theta) * len;
          hr.y1 = hr.y0 + sin (theta) * len;
          mx = (hr.x0 + hr.x1) / 2 - sin (theta) * bend;
          my = (hr.y0 + hr.y1) / 2 + cos (theta) * bend;
          /* The curve's length grows little with a bend this small; the
           * control point is placed so the curve's middle is at (mx, my).
           */
          hr.cx = 2 * mx - (hr.x0 + hr.x1) / 2;
          hr.cy = 2 * my - (hr.y0 + hr.y1) / 2;
          curve_point (&hr, 0.5, &hr.x, &hr.y);
          g_array_append_val (hairs, hr);
        }
    }

  field = g_new0 (FolTrichoField, 1);
  field->width = w;
  field->height = h;
  field->px_per_mm = ppm;
  field->n_follicles = openings->len;

  /* Optical densities, kept apart because each has its own colour. */
  od_hair = g_new0 (float, n);
  od_open = g_new0 (float, n);
  od_skin = g_new0 (float, n);
  shine = g_new0 (float, n);

  for (guint i = 0; i < openings->len; i++)
    {
      Opening *o = &g_array_index (openings, Opening, i);
      double reach = o->radius * 1.6;

      for (int y = MAX (0, (int) (o->y - reach)); y <= MIN (h - 1, (int) (o->y + reach)); y++)
        for (int x = MAX (0, (int) (o->x - reach)); x <= MIN (w - 1, (int) (o->x + reach)); x++)
          {
            double d = hypot (x + 0.5 - o->x, y + 0.5 - o->y) / o->radius;

            if (d < 1.6)
              od_open[(gsize) y * w + x] += (float) (o->depth * (d < 1 ? 1 : 1 - (d - 1) / 0.6));
          }
    }

  for (guint i = 0; i < hairs->len; i++)
    {
      FolTrichoHair *hr = &g_array_index (hairs, FolTrichoHair, i);
      double k;

      /* Optical density per µm of chord: dyed hairs are nearly opaque; undyed
       * ones vary in pigment, thin (vellus) hairs carry less of it.
       */
      if (params->dyed)
        k = 0.06 * g_rand_double_range (rand, 0.8, 1.2);
      else
        k = 0.025 * g_rand_double_range (rand, 0.6, 1.4) * (hr->diameter_um <= 40 ? 0.6 : 1.0);
      draw_hair (od_hair, w, h, hr, ppm, k);
    }

  /* Furrows: long, wide and faint. */
  for (int f = g_rand_int_range (rand, 1, 5); f > 0; f--)
    {
      double x0 = g_rand_double_range (rand, 0, w), y0 = g_rand_double_range (rand, 0, h);
      double a = g_rand_double_range (rand, 0, G_PI), width = g_rand_double_range (rand, 0.08, 0.25) * ppm;
      double depth = g_rand_double_range (rand, 0.02, 0.06), wave = g_rand_double_range (rand, 0.5, 2);
      double amp = g_rand_double_range (rand, 0, 0.4) * ppm;

      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            double along = (x - x0) * cos (a) + (y - y0) * sin (a);
            double across = -(x - x0) * sin (a) + (y - y0) * cos (a)
                            - amp * sin (along / ppm * wave);
            double t = across / width;

            if (fabs (t) < 3)
              od_skin[(gsize) y * w + x] += (float) (depth * exp (-2 * t * t));
          }
    }
  /* Skin texture: a few gentle waves. */
  for (int s = 0; s < 6; s++)
    {
      double fx = g_rand_double_range (rand, -3, 3) / ppm, fy = g_rand_double_range (rand, -3, 3) / ppm;
      double ph = g_rand_double_range (rand, 0, 2 * G_PI), amp = g_rand_double_range (rand, 0.003, 0.012);

      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          od_skin[(gsize) y * w + x] += (float) (amp * (1 + sin (2 * G_PI * (fx * x + fy * y) + ph)));
    }
  /* Shine: soft bright spots of the skin's oil under the glass. */
  for (int s = g_rand_int_range (rand, 2, 9); s > 0; s--)
    {
      double sx = g_rand_double_range (rand, 0, w), sy = g_rand_double_range (rand, 0, h);
      double sr = g_rand_double_range (rand, 0.03, 0.25) * ppm, amp = g_rand_double_range (rand, 0.1, 0.45);

      for (int y = MAX (0, (int) (sy - 3 * sr)); y < MIN (h, (int) (sy + 3 * sr)); y++)
        for (int x = MAX (0, (int) (sx - 3 * sr)); x < MIN (w, (int) (sx + 3 * sr)); x++)
          {
            double d2 = ((x - sx) * (x - sx) + (y - sy) * (y - sy)) / (sr * sr);

            shine[(gsize) y * w + x] += (float) (amp * exp (-d2 / 2));
          }
    }

  skin[0] = g_rand_double_range (rand, 200, 235);
  skin[1] = skin[0] * g_rand_double_range (rand, 0.72, 0.85);
  skin[2] = skin[0] * g_rand_double_range (rand, 0.62, 0.78);
  if (params->dyed)
    {
      hair_rgb[0] = 1.0;
      hair_rgb[1] = 1.0;
      hair_rgb[2] = 0.9;
    }
  else
    {
      hair_rgb[0] = 0.8;
      hair_rgb[1] = 1.0;
      hair_rgb[2] = 1.2;
    }
  light_a = g_rand_double_range (rand, 0.05, 0.35);
  light_bx = g_rand_double_range (rand, -0.15, 0.15);
  light_by = g_rand_double_range (rand, -0.15, 0.15);
  blur = g_rand_double_range (rand, 0.5, 1.3);
  noise = g_rand_double_range (rand, 1.5, 4.0);
  /* Asked-for variations replace what was drawn; the draws stay, so the
   * rest of the field is the same as without them.
   */
  if (params->skin_level > 0)
    {
      double ratio = params->skin_level / skin[0];

      for (int c = 0; c < 3; c++)
        skin[c] *= ratio;
    }
  if (params->blur_px > 0)
    blur = params->blur_px;
  if (params->noise > 0)
    noise = params->noise;

  planes = g_new (float, 3 * n);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gsize i = (gsize) y * w + x;
        double nx = (x - w / 2.0) / (w / 2.0), ny = (y - h / 2.0) / (h / 2.0);
        double light = 1 - light_a * (nx * nx + ny * ny) / 2 + light_bx * nx + light_by * ny;

        for (int c = 0; c < 3; c++)
          {
            /* Some light always scatters back: the darkest shaft keeps a few
             * per cent of the skin's brightness.
             */
            double v = skin[c] * light
                       * (0.06 + 0.94 * exp (-(od_hair[i] * hair_rgb[c]
                                               + od_open[i] * (0.9 + 0.1 * c)
                                               + od_skin[i] * (0.8 + 0.2 * c))));

            planes[c * n + i] = (float) (v + shine[i] * (255 - v));
          }
      }

  field->rgb = g_malloc ((gsize) 3 * n);
  for (int c = 0; c < 3; c++)
    {
      blur_plane (planes + c * n, w, h, blur);
      for (gsize i = 0; i < n; i++)
        field->rgb[3 * i + c] = (guint8) CLAMP (lround (planes[c * n + i] + noise * gauss (rand)),
                                                0, 255);
    }

  /* The truth: hairs whose middle lies in the picture. */
  field->hairs = g_new (FolTrichoHair, MAX (1, hairs->len));
  for (guint i = 0; i < hairs->len; i++)
    {
      FolTrichoHair *hr = &g_array_index (hairs, FolTrichoHair, i);

      if (hr->x >= 0 && hr->x < w && hr->y >= 0 && hr->y < h)
        field->hairs[field->n_hairs++] = *hr;
    }

  if (params->jpeg_quality > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) jpeg = fol_tricho_field_to_jpeg (field, params->jpeg_quality, &error);
      g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
      GdkPixbuf *pixbuf;

      if (jpeg == NULL
          || !gdk_pixbuf_loader_write_bytes (loader, jpeg, &error)
          || !gdk_pixbuf_loader_close (loader, &error)
          || (pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)) == NULL)
        g_warning ("JPEG round trip skipped: %s", error ? error->message : "no decoder");
      else
        {
          const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
          int stride = gdk_pixbuf_get_rowstride (pixbuf);
          int channels = gdk_pixbuf_get_n_channels (pixbuf);

          for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
              for (int c = 0; c < 3; c++)
                field->rgb[((gsize) y * w + x) * 3 + c] = pixels[(gsize) y * stride + x * channels + c];
        }
    }
  return field;
}

void
fol_tricho_field_free (FolTrichoField *field)
{
  if (field == NULL)
    return;
  g_free (field->rgb);
  g_free (field->hairs);
  g_free (field);
}

typedef struct
{
  double d;
  guint  s, t;
} Pair;

static int
pair_compare (gconstpointer a,
              gconstpointer b)
{
  const Pair *pa = a, *pb = b;

  return pa->d < pb->d ? -1 : pa->d > pb->d;
}

/* One-to-one matching of suggestions (FolHairSuggestion) to the true hairs:
 * a suggestion may match a hair whose centreline passes within tolerance_mm
 * (plus the hair's radius); the closest pairs are taken first. truth_of
 * (one per suggestion) receives the hair's index or -1. Returns the number
 * of matches.
 */
guint
fol_tricho_match (const FolTrichoField *field,
                  GArray               *suggestions,
                  double                tolerance_mm,
                  int                  *truth_of)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autofree gboolean *taken = g_new0 (gboolean, MAX (1, field->n_hairs));
  guint matched = 0;

  g_return_val_if_fail (field != NULL && suggestions != NULL && truth_of != NULL, 0);

  for (guint s = 0; s < suggestions->len; s++)
    {
      FolTrichoHair *all = field->hairs;
      const FolHairSuggestion *sg = &g_array_index (suggestions, FolHairSuggestion, s);

      truth_of[s] = -1;
      for (guint t = 0; t < field->n_hairs; t++)
        {
          double reach = (tolerance_mm + all[t].diameter_um / 2000.0) * field->px_per_mm;
          Pair p = { 0, s, t };

          if (fabs (sg->x - all[t].x) > all[t].length_mm * field->px_per_mm + reach
              || fabs (sg->y - all[t].y) > all[t].length_mm * field->px_per_mm + reach)
            continue;
          p.d = fol_tricho_hair_distance (&all[t], sg->x, sg->y);
          if (p.d <= reach)
            g_array_append_val (pairs, p);
        }
    }
  g_array_sort (pairs, pair_compare);
  for (guint k = 0; k < pairs->len; k++)
    {
      Pair *p = &g_array_index (pairs, Pair, k);

      if (truth_of[p->s] >= 0 || taken[p->t])
        continue;
      truth_of[p->s] = (int) p->t;
      taken[p->t] = TRUE;
      matched++;
    }
  return matched;
}

GBytes *
fol_tricho_field_to_jpeg (const FolTrichoField *field,
                          int                   quality,
                          GError              **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *q = NULL;
  gchar *buffer = NULL;
  gsize size = 0;

  g_return_val_if_fail (field != NULL, NULL);

  pixbuf = gdk_pixbuf_new_from_data (field->rgb, GDK_COLORSPACE_RGB, FALSE, 8, field->width,
                                     field->height, field->width * 3, NULL, NULL);
  q = g_strdup_printf ("%d", CLAMP (quality, 1, 100));
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", error, "quality", q, NULL))
    return NULL;
  return g_bytes_new_take (buffer, size);
}
