/**
 * The Suggest Actors command: a quick pick over an article, the open ones or the whole corpus —
 * candidate actors and near-miss variants of aliases — that adds what is picked to the sidecar, or
 * ignores a phrase for good (its eye button, and the Ignore command the quick fixes call).
 */
import * as vscode from 'vscode';
import { CorpusIndex } from '../core/corpus';
import { ACTOR_KINDS, ActorKind } from '../core/model';
import { slugify, uniqueId } from '../core/naming';
import { SidecarEdit } from '../core/sidecar/edits';
import { CandidateActor, AliasVariant, SuggestionCollector, Suggestions } from '../core/suggest';
import { Corpora } from './corpora';
import { CorpusService } from './corpusService';
import { COMMANDS } from './ids';
import { counted } from '../core/text';

/** Where to look: recognition reads about 100 KB a second, so a whole large corpus takes minutes. */
export type SuggestScope = 'article' | 'open' | 'corpus';

/** Arguments that skip the quick picks (scripts and tests): where to look, the phrases to add and to ignore. */
export interface SuggestArgs {
  scope?: SuggestScope;
  add?: string[];
  ignore?: string[];
}

/** How long the collector works before letting the extension host breathe. */
const SLICE_MS = 30;

/** The articles a scope covers. */
function articlesIn(service: CorpusService, corpus: CorpusIndex, scope: SuggestScope): string[] {
  const open = (documents: readonly vscode.TextDocument[]): string[] => documents.map((d) => service.articleAt(d.uri)).filter((a) => a?.article !== undefined).map((a) => a!.path);
  if (scope === 'article') return open(vscode.window.activeTextEditor ? [vscode.window.activeTextEditor.document] : []);
  if (scope === 'open') return [...new Set(open(vscode.window.visibleTextEditors.map((e) => e.document).concat(vscode.workspace.textDocuments)))];
  return corpus.articlePaths();
}

async function pickScope(service: CorpusService, corpus: CorpusIndex): Promise<SuggestScope | undefined> {
  const count = (scope: SuggestScope): number => articlesIn(service, corpus, scope).length;
  const items: (vscode.QuickPickItem & { scope: SuggestScope })[] = [];
  if (count('article') > 0) items.push({ label: 'This article', scope: 'article' });
  if (count('open') > 1) items.push({ label: 'Open articles', description: `${count('open')} articles`, scope: 'open' });
  const kilobytes = corpus.articlePaths().reduce((sum, p) => sum + corpus.article(p)!.textLength, 0) / 1024;
  const minutes = Math.round(kilobytes / 100 / 60);
  items.push({ label: 'The whole corpus', description: `${count('corpus')} articles${minutes >= 1 ? `, about ${minutes} min` : ''}`, scope: 'corpus' });
  if (items.length === 1) return 'corpus';
  return (await vscode.window.showQuickPick(items, { title: 'Suggest actors and aliases from…' }))?.scope;
}

async function collectSuggestions(service: CorpusService, corpus: CorpusIndex, scope: SuggestScope): Promise<Suggestions | undefined> {
  const paths = articlesIn(service, corpus, scope);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Marginalia: looking for actors and aliases', cancellable: true },
    async (progress, token) => {
      const collector = new SuggestionCollector(corpus);
      let sliceStart = Date.now();
      let reported = 0;
      for (let i = 0; i < paths.length; i++) {
        collector.addArticle(paths[i]);
        if (Date.now() - sliceStart > SLICE_MS) {
          progress.report({ message: `${i + 1} of ${paths.length} articles`, increment: (100 * (i + 1 - reported)) / paths.length });
          reported = i + 1;
          await new Promise((resolve) => setImmediate(resolve));
          if (token.isCancellationRequested) return undefined;
          sliceStart = Date.now();
        }
      }
      // Within one article a name said once is worth offering; across a corpus, twice.
      return collector.result({ minCount: scope === 'corpus' ? 2 : 1 });
    },
  );
}

function variantEdit(variant: Pick<AliasVariant, 'actorId' | 'phrase'>): SidecarEdit {
  return { kind: 'addAlias', actorId: variant.actorId, alias: variant.phrase };
}

function candidateEdit(service: CorpusService, phrase: string, kind: ActorKind, taken: Set<string>): SidecarEdit {
  const id = uniqueId(slugify(phrase), (candidate) => taken.has(candidate) || service.isActorIdTaken(candidate));
  taken.add(id);
  return { kind: 'addActor', id, actor: { name: phrase, kind, aliases: [phrase] } };
}

type SuggestionItem = vscode.QuickPickItem & { variant?: AliasVariant; candidate?: CandidateActor };

const IGNORE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('eye-closed'), tooltip: 'Ignore: never suggest this again' };
const KIND_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('symbol-class'), tooltip: 'Choose what kind of actor it is' };

function quickPickItems(found: Suggestions): SuggestionItem[] {
  const names = (variant: AliasVariant): string => `add as an alias of ${variant.actorId} (close to “${variant.alias}”)`;
  const variants = found.variants.map((variant): SuggestionItem => ({
    label: variant.phrase, description: names(variant), detail: `×${variant.count} in ${counted(variant.files.length, 'file')}`, variant, buttons: [IGNORE_BUTTON],
  }));
  const candidates = found.candidates.map((candidate): SuggestionItem => ({
    label: candidate.phrase, description: candidateAction(candidate), detail: `×${candidate.count} in ${counted(candidate.files.length, 'file')}`, candidate, buttons: [KIND_BUTTON, IGNORE_BUTTON],
  }));
  const section = (title: string, items: SuggestionItem[]): SuggestionItem[] => (items.length ? [{ label: title, kind: vscode.QuickPickItemKind.Separator }, ...items] : []);
  return [...section('Alias variants', variants), ...section('Candidate actors', candidates)];
}

function candidateAction(candidate: CandidateActor): string {
  return `add as a new ${candidate.kind ?? 'actor'}`;
}

/** The edits that add what was picked; an actor of unknown kind asks for its kind. */
async function editsFor(service: CorpusService, picked: readonly SuggestionItem[]): Promise<SidecarEdit[] | undefined> {
  const edits: SidecarEdit[] = [];
  const taken = new Set<string>();
  for (const item of picked) {
    if (item.variant) edits.push(variantEdit(item.variant));
    else if (item.candidate) {
      const kind = item.candidate.kind ?? ((await vscode.window.showQuickPick([...ACTOR_KINDS], { title: `What kind of actor is “${item.candidate.phrase}”?` })) as ActorKind | undefined);
      if (kind === undefined) return undefined;
      edits.push(candidateEdit(service, item.candidate.phrase, kind, taken));
    }
  }
  return edits;
}

async function suggestActors(service: CorpusService, given?: unknown): Promise<Suggestions | undefined> {
  // Scripts and tests pass SuggestArgs; a view's title bar passes something of its own.
  const args = given !== null && typeof given === 'object' && ['scope', 'add', 'ignore'].some((key) => key in given) ? (given as SuggestArgs) : undefined;
  await service.whenReady();
  const corpus = service.corpus;
  if (!corpus || corpus.sidecar.invalid) return undefined;
  const scope = args ? (args.scope ?? 'corpus') : await pickScope(service, corpus);
  if (scope === undefined) return undefined;
  const found = await collectSuggestions(service, corpus, scope);
  if (!found) return undefined;
  if (args) {
    const add = new Set(args.add ?? []);
    const items = quickPickItems(found).filter((item) => add.has(item.label) && (item.variant || item.candidate));
    const edits = [...((await editsFor(service, items)) ?? []), ...(args.ignore ?? []).map((phrase): SidecarEdit => ({ kind: 'ignoreSuggestion', phrase }))];
    if (edits.length > 0) await service.applyEdits(edits);
    return found;
  }
  if (found.variants.length === 0 && found.candidates.length === 0) {
    void vscode.window.showInformationMessage('Marginalia: no new actors or alias variants found.');
    return found;
  }
  const pick = vscode.window.createQuickPick<SuggestionItem>();
  pick.title = 'Suggested actors and aliases — pick what to add';
  pick.placeholder = 'Space to pick several, Enter to add them; the eye button ignores one for good';
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.items = quickPickItems(found);
  // Choosing a kind opens a second quick pick, which hides this one for a moment.
  let choosingKind = false;
  const accepted = new Promise<readonly SuggestionItem[] | undefined>((resolve) => {
    pick.onDidAccept(() => resolve(pick.selectedItems));
    pick.onDidHide(() => {
      if (!choosingKind) resolve(undefined);
    });
  });
  pick.onDidTriggerItemButton(async ({ item, button }) => {
    if (button === IGNORE_BUTTON) {
      if (await service.applyEdits([{ kind: 'ignoreSuggestion', phrase: item.label }])) pick.items = pick.items.filter((i) => i !== item);
      return;
    }
    if (!item.candidate) return;
    const selected = pick.selectedItems.filter((i) => i !== item);
    choosingKind = true;
    const kind = (await vscode.window.showQuickPick([...ACTOR_KINDS], { title: `What kind of actor is “${item.label}”?` })) as ActorKind | undefined;
    choosingKind = false;
    if (kind) {
      const candidate = { ...item.candidate, kind };
      const updated: SuggestionItem = { ...item, candidate, description: candidateAction(candidate) };
      pick.items = pick.items.map((i) => (i === item ? updated : i));
      pick.selectedItems = [...selected, updated];
    }
    pick.show();
  });
  pick.show();
  const picked = await accepted;
  pick.dispose();
  if (picked && picked.length > 0) {
    const edits = await editsFor(service, picked);
    if (edits && edits.length > 0) await service.applyEdits(edits);
  }
  return found;
}

export function registerSuggestActors(corpora: Corpora): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.suggestActors, async (args?: unknown) => {
      const service = await corpora.forActiveEditorOrPick(args, 'Suggest actors in which corpus?');
      return service && suggestActors(service, args);
    }),
    vscode.commands.registerCommand(COMMANDS.ignoreSuggestion, async (args: { phrase: string; root?: string }) => {
      const service = await corpora.forActiveEditorOrPick(args);
      return service !== undefined && service.applyEdits([{ kind: 'ignoreSuggestion', phrase: args.phrase }]);
    }),
  );
}
