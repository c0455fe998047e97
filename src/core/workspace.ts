/**
 * The one door through which files reach the core. The CLI implements it over Node's `fs`,
 * the extension over `vscode.workspace.fs`, the tests in memory.
 */
import type { ArticleReader } from './corpus';

/** A corpus folder: every path is relative to it and `/`-separated. */
export interface CorpusFileSystem {
  /**
   * The file's bytes, or undefined when it does not exist. Only a regular file whose real path lies
   * inside the corpus folder's real path, and no larger than {@link MAX_CORPUS_FILE_BYTES}, is read:
   * anything else (a symlink or a symlinked folder leading outside, a FIFO, a socket, a device, a
   * folder, a huge file) throws a {@link FileRefusedError} that says why, and is never opened for
   * reading (a FIFO would block the read forever, `/dev/zero` would never end).
   */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /**
   * The article files of the corpus (not the sidecar), sorted: files with an article extension and
   * symlinks with one (`readFile` decides whether they may be read), in folders that are not
   * symlinks themselves, so a symlinked folder never pulls in a tree from outside the corpus.
   */
  listArticles(): Promise<string[]>;
  /**
   * Replaces a file so that a reader sees either the old or the new content, never a mix, and only
   * if it still holds what the write was planned on (`options.expected`): otherwise it throws
   * `FileChangedError` and writes nothing. A file it will not write (read-only, locked by another
   * writer) is a `WriteRefusedError`, with nothing written either.
   */
  writeFileAtomic(path: string, data: Uint8Array, options?: AtomicWriteOptions): Promise<void>;
  /**
   * A faster way to read, decode and match the articles while the index is built (synchronously,
   * on worker threads), with the same rules and results as `readFile`; undefined, or absent, to
   * read them through `readFile`.
   */
  articleReader?(): ArticleReader | undefined;
  /**
   * `readFile` without a promise, with the same rules; absent where the file system cannot. With it,
   * the build may leave articles the index cache knows unread, and read each when first needed.
   */
  readFileSync?(path: string): Uint8Array | undefined;
}

/** What a replacement is conditional on. */
export interface AtomicWriteOptions {
  /**
   * The bytes the write was planned on; `null` when the file did not exist. Checked when the write
   * starts and again immediately before the file is replaced (size, modification time and content
   * where the file system has them), so an outside change made meanwhile is never lost.
   */
  expected?: Uint8Array | null;
}

/** The file is not what the write was planned on: nothing was written. */
export class FileChangedError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed on disk while it was being saved; nothing was written`);
  }
}

/** A write the file system will not do (a read-only file, a lock held by another writer): nothing was written. */
export class WriteRefusedError extends Error {}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The largest file read from a corpus, in bytes: 64 MiB. An article of the corpora Marginalia is
 * made for is a few kilobytes (10,000 articles make 73 MB) and a sidecar of 20,000 annotations is
 * 11 MB, so this leaves room for either while a stray disk image, a log named `.txt` or a link to
 * `/dev/zero` is refused before it is read into memory.
 */
export const MAX_CORPUS_FILE_BYTES = 64 * 1024 * 1024;

/** A file of the corpus that exists but is not read, and why (`reason` completes "it is not read: …"). */
export class FileRefusedError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path} is not read: ${reason}`);
    this.name = 'FileRefusedError';
  }
}

/** File name endings treated as articles when listing a corpus. */
export const ARTICLE_EXTENSIONS = ['.txt', '.text', '.article'] as const;

/** The same endings as one glob, for file searches and watchers. */
export const ARTICLE_GLOB = `**/*.{${ARTICLE_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;

export function isArticlePath(path: string): boolean {
  const lower = path.toLowerCase();
  return ARTICLE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** A corpus held in memory, for tests and for headless use on text that is not on disk. */
export class InMemoryCorpus implements CorpusFileSystem {
  private readonly files = new Map<string, Uint8Array>();
  /** Paths that exist but are refused, as a disk can refuse a symlink leading outside. */
  private readonly refused = new Map<string, string>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.set(path, content);
  }

  set(path: string, content: string | Uint8Array): void {
    this.refused.delete(path);
    this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  /** Makes `path` a file that exists but that `readFile` refuses, for `reason`. */
  refuse(path: string, reason: string): void {
    this.files.delete(path);
    this.refused.set(path, reason);
  }

  delete(path: string): void {
    this.files.delete(path);
    this.refused.delete(path);
  }

  text(path: string): string | undefined {
    const bytes = this.files.get(path);
    return bytes && new TextDecoder().decode(bytes);
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    const reason = this.refused.get(path);
    if (reason !== undefined) throw new FileRefusedError(path, reason);
    const bytes = this.files.get(path);
    if (bytes && bytes.length > MAX_CORPUS_FILE_BYTES) throw new FileRefusedError(path, tooLargeReason(bytes.length));
    return bytes;
  }

  async listArticles(): Promise<string[]> {
    return [...this.files.keys(), ...this.refused.keys()].filter(isArticlePath).sort();
  }

  async writeFileAtomic(path: string, data: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
    const current = this.files.get(path);
    if (options.expected !== undefined && !(options.expected === null ? current === undefined : current !== undefined && sameBytes(current, options.expected))) {
      throw new FileChangedError(path);
    }
    this.files.set(path, data);
  }
}

/** Why a file over {@link MAX_CORPUS_FILE_BYTES} is refused; `size` when it is known. */
export function tooLargeReason(size?: number): string {
  const mib = (bytes: number): string => `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
  return `it is ${size === undefined ? '' : `${mib(size)}, `}more than the ${mib(MAX_CORPUS_FILE_BYTES)} a corpus file may have`;
}
