/**
 * The one door for edits to `marginalia.yaml`. Each edit becomes a few text splices at the source
 * ranges of the nodes it touches, so everything else — comments, key order, quoting, unknown keys,
 * blank lines — stays byte for byte, diffs stay small, and one edit never re-serialises the file.
 */
import { Document, isMap, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { MarginaliaIndex } from '../model';
import { OwnedSplice, ownerOf, SidecarEdit, SidecarEditError } from './edits';
import { advanceSidecar, entryRoot } from './entries';
import { EditableSection, ParsedSidecar } from './read';
import { dropUndefined, flowList, indentAfterFirst, indentAll, isPlainList, nonEmpty, RENDER, renderPair } from './render';

type TextSplice = Omit<OwnedSplice, 'owner'>;

/**
 * Applies the edits and returns the sidecar they leave: its text, and its index re-read only where
 * the edits wrote. `file` names the sidecar in problems. Never called on an invalid sidecar.
 */
export function applySidecarEdits(parsed: ParsedSidecar, edits: readonly SidecarEdit[], file?: string): ParsedSidecar {
  if (parsed.invalid) throw new SidecarEditError('the sidecar has errors that stop it being read; fix them before editing');
  let current = parsed;
  let pending: OwnedSplice[] = [];
  const flush = (): void => {
    current = advanceSidecar(current, pending, file);
    pending = [];
  };
  for (const edit of edits) {
    let splices: OwnedSplice[];
    try {
      splices = planEdit(current, edit);
    } catch (error) {
      // An edit may name an entry an earlier edit of the batch adds: plan it on the new text.
      if (!(error instanceof SidecarEditError) || pending.length === 0) throw error;
      flush();
      splices = planEdit(current, edit);
    }
    if (splices.some((s) => pending.some((p) => overlaps(s, p)))) {
      // Two edits touch the same node: apply what we have and plan this one on the new text.
      flush();
      splices = planEdit(current, edit);
    }
    pending.push(...splices);
  }
  flush();
  return current;
}

/**
 * Plans one edit. An edit that writes in one entry is planned on that entry's lines alone (the
 * last entry's, for a new one), parsed on their own: a 20,000-annotation sidecar is never parsed
 * whole for it. Anything else, or an entry those lines cannot stand for, uses the whole document.
 */
function planEdit(current: ParsedSidecar, edit: SidecarEdit): OwnedSplice[] {
  const owner = ownerOf(edit);
  const partial = owner && entryRoot(current, owner);
  const builder = new SpliceBuilder(current.text, partial ?? (current.document.contents as YAMLMap), current.index);
  return builder.build(edit).map((splice) => ({ ...splice, owner: partial ? owner : undefined }));
}

/**
 * Splices of two edits that touch the same text conflict. So do two inserts at one point: the end
 * of one entry is the start of the next, and a field inserted there must not land in a new entry.
 */
function overlaps(a: TextSplice, b: TextSplice): boolean {
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}

class SpliceBuilder {
  private readonly lineBreak: string;

  /** `root` is the document's, or a stand-in holding only the entry an edit writes in. */
  constructor(
    private readonly text: string,
    private readonly root: YAMLMap,
    private readonly index: MarginaliaIndex,
  ) {
    this.lineBreak = text.includes('\r\n') ? '\r\n' : '\n';
  }

  /** The splices of one edit, with the file's line breaks. */
  build(edit: SidecarEdit): TextSplice[] {
    const splices = this.plan(edit);
    return this.lineBreak === '\n' ? splices : splices.map((s) => ({ ...s, text: s.text.replace(/\r?\n/g, this.lineBreak) }));
  }

  private plan(edit: SidecarEdit): TextSplice[] {
    switch (edit.kind) {
      case 'setAnchor': {
        const entry = this.entry('annotations', edit.annotationId);
        const { quote, prefix, suffix, start } = edit.selector;
        return [
          ...this.setField(entry, 'quote', quote),
          ...this.setField(entry, 'prefix', prefix),
          ...this.setField(entry, 'suffix', suffix),
          ...this.setField(entry, 'start', start),
        ];
      }
      case 'addAnnotation': {
        this.requireFree('annotations', edit.id);
        const { file, quote, prefix, suffix, start, note, tags, actors } = edit.annotation;
        return this.addEntry('annotations', edit.id, dropUndefined({ file, quote, prefix, suffix, start, note, tags: nonEmpty(tags), actors: nonEmpty(actors) }));
      }
      case 'deleteAnnotation':
        return this.deleteAnnotation(edit.id);
      case 'setAnnotationNote':
        return this.setField(this.entry('annotations', edit.id), 'note', edit.note);
      case 'setAnnotationReview':
        return this.setField(this.entry('annotations', edit.id), 'review', edit.review);
      case 'addLink': {
        const entry = this.entry('annotations', edit.from);
        if (!this.index.annotations.has(edit.to)) this.entry('annotations', edit.to);
        const links = this.field(entry, 'links');
        const link = { to: edit.to, type: edit.type };
        if (isSeq(links)) return this.appendItem(links, link);
        return this.setField(entry, 'links', [link]);
      }
      case 'addActor': {
        this.requireFree('actors', edit.id);
        const { name, kind, aliases, note } = edit.actor;
        return this.addEntry('actors', edit.id, dropUndefined({ name, kind, aliases, note }));
      }
      case 'addAlias': {
        const entry = this.entry('actors', edit.actorId);
        const aliases = this.field(entry, 'aliases');
        if (isSeq(aliases)) {
          if (aliases.items.some((item) => isScalar(item) && item.value === edit.alias)) return [];
          return this.appendItem(aliases, edit.alias);
        }
        return this.setField(entry, 'aliases', [edit.alias]);
      }
      case 'renameActor':
        return this.renameActor(edit.from, edit.to);
      case 'ignoreSuggestion': {
        const ignored = this.field(this.root, 'ignoreSuggestions');
        if (isSeq(ignored)) {
          if (ignored.items.some((item) => isScalar(item) && item.value === edit.phrase)) return [];
          return this.appendItem(ignored, edit.phrase);
        }
        return this.setField(this.root, 'ignoreSuggestions', [edit.phrase]);
      }
    }
  }

  // ── lookups ──

  private section(name: string): Pair | undefined {
    return this.root.items.find((pair) => isScalar(pair.key) && pair.key.value === name);
  }

  private entryPair(sectionName: string, id: string): Pair | undefined {
    const section = this.section(sectionName)?.value;
    if (!isMap(section)) return undefined;
    return section.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === id);
  }

  private entry(sectionName: string, id: string): YAMLMap {
    const value = this.entryPair(sectionName, id)?.value;
    if (!isMap(value)) throw new SidecarEditError(`no ${sectionName.replace(/s$/, '')} "${id}" in the sidecar`);
    return value;
  }

  private requireFree(sectionName: EditableSection, id: string): void {
    if (this.index[sectionName].has(id) || this.entryPair(sectionName, id)) throw new SidecarEditError(`${sectionName.replace(/s$/, '')} id "${id}" is already taken`);
  }

  private field(map: YAMLMap, key: string): Node | undefined {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    return (pair?.value as Node | null) ?? undefined;
  }

  // ── splices ──

  /** Sets `key` in a mapping: replaces the value in place, or adds a `key: value` line. */
  private setField(map: YAMLMap, key: string, value: unknown): TextSplice[] {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair) {
      const node = pair.value as Node | null;
      if (isScalar(node) && node.value === value) return [];
      if (isScalar(node) && node.source !== '' && typeof value !== 'object') return [this.replaceScalar(node, value)];
      return [this.replacePair(pair, key, value)];
    }
    return [this.insertPair(map, key, value)];
  }

  private replaceScalar(node: Scalar, value: unknown): TextSplice {
    const start = node.range![0];
    // A block scalar's range ends after its last line break: that break stays, or the next key would join this line.
    let end = node.range![1];
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return { start, end, text: this.inlineValue(value, this.columnOf(start)) };
  }

  /** Rewrites one `key: value` pair where it stands (its own line or lines). */
  private replacePair(pair: Pair, key: string, value: unknown): TextSplice {
    const keyNode = pair.key as Node;
    const start = keyNode.range![0];
    let end = ((pair.value as Node | null)?.range ?? keyNode.range!)[1];
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    const column = this.columnOf(start);
    return { start, end, text: indentAfterFirst(renderPair(key, value), column) };
  }

  /** Adds `key: value` as the last pair of a block mapping. */
  private insertPair(map: YAMLMap, key: string, value: unknown): TextSplice {
    if (map.flow || map.items.length === 0) {
      const owner = this.ownerPair(map);
      const merged = { ...(map.toJSON() as Record<string, unknown>), [key]: value };
      return this.replacePair(owner, String((owner.key as Scalar).value), merged);
    }
    const column = this.columnOf((map.items[0].key as Node).range![0]);
    const at = this.afterLastLine(map);
    return { start: at.offset, end: at.offset, text: at.needsBreak + indentAll(renderPair(key, value), column) };
  }

  private addEntry(sectionName: string, id: string, value: Record<string, unknown>): TextSplice[] {
    const section = this.section(sectionName);
    if (section === undefined) {
      const needsBreak = this.text.length > 0 && !this.text.endsWith('\n') ? '\n' : '';
      return [{ start: this.text.length, end: this.text.length, text: needsBreak + renderPair(sectionName, { [id]: value }) + '\n' }];
    }
    const map = section.value;
    if (isMap(map) && !map.flow && map.items.length > 0) return [this.insertPair(map, id, value)];
    const existing = isMap(map) ? (map.toJSON() as Record<string, unknown>) : {};
    return [this.replacePair(section, sectionName, { ...existing, [id]: value })];
  }

  private deleteAnnotation(id: string): TextSplice[] {
    const pair = this.entryPair('annotations', id);
    if (!pair) throw new SidecarEditError(`no annotation "${id}" in the sidecar`);
    const section = this.section('annotations')!.value as YAMLMap;
    const splices: TextSplice[] = [];
    if (section.flow) {
      const rest = (section.toJSON() as Record<string, unknown>);
      delete rest[id];
      splices.push(this.replacePair(this.section('annotations')!, 'annotations', rest));
    } else {
      const start = this.lineStartOf((pair.key as Node).range![0]);
      splices.push({ start, end: this.afterLastLine(pair.value as Node).offset, text: '' });
    }
    // Links and evidence that pointed at it would dangle: take them out too.
    for (const other of section.items) {
      if (other === pair || !isMap(other.value)) continue;
      const links = this.field(other.value, 'links');
      if (isSeq(links) && links.items.some((l) => linkTarget(l) === id)) {
        const owner = other.value.items.find((p) => p.value === links)!;
        const kept = (links.toJSON() as unknown[]).filter((_, i) => linkTarget(links.items[i]) !== id);
        splices.push(this.replacePair(owner, 'links', kept.length > 0 ? kept : []));
      }
    }
    const relations = this.section('relations')?.value;
    if (isSeq(relations)) {
      for (const relation of relations.items) {
        if (!isMap(relation)) continue;
        const evidence = this.field(relation, 'evidence');
        if (isSeq(evidence) && evidence.items.some((e) => isScalar(e) && e.value === id)) {
          const owner = relation.items.find((p) => p.value === evidence)!;
          splices.push(this.replacePair(owner, 'evidence', (evidence.toJSON() as unknown[]).filter((e) => e !== id)));
        }
      }
    }
    return splices;
  }

  private renameActor(from: string, to: string): TextSplice[] {
    const pair = this.entryPair('actors', from);
    if (!pair) throw new SidecarEditError(`no actor "${from}" in the sidecar`);
    if (from === to) return [];
    this.requireFree('actors', to);
    const splices = [this.replaceScalar(pair.key as Scalar, to)];
    const renameIn = (node: unknown): void => {
      if (isScalar(node) && node.value === from) splices.push(this.replaceScalar(node, to));
    };
    const actors = this.section('actors')?.value;
    if (isMap(actors)) for (const p of actors.items) if (isMap(p.value)) renameIn(this.field(p.value, 'memberOf'));
    const annotations = this.section('annotations')?.value;
    if (isMap(annotations)) {
      for (const p of annotations.items) {
        const list = isMap(p.value) ? this.field(p.value, 'actors') : undefined;
        if (isSeq(list)) list.items.forEach(renameIn);
        else renameIn(list);
      }
    }
    const relations = this.section('relations')?.value;
    if (isSeq(relations)) {
      for (const relation of relations.items) {
        if (isMap(relation)) {
          renameIn(this.field(relation, 'from'));
          renameIn(this.field(relation, 'to'));
        }
      }
    }
    return splices;
  }

  /** Appends to a sequence: a new `- item` line in block style, the list rewritten in flow style. */
  private appendItem(seq: YAMLSeq, value: unknown): TextSplice[] {
    if (seq.flow || seq.items.length === 0) {
      const owner = this.ownerPair(seq);
      const items = [...(seq.toJSON() as unknown[]), value];
      return [this.replacePair(owner, String((owner.key as Scalar).value), seq.items.length === 0 && !isPlainList(items) ? items : flowList(items))];
    }
    const firstItem = seq.items[0] as Node;
    const dash = this.text.lastIndexOf('-', firstItem.range![0]);
    const column = this.columnOf(dash);
    const at = this.afterLastLine(seq);
    const rendered = new Document([value]).toString(RENDER).replace(/\n$/, '');
    return [{ start: at.offset, end: at.offset, text: at.needsBreak + indentAll(rendered, column) }];
  }

  /** The pair in the document whose value is `node`. */
  private ownerPair(node: Node): Pair {
    let found: Pair | undefined;
    const search = (map: unknown): void => {
      if (found) return;
      if (isMap(map)) {
        for (const p of map.items) {
          if (p.value === node) found = p;
          else search(p.value);
        }
      } else if (isSeq(map)) map.items.forEach(search);
    };
    search(this.root);
    if (!found) throw new SidecarEditError('internal: node has no owner');
    return found;
  }

  // ── text positions ──

  private lineStartOf(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  private columnOf(offset: number): number {
    return offset - this.lineStartOf(offset);
  }

  /** The start of the line after the last line of a node. */
  private afterLastLine(node: Node): { offset: number; needsBreak: string } {
    let end = node.range![1];
    // A node's range may end after its own trailing comment: keep that comment on its line.
    if (end > 0 && this.text[end - 1] === '\n') return { offset: end, needsBreak: '' };
    const newline = this.text.indexOf('\n', end);
    if (newline === -1) return { offset: this.text.length, needsBreak: '\n' };
    end = newline + 1;
    return { offset: end, needsBreak: '' };
  }

  private inlineValue(value: unknown, column: number): string {
    const rendered = renderPair('v', value);
    return indentAfterFirst(rendered.replace(/^v: ?/, ''), column);
  }
}

function linkTarget(item: unknown): unknown {
  if (isScalar(item)) return item.value;
  if (isMap(item)) return (item.get('to', true) as Scalar | undefined)?.value;
  return undefined;
}
