/**
 * Paths inside the sidecar are relative to the sidecar's folder, `/`-separated, and must stay inside it.
 * These helpers work on strings only, so they behave the same on every platform.
 */

/** Why a sidecar path was refused, or the normalised path. */
export type CorpusPathResult = { ok: true; path: string } | { ok: false; reason: string };

/** Normalises a sidecar path (`./a/../b.txt` → `b.txt`) and refuses one that leaves the corpus folder. */
export function normalizeCorpusPath(raw: string): CorpusPathResult {
  if (raw.length === 0) return { ok: false, reason: 'path is empty' };
  if (raw.includes('\\')) return { ok: false, reason: 'path must use "/" separators, not "\\"' };
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) return { ok: false, reason: 'path must be relative to the sidecar folder, not absolute' };
  if (raw.includes('\0')) return { ok: false, reason: 'path contains a NUL character' };
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return { ok: false, reason: 'path leaves the sidecar folder' };
      parts.pop();
    } else parts.push(part);
  }
  if (parts.length === 0) return { ok: false, reason: 'path names the sidecar folder itself, not a file' };
  return { ok: true, path: parts.join('/') };
}

/** Joins a folder path and a normalised corpus path for display. */
export function joinForDisplay(folder: string, corpusPath: string): string {
  if (folder === '' || folder === '.') return corpusPath;
  return folder.endsWith('/') ? folder + corpusPath : `${folder}/${corpusPath}`;
}
