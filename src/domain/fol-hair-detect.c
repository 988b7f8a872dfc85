/* fol-hair-detect.c
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

/* Hairs on a trichoscopy photo, found the classical way.
 *
 *  1. The counted field is reduced to about work_px_per_mm (default 100 px
 *     a mm: a 15 µm vellus hair is still 1.5 px wide) as grey levels.
 *  2. Background: a grey-level closing (largest, then smallest value in a
 *     0.17 mm window) erases everything dark and narrower than a thick hair
 *     or an opening, and keeps bright shine as it is; smoothed. Work goes on
 *     with the relative darkness D = (background − grey) / background, which
 *     uneven lighting does not change.
 *  3. Ridges: the Hessian of D smoothed at four scales (σ = 10, 16, 25 and
 *     36 µm), per pixel the scale-normalised σ²·(−λ₂ − |λ₁|), λ₂ the most
 *     negative eigenvalue: large on lines, nothing on round follicle
 *     openings (λ₁ ≈ λ₂) and little on wide faint furrows (small at these
 *     scales). Its unit is darkness, so the thresholds mean the same on every
 *     photo. A pixel counts only where it is darker than both sides of the
 *     line by the grow level and by 30 % of its own darkness, which keeps noise
 *     inside thick dark shafts out.
 *  4. Centrelines: non-maximum suppression across the ridge, hysteresis
 *     (seeds at high_snr times the spread that the photo's noise gives the
 *     ridge strength at the finest scale, grown over low_snr times it,
 *     never below `high` and `low`), Zhang–Suen thinning. The noise is
 *     measured on the darkness itself (each pixel against its neighbours),
 *     so a noisy photo raises the levels instead of giving false hairs.
 *  5. Pieces: the centrelines are cut at every junction, so that crossing
 *     hairs and hairs sharing an opening come apart; piece ends closer than
 *     join_gap_mm that continue each other's direction (within
 *     join_angle_deg) are joined again, so a hair crossed by another is one
 *     hair. Pieces shorter than min_length_mm are dropped.
 *     A hair cut by the edge of the field is kept when the part inside is
 *     at least half the length of the field's whole hairs, so that, as in
 *     a true count, a hair belongs to the field its middle lies in.
 *  6. Diameter: across the shaft at points along it, the integral of D over
 *     the profile (above the skin beside it, from the centre out to where
 *     the darkness ends) and its peak, medians along the hair (crossings
 *     and openings do not move them). The shaft is a cylinder seen through
 *     the photo's blur (estimated from the narrowest profiles): blur
 *     spreads it but keeps its integral. A hair much wider than the blur
 *     gives its own diameter and pigment (optical depth), from integral
 *     and peak together, so a pale shaft, whose edges fade, is not
 *     measured thin. A hair as narrow as the blur shows only its integral;
 *     the pigment of the photo's resolved hairs turns that into a
 *     diameter. The darkness of an opaque shaft is what the darkest hairs
 *     of the photo reach, at least 0.8.
 */

#define G_LOG_DOMAIN "fol-hair-detect"

#include "config.h"

#include <math.h>
#include <string.h>

#include "fol-error.h"
#include "fol-hair-detect.h"
#include "fol-i18n.h"

#define N_SCALES 4
static const double scales_mm[N_SCALES] = { 0.010, 0.016, 0.025, 0.036 };

typedef struct
{
  int w, h;
  float *d;        /* darkness */
  float *r;        /* ridge strength */
  float *nx, *ny;  /* unit normal across the ridge */
} Work;

typedef struct
{
  GArray *pts;     /* int pairs x, y */
  double  length;
  double  dir[2][2]; /* outward direction at the start (0) and end (1) */
  int     link[2];   /* piece end joined to: piece * 2 + end, or -1 */
  gboolean used;
} Piece;

void
fol_hair_detect_params_init (FolHairDetectParams *params,
                             double               px_per_mm)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->px_per_mm = px_per_mm;
  params->work_px_per_mm = 100;
  params->min_length_mm = 0.18;
  params->high = 0.055;
  params->low = 0.025;
  params->high_snr = 8;
  params->low_snr = 3.5;
  params->join_gap_mm = 0.12;
  params->join_angle_deg = 35;
}

static void
gauss_blur (const float *src,
            float       *dst,
            float       *tmp,
            int          w,
            int          h,
            double       sigma)
{
  int radius = MAX (1, (int) ceil (3 * sigma));
  g_autofree float *k = g_new (float, 2 * radius + 1);
  float sum = 0;

  for (int i = -radius; i <= radius; i++)
    sum += k[i + radius] = (float) exp (-0.5 * i * i / (sigma * sigma));
  for (int i = 0; i <= 2 * radius; i++)
    k[i] /= sum;

  for (int y = 0; y < h; y++)
    {
      const float *row = src + (gsize) y * w;

      for (int x = 0; x < w; x++)
        {
          float acc = 0;

          if (x >= radius && x < w - radius)
            for (int i = -radius; i <= radius; i++)
              acc += k[i + radius] * row[x + i];
          else
            for (int i = -radius; i <= radius; i++)
              acc += k[i + radius] * row[CLAMP (x + i, 0, w - 1)];
          tmp[(gsize) y * w + x] = acc;
        }
    }
  for (int y = 0; y < h; y++)
    {
      float *out = dst + (gsize) y * w;

      memset (out, 0, sizeof (float) * w);
      for (int i = -radius; i <= radius; i++)
        {
          const float *in = tmp + (gsize) CLAMP (y + i, 0, h - 1) * w;
          float ki = k[i + radius];

          for (int x = 0; x < w; x++)
            out[x] += ki * in[x];
        }
    }
}

/* Running extreme over 2r+1 pixels along rows then columns. */
static void
min_max_filter (const float *src,
                float       *dst,
                float       *tmp,
                int          w,
                int          h,
                int          r,
                gboolean     take_max)
{
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        float v = src[(gsize) y * w + x];

        for (int i = MAX (0, x - r); i <= MIN (w - 1, x + r); i++)
          {
            float s = src[(gsize) y * w + i];

            v = take_max ? MAX (v, s) : MIN (v, s);
          }
        tmp[(gsize) y * w + x] = v;
      }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        float v = tmp[(gsize) y * w + x];

        for (int i = MAX (0, y - r); i <= MIN (h - 1, y + r); i++)
          {
            float s = tmp[(gsize) i * w + x];

            v = take_max ? MAX (v, s) : MIN (v, s);
          }
        dst[(gsize) y * w + x] = v;
      }
}

static float
sample (const float *img,
        int          w,
        int          h,
        double       x,
        double       y)
{
  int x0 = (int) floor (x), y0 = (int) floor (y);
  double fx = x - x0, fy = y - y0;
  float v00, v10, v01, v11;

  if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h)
    {
      x0 = CLAMP (x0, 0, w - 1);
      y0 = CLAMP (y0, 0, h - 1);
      return img[(gsize) y0 * w + x0];
    }
  v00 = img[(gsize) y0 * w + x0];
  v10 = img[(gsize) y0 * w + x0 + 1];
  v01 = img[(gsize) (y0 + 1) * w + x0];
  v11 = img[(gsize) (y0 + 1) * w + x0 + 1];
  return (float) ((v00 * (1 - fx) + v10 * fx) * (1 - fy) + (v01 * (1 - fx) + v11 * fx) * fy);
}

/* How many separate runs of set pixels there are around (x, y): 1 at the end
 * of a line, 2 along it (a staircase too), 3 or more at a junction.
 */
static int
count_branches (const guint8 *m,
                int           w,
                int           h,
                int           x,
                int           y)
{
  static const int ring[8][2] = { { 0, -1 }, { 1, -1 }, { 1, 0 }, { 1, 1 },
                                  { 0, 1 }, { -1, 1 }, { -1, 0 }, { -1, -1 } };
  int v[8], runs = 0, any = 0;

  for (int k = 0; k < 8; k++)
    {
      int nx = x + ring[k][0], ny = y + ring[k][1];

      v[k] = nx >= 0 && nx < w && ny >= 0 && ny < h && m[(gsize) ny * w + nx];
      any += v[k];
    }
  for (int k = 0; k < 8; k++)
    runs += !v[k] && v[(k + 1) % 8];
  return any == 8 ? 1 : runs;
}

/* Zhang–Suen thinning, in place (1 = set). */
static void
thin (guint8 *m,
      int     w,
      int     h)
{
  g_autoptr(GArray) del = g_array_new (FALSE, FALSE, sizeof (gsize));
  gboolean changed = TRUE;

  while (changed)
    {
      changed = FALSE;
      for (int pass = 0; pass < 2; pass++)
        {
          g_array_set_size (del, 0);
          for (int y = 1; y < h - 1; y++)
            for (int x = 1; x < w - 1; x++)
              {
                gsize i = (gsize) y * w + x;
                int p[8], b = 0, a = 0;

                if (!m[i])
                  continue;
                p[0] = m[i - w];
                p[1] = m[i - w + 1];
                p[2] = m[i + 1];
                p[3] = m[i + w + 1];
                p[4] = m[i + w];
                p[5] = m[i + w - 1];
                p[6] = m[i - 1];
                p[7] = m[i - w - 1];
                for (int k = 0; k < 8; k++)
                  {
                    b += p[k];
                    a += !p[k] && p[(k + 1) % 8];
                  }
                if (b < 2 || b > 6 || a != 1)
                  continue;
                if (pass == 0 && ((p[0] && p[2] && p[4]) || (p[2] && p[4] && p[6])))
                  continue;
                if (pass == 1 && ((p[0] && p[2] && p[6]) || (p[0] && p[4] && p[6])))
                  continue;
                g_array_append_val (del, i);
              }
          for (guint k = 0; k < del->len; k++)
            m[g_array_index (del, gsize, k)] = 0;
          changed |= del->len > 0;
        }
    }
}

static void
piece_point (const Piece *p,
             guint        i,
             double      *x,
             double      *y)
{
  *x = g_array_index (p->pts, int, 2 * i);
  *y = g_array_index (p->pts, int, 2 * i + 1);
}

static guint
piece_len (const Piece *p)
{
  return p->pts->len / 2;
}

static void
piece_directions (Piece *p)
{
  guint n = piece_len (p), k = MIN (n - 1, 6u);
  double ax, ay, bx, by, l;

  p->length = 0;
  for (guint i = 1; i < n; i++)
    {
      piece_point (p, i - 1, &ax, &ay);
      piece_point (p, i, &bx, &by);
      p->length += hypot (bx - ax, by - ay);
    }
  for (int e = 0; e < 2; e++)
    {
      guint end = e ? n - 1 : 0, in = e ? n - 1 - k : k;

      piece_point (p, end, &ax, &ay);
      piece_point (p, in, &bx, &by);
      l = hypot (ax - bx, ay - by);
      p->dir[e][0] = l > 0 ? (ax - bx) / l : 0;
      p->dir[e][1] = l > 0 ? (ay - by) / l : 0;
    }
}

/* Trace the simple paths left after cutting the junctions. */
static GPtrArray *
trace_pieces (guint8 *m,
              int     w,
              int     h)
{
  GPtrArray *pieces = g_ptr_array_new ();
  static const int order[8][2] = { { 1, 0 }, { 0, 1 }, { -1, 0 }, { 0, -1 },
                                   { 1, 1 }, { -1, 1 }, { -1, -1 }, { 1, -1 } };

  for (int pass = 0; pass < 2; pass++)
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        {
          int cx = x, cy = y;
          Piece *p;

          /* Paths from their ends first; what is left are closed loops. */
          if (!m[(gsize) y * w + x] || (pass == 0 && count_branches (m, w, h, x, y) > 1))
            continue;
          p = g_new0 (Piece, 1);
          p->pts = g_array_new (FALSE, FALSE, sizeof (int));
          p->link[0] = p->link[1] = -1;
          for (;;)
            {
              gboolean moved = FALSE;

              g_array_append_val (p->pts, cx);
              g_array_append_val (p->pts, cy);
              m[(gsize) cy * w + cx] = 0;
              for (int k = 0; k < 8 && !moved; k++)
                {
                  int nx = cx + order[k][0], ny = cy + order[k][1];

                  if (nx >= 0 && nx < w && ny >= 0 && ny < h && m[(gsize) ny * w + nx])
                    {
                      cx = nx;
                      cy = ny;
                      moved = TRUE;
                    }
                }
              if (!moved)
                break;
            }
          piece_directions (p);
          g_ptr_array_add (pieces, p);
        }
  return pieces;
}

static void
piece_free (gpointer data)
{
  Piece *p = data;

  g_array_unref (p->pts);
  g_free (p);
}

typedef struct
{
  double cost;
  int    a, b;  /* piece * 2 + end */
} Join;

static int
join_compare (gconstpointer a,
              gconstpointer b)
{
  const Join *ja = a, *jb = b;

  return ja->cost < jb->cost ? -1 : ja->cost > jb->cost;
}

static int
find_root (int *parent,
           int  i)
{
  while (parent[i] != i)
    i = parent[i] = parent[parent[i]];
  return i;
}

static void
end_point (Piece  *p,
           int     e,
           double *x,
           double *y)
{
  piece_point (p, e ? piece_len (p) - 1 : 0, x, y);
}

static void
join_pieces (GPtrArray *pieces,
             double     max_gap,
             double     max_angle)
{
  g_autoptr(GArray) joins = g_array_new (FALSE, FALSE, sizeof (Join));
  g_autofree int *parent = g_new (int, MAX (1, pieces->len));
  double cos_max = cos (max_angle * G_PI / 180);

  for (guint i = 0; i < pieces->len; i++)
    parent[i] = (int) i;
  for (guint i = 0; i < pieces->len; i++)
    for (guint j = i + 1; j < pieces->len; j++)
      for (int ei = 0; ei < 2; ei++)
        for (int ej = 0; ej < 2; ej++)
          {
            Piece *a = pieces->pdata[i], *b = pieces->pdata[j];
            double ax, ay, bx, by, gap, c_ab, c_a = 1, c_b = 1;
            Join jn;

            end_point (a, ei, &ax, &ay);
            end_point (b, ej, &bx, &by);
            gap = hypot (bx - ax, by - ay);
            if (gap > max_gap)
              continue;
            /* The two ends must point at each other: b continues a. */
            c_ab = -(a->dir[ei][0] * b->dir[ej][0] + a->dir[ei][1] * b->dir[ej][1]);
            if (gap > 2.5)
              {
                c_a = (a->dir[ei][0] * (bx - ax) + a->dir[ei][1] * (by - ay)) / gap;
                c_b = (b->dir[ej][0] * (ax - bx) + b->dir[ej][1] * (ay - by)) / gap;
              }
            if (c_ab < cos_max || c_a < cos_max || c_b < cos_max)
              continue;
            jn.cost = gap / max_gap + (1 - c_ab) + (1 - c_a) + (1 - c_b);
            jn.a = (int) i * 2 + ei;
            jn.b = (int) j * 2 + ej;
            g_array_append_val (joins, jn);
          }
  g_array_sort (joins, join_compare);
  for (guint k = 0; k < joins->len; k++)
    {
      Join *jn = &g_array_index (joins, Join, k);
      Piece *a = pieces->pdata[jn->a / 2], *b = pieces->pdata[jn->b / 2];
      int ra, rb;

      if (a->link[jn->a % 2] >= 0 || b->link[jn->b % 2] >= 0)
        continue;
      ra = find_root (parent, jn->a / 2);
      rb = find_root (parent, jn->b / 2);
      if (ra == rb)
        continue;
      parent[ra] = rb;
      a->link[jn->a % 2] = jn->b;
      b->link[jn->b % 2] = jn->a;
    }
}

static int double_compare (gconstpointer a,
                           gconstpointer b);

static int
float_compare (gconstpointer a,
               gconstpointer b)
{
  float fa = *(const float *) a, fb = *(const float *) b;

  return fa < fb ? -1 : fa > fb;
}

#define PROFILE_STEP 0.5

/* The darkness across a hair: at every other point along its middle three
 * quarters, a profile across it centred on its darkest line, and per offset
 * the median over the points, so crossings, openings and noise do not move
 * it. Over the skin beside the shaft (the outer samples) lies the baseline;
 * above it, the peak near the centre and the integral from the centre out
 * to where the darkness ends or rises again (a neighbour). FALSE when the
 * hair is too short to measure.
 */
static gboolean
hair_profile (const Work   *wk,
              const double *pt,
              guint         m,
              double        reach,
              double       *integral,
              double       *peak)
{
  int half = (int) ceil (reach / PROFILE_STEP), nt = 2 * half + 1;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (float));
  g_autofree float *prof = g_new (float, nt);
  g_autofree float *col = NULL;
  guint n_pos = 0;
  float base, top = 0;
  double sum = 0;
  int outer = MAX (2, half / 5);

  for (guint j = m / 8; j < m - m / 8; j += 2)
    {
      guint a = j >= 3 ? j - 3 : 0, b = MIN (m - 1, j + 3);
      double tx = pt[2 * b] - pt[2 * a], ty = pt[2 * b + 1] - pt[2 * a + 1];
      double len = hypot (tx, ty), nx, ny, best = -G_MAXDOUBLE, off = 0;

      if (len < 1)
        continue;
      nx = -ty / len;
      ny = tx / len;
      /* The thinned line may sit a pixel off the shaft's middle. */
      for (double t = -1.5; t <= 1.5; t += 0.25)
        {
          double v = 2 * sample (wk->d, wk->w, wk->h, pt[2 * j] + t * nx, pt[2 * j + 1] + t * ny)
                     + sample (wk->d, wk->w, wk->h, pt[2 * j] + (t - 0.5) * nx,
                               pt[2 * j + 1] + (t - 0.5) * ny)
                     + sample (wk->d, wk->w, wk->h, pt[2 * j] + (t + 0.5) * nx,
                               pt[2 * j + 1] + (t + 0.5) * ny);

          if (v > best + 1e-9 || (fabs (v - best) <= 1e-9 && fabs (t) < fabs (off)))
            {
              best = v;
              off = t;
            }
        }
      for (int k = -half; k <= half; k++)
        {
          double t = off + k * PROFILE_STEP;
          float v = sample (wk->d, wk->w, wk->h, pt[2 * j] + t * nx, pt[2 * j + 1] + t * ny);

          g_array_append_val (rows, v);
        }
      n_pos++;
    }
  if (n_pos == 0)
    return FALSE;
  col = g_new (float, MAX (n_pos, (guint) (2 * outer)));
  for (int k = 0; k < nt; k++)
    {
      for (guint p = 0; p < n_pos; p++)
        col[p] = g_array_index (rows, float, (gsize) p * nt + k);
      qsort (col, n_pos, sizeof (float), (int (*) (const void *, const void *)) float_compare);
      prof[k] = col[n_pos / 2];
    }
  /* The skin is the paler side (the other may hold a neighbour), and the
   * darkness is already relative to the skin: the baseline is small.
   */
  base = G_MAXFLOAT;
  for (int side = 0; side < 2; side++)
    {
      for (int k = 0; k < outer; k++)
        col[k] = prof[side ? nt - 1 - k : k];
      qsort (col, outer, sizeof (float), (int (*) (const void *, const void *)) float_compare);
      base = MIN (base, col[outer / 2]);
    }
  base = CLAMP (base, 0, 0.5f * prof[half]);
  /* Per point across, the peak and the integral above the baseline, from
   * the centre out to where the darkness ends or rises again (a neighbour);
   * medians over the points.
   */
  {
    g_autofree double *ints = g_new (double, n_pos);
    g_autofree double *tops = g_new (double, n_pos);

    for (guint p = 0; p < n_pos; p++)
      {
        const float *row = &g_array_index (rows, float, (gsize) p * nt);
        float ptop = 0;
        double psum;

        for (int k = -2; k <= 2; k++)
          ptop = MAX (ptop, row[half + k] - base);
        psum = MAX (0, row[half] - base) * PROFILE_STEP;
        for (int side = -1; side <= 1; side += 2)
          {
            float lowest = row[half] - base;

            for (int k = 1; k <= half; k++)
              {
                float v = row[half + side * k] - base;

                if (v < 0.05f * ptop || v > lowest + 0.03f)
                  break;
                lowest = MIN (lowest, v);
                psum += v * PROFILE_STEP;
              }
          }
        ints[p] = psum;
        tops[p] = ptop;
      }
    qsort (ints, n_pos, sizeof (double), (int (*) (const void *, const void *)) double_compare);
    qsort (tops, n_pos, sizeof (double), (int (*) (const void *, const void *)) double_compare);
    sum = ints[n_pos / 2];
    top = (float) tops[n_pos / 2];
  }
  *integral = sum;
  *peak = top;
  return top > 0;
}

/* A shaft is a cylinder of diameter d (px): across it the darkness is
 * S·(1 − exp(−τ·√(1 − (2x/d)²))), S that of an opaque shaft (some light
 * always comes back) and τ the optical depth through its middle (its
 * pigment times d). A pale shaft fades early towards its edges, so it looks
 * thinner than it is. The photo's blur, a Gaussian of σ px, spreads the
 * profile and lowers its peak but keeps its integral, d·S·cyl_mean (τ).
 */
static double
cyl_mean (double tau)
{
  const int n = 32;
  double g = 0;

  for (int i = 0; i < n; i++)
    {
      double u = (i + 0.5) / n - 0.5;

      g += (1 - exp (-tau * 2 * sqrt (0.25 - u * u))) / n;
    }
  return g;
}

/* The peak of the blurred profile, over S. */
static double
cyl_peak (double d,
          double tau,
          double sigma)
{
  const int n = 48;
  double acc = 0;

  if (sigma < 0.05)
    return 1 - exp (-tau);
  for (int i = 0; i < n; i++)
    {
      double u = (i + 0.5) / n - 0.5, x = u * d;

      acc += (1 - exp (-tau * 2 * sqrt (0.25 - u * u)))
             * exp (-x * x / (2 * sigma * sigma)) * d / n;
    }
  return acc / (sqrt (2 * G_PI) * sigma);
}

/* The cylinder whose blurred profile has this integral and this peak: for
 * a given integral, the more opaque (higher τ) the narrower, and the higher
 * its peak; τ by bisection. Returns d, and τ in @tau.
 */
static double
fit_shaft (double integral,
           double peak,
           double opaque,
           double sigma,
           double *tau)
{
  double lo = log (0.02), hi = log (30);

  for (int k = 0; k < 40; k++)
    {
      double mid = (lo + hi) / 2, t = exp (mid), d = integral / (opaque * cyl_mean (t));

      if (opaque * cyl_peak (d, t, sigma) < peak)
        lo = mid;
      else
        hi = mid;
    }
  *tau = exp ((lo + hi) / 2);
  return integral / (opaque * cyl_mean (*tau));
}

/* The diameter of a shaft of this integral with @pigment optical depth per
 * px: d·S·cyl_mean (pigment·d) grows with d; by bisection.
 */
static double
shaft_for_pigment (double integral,
                   double opaque,
                   double pigment)
{
  double lo = 0.01, hi = 400;

  for (int k = 0; k < 40; k++)
    {
      double d = (lo + hi) / 2;

      if (d * opaque * cyl_mean (pigment * d) < integral)
        lo = d;
      else
        hi = d;
    }
  return (lo + hi) / 2;
}

static int
double_compare (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, double_compare);
  return g_array_index (values, double, values->len / 2);
}

typedef struct
{
  GArray *pts;        /* doubles x, y along the whole hair */
  double  length;
  double  integral;   /* of the median profile across the shaft */
  double  peak;
  double  fit, tau;   /* its cylinder: diameter (px), optical depth */
} Hair;

static void
hair_clear (gpointer data)
{
  Hair *h = data;

  g_array_unref (h->pts);
}

static void
append_piece (GArray *pts,
              Piece  *p,
              gboolean reverse)
{
  guint n = piece_len (p);

  for (guint i = 0; i < n; i++)
    {
      double x, y;

      piece_point (p, reverse ? n - 1 - i : i, &x, &y);
      g_array_append_val (pts, x);
      g_array_append_val (pts, y);
    }
}

/* Hairs cut by the edge of the field. A hair belongs to the field its
 * middle lies in (as a true count has it): of a hair cut by the edge, only
 * the part inside is seen, and its middle lies inside when that part is at
 * least half the hair's length. That length is not seen, so the field's
 * whole hairs (both ends inside) stand for it: their mean length, each
 * weighted by the inverse of the room the field has for a hair of its
 * extent (Miles–Lantuéjoul: long hairs are cut more often, so fewer of them
 * are whole). Hairs cut by the edge shorter than half of it are dropped;
 * over many hairs, as many are kept as have their middle inside.
 */
static void
drop_edge_minorities (GArray *hairs,
                      int     w,
                      int     h,
                      double  margin)
{
  g_autofree gboolean *cut = g_new0 (gboolean, MAX (1, hairs->len));
  double sum = 0, weights = 0, half;

  for (guint i = 0; i < hairs->len; i++)
    {
      Hair *hr = &g_array_index (hairs, Hair, i);
      const double *pt = (const double *) hr->pts->data;
      guint m = hr->pts->len / 2;
      double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

      for (guint j = 0; j < m; j++)
        {
          x0 = MIN (x0, pt[2 * j]);
          x1 = MAX (x1, pt[2 * j]);
          y0 = MIN (y0, pt[2 * j + 1]);
          y1 = MAX (y1, pt[2 * j + 1]);
        }
      for (guint e = 0; e < 2; e++)
        {
          double x = pt[e ? 2 * (m - 1) : 0], y = pt[e ? 2 * (m - 1) + 1 : 1];

          cut[i] |= x < margin || y < margin || x > w - 1 - margin || y > h - 1 - margin;
        }
      if (!cut[i] && x1 - x0 < w - 1 && y1 - y0 < h - 1)
        {
          double weight = 1 / ((w - (x1 - x0)) * (h - (y1 - y0)));

          sum += weight * hr->length;
          weights += weight;
        }
    }
  if (weights <= 0)
    return;
  half = sum / weights / 2;
  for (guint i = hairs->len; i-- > 0;)
    {
      Hair *hr = &g_array_index (hairs, Hair, i);

      /* The part seen reaches the edge: the edge's margin counts to it. */
      if (cut[i] && hr->length + margin < half)
        g_array_remove_index (hairs, i);
    }
}

/* The noise of the darkness: the robust spread of each pixel's difference
 * from the mean of its four neighbours (which is √(5/4) times the pixel
 * noise), over every third pixel.
 */
static double
darkness_noise (const Work *wk)
{
  g_autoptr(GArray) diffs = g_array_new (FALSE, FALSE, sizeof (double));

  for (int y = 1; y < wk->h - 1; y += 3)
    for (int x = 1; x < wk->w - 1; x += 3)
      {
        gsize i = (gsize) y * wk->w + x;
        double v = fabs (wk->d[i] - (wk->d[i - 1] + wk->d[i + 1] + wk->d[i - wk->w]
                                     + wk->d[i + wk->w]) / 4);

        g_array_append_val (diffs, v);
      }
  if (diffs->len == 0)
    return 0;
  return 1.4826 * median (diffs) / sqrt (1.25);
}

static void
report (FolHairDetectProgress progress,
        gpointer              user_data,
        double                fraction)
{
  if (progress)
    progress (fraction, user_data);
}

GArray *
fol_hair_detect (const guint8              *pixels,
                 int                        width,
                 int                        height,
                 int                        rowstride,
                 int                        n_channels,
                 const FolHairDetectParams *params,
                 GCancellable              *cancellable,
                 FolHairDetectProgress      progress,
                 gpointer                   user_data,
                 GError                   **error)
{
  g_autofree float *grey = NULL, *bg = NULL, *tmp = NULL, *tmp2 = NULL;
  g_autofree guint8 *mask = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GArray) hairs = NULL, result = NULL, peaks = NULL;
  Work wk = { 0 };
  int fx, fy, fw, fh, w, h, rb;
  double scale, wppm, opaque, blur_sigma, pigment, noise, high, low;
  gsize n;

  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (n_channels == 1 || n_channels >= 3, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(params->px_per_mm > 0) || !isfinite (params->px_per_mm))
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_REQUIRED,
                   _("The photo has no calibration (pixels per millimetre)."));
      return NULL;
    }
  fx = params->field_width > 0 ? params->field_x : 0;
  fy = params->field_width > 0 ? params->field_y : 0;
  fw = params->field_width > 0 ? params->field_width : width;
  fh = params->field_width > 0 ? params->field_height : height;
  if (fx < 0 || fy < 0 || fw <= 0 || fh <= 0 || fx > width - fw || fy > height - fh)
    {
      g_set_error (error, FOL_VALIDATION_ERROR, FOL_VALIDATION_ERROR_RANGE,
                   _("The counted field lies outside the photo."));
      return NULL;
    }

  /* 1. Grey levels at the working resolution, by area averaging. */
  wppm = params->work_px_per_mm > 0 ? params->work_px_per_mm : 100;
  scale = MIN (1.0, wppm / params->px_per_mm);
  wppm = params->px_per_mm * scale;
  w = MAX (1, (int) floor (fw * scale));
  h = MAX (1, (int) floor (fh * scale));
  n = (gsize) w * h;
  grey = g_new0 (float, n);
  for (int y = 0; y < h; y++)
    {
      int sy0 = fy + (int) floor (y / scale), sy1 = fy + MAX ((int) floor ((y + 1) / scale), (int) floor (y / scale) + 1);

      for (int x = 0; x < w; x++)
        {
          int sx0 = fx + (int) floor (x / scale), sx1 = fx + MAX ((int) floor ((x + 1) / scale), (int) floor (x / scale) + 1);
          double acc = 0;
          int count = 0;

          for (int sy = sy0; sy < MIN (sy1, fy + fh); sy++)
            for (int sx = sx0; sx < MIN (sx1, fx + fw); sx++)
              {
                const guint8 *p = pixels + (gsize) sy * rowstride + (gsize) sx * n_channels;

                acc += n_channels == 1 ? p[0] : 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
                count++;
              }
          grey[(gsize) y * w + x] = (float) (count ? acc / count : 0);
        }
    }
  report (progress, user_data, 0.1);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* 2. Background by closing, then relative darkness. */
  rb = MAX (2, (int) ceil (0.085 * wppm));
  bg = g_new (float, n);
  tmp = g_new (float, n);
  tmp2 = g_new (float, n);
  min_max_filter (grey, tmp2, tmp, w, h, rb, TRUE);
  min_max_filter (tmp2, bg, tmp, w, h, rb, FALSE);
  gauss_blur (bg, bg, tmp, w, h, rb);
  wk.w = w;
  wk.h = h;
  wk.d = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    wk.d[i] = bg[i] > 1 ? MAX (0.0f, (bg[i] - grey[i]) / bg[i]) : 0.0f;
  noise = darkness_noise (&wk);
  /* The hysteresis levels in units of the photo's noise, never below the
   * floors: a clean photo shows fainter hairs, a noisy one no false ones.
   */
  {
    /* White noise of σn, smoothed at σ px, gives a scale-normalised second
     * derivative of about 0.25·σn/σ: its spread at the finest scale.
     */
    double sigma0 = MAX (0.8, scales_mm[0] * wppm), ridge_noise = 0.25 * noise / sigma0;

    high = MAX (params->high, params->high_snr * ridge_noise);
    low = MAX (params->low, params->low_snr * ridge_noise);
  }
  report (progress, user_data, 0.25);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  /* 3. Multi-scale ridge strength and its normal. */
  wk.r = g_new0 (float, n);
  wk.nx = g_new0 (float, n);
  wk.ny = g_new0 (float, n);
  for (int s = 0; s < N_SCALES; s++)
    {
      double sigma = MAX (0.8, scales_mm[s] * wppm), s2 = sigma * sigma;

      gauss_blur (wk.d, bg, tmp, w, h, sigma);
      for (int y = 1; y < h - 1; y++)
        for (int x = 1; x < w - 1; x++)
          {
            gsize i = (gsize) y * w + x;
            double hxx = bg[i + 1] - 2 * bg[i] + bg[i - 1];
            double hyy = bg[i + w] - 2 * bg[i] + bg[i - w];
            double hxy = (bg[i + w + 1] - bg[i + w - 1] - bg[i - w + 1] + bg[i - w - 1]) / 4;
            double tr = (hxx + hyy) / 2, det = sqrt ((hxx - hyy) * (hxx - hyy) / 4 + hxy * hxy);
            double l2 = tr - det, l1 = tr + det;   /* l2 the most negative */
            double strength = s2 * (-l2 - fabs (l1));

            if (l2 < 0 && strength > wk.r[i])
              {
                /* Eigenvector of l2: across the ridge. */
                double vx = hxy, vy = l2 - hxx, len = hypot (vx, vy);

                if (len < 1e-12)
                  {
                    vx = hxx < hyy ? 1 : 0;
                    vy = hxx < hyy ? 0 : 1;
                    len = 1;
                  }
                double off = 2 * sigma + 1;
                double side = MAX (sample (bg, w, h, x + off * vx / len, y + off * vy / len),
                                   sample (bg, w, h, x - off * vx / len, y - off * vy / len));

                /* A line is darker than the skin on both sides of it; noise
                 * inside a dark shaft or an opening is not.
                 */
                if (bg[i] - side < MAX (low, 0.3 * bg[i]))
                  continue;
                wk.r[i] = (float) strength;
                wk.nx[i] = (float) (vx / len);
                wk.ny[i] = (float) (vy / len);
              }
          }
      report (progress, user_data, 0.25 + 0.45 * (s + 1) / N_SCALES);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }

  /* 4. Non-maximum suppression, hysteresis, thinning. */
  mask = g_new0 (guint8, n);
  {
    g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gsize));

    for (int y = 1; y < h - 1; y++)
      for (int x = 1; x < w - 1; x++)
        {
          gsize i = (gsize) y * w + x;
          float r = wk.r[i];

          if (r < low)
            continue;
          if (sample (wk.r, w, h, x + wk.nx[i], y + wk.ny[i]) > r
              || sample (wk.r, w, h, x - wk.nx[i], y - wk.ny[i]) > r)
            continue;
          mask[i] = 1;
        }
    for (gsize i = 0; i < n; i++)
      if (mask[i] == 1 && wk.r[i] >= high)
        {
          mask[i] = 2;
          g_array_append_val (stack, i);
        }
    while (stack->len > 0)
      {
        gsize i = g_array_index (stack, gsize, stack->len - 1);
        int x = (int) (i % w), y = (int) (i / w);

        g_array_set_size (stack, stack->len - 1);
        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            if (x + dx >= 0 && x + dx < w && y + dy >= 0 && y + dy < h)
              {
                gsize j = (gsize) (y + dy) * w + x + dx;

                if (mask[j] == 1)
                  {
                    mask[j] = 2;
                    g_array_append_val (stack, j);
                  }
              }
      }
    for (gsize i = 0; i < n; i++)
      mask[i] = mask[i] == 2;
  }
  thin (mask, w, h);
  report (progress, user_data, 0.8);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  /* 5. Cut at junctions, trace, re-join. */
  {
    g_autoptr(GArray) cut = g_array_new (FALSE, FALSE, sizeof (gsize));

    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        if (mask[(gsize) y * w + x] && count_branches (mask, w, h, x, y) > 2)
          {
            gsize i = (gsize) y * w + x;

            g_array_append_val (cut, i);
          }
    for (guint k = 0; k < cut->len; k++)
      mask[g_array_index (cut, gsize, k)] = 0;
  }
  pieces = trace_pieces (mask, w, h);
  g_ptr_array_set_free_func (pieces, piece_free);
  /* Specks of a pixel or two are noise, not hair; they would only confuse
   * the joins.
   */
  for (guint i = pieces->len; i-- > 0;)
    if (((Piece *) pieces->pdata[i])->length < 2.5)
      g_ptr_array_remove_index_fast (pieces, i);
  join_pieces (pieces, params->join_gap_mm * wppm, params->join_angle_deg);

  hairs = g_array_new (FALSE, TRUE, sizeof (Hair));
  g_array_set_clear_func (hairs, hair_clear);
  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *p = pieces->pdata[i];
      Hair hair = { 0 };
      int cur, end;

      /* Start from a chain's free end (a loop of pieces never forms: the
       * joins keep a forest).
       */
      if (p->used || (p->link[0] >= 0 && p->link[1] >= 0))
        continue;
      hair.pts = g_array_new (FALSE, FALSE, sizeof (double));
      cur = (int) i;
      end = p->link[0] >= 0 ? 1 : 0;   /* the free end we enter by */
      for (;;)
        {
          Piece *q = pieces->pdata[cur];
          int out = 1 - end, next;

          q->used = TRUE;
          append_piece (hair.pts, q, end == 1);
          hair.length += q->length;
          next = q->link[out];
          if (next < 0)
            break;
          {
            double ax, ay, bx, by;

            end_point (q, out, &ax, &ay);
            end_point (pieces->pdata[next / 2], next % 2, &bx, &by);
            hair.length += hypot (bx - ax, by - ay);
          }
          cur = next / 2;
          end = next % 2;
        }
      if (hair.length < params->min_length_mm * wppm)
        {
          hair_clear (&hair);
          continue;
        }
      g_array_append_val (hairs, hair);
    }
  drop_edge_minorities (hairs, w, h, 2 + 0.05 * wppm);

  /* 6. Diameters from the darkness across the shaft. */
  peaks = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < hairs->len; i++)
    {
      Hair *hr = &g_array_index (hairs, Hair, i);

      if (!hair_profile (&wk, (const double *) hr->pts->data, hr->pts->len / 2,
                         0.1 * wppm + 3, &hr->integral, &hr->peak))
        hr->integral = hr->peak = 0;
      if (hr->peak > 0)
        g_array_append_val (peaks, hr->peak);
    }
  /* The darkness of an opaque shaft: what the darkest hairs of this photo
   * reach, taken as no less than 0.8 (a shaft lets little light through).
   */
  opaque = 0.8;
  if (peaks->len > 0)
    {
      g_array_sort (peaks, double_compare);
      opaque = MAX (opaque, g_array_index (peaks, double, (peaks->len * 19) / 20));
    }
  /* The photo's blur: no profile is narrower than the blur itself, whose
   * integral over peak is √(2π)·σ; the narrowest tenth of the hairs are
   * about that.
   */
  {
    g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < hairs->len; i++)
      {
        Hair *hr = &g_array_index (hairs, Hair, i);

        if (hr->peak > 0)
          {
            double wd = hr->integral / hr->peak;

            g_array_append_val (widths, wd);
          }
      }
    blur_sigma = 1.0;
    if (widths->len > 0)
      {
        g_array_sort (widths, double_compare);
        blur_sigma = MAX (0.4, g_array_index (widths, double, widths->len / 10)
                               / sqrt (2 * G_PI));
      }
  }
  /* Each hair's own cylinder, and the pigment (optical depth per px) of
   * the hairs wide enough to tell it: the median of those is the photo's.
   */
  {
    g_autoptr(GArray) pigments = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < hairs->len; i++)
      {
        Hair *hr = &g_array_index (hairs, Hair, i);

        if (hr->peak <= 0)
          continue;
        hr->fit = fit_shaft (hr->integral, hr->peak, opaque, blur_sigma, &hr->tau);
        if (hr->fit >= 3 * blur_sigma)
          {
            double k = hr->tau / hr->fit;

            g_array_append_val (pigments, k);
          }
      }
    pigment = pigments->len >= 3 ? median (pigments) : 3 / (3 * blur_sigma);
  }

  result = g_array_new (FALSE, FALSE, sizeof (FolHairSuggestion));
  for (guint i = 0; i < hairs->len; i++)
    {
      Hair *hr = &g_array_index (hairs, Hair, i);
      const double *pt = (const double *) hr->pts->data;
      guint m = hr->pts->len / 2;
      double half = 0, walked = 0;
      FolHairSuggestion s = { 0 };
      guint j;

      for (j = 1; j < m; j++)
        half += hypot (pt[2 * j] - pt[2 * j - 2], pt[2 * j + 1] - pt[2 * j - 1]);
      half /= 2;
      for (j = 1; j < m; j++)
        {
          walked += hypot (pt[2 * j] - pt[2 * j - 2], pt[2 * j + 1] - pt[2 * j - 1]);
          if (walked >= half)
            break;
        }
      j = MIN (j, m - 1);
      s.x = fx + (pt[2 * j] + 0.5) / scale;
      s.y = fy + (pt[2 * j + 1] + 0.5) / scale;
      s.length_mm = hr->length / wppm;
      /* A hair much wider than the blur is its own cylinder; one as narrow
       * as the blur shows only its integral, which the photo's pigment
       * turns into a diameter; in between, a blend.
       */
      if (hr->peak > 0)
        {
          double prior = shaft_for_pigment (hr->integral, opaque, pigment);
          double t = CLAMP ((prior / blur_sigma - 3) / 2, 0, 1);

          s.diameter_um = ((1 - t) * prior + t * hr->fit) / wppm * 1000;
        }
      g_array_append_val (result, s);
    }
  report (progress, user_data, 1.0);

out:
  g_free (wk.d);
  g_free (wk.r);
  g_free (wk.nx);
  g_free (wk.ny);
  if (error && *error)
    return NULL;
  return g_steal_pointer (&result);
}
