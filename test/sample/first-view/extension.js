// The launcher's first view (npm run sample, npm run open): when the window starts with no editor
// open, open the article named by MARGINALIA_FIRST_ARTICLE (set by test/sample/launch.ts on the
// code-server process) and show the Marginalia sidebar. It only opens; it never writes.
const vscode = require('vscode');

module.exports.activate = async function activate() {
  const article = process.env.MARGINALIA_FIRST_ARTICLE;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!article || !folder || vscode.window.tabGroups.all.some((group) => group.tabs.length > 0)) return;
  const uri = vscode.Uri.joinPath(folder.uri, ...article.split('/'));
  await vscode.commands.executeCommand('workbench.view.extension.marginalia');
  await vscode.window.showTextDocument(uri, { preview: false });
};
