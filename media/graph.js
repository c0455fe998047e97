// @ts-check
/**
 * The actor graph page. It receives the graph by postMessage, lays it out (graphLayout.js),
 * draws SVG, and sends back filter changes and clicks. Every name is set as text, never as HTML.
 */
(function () {
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const KINDS = ['person', 'state', 'organization', 'place', 'group', 'other'];
  const KIND_LABELS = { person: 'People', state: 'States', organization: 'Organizations', place: 'Places', group: 'Groups', other: 'Other' };

  /** Actor names and relation types are this many screen pixels high at the zoom the graph opens at. */
  const LABEL_PX = 13;
  /** Circles from this many screen pixels across (fewest mentions) to MAX_RADIUS_PX (most). */
  const MIN_RADIUS_PX = 6;
  const MAX_RADIUS_PX = 22;
  /** Co-mention weights are written on the ties only when there are this few: more would cover the names. */
  const MAX_WEIGHT_LABELS = 20;

  const svg = /** @type {SVGSVGElement} */ (document.getElementById('graph'));
  const kindsBox = /** @type {HTMLFieldSetElement} */ (document.getElementById('kinds'));
  const documentSelect = /** @type {HTMLSelectElement} */ (document.getElementById('document'));
  const minTiesInput = /** @type {HTMLInputElement} */ (document.getElementById('min-ties'));
  const minTiesValue = /** @type {HTMLOutputElement} */ (document.getElementById('min-ties-value'));
  const tiesCount = /** @type {HTMLElement} */ (document.getElementById('ties-count'));
  const relationTypes = /** @type {HTMLElement} */ (document.getElementById('relation-types'));
  const summary = /** @type {HTMLElement} */ (document.getElementById('summary'));

  for (const kind of KINDS) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = kind;
    box.checked = true;
    box.addEventListener('change', () => sendFilter(null));
    label.append(box, ' ', KIND_LABELS[kind]);
    label.className = `kind-toggle kind-${kind}`;
    kindsBox.append(label);
  }
  documentSelect.addEventListener('change', () => sendFilter(null));
  // The count follows the slider as it moves; the graph is redrawn when it is let go (or on each key).
  minTiesInput.addEventListener('input', () => showTiesCount(Number(minTiesInput.value)));
  minTiesInput.addEventListener('change', () => sendFilter(Number(minTiesInput.value)));

  /** @type {number[]} */
  let tiesAtLeast = [0];

  /** `minTies` null: let the extension choose from the data (after a change of kinds or document, whose ties differ). */
  function sendFilter(minTies) {
    const kinds = [...kindsBox.querySelectorAll('input')].filter((b) => b.checked).map((b) => b.value);
    vscode.postMessage({ type: 'filter', kinds: kinds.length === KINDS.length ? [] : kinds, document: documentSelect.value || null, minTies });
  }

  function showTiesCount(minTies) {
    minTiesValue.textContent = String(minTies);
    const total = tiesAtLeast[0] ?? 0;
    const kept = tiesAtLeast[minTies] ?? 0;
    tiesCount.textContent = `${kept} of ${total} co-mention ${total === 1 ? 'tie' : 'ties'}`;
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'graph') render(message.graph, message.filter);
  });

  /** Text widths for placing names before they are drawn, in the page's own font. */
  const measure = document.createElement('canvas').getContext('2d');
  function textWidth(text, fontSize) {
    return (measure.measureText(text).width / 100) * fontSize;
  }

  /** The median distance from an actor to its nearest neighbour, in drawing units. */
  function nearestSpacing(points) {
    if (points.length < 2) return Infinity;
    const nearest = points.map((p) => Math.min(...points.filter((q) => q !== p).map((q) => Math.hypot(p.x - q.x, p.y - q.y))));
    return nearest.sort((a, b) => a - b)[nearest.length >> 1];
  }

  /** Drawing units per screen pixel when `bounds` is fitted to the panel. */
  function unitsPerPixel(bounds) {
    const box = svg.getBoundingClientRect();
    const width = box.width > 0 ? box.width : 800;
    const height = box.height > 0 ? box.height : 500;
    return Math.max(bounds.width / width, bounds.height / height);
  }

  function bounding(boxes) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const b of boxes) {
      minX = Math.min(minX, b.x);
      minY = Math.min(minY, b.y);
      maxX = Math.max(maxX, b.x + b.width);
      maxY = Math.max(maxY, b.y + b.height);
    }
    return { x: minX, y: minY, width: Math.max(1, maxX - minX), height: Math.max(1, maxY - minY) };
  }

  function svgElement(name, attributes, text) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    if (text !== undefined) element.textContent = text;
    return element;
  }

  /** @param {{nodes: any[], edges: any[], coMentionTotal: number, tiesAtLeast: number[], minTies: number, documents: {path: string, title?: string}[]}} graph */
  function render(graph, filter) {
    syncFilters(graph, filter);
    const graphLayout = window.marginaliaGraphLayout;
    const positions = graphLayout.layout(graph.nodes, graph.edges);
    svg.replaceChildren();
    const relationEdges = graph.edges.filter((e) => e.kind === 'relation');
    const ties = graph.edges.length - relationEdges.length;
    summary.textContent = `${graph.nodes.length} ${graph.nodes.length === 1 ? 'actor' : 'actors'} · ${relationEdges.length} ${relationEdges.length === 1 ? 'relation' : 'relations'} · ${ties} co-mention ${ties === 1 ? 'tie' : 'ties'}`;
    const types = [...new Set(relationEdges.map((e) => e.type))].sort();
    relationTypes.textContent = types.length ? `relation types: ${types.join(', ')}` : '';
    if (graph.nodes.length === 0) {
      svg.append(svgElement('text', { x: 0, y: 0, class: 'empty' }, 'No actors match these filters.'));
      view = { x: -150, y: -20, width: 300, height: 40 };
      showView();
      return;
    }

    // Sizes are chosen in screen pixels: find the zoom the whole drawing fits at, size circles and
    // names for it, place the names, and fit again (names at the edge widen the drawing a little).
    const maxMentions = Math.max(1, ...graph.nodes.map((n) => n.mentions));
    const fullRadiusPx = (node) => MIN_RADIUS_PX + (MAX_RADIUS_PX - MIN_RADIUS_PX) * Math.sqrt(node.mentions / maxMentions);
    measure.font = `100px ${window.getComputedStyle(document.body).fontFamily}`;
    const spacing = nearestSpacing(graph.nodes.map((n) => positions.get(n.id)));
    /** Hundreds of actors fitted to a panel stand closer than their circles are wide: shrink the circles. */
    let shrink = 1;
    const radiusPx = (node) => fullRadiusPx(node) * shrink;
    const centres = graph.nodes.map((n) => ({ x: positions.get(n.id).x, y: positions.get(n.id).y, width: 0, height: 0 }));
    let scale = unitsPerPixel(bounding(centres)) * 1.15 || 1;
    let labels, bounds;
    for (let pass = 0; pass < 4; pass++) {
      const fontSize = LABEL_PX * scale;
      shrink = Math.min(1, (0.4 * spacing) / (MAX_RADIUS_PX * scale));
      labels = graphLayout.placeLabels(graph.nodes, positions, graph.edges, {
        radius: (node) => radiusPx(node) * scale,
        width: (node) => textWidth(node.name, fontSize),
        height: fontSize * 1.25,
        gap: 4 * scale,
      });
      const circles = graph.nodes.map((n) => {
        const p = positions.get(n.id);
        const r = radiusPx(n) * scale;
        return { x: p.x - r, y: p.y - r, width: 2 * r, height: 2 * r };
      });
      const drawn = bounding([...circles, ...[...labels.values()].filter((l) => !l.hidden)]);
      const pad = 16 * scale;
      bounds = { x: drawn.x - pad, y: drawn.y - pad, width: drawn.width + 2 * pad, height: drawn.height + 2 * pad };
      const fitted = unitsPerPixel(bounds);
      if (fitted <= scale * 1.001) break; // names at least LABEL_PX high on screen
      scale = fitted;
    }
    const fontSize = LABEL_PX * scale;

    const defs = svgElement('defs', {});
    const arrow = svgElement('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', markerUnits: 'strokeWidth' });
    arrow.append(svgElement('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }));
    defs.append(arrow);

    const maxWeight = Math.max(1, ...graph.edges.filter((e) => e.kind === 'co-mention').map((e) => e.weight));
    const edgeLayer = svgElement('g', { class: 'edges' });
    const nodeLayer = svgElement('g', { class: 'nodes', 'font-size': fontSize * 0.85 });
    // Sizes as presentation attributes: the page's CSP allows no inline style.
    const labelLayer = svgElement('g', { class: 'labels', 'font-size': fontSize, 'stroke-width': 4 * scale });
    const showWeights = ties <= MAX_WEIGHT_LABELS;
    // Relations are drawn last, over any co-mention line between the same two actors.
    const drawOrder = [...graph.edges].sort((x, y) => Number(x.kind === 'relation') - Number(y.kind === 'relation'));
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    for (const edge of drawOrder) {
      const a = positions.get(edge.from);
      const b = positions.get(edge.to);
      if (!a || !b) continue;
      const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
      // A relation has a direction: its arrow stops at the edge of the target's circle.
      const stop = edge.kind === 'relation' ? (radiusPx(byId.get(edge.to)) + 2) * scale : 0;
      const line = svgElement('line', {
        x1: a.x, y1: a.y,
        x2: b.x - ((b.x - a.x) / length) * stop, y2: b.y - ((b.y - a.y) / length) * stop,
        class: `edge edge-${edge.kind}`,
        'stroke-width': (edge.kind === 'relation' ? 2.5 : 1 + 4 * (edge.weight / maxWeight)) * scale,
      });
      if (edge.kind === 'relation') line.setAttribute('marker-end', 'url(#arrow)');
      line.dataset.from = edge.from;
      line.dataset.to = edge.to;
      const names = (id) => byId.get(id)?.name ?? id;
      line.append(svgElement('title', {}, edge.kind === 'relation'
        ? `${names(edge.from)} → ${names(edge.to)}: ${edge.type}${edge.label ? ` (${edge.label})` : ''}, ${edge.weight} evidence passage${edge.weight === 1 ? '' : 's'}`
        : `${names(edge.from)} and ${names(edge.to)}: named together in ${edge.weight} paragraph${edge.weight === 1 ? '' : 's'}`));
      edgeLayer.append(line);
      if (edge.kind === 'relation' || showWeights) {
        const label = svgElement('text', {
          x: (a.x + b.x) / 2,
          y: (a.y + b.y) / 2 + (edge.kind === 'relation' ? -0.3 : 1) * fontSize,
          class: `edge-label edge-label-${edge.kind}`,
          ...(edge.kind === 'co-mention' ? { 'font-size': fontSize * 0.85 } : {}),
        }, edge.kind === 'relation' ? edge.type : `×${edge.weight}`);
        label.dataset.from = edge.from;
        label.dataset.to = edge.to;
        labelLayer.append(label);
      }
    }
    for (const node of graph.nodes) {
      const at = positions.get(node.id);
      const r = radiusPx(node) * scale;
      const group = svgElement('g', {
        class: `node kind-${node.kind}`,
        transform: `translate(${at.x} ${at.y})`,
        tabindex: 0,
        role: 'button',
        'aria-label': `${node.name}, ${node.kind}, ${node.mentions} mentions: show mentions`,
      });
      group.dataset.actor = node.id;
      group.append(svgElement('circle', { r }));
      // The count inside the circle only where it fits at a readable size.
      if (radiusPx(node) >= 14) group.append(svgElement('text', { class: 'count', y: fontSize * 0.35 }, String(node.mentions)));
      group.append(svgElement('title', {}, `${node.name} (${node.kind}): ${node.mentions} mentions. Click to show them.`));
      const open = () => vscode.postMessage({ type: 'openActor', actorId: node.id });
      group.addEventListener('click', open);
      group.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open();
        }
      });
      group.addEventListener('mouseenter', () => highlight(node.id));
      group.addEventListener('mouseleave', () => highlight(undefined));
      group.addEventListener('focus', () => highlight(node.id));
      group.addEventListener('blur', () => highlight(undefined));
      nodeLayer.append(group);

      const box = labels.get(node.id);
      const name = svgElement('text', { x: box.x, y: box.y + box.height * 0.8, class: `name${box.hidden ? ' hidden' : ''}` }, node.name);
      name.dataset.actor = node.id;
      labelLayer.append(name);
    }
    // Names and relation types over everything, each on a halo of the background: a tie passing
    // under a name stops at its letters.
    svg.append(defs, edgeLayer, nodeLayer, labelLayer);
    view = bounds;
    showView();
  }

  function highlight(actorId) {
    svg.classList.toggle('focused', actorId !== undefined);
    for (const element of svg.querySelectorAll('line.edge, text.edge-label')) {
      const el = /** @type {SVGElement} */ (element);
      el.classList.toggle('near', actorId !== undefined && (el.dataset.from === actorId || el.dataset.to === actorId));
    }
    for (const name of svg.querySelectorAll('text.name')) {
      const el = /** @type {SVGElement} */ (name);
      el.classList.toggle('near', el.dataset.actor === actorId);
    }
  }

  /** The document list the select was last filled from: 10,000 options are not rebuilt on every redraw. */
  let listedDocuments = '';

  function syncFilters(graph, filter) {
    const wanted = filter.kinds.length === 0 ? KINDS : filter.kinds;
    for (const box of kindsBox.querySelectorAll('input')) box.checked = wanted.includes(box.value);
    const options = [['', 'All documents'], ...graph.documents.map((d) => [d.path, d.title ? `${d.title} — ${d.path}` : d.path])];
    const listed = JSON.stringify(options);
    if (listed !== listedDocuments) {
      listedDocuments = listed;
      documentSelect.replaceChildren(...options.map(([value, text]) => {
        const option = document.createElement('option');
        option.value = value;
        option.textContent = text;
        return option;
      }));
    }
    documentSelect.value = filter.document ?? '';
    tiesAtLeast = graph.tiesAtLeast.length > 0 ? graph.tiesAtLeast : [0];
    const strongest = Math.max(1, tiesAtLeast.length - 1);
    minTiesInput.max = String(strongest);
    minTiesInput.value = String(graph.minTies);
    minTiesInput.disabled = graph.coMentionTotal === 0;
    minTiesInput.setAttribute('aria-valuetext', `at least ${graph.minTies} shared paragraph${graph.minTies === 1 ? '' : 's'}`);
    showTiesCount(graph.minTies);
  }

  // Zoom with the wheel (around the pointer) and pan by dragging the background: a large corpus
  // draws hundreds of actors, whose names need a closer look.
  let view = { x: 0, y: 0, width: 1, height: 1 };
  function showView() {
    svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.width} ${view.height}`);
  }
  /** The drawing's coordinates under a point of the screen. */
  function toDrawing(clientX, clientY) {
    const box = svg.getBoundingClientRect();
    const scale = Math.max(view.width / box.width, view.height / box.height);
    const offsetX = (box.width * scale - view.width) / 2;
    const offsetY = (box.height * scale - view.height) / 2;
    return { x: view.x - offsetX + (clientX - box.left) * scale, y: view.y - offsetY + (clientY - box.top) * scale, scale };
  }
  svg.addEventListener('wheel', (event) => {
    event.preventDefault();
    const at = toDrawing(event.clientX, event.clientY);
    const factor = Math.exp(event.deltaY * 0.0015);
    view = { x: at.x - (at.x - view.x) * factor, y: at.y - (at.y - view.y) * factor, width: view.width * factor, height: view.height * factor };
    showView();
  }, { passive: false });
  let drag;
  svg.addEventListener('pointerdown', (event) => {
    if (event.target !== svg) return; // on an actor, a click opens it
    drag = { x: event.clientX, y: event.clientY, view: { ...view }, scale: toDrawing(event.clientX, event.clientY).scale };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener('pointermove', (event) => {
    if (!drag) return;
    view = { ...drag.view, x: drag.view.x - (event.clientX - drag.x) * drag.scale, y: drag.view.y - (event.clientY - drag.y) * drag.scale };
    showView();
  });
  svg.addEventListener('pointerup', () => (drag = undefined));

  vscode.postMessage({ type: 'ready' });
})();
