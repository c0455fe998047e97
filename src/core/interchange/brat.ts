/**
 * brat standoff (https://brat.nlplab.org/standoff.html) for NLP pipelines: for each article a
 * `.txt` and beside it an `.ann` with
 * - `T` text-bound entities: each actor mention (type = the actor's kind: `Person`, `State`…) and
 *   each anchored annotation (type `Annotation`);
 * - `#` `AnnotatorNotes` on them: the actor's name and id; the annotation's id, note, tags and the
 *   links brat cannot draw (to a passage of another article);
 * - `R` relations: links between two annotations of the same article (type = the link type), and
 *   actor relations between the mentions nearest to each evidence passage;
 * plus an `annotation.conf` declaring those types, so brat opens the folder without complaints.
 *
 * Offsets: brat counts characters — Unicode code points — of the `.txt` as it reads it. brat
 * reads with Python's universal newlines in some versions (CRLF is one character) and without in
 * others (two), and keeps a BOM as a character. So the `.txt` written here is the article's text
 * with the BOM removed and every CRLF or lone CR written as LF: on it every version counts the same.
 * A span that crosses a line break is written as brat writes one, as fragments (`0 5;6 9`).
 */
import { CorpusIndex } from '../corpus';
import { ACTOR_KINDS, ActorKind, OffsetRange } from '../model';
import { ActorMention } from '../mentions';

/** One file of the export, relative to the folder it is written in. */
export interface BratFile {
  path: string;
  text: string;
}

/** The first line of the `annotation.conf` this export writes: how a folder is known to be one of its exports. */
export const BRAT_CONF_HEADER = '# brat configuration written by Marginalia (export --format brat)';

/** The `.txt` (and `.ann`) name of an article: `a.txt` stays, `a.article` becomes `a.article.txt`. */
export function bratTextPath(articlePath: string): string {
  return articlePath.toLowerCase().endsWith('.txt') ? articlePath : `${articlePath}.txt`;
}

/** Every article as a `.txt` with its `.ann`, and the `annotation.conf`. */
export function exportBrat(corpus: CorpusIndex): BratFile[] {
  const files: BratFile[] = [];
  const linkTypes = new Set<string>();
  const relationTypes = new Set<string>();
  for (const path of corpus.articlePaths()) {
    const article = corpus.article(path)!;
    const normal = normalizeForBrat(article.text);
    const ann = new AnnWriter(normal);
    const mentionIds = new Map<ActorMention, string>();
    for (const mention of article.mentions) {
      const actor = corpus.index.actors.get(mention.actorId);
      if (!actor) continue;
      const t = ann.textBound(bratKind(actor.kind), mention);
      mentionIds.set(mention, t);
      ann.note(t, `${actor.name} (${actor.id})`);
    }
    const annotationIds = new Map<string, string>();
    const anchored = corpus.annotationsOf(path).filter(({ result }) => result.range !== undefined && result.range.end > result.range.start);
    for (const { annotation, result } of anchored) annotationIds.set(annotation.id, ann.textBound('Annotation', result.range!));
    for (const { annotation } of anchored) {
      const t = annotationIds.get(annotation.id)!;
      const parts = [annotation.id];
      if (annotation.note) parts.push(annotation.note);
      if (annotation.tags.length > 0) parts.push(`tags: ${annotation.tags.join(', ')}`);
      for (const link of annotation.links) {
        const to = annotationIds.get(link.to);
        if (to !== undefined) {
          ann.relation(link.type, t, to);
          linkTypes.add(link.type);
        } else parts.push(`${link.type}: ${link.to} (${corpus.placeOf(link.to) ?? 'not in the sidecar'})`);
      }
      ann.note(t, parts.join(' | '));
    }
    // An actor relation is drawn where its evidence is: between the mentions of its two actors nearest that passage.
    for (const relation of corpus.index.relations) {
      for (const evidence of relation.evidence) {
        const range = corpus.anchorOf(evidence)?.range;
        if (!range || corpus.index.annotations.get(evidence)?.file !== path) continue;
        const from = nearestMention(article.mentions, relation.from, range);
        const to = nearestMention(article.mentions, relation.to, range);
        if (!from || !to) continue;
        const type = bratType(relation.type);
        ann.relation(type, mentionIds.get(from)!, mentionIds.get(to)!);
        relationTypes.add(type);
      }
    }
    const base = bratTextPath(path);
    files.push({ path: base, text: normal.text }, { path: `${base.slice(0, -'.txt'.length)}.ann`, text: ann.text() });
  }
  files.push({ path: 'annotation.conf', text: bratConf(linkTypes, relationTypes) });
  return files;
}

function bratKind(kind: ActorKind): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

/** brat types have no spaces. */
function bratType(type: string): string {
  return type.trim().replace(/\s+/g, '_') || 'related';
}

function nearestMention(mentions: readonly ActorMention[], actorId: string, range: OffsetRange): ActorMention | undefined {
  let best: ActorMention | undefined;
  let bestDistance = Infinity;
  for (const mention of mentions) {
    if (mention.actorId !== actorId) continue;
    const distance = mention.end <= range.start ? range.start - mention.end : mention.start >= range.end ? mention.start - range.end : 0;
    if (distance < bestDistance) {
      best = mention;
      bestDistance = distance;
    }
  }
  return best;
}

function bratConf(linkTypes: Set<string>, relationTypes: Set<string>): string {
  const entities = [...ACTOR_KINDS.map(bratKind), 'Annotation'];
  const relations = [
    ...[...linkTypes].sort().map((type) => `${type}\tArg1:Annotation, Arg2:Annotation`),
    ...[...relationTypes].sort().map((type) => `${type}\tArg1:<ENTITY>, Arg2:<ENTITY>`),
  ];
  return `${BRAT_CONF_HEADER}\n[entities]\n${entities.join('\n')}\n\n[relations]\n${relations.join('\n')}\n\n[events]\n\n[attributes]\n`;
}

/** The text brat is given and, for each UTF-16 offset of the original, its offsets there. */
interface BratText {
  text: string;
  /** Original UTF-16 offset → UTF-16 offset in `text`. */
  toText: Int32Array;
  /** UTF-16 offset in `text` → code point offset in `text`. */
  toPoints: Int32Array;
}

/** Removes a BOM and writes every CRLF or lone CR as LF, keeping the offset maps. */
export function normalizeForBrat(original: string): BratText {
  const toText = new Int32Array(original.length + 1);
  let i = 0;
  if (original.charCodeAt(0) === 0xfeff) {
    toText[0] = 0;
    i = 1;
  }
  const pieces: string[] = [];
  let length = 0;
  for (; i < original.length; i++) {
    const code = original.charCodeAt(i);
    toText[i] = length;
    if (code === 13) {
      if (original.charCodeAt(i + 1) === 10) continue; // the LF that follows is written
      pieces.push('\n');
    } else pieces.push(original[i]);
    length++;
  }
  toText[original.length] = length;
  const out = pieces.join('');
  const toPoints = new Int32Array(out.length + 1);
  let points = 0;
  for (let j = 0; j < out.length; j++) {
    toPoints[j] = points;
    const code = out.charCodeAt(j);
    if (code >= 0xd800 && code <= 0xdbff && j + 1 < out.length) {
      toPoints[j + 1] = points;
      j++;
    }
    points++;
  }
  toPoints[out.length] = points;
  return { text: out, toText, toPoints };
}

/** Builds one `.ann` file. */
class AnnWriter {
  private readonly lines: string[] = [];
  private entities = 0;
  private notes = 0;
  private relations = 0;

  constructor(private readonly normal: BratText) {}

  /** Writes a `T` line for a range of the original text; returns its id. */
  textBound(type: string, range: OffsetRange): string {
    const start = this.normal.toText[range.start];
    const end = this.normal.toText[range.end];
    const fragments: [number, number][] = [];
    let from = start;
    for (let at = start; at <= end; at++) {
      if (at === end || this.normal.text.charCodeAt(at) === 10) {
        if (at > from) fragments.push([from, at]);
        from = at + 1;
      }
    }
    if (fragments.length === 0) fragments.push([start, end]);
    const id = `T${++this.entities}`;
    const offsets = fragments.map(([s, e]) => `${this.normal.toPoints[s]} ${this.normal.toPoints[e]}`).join(';');
    const text = fragments.map(([s, e]) => this.normal.text.slice(s, e)).join(' ');
    this.lines.push(`${id}\t${type} ${offsets}\t${text}`);
    return id;
  }

  note(target: string, text: string): void {
    this.lines.push(`#${++this.notes}\tAnnotatorNotes ${target}\t${text.replace(/[\r\n\t]+/g, ' ').trim()}`);
  }

  relation(type: string, arg1: string, arg2: string): void {
    this.lines.push(`R${++this.relations}\t${bratType(type)} Arg1:${arg1} Arg2:${arg2}`);
  }

  text(): string {
    return this.lines.map((line) => `${line}\n`).join('');
  }
}
