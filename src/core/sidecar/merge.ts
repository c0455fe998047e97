/**
 * The three-way merge of `marginalia.yaml` behind `marginalia merge` (git's merge driver). What
 * merges how is decided on plain data (`mergeModel.ts`); the text is OURS's, with THEIRS's changes
 * spliced in (`mergeSplices.ts`): an entry taken whole from THEIRS keeps THEIRS's lines, an entry
 * changed on both sides gets only the fields THEIRS changed, every other line stays byte for byte.
 * The result is proven before anyone writes it: read back by the second reader it is the merged
 * model, and no comment outside the merged entries is gone (`verifyMergedText`). A conflict is
 * written as git's markers around the one entry (or top-level key) it is in; each side of the
 * markers holds that entry with every other change merged, so either choice loses nothing else.
 */
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { YAMLMap } from 'yaml';
import { emptyIndex, OffsetRange } from '../model';
import { PlainMap, PlainValue } from './intent';
import { isPlainMap, KEYED_SECTIONS, MergedValue, mergeValue, samePlain } from './mergeModel';
import { describeUnit, MergeSplices, MergeUnit } from './mergeSplices';
import { ParsedSidecar, parseSidecar, SIDECAR_FILE_NAME } from './read';
import { TextSplice } from './splices';
import { SidecarVerificationError, verifyMergedText } from './verify';

export type MergeSide = 'base' | 'ours' | 'theirs';

/** A sidecar given to the merge cannot be read: nothing was merged. `offset` is into its BOM-free text. */
export class MergeInputError extends Error {
  constructor(readonly side: MergeSide, readonly text: string, readonly offset: number, readonly reason: string) {
    super(`${side}: ${reason}`);
  }
}

/** One entry (or top-level key) changed differently on both sides. */
export interface MergeConflict {
  unit: MergeUnit;
  /** The fields in conflict, as paths below the entry (empty when the whole entry is: deleted on one side). */
  fields: string[];
  /** For people: `annotation "n1": note, review`. */
  description: string;
}

export interface SidecarMergeResult {
  /** The merged text (BOM-free), with conflict markers when there are conflicts. */
  text: string;
  conflicts: MergeConflict[];
}

export const CONFLICT_MARKERS = { ours: '<<<<<<< ours', separator: '=======', theirs: '>>>>>>> theirs' } as const;

interface Side {
  text: string;
  plain: PlainMap;
  builder: MergeSplices;
  parsed?: ParsedSidecar;
}

/**
 * Merges three sidecar texts (BOM-free or not). Throws `MergeInputError` when one cannot be read
 * (an empty BASE is an empty sidecar: both sides added the file), and `SidecarVerificationError`
 * when the merged text would not read back as the merge means.
 */
export function mergeSidecars(base: string, ours: string, theirs: string, file = SIDECAR_FILE_NAME): SidecarMergeResult {
  const sides = { base: readSide(base, 'base', file), ours: readSide(ours, 'ours', file), theirs: readSide(theirs, 'theirs', file) };
  const plan = planMerge(sides);
  const oursParsed = sides.ours.parsed!;
  const resolvedText = applyInOrder(oursParsed.text, plan.splices);
  const resolved = parseSidecar(resolvedText, file);
  verifyMergedText(oursParsed, resolved, plan.expectedOurs, plan.touched, file);
  if (plan.conflicts.length === 0) return { text: resolvedText, conflicts: [] };
  return withConflictMarkers(resolved, sides.theirs, plan, file);
}

function readSide(raw: string, side: MergeSide, file: string): Side {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (side === 'base' && text.trim() === '') return { text, plain: {}, builder: new MergeSplices(text, new YAMLMap(), emptyIndex()) };
  const parsed = parseSidecar(text, file);
  const error = parsed.problems.find((p) => p.severity === 'error' && (parsed.invalid || p.code === 'duplicate-key' || p.code === 'duplicate-id'));
  if (error) throw new MergeInputError(side, text, error.range.start, error.message);
  let plain: PlainValue;
  try {
    plain = load(text, { schema: CORE_SCHEMA }) as PlainValue;
  } catch (e) {
    const mark = (e as YAMLException).mark as { position?: number } | undefined;
    throw new MergeInputError(side, text, mark?.position ?? 0, (e as Error).message.split('\n')[0]);
  }
  if (!isPlainMap(plain)) throw new MergeInputError(side, text, 0, 'the sidecar is not a mapping');
  return { text, plain, parsed, builder: new MergeSplices(text, parsed.document.contents as YAMLMap, parsed.index) };
}

interface PlannedConflict {
  unit: MergeUnit;
  merged: MergedValue;
}

interface MergePlan {
  splices: TextSplice[];
  expectedOurs: PlainMap;
  expectedTheirs: PlainMap;
  touched: OffsetRange[];
  conflicts: PlannedConflict[];
}

/** The sections merged entry by entry in these three sides: a section that is not a mapping anywhere is merged as one value. */
function keyedSections(sides: Record<MergeSide, Side>): string[] {
  return KEYED_SECTIONS.filter((section) => Object.values(sides).every((side) => {
    const value = side.plain[section];
    return value === undefined || value === null || isPlainMap(value);
  }));
}

function unitsOf(sides: Record<MergeSide, Side>, keyed: string[]): MergeUnit[] {
  const units: MergeUnit[] = [];
  const seen = new Set<string>();
  const add = (unit: MergeUnit): void => {
    const key = `${unit.section ?? ''}\0${unit.id}`;
    if (!seen.has(key)) units.push(unit);
    seen.add(key);
  };
  // OURS's order first (so splices are planned in text order), then what only THEIRS or BASE has.
  for (const side of [sides.ours, sides.theirs, sides.base]) {
    for (const key of Object.keys(side.plain)) {
      if (keyed.includes(key)) {
        const section = side.plain[key];
        if (isPlainMap(section)) for (const id of Object.keys(section)) add({ section: key, id });
      } else add({ id: key });
    }
  }
  return units;
}

function valueOf(side: Side, unit: MergeUnit): PlainValue | undefined {
  if (unit.section === undefined) return unit.id in side.plain ? side.plain[unit.id] : undefined;
  const section = side.plain[unit.section];
  return isPlainMap(section) && unit.id in section ? section[unit.id] : undefined;
}

function setUnit(model: PlainMap, unit: MergeUnit, value: PlainValue | undefined): void {
  if (unit.section === undefined) {
    if (value === undefined) delete model[unit.id];
    else model[unit.id] = value;
    return;
  }
  let section = model[unit.section];
  if (!isPlainMap(section)) {
    if (value === undefined) return;
    section = model[unit.section] = {};
  }
  if (value === undefined) delete section[unit.id];
  else section[unit.id] = value;
}

function clone(value: PlainMap): PlainMap {
  return JSON.parse(JSON.stringify(value)) as PlainMap;
}

function planMerge(sides: Record<MergeSide, Side>): MergePlan {
  const { base, ours, theirs } = sides;
  const keyed = keyedSections(sides);
  const expectedOurs = clone(ours.plain);
  const splices: TextSplice[] = [];
  const touched: OffsetRange[] = [];
  const conflicts: PlannedConflict[] = [];
  const appends = new Map<string | undefined, { id: string; lines?: string; value: PlainValue }[]>();
  const touch = (unit: MergeUnit): void => {
    const extent = ours.builder.extentOf(unit) ?? rangeOf(ours.builder, unit);
    if (extent) touched.push(extent);
  };

  const takeTheirs = (unit: MergeUnit, value: PlainValue | undefined): void => {
    setUnit(expectedOurs, unit, value);
    if (value === undefined) {
      touch(unit);
      splices.push(...ours.builder.remove(unit));
      return;
    }
    const lines = transplant(theirs, ours, unit, value);
    if (valueOf(ours, unit) === undefined) {
      const list = appends.get(unit.section) ?? [];
      list.push({ id: unit.id, lines, value });
      appends.set(unit.section, list);
      return;
    }
    touch(unit);
    splices.push(...(ours.builder.replace(unit, lines ?? ours.builder.rendered(unit, value)) ?? ours.builder.setValue(unit, value)));
  };

  /** Writes the merged value of a unit both sides changed: field by field where it is a mapping in OURS. */
  const writeMerged = (unit: MergeUnit, from: PlainValue | undefined, to: PlainValue | undefined): void => {
    setUnit(expectedOurs, unit, to);
    if (samePlain(from, to)) return;
    touch(unit);
    if (to === undefined) splices.push(...ours.builder.remove(unit));
    else if (from === undefined) takeTheirs(unit, to);
    else if (unit.section !== undefined && isPlainMap(from) && isPlainMap(to) && ours.builder.isMapEntry(unit)) splices.push(...fieldSplices(ours.builder, unit, from, to));
    else splices.push(...(ours.builder.replace(unit, ours.builder.rendered(unit, to)) ?? ours.builder.setValue(unit, to)));
  };

  for (const unit of unitsOf(sides, keyed)) {
    const [b, o, t] = [valueOf(base, unit), valueOf(ours, unit), valueOf(theirs, unit)];
    const changed = (side: Side, value: PlainValue | undefined): boolean => !samePlain(b, value) || (value !== undefined && side.builder.linesOf(unit) !== base.builder.linesOf(unit));
    if (!changed(theirs, t)) continue;
    if (!changed(ours, o)) {
      takeTheirs(unit, t);
      continue;
    }
    if (samePlain(o, t)) continue;
    const merged = mergeValue(b, o, t, unit.section === undefined ? [unit.id] : [unit.section, unit.id]);
    if (merged.conflicts.length > 0) conflicts.push({ unit, merged });
    writeMerged(unit, o, merged.ours);
  }

  // A section whose every entry goes stays a mapping: `annotations: {}`, as deleting the last one
  // leaves it. A section written in flow style (`{a: {…}, b: {…}}`) that gains or loses entries is
  // written again whole, in flow style: its entries' splices could meet at one comma.
  for (const section of keyed) {
    const before = ours.plain[section];
    const after = expectedOurs[section];
    const emptied = isPlainMap(before) && Object.keys(before).length > 0 && isPlainMap(after) && Object.keys(after).length === 0 && !appends.has(section);
    const unit = { id: section };
    const flow = ours.builder.isFlowMap(unit);
    const range = ours.builder.extentOf(unit) ?? rangeOf(ours.builder, unit);
    const within = (splice: TextSplice): boolean => range !== undefined && splice.start >= range.start && splice.end <= range.end;
    const hadEntries = isPlainMap(before) && Object.keys(before).length > 0;
    const rewrite = emptied || (flow && hadEntries && isPlainMap(after) && (appends.has(section) || Object.keys(before).some((id) => !(id in after))));
    if (!rewrite) continue;
    for (let i = splices.length - 1; i >= 0; i--) if (within(splices[i])) splices.splice(i, 1);
    appends.delete(section);
    if (range) touched.push(range);
    splices.push(...ours.builder.setValue(unit, emptied ? {} : after!));
  }
  // Appends last: an entry's new field and a section's new entry can be inserted at one point, the field first.
  // Sections OURS has get theirs at their ends; then the sections it lacks, at the end of the file.
  const inOurs = (section: string): boolean => ours.builder.unitPair({ id: section }) !== undefined;
  for (const section of [...keyed.filter(inOurs), ...keyed.filter((s) => !inOurs(s))]) splices.push(...ours.builder.append(section, appends.get(section) ?? []));
  splices.push(...ours.builder.append(undefined, appends.get(undefined) ?? []));

  const expectedTheirs = clone(expectedOurs);
  for (const { unit, merged } of conflicts) setUnit(expectedTheirs, unit, merged.theirs);
  return { splices, expectedOurs, expectedTheirs, touched, conflicts };
}

/** The text of a unit's pair when it is not on whole lines of its own. */
function rangeOf(builder: MergeSplices, unit: MergeUnit): OffsetRange | undefined {
  const pair = builder.unitPair(unit);
  const key = pair?.key as { range?: number[] } | undefined;
  const value = pair?.value as { range?: number[] } | null | undefined;
  if (!key?.range) return undefined;
  return { start: key.range[0], end: value?.range ? value.range[1] : key.range[1] };
}

/**
 * THEIRS's lines of a unit, placed for OURS — when they read back, alone, as exactly `value` —
 * with the comment lines THEIRS wrote right above it that OURS does not have.
 */
function transplant(from: Side, to: Side, unit: MergeUnit, value: PlainValue): string | undefined {
  const lines = from.builder.linesOf(unit);
  const known = new Set(to.text.split(/\r?\n/).map((line) => line.trim()));
  const comments = from.builder.leadingCommentsOf(unit).filter((line) => !known.has(line.trim()));
  const placed = lines === undefined ? undefined : to.builder.placed(unit, [...comments, lines.endsWith('\n') ? lines : `${lines}\n`].join('\n'));
  if (placed === undefined) return undefined;
  try {
    const read = load(placed, { schema: CORE_SCHEMA }) as PlainValue;
    return isPlainMap(read) && Object.keys(read).length === 1 && unit.id in read && samePlain(read[unit.id], value) ? placed : undefined;
  } catch {
    return undefined;
  }
}

/** The splices that turn an entry's fields `from` into `to`. */
function fieldSplices(builder: MergeSplices, unit: MergeUnit, from: PlainMap, to: PlainMap): TextSplice[] {
  const splices: TextSplice[] = [];
  for (const key of Object.keys(to)) if (!samePlain(from[key], to[key])) splices.push(...builder.setEntryField(unit, key, to[key]));
  for (const key of Object.keys(from)) if (!(key in to)) splices.push(...builder.removeEntryField(unit, key));
  return splices;
}

/**
 * Applies splices planned on one text. At one offset an insert comes before a replacement that
 * starts there: inserts are fields and entries added at the end of what comes before.
 */
function applyInOrder(text: string, splices: readonly TextSplice[]): string {
  const ordered = splices
    .map((splice, i) => ({ splice, i }))
    .sort((a, b) => a.splice.start - b.splice.start || Number(a.splice.end > a.splice.start) - Number(b.splice.end > b.splice.start) || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { splice } of ordered) {
    if (splice.start < at) throw new SidecarVerificationError(`internal: two changes of the merge overlap at offset ${splice.start}; nothing was written`);
    out += text.slice(at, splice.start) + splice.text;
    at = splice.end;
  }
  return out + text.slice(at);
}

function withLineBreak(text: string, lineBreak: string): string {
  return text === '' || text.endsWith('\n') ? text : text + lineBreak;
}

/**
 * The resolved text with each conflicting unit between markers: OURS's side as resolved, THEIRS's
 * side the same unit with THEIRS's values in the conflicting fields. Checked both ways: choosing
 * every OURS side gives the resolved text back, choosing every THEIRS side reads as THEIRS's model.
 */
function withConflictMarkers(resolved: ParsedSidecar, theirs: Side, plan: MergePlan, file: string): SidecarMergeResult {
  const text = resolved.text;
  const lineBreak = /\r\n/.test(text) ? '\r\n' : '\n';
  const builder = new MergeSplices(text, resolved.document.contents as YAMLMap, resolved.index);
  const blocks: TextSplice[] = [];
  const result: MergeConflict[] = [];
  const block = (oursSide: string, theirsSide: string): string =>
    `${CONFLICT_MARKERS.ours}${lineBreak}${withLineBreak(oursSide, lineBreak)}${CONFLICT_MARKERS.separator}${lineBreak}${withLineBreak(theirsSide, lineBreak)}${CONFLICT_MARKERS.theirs}${lineBreak}`;
  for (const { unit, merged } of plan.conflicts) {
    const inOurs = merged.ours !== undefined;
    const extent = inOurs ? builder.extentOf(unit) : undefined;
    if (inOurs && !extent) throw new SidecarVerificationError(`${file} was not written: ${describeUnit(unit)} conflicts but is not on lines of its own, so the conflict cannot be marked around it alone. Resolve it by hand; the file is as it was.`);
    let theirsSide = '';
    if (merged.theirs !== undefined) {
      if (extent && isPlainMap(merged.ours) && isPlainMap(merged.theirs) && unit.section !== undefined && builder.isMapEntry(unit)) {
        const inEntry = fieldSplices(builder, unit, merged.ours, merged.theirs).map((s) => ({ ...s, start: s.start - extent.start, end: s.end - extent.start }));
        theirsSide = applyInOrder(text.slice(extent.start, extent.end), inEntry);
      } else {
        theirsSide = transplant(theirs, { text, plain: {}, builder }, unit, merged.theirs) ?? builder.rendered(unit, merged.theirs);
      }
    }
    if (extent) blocks.push({ start: extent.start, end: extent.end, text: block(text.slice(extent.start, extent.end), theirsSide) });
    else {
      const insert = builder.append(unit.section, [{ id: unit.id, lines: theirsSide, value: merged.theirs! }]);
      if (insert.length !== 1 || insert[0].start !== insert[0].end || !insert[0].text.endsWith(theirsSide)) {
        throw new SidecarVerificationError(`${file} was not written: ${describeUnit(unit)} was deleted on one side and changed on the other, and its section has no place for the conflict. Resolve it by hand; the file is as it was.`);
      }
      const before = insert[0].text.slice(0, insert[0].text.length - theirsSide.length);
      blocks.push({ start: insert[0].start, end: insert[0].end, text: before + block('', theirsSide) });
    }
    const fields = merged.conflicts.map((path) => path.slice(unit.section === undefined ? 1 : 2).join('.')).filter((f) => f !== '');
    result.push({ unit, fields, description: `${describeUnit(unit)}: ${fields.length > 0 ? `${fields.join(', ')} changed differently on both sides` : 'deleted on one side, changed on the other'}` });
  }
  const marked = applyInOrder(text, blocks);
  // The markers hold each side whole: either choice is a sidecar that reads back as that side's merge.
  // (A conflicting last line without a line break gets one: the marker after it needs its own line.)
  const oursChoice = applyInOrder(text, blocks.map((b) => ({ ...b, text: withLineBreak(text.slice(b.start, b.end), lineBreak) })));
  if (resolveConflictMarkers(marked, 'ours') !== oursChoice) throw new SidecarVerificationError(`${file} was not written: choosing OURS in its conflicts would not give the merged text back. This is a bug in Marginalia; the file is as it was.`);
  const theirsChoice = parseSidecar(resolveConflictMarkers(marked, 'theirs'), file);
  // Choosing THEIRS's deletion of a section's last entry leaves `annotations:` with nothing, which
  // reads as the empty section it means.
  const expectedTheirs = clone(plan.expectedTheirs);
  const chosen = load(theirsChoice.text, { schema: CORE_SCHEMA }) as PlainMap | undefined;
  for (const section of KEYED_SECTIONS) {
    const value = expectedTheirs[section];
    if (isPlainMap(value) && Object.keys(value).length === 0 && isPlainMap(chosen) && chosen[section] === null) expectedTheirs[section] = null;
  }
  verifyMergedText(resolved, theirsChoice, expectedTheirs, blocks.map((b) => ({ start: b.start, end: b.end })), file);
  return { text: marked, conflicts: result };
}

/** The text with every conflict resolved to one side (lines between git's markers). */
export function resolveConflictMarkers(text: string, side: 'ours' | 'theirs'): string {
  let out = '';
  let state: 'outside' | 'ours' | 'theirs' = 'outside';
  for (const line of text.split(/(?<=\n)/)) {
    const bare = line.replace(/\r?\n$/, '');
    if (bare.startsWith('<<<<<<< ')) state = 'ours';
    else if (bare === CONFLICT_MARKERS.separator && state === 'ours') state = 'theirs';
    else if (bare.startsWith('>>>>>>> ') && state === 'theirs') state = 'outside';
    else if (state === 'outside' || state === side) out += line;
  }
  return out;
}

