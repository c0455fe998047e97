/**
 * The corpora of the window: one CorpusService per workspace folder, each a corpus once its folder
 * has a sidecar (the `marginalia.indexFile` setting of that folder). Features find the corpus of a
 * file with `articleAt`/`serviceFor`, and the corpus a command acts on with `forActiveEditorOrPick`.
 * Nothing crosses from one corpus to another: each has its own index, cache, edit queue and stale state.
 */
import * as vscode from 'vscode';
import { CorpusArticle, CorpusChange, CorpusService } from './corpusService';
import { CONTEXT_KEYS } from './ids';

/** A change in one corpus, with the corpus it happened in. */
export type CorporaChange = CorpusChange & { service: CorpusService };

/** Makes the service of one workspace folder, with what follows its files (disposed with it). */
export type CorpusFactory = (folder: vscode.WorkspaceFolder) => { service: CorpusService; disposable: vscode.Disposable };

export class Corpora implements vscode.Disposable {
  /** By workspace folder URI, in the order the folders were added. */
  private readonly entries = new Map<string, { service: CorpusService; disposable: vscode.Disposable }>();
  private readonly changeEmitter = new vscode.EventEmitter<CorporaChange>();
  private readonly writeStatusEmitter = new vscode.EventEmitter<CorpusService>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter, this.writeStatusEmitter];

  /** Something changed in one corpus, or a corpus appeared or went (then `service` is the one that went). */
  readonly onDidChange = this.changeEmitter.event;
  /** A corpus became stale or fresh, or kept or let go a refused write. */
  readonly onDidChangeWriteStatus = this.writeStatusEmitter.event;

  constructor(private readonly create: CorpusFactory) {
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.sync()));
    this.sync();
  }

  /** The service of every workspace folder, with a sidecar or not, in the workspace's order. */
  get services(): CorpusService[] {
    const order = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    return [...this.entries.entries()].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)).map(([, e]) => e.service);
  }

  /** The corpora: the folders whose sidecar is loaded, in the workspace's order. */
  get all(): CorpusService[] {
    return this.services.filter((s) => s.sidecarUri !== undefined);
  }

  /** The first corpus, else the first folder's service (what a one-folder window has). */
  get primary(): CorpusService | undefined {
    return this.all[0] ?? this.services[0];
  }

  /** The corpus of a workspace folder, by its URI (`CorpusService.key`). */
  byKey(key: string | undefined): CorpusService | undefined {
    return key === undefined ? undefined : this.entries.get(key)?.service;
  }

  /** The service of the workspace folder a file is in (the innermost one). */
  serviceFor(uri: vscode.Uri): CorpusService | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder && this.entries.get(folder.uri.toString())?.service;
  }

  /** The corpus article a URI is, in the corpus of its workspace folder. */
  articleAt(uri: vscode.Uri): CorpusArticle | undefined {
    return this.serviceFor(uri)?.articleAt(uri);
  }

  /** The corpus of the active editor's file, else the only corpus; undefined when that does not tell. */
  active(): CorpusService | undefined {
    const editor = vscode.window.activeTextEditor;
    const here = editor && this.serviceFor(editor.document.uri);
    if (here?.sidecarUri) return here;
    const all = this.all;
    return all.length === 1 ? all[0] : undefined;
  }

  /** The corpus a command's argument names (`{ root }`: tree nodes, quick fixes, hover links), if it names one. */
  named(given: unknown): CorpusService | undefined {
    const root = given !== null && typeof given === 'object' && 'root' in given ? (given as { root: unknown }).root : undefined;
    return typeof root === 'string' ? this.byKey(root) : undefined;
  }

  /**
   * The corpus a command acts on: the one its argument names, else that of the active editor or
   * the only one, else the one the user picks (undefined when there is none or the pick is dismissed).
   * Every command that acts on "the corpus" finds it here.
   */
  async forActiveEditorOrPick(given?: unknown, title = 'Marginalia: which corpus?'): Promise<CorpusService | undefined> {
    const named = this.named(given) ?? this.active();
    if (named) return named;
    // Still indexing: which folders are corpora is known once every folder has looked for its sidecar.
    await this.whenReady();
    const active = this.active();
    if (active) return active;
    const all = this.all;
    if (all.length === 0) {
      void vscode.window.showWarningMessage('Marginalia: no corpus is open (no marginalia.yaml in this workspace).');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      all.map((service) => ({ label: service.name, description: vscode.workspace.asRelativePath(service.sidecarUri!, true), service })),
      { title },
    );
    return picked?.service;
  }

  /** Resolves once every corpus reflects everything asked of it so far. */
  async whenReady(): Promise<void> {
    await Promise.all(this.services.map((s) => s.whenReady()));
  }

  /** Indexes every folder again. */
  async reload(): Promise<void> {
    await Promise.all(this.services.map((s) => s.reload()));
  }

  /** Follows the workspace folders: a service for each new one, and a removed one's corpus goes with it. */
  private sync(): void {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const keys = new Set(folders.map((f) => f.uri.toString()));
    for (const [key, entry] of [...this.entries]) {
      if (keys.has(key)) continue;
      this.entries.delete(key);
      entry.disposable.dispose();
      entry.service.dispose();
      this.changeEmitter.fire({ kind: 'sidecar', service: entry.service });
      this.updateContext();
    }
    for (const folder of folders) {
      const key = folder.uri.toString();
      if (this.entries.has(key)) continue;
      const entry = this.create(folder);
      this.entries.set(key, entry);
      const { service } = entry;
      entry.disposable = vscode.Disposable.from(
        entry.disposable,
        service.onDidChange((change) => this.changeEmitter.fire({ ...change, service })),
        service.onDidChangeWriteStatus(() => {
          this.updateContext();
          this.writeStatusEmitter.fire(service);
        }),
        service.onDidLoad(() => this.updateContext()),
      );
      void service.reload();
    }
  }

  private updateContext(): void {
    const services = [...this.entries.values()].map((e) => e.service);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.active, services.some((s) => s.sidecarUri !== undefined));
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.refusedEdit, services.some((s) => s.refused !== undefined));
  }

  dispose(): void {
    for (const entry of this.entries.values()) {
      entry.disposable.dispose();
      entry.service.dispose();
    }
    this.entries.clear();
    for (const d of this.disposables) d.dispose();
  }
}
