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
  /** Co-mention weights are drawn as numbers when there are few enough edges to read them. */
  const MAX_WEIGHT_LABELS = 120;

  const svg = /** @type {SVGSVGElement} */ (document.getElementById('graph'));
  const kindsBox = /** @type {HTMLFieldSetElement} */ (document.getElementById('kinds'));
  const documentSelect = /** @type {HTMLSelectElement} */ (document.getElementById('document'));
  const summary = /** @type {HTMLElement} */ (document.getElementById('summary'));

  for (const kind of KINDS) {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = kind;
    box.checked = true;
    box.addEventListener('change', sendFilter);
    label.append(box, ' ', KIND_LABELS[kind]);
    label.className = `kind-toggle kind-${kind}`;
    kindsBox.append(label);
  }
  documentSelect.addEventListener('change', sendFilter);

  function sendFilter() {
    const kinds = [...kindsBox.querySelectorAll('input')].filter((b) => b.checked).map((b) => b.value);
    vscode.postMessage({ type: 'filter', kinds: kinds.length === KINDS.length ? [] : kinds, document: documentSelect.value || null });
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message && message.type === 'graph') render(message.graph, message.filter);
  });

  /** @param {{nodes: any[], edges: any[], documents: {path: string, title?: string}[]}} graph */
  function render(graph, filter) {
    syncFilters(graph, filter);
    const positions = window.marginaliaGraphLayout.layout(graph.nodes, graph.edges);
    svg.replaceChildren();
    const relations = graph.edges.filter((e) => e.kind === 'relation').length;
    const ties = graph.edges.length - relations;
    const strongest = ties < graph.coMentionTotal ? `the ${ties} strongest of ${graph.coMentionTotal} co-mention ties` : `${ties} co-mention ties`;
    summary.textContent = `${graph.nodes.length} actors · ${relations} relations · ${strongest}`;
    if (graph.nodes.length === 0) {
      const empty = document.createElementNS(SVG, 'text');
      empty.setAttribute('x', '0');
      empty.setAttribute('y', '0');
      empty.setAttribute('class', 'empty');
      empty.textContent = 'No actors match these filters.';
      svg.setAttribute('viewBox', '-150 -20 300 40');
      svg.append(empty);
      return;
    }
    const maxMentions = Math.max(1, ...graph.nodes.map((n) => n.mentions));
    const radius = (node) => 7 + 23 * Math.sqrt(node.mentions / maxMentions);
    const maxWeight = Math.max(1, ...graph.edges.map((e) => e.weight));
    const edgeLayer = document.createElementNS(SVG, 'g');
    const labelLayer = document.createElementNS(SVG, 'g');
    const nodeLayer = document.createElementNS(SVG, 'g');
    const showWeights = graph.edges.length <= MAX_WEIGHT_LABELS;
    // Relations are drawn last, over any co-mention line between the same two actors.
    const drawOrder = [...graph.edges].sort((x, y) => Number(x.kind === 'relation') - Number(y.kind === 'relation'));
    for (const edge of drawOrder) {
      const a = positions.get(edge.from);
      const b = positions.get(edge.to);
      if (!a || !b) continue;
      const line = document.createElementNS(SVG, 'line');
      line.setAttribute('x1', String(a.x));
      line.setAttribute('y1', String(a.y));
      line.setAttribute('x2', String(b.x));
      line.setAttribute('y2', String(b.y));
      line.setAttribute('class', `edge edge-${edge.kind}`);
      line.setAttribute('stroke-width', String(edge.kind === 'relation' ? 2.5 : 1 + 5 * (edge.weight / maxWeight)));
      line.dataset.from = edge.from;
      line.dataset.to = edge.to;
      const title = document.createElementNS(SVG, 'title');
      title.textContent = edge.kind === 'relation'
        ? `${edge.from} → ${edge.to}: ${edge.type}${edge.label ? ` (${edge.label})` : ''}, ${edge.weight} evidence passage${edge.weight === 1 ? '' : 's'}`
        : `${edge.from} and ${edge.to}: named together in ${edge.weight} paragraph${edge.weight === 1 ? '' : 's'}`;
      line.append(title);
      edgeLayer.append(line);
      if (edge.kind === 'relation' || showWeights) {
        const label = document.createElementNS(SVG, 'text');
        label.setAttribute('x', String((a.x + b.x) / 2));
        label.setAttribute('y', String((a.y + b.y) / 2 + (edge.kind === 'relation' ? -4 : 10)));
        label.setAttribute('class', `edge-label edge-label-${edge.kind}`);
        label.textContent = edge.kind === 'relation' ? edge.type : `×${edge.weight}`;
        labelLayer.append(label);
      }
    }
    for (const node of graph.nodes) {
      const at = positions.get(node.id);
      const group = document.createElementNS(SVG, 'g');
      group.setAttribute('class', `node kind-${node.kind}`);
      group.setAttribute('transform', `translate(${at.x} ${at.y})`);
      group.setAttribute('tabindex', '0');
      group.setAttribute('role', 'button');
      group.setAttribute('aria-label', `${node.name}, ${node.kind}, ${node.mentions} mentions: show mentions`);
      group.dataset.actor = node.id;
      const circle = document.createElementNS(SVG, 'circle');
      circle.setAttribute('r', String(radius(node)));
      const name = document.createElementNS(SVG, 'text');
      name.setAttribute('y', String(radius(node) + 13));
      name.textContent = node.name;
      const count = document.createElementNS(SVG, 'text');
      count.setAttribute('class', 'count');
      count.setAttribute('y', '4');
      count.textContent = String(node.mentions);
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${node.name} (${node.kind}): ${node.mentions} mentions. Click to show them.`;
      group.append(circle, count, name, title);
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
    }
    svg.append(edgeLayer, labelLayer, nodeLayer);
    fit(positions, graph.nodes, radius);
  }

  function highlight(actorId) {
    svg.classList.toggle('focused', actorId !== undefined);
    for (const line of svg.querySelectorAll('line.edge')) {
      const el = /** @type {SVGLineElement} */ (line);
      el.classList.toggle('near', actorId !== undefined && (el.dataset.from === actorId || el.dataset.to === actorId));
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
  }

  /** Scales the drawing to the panel: the viewBox covers every node and its name. */
  function fit(positions, nodes, radius) {
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const node of nodes) {
      const p = positions.get(node.id);
      const r = radius(node);
      const half = Math.max(r, node.name.length * 3.6);
      minX = Math.min(minX, p.x - half);
      maxX = Math.max(maxX, p.x + half);
      minY = Math.min(minY, p.y - r);
      maxY = Math.max(maxY, p.y + r + 18);
    }
    const pad = 20;
    view = { x: minX - pad, y: minY - pad, width: maxX - minX + 2 * pad, height: maxY - minY + 2 * pad };
    showView();
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
