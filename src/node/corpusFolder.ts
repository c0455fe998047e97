/**
 * Reading a corpus folder on a local disk, for the CLI and for the extension's `file:` workspaces:
 * only regular files whose real path lies inside the folder's real path are read. A corpus comes
 * from git, a share or an archive, and a symlink in it can lead anywhere (`/etc/passwd`, a FIFO that
 * blocks a read forever, `/dev/zero` that never ends): such files are refused with a reason.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, promises as fs, readlinkSync, readSync, realpathSync, Stats, statSync } from 'node:fs';
import * as path from 'node:path';
import { FileRefusedError, isArticlePath, MAX_CORPUS_FILE_BYTES, tooLargeReason } from '../core/workspace';

/** Folders never searched for articles. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist']);

/**
 * Opening never blocks (a FIFO swapped in after the checks opens at once, and is then refused) and
 * never follows a symlink swapped in for the last component. Neither flag exists on Windows, which
 * has no FIFOs to block on.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

export class CorpusFolder {
  private realRootPromise: Promise<string> | undefined;
  private realRootSync: string | undefined;

  constructor(readonly root: string) {}

  /** The absolute path of a corpus path (`/`-separated, already normalised). */
  resolve(corpusPath: string): string {
    return path.join(this.root, ...corpusPath.split('/'));
  }

  /** The file's bytes, undefined when nothing is there; throws {@link FileRefusedError} for anything but an inside regular file. */
  async readFile(corpusPath: string): Promise<Uint8Array | undefined> {
    const refuse = (reason: string): never => {
      throw new FileRefusedError(corpusPath, reason);
    };
    const full = this.resolve(corpusPath);
    const real = await fs.realpath(full).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code === 'ELOOP') return refuse('it is a symlink that leads round in a loop');
      if (!isMissing(error)) return refuseOnError(corpusPath, error);
      // Nothing there, or a symlink to nothing.
      const entry = await fs.lstat(full).catch(() => undefined);
      return entry?.isSymbolicLink() ? refuse('it is a symlink whose target does not exist') : undefined;
    });
    if (real === undefined) return undefined;
    if (!isInside(await this.realRoot(), real)) {
      const entry = await fs.lstat(full).catch(() => undefined);
      refuse(entry?.isSymbolicLink() ? 'it is a symlink leading outside the corpus folder' : 'it lies in a symlinked folder leading outside the corpus folder');
    }
    // Checked before opening: a FIFO or a device is never opened at all.
    const checked = await fs.stat(real).catch((error: NodeJS.ErrnoException) => refuseOnError(corpusPath, error));
    if (!checked.isFile()) refuse(notAFile(checked));
    if (checked.size > MAX_CORPUS_FILE_BYTES) refuse(tooLargeReason(checked.size));

    const handle = await fs.open(real, OPEN_FLAGS).catch((error: NodeJS.ErrnoException) =>
      error.code === 'ELOOP' ? refuse('it was replaced by a symlink while it was being read') : refuseOnError(corpusPath, error),
    );
    try {
      // The path may have been swapped between the checks and the open: what is held open must be
      // the regular file that was checked, and the corpus path must still lead to it, inside.
      const [opened, again] = await Promise.all([handle.stat(), fs.realpath(full).catch(() => undefined)]);
      if (!opened.isFile() || opened.dev !== checked.dev || opened.ino !== checked.ino || again !== real) refuse('it was moved or replaced while it was being read');
      return await readBounded(handle, opened.size, () => refuse(tooLargeReason()));
    } finally {
      await handle.close();
    }
  }

  /**
   * {@link readFile} without a promise, for the CLI and worker threads, where nothing else waits on
   * the thread: the same answers, the same refusals. An ordinary file (not a symlink, in no symlinked
   * folder) is read in six system calls — `lstat`, `open`, `fstat`, where the open descriptor really
   * is (Linux: `/proc/self/fd`), `read`, `close` — proven inside by what was opened, not by a path
   * checked before; anything else takes the same steps as `readFile`, one after the other.
   */
  readFileSync(corpusPath: string): Uint8Array | undefined {
    const full = this.resolve(corpusPath);
    let realRoot: string | undefined;
    try {
      realRoot = this.realRootNow();
    } catch {
      realRoot = undefined; // asked again, and thrown, only where readFile would need it
    }
    const direct = realRoot === undefined ? NOT_ORDINARY : readOrdinaryFile(full, path.join(realRoot, ...corpusPath.split('/')));
    return direct === NOT_ORDINARY ? this.readCheckedSync(corpusPath, full) : direct;
  }

  /** `readFile`'s checks, one after the other. */
  private readCheckedSync(corpusPath: string, full: string): Uint8Array | undefined {
    const refuse = (reason: string): never => {
      throw new FileRefusedError(corpusPath, reason);
    };
    let real: string;
    try {
      real = realpathSync.native(full);
    } catch (caught) {
      const error = caught as NodeJS.ErrnoException;
      if (error.code === 'ELOOP') return refuse('it is a symlink that leads round in a loop');
      if (!isMissing(error)) return refuseOnError(corpusPath, error);
      return lstatOrUndefined(full)?.isSymbolicLink() ? refuse('it is a symlink whose target does not exist') : undefined;
    }
    if (!isInside(this.realRootNow(), real)) {
      refuse(lstatOrUndefined(full)?.isSymbolicLink() ? 'it is a symlink leading outside the corpus folder' : 'it lies in a symlinked folder leading outside the corpus folder');
    }
    let checked: Stats;
    try {
      checked = statSync(real);
    } catch (error) {
      return refuseOnError(corpusPath, error as NodeJS.ErrnoException);
    }
    if (!checked.isFile()) refuse(notAFile(checked));
    if (checked.size > MAX_CORPUS_FILE_BYTES) refuse(tooLargeReason(checked.size));
    let fd: number;
    try {
      fd = openSync(real, OPEN_FLAGS);
    } catch (caught) {
      const error = caught as NodeJS.ErrnoException;
      return error.code === 'ELOOP' ? refuse('it was replaced by a symlink while it was being read') : refuseOnError(corpusPath, error);
    }
    try {
      const opened = fstatSync(fd);
      let again: string | undefined;
      try {
        again = realpathSync.native(full);
      } catch {
        again = undefined;
      }
      if (!opened.isFile() || opened.dev !== checked.dev || opened.ino !== checked.ino || again !== real) refuse('it was moved or replaced while it was being read');
      return readBoundedSync(fd, opened.size) ?? refuse(tooLargeReason());
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Every file with an article extension (regular files, symlinks, and anything else `readFile` will
   * then refuse with a reason), sorted. Symlinked folders are not entered, nor hidden and dependency folders.
   */
  async listArticles(): Promise<string[]> {
    const found: string[] = [];
    const walk = async (folder: string, prefix: string): Promise<void> => {
      const entries = await fs.readdir(folder, { withFileTypes: true });
      await Promise.all(entries.map(async (entry) => {
        const corpusPath = prefix + entry.name;
        if (entry.isDirectory()) {
          if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) await walk(path.join(folder, entry.name), corpusPath + '/');
        } else if (isArticlePath(entry.name)) found.push(corpusPath);
      }));
    };
    await walk(this.root, '');
    return found.sort();
  }

  private realRootNow(): string {
    // Kept once found, as the promise is; not kept after a failure.
    return (this.realRootSync ??= realpathSync.native(this.root));
  }

  private realRoot(): Promise<string> {
    // Not kept after a failure: the folder may exist on the next read.
    return (this.realRootPromise ??= fs.realpath(this.root).catch((error: unknown) => {
      this.realRootPromise = undefined;
      throw error;
    }));
  }
}

/** Reads to the end, never more than {@link MAX_CORPUS_FILE_BYTES}: a file that grows past it is refused. */
async function readBounded(handle: fs.FileHandle, expectedSize: number, tooLarge: () => never): Promise<Uint8Array> {
  // One byte more than expected: a read that fills the buffer means the file grew, so read on.
  let buffer = Buffer.alloc(Math.min(expectedSize, MAX_CORPUS_FILE_BYTES) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > MAX_CORPUS_FILE_BYTES) tooLarge();
      const larger = Buffer.alloc(Math.min(buffer.length * 2, MAX_CORPUS_FILE_BYTES + 1));
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
    const wanted = buffer.length - length;
    const { bytesRead } = await handle.read(buffer, length, wanted, null);
    length += bytesRead;
    // A regular file gives less than asked only at its end: no second read to learn that.
    if (bytesRead < wanted) break;
  }
  if (length > MAX_CORPUS_FILE_BYTES) tooLarge();
  return buffer.subarray(0, length);
}

/** What `readOrdinaryFile` answers for anything that needs the full checks. */
const NOT_ORDINARY = Symbol('not an ordinary file');

/** Whether `/proc/self/fd` says where an open descriptor leads (Linux): probed once. */
let procFdWorks: boolean | undefined;

function whereOpen(fd: number): string | undefined {
  if (procFdWorks === false) return undefined;
  try {
    const where = readlinkSync(`/proc/self/fd/${fd}`);
    procFdWorks = true;
    return where;
  } catch {
    procFdWorks = false;
    return undefined;
  }
}

/**
 * The bytes of a regular file that is exactly where `expectedReal` says (no symlink on the way),
 * proven by the descriptor that was read: not a symlink when looked at (so a FIFO or a device is
 * never opened), the same file once open, and the open file's own path (from `/proc/self/fd`) is
 * the expected one inside the corpus. Undefined when nothing is there at all. Anything else — a
 * symlink, a folder, a FIFO, a file too large, a path that moved, no `/proc` — is
 * {@link NOT_ORDINARY}, and the caller takes the full checks, which say why.
 */
function readOrdinaryFile(full: string, expectedReal: string): Uint8Array | undefined | typeof NOT_ORDINARY {
  if (procFdWorks === false) return NOT_ORDINARY;
  let entry: Stats;
  try {
    entry = lstatSync(full);
  } catch (error) {
    // Nothing at all under this name (not even a dangling symlink, which lstat would find).
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : NOT_ORDINARY;
  }
  if (!entry.isFile() || entry.size > MAX_CORPUS_FILE_BYTES) return NOT_ORDINARY;
  let fd: number;
  try {
    fd = openSync(full, OPEN_FLAGS);
  } catch {
    return NOT_ORDINARY;
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile() || opened.dev !== entry.dev || opened.ino !== entry.ino || opened.size > MAX_CORPUS_FILE_BYTES) return NOT_ORDINARY;
    if (whereOpen(fd) !== expectedReal) return NOT_ORDINARY;
    // A file that grew past the limit while read is refused by the full checks.
    return readBoundedSync(fd, opened.size) ?? NOT_ORDINARY;
  } finally {
    closeSync(fd);
  }
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/** {@link readBounded} for a descriptor read synchronously; undefined when the file grew past the limit. */
function readBoundedSync(fd: number, expectedSize: number): Uint8Array | undefined {
  // Not from Node's shared pool: the bytes may be kept, and must not keep a pool slab alive.
  let buffer = Buffer.allocUnsafeSlow(Math.min(expectedSize, MAX_CORPUS_FILE_BYTES) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > MAX_CORPUS_FILE_BYTES) return undefined;
      const larger = Buffer.allocUnsafeSlow(Math.min(buffer.length * 2, MAX_CORPUS_FILE_BYTES + 1));
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
    const wanted = buffer.length - length;
    const bytesRead = readSync(fd, buffer, length, wanted, null);
    length += bytesRead;
    if (bytesRead < wanted) break;
  }
  if (length > MAX_CORPUS_FILE_BYTES) return undefined;
  return buffer.subarray(0, length);
}

/** The folder itself counts as inside: a link to it is then refused as a folder, not as leading outside. */
function isInside(realRoot: string, realPath: string): boolean {
  const folder = realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep;
  return realPath === realRoot || realPath.startsWith(folder);
}

function isMissing(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ENOENT' || error.code === 'ENOTDIR';
}

function notAFile(stats: Stats): string {
  if (stats.isDirectory()) return 'it is a folder, not a file';
  if (stats.isFIFO()) return 'it is a named pipe (FIFO), not a regular file';
  if (stats.isSocket()) return 'it is a socket, not a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'it is a device, not a regular file';
  return 'it is not a regular file';
}

/** Permission errors are a problem with this file; anything else (a disk error) is thrown as it is. */
function refuseOnError(corpusPath: string, error: NodeJS.ErrnoException): never {
  if (error.code === 'EACCES' || error.code === 'EPERM') throw new FileRefusedError(corpusPath, 'permission to read it is denied');
  throw error;
}
