/**
 * A large sidecar read by the fast reader leaves its entries' spans to compute; the extension
 * computes them on its sidecar worker once the index is shown, so that the first edit does not read
 * the whole sidecar with `yaml` on the extension host. Puts the fixture sidecar back as it found it.
 */
import * as assert from 'node:assert/strict';
import { hasMissingSpans } from '../../src/core/sidecar/lazySpans';
import { parseSidecarWithYaml } from '../../src/core/sidecar/read';
import { api, readText, waitUntil, writeText } from './helpers';

const SIDECAR = 'marginalia.yaml';

describe('the sidecar’s spans', () => {
  before(api);

  it('are computed in the background after a large sidecar is shown', async () => {
    const { service } = await api();
    const good = await readText(SIDECAR);
    // Comments make the sidecar large enough for the worker without changing what it says.
    const large = good + Array.from({ length: 6000 }, (_, i) => `# padding ${i}: ${'.'.repeat(48)}\n`).join('');
    try {
      await writeText(SIDECAR, large);
      await waitUntil(() => service.corpus?.sidecar.text === large, 'the large sidecar to be read');
      await waitUntil(() => !hasMissingSpans(service.corpus!.sidecar.index), 'the spans to be computed');
      const { index } = service.corpus!.sidecar;
      const yaml = parseSidecarWithYaml(large).index;
      for (const [id, annotation] of yaml.annotations) assert.deepEqual(index.annotations.get(id)?.span, annotation.span, id);
      for (const [id, actor] of yaml.actors) assert.deepEqual(index.actors.get(id)?.span, actor.span, id);
    } finally {
      await writeText(SIDECAR, good);
      await waitUntil(() => service.corpus?.sidecar.text === good.replace(/^\uFEFF/, ''), 'the fixture sidecar back');
    }
  });
});
