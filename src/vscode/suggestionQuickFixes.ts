/** Quick fixes on the suggestion diagnostics: add the alias or the actor, or ignore the phrase for good. */
import * as vscode from 'vscode';
import { SuggestionCollector } from '../core/suggest';
import { Corpora } from './corpora';
import { ARTICLE_DOCUMENTS, COMMANDS } from './ids';
import { CandidateKindOf, SUGGESTION_CODES } from './suggestionDiagnostics';

class SuggestionQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly corpora: Corpora,
    private readonly candidateKindOf: CandidateKindOf,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const here = this.corpora.articleAt(document.uri);
    const corpus = here?.corpus;
    if (!corpus) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'marginalia') continue;
      const phrase = document.getText(diagnostic.range);
      if (diagnostic.code === SUGGESTION_CODES.variant) {
        const variant = new SuggestionCollector(corpus).variantFor(phrase);
        if (!variant) continue;
        const actor = corpus.index.actors.get(variant.actorId);
        actions.push(this.action(`Add “${phrase}” as an alias of ${actor?.name ?? variant.actorId}`, diagnostic, COMMANDS.addAlias, { actorId: variant.actorId, alias: phrase, ...this.root(here) }, true));
      } else if (diagnostic.code === SUGGESTION_CODES.candidate) {
        const kind = this.candidateKindOf(document.uri, phrase);
        actions.push(this.action(`Add “${phrase}” as a new ${kind ?? 'actor'}`, diagnostic, COMMANDS.addActorFromSelection, { name: phrase, kind, ...this.root(here) }, false));
      } else continue;
      actions.push(this.action(`Ignore “${phrase}” (never suggest it again)`, diagnostic, COMMANDS.ignoreSuggestion, { phrase, ...this.root(here) }, false));
    }
    return actions;
  }

  /** With several corpora, a fix names the one it writes to (the article's). */
  private root(here: { service: { key: string } } | undefined): { root?: string } {
    return here && this.corpora.all.length > 1 ? { root: here.service.key } : {};
  }

  private action(title: string, diagnostic: vscode.Diagnostic, command: string, args: object, preferred: boolean): vscode.CodeAction {
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = preferred;
    action.command = { command, title, arguments: [args] };
    return action;
  }
}

export function registerSuggestionQuickFixes(corpora: Corpora, candidateKindOf: CandidateKindOf): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(ARTICLE_DOCUMENTS, new SuggestionQuickFixes(corpora, candidateKindOf), SuggestionQuickFixes.metadata);
}
