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

  exports.layout = layout;
})(typeof module === 'object' ? module.exports : (window.marginaliaGraphLayout = {}));
