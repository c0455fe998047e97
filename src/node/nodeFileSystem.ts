/** The corpus on disk, for the CLI (and the benchmark): Node's `fs` behind the core's interface. */
import * as path from 'node:path';
import type { ArticleReader } from '../core/corpus';
import { AtomicWriteOptions, CorpusFileSystem } from '../core/workspace';
import { articleReader, defaultWorkerScript } from './articleReader';
import { writeFileAtomically } from './atomicWrite';
import { CorpusFolder } from './corpusFolder';

export class NodeCorpusFileSystem implements CorpusFileSystem {
  /** Reads and lists with the corpus folder's rules. */
  private readonly folder: CorpusFolder;

  constructor(readonly root: string) {
    this.folder = new CorpusFolder(root);
  }

  private resolve(corpusPath: string): string {
    return path.join(this.root, ...corpusPath.split('/'));
  }

  /** Only regular files whose real path is inside the corpus folder: see {@link CorpusFolder.readFile}. */
  async readFile(corpusPath: string): Promise<Uint8Array | undefined> {
    return this.folder.readFile(corpusPath);
  }

  /** The articles read synchronously, on worker threads where the corpus and the cores are large enough: see `articleReader`. */
  articleReader(): ArticleReader | undefined {
    return articleReader(this.root, { workerScript: defaultWorkerScript() });
  }

  /** See {@link CorpusFolder.readFileSync}. */
  readFileSync(corpusPath: string): Uint8Array | undefined {
    return this.folder.readFileSync(corpusPath);
  }

  async listArticles(): Promise<string[]> {
    return this.folder.listArticles();
  }

  /** For tests only: runs inside every write just before the file is replaced (see `writeFileAtomically`). */
  beforeReplace?: () => void | Promise<void>;

  async writeFileAtomic(corpusPath: string, data: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
    await writeFileAtomically(this.resolve(corpusPath), data, { ...options, beforeReplace: this.beforeReplace });
  }
}
