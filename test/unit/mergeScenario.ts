/**
 * Two reviewers on two branches: a generated base sidecar (with comments), each branch's random
 * edits made through Marginalia's own writer, and an independent oracle for what the merge must
 * give — the base with both branches' edits applied, computed on plain data without the merge code.
 *
 * The edits commute by construction, as two reviewers' usually do: each branch deletes only its
 * own set of annotations (which the other never touches), writes notes on one set of shared
 * annotations and review states on the other, adds links (of a type fixed by its two ends) and
 * aliases anywhere, and adds annotations and actors under its own ids. A forced conflict adds one
 * note written differently on both sides.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { resolveConflictMarkers } from '../../src/core/sidecar/merge';
import { applySidecarEdits } from '../../src/core/sidecar/edit';
import { SidecarEdit } from '../../src/core/sidecar/edits';
import { parseSidecar } from '../../src/core/sidecar/read';
import { LINK_TYPES, REVIEW_STATES } from '../../src/core/model';
import { GitRepo } from './mergeGit';

type Plain = { [key: string]: unknown };
type Branch = 'ours' | 'theirs';

const NOTES = ['Checked against the wire copy.', 'Mutual assistance # not a comment', 'two lines\nof note', ' leading space', 'café 🙂 «quoted»', 'key: value', 'yes', '', '123'];
const ALIASES = ['The Minister', 'Ms Reyes', 'Northland', 'the envoy', 'café Group', 'Coalition', 'DPRK', 'O\'Neill'];
const WORDS = ['alpha', 'treaty', 'summit', 'envoy', 'offer', 'talks', 'delegation', 'signed', 'visit', 'minister'];

export interface BaseShape {
  annotations: number;
  actors: number;
  /** Which annotations get a comment of their own (by index). */
  comments: boolean[];
  /** Which shared annotations link to the next one in the base. */
  links: boolean[];
}

export type Op =
  | { kind: 'add'; words: number[]; note?: number }
  | { kind: 'delete'; pick: number }
  | { kind: 'note'; pick: number; note: number }
  | { kind: 'review'; pick: number; state: number }
  | { kind: 'link'; from: number; to: number }
  | { kind: 'actor'; alias: number }
  | { kind: 'alias'; pick: number; alias: number };

export interface Scenario {
  base: BaseShape;
  ours: Op[];
  theirs: Op[];
  conflict: boolean;
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), words: fc.array(fc.nat(WORDS.length - 1), { minLength: 1, maxLength: 4 }), note: fc.option(fc.nat(NOTES.length - 1), { nil: undefined }) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('note' as const), pick: fc.nat(), note: fc.nat(NOTES.length - 1) }),
  fc.record({ kind: fc.constant('review' as const), pick: fc.nat(), state: fc.nat(REVIEW_STATES.length - 1) }),
  fc.record({ kind: fc.constant('link' as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('actor' as const), alias: fc.nat(ALIASES.length - 1) }),
  fc.record({ kind: fc.constant('alias' as const), pick: fc.nat(), alias: fc.nat(ALIASES.length - 1) }),
);

export const scenarioArb = (edits: number): fc.Arbitrary<Scenario> =>
  fc.record({
    base: fc.integer({ min: 8, max: 16 }).chain((annotations) =>
      fc.record({
        annotations: fc.constant(annotations),
        actors: fc.integer({ min: 2, max: 5 }),
        comments: fc.array(fc.boolean(), { minLength: annotations, maxLength: annotations }),
        links: fc.array(fc.boolean(), { minLength: annotations, maxLength: annotations }),
      }),
    ),
    ours: fc.array(opArb, { minLength: edits, maxLength: edits }),
    theirs: fc.array(opArb, { minLength: edits, maxLength: edits }),
    conflict: fc.boolean(),
  });

/** Annotation roles by index: 0 ours may delete, 1 theirs may delete, 2 and 3 shared. */
const role = (i: number): number => i % 4;
const annotationId = (i: number): string => `n${i}`;
const actorId = (i: number): string => `a${i}`;
const quoteOf = (i: number): string => `${WORDS[i % WORDS.length]} passage ${i}`;
const linkType = (from: string, to: string): string => LINK_TYPES[[...(from + to)].reduce((sum, c) => sum + c.charCodeAt(0), 0) % LINK_TYPES.length];

/** The base sidecar's text, written by hand as a reviewer would (comments included). */
export function baseText(shape: BaseShape): string {
  const lines = ['# Team review corpus, written for the merge tests.', 'version: 1', 'actors:'];
  for (let i = 0; i < shape.actors; i++) {
    lines.push(`  ${actorId(i)}:${i % 2 === 0 ? '   # a founding actor' : ''}`, `    name: Actor ${i}`, '    kind: person', `    aliases: [Actor ${i}]`);
  }
  lines.push('', '# Passages, one entry each.', 'annotations:');
  for (let i = 0; i < shape.annotations; i++) {
    lines.push(`  ${annotationId(i)}:${shape.comments[i] ? `   # first read of n${i}` : ''}`, `    file: articles/${i % 3}.txt`);
    // Inside the entry, not after its last field: a comment there belongs to what follows.
    if (shape.comments[i]) lines.push('    # reviewer: check the date');
    lines.push(`    quote: ${quoteOf(i)}`);
    if (i % 2 === 0) lines.push(`    note: Base note ${i}.`);
    const next = annotationId(i + 1);
    if (shape.links[i] && role(i) >= 2 && i + 1 < shape.annotations) lines.push(`    links: [{to: ${next}, type: ${linkType(annotationId(i), next)}}]`);
  }
  return lines.join('\n') + '\n';
}

/** The base as plain data, built from the shape (not read from the text). */
export function basePlain(shape: BaseShape): Plain {
  const actors: Plain = {};
  for (let i = 0; i < shape.actors; i++) actors[actorId(i)] = { name: `Actor ${i}`, kind: 'person', aliases: [`Actor ${i}`] };
  const annotations: Plain = {};
  for (let i = 0; i < shape.annotations; i++) {
    const entry: Plain = { file: `articles/${i % 3}.txt`, quote: quoteOf(i) };
    if (i % 2 === 0) entry.note = `Base note ${i}.`;
    const next = annotationId(i + 1);
    if (shape.links[i] && role(i) >= 2 && i + 1 < shape.annotations) entry.links = [{ to: next, type: linkType(annotationId(i), next) }];
    annotations[annotationId(i)] = entry;
  }
  return { version: 1, actors, annotations };
}

/** An op resolved against a branch: what it does, for the writer and for the oracle. */
type Effect =
  | { kind: 'add'; id: string; quote: string; note?: string }
  | { kind: 'delete'; id: string }
  | { kind: 'note'; id: string; note: string }
  | { kind: 'review'; id: string; state: string }
  | { kind: 'link'; from: string; to: string; type: string }
  | { kind: 'actor'; id: string; alias: string }
  | { kind: 'alias'; id: string; alias: string };

/** Resolves a branch's ops (against its own state) into effects; ops that do not fit become additions. */
function resolve(shape: BaseShape, branch: Branch, ops: Op[]): Effect[] {
  const prefix = branch === 'ours' ? 'o' : 't';
  const all = Array.from({ length: shape.annotations }, (_, i) => i);
  const mayDelete = all.filter((i) => role(i) === (branch === 'ours' ? 0 : 1)).map(annotationId);
  const shared = all.filter((i) => role(i) >= 2);
  const notes = shared.filter((i) => role(i) === (branch === 'ours' ? 2 : 3)).map(annotationId);
  const reviews = shared.filter((i) => role(i) === (branch === 'ours' ? 3 : 2)).map(annotationId);
  const linkable = shared.map(annotationId);
  const actors = Array.from({ length: shape.actors }, (_, i) => actorId(i));
  const deleted = new Set<string>();
  const own: string[] = [];
  const links = new Set<string>();
  for (let i = 0; i < shape.annotations; i++) if (shape.links[i] && role(i) >= 2 && i + 1 < shape.annotations) links.add(`${annotationId(i)}>${annotationId(i + 1)}`);
  const effects: Effect[] = [];
  const alive = (ids: string[]): string[] => ids.filter((id) => !deleted.has(id));
  const pick = <T>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
  const add = (words: number[], note?: number): void => {
    const id = `${prefix}n${own.length}`;
    own.push(id);
    effects.push({ kind: 'add', id, quote: words.map((w) => WORDS[w]).join(' '), note: note === undefined ? undefined : NOTES[note] || undefined });
  };
  for (const op of ops) {
    switch (op.kind) {
      case 'add':
        add(op.words, op.note);
        break;
      case 'delete': {
        const id = pick(alive(mayDelete), op.pick);
        if (id === undefined) add([op.pick % WORDS.length]);
        else {
          deleted.add(id);
          for (const link of [...links]) if (link.endsWith(`>${id}`) || link.startsWith(`${id}>`)) links.delete(link);
          effects.push({ kind: 'delete', id });
        }
        break;
      }
      case 'note': {
        const id = pick([...alive(mayDelete), ...notes, ...own], op.pick)!;
        effects.push({ kind: 'note', id, note: NOTES[op.note] });
        break;
      }
      case 'review': {
        const id = pick([...alive(mayDelete), ...reviews, ...own], op.pick)!;
        effects.push({ kind: 'review', id, state: REVIEW_STATES[op.state] });
        break;
      }
      case 'link': {
        const from = pick([...alive(mayDelete), ...linkable, ...own], op.from)!;
        const to = pick([...linkable, ...own], op.to)!;
        if (from === to || links.has(`${from}>${to}`)) add([op.to % WORDS.length]);
        else {
          links.add(`${from}>${to}`);
          effects.push({ kind: 'link', from, to, type: linkType(from, to) });
        }
        break;
      }
      case 'actor': {
        const id = `${prefix}a${actors.length}`;
        actors.push(id);
        effects.push({ kind: 'actor', id, alias: ALIASES[op.alias] });
        break;
      }
      case 'alias':
        effects.push({ kind: 'alias', id: pick(actors, op.pick)!, alias: ALIASES[op.alias] });
        break;
    }
  }
  return effects;
}

function editOf(effect: Effect): SidecarEdit {
  switch (effect.kind) {
    case 'add':
      return { kind: 'addAnnotation', id: effect.id, annotation: { file: 'articles/new.txt', quote: effect.quote, note: effect.note } };
    case 'delete':
      return { kind: 'deleteAnnotation', id: effect.id };
    case 'note':
      return { kind: 'setAnnotationNote', id: effect.id, note: effect.note };
    case 'review':
      return { kind: 'setAnnotationReview', id: effect.id, review: effect.state as (typeof REVIEW_STATES)[number] };
    case 'link':
      return { kind: 'addLink', from: effect.from, to: effect.to, type: effect.type as (typeof LINK_TYPES)[number] };
    case 'actor':
      return { kind: 'addActor', id: effect.id, actor: { name: `New ${effect.id}`, kind: 'group', aliases: [effect.alias] } };
    case 'alias':
      return { kind: 'addAlias', actorId: effect.id, alias: effect.alias };
  }
}

/** What an effect means on plain data: the oracle's own, short reading of each edit. */
function applyEffect(doc: Plain, effect: Effect): void {
  const annotations = doc.annotations as Record<string, Plain>;
  const actors = doc.actors as Record<string, Plain>;
  switch (effect.kind) {
    case 'add':
      annotations[effect.id] = { file: 'articles/new.txt', quote: effect.quote, ...(effect.note === undefined ? {} : { note: effect.note }) };
      return;
    case 'delete':
      delete annotations[effect.id];
      for (const entry of Object.values(annotations)) {
        const links = entry.links as { to: string }[] | undefined;
        if (!links) continue;
        const kept = links.filter((link) => link.to !== effect.id);
        if (kept.length === 0) delete entry.links;
        else entry.links = kept;
      }
      return;
    case 'note':
      annotations[effect.id].note = effect.note;
      return;
    case 'review':
      annotations[effect.id].review = effect.state;
      return;
    case 'link': {
      const entry = annotations[effect.from];
      const links = (entry.links as Plain[] | undefined) ?? [];
      // Links are told apart by their target: both reviewers adding the same one add it once.
      if (!links.some((link) => link.to === effect.to)) entry.links = [...links, { to: effect.to, type: effect.type }];
      return;
    }
    case 'actor':
      actors[effect.id] = { name: `New ${effect.id}`, kind: 'group', aliases: [effect.alias] };
      return;
    case 'alias': {
      const aliases = actors[effect.id].aliases as string[];
      if (!aliases.includes(effect.alias)) aliases.push(effect.alias);
      return;
    }
  }
}

/** A branch's sidecar: the base with its effects, written by Marginalia's writer as the extension would. */
function branchText(base: string, effects: Effect[]): string {
  let parsed = parseSidecar(base);
  // One edit at a time, as a reviewer makes them (each a save).
  for (const effect of effects) parsed = applySidecarEdits(parsed, [editOf(effect)]);
  return parsed.text;
}

/** Each annotation's lines (`  id:` up to the next entry), for the byte-for-byte checks. */
export function entryBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  const lines = text.split(/(?<=\n)/);
  let section = '';
  let current: string | undefined;
  for (const line of lines) {
    const top = /^([A-Za-z]\w*):/.exec(line);
    const entry = /^ {2}([\w-]+):/.exec(line);
    if (top || /^(#|<{7}|={7}|>{7})/.test(line)) {
      section = top ? top[1] : section;
      current = undefined;
    } else if (entry) {
      current = `${section}.${entry[1]}`;
      blocks.set(current, line);
    } else if (current && line.trim() !== '') blocks.set(current, blocks.get(current)! + line);
  }
  return blocks;
}

const FORCED = { id: annotationId(2), ours: 'Ours: the clause binds.', theirs: 'Theirs: the clause is vague.' };

/** Runs one scenario through real git and checks the merge against the oracle. */
export function checkScenario(scenario: Scenario): void {
  const base = baseText(scenario.base);
  const effects = { ours: resolve(scenario.base, 'ours', scenario.ours), theirs: resolve(scenario.base, 'theirs', scenario.theirs) };
  if (scenario.conflict) {
    effects.ours.push({ kind: 'note', id: FORCED.id, note: FORCED.ours });
    effects.theirs.push({ kind: 'note', id: FORCED.id, note: FORCED.theirs });
  }
  const ours = branchText(base, effects.ours);
  const theirs = branchText(base, effects.theirs);
  const union = (forced?: string): Plain => {
    const doc = basePlain(scenario.base);
    for (const effect of [...effects.ours, ...effects.theirs]) applyEffect(doc, effect);
    if (forced !== undefined) (doc.annotations as Record<string, Plain>)[FORCED.id].note = forced;
    return doc;
  };
  const repo = new GitRepo();
  try {
    const merged = repo.mergeThree(base, ours, theirs);
    if (!scenario.conflict) {
      assert.equal(merged.status, 0, merged.output);
      assert.deepStrictEqual(load(merged.text), union());
      assert.equal(repo.git('status', '--porcelain'), '', 'the merge was committed');
    } else {
      assert.notEqual(merged.status, 0, 'git reports the conflict');
      assert.match(merged.output, /conflict in annotation "n2": note changed differently on both sides/);
      const blocks = merged.text.split('\n').filter((line) => line.startsWith('<<<<<<< '));
      assert.equal(blocks.length, 1, 'one conflict, marked once');
      const marked = /^<{7} ours\n([\s\S]*?)^={7}\n([\s\S]*?)^>{7} theirs\n/m.exec(merged.text)!;
      for (const side of [marked[1], marked[2]]) assert.deepEqual([...entryBlocks(`annotations:\n${side}`).keys()], ['annotations.n2'], 'the markers hold that entry alone');
      // Nothing is lost: either choice is the union with that side's note.
      assert.deepStrictEqual(load(resolveConflictMarkers(merged.text, 'ours')), union(FORCED.ours));
      assert.deepStrictEqual(load(resolveConflictMarkers(merged.text, 'theirs')), union(FORCED.theirs));
    }
    // Entries THEIRS left alone are OURS's bytes (comments too); entries only THEIRS changed are THEIRS's.
    const [baseBlocks, oursBlocks, theirsBlocks] = [entryBlocks(base), entryBlocks(ours), entryBlocks(theirs)];
    const mergedBlocks = entryBlocks(scenario.conflict ? resolveConflictMarkers(merged.text, 'ours') : merged.text);
    for (const [id, text] of oursBlocks) {
      if (theirsBlocks.get(id) === baseBlocks.get(id) && baseBlocks.has(id)) assert.equal(mergedBlocks.get(id), text, `${id} is OURS's bytes`);
      else if (text === baseBlocks.get(id) && theirsBlocks.has(id)) assert.equal(mergedBlocks.get(id), theirsBlocks.get(id), `${id} is THEIRS's bytes`);
    }
    for (const comment of ours.match(/#.*$/gm) ?? []) if (theirs.includes(comment)) assert.ok(merged.text.includes(comment), `the comment "${comment}" is kept`);
  } finally {
    repo.remove();
  }
}
