/**
 * The merge on sidecars in every style people write (the writer's generators: flow and block
 * entries, block scalars, comments everywhere, CRLF, BOM, no final line break), each branch edited
 * by Marginalia's writer. The merge proves each result itself; this checks it never refuses one it
 * should write, and that a side which changed nothing gives the other side.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { applySidecarEdits } from '../../src/core/sidecar/edit';
import { mergeSidecars, resolveConflictMarkers } from '../../src/core/sidecar/merge';
import { parseSidecar } from '../../src/core/sidecar/read';
import { SidecarVerificationError } from '../../src/core/sidecar/verify';
import { buildSidecar, EditSpec, editSpecArb, sidecarArb } from './sidecarGenerators';
import { resolveEdit } from './sidecarOracle';

/** A branch: the base with the edits that fit it, each saved by Marginalia's writer. */
function branch(text: string, specs: EditSpec[]): string {
  let parsed = parseSidecar(text);
  for (const spec of specs) {
    try {
      parsed = applySidecarEdits(parsed, [resolveEdit(spec, load(parsed.text) as Record<string, unknown>)]);
    } catch {
      // An edit that does not fit this sidecar (a missing or taken id): a reviewer could not make it.
    }
  }
  return parsed.text;
}

/** The sidecar as read: a section written with nothing (`annotations:`), or not at all, is the empty section `{}`. */
function asRead(text: string): unknown {
  const doc = load(text) as Record<string, unknown>;
  for (const section of ['documents', 'actors', 'annotations']) doc[section] ??= {};
  return doc;
}

const editsArb = fc.array(editSpecArb, { maxLength: 6 });
export const styleCaseArb = fc.tuple(sidecarArb, editsArb, editsArb);

export function checkStyleCase([raw, oursEdits, theirsEdits]: [Parameters<typeof buildSidecar>[0], EditSpec[], EditSpec[]]): void {
  const base = buildSidecar(raw).text;
  const parsed = parseSidecar(base);
  fc.pre(!parsed.invalid && !parsed.problems.some((p) => p.code === 'duplicate-key' || p.code === 'duplicate-id'));
  const [ours, theirs] = [branch(base, oursEdits), branch(base, theirsEdits)];
  const texts = `\nbase: ${JSON.stringify(base)}\nours: ${JSON.stringify(ours)}\ntheirs: ${JSON.stringify(theirs)}`;
  let merged;
  try {
    merged = mergeSidecars(base, ours, theirs);
  } catch (error) {
    // The one refusal allowed: a conflict that cannot be marked around its entry alone.
    if (error instanceof SidecarVerificationError && /not on lines of its own|has no place for the conflict/.test(error.message)) return;
    throw new Error(`${(error as Error).message}${texts}`);
  }
  const all = `${texts}\nmerged: ${JSON.stringify(merged.text)}`;
  if (ours === base) assert.deepStrictEqual(asRead(merged.text), asRead(theirs), `OURS changed nothing: THEIRS${all}`);
  if (theirs === base) assert.equal(merged.text, ours, `THEIRS changed nothing: OURS, byte for byte${all}`);
  for (const side of ['ours', 'theirs'] as const) {
    if (merged.conflicts.length > 0) assert.equal(parseSidecar(resolveConflictMarkers(merged.text, side)).invalid, false, `choosing ${side}${all}`);
  }
}
