/** The Problems panel: everything `marginalia check` reports, kept live as the corpus changes. */
import * as vscode from 'vscode';
import { Severity } from '../core/model';
import { CorpusService } from './corpusService';
import { lineColumnToPosition } from './convert';

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function registerDiagnostics(service: CorpusService): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('marginalia');
  const update = (): void => {
    collection.clear();
    const corpus = service.corpus;
    if (!corpus) return;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const problem of corpus.problems()) {
      const { start, end } = corpus.locate(problem);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(lineColumnToPosition(start), lineColumnToPosition(end)), problem.message, SEVERITIES[problem.severity]);
      diagnostic.source = 'marginalia';
      diagnostic.code = problem.code;
      byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), diagnostic]);
    }
    for (const [file, diagnostics] of byFile) {
      const uri = service.uriOf(file);
      if (uri) collection.set(uri, diagnostics);
    }
  };
  return vscode.Disposable.from(collection, service.onDidChange(update));
}
