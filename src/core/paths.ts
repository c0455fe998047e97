/**
 * Paths inside the sidecar are relative to the sidecar's folder, `/`-separated, and must stay inside it.
 * These helpers work on strings only, so they behave the same on every platform.
 */

/** Why a sidecar path was refused, or the normalised path. */
export type CorpusPathResult = { ok: true; path: string } | { ok: false; reason: string };

/**
 * A URI scheme (RFC 3986: a letter, then letters, digits, `+`, `-` or `.`) and its colon. A path that
 * starts with one would be read as a URI wherever it becomes a link (`command:`, `javascript:`,
 * `https:`), so such paths are refused; a file really named so can be moved into a folder.
 */
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Normalises a sidecar path (`./a/../b.txt` → `b.txt`) and refuses one that leaves the corpus
 * folder or that starts like a URI (`command:…`, `https://…`).
 */
export function normalizeCorpusPath(raw: string): CorpusPathResult {
  if (raw.length === 0) return { ok: false, reason: 'path is empty' };
  if (raw.includes('\\')) return { ok: false, reason: 'path must use "/" separators, not "\\"' };
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) return { ok: false, reason: 'path must be relative to the sidecar folder, not absolute' };
  if (raw.includes('\0')) return { ok: false, reason: 'path contains a NUL character' };
  if (URI_SCHEME.test(raw)) return schemeRefusal(raw);
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return { ok: false, reason: 'path leaves the sidecar folder' };
      parts.pop();
    } else parts.push(part);
  }
  if (parts.length === 0) return { ok: false, reason: 'path names the sidecar folder itself, not a file' };
  const path = parts.join('/');
  // Checked after normalising, so `./C:/x` and `a/../javascript:x` are caught too.
  if (/^[A-Za-z]:/.test(path)) return { ok: false, reason: 'path must be relative to the sidecar folder, not absolute' };
  if (URI_SCHEME.test(path)) return schemeRefusal(path);
  return { ok: true, path };
}

function schemeRefusal(path: string): CorpusPathResult {
  return { ok: false, reason: `path starts like a URI ("${URI_SCHEME.exec(path)![0]}"), not a file path relative to the sidecar folder` };
}

/** Joins a folder path and a normalised corpus path for display. */
export function joinForDisplay(folder: string, corpusPath: string): string {
  if (folder === '' || folder === '.') return corpusPath;
  return folder.endsWith('/') ? folder + corpusPath : `${folder}/${corpusPath}`;
}
