import * as assert from 'node:assert/strict';
import * as path from 'node:path';

interface Point {
  x: number;
  y: number;
}
type Layout = (nodes: { id: string; mentions: number }[], edges: { from: string; to: string; kind: string; weight: number }[]) => Map<string, Point>;
// The page's own script: it runs in the webview, and here in Node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { layout } = require(path.join(__dirname, '..', '..', '..', 'media', 'graphLayout.js')) as { layout: Layout };

const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

describe('actor graph layout', () => {
  const nodes = Array.from({ length: 60 }, (_, i) => ({ id: `a${i}`, mentions: 60 - i }));
  // Two tight groups of ten, tied within; forty actors without ties.
  const edges = [0, 10].flatMap((first) => Array.from({ length: 9 }, (_, i) => ({ from: `a${first}`, to: `a${first + i + 1}`, kind: 'co-mention', weight: 5 })));

  it('is the same every time, and finite', () => {
    const one = layout(nodes, edges);
    assert.deepEqual(layout(nodes, edges), one);
    assert.ok([...one.values()].every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  });

  it('keeps tied actors together, keeps every actor apart, and keeps actors without ties near', () => {
    const at = layout(nodes, edges);
    const tied = edges.map((e) => distance(at.get(e.from)!, at.get(e.to)!));
    const all = nodes.flatMap((a, i) => nodes.slice(i + 1).map((b) => distance(at.get(a.id)!, at.get(b.id)!)));
    const median = [...all].sort((a, b) => a - b)[all.length >> 1];
    assert.ok(Math.max(...tied) < median, `tied ${Math.max(...tied).toFixed(0)} vs median ${median.toFixed(0)}`);
    assert.ok(Math.min(...all) > 20, 'no two actors on top of each other');
    const radii = [...at.values()].map((p) => Math.hypot(p.x, p.y)).sort((a, b) => a - b);
    assert.ok(radii[radii.length - 1] < 4 * radii[radii.length >> 1], 'no actor flung far out');
  });
});
