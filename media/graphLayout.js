// @ts-check
/**
 * The actor graph's layout (Fruchterman–Reingold with a pull to the centre): actors repel each
 * other, ties pull them together (stronger ties harder), and the centre pull keeps actors without
 * ties from drifting off. It starts from a fixed circle, so one graph always lands the same way.
 * Loaded by the graph page before graph.js; unit tests require it in Node.
 */
(function (exports) {
  /**
   * @param {{id: string, mentions: number}[]} nodes
   * @param {{from: string, to: string, kind: string, weight: number}[]} edges
   * @returns {Map<string, {x: number, y: number}>}
   */
  function layout(nodes, edges) {
    const n = nodes.length;
    const side = 320 * Math.sqrt(Math.max(1, n));
    const k = side / Math.sqrt(Math.max(1, n)); // the distance two actors settle at
    const order = [...nodes].sort((a, b) => b.mentions - a.mentions || (a.id < b.id ? -1 : 1));
    const points = order.map((node, i) => {
      const angle = 2.399963 * i; // the golden angle: an even spiral, no two points together
      const radius = (side / 2) * Math.sqrt((i + 0.5) / Math.max(1, n));
      return { id: node.id, x: radius * Math.cos(angle), y: radius * Math.sin(angle), dx: 0, dy: 0 };
    });
    const byId = new Map(points.map((p) => [p.id, p]));
    const maxWeight = Math.max(1, ...edges.map((e) => e.weight));
    const springs = edges
      .filter((e) => byId.has(e.from) && byId.has(e.to) && e.from !== e.to)
      .map((e) => ({ a: byId.get(e.from), b: byId.get(e.to), strength: e.kind === 'relation' ? 1 : 0.25 + 0.75 * (e.weight / maxWeight) }));
    const iterations = n > 150 ? 180 : 300;
    const gravity = 0.08;
    for (let step = 0; step < iterations; step++) {
      const temperature = (side / 8) * (1 - step / iterations) + 1;
      for (const p of points) {
        p.dx = -gravity * p.x;
        p.dy = -gravity * p.y;
      }
      for (let i = 0; i < n; i++) {
        const p = points[i];
        for (let j = i + 1; j < n; j++) {
          const q = points[j];
          let x = p.x - q.x;
          let y = p.y - q.y;
          let d = Math.sqrt(x * x + y * y);
          if (d < 0.01) {
            x = 0.01 * (i - j);
            y = 0.01;
            d = Math.sqrt(x * x + y * y);
          }
          // Repulsion reaches a few actors' distances only (the grid variant of the algorithm):
          // summed over hundreds of actors, a pull to the centre could not hold the outer ones.
          if (d > 3 * k) continue;
          const push = (k * k) / d / d;
          p.dx += x * push;
          p.dy += y * push;
          q.dx -= x * push;
          q.dy -= y * push;
        }
      }
      for (const { a, b, strength } of springs) {
        const x = b.x - a.x;
        const y = b.y - a.y;
        const d = Math.sqrt(x * x + y * y) || 0.01;
        const pull = ((d * d) / k) * strength / d;
        a.dx += x * pull;
        a.dy += y * pull;
        b.dx -= x * pull;
        b.dy -= y * pull;
      }
      for (const p of points) {
        const length = Math.sqrt(p.dx * p.dx + p.dy * p.dy) || 1;
        const move = Math.min(length, temperature);
        p.x += (p.dx / length) * move;
        p.y += (p.dy / length) * move;
      }
    }
    return new Map(points.map((p) => [p.id, { x: p.x, y: p.y }]));
  }

  /**
   * Whether the segment a–b passes through the box (Liang–Barsky clipping).
   * @param {{x: number, y: number}} a
   * @param {{x: number, y: number}} b
   * @param {{x: number, y: number, width: number, height: number}} box
   */
  function segmentHitsBox(a, b, box) {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    let t0 = 0;
    let t1 = 1;
    const edges = [[-dx, a.x - box.x], [dx, box.x + box.width - a.x], [-dy, a.y - box.y], [dy, box.y + box.height - a.y]];
    for (const [p, q] of edges) {
      if (p === 0) {
        if (q < 0) return false;
        continue;
      }
      const t = q / p;
      if (p < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
    }
    return t0 < t1;
  }

  /** How many of the most mentioned actors keep their names even where the name covers another actor. */
  const ALWAYS_NAMED = 10;

  /** Whether a circle and a box overlap. */
  function circleHitsBox(c, r, box) {
    const x = Math.max(box.x, Math.min(c.x, box.x + box.width));
    const y = Math.max(box.y, Math.min(c.y, box.y + box.height));
    return (x - c.x) ** 2 + (y - c.y) ** 2 < r * r;
  }

  function boxesOverlap(a, b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  }

  /**
   * Places each actor's name beside its circle, on the side where it crosses the fewest ties and
   * covers no other actor or name: right, below, left, above, then the diagonals. Actors with more
   * mentions choose first. A name that cannot avoid covering another name, or another actor (except
   * for the ALWAYS_NAMED most mentioned), is `hidden` (the page shows it on hover); one that must
   * cross a tie is still drawn, over a halo.
   * @param {{id: string, name: string, mentions: number}[]} nodes
   * @param {Map<string, {x: number, y: number}>} positions
   * @param {{from: string, to: string}[]} edges
   * @param {{radius: (node: any) => number, width: (node: any) => number, height: number, gap: number}} size
   * @returns {Map<string, {x: number, y: number, width: number, height: number, crossings: number, hidden: boolean}>} boxes, x/y their top left corner
   */
  function placeLabels(nodes, positions, edges, size) {
    const segments = edges
      .filter((e) => positions.has(e.from) && positions.has(e.to) && e.from !== e.to)
      .map((e) => ({ a: positions.get(e.from), b: positions.get(e.to) }));
    const circles = nodes.map((node) => ({ id: node.id, at: positions.get(node.id), r: size.radius(node) }));
    const placed = [];
    const boxes = new Map();
    const order = [...nodes].sort((a, b) => b.mentions - a.mentions || (a.id < b.id ? -1 : 1));
    order.forEach((node, rank) => {
      const at = positions.get(node.id);
      const r = size.radius(node);
      const w = size.width(node);
      const h = size.height;
      const g = size.gap;
      const d = (r + g) * Math.SQRT1_2;
      const candidates = [
        { x: at.x + r + g, y: at.y - h / 2 },
        { x: at.x - w / 2, y: at.y + r + g },
        { x: at.x - r - g - w, y: at.y - h / 2 },
        { x: at.x - w / 2, y: at.y - r - g - h },
        { x: at.x + d, y: at.y + d },
        { x: at.x - d - w, y: at.y + d },
        { x: at.x + d, y: at.y - d - h },
        { x: at.x - d - w, y: at.y - d - h },
      ];
      let best;
      candidates.forEach((corner, preference) => {
        const box = { x: corner.x, y: corner.y, width: w, height: h };
        const crossings = segments.filter((s) => segmentHitsBox(s.a, s.b, box)).length;
        const coversActor = circles.some((c) => circleHitsBox(c.at, c.r, box));
        const coversName = placed.some((other) => boxesOverlap(other, box));
        const cost = (coversName ? 1000 : 0) + (coversActor ? 100 : 0) + 10 * crossings + preference;
        // The best-known actors keep their names over a small circle: hidden, they would be missed most.
        const hides = coversName || (coversActor && rank >= ALWAYS_NAMED);
        if (!best || cost < best.cost) best = { box, crossings, cost, hides };
      });
      const label = { ...best.box, crossings: best.crossings, hidden: best.hides };
      if (!label.hidden) placed.push(label);
      boxes.set(node.id, label);
    });
    return boxes;
  }

  exports.layout = layout;
  exports.placeLabels = placeLabels;
  exports.segmentHitsBox = segmentHitsBox;
})(typeof module === 'object' ? module.exports : (window.marginaliaGraphLayout = {}));
