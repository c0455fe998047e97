/**
 * Saving the sidecar: the one writer. It re-reads the file first and refuses to write over a change
 * it has not seen (a git pull, another editor), then replaces the file atomically.
 */
import { CorpusFileSystem } from '../workspace';
import { applySidecarEdits } from './edit';
import { SidecarEdit } from './edits';
import { ParsedSidecar } from './read';
import { verifySidecarEdit } from './verify';

/** The sidecar on disk is not the text the edit was planned on. */
export class SidecarConflictError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed on disk since it was read; reload it and try again (nothing was written)`);
  }
}

const BOM = '\ufeff';

/** Reads the sidecar's text as it is on disk (BOM kept, so a save can keep it too). */
export async function readSidecarText(fs: CorpusFileSystem, path: string): Promise<string | undefined> {
  const bytes = await fs.readFile(path);
  return bytes === undefined ? undefined : new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

/**
 * Writes `newText` (BOM-free, as the core works) if the file still holds `basedOn` (BOM-free too).
 * A BOM the file had is kept.
 */
export async function saveSidecarText(fs: CorpusFileSystem, path: string, basedOn: string, newText: string): Promise<void> {
  const onDisk = await readSidecarText(fs, path);
  const hadBom = onDisk?.startsWith(BOM) ?? false;
  const current = hadBom ? onDisk!.slice(1) : onDisk;
  if ((current ?? '') !== basedOn) throw new SidecarConflictError(path);
  await fs.writeFileAtomic(path, new TextEncoder().encode((hadBom ? BOM : '') + newText));
}

/** Applies edits to a parsed sidecar, proves the new text means what they meant, saves it, and returns it parsed. */
export async function editSidecar(fs: CorpusFileSystem, parsed: ParsedSidecar, path: string, edits: readonly SidecarEdit[]): Promise<ParsedSidecar> {
  const next = applySidecarEdits(parsed, edits, path);
  const newText = next.text;
  if (newText === parsed.text) return parsed;
  verifySidecarEdit(parsed, next, edits, path);
  await saveSidecarText(fs, path, parsed.text, newText);
  return next;
}
