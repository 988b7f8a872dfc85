/* fol-lazy-lib.h
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

#include <glib.h>

G_BEGIN_DECLS

/* A shared library loaded the first time one of its functions is called,
 * not when the program starts: the PostgreSQL client, libarchive,
 * libsodium and libsecret, with everything they bring, cost more to load
 * than a window on a clinic file takes to show, and most runs never use
 * them. Each wrapper (fol-pg-libpq.c, fol-services-libs.c) defines the
 * library's function with its own prototype and calls the real one.
 */
typedef struct
{
  const char *soname;
  gpointer    handle;
} FolLazyLib;

gpointer fol_lazy_lib_symbol (FolLazyLib *lib,
                              const char *name);

/* FOL_LAZY_FUNCTION (lib, return type, name, (parameters), (arguments)) */
#define FOL_LAZY_FUNCTION(lib, type, name, params, args)                        \
  type name params                                                               \
  {                                                                              \
    static gpointer fn;                                                          \
    gpointer f = g_atomic_pointer_get (&fn);                                     \
    if (G_UNLIKELY (f == NULL))                                                  \
      g_atomic_pointer_set (&fn, f = fol_lazy_lib_symbol (&(lib), #name));       \
    return ((type (*) params) f) args;                                           \
  }

#define FOL_LAZY_VOID_FUNCTION(lib, name, params, args)                         \
  void name params                                                               \
  {                                                                              \
    static gpointer fn;                                                          \
    gpointer f = g_atomic_pointer_get (&fn);                                     \
    if (G_UNLIKELY (f == NULL))                                                  \
      g_atomic_pointer_set (&fn, f = fol_lazy_lib_symbol (&(lib), #name));       \
    ((void (*) params) f) args;                                                  \
  }

G_END_DECLS
