/** Quick fixes on the suggestion diagnostics: add the alias or the actor, or ignore the phrase for good. */
import * as vscode from 'vscode';
import { SuggestionCollector } from '../core/suggest';
import { CorpusService } from './corpusService';
import { ARTICLE_DOCUMENTS, COMMANDS } from './ids';
import { CandidateKindOf, SUGGESTION_CODES } from './suggestionDiagnostics';

class SuggestionQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly service: CorpusService,
    private readonly candidateKindOf: CandidateKindOf,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const corpus = this.service.articleAt(document.uri)?.corpus;
    if (!corpus) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'marginalia') continue;
      const phrase = document.getText(diagnostic.range);
      if (diagnostic.code === SUGGESTION_CODES.variant) {
        const variant = new SuggestionCollector(corpus).variantFor(phrase);
        if (!variant) continue;
        const actor = corpus.index.actors.get(variant.actorId);
        actions.push(this.action(`Add “${phrase}” as an alias of ${actor?.name ?? variant.actorId}`, diagnostic, COMMANDS.addAlias, { actorId: variant.actorId, alias: phrase }, true));
      } else if (diagnostic.code === SUGGESTION_CODES.candidate) {
        const kind = this.candidateKindOf(document.uri, phrase);
        actions.push(this.action(`Add “${phrase}” as a new ${kind ?? 'actor'}`, diagnostic, COMMANDS.addActorFromSelection, { name: phrase, kind }, false));
      } else continue;
      actions.push(this.action(`Ignore “${phrase}” (never suggest it again)`, diagnostic, COMMANDS.ignoreSuggestion, { phrase }, false));
    }
    return actions;
  }

  private action(title: string, diagnostic: vscode.Diagnostic, command: string, args: object, preferred: boolean): vscode.CodeAction {
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.isPreferred = preferred;
    action.command = { command, title, arguments: [args] };
    return action;
  }
}

export function registerSuggestionQuickFixes(service: CorpusService, candidateKindOf: CandidateKindOf): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(ARTICLE_DOCUMENTS, new SuggestionQuickFixes(service, candidateKindOf), SuggestionQuickFixes.metadata);
}
