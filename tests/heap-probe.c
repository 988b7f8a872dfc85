/* heap-probe.c
 *
 * Copyright 2026 The Follicle authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Started by a copy of `follicle` in place of the window program
 * (tests/test-launcher.c): allocates, fills and frees a block the size of
 * a chart's pixels at 1600×1000 twice, as a chart view's frames do, and
 * prints where the second came from: "heap kept" when the allocator gave
 * it from its heap and kept that memory after it was freed, "mapped" when
 * it mapped the block on its own (faulted in anew on every frame),
 * "trimmed" when it gave the memory back to the system.
 */

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK ((size_t) 1600 * 1000 * 4)

int
main (void)
{
  const char *verdict = "heap kept";

#if defined(__SANITIZE_ADDRESS__)
  /* the sanitizer's allocator, not the C library's */
  fputs ("sanitized", stdout);
  return 0;
#endif

  for (int round = 0; round < 2; round++)
    {
      unsigned char *block = malloc (BLOCK);
      struct mallinfo2 during, after;

      if (block == NULL)
        return 1;
      memset (block, round, BLOCK);
      during = mallinfo2 ();
      free (block);
      after = mallinfo2 ();
      if (round == 0)
        continue;
      if (during.hblks > 0)
        verdict = "mapped";
      else if (after.arena < BLOCK)
        verdict = "trimmed";
    }
  fputs (verdict, stdout);
  return 0;
}
