/** The corpus through `vscode.workspace.fs`, so remote and virtual workspaces work too. */
import * as vscode from 'vscode';
import { ARTICLE_GLOB, AtomicWriteOptions, CorpusFileSystem, FileChangedError, FileRefusedError, MAX_CORPUS_FILE_BYTES, sameBytes, tooLargeReason } from '../core/workspace';
import { writeFileAtomically } from '../node/atomicWrite';
import type { ArticleReader } from '../core/corpus';
import { articleReader, defaultWorkerScript } from '../node/articleReader';
import { CorpusFolder } from '../node/corpusFolder';

export class VscodeCorpusFileSystem implements CorpusFileSystem {
  /** A local root is read with the corpus folder's rules (real paths inside it, regular files only). */
  private readonly localFolder: CorpusFolder | undefined;

  constructor(readonly root: vscode.Uri) {
    const local = root.scheme === 'file' ? new CorpusFolder(root.fsPath) : undefined;
    this.localFolder = local;
    this.readFileSync = local && ((corpusPath) => local.readFileSync(corpusPath));
  }

  uriOf(corpusPath: string): vscode.Uri {
    return vscode.Uri.joinPath(this.root, ...corpusPath.split('/'));
  }

  /** The corpus path of a file inside the root, or undefined. */
  pathOf(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== this.root.scheme || uri.authority !== this.root.authority) return undefined;
    const root = this.root.path.endsWith('/') ? this.root.path : this.root.path + '/';
    return uri.path.startsWith(root) ? uri.path.slice(root.length) : undefined;
  }

  async readFile(corpusPath: string): Promise<Uint8Array | undefined> {
    // Local files are read directly: through workspace.fs each read is a round trip to the
    // workbench, which made indexing 10,000 articles take seconds longer.
    if (this.localFolder) return this.localFolder.readFile(corpusPath);
    const uri = this.uriOf(corpusPath);
    // Another file system (virtual, in memory) has no real paths to compare: its symlinks cannot
    // be told to stay inside, so they are refused; what is not a file, or too large, is refused too.
    const stat = await vscode.workspace.fs.stat(uri).then(
      (s) => s,
      (error: unknown) => {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
        throw error;
      },
    );
    if (!stat) return undefined;
    if (stat.type & vscode.FileType.SymbolicLink) throw new FileRefusedError(corpusPath, `it is a symlink, which is not followed on a ${uri.scheme}: file system`);
    if (!(stat.type & vscode.FileType.File)) throw new FileRefusedError(corpusPath, stat.type & vscode.FileType.Directory ? 'it is a folder, not a file' : 'it is not a regular file');
    if (stat.size > MAX_CORPUS_FILE_BYTES) throw new FileRefusedError(corpusPath, tooLargeReason(stat.size));
    try {
      return await vscode.workspace.fs.readFile(uri);
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      throw error;
    }
  }

  /**
   * A local corpus is read, decoded and matched on worker threads (dist/articleWorker.js) while the
   * index is built; with one core or a small corpus, through `readFile`, never blocking the host.
   */
  articleReader(): ArticleReader | undefined {
    return this.localFolder ? articleReader(this.localFolder.root, { workerScript: defaultWorkerScript(), oneThread: false }) : undefined;
  }

  /**
   * A local file, read at once (see `CorpusFolder.readFileSync`): an article the index cache knew is
   * read when first needed (a hover, a tree row), not while indexing. Absent on other file systems.
   */
  readonly readFileSync: ((corpusPath: string) => Uint8Array | undefined) | undefined;

  async listArticles(): Promise<string[]> {
    // A local folder is listed as the CLI lists it: the same articles in both, and no round trip
    // through the workbench's file search, which answers slowly while a window is still starting.
    if (this.localFolder) return this.localFolder.listArticles();
    const pattern = new vscode.RelativePattern(this.root, ARTICLE_GLOB);
    const uris = await vscode.workspace.findFiles(pattern, '**/{node_modules,.git}/**');
    const paths = uris.map((uri) => this.pathOf(uri)).filter((p): p is string => p !== undefined);
    return paths.sort();
  }

  /**
   * Writes beside the target, then renames over it: readers see the old file or the new one. On a
   * local disk this is the CLI's writer (lock file, symlinks written through, mode kept, checked
   * just before the rename); elsewhere the content is checked before writing and before renaming.
   */
  async writeFileAtomic(corpusPath: string, data: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
    const target = this.uriOf(corpusPath);
    // workspace.fs.rename with overwrite deletes the target first, so a reader (git, a watcher)
    // can find no file at all in between; on a local disk rename(2) replaces it in one step.
    if (target.scheme === 'file') return writeFileAtomically(target.fsPath, data, options);
    const unchanged = async (): Promise<boolean> => {
      if (options.expected === undefined) return true;
      const current = await vscode.workspace.fs.readFile(target).then((bytes) => bytes, () => undefined);
      return options.expected === null ? current === undefined : current !== undefined && sameBytes(current, options.expected);
    };
    if (!(await unchanged())) throw new FileChangedError(corpusPath);
    const temporary = target.with({ path: `${target.path}.${Date.now().toString(36)}.tmp` });
    await vscode.workspace.fs.writeFile(temporary, data);
    try {
      if (!(await unchanged())) throw new FileChangedError(corpusPath);
      await vscode.workspace.fs.rename(temporary, target, { overwrite: true });
    } catch (error) {
      await vscode.workspace.fs.delete(temporary).then(undefined, () => undefined);
      throw error;
    }
  }
}
