/**
 * compromise's named-entity recogniser, loaded on first use: people, places (countries as states)
 * and organisations, and the word tags (noun, verb, demonym, honorific…) suggestions refine their
 * rules with.
 */
import type Recogniser from 'compromise';
import { ActorKind } from './model';

/** A named entity the recogniser found, trimmed of punctuation and possessive endings. */
export interface NamedEntity {
  text: string;
  kind: ActorKind;
  start: number;
  end: number;
}

/** What the recogniser makes of a text. */
export interface Recognised {
  /** People, places (countries as states) and organisations. */
  entities: NamedEntity[];
  /** The recogniser's tags of the word starting at each offset ("Noun", "Verb", "Demonym", "Honorific"…). */
  tags: Map<number, ReadonlySet<string>>;
}

interface CompromiseMatch {
  text: string;
  offset: { start: number; length: number };
}

interface CompromiseTerm {
  tags: ReadonlySet<string>;
  offset?: { start: number };
}

let recogniser: typeof Recogniser | undefined;

/** compromise builds its lexicon as it loads (about 150 ms): load it on first use, never at activation. */
function nlp(text: string): ReturnType<typeof Recogniser> {
  if (!recogniser) {
    // Its CommonJS build is the function itself; bundled as ES module it is the default export.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require('compromise') as typeof Recogniser | { default: typeof Recogniser };
    recogniser = typeof loaded === 'function' ? loaded : loaded.default;
  }
  return recogniser(text);
}

/** Runs compromise's recogniser over a text. */
export function recognise(text: string): Recognised {
  // Possessives split a name in two for the recogniser ("Sarah Collins’s" → Sarah, Collins): blank
  // them out, keeping every offset.
  const doc = nlp(text.replace(/(?<=\p{L})['’]s\b/gu, '  '));
  const matches = (view: { json(options: object): unknown }): CompromiseMatch[] => view.json({ offset: true, terms: false }) as CompromiseMatch[];
  const countries = new Set(matches(doc.match('#Country+')).map((m) => m.offset.start));
  const entities: NamedEntity[] = [];
  const add = (list: CompromiseMatch[], kind: (match: CompromiseMatch) => ActorKind): void => {
    for (const match of list) {
      const entity = trimEntity(text, match.offset.start, match.offset.start + match.offset.length);
      if (entity) entities.push({ ...entity, kind: kind(match) });
    }
  };
  add(matches(doc.people()), () => 'person');
  add(matches(doc.places()), (m) => (countries.has(m.offset.start) ? 'state' : 'place'));
  add(matches(doc.organizations()), () => 'organization');
  // The parsed terms themselves: asking for them as JSON costs more than the parse.
  doc.compute('offset');
  const tags = new Map<number, ReadonlySet<string>>();
  for (const sentence of (doc as unknown as { document: CompromiseTerm[][] }).document) {
    // A term's offset is where its first letter is, after any opening quote or bracket.
    for (const term of sentence) if (term.offset) tags.set(term.offset.start, term.tags);
  }
  return { entities: entities.sort((a, b) => a.start - b.start), tags };
}

/** People, places (countries as states) and organisations, by compromise's recogniser. */
export function namedEntities(text: string): NamedEntity[] {
  return recognise(text).entities;
}

function trimEntity(text: string, start: number, end: number): { text: string; start: number; end: number } | undefined {
  // The recogniser can stop inside a hyphenated word ("Kim Jong-" of "Kim Jong-un"): finish the word.
  const rest = /^(?:[-‐'’]?[\p{L}\p{M}\p{N}])+/u.exec(text.slice(end, end + 40));
  if (rest && /[\p{L}\p{M}\p{N}\-‐]$/u.test(text.slice(start, end))) end += rest[0].length;
  let slice = text.slice(start, end);
  const leading = /^[\s"“‘'(]+/u.exec(slice)?.[0].length ?? 0;
  slice = slice.slice(leading);
  // An acronym keeps its last dot ("U.N."); other trailing punctuation and a possessive go.
  const acronym = /(?:\p{Lu}\.){2,}$/u.exec(slice.replace(/[\s,;:!?"”’')\]]+$/u, ''));
  slice = acronym ? slice.slice(0, acronym.index + acronym[0].length) : slice.replace(/(?:['’]s)?[\s.,;:!?"”’')\]-]*$/u, '');
  if (!/\p{Lu}/u.test(slice)) return undefined;
  return { text: slice, start: start + leading, end: start + leading + slice.length };
}
