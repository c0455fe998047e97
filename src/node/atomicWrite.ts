/**
 * Replacing a file so that a reader, or a crash, finds the old file or the new one — never a part —
 * and so that a change made by someone else meanwhile is never lost.
 */
import { createHash } from 'node:crypto';
import { constants as fsConstants, promises as fs, Stats } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { AtomicWriteOptions, FileChangedError, WriteRefusedError } from '../core/workspace';

export interface NodeAtomicWriteOptions extends AtomicWriteOptions {
  /**
   * For tests only: runs once the new content is on disk beside the target, just before the last
   * check and the rename — the window in which an outside edit could otherwise be lost.
   */
  beforeReplace?: () => void | Promise<void>;
  /** How long to wait for another writer's lock before refusing (default 3 s). */
  lockWaitMs?: number;
}

/**
 * A lock or temporary file older than this is a dead writer's, whatever its pid says (the pid may
 * have been reused, or the writer ran on another host of a shared disk). A real write holds the
 * lock for well under a second; this bound is generous so a slow disk is never mistaken for a dead
 * writer. A writer on this host that was killed is recognised at once by its pid.
 */
export const STALE_AFTER_MS = 5 * 60_000;

/** A lock file that cannot be read (its writer died between creating and filling it) is stale after this. */
const UNREADABLE_LOCK_STALE_MS = 10_000;

let temporaryCount = 0;

/**
 * Writes `data` to `target` atomically:
 * - a symlink is written through: the real path is resolved, the temporary file is written beside
 *   the link's target and renamed over it, so the link stays a link;
 * - the file's mode is kept (set explicitly: the umask would narrow it); a file without any write
 *   bit is refused with a `WriteRefusedError`;
 * - cooperating writers (the CLI and the extension) take `<file>.lock` beside the real file,
 *   created exclusively and holding pid, host and time; a lock whose pid is dead (on this host) or
 *   that is older than `STALE_AFTER_MS` is taken over, so a killed writer never leaves it locked;
 * - `<file>.<pid>.<stamp>.tmp` files left by dead writers are removed;
 * - the file's size, modification time and content hash are taken when the write starts (and
 *   compared with `options.expected`) and checked again immediately before the rename: when they
 *   changed, nothing is written and `FileChangedError` is thrown;
 * - a file that did not exist is created without replacing one that appears at the last moment
 *   (a hard link, not a rename): that is a `FileChangedError` too.
 * A crash before the rename leaves the old file (and a `*.tmp` file beside it).
 */
export async function writeFileAtomically(target: string, data: Uint8Array, options: NodeAtomicWriteOptions = {}): Promise<void> {
  const real = await realTarget(target);
  await refuseUnwritable(target, real);
  const releaseLock = await acquireLock(`${real}.lock`, options.lockWaitMs ?? 3000);
  let temporary: string | undefined;
  try {
    await removeLeftoverTemporaries(real);
    const planned = await snapshot(real);
    if (options.expected !== undefined && !matches(planned, options.expected)) throw new FileChangedError(target);
    temporary = `${real}.${process.pid}.${Date.now().toString(36)}${(temporaryCount++).toString(36)}.tmp`;
    const mode = planned ? planned.mode & 0o7777 : 0o644;
    const handle = await fs.open(temporary, 'wx', mode);
    try {
      await handle.chmod(mode);
      if (planned && (planned.uid !== process.getuid?.() || planned.gid !== process.getgid?.())) {
        // Keep the owner where allowed (root, or a group the writer is in); elsewhere the new file is the writer's.
        await handle.chown(planned.uid, planned.gid).catch(() => undefined);
      }
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeReplace?.();
    if (!sameSnapshot(planned, await snapshot(real))) throw new FileChangedError(target);
    if (planned) {
      await fs.rename(temporary, real);
      temporary = undefined;
    } else await publishNew(temporary, real, target);
  } finally {
    if (temporary !== undefined) await fs.rm(temporary, { force: true });
    await releaseLock();
  }
}

/**
 * Gives a file that did not exist its content without ever replacing one that appeared since the
 * last check (rename would): a hard link fails when the name is taken. The temporary file is then
 * removed by the caller. Where hard links are not supported, the file is created exclusively.
 */
async function publishNew(temporary: string, real: string, target: string): Promise<void> {
  try {
    await fs.link(temporary, real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FileChangedError(target);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    try {
      await fs.copyFile(temporary, real, fsConstants.COPYFILE_EXCL);
    } catch (copyError) {
      if ((copyError as NodeJS.ErrnoException).code === 'EEXIST') throw new FileChangedError(target);
      throw copyError;
    }
  }
}

/** The path to write: a symlink's real target, or the path itself when it does not exist yet. */
async function realTarget(target: string): Promise<string> {
  try {
    return await fs.realpath(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const link = await fs.lstat(target).catch(() => undefined);
    if (link?.isSymbolicLink()) throw new WriteRefusedError(`${target} is a symbolic link to a file that does not exist; nothing was written`);
    return target;
  }
}

/**
 * A file that must not be replaced: no write bit in its mode (checked on the bits, because root may
 * write anything), not writable by this user, or not a regular file (a FIFO would never be read to
 * its end).
 */
async function refuseUnwritable(target: string, real: string): Promise<void> {
  const stats = await fs.stat(real).catch(() => undefined);
  if (stats === undefined) return;
  if (!stats.isFile()) throw new WriteRefusedError(`${target} is not a regular file; nothing was written`);
  const readOnly = (stats.mode & 0o222) === 0 || !(await fs.access(real, fsConstants.W_OK).then(() => true, () => false));
  if (readOnly) throw new WriteRefusedError(`${target} is read-only (mode ${(stats.mode & 0o777).toString(8).padStart(4, '0')}); make it writable to save it (nothing was written)`);
}

/** What the write checks the file against: taken when it starts, and again just before the rename. */
interface Snapshot {
  mode: number;
  uid: number;
  gid: number;
  size: bigint;
  ino: bigint;
  mtimeNs: bigint;
  bytes: Buffer;
  hash: string;
}

async function snapshot(file: string): Promise<Snapshot | undefined> {
  try {
    const stats = await fs.stat(file, { bigint: true });
    const bytes = await fs.readFile(file);
    const hash = createHash('sha256').update(bytes).digest('hex');
    return { mode: Number(stats.mode), uid: Number(stats.uid), gid: Number(stats.gid), size: stats.size, ino: stats.ino, mtimeNs: stats.mtimeNs, bytes, hash };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function matches(current: Snapshot | undefined, expected: Uint8Array | null): boolean {
  if (expected === null) return current === undefined;
  return current !== undefined && current.bytes.equals(expected);
}

function sameSnapshot(a: Snapshot | undefined, b: Snapshot | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino && a.hash === b.hash;
}

interface LockHolder {
  pid: number;
  host: string;
  time: string;
}

/** Takes the lock file, waiting up to `waitMs` for a live holder; returns its release. */
async function acquireLock(lockPath: string, waitMs: number): Promise<() => Promise<void>> {
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), time: new Date().toISOString() } satisfies LockHolder) + '\n';
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx', 0o644);
      try {
        await handle.writeFile(mine);
      } finally {
        await handle.close();
      }
      return async () => {
        // Only our own lock is removed: a writer that found ours stale may hold it now.
        if ((await fs.readFile(lockPath, 'utf8').catch(() => undefined)) === mine) await fs.rm(lockPath, { force: true });
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        throw new WriteRefusedError(`cannot create ${lockPath} (${code}): the folder is not writable, so nothing was written`);
      }
      if (code !== 'EEXIST') throw error;
    }
    const held = await readLock(lockPath);
    if (held === undefined) continue; // released meanwhile
    if (held.stale) {
      await takeOver(lockPath, held.text);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = held.holder ? `pid ${held.holder.pid} on ${held.holder.host}, since ${held.holder.time}` : 'a writer that is starting';
      throw new WriteRefusedError(`another Marginalia writer (${who}) is saving ${path.basename(lockPath, '.lock')} (it holds ${lockPath}); nothing was written — try again when it is done`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function readLock(lockPath: string): Promise<{ text: string; holder?: LockHolder; stale: boolean } | undefined> {
  let text: string;
  let stats: Stats;
  try {
    [text, stats] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const age = Date.now() - stats.mtimeMs;
  let holder: LockHolder | undefined;
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.time === 'string') holder = parsed as LockHolder;
  } catch {
    // Empty or cut short: its writer died before filling it, or is filling it right now.
  }
  if (holder === undefined) return { text, stale: age > UNREADABLE_LOCK_STALE_MS };
  const since = Date.parse(holder.time);
  const dead = holder.host === hostname() && holder.pid !== process.pid && !processAlive(holder.pid);
  return { text, holder, stale: dead || !(Date.now() - since <= STALE_AFTER_MS) };
}

/** Moves a stale lock aside (rename: only one taker can move it) and removes it. */
async function takeOver(lockPath: string, staleText: string): Promise<void> {
  const aside = `${lockPath}.${process.pid}.${Date.now().toString(36)}${(temporaryCount++).toString(36)}.stale`;
  try {
    await fs.rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  // Another taker may have replaced the stale lock with its own just before: give that one back.
  if ((await fs.readFile(aside, 'utf8').catch(() => staleText)) !== staleText) await fs.link(aside, lockPath).catch(() => undefined);
  await fs.rm(aside, { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `<file>.<pid>.<stamp>.tmp` files of writers that died (dead pid, or older than `STALE_AFTER_MS`). */
async function removeLeftoverTemporaries(real: string): Promise<void> {
  const folder = path.dirname(real);
  const prefix = path.basename(real) + '.';
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return;
  }
  await Promise.all(names.map(async (name) => {
    const match = name.startsWith(prefix) ? /^(\d+)\.[0-9a-z]+\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (!match) return;
    const file = path.join(folder, name);
    const stats = await fs.lstat(file).catch(() => undefined);
    if (!stats?.isFile()) return;
    const pid = Number(match[1]);
    if ((pid !== process.pid && !processAlive(pid)) || Date.now() - stats.mtimeMs > STALE_AFTER_MS) await fs.rm(file, { force: true });
  }));
}
