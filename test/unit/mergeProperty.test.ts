/**
 * The merge driver under real git, on generated scenarios (`mergeScenario.ts`): two branches with
 * 50 random edits each, merged with the driver registered, against an independent oracle. The unit
 * tier runs a few of these (merge.test.ts); this tier runs more. Then sidecars in every style
 * people write (`mergeStyles.ts`), merged without git.
 *
 * `MARGINALIA_PROPERTY_SEED` and `MARGINALIA_PROPERTY_RUNS` override the seed and the number of cases.
 */
import fc from 'fast-check';
import { checkScenario, scenarioArb } from './mergeScenario';
import { checkStyleCase, styleCaseArb } from './mergeStyles';

const seed = process.env.MARGINALIA_PROPERTY_SEED ? Number(process.env.MARGINALIA_PROPERTY_SEED) : 20_261_123;
const numRuns = process.env.MARGINALIA_PROPERTY_RUNS ? Number(process.env.MARGINALIA_PROPERTY_RUNS) : 40;

describe('merge driver under git, property-based', () => {
  it(`merges two branches of 50 random edits each into their union, or marks the forced conflict alone (${numRuns} generated cases)`, () => {
    fc.assert(fc.property(scenarioArb(50), checkScenario), { seed, numRuns });
  });
});

describe('merge of sidecars in every style, property-based', () => {
  const styleRuns = numRuns * 25;
  it(`writes every merge it means, or marks its conflicts, whatever the sidecar's style (${styleRuns} generated cases)`, () => {
    fc.assert(fc.property(styleCaseArb, checkStyleCase), { seed, numRuns: styleRuns });
  });
});
