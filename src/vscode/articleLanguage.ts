/**
 * Corpus `.txt` files open in the `article` language, whose grammar highlights quotations, dates,
 * figures and bylines. Other text files keep theirs. Off with `marginalia.articleLanguage: false`.
 */
import * as vscode from 'vscode';
import { Corpora } from './corpora';
import { LANGUAGE_ID } from './ids';
import { MarginaliaSettings } from './settings';

export function registerArticleLanguage(corpora: Corpora, settings: () => MarginaliaSettings): vscode.Disposable {
  const adopt = (document: vscode.TextDocument): void => {
    if (!settings().articleLanguage || document.languageId !== 'plaintext' || corpora.articleAt(document.uri) === undefined) return;
    void vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
  };
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument(adopt),
    corpora.onDidChange((change) => change.kind === 'sidecar' && vscode.workspace.textDocuments.forEach(adopt)),
  );
}
