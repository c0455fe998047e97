/** Commands on actors: add one from the selection, add an alias, rename (every reference follows). */
import * as vscode from 'vscode';
import { CorpusIndex } from '../core/corpus';
import { ACTOR_KINDS, Actor, ActorKind } from '../core/model';
import { isValidId, slugify, uniqueId } from '../core/naming';
import type { ActorNode } from './actorsTree';
import { Corpora } from './corpora';
import { CorpusService } from './corpusService';
import { COMMANDS } from './ids';

/** `root` names the corpus (`CorpusService.key`) when the window has several; tree nodes and quick fixes carry it. */
export interface AddActorArgs {
  kind?: ActorKind;
  name?: string;
  root?: string;
}
export type AddAliasArgs = ActorNode | { actorId?: string; alias?: string; root?: string };
export type RenameArgs = ActorNode | { actorId?: string; newId?: string; root?: string };

/** The actor id a tree node or an argument object names, if any. */
function actorIdOf(args: AddAliasArgs | RenameArgs): string | undefined {
  return 'actorId' in args ? args.actorId : undefined;
}

function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  const text = editor?.document.getText(editor.selection).replace(/\s+/g, ' ').trim();
  return text || undefined;
}

/** The actor the command is about: given, under the cursor, or picked; with the index it is in. */
async function resolveActor(service: CorpusService, given: string | undefined, title: string): Promise<{ actor: Actor; corpus: CorpusIndex } | undefined> {
  const corpus = service.corpus;
  // Before anything is asked: what is picked or typed for a write that cannot happen would be lost.
  if (!corpus || !service.checkCanWrite()) return undefined;
  const found = (id: string | undefined): { actor: Actor; corpus: CorpusIndex } | undefined => {
    const actor = id === undefined ? undefined : corpus.index.actors.get(id);
    return actor && { actor, corpus };
  };
  if (given !== undefined) return found(given);
  const editor = vscode.window.activeTextEditor;
  const here = editor && service.articleAt(editor.document.uri);
  if (editor && here && editor.selection.isEmpty) {
    const mention = corpus.mentionAt(here.path, editor.document.offsetAt(editor.selection.active));
    if (mention) return found(mention.actorId);
  }
  const pick = await vscode.window.showQuickPick(
    [...corpus.index.actors.values()].map((a) => ({ label: a.name, description: a.id, detail: a.aliases.join(', ') })),
    { title, matchOnDescription: true, matchOnDetail: true },
  );
  return found(pick?.description);
}

async function addActorFromSelection(service: CorpusService, args: AddActorArgs = {}): Promise<string | undefined> {
  if (!service.checkCanWrite()) return undefined;
  const corpus = service.corpus;
  const name = args.name ?? selectedText();
  if (!corpus || !name) {
    void vscode.window.showWarningMessage('Marginalia: select the name of the actor in an article.');
    return undefined;
  }
  const kind = args.kind ?? ((await vscode.window.showQuickPick([...ACTOR_KINDS], { title: `What kind of actor is “${name}”?` })) as ActorKind | undefined);
  if (kind === undefined) return undefined;
  let id = '';
  const written = await service.applyEdits(() => {
    id = uniqueId(slugify(name), (candidate) => service.isActorIdTaken(candidate));
    return [{ kind: 'addActor', id, actor: { name, kind, aliases: [name] } }];
  }, { retry: true });
  return written ? id : undefined;
}

async function addAlias(service: CorpusService, args: AddAliasArgs = {}): Promise<boolean> {
  const fromTree = 'type' in args;
  const { actor } = (await resolveActor(service, actorIdOf(args), 'Add the selection as an alias of…')) ?? {};
  if (!actor) return false;
  // From the tree there is no selection to take: ask.
  const given = 'alias' in args ? args.alias : undefined;
  const alias = given ?? (fromTree ? undefined : selectedText())
    ?? (await vscode.window.showInputBox({ title: `New alias of ${actor.name}`, prompt: 'Matched as a whole word, case-sensitive unless the actor says matchCase: false' }))?.trim();
  if (!alias) return false;
  return service.applyEdits([{ kind: 'addAlias', actorId: actor.id, alias }], { retry: true });
}

async function renameActor(service: CorpusService, args: RenameArgs = {}): Promise<boolean> {
  const { actor, corpus } = (await resolveActor(service, actorIdOf(args), 'Rename which actor?')) ?? {};
  if (!actor || !corpus) return false;
  const actorId = actor.id;
  const newId = ('newId' in args ? args.newId : undefined) ?? (await vscode.window.showInputBox({
    title: `Rename actor "${actorId}"`,
    prompt: 'The new id; every annotation, relation and memberOf that names it is updated',
    value: actorId,
    validateInput: (value) => (!isValidId(value) ? 'Letters, digits, "-", "_" and "." only' : value !== actorId && corpus.index.actors.has(value) ? `"${value}" is already an actor` : undefined),
  }));
  if (newId === undefined || newId === actorId) return false;
  if (!isValidId(newId)) {
    void vscode.window.showWarningMessage(`Marginalia: "${newId}" is not a valid id.`);
    return false;
  }
  return service.applyEdits([{ kind: 'renameActor', from: actorId, to: newId }], { retry: true });
}

export function registerActorCommands(corpora: Corpora): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.addActorFromSelection, async (args?: AddActorArgs) => {
      const service = await corpora.forActiveEditorOrPick(args, 'Add the actor to which corpus?');
      return service && addActorFromSelection(service, args);
    }),
    vscode.commands.registerCommand(COMMANDS.addAlias, async (args?: AddAliasArgs) => {
      const service = await corpora.forActiveEditorOrPick(args);
      return service !== undefined && addAlias(service, args);
    }),
    vscode.commands.registerCommand(COMMANDS.renameActor, async (args?: RenameArgs) => {
      const service = await corpora.forActiveEditorOrPick(args);
      return service !== undefined && renameActor(service, args);
    }),
  );
}
