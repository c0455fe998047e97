/**
 * The labelled list `suggest` is measured against on the sample corpus (sample/): which candidates
 * an analyst wants offered, which are harmless, and which are traps. Precision counts every
 * suggestion that is neither expected nor acceptable as wrong, so a new kind of mistake lowers it
 * without being listed here; the unwanted lists name the traps and are checked one by one.
 */

/** One actor the analyst wants offered, under any of the ways it may be written. */
export interface ExpectedActor {
  name: string;
  forms: string[];
}

export interface SuggestLabels {
  /** Candidates (or alias variants, as `phrase → actor id`) that should be offered. */
  expected: ExpectedActor[];
  /** Real names that are not actors of the story (a byline, a newspaper): neither right nor wrong. */
  acceptable: string[];
  /** Phrases that must never be offered. */
  unwanted: string[];
}

const forms = (name: string, ...more: string[]): ExpectedActor => ({ name, forms: [name, ...more] });

/** Phrases no situation may offer: sentence openers, demonyms, titles, fragments, dateline capitals. */
const ALWAYS_UNWANTED = [
  'Velsanian', 'Her Velsanian', 'The Aldmark', 'The Serin Accord', 'The Serin Basin Commission', 'PORT HALLOWAY',
  'On Friday', 'Friday', 'Monday', 'Thursday', 'April', 'June', 'Several', 'Unless Korvath', 'By Dagný Þórsdóttir', 'By Mara Quill',
  'Halden Institute Policy Brief No', 'Halden Institute Policy Brief', 'Policy Brief No', 'Policy Brief', 'Brief No',
  'Minister Ilse Marrow', 'Foreign Minister Ilse Marrow', 'Ilse Marrow of Aldmark', 'Minister Zofia Łęcka', 'Foreign Minister',
  'Summary', 'Enforcement', 'Recommendations', 'Police', 'Organisers', 'Delegates', 'Outside', 'Fishers', 'Nets', 'Translated',
  'Editorial', 'If', 'In', 'The', 'Under', 'Without', 'According', 'Aldmark crowns',
];

/**
 * The sample with its own sidecar: every actor is known, so nothing is expected. The excluded
 * phrases ("Aldmark crowns", "Velsany Herald") and the alias words inside them are traps.
 */
export const SAMPLE_WITH_SIDECAR: SuggestLabels = {
  expected: [],
  acceptable: ['Mara Quill'],
  unwanted: [...ALWAYS_UNWANTED, 'Aldmark', 'Velsany', 'Velsany Herald', 'Rävsund', 'Aurelio Núñez'],
};

/** The sample with no actors in its sidecar — where `marginalia init` starts. */
export const SAMPLE_WITHOUT_ACTORS: SuggestLabels = {
  expected: [
    forms('Aldmark'), forms('Velsany'), forms('Korvath'), forms('Rävsund'),
    forms('Ilse Marrow'), forms('Zofia Łęcka'), forms('Dagný Þórsdóttir'), forms('Oren Tasker'),
    forms('Serin Basin Commission'), forms('Halden Institute'), forms('Tidewater Wire'), forms('Blue Nets', 'Blue Nets movement'),
    forms('Serin Strait'), forms('Port Halloway'), forms('Lake Mireva'), forms('Serin Accord'),
  ],
  // A byline, a newspaper (an actor's exclusion, but no actor is left to exclude it) and the
  // translator the sidecar ignores.
  acceptable: ['Mara Quill', 'Velsany Herald', 'Aurelio Núñez'],
  unwanted: ALWAYS_UNWANTED,
};

export interface Measured {
  precision: number;
  recall: number;
  /** Offered, but neither expected nor acceptable. */
  wrong: string[];
  /** Expected, but not offered. */
  missed: string[];
}

/** Precision and recall of what was offered against a labelled list (precision 1 when nothing counted was offered). */
export function measure(offered: readonly string[], labels: SuggestLabels): Measured {
  const expectedOf = (phrase: string): ExpectedActor | undefined => labels.expected.find((e) => e.forms.includes(phrase));
  const counted = offered.filter((phrase) => !labels.acceptable.includes(phrase));
  const wrong = counted.filter((phrase) => !expectedOf(phrase));
  const found = new Set(counted.map(expectedOf).filter((e) => e !== undefined));
  const missed = labels.expected.filter((e) => !found.has(e)).map((e) => e.name);
  return {
    precision: counted.length === 0 ? 1 : (counted.length - wrong.length) / counted.length,
    recall: labels.expected.length === 0 ? 1 : found.size / labels.expected.length,
    wrong,
    missed,
  };
}
