/** The Problems panel: everything `marginalia check` reports, kept live as the corpus changes. */
import * as vscode from 'vscode';
import { Problem, Severity } from '../core/model';
import { LineColumn, LineIndex } from '../core/text';
import { Corpora } from './corpora';
import { CorpusService } from './corpusService';
import { lineColumnToPosition } from './convert';

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function registerDiagnostics(corpora: Corpora): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('marginalia');
  // Each corpus's problems on its own files; a corpus that went (its folder removed) leaves none.
  const update = (): void => {
    collection.clear();
    for (const service of corpora.all) updateCorpus(service);
  };
  const updateCorpus = (service: CorpusService): void => {
    const corpus = service.corpus;
    if (!corpus) return;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const add = (problem: Problem, where: { start: LineColumn; end: LineColumn }): void => {
      const diagnostic = new vscode.Diagnostic(new vscode.Range(lineColumnToPosition(where.start), lineColumnToPosition(where.end)), problem.message, SEVERITIES[problem.severity]);
      diagnostic.source = 'marginalia';
      diagnostic.code = problem.code;
      byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), diagnostic]);
    };
    const stale = service.stale;
    for (const problem of corpus.problems()) {
      // While stale, the sidecar's own problems are those of the text on disk, not of the last good one.
      if (stale && problem.file === corpus.sidecarPath) continue;
      add(problem, corpus.locate(problem));
    }
    if (stale) {
      const lines = new LineIndex(stale.broken.text);
      for (const problem of stale.broken.problems) add(problem, { start: lines.positionAt(problem.range.start), end: lines.positionAt(problem.range.end) });
    }
    for (const [file, diagnostics] of byFile) {
      const uri = service.uriOf(file);
      if (uri) collection.set(uri, diagnostics);
    }
  };
  return vscode.Disposable.from(collection, corpora.onDidChange(update), corpora.onDidChangeWriteStatus(update));
}
