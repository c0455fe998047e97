/**
 * Saving the sidecar: the one writer. It re-reads the file first and refuses to write over a change
 * it has not seen (a git pull, another editor), then replaces the file atomically.
 */
import { LineIndex } from '../text';
import { CorpusFileSystem, FileChangedError } from '../workspace';
import { applySidecarEdits } from './edit';
import { SidecarEdit, SidecarEditError } from './edits';
import { decodeSidecarBytes, firstUnencodable } from './encoding';
import { ParsedSidecar } from './read';
import { verifySidecarEdit } from './verify';

/** The sidecar on disk is not the text the edit was planned on. */
export class SidecarConflictError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed on disk since it was read; reload it and try again (nothing was written)`);
  }
}

const BOM = '\ufeff';

/**
 * Reads the sidecar's text as it is on disk (BOM kept, so a save can keep it too). Bytes that are
 * not UTF-8 are kept as escapes that `parseSidecar` refuses (see `decodeSidecarBytes`).
 */
export async function readSidecarText(fs: CorpusFileSystem, path: string): Promise<string | undefined> {
  const bytes = await fs.readFile(path);
  return bytes === undefined ? undefined : decodeSidecarBytes(bytes);
}

/**
 * Writes `newText` (BOM-free, as the core works) if the file still holds `basedOn` (BOM-free too),
 * checked when the save starts and again by the file system just before it replaces the file.
 * A BOM the file had is kept. A file that is not UTF-8 is never written.
 */
export async function saveSidecarText(fs: CorpusFileSystem, path: string, basedOn: string, newText: string): Promise<void> {
  const bytes = await fs.readFile(path);
  const onDisk = bytes === undefined ? undefined : decodeSidecarBytes(bytes);
  if (onDisk !== undefined && firstUnencodable(onDisk) !== undefined) throw new SidecarEditError(`${path} is not valid UTF-8 on disk; nothing was written`);
  if (firstUnencodable(newText) !== undefined) throw new SidecarEditError(`internal error: the new text of ${path} cannot be written as UTF-8; nothing was written`);
  const hadBom = onDisk?.startsWith(BOM) ?? false;
  const current = hadBom ? onDisk!.slice(1) : onDisk;
  if ((current ?? '') !== basedOn) throw new SidecarConflictError(path);
  try {
    await fs.writeFileAtomic(path, new TextEncoder().encode((hadBom ? BOM : '') + newText), { expected: bytes ?? null });
  } catch (error) {
    if (error instanceof FileChangedError) throw new SidecarConflictError(path);
    throw error;
  }
}

/**
 * Refuses to edit a sidecar that cannot be read, or that has a duplicate key (which copy an edit
 * is meant for cannot be known).
 */
function refuseUneditable(parsed: ParsedSidecar, path: string): void {
  if (parsed.invalid) throw new SidecarEditError(`${path} has errors that stop it being read (${parsed.problems[0]?.message}); nothing was written`);
  const duplicate = parsed.problems.find((p) => p.code === 'duplicate-key' || p.code === 'duplicate-id');
  if (duplicate) {
    const line = new LineIndex(parsed.text).positionAt(duplicate.range.start).line + 1;
    const key = parsed.text.slice(duplicate.range.start, duplicate.range.end);
    throw new SidecarEditError(`${path} has the key "${key}" twice (again on line ${line}): which one an edit is meant for cannot be known, so nothing was written; remove or rename one`);
  }
}

/** Applies edits to a parsed sidecar, proves the new text means what they meant, saves it, and returns it parsed. */
export async function editSidecar(fs: CorpusFileSystem, parsed: ParsedSidecar, path: string, edits: readonly SidecarEdit[]): Promise<ParsedSidecar> {
  refuseUneditable(parsed, path);
  const next = applySidecarEdits(parsed, edits, path);
  const newText = next.text;
  if (newText === parsed.text) return parsed;
  verifySidecarEdit(parsed, next, edits, path);
  await saveSidecarText(fs, path, parsed.text, newText);
  return next;
}
