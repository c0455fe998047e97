/**
 * The text operations of a merge, on one side's sidecar text: where an entry's (or a top-level
 * key's) lines are, and the splices that replace, remove or append whole entries or set and remove
 * one field. Built on the writer's `SpliceBuilder`, so a field is written exactly as an edit would
 * write it (its trailing comment kept, the value from the one renderer).
 */
import { isMap, isScalar, Node, Pair, YAMLMap } from 'yaml';
import { MarginaliaIndex, OffsetRange } from '../model';
import { SidecarEditError } from './edits';
import { PlainValue } from './intent';
import { indentAll, renderPair, YamlValue } from './render';
import { SpliceBuilder, TextSplice } from './splices';

/** One entry of a section (`section` set) or one top-level key (`section` undefined). */
export interface MergeUnit {
  section?: string;
  id: string;
}

export class MergeSplices extends SpliceBuilder {
  /** Each section's entries by id: a merge looks up every entry of three sidecars, often. */
  private readonly entries = new Map<string, Map<string, Pair>>();

  constructor(text: string, root: YAMLMap, index: MarginaliaIndex) {
    super(text, root, index);
  }

  /** As `SpliceBuilder.entryPair` (the first entry with that id), from a map built once per section. */
  protected override entryPair(sectionName: string, id: string): Pair | undefined {
    let byId = this.entries.get(sectionName);
    if (!byId) {
      byId = new Map();
      const section = this.section(sectionName)?.value;
      if (isMap(section)) {
        for (const pair of section.items) {
          if (!isScalar(pair.key)) continue;
          const key = String(pair.key.value);
          if (!byId.has(key)) byId.set(key, pair);
        }
      }
      this.entries.set(sectionName, byId);
    }
    return byId.get(id);
  }

  /** The pair of a unit in this text. */
  unitPair(unit: MergeUnit): Pair | undefined {
    if (unit.section === undefined) return this.section(unit.id);
    return this.entryPair(unit.section, unit.id);
  }

  /** The whole lines a unit occupies, when its key begins its line (block style). */
  extentOf(unit: MergeUnit): OffsetRange | undefined {
    const pair = this.unitPair(unit);
    if (!pair) return undefined;
    // An entry of a flow section may begin its line, but its lines are not its own (the braces are the section's).
    if (unit.section !== undefined && (this.section(unit.section)?.value as YAMLMap).flow) return undefined;
    const keyStart = (pair.key as Node).range![0];
    const start = this.lineStartOf(keyStart);
    if (!/^[ \t]*$/.test(this.text.slice(start, keyStart))) return undefined;
    return { start, end: this.afterLastLine((pair.value as Node | null) ?? (pair.key as Node)).offset };
  }

  /** The unit's lines with LF line breaks, its key moved to column 0 (for comparing and moving between texts). */
  linesOf(unit: MergeUnit): string | undefined {
    const extent = this.extentOf(unit);
    if (!extent) return undefined;
    const lines = this.text.slice(extent.start, extent.end).replace(/\r\n/g, '\n');
    const column = this.columnOf((this.unitPair(unit)!.key as Node).range![0]);
    return shiftLines(lines, -column) ?? undefined;
  }

  /**
   * The comment lines right above a unit's key (no blank line between, indented at least as far as
   * the key), LF, moved as `linesOf` moves the unit: what a reviewer wrote about that entry.
   */
  leadingCommentsOf(unit: MergeUnit): string[] {
    const extent = this.extentOf(unit);
    if (!extent) return [];
    const column = this.columnOf((this.unitPair(unit)!.key as Node).range![0]);
    const comments: string[] = [];
    for (let start = extent.start; start > 0; ) {
      const previous = this.lineStartOf(start - 1);
      const line = this.text.slice(previous, start).replace(/\r?\n$/, '');
      const indent = line.length - line.trimStart().length;
      if (!line.trimStart().startsWith('#') || indent < column) break;
      comments.unshift(line.slice(column));
      start = previous;
    }
    return comments;
  }

  /** The column where a section's entries (or top-level keys) begin in this text. */
  columnFor(section: string | undefined): number {
    if (section === undefined) return 0;
    const map = this.section(section)?.value;
    if (isMap(map) && !map.flow && map.items.length > 0) return this.columnOf((map.items[0].key as Node).range![0]);
    return 2;
  }

  /** Lines (LF, key at column 0) indented for `unit`'s place here, with this text's line breaks. */
  placed(unit: MergeUnit, lines: string): string | undefined {
    const shifted = shiftLines(lines, this.columnFor(unit.section));
    return shifted === undefined ? undefined : this.withLineBreaks(shifted);
  }

  /** `id: value` rendered as new lines for `unit`'s place here. */
  rendered(unit: MergeUnit, value: PlainValue): string {
    const map = unit.section === undefined ? undefined : this.section(unit.section)?.value;
    const step = isMap(map) && map.items.length > 0 ? this.stepOf(map) : 2;
    return this.withLineBreaks(indentAll(renderPair(unit.id, value as YamlValue, step), this.columnFor(unit.section)));
  }

  /** Replaces a unit's lines; undefined when they are not whole lines. */
  replace(unit: MergeUnit, lines: string): TextSplice[] | undefined {
    const extent = this.extentOf(unit);
    return extent && [{ start: extent.start, end: extent.end, text: lines }];
  }

  /** Sets a unit's value in place (rendered, on one line after its key). */
  setValue(unit: MergeUnit, value: PlainValue): TextSplice[] {
    const pair = this.unitPair(unit)!;
    return this.withBreaks(this.replaceValue(pair, value as YamlValue));
  }

  /** Removes a unit: its lines in block style, the pair and a comma in flow style. */
  remove(unit: MergeUnit): TextSplice[] {
    const pair = this.unitPair(unit);
    if (!pair) throw new SidecarEditError(`internal: no ${describeUnit(unit)} to remove`);
    const container = unit.section === undefined ? this.root : (this.section(unit.section)!.value as YAMLMap);
    return this.withBreaks(this.removePair(container, pair));
  }

  /**
   * Adds units at the end of their section (or of the file, for top-level keys), in the order
   * given: `lines` already placed for this text, or `undefined` to render `value`.
   */
  append(section: string | undefined, units: { id: string; lines?: string; value: PlainValue }[]): TextSplice[] {
    if (units.length === 0) return [];
    const render = (unit: { id: string; lines?: string; value: PlainValue }): string => unit.lines ?? this.rendered({ section, id: unit.id }, unit.value);
    const endOfText = (): TextSplice[] => {
      const needsBreak = this.text.length > 0 && !this.text.endsWith('\n') ? this.lineBreak : '';
      return [{ start: this.text.length, end: this.text.length, text: needsBreak + units.map(render).join('') }];
    };
    if (section === undefined) return endOfText();
    const pair = this.section(section);
    if (!pair) {
      const needsBreak = this.text.length > 0 && !this.text.endsWith('\n') ? this.lineBreak : '';
      const header = `${section}:${this.lineBreak}`;
      return [{ start: this.text.length, end: this.text.length, text: needsBreak + header + units.map(render).join('') }];
    }
    const map = pair.value as Node | null;
    if (isMap(map) && !map.flow && map.items.length > 0) {
      const last = map.items[map.items.length - 1];
      const at = this.afterLastLine((last.value as Node | null) ?? (last.key as Node));
      return [{ start: at.offset, end: at.offset, text: (at.needsBreak ? this.lineBreak : '') + units.map(render).join('') }];
    }
    const empty = map === null || (isMap(map) && map.items.length === 0) || (!isMap(map) && (map as { value?: unknown }).value == null);
    if (!empty) {
      // A flow section with entries: each goes in as a pair of it, rendered.
      return units.flatMap((unit) => this.withBreaks([this.insertPair(map as YAMLMap, unit.id, unit.value as YamlValue)]));
    }
    // `annotations:` or `annotations: {}` with no entries: the entries go on the lines after the key.
    const key = pair.key as Node;
    const splices: TextSplice[] = [];
    // `{}` goes; the spaces and any comment after it stay on the key's line.
    if (isMap(map)) splices.push({ start: map.range![0], end: this.text.indexOf('}', map.range![0]) + 1, text: '' });
    const at = this.afterLastLine(map ?? key);
    splices.push({ start: at.offset, end: at.offset, text: (at.needsBreak ? this.lineBreak : '') + units.map(render).join('') });
    return splices;
  }

  /** Sets one field of an entry that is a mapping (its trailing comment kept). */
  setEntryField(unit: MergeUnit, key: string, value: PlainValue): TextSplice[] {
    return this.withBreaks(this.setField(this.entryMap(unit), key, value as YamlValue));
  }

  /** Removes one field of an entry that is a mapping. */
  removeEntryField(unit: MergeUnit, key: string): TextSplice[] {
    const map = this.entryMap(unit);
    const pair = this.pairOf(map, key);
    return pair ? this.withBreaks(this.removePair(map, pair)) : [];
  }

  /** Whether the unit's value here is a mapping in flow style (`{…}`). */
  isFlowMap(unit: MergeUnit): boolean {
    const value = this.unitPair(unit)?.value;
    return isMap(value) && Boolean(value.flow);
  }

  /** Whether the unit's value here is a mapping, so its fields can be set one by one. */
  isMapEntry(unit: MergeUnit): boolean {
    return isMap(this.unitPair(unit)?.value);
  }

  private entryMap(unit: MergeUnit): YAMLMap {
    const value = this.unitPair(unit)?.value;
    if (!isMap(value)) throw new SidecarEditError(`internal: ${describeUnit(unit)} is not a mapping`);
    return value;
  }

  private withLineBreaks(text: string): string {
    return this.lineBreak === '\n' ? text : text.replace(/\n/g, this.lineBreak);
  }

  private withBreaks(splices: TextSplice[]): TextSplice[] {
    return splices.map((s) => ({ ...s, text: this.withLineBreaks(s.text) }));
  }
}

/** Moves every non-blank line by `by` columns; undefined when a line has too little indentation to move left. */
export function shiftLines(lines: string, by: number): string | undefined {
  if (by === 0) return lines;
  const out: string[] = [];
  for (const line of lines.split('\n')) {
    if (line.trim() === '') out.push(line);
    else if (by > 0) out.push(' '.repeat(by) + line);
    else if (/^ *$/.test(line.slice(0, -by))) out.push(line.slice(-by));
    else return undefined;
  }
  return out.join('\n');
}

export function describeUnit(unit: MergeUnit): string {
  if (unit.section === undefined) return `"${unit.id}"`;
  const kind = unit.section === 'documents' ? 'document' : unit.section.replace(/s$/, '');
  return `${kind} "${unit.id}"`;
}
