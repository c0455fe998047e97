/**
 * The shape of names in running text, for suggestions: runs of capitalised words, and the
 * segments of a run that can stand as a name once sentence-initial words, titles and numbered
 * designations are taken off ("On Friday" → "Friday", "Foreign Minister Ilse Marrow of Aldmark" →
 * "Ilse Marrow", "Pier No. 7" → nothing). No recogniser here: plain text rules, cheap and
 * predictable; the recogniser's word tags refine them where given.
 */

/** Lower-case words that join the words of one name ("Bank of England", "Ursula von …"). */
export const CONNECTORS = new Set(['of', 'for', 'de', 'del', 'la', 'al', 'bin', 'von', 'van']);

/** Capitalised word, acronym with dots (U.S., U.N.) or all-caps acronym. */
const NAME_WORD = /(?:\p{Lu}\.){2,}|\p{Lu}[\p{L}\p{M}\p{N}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*/uy;

export const CALENDAR_WORDS = new Set([
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
]);

/**
 * Closed-class words (articles, prepositions, pronouns, conjunctions, sentence adverbs) that are
 * capitalised only because a sentence or a headline starts with them: never the first word of a name.
 */
const FUNCTION_WORDS = new Set(`The A An In On At By For From With Without Within Under Over After Before During Since Until
  Unless If When Whenever While Whereas Although Though Because As Among Amid Between Despite Following Through Into Onto Upon
  Against Toward Towards Across Along Around Beyond Near Outside Inside Of To And Or But Nor Yet So Her His Its Their Our My Your
  This That These Those Several Some Many Most Few All Both Each Every Either Neither No Not Any Another Other Such According
  Later Earlier Meanwhile Moreover However Also Then Now There Here Thus Still Even Only Just It He She They We You Who Whom
  Whose What Which Where Why How Yesterday Today Tomorrow Last Next Like Unlike Per Via Once Twice I Instead Indeed Furthermore
  Nevertheless Nonetheless Therefore Hence Besides Overall Finally Currently Recently Previously Already Notably Similarly
  Additionally Perhaps Yes`.split(/\s+/));

/** Words that make a title before a name ("Foreign Minister Ilse Marrow", "President Hu"). */
const TITLES = new Set(`President Vice-President Minister Premier Chancellor Secretary Secretary-General Ambassador Senator
  Governor Mayor Chairman Chairwoman Chairperson Director Commissioner Spokesman Spokeswoman Spokesperson Leader King Queen
  Prince Princess Emperor Empress Pope Sheikh Emir Sultan Dr Doctor Professor Prof Mr Mrs Ms Miss Sir Dame Lord Lady Gen Admiral
  Colonel Col Captain Capt Lieutenant Sergeant Marshal Judge Rev Reverend Bishop Cardinal Rep Sen Gov Envoy Delegate Minister-President`.split(/\s+/));

/** Words that only say what kind of title follows ("Prime", "Foreign", "Deputy"). */
const TITLE_MODIFIERS = new Set(`Prime Foreign Defense Defence Interior Finance Trade Economy Home State Vice Deputy First Acting
  Former Chief Senior Assistant Associate Executive Special Supreme Grand Crown General`.split(/\s+/));

/** Capitalised adjectives that describe rather than name, whatever follows them. */
const DESCRIPTIVE_WORDS = new Set(`Western Eastern Northern Southern Northeastern Northwestern Southeastern Southwestern Central Soviet
  Communist Socialist Islamist Nationalist`.split(/\s+/));

export interface NameWord {
  text: string;
  start: number;
  end: number;
}

export interface NameRun {
  start: number;
  end: number;
  words: NameWord[];
}

/** A stretch of a run that may stand as a name on its own. */
export interface NameSegment {
  phrase: string;
  start: number;
  end: number;
  words: NameWord[];
  /** A title stood before it: it names a person. */
  titled: boolean;
  /** It opens a sentence (or a line), so its first word's capital says nothing. */
  sentenceStart: boolean;
}

/** What a recogniser said about the word that starts at an offset (its tags), if anything. */
export type WordTags = (start: number) => ReadonlySet<string> | undefined;

/** Runs of capitalised words (with "of", "de"… between them) — the shape of most names. */
export function nameRuns(text: string): NameRun[] {
  const runs: NameRun[] = [];
  let i = 0;
  while (i < text.length) {
    NAME_WORD.lastIndex = i;
    const first = isWordBoundary(text, i) ? NAME_WORD.exec(text) : null;
    if (!first) {
      i++;
      continue;
    }
    const words: NameWord[] = [nameWord(first[0], i)];
    let end = i + first[0].length;
    // A possessive ends a name: "China’s Jilin province" holds two.
    while (words[words.length - 1].end === end) {
      const gap = /^ (?:(\p{Ll}+) )?/u.exec(text.slice(end, end + 8));
      if (!gap || (gap[1] !== undefined && !CONNECTORS.has(gap[1]))) break;
      NAME_WORD.lastIndex = end + gap[0].length;
      const next = NAME_WORD.exec(text);
      if (!next) break;
      if (gap[1] !== undefined) words.push({ text: gap[1], start: end + 1, end: end + 1 + gap[1].length });
      words.push(nameWord(next[0], next.index));
      end = NAME_WORD.lastIndex;
    }
    runs.push({ start: i, end: words[words.length - 1].end, words });
    i = end;
  }
  return runs;
}

/**
 * The parts of a run that may be a name. Leading function words go ("The Serin Accord"), a title
 * and whatever precedes it go ("Russian President Vladimir Putin" → "Vladimir Putin"), and a
 * titled name ends at its first connector ("Ilse Marrow of Aldmark"). A run that opens a sentence
 * with a common word (one also written in lower case) is dropped whole: "Blue" of "Blue Nets" may
 * be an adjective there. A run followed by a number is a designation ("Pier No. 7", "Brief No. 7")
 * and is dropped whole: any part of it would be a fragment. So is a run with a word run into digits
 * ("Harris2024", a citation's author and year).
 */
export function nameSegments(text: string, run: NameRun, isCommonWord: (lower: string) => boolean, tags: WordTags = () => undefined): NameSegment[] {
  if (/^(?:\.\s?|\s)\p{N}/u.test(text.slice(run.end, run.end + 3))) return [];
  if (run.words.some((w) => /\p{L}{3}\p{N}{2}/u.test(w.text))) return [];
  const atSentenceStart = isSentenceStart(text, run.start);
  let words = run.words;
  let first = 0;
  while (first < words.length && (CONNECTORS.has(words[first].text) || FUNCTION_WORDS.has(words[first].text))) first++;
  if (first === 0 && atSentenceStart && words.length > 1 && isCommonWord(words[0].text.toLowerCase())) return [];
  words = words.slice(first);
  let titled = false;
  // The last title that has a name after it: "Serin Commission Chairman Ada Ston" → "Ada Ston".
  for (let i = words.length - 2; i >= 0; i--) {
    if (!isTitle(words[i], tags)) continue;
    // "Secretary of State …", "Director of …": the title runs on, and where it ends is unknowable.
    if (CONNECTORS.has(words[i + 1].text)) return [];
    words = words.slice(i + 1);
    titled = true;
    break;
  }
  // A title with no name after it ("Assistant Professor", "the Prime Minister") names no one.
  while (words.length > 0 && (isTitle(words[words.length - 1], tags) || TITLE_MODIFIERS.has(words[words.length - 1].text) || CONNECTORS.has(words[words.length - 1].text))) {
    words = words.slice(0, -1);
  }
  if (words.length > 0 && words.every((w) => TITLE_MODIFIERS.has(w.text) || isTitle(w, tags))) return [];
  if (titled) {
    const connector = words.findIndex((w) => CONNECTORS.has(w.text));
    if (connector > 0) words = words.slice(0, connector);
  }
  if (words.length === 0) return [];
  const start = words[0].start;
  const end = words[words.length - 1].end;
  return [{
    phrase: words.map((w) => w.text).join(' '),
    start,
    end,
    words,
    titled,
    sentenceStart: atSentenceStart && start === run.start,
  }];
}

function isTitle(word: NameWord, tags: WordTags): boolean {
  return TITLES.has(word.text) || (tags(word.start)?.has('Honorific') ?? false);
}

/** A calendar word or a sentence-opening function word: never a name on its own. */
export function isNeverAName(word: string): boolean {
  return CALENDAR_WORDS.has(word) || FUNCTION_WORDS.has(word) || TITLES.has(word) || TITLE_MODIFIERS.has(word);
}

/**
 * A word that describes (a demonym or an adjective of place) rather than names: one of a few known
 * adjectives ("Western", "Soviet"), or a name with a demonym ending whose stem begins another known
 * name ("Velsanian" of "Velsany", "Russian" of "Russia", "Omani" of "Oman"). `knownNames` are folded
 * (see {@link foldName}).
 */
export function isDemonymOf(word: string, knownNames: ReadonlySet<string>): boolean {
  if (DESCRIPTIVE_WORDS.has(word)) return true;
  const folded = foldName(word);
  for (const suffix of ['ian', 'ean', 'ese', 'ish', 'an', 'ic', 'i', 'n', 'ern']) {
    if (!folded.endsWith(suffix)) continue;
    const stem = folded.slice(0, -suffix.length);
    if (stem.length < 4) continue;
    for (const name of knownNames) {
      if (name.length < folded.length && name.startsWith(stem) && name.length - stem.length <= 2) return true;
    }
  }
  return false;
}

/** Where a sentence, a line or a quotation begins: a capital there says nothing. */
export function isSentenceStart(text: string, offset: number): boolean {
  return /(?:^|[.!?:;"“(\n])[\s"“]*$/u.test(text.slice(Math.max(0, offset - 4), offset));
}

function isWordBoundary(text: string, offset: number): boolean {
  return offset === 0 || !/[\p{L}\p{N}\p{M}]/u.test(text[offset - 1]);
}

/** A word of a name, without a possessive ending ("Putin’s" → "Putin"). */
function nameWord(text: string, start: number): NameWord {
  const bare = text.replace(/['’]s$/u, '');
  return { text: bare, start, end: start + bare.length };
}

/** Case, accents, spaces, hyphens, dots and apostrophes do not make a name different. */
export function foldName(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[\s\-‐‑–.’']+/gu, '');
}

/** Written in capitals throughout ("PORT HALLOWAY"), as datelines and headlines shout. */
export function isAllCaps(phrase: string): boolean {
  return /\p{Lu}{2}/u.test(phrase) && !/\p{Ll}/u.test(phrase.replace(/\b(?:of|for|de|del|la|al|bin|von|van)\b/g, ''));
}
