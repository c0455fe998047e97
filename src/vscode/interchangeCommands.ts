/**
 * Annotations out to and in from other tools: W3C Web Annotation JSON-LD (Hypothesis, Recogito),
 * brat standoff for NLP pipelines, and imports of W3C or Hypothesis JSON. The conversions are in
 * src/core/interchange/; here are the dialogs, the files and the report. Each command takes its
 * file or folder as an argument too, so that a test (or another extension) runs it without a dialog.
 */
import * as vscode from 'vscode';
import { BRAT_CONF_HEADER, exportBrat } from '../core/interchange/brat';
import { ImportReport, planImport, readInterchange } from '../core/interchange/importPlan';
import { exportW3c } from '../core/interchange/w3c';
import { importReportText } from '../core/interchange/importReport';
import { counted } from '../core/text';
import { Corpora } from './corpora';
import { CorpusService } from './corpusService';
import { COMMANDS } from './ids';

/** What Import Annotations did: its report, and whether the sidecar was written. */
export interface ImportOutcome extends ImportReport {
  written: boolean;
}

export function registerInterchangeCommands(corpora: Corpora, log: vscode.LogOutputChannel): vscode.Disposable {
  // Each acts on the corpus of the active editor, else the only one, else the one the user picks.
  const onCorpus = <A extends unknown[], R>(title: string, run: (service: CorpusService, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      const service = await corpora.forActiveEditorOrPick(undefined, title);
      return service && run(service, ...args);
    };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.exportW3c, onCorpus('Export the annotations of which corpus?', (service, target?: vscode.Uri) => exportW3cCommand(service, target))),
    vscode.commands.registerCommand(COMMANDS.exportBrat, onCorpus('Export the annotations of which corpus?', (service, folder?: vscode.Uri) => exportBratCommand(service, folder))),
    vscode.commands.registerCommand(COMMANDS.importAnnotations, onCorpus('Import annotations into which corpus?', (service, source?: vscode.Uri, options?: { dryRun?: boolean }) =>
      importCommand(service, log, source, options?.dryRun === true))),
  );
}

async function exportW3cCommand(service: CorpusService, given: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  await service.whenReady();
  const corpus = service.corpus;
  const sidecar = service.sidecarUri;
  if (!corpus || !sidecar) return undefined;
  const target =
    given ??
    (await vscode.window.showSaveDialog({
      title: 'Export Annotations as W3C Web Annotations',
      defaultUri: vscode.Uri.joinPath(sidecar, '..', 'annotations.jsonld'),
      filters: { 'JSON-LD': ['jsonld', 'json'] },
    }));
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(JSON.stringify(exportW3c(corpus), null, 2) + '\n'));
  if (!given) void vscode.window.showInformationMessage(`Marginalia: ${counted(corpus.index.annotations.size, 'annotation')} written to ${vscode.workspace.asRelativePath(target)}.`);
  return target;
}

async function exportBratCommand(service: CorpusService, given: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  await service.whenReady();
  const corpus = service.corpus;
  const sidecar = service.sidecarUri;
  if (!corpus || !sidecar) return undefined;
  const folder =
    given ??
    (await vscode.window.showOpenDialog({ title: 'Export Annotations as brat Standoff: choose an empty folder outside the corpus', canSelectFolders: true, canSelectFiles: false, openLabel: 'Export Here' }))?.[0];
  if (!folder) return undefined;
  const refusal = await whyNotBratFolder(folder, vscode.Uri.joinPath(sidecar, '..'));
  if (refusal) {
    void vscode.window.showErrorMessage(`Marginalia: ${refusal}; nothing was written.`);
    return undefined;
  }
  for (const file of exportBrat(corpus)) {
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, ...file.path.split('/')), new TextEncoder().encode(file.text));
  }
  void vscode.window.showInformationMessage(`Marginalia: ${counted(corpus.articlePaths().length, 'article')} written as brat .txt and .ann files to ${folder.fsPath}.`);
  return folder;
}

/** As the CLI decides (src/cli/interchange.ts): outside the corpus, and new, empty or an earlier export of ours. */
async function whyNotBratFolder(folder: vscode.Uri, corpusRoot: vscode.Uri): Promise<string | undefined> {
  const inside = folder.scheme === corpusRoot.scheme && (folder.path === corpusRoot.path || folder.path.startsWith(corpusRoot.path.replace(/\/$/, '') + '/'));
  if (inside) return `${folder.fsPath} is inside the corpus folder: the .txt copies would be read as articles; choose a folder outside it`;
  const entries = await vscode.workspace.fs.readDirectory(folder).then(
    (list) => list,
    () => [],
  );
  if (entries.length === 0) return undefined;
  const conf = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'annotation.conf')).then(
    (bytes) => new TextDecoder().decode(bytes),
    () => '',
  );
  return conf.startsWith(BRAT_CONF_HEADER) ? undefined : `${folder.fsPath} is not empty and is not an earlier brat export of Marginalia; choose a new or empty folder`;
}

async function importCommand(service: CorpusService, log: vscode.LogOutputChannel, given: vscode.Uri | undefined, dryRun: boolean): Promise<ImportOutcome | undefined> {
  await service.whenReady();
  const corpus = service.corpus;
  if (!corpus || !service.sidecarUri) return undefined;
  const source =
    given ??
    (await vscode.window.showOpenDialog({ title: 'Import Annotations (W3C Web Annotations or Hypothesis JSON)', canSelectMany: false, filters: { 'Annotations': ['jsonld', 'json'] } }))?.[0];
  if (!source) return undefined;
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  } catch (error) {
    void vscode.window.showErrorMessage(`Marginalia: cannot read ${source.fsPath}: ${error instanceof Error ? error.message : error}`);
    return undefined;
  }
  const read = readInterchange(text);
  if (!read.ok) {
    void vscode.window.showErrorMessage(`Marginalia: ${source.fsPath}: ${read.reason}.`);
    return undefined;
  }
  // Planned on the index as it is now, with the ids queued writes reserve counted as taken.
  const plan = planImport(corpus, read.annotations, (id) => service.isAnnotationIdTaken(id));
  const written = !dryRun && plan.edits.length > 0 ? await service.applyEdits(plan.edits) : false;
  const { report } = plan;
  log.info(`import of ${source.fsPath}:\n${importReportText(report, read.format, dryRun)}`);
  for (const n of report.notPlaced) log.warn(`import: not placed: ${n.label}: ${n.reason}`);
  if (!dryRun && plan.edits.length > 0 && !written) return { ...report, written };
  const imported = `${dryRun ? 'would import' : 'imported'} ${counted(report.placed.length, 'annotation')}`;
  const renamed = report.renamed.length > 0 ? `; ${counted(report.renamed.length, 'id')} already taken, imported under new ids` : '';
  if (report.notPlaced.length > 0) {
    void vscode.window.showWarningMessage(`Marginalia: ${imported}${renamed}; ${report.notPlaced.length} could not be placed: ${report.notPlaced.slice(0, 3).map((n) => `${n.label}: ${n.reason}`).join('; ')}${report.notPlaced.length > 3 ? '…' : ''}`, 'Show Log').then((choice) => {
      if (choice) log.show();
    });
  } else void vscode.window.showInformationMessage(`Marginalia: ${imported}${renamed}.`);
  return { ...report, written };
}
