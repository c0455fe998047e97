/**
 * What each edit means, said on plain data (the sidecar as a reader loads it: objects, lists,
 * strings, numbers) rather than on text. The writer's splices are checked against this before any
 * file is replaced: the two are written independently, so a bug in one shows as a difference.
 */
import { SidecarEdit } from './edits';

/** The sidecar, or a part of it, as plain data. */
export type PlainValue = string | number | boolean | null | PlainValue[] | PlainMap;
export interface PlainMap {
  [key: string]: PlainValue;
}

function isMap(value: PlainValue | undefined): value is PlainMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The mapping under `key`, created (or put in place of a null) when missing. */
function mapUnder(parent: PlainMap, key: string): PlainMap {
  const value = parent[key];
  if (isMap(value)) return value;
  if (value === undefined || value === null) return (parent[key] = {});
  throw new Error(`"${key}" is not a mapping`);
}

function entryOf(doc: PlainMap, section: string, id: string): PlainMap {
  const entry = mapUnder(doc, section)[id];
  if (!isMap(entry)) throw new Error(`no ${section}.${id}`);
  return entry;
}

/** A list field read as the reader reads it: a single value is a list of one. */
function addToList(map: PlainMap, key: string, item: string): void {
  const value = map[key];
  if (Array.isArray(value)) {
    if (!value.includes(item)) value.push(item);
  } else if (value !== undefined && value !== null && !isMap(value)) {
    if (String(value) !== item) map[key] = [String(value), item];
  } else map[key] = [item];
}

/** Removes the items `remove` picks; a list left empty is removed, as if never written. */
function removeFromList(map: PlainMap, key: string, remove: (item: PlainValue) => boolean): void {
  const value = map[key];
  if (!Array.isArray(value) || !value.some(remove)) return;
  const kept = value.filter((item) => !remove(item));
  if (kept.length === 0) delete map[key];
  else map[key] = kept;
}

function withoutUndefined(record: Record<string, PlainValue | undefined>): PlainMap {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as PlainMap;
}

function nonEmptyList(list: string[] | undefined): string[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/** Applies one edit to the plain sidecar `doc`, in place. Throws when the edit does not fit it. */
export function applyIntent(doc: PlainMap, edit: SidecarEdit): void {
  switch (edit.kind) {
    case 'setAnchor': {
      const entry = entryOf(doc, 'annotations', edit.annotationId);
      const { quote, prefix, suffix, start } = edit.selector;
      Object.assign(entry, { quote, prefix, suffix, start });
      return;
    }
    case 'addAnnotation': {
      const { file, quote, prefix, suffix, start, note, tags, actors, author, created } = edit.annotation;
      mapUnder(doc, 'annotations')[edit.id] = withoutUndefined({ file, quote, prefix, suffix, start, note, tags: nonEmptyList(tags), actors: nonEmptyList(actors), author, created });
      return;
    }
    case 'deleteAnnotation': {
      const annotations = mapUnder(doc, 'annotations');
      delete annotations[edit.id];
      const pointsAtIt = (item: PlainValue): boolean => item === edit.id || (isMap(item) && item.to === edit.id);
      for (const other of Object.values(annotations)) if (isMap(other)) removeFromList(other, 'links', pointsAtIt);
      const relations = doc.relations;
      if (Array.isArray(relations)) for (const relation of relations) if (isMap(relation)) removeFromList(relation, 'evidence', (item) => item === edit.id);
      return;
    }
    case 'setAnnotationNote':
      entryOf(doc, 'annotations', edit.id).note = edit.note;
      return;
    case 'setAnnotationReview':
      entryOf(doc, 'annotations', edit.id).review = edit.review;
      return;
    case 'addLink': {
      const entry = entryOf(doc, 'annotations', edit.from);
      const link = { to: edit.to, type: edit.type };
      if (Array.isArray(entry.links)) entry.links.push(link);
      else entry.links = [link];
      return;
    }
    case 'addActor': {
      const { name, kind, aliases, note } = edit.actor;
      mapUnder(doc, 'actors')[edit.id] = withoutUndefined({ name, kind, aliases, note });
      return;
    }
    case 'addAlias':
      addToList(entryOf(doc, 'actors', edit.actorId), 'aliases', edit.alias);
      return;
    case 'renameActor':
      renameActor(doc, edit.from, edit.to);
      return;
    case 'ignoreSuggestion':
      addToList(doc, 'ignoreSuggestions', edit.phrase);
      return;
  }
}

function renameActor(doc: PlainMap, from: string, to: string): void {
  if (from === to) return;
  const actors = mapUnder(doc, 'actors');
  // The renamed entry keeps its place among the others.
  const renamed = Object.fromEntries(Object.entries(actors).map(([id, actor]) => [id === from ? to : id, actor]));
  for (const id of Object.keys(actors)) delete actors[id];
  Object.assign(actors, renamed);
  for (const actor of Object.values(actors)) if (isMap(actor) && actor.memberOf === from) actor.memberOf = to;
  const annotations = doc.annotations;
  if (isMap(annotations)) {
    for (const annotation of Object.values(annotations)) {
      if (!isMap(annotation)) continue;
      if (Array.isArray(annotation.actors)) annotation.actors = annotation.actors.map((a) => (a === from ? to : a));
      else if (annotation.actors === from) annotation.actors = to;
    }
  }
  if (Array.isArray(doc.relations)) {
    for (const relation of doc.relations) {
      if (!isMap(relation)) continue;
      if (relation.from === from) relation.from = to;
      if (relation.to === from) relation.to = to;
    }
  }
}

/** The first place where two plain values differ (mappings compared regardless of key order), as a path. */
export function firstDifference(expected: PlainValue | undefined, actual: PlainValue | undefined, path: string[] = []): string[] | undefined {
  if (expected === actual) return undefined;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return path;
    for (let i = 0; i < expected.length; i++) {
      const found = firstDifference(expected[i], actual[i], [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  if (isMap(expected) && isMap(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const found = firstDifference(expected[key], actual[key], [...path, key]);
      if (found) return found;
    }
    return undefined;
  }
  return path;
}
