/**
 * What text one edit changes: the splices at the source ranges of the YAML nodes it touches, with
 * every new value from the one renderer (`render.ts`). Flow collections get flow text, block ones
 * block lines; comments and blank lines around what changes stay where they are.
 */
import { isMap, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { MarginaliaIndex, OffsetRange } from '../model';
import { OwnedSplice, SidecarEdit, SidecarEditError } from './edits';
import { EditableSection, lastLineEnd } from './read';
import { dropUndefined, indentAll, nonEmpty, renderBlockItem, renderFlow, renderPair, renderScalar, renderString, YamlValue } from './render';

/** A text replacement `[start, end)` → `text`. */
export type TextSplice = Omit<OwnedSplice, 'owner'>;

/** The line break a text uses: its first one (a sidecar is CRLF or LF throughout). */
function lineBreakOf(text: string): string {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}

/** An empty value: `key:` with nothing (or only a comment) after it. */
function isEmptyValue(node: Node | null | undefined): boolean {
  return node == null || (isScalar(node) && node.value == null && node.source === '' && node.range![0] === node.range![1]);
}

function isBlockScalar(node: Scalar): boolean {
  return node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
}

/** Plans the text splices of one edit on a parsed root (the document's, or one entry's stand-in). */
export class SpliceBuilder {
  protected readonly lineBreak: string;

  /** `root` is the document's, or a stand-in holding only the entry an edit writes in. */
  constructor(
    protected readonly text: string,
    protected readonly root: YAMLMap,
    private readonly index: MarginaliaIndex,
  ) {
    this.lineBreak = lineBreakOf(text);
  }

  /** The splices of one edit, with the file's line breaks. */
  build(edit: SidecarEdit): TextSplice[] {
    const splices = this.plan(edit);
    // Rendered values never hold a raw line break (they are escaped), so every `\n` here is a new line.
    return this.lineBreak === '\n' ? splices : splices.map((s) => ({ ...s, text: s.text.replace(/\n/g, this.lineBreak) }));
  }

  private plan(edit: SidecarEdit): TextSplice[] {
    switch (edit.kind) {
      case 'setAnchor': {
        const entry = this.entry('annotations', edit.annotationId);
        const { quote, prefix, suffix, start } = edit.selector;
        const fields = Object.entries({ quote, prefix, suffix, start });
        // Fields already there first: a value filled in at the very end of the file (`suffix:` with
        // no line break after it) must come before the new lines of missing fields at that point.
        const present = fields.filter(([key]) => this.pairOf(entry, key));
        return [...present, ...fields.filter((field) => !present.includes(field))].flatMap(([key, value]) => this.setField(entry, key, value));
      }
      case 'addAnnotation': {
        this.requireFree('annotations', edit.id);
        const { file, quote, prefix, suffix, start, note, tags, actors, author, created } = edit.annotation;
        return this.addEntry('annotations', edit.id, dropUndefined({ file, quote, prefix, suffix, start, note, tags: nonEmpty(tags), actors: nonEmpty(actors), author, created }));
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
        const link = { to: edit.to, type: edit.type };
        const links = this.field(entry, 'links');
        return isSeq(links) ? this.appendItem(links, link) : this.setField(entry, 'links', [link]);
      }
      case 'addActor': {
        this.requireFree('actors', edit.id);
        const { name, kind, aliases, note } = edit.actor;
        return this.addEntry('actors', edit.id, dropUndefined({ name, kind, aliases, note }));
      }
      case 'addAlias':
        return this.addToList(this.entry('actors', edit.actorId), 'aliases', edit.alias);
      case 'renameActor':
        return this.renameActor(edit.from, edit.to);
      case 'ignoreSuggestion':
        return this.addToList(this.root, 'ignoreSuggestions', edit.phrase);
    }
  }

  // ── lookups ──

  protected section(name: string): Pair | undefined {
    return this.root.items.find((pair) => isScalar(pair.key) && pair.key.value === name);
  }

  protected entryPair(sectionName: string, id: string): Pair | undefined {
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

  protected pairOf(map: YAMLMap, key: string): Pair | undefined {
    return map.items.find((p) => isScalar(p.key) && p.key.value === key);
  }

  private field(map: YAMLMap, key: string): Node | undefined {
    return (this.pairOf(map, key)?.value as Node | null) ?? undefined;
  }

  // ── splices ──

  /** Sets `key` in a mapping: its value replaced where it stands, or a new `key: value`. */
  protected setField(map: YAMLMap, key: string, value: YamlValue): TextSplice[] {
    const pair = this.pairOf(map, key);
    if (!pair) return [this.insertPair(map, key, value)];
    const node = pair.value as Node | null;
    if (isScalar(node) && !isEmptyValue(node) && node.value === value) return [];
    return this.replaceValue(pair, value);
  }

  /** Adds `item` to the list under `key` (written as a list, a single value, or not yet at all) unless it is there. */
  private addToList(map: YAMLMap, key: string, item: string): TextSplice[] {
    const node = this.field(map, key);
    if (isSeq(node)) return node.items.some((i) => isScalar(i) && i.value === item) ? [] : this.appendItem(node, item);
    // `aliases: Putin` is read as a list of one: keep that one.
    if (isScalar(node) && node.value != null && typeof node.value !== 'object') {
      return String(node.value) === item ? [] : this.setField(map, key, [String(node.value), item]);
    }
    return this.setField(map, key, [item]);
  }

  /**
   * Replaces the value of a pair where it stands, on one line: a scalar in place (its trailing
   * comment, or a block scalar's header comment, kept), an empty value after its colon, a
   * collection by the new value in flow style.
   */
  protected replaceValue(pair: Pair, value: YamlValue): TextSplice[] {
    const node = pair.value as Node | null;
    const inline = renderFlow(value);
    if (isEmptyValue(node)) {
      const at = node?.range ? node.range[0] : this.afterColon(pair);
      const before = this.text[at - 1] === ':' ? ' ' : '';
      const after = this.text[at] === '#' ? ' ' : '';
      return [{ start: at, end: at, text: before + inline + after }];
    }
    const [start, valueEnd] = node!.range!;
    if (isScalar(node) && isBlockScalar(node)) {
      // The range runs over the header (`| # comment`) and the content's final line break; keep both.
      const headerEnd = this.lineEnd(start);
      const comment = /\s(#.*)$/.exec(this.text.slice(start, headerEnd))?.[1];
      let end = valueEnd;
      while (end > headerEnd && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
      return [{ start, end, text: inline + (comment ? ` ${comment}` : '') }];
    }
    if ((isMap(node) || isSeq(node)) && !node.flow) {
      // A block collection starts on the line after the key: the value goes after the colon, its lines go.
      const colon = this.afterColon(pair);
      return [
        { start: colon, end: colon, text: ` ${inline}` },
        { start: this.lineStartOf(start), end: this.afterLastLine(node).offset, text: '' },
      ];
    }
    return [{ start, end: valueEnd, text: inline }];
  }

  /** Adds `key: value` as the last pair of a mapping. */
  protected insertPair(map: YAMLMap, key: string, value: YamlValue, step = 2): TextSplice {
    if (map.flow) return this.appendFlowItem(map, `${renderString(key)}: ${renderFlow(value)}`);
    const last = map.items[map.items.length - 1];
    const column = this.columnOf((map.items[0].key as Node).range![0]);
    const at = this.afterLastLine((last.value as Node | null) ?? (last.key as Node));
    return { start: at.offset, end: at.offset, text: at.needsBreak + indentAll(renderPair(key, value, step), column) };
  }

  /** Appends to a sequence: a new `- item` line in block style, `, item` in flow style. */
  protected appendItem(seq: YAMLSeq, value: YamlValue): TextSplice[] {
    if (seq.flow) return [this.appendFlowItem(seq, renderFlow(value))];
    const last = seq.items[seq.items.length - 1] as Node;
    const column = this.columnOf(this.dashOf(seq.items[0] as Node));
    const at = this.afterLastLine(last);
    return [{ start: at.offset, end: at.offset, text: at.needsBreak + indentAll(renderBlockItem(value), column) }];
  }

  /** `, item` after the last item of a flow collection, or `item` inside an empty one. */
  private appendFlowItem(collection: YAMLMap | YAMLSeq, rendered: string): TextSplice {
    if (collection.items.length === 0) {
      const open = collection.range![0] + 1;
      return { start: open, end: open, text: rendered };
    }
    const end = this.itemRange(collection.items[collection.items.length - 1]).end;
    return { start: end, end, text: `, ${rendered}` };
  }

  private addEntry(sectionName: string, id: string, value: { [key: string]: YamlValue }): TextSplice[] {
    const section = this.section(sectionName);
    if (section === undefined) {
      const needsBreak = this.text.length > 0 && !this.text.endsWith('\n') ? '\n' : '';
      return [{ start: this.text.length, end: this.text.length, text: needsBreak + renderPair(sectionName, { [id]: value }) + '\n' }];
    }
    const map = section.value as Node | null;
    if (isMap(map) && map.flow && map.items.length === 0) {
      const firstEntry = this.firstEntryInEmptyFlowMap(section, map, id, value);
      if (firstEntry) return firstEntry;
    }
    if (isMap(map) && (map.flow || map.items.length > 0)) return [this.insertPair(map, id, value, this.stepOf(map))];
    if (isEmptyValue(map)) {
      // `annotations:` with no entries yet (perhaps a comment): the entry goes on the next lines.
      const at = this.afterLastLine(section.key as Node);
      const column = this.columnOf((section.key as Node).range![0]) + 2;
      return [{ start: at.offset, end: at.offset, text: at.needsBreak + indentAll(renderPair(id, value), column) }];
    }
    if (isScalar(map) && map.value == null) return this.replaceValue(section, { [id]: value });
    throw new SidecarEditError(`"${sectionName}" in the sidecar is not a mapping keyed by id`);
  }

  /**
   * `annotations: {}` on the key's line (a starter's, or what deleting the last entry leaves): the
   * first entry turns it into a block section, one entry per line as the rest of the file, instead
   * of growing a one-line flow mapping. Undefined when the braces are elsewhere or hold a comment.
   */
  private firstEntryInEmptyFlowMap(section: Pair, map: YAMLMap, id: string, value: { [key: string]: YamlValue }): TextSplice[] | undefined {
    const key = section.key as Node;
    const [open, close] = [map.range![0], map.range![1]];
    const between = this.text.slice(key.range![1], open);
    if (!/^:[ \t]*$/.test(between) || this.text.slice(open, close).replace(/\s/g, '') !== '{}') return undefined;
    const at = this.afterLastLine(key);
    const column = this.columnOf(key.range![0]) + 2;
    // The braces go, with the spaces before them unless a comment follows on the line.
    const commentFollows = /^[ \t]*#/.test(this.text.slice(close, this.lineEnd(close)));
    const removeFrom = commentFollows ? open : key.range![1] + 1;
    return [
      { start: removeFrom, end: close, text: '' },
      { start: at.offset, end: at.offset, text: at.needsBreak + indentAll(renderPair(id, value), column) },
    ];
  }

  /** How far a section's entries indent their fields (2 unless its first entry says otherwise). */
  protected stepOf(section: YAMLMap): number {
    const first = section.items[0];
    const value = first?.value;
    if (!isMap(value) || value.flow || value.items.length === 0) return 2;
    const step = this.columnOf((value.items[0].key as Node).range![0]) - this.columnOf((first.key as Node).range![0]);
    return step > 0 ? step : 2;
  }

  private deleteAnnotation(id: string): TextSplice[] {
    const pair = this.entryPair('annotations', id);
    if (!pair) throw new SidecarEditError(`no annotation "${id}" in the sidecar`);
    const sectionPair = this.section('annotations')!;
    const section = sectionPair.value as YAMLMap;
    const splices = this.removePair(section, pair);
    if (section.items.length === 1 && !section.flow) {
      // The section is left without entries: it stays a mapping, `annotations: {}`.
      const colon = this.afterColon(sectionPair);
      splices.push({ start: colon, end: colon, text: ' {}' });
    }
    // Links and evidence that pointed at it would dangle: take them out too, and a list they leave empty.
    for (const other of section.items) {
      if (other === pair || !isMap(other.value)) continue;
      splices.push(...this.removeFromList(other.value, 'links', (item) => linkTarget(item) === id));
    }
    const relations = this.section('relations')?.value;
    if (isSeq(relations)) {
      for (const relation of relations.items) {
        if (isMap(relation)) splices.push(...this.removeFromList(relation, 'evidence', (item) => isScalar(item) && item.value === id));
      }
    }
    return splices;
  }

  /** Removes the items of the list under `key` that `remove` picks; a list left empty goes with its key. */
  private removeFromList(map: YAMLMap, key: string, remove: (item: unknown) => boolean): TextSplice[] {
    const pair = this.pairOf(map, key);
    const list = pair?.value;
    if (!pair || !isSeq(list)) return [];
    const removed = list.items.filter(remove);
    if (removed.length === 0) return [];
    if (removed.length === list.items.length) return this.removePair(map, pair);
    if (!list.flow) return removed.flatMap((item) => this.removeItem(item as Node));
    // In flow style each removed item goes up to the next item; a run of removed items at the end
    // goes from the end of the last kept one, taking its comma.
    const items = list.items as Node[];
    let lastKept = items.length - 1;
    while (removed.includes(items[lastKept])) lastKept--;
    const splices: TextSplice[] = items
      .slice(0, lastKept)
      .flatMap((item, i) => (removed.includes(item) ? [{ start: this.itemRange(item).start, end: this.itemRange(items[i + 1]).start, text: '' }] : []));
    if (lastKept < items.length - 1) splices.push({ start: this.itemRange(items[lastKept]).end, end: this.itemRange(items[items.length - 1]).end, text: '' });
    return splices;
  }

  /** Removes one `key: value` pair: its lines in block style, `key: value` and a comma in flow style. */
  protected removePair(map: YAMLMap, pair: Pair): TextSplice[] {
    if (map.flow) return [this.removeFlowItem(map, pair)];
    const keyStart = (pair.key as Node).range![0];
    const lineStart = this.lineStartOf(keyStart);
    const end = this.afterLastLine((pair.value as Node | null) ?? (pair.key as Node)).offset;
    if (/^[ \t]*$/.test(this.text.slice(lineStart, keyStart))) return [{ start: lineStart, end, text: '' }];
    // The first pair of a list item (`- evidence: […]`): the next pair moves up after the dash,
    // unless comments stand between them; then the dash stays alone on its line, before them.
    const next = map.items[map.items.indexOf(pair) + 1];
    if (!next) return this.replaceValue(pair, []);
    const nextKey = (next.key as Node).range![0];
    if (/^\s*$/.test(this.text.slice(end, nextKey))) return [{ start: keyStart, end: nextKey, text: '' }];
    const dash = this.text.lastIndexOf('-', keyStart);
    return [{ start: dash + 1, end: end - (this.text[end - 2] === '\r' ? 2 : 1), text: '' }];
  }

  /** Removes an item of a block list: its lines. */
  protected removeItem(item: Node): TextSplice[] {
    const dash = this.dashOf(item);
    const lineStart = this.lineStartOf(dash);
    if (!/^[ \t]*$/.test(this.text.slice(lineStart, dash))) throw new SidecarEditError('cannot remove a list item that shares its line with another');
    return [{ start: lineStart, end: this.afterLastLine(item).offset, text: '' }];
  }

  /** Removes an item of a flow collection with the comma before it (or after it, for the first). */
  private removeFlowItem(collection: YAMLMap | YAMLSeq, item: unknown): TextSplice {
    const items = collection.items as unknown[];
    const i = items.indexOf(item);
    const { start, end } = this.itemRange(item);
    if (i > 0) return { start: this.itemRange(items[i - 1]).end, end, text: '' };
    if (items.length > 1) return { start, end: this.itemRange(items[1]).start, text: '' };
    return { start, end, text: '' };
  }

  /** Where an item of a collection stands: a pair from its key to its value's end, or a node. */
  private itemRange(item: unknown): OffsetRange {
    if (item instanceof Pair) {
      const key = item.key as Node;
      const value = item.value as Node | null;
      return { start: key.range![0], end: value?.range ? Math.max(value.range[1], key.range![1]) : key.range![1] };
    }
    const range = (item as Node).range!;
    return { start: range[0], end: range[1] };
  }

  private renameActor(from: string, to: string): TextSplice[] {
    const pair = this.entryPair('actors', from);
    if (!pair) throw new SidecarEditError(`no actor "${from}" in the sidecar`);
    if (from === to) return [];
    this.requireFree('actors', to);
    const splices = [this.replaceScalar(pair.key as Scalar, renderString(to))];
    const renameIn = (node: unknown): void => {
      if (isScalar(node) && node.value === from) splices.push(this.replaceScalar(node, renderScalar(to)));
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

  /** A scalar (a key, or an item) replaced by `rendered`, which is one line. */
  private replaceScalar(node: Scalar, rendered: string): TextSplice {
    if (isBlockScalar(node)) throw new SidecarEditError('cannot rename inside a block scalar');
    return { start: node.range![0], end: node.range![1], text: rendered };
  }

  // ── text positions ──

  protected lineStartOf(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** The offset of the line break (or the end of the text) after `offset`. */
  private lineEnd(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    if (newline === -1) return this.text.length;
    return this.text[newline - 1] === '\r' ? newline - 1 : newline;
  }

  protected columnOf(offset: number): number {
    return offset - this.lineStartOf(offset);
  }

  /** The `-` of a block list item. */
  private dashOf(item: Node): number {
    const dash = this.text.lastIndexOf('-', item.range![0]);
    if (dash === -1) throw new SidecarEditError('internal: a list item without its dash');
    return dash;
  }

  /** Just after the `:` that follows a pair's key. */
  protected afterColon(pair: Pair): number {
    const keyEnd = (pair.key as Node).range![1];
    const colon = this.text.indexOf(':', keyEnd);
    if (colon === -1 || !/^[ \t]*$/.test(this.text.slice(keyEnd, colon))) throw new SidecarEditError('internal: a key without its colon');
    return colon + 1;
  }

  /** The start of the line after the last line of a node. */
  protected afterLastLine(node: Node): { offset: number; needsBreak: string } {
    const newline = this.text.indexOf('\n', lastLineEnd(node, this.text));
    return newline === -1 ? { offset: this.text.length, needsBreak: '\n' } : { offset: newline + 1, needsBreak: '' };
  }
}

function linkTarget(item: unknown): unknown {
  if (isScalar(item)) return item.value;
  if (isMap(item)) return (item.get('to', true) as Scalar | undefined)?.value;
  return undefined;
}
