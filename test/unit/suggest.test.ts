import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { runCli } from '../../src/cli/main';
import { CorpusIndex } from '../../src/core/corpus';
import { isDemonymOf, nameRuns, nameSegments } from '../../src/core/names';
import { suggest, SuggestionCollector, Suggestions } from '../../src/core/suggest';
import { InMemoryCorpus } from '../../src/core/workspace';
import { measure, SAMPLE_WITH_SIDECAR, SAMPLE_WITHOUT_ACTORS, SuggestLabels } from './suggestLabels';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'sample');

/** The sample's articles, with its sidecar as written or with every actor taken out. */
function sampleFiles(withActors: boolean): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (prefix: string): void => {
    for (const entry of readdirSync(path.join(SAMPLE, prefix), { withFileTypes: true })) {
      const name = prefix + entry.name;
      if (entry.isDirectory()) walk(`${name}/`);
      else if (name.endsWith('.txt')) files[name] = readFileSync(path.join(SAMPLE, name), 'utf8');
    }
  };
  walk('');
  const sidecar = parseDocument(readFileSync(path.join(SAMPLE, 'marginalia.yaml'), 'utf8'));
  if (!withActors) {
    sidecar.delete('actors');
    sidecar.delete('relations');
  }
  files['marginalia.yaml'] = sidecar.toString();
  return files;
}

async function suggestOn(files: Record<string, string>, minCount?: number): Promise<Suggestions> {
  return suggest(await CorpusIndex.build(new InMemoryCorpus(files)), { minCount });
}

/** Every phrase offered: candidates, and variants as the phrase they would add. */
function offered(found: Suggestions): string[] {
  return [...found.candidates.map((c) => c.phrase), ...found.variants.map((v) => v.phrase)];
}

describe('suggest on the sample corpus, against its labelled list', () => {
  const situations: [string, boolean, SuggestLabels][] = [
    ['with its sidecar', true, SAMPLE_WITH_SIDECAR],
    ['with no actors (a starter sidecar)', false, SAMPLE_WITHOUT_ACTORS],
  ];
  for (const [name, withActors, labels] of situations) {
    for (const minCount of [1, 2]) {
      it(`${name}, --min-count ${minCount}: no trap is offered`, async () => {
        const phrases = offered(await suggestOn(sampleFiles(withActors), minCount));
        assert.deepEqual(phrases.filter((p) => labels.unwanted.includes(p)), []);
      });
    }
  }

  it('with its sidecar: nothing offered but a byline name (precision 1)', async () => {
    for (const minCount of [1, 2]) {
      const found = await suggestOn(sampleFiles(true), minCount);
      assert.deepEqual(found.variants, [], 'no alias variant: the excluded "Aldmark crowns" and "Velsany Herald" hold none');
      assert.deepEqual(measure(offered(found), SAMPLE_WITH_SIDECAR).wrong, []);
    }
  });

  // The numbers stated in README.md (`suggest`): keep them in step.
  const floors: [string, number | 'confident', number, number][] = [
    ['every candidate (--min-count 1)', 1, 1, 0.9],
    ['the default (--min-count 2)', 2, 1, 0.7],
    ['the confident ones (what init writes)', 'confident', 1, 0.65],
  ];
  for (const [what, minCount, precisionFloor, recallFloor] of floors) {
    it(`with no actors, ${what}: precision ≥ ${precisionFloor}, recall ≥ ${recallFloor}`, async () => {
      const found = await suggestOn(sampleFiles(false), minCount === 'confident' ? 1 : minCount);
      const phrases = minCount === 'confident' ? found.candidates.filter((c) => c.confident).map((c) => c.phrase) : offered(found);
      const { precision, recall, wrong, missed } = measure(phrases, SAMPLE_WITHOUT_ACTORS);
      assert.ok(precision >= precisionFloor, `precision ${precision.toFixed(2)}; wrong: ${wrong.join(', ')}`);
      assert.ok(recall >= recallFloor, `recall ${recall.toFixed(2)}; missed: ${missed.join(', ')}`);
    });
  }

  it('with no actors, the kinds the recogniser is sure of and the titles that make a person', async () => {
    const found = await suggestOn(sampleFiles(false), 1);
    const kinds = new Map(found.candidates.map((c) => [c.phrase, c.kind]));
    assert.equal(kinds.get('Ilse Marrow'), 'person', 'Foreign Minister Ilse Marrow: a title before a name');
    assert.equal(kinds.get('Zofia Łęcka'), 'person');
    assert.equal(kinds.get('Serin Basin Commission'), 'organization');
    const halloway = found.candidates.find((c) => c.phrase === 'Port Halloway')!;
    assert.equal(halloway.count, 7, 'the PORT HALLOWAY of the datelines counts for Port Halloway');
  });

  it('the CLI prints the labelled sample’s candidates with their confidence', async () => {
    let stdout = '';
    const code = await runCli(['suggest', 'sample', '--json'], { stdout: (t) => (stdout += t), stderr: () => undefined }, ROOT);
    assert.equal(code, 0);
    const { candidates } = JSON.parse(stdout) as Suggestions;
    assert.deepEqual(candidates.map((c) => [c.phrase, c.confident]), [['Mara Quill', true]]);
  });
});

/**
 * A text of its own with every trap at once: demonyms and adjectives, a longer name around an
 * alias (National Security Council), fragments (Pier No. 4, Chinese Foreign of Chinese Foreign
 * Ministry), an excluded phrase holding an alias (Talvia crowns), titles, and real misspellings.
 */
const TRAPS: Record<string, string> = {
  'marginalia.yaml': `version: 1
actors:
  unsc: {name: UN Security Council, kind: organization, aliases: [UN Security Council]}
  talvia: {name: Talvia, kind: state, aliases: [Talvia], exclude: [Talvia crowns]}
  orsk: {name: Orsk, kind: state, aliases: [Orsk]}
  mina-hollis: {name: Mina Hollis, kind: person, aliases: [Mina Hollis]}
`,
  'brief.txt': 'Harbour brief\n'
    + 'Talvian diplomats met Western envoys at Pier No. 4 on Monday. The Talvia crowns offered in aid were refused, '
    + 'and Soviet archives were opened to reporters. The National Security Council met the same day, while Chinese Foreign Ministry '
    + 'staff watched from Pier No. 4 as Minister Mina Holis arrived. Ferro Lindqvist, a Talvian trawler captain, waited.\n',
  'second.txt': 'Later the UN Security Counsil met. The Chinese Foreign Ministry and Western observers spoke of the Talvian position, '
    + 'and Defense Minister Mina Holis of Orsk left for home. Ferro Lindqvist said the Soviet era was over.\n',
};

describe('suggest on a text full of traps', () => {
  it('offers whole names only, with no demonym, adjective, fragment or excluded phrase', async () => {
    const found = await suggestOn(TRAPS, 1);
    assert.deepEqual(found.candidates.map((c) => [c.phrase, c.count, c.confident]), [
      ['Chinese Foreign Ministry', 2, true],
      ['Ferro Lindqvist', 2, true],
      ['National Security Council', 1, false],
    ]);
  });

  it('offers misspelt aliases as variants, never a part of a longer name nor an alias inside an exclusion', async () => {
    const found = await suggestOn(TRAPS, 1);
    assert.deepEqual(found.variants.map((v) => [v.phrase, v.actorId, v.count, v.confident]), [
      ['Mina Holis', 'mina-hollis', 2, true],
      ['UN Security Counsil', 'unsc', 1, false],
    ]);
    const offeredPhrases = offered(found);
    for (const trap of ['Security Council', 'Talvia', 'Talvia crowns', 'Talvian', 'Western', 'Soviet', 'Pier No', 'Pier', 'Chinese Foreign', 'Monday', 'Minister Mina Holis']) {
      assert.ok(!offeredPhrases.includes(trap), `${trap} is not offered`);
    }
  });

  it('an excluded phrase is never offered, even where no alias is inside it', async () => {
    const files = { ...TRAPS, 'marginalia.yaml': TRAPS['marginalia.yaml'].replace('exclude: [Talvia crowns]', 'exclude: [Talvia crowns, Ferro Lindqvist]') };
    const found = await suggestOn(files, 1);
    assert.ok(!offered(found).includes('Ferro Lindqvist'), offered(found).join(', '));
    const ignoring = await suggestOn({ ...TRAPS, 'marginalia.yaml': `${TRAPS['marginalia.yaml']}ignoreSuggestions: [mina holis]\n` }, 1);
    assert.deepEqual(ignoring.variants.map((v) => v.phrase), ['UN Security Counsil'], 'an ignored phrase, in any case, after a title too');
  });

  it('the editor’s underlines: variants where they are, none inside an exclusion', async () => {
    const corpus = await CorpusIndex.build(new InMemoryCorpus(TRAPS));
    const text = TRAPS['brief.txt'];
    const at = (o: { start: number; end: number }): string => text.slice(o.start, o.end);
    assert.deepEqual(new SuggestionCollector(corpus).variantsIn('brief.txt').map(at), ['Mina Holis']);
    const { candidates } = new SuggestionCollector(corpus).addArticle('brief.txt');
    const excluded = { start: text.indexOf('Talvia crowns'), end: text.indexOf('Talvia crowns') + 'Talvia crowns'.length };
    assert.deepEqual(candidates.filter((c) => c.start < excluded.end && excluded.start < c.end).map(at), [], 'nothing inside "Talvia crowns"');
    assert.ok(candidates.some((c) => at(c) === 'Ferro Lindqvist'));
  });
});

describe('name segments', () => {
  const cases: [string, string[]][] = [
    ['fishers met on Friday. On Friday they left', ['Friday', 'Friday']],
    ['then Foreign Minister Ilse Marrow of Aldmark called', ['Ilse Marrow']],
    ['when Russian President Vladimir Putin arrived', ['Vladimir Putin']],
    ['containers at Pier No. 7 and Pier 3 of the port', []],
    ['said an Assistant Professor there', []],
    ['as Secretary of State Ada Ston said', []],
    ['Summary. The Serin Accord settles it', ['Summary', 'Serin Accord']],
    ['quoted in Harris2024 and elsewhere', []],
    ['in China’s Jilin province', ['China', 'Jilin']],
    ['the Bank of England said', ['Bank of England']],
  ];
  for (const [text, expected] of cases) {
    it(`${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => {
      const segments = nameRuns(text).flatMap((run) => nameSegments(text, run, () => false));
      assert.deepEqual(segments.map((s) => s.phrase), expected);
    });
  }

  it('drops a run that opens a sentence with a common word, and keeps one with a function word', () => {
    const text = 'Blue Nets protest. The Blue Nets met.';
    const common = (lower: string): boolean => lower === 'blue';
    assert.deepEqual(nameRuns(text).flatMap((run) => nameSegments(text, run, common)).map((s) => [s.phrase, s.sentenceStart]), [['Blue Nets', false]]);
  });
});

describe('demonyms', () => {
  const known = new Set(['velsany', 'russia', 'china', 'korea', 'west', 'oman', 'bahraini']);
  const cases: [string, boolean][] = [
    ['Velsanian', true], ['Russian', true], ['Chinese', true], ['Korean', true], ['Western', true], ['Omani', true], ['Soviet', true],
    ['Velsany', false], ['Russia', false], ['Bahrain', false], ['Korvath', false], ['Putin', false],
  ];
  for (const [word, demonym] of cases) it(`${word}: ${demonym ? 'describes' : 'names'}`, () => assert.equal(isDemonymOf(word, known), demonym));
});
