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
  /** Replaces a file so that a reader sees either the old or the new content, never a mix. */
  writeFileAtomic(path: string, data: Uint8Array): Promise<void>;
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

  async writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
    this.files.set(path, data);
  }
}
