/** Replacing a file so that a reader, or a crash, finds the old file or the new one — never a part. */
import { promises as fs } from 'node:fs';

/**
 * Writes a temporary file beside `target`, flushes it to disk, then renames it over the target
 * with rename(2), which replaces it in one step. A crash before the rename leaves the old file
 * (and a `*.tmp` file beside it); the target keeps its permissions.
 */
export async function writeFileAtomically(target: string, data: Uint8Array): Promise<void> {
  const temporary = `${target}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const mode = await fs.stat(target).then((s) => s.mode, () => 0o644);
  const handle = await fs.open(temporary, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}
