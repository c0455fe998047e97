/**
 * The one door through which files reach the core. The CLI implements it over Node's `fs`,
 * the extension over `vscode.workspace.fs`, the tests in memory.
 */

/** A corpus folder: every path is relative to it and `/`-separated. */
export interface CorpusFileSystem {
  /** The file's bytes, or undefined when it does not exist. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** The article files of the corpus (not the sidecar), sorted. */
  listArticles(): Promise<string[]>;
  /**
   * Replaces a file so that a reader sees either the old or the new content, never a mix, and only
   * if it still holds what the write was planned on (`options.expected`): otherwise it throws
   * `FileChangedError` and writes nothing. A file it will not write (read-only, locked by another
   * writer) is a `WriteRefusedError`, with nothing written either.
   */
  writeFileAtomic(path: string, data: Uint8Array, options?: AtomicWriteOptions): Promise<void>;
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

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(files)) this.set(path, content);
  }

  set(path: string, content: string | Uint8Array): void {
    this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  text(path: string): string | undefined {
    const bytes = this.files.get(path);
    return bytes && new TextDecoder().decode(bytes);
  }

  async readFile(path: string): Promise<Uint8Array | undefined> {
    return this.files.get(path);
  }

  async listArticles(): Promise<string[]> {
    return [...this.files.keys()].filter(isArticlePath).sort();
  }

  async writeFileAtomic(path: string, data: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
    const current = this.files.get(path);
    if (options.expected !== undefined && !(options.expected === null ? current === undefined : current !== undefined && sameBytes(current, options.expected))) {
      throw new FileChangedError(path);
    }
    this.files.set(path, data);
  }
}
