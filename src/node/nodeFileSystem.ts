/** The corpus on disk, for the CLI (and the benchmark): Node's `fs` behind the core's interface. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { AtomicWriteOptions, CorpusFileSystem, isArticlePath } from '../core/workspace';
import { writeFileAtomically } from './atomicWrite';

/** Folders never searched for articles. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist']);

export class NodeCorpusFileSystem implements CorpusFileSystem {
  constructor(readonly root: string) {}

  private resolve(corpusPath: string): string {
    return path.join(this.root, ...corpusPath.split('/'));
  }

  async readFile(corpusPath: string): Promise<Uint8Array | undefined> {
    try {
      return await fs.readFile(this.resolve(corpusPath));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
      throw error;
    }
  }

  async listArticles(): Promise<string[]> {
    const found: string[] = [];
    const walk = async (folder: string, prefix: string): Promise<void> => {
      const entries = await fs.readdir(folder, { withFileTypes: true });
      await Promise.all(entries.map(async (entry) => {
        const corpusPath = prefix + entry.name;
        if (entry.isDirectory()) {
          if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) await walk(path.join(folder, entry.name), corpusPath + '/');
        } else if (entry.isFile() && isArticlePath(entry.name)) found.push(corpusPath);
      }));
    };
    await walk(this.root, '');
    return found.sort();
  }

  /** For tests only: runs inside every write just before the file is replaced (see `writeFileAtomically`). */
  beforeReplace?: () => void | Promise<void>;

  async writeFileAtomic(corpusPath: string, data: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
    await writeFileAtomically(this.resolve(corpusPath), data, { ...options, beforeReplace: this.beforeReplace });
  }
}
