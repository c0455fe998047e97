/**
 * The steps of Annotate Selection, one prompt each: note, tags, actors, id. Every step returns
 * undefined when the user presses Escape, and the command then writes nothing.
 */
import * as vscode from 'vscode';
import { CorpusIndex } from '../core/corpus';
import { isValidId } from '../core/naming';
import { counted } from '../core/text';

export type AnnotateStep = 'note' | 'tags' | 'actors' | 'id';

/** The step a prompt is showing, for the integration tests (which answer prompts by commands). */
export class AnnotateSteps {
  current: AnnotateStep | undefined;
}

const STEPS = 4;
const title = (n: number): string => `Annotate selection (${n}/${STEPS})`;

export async function askNote(steps: AnnotateSteps, quote: string, draft: string | undefined): Promise<string | undefined> {
  return prompt(steps, 'note', () => vscode.window.showInputBox({
    title: title(1),
    prompt: `Note on “${shorten(quote)}” (Markdown; optional)`,
    placeHolder: 'What matters here?',
    value: draft,
    ignoreFocusOut: true,
  }));
}

interface TagItem extends vscode.QuickPickItem {
  tag: string;
}

/**
 * The corpus's tags to tick, and new ones typed in the box (comma-separated). The list is not
 * filtered by what is typed: the box is only for new tags, so a half-typed filter never becomes a tag.
 */
export function askTags(steps: AnnotateSteps, corpus: CorpusIndex): Promise<string[] | undefined> {
  const counts = new Map<string, number>();
  for (const annotation of corpus.index.annotations.values()) for (const tag of annotation.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const existing: TagItem[] = [...counts]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([tag, n]) => ({ label: tag, description: counted(n, 'annotation'), tag, alwaysShow: true }));
  const typedTags = (value: string): string[] => [...new Set(value.split(',').map((t) => t.trim()).filter((t) => t.length > 0))];
  return prompt(steps, 'tags', () => new Promise<string[] | undefined>((resolve) => {
    const pick = vscode.window.createQuickPick<TagItem>();
    pick.title = title(2);
    pick.canSelectMany = true;
    pick.ignoreFocusOut = true;
    pick.placeholder = existing.length ? 'Type new tags, comma-separated; ↓ and Space tick existing ones' : 'Type tags, comma-separated (optional)';
    pick.items = existing;
    // New tags show in the title, not as list items: rebuilding the items (and so the ticks) as
    // each key arrives from the window would untick a tag the user ticked meanwhile.
    const showTyped = (): void => {
      const typed = typedTags(pick.value).filter((tag) => !counts.has(tag));
      pick.title = typed.length ? `${title(2)} · new: ${typed.join(', ')}` : title(2);
    };
    let answered = false;
    const disposables = [
      pick.onDidChangeValue(showTyped),
      pick.onDidAccept(() => {
        answered = true;
        // Typed tags first, then the ticked ones in the list's order.
        const chosen = new Set(typedTags(pick.value));
        for (const item of pick.selectedItems) chosen.add(item.tag);
        resolve([...chosen]);
        pick.hide();
      }),
      pick.onDidHide(() => {
        if (!answered) resolve(undefined);
        for (const d of disposables) d.dispose();
        pick.dispose();
      }),
    ];
    pick.show();
  }));
}

interface ActorItem extends vscode.QuickPickItem {
  id: string;
}

/** Every actor of the index, the ones mentioned in the passage first and ticked. */
export async function askActors(steps: AnnotateSteps, corpus: CorpusIndex, mentioned: readonly string[]): Promise<string[] | undefined> {
  const actors = [...corpus.index.actors.values()];
  if (actors.length === 0) return [];
  const items: ActorItem[] = [
    ...mentioned.map((id) => corpus.index.actors.get(id)).filter((a) => a !== undefined),
    ...actors.filter((a) => !mentioned.includes(a.id)).sort((a, b) => a.name.localeCompare(b.name)),
  ].map((actor) => ({
    label: actor.name,
    description: `${actor.kind} · ${actor.id}`,
    detail: mentioned.includes(actor.id) ? 'mentioned in the passage' : undefined,
    picked: mentioned.includes(actor.id),
    id: actor.id,
  }));
  const picked = await prompt(steps, 'actors', () => vscode.window.showQuickPick(items, {
    title: title(3),
    placeHolder: mentioned.length ? 'Those mentioned in the passage are ticked; Enter to go on' : 'No actor is mentioned in the passage; tick any (optional)',
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: true,
  }));
  return picked?.map((item) => item.id);
}

/** The id, prefilled with the one made from the quote: it must be a valid id, and not taken. */
export function askId(steps: AnnotateSteps, suggested: string, isTaken: (id: string) => boolean): Promise<string | undefined> {
  return prompt(steps, 'id', () => vscode.window.showInputBox({
    title: title(4),
    prompt: 'Id of the new annotation (Enter keeps the one made from the quote)',
    value: suggested,
    ignoreFocusOut: true,
    validateInput: (value) => idProblem(value.trim(), isTaken),
  })).then((id) => id?.trim());
}

/** Why an id typed for a new annotation cannot be used, or undefined. */
export function idProblem(id: string, isTaken: (id: string) => boolean): string | undefined {
  if (!isValidId(id)) return 'An id is letters, digits, "-", "_" and ".", starting with a letter or digit.';
  if (isTaken(id)) return `"${id}" is already the id of an annotation (or of one being written).`;
  return undefined;
}

async function prompt<T>(steps: AnnotateSteps, step: AnnotateStep, show: () => Thenable<T | undefined>): Promise<T | undefined> {
  steps.current = step;
  try {
    return await show();
  } finally {
    steps.current = undefined;
  }
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= 40 ? flat : `${flat.slice(0, 39)}…`;
}
