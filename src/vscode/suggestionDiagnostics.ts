/**
 * Live suggestions in open articles: diagnostics on alias variants (Information) and on names the
 * recogniser takes for an actor that is not in the index yet (Hint), refreshed as the article or
 * the sidecar changes. The quick fixes (suggestionQuickFixes.ts) act on them.
 */
import * as vscode from 'vscode';
import { ActorKind } from '../core/model';
import { foldName, SuggestionCollector, VariantOccurrence } from '../core/suggest';
import { toRange } from './convert';
import { Corpora } from './corpora';
import { MarginaliaSettings } from './settings';

export const SUGGESTION_CODES = { variant: 'alias-variant', candidate: 'candidate-actor' } as const;

/** Open articles longer than this get no unknown-name marks (recognising them would stall the editor). */
const MAX_RECOGNISED_CHARS = 200_000;

/** What the recogniser took a marked name for, in a document: the quick fix adds an actor of that kind. */
export type CandidateKindOf = (uri: vscode.Uri, phrase: string) => ActorKind | undefined;

/** Diagnostics on alias variants and recognised names in open articles, refreshed as they change. */
export function registerSuggestionDiagnostics(corpora: Corpora, settings: () => MarginaliaSettings): { disposable: vscode.Disposable; kindOf: CandidateKindOf } {
  const collection = vscode.languages.createDiagnosticCollection('marginalia-suggestions');
  /** By document: the kind of each marked name. */
  const candidateKinds = new Map<string, Map<string, ActorKind>>();
  const clear = (uri: vscode.Uri): void => {
    collection.delete(uri);
    candidateKinds.delete(uri.toString());
  };
  const pending = new Map<string, NodeJS.Timeout>();
  const update = (document: vscode.TextDocument): void => {
    const here = corpora.articleAt(document.uri);
    if (!here || here.corpus.sidecar.invalid || !settings().suggestionDiagnostics) {
      clear(document.uri);
      return;
    }
    const { corpus, path, article } = here;
    if (!article) return;
    const collector = new SuggestionCollector(corpus);
    // Recognition runs on the extension host's thread at about 100 KB a second: a very long
    // article gets its alias variants marked, not its unknown names.
    let variants: VariantOccurrence[];
    const kinds = new Map<string, ActorKind>();
    const diagnostics: vscode.Diagnostic[] = [];
    if (article.text.length <= MAX_RECOGNISED_CHARS) {
      const found = collector.addArticle(path);
      variants = found.variants;
      // Only what the Suggest Actors command would offer for this article, and only names the
      // recogniser gave a kind to: a hint under every capitalised word would be noise.
      const offered = new Map(collector.result({ minCount: 1, limit: Number.MAX_SAFE_INTEGER }).candidates.map((c) => [foldName(c.phrase), c]));
      for (const occurrence of found.candidates) {
        const kind = offered.get(foldName(occurrence.phrase))?.kind;
        if (kind === undefined) continue;
        kinds.set(occurrence.phrase, kind);
        const diagnostic = new vscode.Diagnostic(toRange(article.lines, occurrence), `“${occurrence.phrase}” is not an actor yet (looks like a ${kind})`, vscode.DiagnosticSeverity.Hint);
        diagnostic.source = 'marginalia';
        diagnostic.code = SUGGESTION_CODES.candidate;
        diagnostics.push(diagnostic);
      }
    } else variants = collector.variantsIn(path);
    for (const variant of variants) {
      const actor = corpus.index.actors.get(variant.actorId);
      const diagnostic = new vscode.Diagnostic(
        toRange(article.lines, variant),
        `“${variant.phrase}” looks like “${variant.alias}” (${actor?.name ?? variant.actorId}): add it as an alias?`,
        vscode.DiagnosticSeverity.Information,
      );
      diagnostic.source = 'marginalia';
      diagnostic.code = SUGGESTION_CODES.variant;
      diagnostics.push(diagnostic);
    }
    diagnostics.sort((a, b) => a.range.start.compareTo(b.range.start));
    collection.set(document.uri, diagnostics);
    candidateKinds.set(document.uri.toString(), kinds);
  };
  // Recognition takes some milliseconds per article: wait for typing to pause.
  const schedule = (document: vscode.TextDocument): void => {
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(key, setTimeout(() => {
      pending.delete(key);
      if (!document.isClosed) update(document);
    }, 300));
  };
  const updateOpen = (): void => vscode.workspace.textDocuments.forEach(schedule);
  const disposable = vscode.Disposable.from(
    collection,
    // An article's own change touches only its marks; a sidecar change (aliases, ignores) all of them.
    corpora.onDidChange((change) => {
      if (change.kind === 'sidecar') return updateOpen();
      const uri = change.service.uriOf(change.path);
      const document = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document) schedule(document);
    }),
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidCloseTextDocument((document) => clear(document.uri)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('marginalia.suggestions')) updateOpen();
    }),
    { dispose: () => pending.forEach((timer) => clearTimeout(timer)) },
  );
  return { disposable, kindOf: (uri, phrase) => candidateKinds.get(uri.toString())?.get(phrase) };
}
