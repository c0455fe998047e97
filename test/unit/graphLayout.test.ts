import * as assert from 'node:assert/strict';
import * as path from 'node:path';

interface Point {
  x: number;
  y: number;
}
interface Box extends Point {
  width: number;
  height: number;
}
interface LabelBox extends Box {
  crossings: number;
  hidden: boolean;
}
interface Node {
  id: string;
  name: string;
  mentions: number;
}
type Layout = (nodes: { id: string; mentions: number }[], edges: { from: string; to: string; kind: string; weight: number }[]) => Map<string, Point>;
type PlaceLabels = (
  nodes: Node[],
  positions: Map<string, Point>,
  edges: { from: string; to: string }[],
  size: { radius: (node: Node) => number; width: (node: Node) => number; height: number; gap: number },
) => Map<string, LabelBox>;
// The page's own script: it runs in the webview, and here in Node.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { layout, placeLabels, segmentHitsBox } = require(path.join(__dirname, '..', '..', '..', 'media', 'graphLayout.js')) as {
  layout: Layout;
  placeLabels: PlaceLabels;
  segmentHitsBox: (a: Point, b: Point, box: Box) => boolean;
};

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

  it('tells whether a segment passes through a box', () => {
    const box = { x: 0, y: 0, width: 10, height: 4 };
    assert.equal(segmentHitsBox({ x: -5, y: 2 }, { x: 15, y: 2 }, box), true, 'straight through');
    assert.equal(segmentHitsBox({ x: 5, y: 2 }, { x: 50, y: 50 }, box), true, 'from inside');
    assert.equal(segmentHitsBox({ x: -5, y: -5 }, { x: -1, y: 10 }, box), false, 'beside');
    assert.equal(segmentHitsBox({ x: -5, y: 10 }, { x: 15, y: 5 }, box), false, 'below');
    assert.equal(segmentHitsBox({ x: -2, y: 6 }, { x: 6, y: -2 }, box), true, 'across a corner');
  });

  describe('names beside the actors', () => {
    const size = (scale: number): Parameters<PlaceLabels>[3] => ({
      radius: (node) => (6 + node.mentions / 4) * scale,
      width: (node) => node.name.length * 7.5 * scale,
      height: 16 * scale,
      gap: 4 * scale,
    });
    const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    const covers = (box: Box, at: Point, r: number): boolean => {
      const x = Math.max(box.x, Math.min(at.x, box.x + box.width));
      const y = Math.max(box.y, Math.min(at.y, box.y + box.height));
      return Math.hypot(x - at.x, y - at.y) < r;
    };

    it('goes where no tie crosses it: between the spokes of a star', () => {
      const nodes = ['hub', 'east', 'south', 'west', 'north'].map((id, i) => ({ id, name: id === 'hub' ? 'Serin Basin Commission' : id, mentions: i === 0 ? 40 : 4 }));
      const positions = new Map<string, Point>([['hub', { x: 0, y: 0 }], ['east', { x: 400, y: 0 }], ['south', { x: 0, y: 400 }], ['west', { x: -400, y: 0 }], ['north', { x: 0, y: -400 }]]);
      const edges = ['east', 'south', 'west', 'north'].map((to) => ({ from: 'hub', to }));
      const boxes = placeLabels(nodes, positions, edges, size(1));
      const hub = boxes.get('hub')!;
      assert.equal(hub.crossings, 0, 'a diagonal, away from the four ties');
      assert.ok(edges.every((e) => !segmentHitsBox(positions.get(e.from)!, positions.get(e.to)!, hub)));
      for (const [id, box] of boxes) assert.ok(!covers(box, positions.get(id)!, size(1).radius(nodes.find((n) => n.id === id)!)), `${id}'s name is beside its circle`);
    });

    for (const scale of [0.5, 1, 2.5]) {
      it(`on a dense graph of 16 actors and 40 ties, no name covers an actor or another name, and few cross a tie (scale ${scale})`, () => {
        const nodes = Array.from({ length: 16 }, (_, i) => ({ id: `a${i}`, name: ['Ilse Marrow', 'Serin Basin Commission', 'Aldmark', 'Port Halloway'][i % 4] + ` ${i}`, mentions: 80 - 4 * i }));
        const edges = Array.from({ length: 40 }, (_, k) => ({ from: `a${k % 16}`, to: `a${(k * 7 + 3) % 16}`, kind: 'co-mention', weight: 1 + (k % 5) })).filter((e) => e.from !== e.to);
        const positions = layout(nodes, edges);
        const sized = size(scale);
        const boxes = placeLabels(nodes, positions, edges, sized);
        const shown = [...boxes].filter(([, box]) => !box.hidden);
        for (const [id, box] of shown) {
          for (const node of nodes) assert.ok(!covers(box, positions.get(node.id)!, sized.radius(node)), `${id}'s name covers ${node.id}`);
          for (const [other, otherBox] of shown) if (other !== id) assert.ok(!overlap(box, otherBox), `${id} and ${other} overlap`);
          assert.equal(box.crossings, edges.filter((e) => segmentHitsBox(positions.get(e.from)!, positions.get(e.to)!, box)).length);
        }
        assert.ok(shown.length >= 14, `${shown.length} of 16 names shown`);
        const crossed = shown.filter(([, box]) => box.crossings > 0).length;
        assert.ok(crossed <= 4, `${crossed} names crossed by a tie`);
      });
    }
  });
});
