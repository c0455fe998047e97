/** The corpus through `vscode.workspace.fs`, so remote and virtual workspaces work too. */
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { ARTICLE_GLOB, AtomicWriteOptions, CorpusFileSystem, FileChangedError, sameBytes } from '../core/workspace';
import { writeFileAtomically } from '../node/atomicWrite';

export class VscodeCorpusFileSystem implements CorpusFileSystem {
  constructor(readonly root: vscode.Uri) {}

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
    const uri = this.uriOf(corpusPath);
    try {
      // Local files are read directly: through workspace.fs each read is a round trip to the
      // workbench, which made indexing 10,000 articles take seconds longer.
      return uri.scheme === 'file' ? await fs.readFile(uri.fsPath) : await vscode.workspace.fs.readFile(uri);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') return undefined;
      if (error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'FileIsADirectory')) return undefined;
      throw error;
    }
  }

  async listArticles(): Promise<string[]> {
    const pattern = new vscode.RelativePattern(this.root, ARTICLE_GLOB);
    const uris = await vscode.workspace.findFiles(pattern, '**/{node_modules,.git}/**');
    return uris.map((uri) => this.pathOf(uri)).filter((p): p is string => p !== undefined).sort();
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
