/** Ids for new sidecar entries, derived from what the user selected. */

/** `Foreign Minister Alma Reyes` → `foreign-minister-alma-reyes`; at most `maxWords` words. */
export function slugify(text: string, maxWords = 5): string {
  const words = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.slice(0, maxWords).join('-') || 'entry';
}

/** `base`, or `base-2`, `base-3`… whichever is not taken. */
export function uniqueId(base: string, isTaken: (id: string) => boolean): string {
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) if (!isTaken(`${base}-${n}`)) return `${base}-${n}`;
}

/** An id a user typed: letters, digits, `-`, `_` and `.`, starting with a letter or digit. */
export function isValidId(id: string): boolean {
  return /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u.test(id);
}
