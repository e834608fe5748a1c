/* The newskg graph viewer.
 *
 * Everything from the data is put on screen with textContent (never as markup), so
 * names and sentences that contain markup are shown as text and never run. The page
 * makes no network request.
 *
 * window.kgViewer exposes the network and a few actions (search, select, focus,
 * setTypes, setDates, setArticle, reset) for tests and the console; window.kgReady
 * turns true (and <html data-ready="1">) once the graph is drawn and laid out.
 */
(function () {
  'use strict';

  var DATA = JSON.parse(document.getElementById('kg-data').textContent);
  var META = DATA.meta;
  var NODE_META = META.nodes;
  var EDGE_META = META.edges;
  var STYLE = {};
  DATA.legend.forEach(function (l) { STYLE[l.key] = l; });

  // ------------------------------------------------------------------ small DOM helpers
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function fold(s) {
    return String(s || '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
  }
  function short(s, n) { s = String(s || ''); return s.length > n ? s.slice(0, n - 1) + '…' : s; }
  function articleName(id) {
    var a = META.articles[id];
    if (!a) return id;
    return (a.date ? a.date + ' · ' : '') + short(a.headline || id, 80);
  }
  function typeName(key) {
    var s = STYLE[key];
    return s ? s.en + ' / ' + s.vi : key;
  }

  var SVG_NS = 'http://www.w3.org/2000/svg';
  function swatch(shape, color, size) {
    size = size || 14;
    var svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('width', size); svg.setAttribute('height', size);
    svg.setAttribute('viewBox', '0 0 20 20');
    var p;
    var pts = {
      square: '3,3 17,3 17,17 3,17',
      diamond: '10,1 19,10 10,19 1,10',
      triangle: '10,2 19,18 1,18',
      triangleDown: '1,2 19,2 10,18',
      hexagon: '5,2 15,2 19,10 15,18 5,18 1,10',
      star: '10,1 12.4,7 19,7.3 13.8,11.4 15.6,18 10,14.2 4.4,18 6.2,11.4 1,7.3 7.6,7'
    }[shape];
    if (pts) {
      p = document.createElementNS(SVG_NS, 'polygon');
      p.setAttribute('points', pts);
    } else if (shape === 'box' || shape === 'database') {
      p = document.createElementNS(SVG_NS, 'rect');
      p.setAttribute('x', 1); p.setAttribute('y', 5); p.setAttribute('width', 18); p.setAttribute('height', 10);
      p.setAttribute('rx', shape === 'database' ? 5 : 2);
    } else if (shape === 'ellipse') {
      p = document.createElementNS(SVG_NS, 'ellipse');
      p.setAttribute('cx', 10); p.setAttribute('cy', 10); p.setAttribute('rx', 9); p.setAttribute('ry', 6);
    } else if (shape === 'line' || shape === 'dash') {
      p = document.createElementNS(SVG_NS, 'line');
      p.setAttribute('x1', 1); p.setAttribute('y1', 10); p.setAttribute('x2', 19); p.setAttribute('y2', 10);
      p.setAttribute('stroke', color); p.setAttribute('stroke-width', 3);
      if (shape === 'dash') p.setAttribute('stroke-dasharray', '4 3');
      svg.appendChild(p);
      return svg;
    } else {
      p = document.createElementNS(SVG_NS, 'circle');
      p.setAttribute('cx', 10); p.setAttribute('cy', 10); p.setAttribute('r', 8);
    }
    p.setAttribute('fill', color);
    p.setAttribute('stroke', '#555');
    p.setAttribute('stroke-width', 1);
    svg.appendChild(p);
    return svg;
  }

  // ------------------------------------------------------------------ the network
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var container = $('kg-graph');
  var network = new vis.Network(container, {}, DATA.options);

  var adjacency = {};
  Object.keys(NODE_META).forEach(function (id) { adjacency[id] = []; });
  DATA.edges.forEach(function (e) {
    if (adjacency[e.from]) adjacency[e.from].push(e.id);
    if (adjacency[e.to] && e.to !== e.from) adjacency[e.to].push(e.id);
  });

  var state = { types: {}, from: '', to: '', article: '', focus: null, depth: 2, selected: null };
  DATA.legend.forEach(function (l) { state.types[l.key] = true; });
  var visibleNodes = {};
  Object.keys(NODE_META).forEach(function (id) { visibleNodes[id] = true; });
  var visibleEdges = {};
  Object.keys(EDGE_META).forEach(function (eid) { visibleEdges[eid] = true; });

  function status(text) { $('kg-status').textContent = text; }

  // ------------------------------------------------------------------ filters
  function inRange(dates) {
    if (!state.from && !state.to) return true;
    for (var i = 0; i < dates.length; i++) {
      var d = dates[i];
      if ((!state.from || d >= state.from) && (!state.to || d <= state.to)) return true;
    }
    return false;
  }
  function factPass(info, id) {
    if (state.article && !(id === state.article || info.articles.indexOf(state.article) >= 0)) return false;
    return inRange(info.dates);
  }
  function hasFacts(info) { return info.dates.length > 0 || info.articles.length > 0; }

  function computeVisible() {
    var factFilter = !!(state.from || state.to || state.article);
    var status_ = {};
    Object.keys(NODE_META).forEach(function (id) {
      var info = NODE_META[id];
      if (!state.types[info.key]) status_[id] = 'out';
      else if (!factFilter) status_[id] = 'in';
      else if (hasFacts(info)) status_[id] = factPass(info, id) ? 'in' : 'out';
      else status_[id] = 'pending';
    });
    var keptEdge = {};
    Object.keys(EDGE_META).forEach(function (eid) {
      var e = EDGE_META[eid];
      if (status_[e.from] === 'out' || status_[e.to] === 'out') return;
      if (factFilter && hasFacts(e) && !factPass(e, null)) return;
      keptEdge[eid] = true;
    });
    if (factFilter) {   // undated reference nodes stay when a kept fact reaches them
      var queue = Object.keys(status_).filter(function (id) { return status_[id] === 'in'; });
      while (queue.length) {
        var id = queue.pop();
        adjacency[id].forEach(function (eid) {
          if (!keptEdge[eid]) return;
          var e = EDGE_META[eid];
          var other = e.from === id ? e.to : e.from;
          if (status_[other] === 'pending') { status_[other] = 'in'; queue.push(other); }
        });
      }
    }
    var vis_ = {};
    Object.keys(status_).forEach(function (id) { if (status_[id] === 'in') vis_[id] = true; });
    if (state.focus && vis_[state.focus]) {
      var dist = {}; dist[state.focus] = 0;
      var frontier = [state.focus];
      for (var depth = 0; depth < state.depth && frontier.length; depth++) {
        var next = [];
        frontier.forEach(function (id) {
          adjacency[id].forEach(function (eid) {
            if (!keptEdge[eid]) return;
            var e = EDGE_META[eid];
            var other = e.from === id ? e.to : e.from;
            if (vis_[other] && dist[other] === undefined) { dist[other] = depth + 1; next.push(other); }
          });
        });
        frontier = next;
      }
      vis_ = {};
      Object.keys(dist).forEach(function (id) { vis_[id] = true; });
    }
    var visE = {};
    Object.keys(keptEdge).forEach(function (eid) {
      var e = EDGE_META[eid];
      if (vis_[e.from] && vis_[e.to]) visE[eid] = true;
    });
    return { nodes: vis_, edges: visE };
  }

  function applyFilters(fit) {
    var v = computeVisible();
    var nodeUpdates = [], edgeUpdates = [];
    Object.keys(NODE_META).forEach(function (id) {
      var show = !!v.nodes[id];
      if (show !== !!visibleNodes[id]) nodeUpdates.push({ id: id, hidden: !show });
    });
    Object.keys(EDGE_META).forEach(function (eid) {
      var show = !!v.edges[eid];
      if (show !== !!visibleEdges[eid]) edgeUpdates.push({ id: eid, hidden: !show });
    });
    visibleNodes = v.nodes; visibleEdges = v.edges;
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    var n = Object.keys(v.nodes).length, m = Object.keys(v.edges).length;
    status(n + ' of ' + DATA.nodes.length + ' nodes, ' + m + ' of ' + DATA.edges.length + ' edges shown');
    if (fit && n) network.fit({ nodes: Object.keys(v.nodes), animation: false });
    updateFocusBox();
  }

  // ------------------------------------------------------------------ legend and filter controls
  function buildLegend() {
    var list = $('kg-legend');
    DATA.legend.forEach(function (l) {
      var li = el('li');
      var label = el('label');
      var box = el('input');
      box.type = 'checkbox'; box.checked = true; box.value = l.key;
      box.setAttribute('data-type', l.key);
      box.addEventListener('change', function () { state.types[l.key] = box.checked; applyFilters(false); });
      label.appendChild(box);
      label.appendChild(swatch(l.shape, l.color));
      label.appendChild(el('span', null, l.en));
      label.appendChild(el('span', 'kg-vi', l.vi));
      label.appendChild(el('span', 'kg-count', l.count));
      li.appendChild(label);
      list.appendChild(li);
    });
    var rel = $('kg-relations');
    DATA.relations.forEach(function (r) {
      var li = el('li');
      li.appendChild(swatch(r.dashed ? 'dash' : 'line', r.color, 18));
      li.appendChild(el('span', null, r.relation));
      li.appendChild(el('span', 'kg-vi', r.vi));
      rel.appendChild(li);
    });
    $('kg-types-all').addEventListener('click', function () { setTypes(null); });
    $('kg-types-none').addEventListener('click', function () { setTypes([]); });
  }

  function syncTypeBoxes() {
    var boxes = document.querySelectorAll('#kg-legend input[type=checkbox]');
    for (var i = 0; i < boxes.length; i++) boxes[i].checked = !!state.types[boxes[i].value];
  }

  function setTypes(keys) {
    Object.keys(state.types).forEach(function (k) {
      state.types[k] = keys === null || keys.some(function (want) {
        return k === want || (want === 'event' && k.indexOf('event:') === 0);
      });
    });
    syncTypeBoxes();
    applyFilters(false);
  }

  function buildDateAndArticleControls() {
    var dates = [];
    Object.keys(NODE_META).forEach(function (id) { dates = dates.concat(NODE_META[id].dates); });
    dates.sort();
    var from = $('kg-from'), to = $('kg-to');
    if (dates.length) {
      from.min = to.min = dates[0];
      from.max = to.max = dates[dates.length - 1];
    }
    from.addEventListener('change', function () { state.from = from.value; applyFilters(false); });
    to.addEventListener('change', function () { state.to = to.value; applyFilters(false); });
    var select = $('kg-article');
    Object.keys(NODE_META).filter(function (id) { return NODE_META[id].type === 'article'; })
      .sort(function (a, b) { return articleName(a) < articleName(b) ? -1 : 1; })
      .forEach(function (id) {
        var opt = el('option', null, articleName(id));
        opt.value = id;
        select.appendChild(opt);
      });
    select.addEventListener('change', function () { state.article = select.value; applyFilters(true); });
    $('kg-depth').addEventListener('change', function () {
      state.depth = Math.max(0, parseInt($('kg-depth').value, 10) || 0);
      if (state.focus) applyFilters(true);
    });
    $('kg-unfocus').addEventListener('click', function () { focus(null); });
    $('kg-reset').addEventListener('click', reset);
  }

  function setDates(from, to) {
    state.from = from || ''; state.to = to || '';
    $('kg-from').value = state.from; $('kg-to').value = state.to;
    applyFilters(false);
  }
  function setArticle(id) {
    state.article = id || '';
    $('kg-article').value = state.article;
    applyFilters(true);
  }
  function reset() {
    Object.keys(state.types).forEach(function (k) { state.types[k] = true; });
    syncTypeBoxes();
    state.from = state.to = state.article = '';
    state.focus = null;
    $('kg-from').value = ''; $('kg-to').value = ''; $('kg-article').value = '';
    applyFilters(true);
  }

  function focus(id, depth) {
    if (depth !== undefined && depth !== null) {
      state.depth = Math.max(0, depth | 0);
      $('kg-depth').value = state.depth;
    }
    state.focus = id || null;
    if (id && !visibleNodes[id]) { state.focus = null; reset(); state.focus = id; }
    applyFilters(true);
    if (id) select(id, false);
  }
  function updateFocusBox() {
    var box = $('kg-focus-name');
    if (state.focus) {
      box.textContent = NODE_META[state.focus].label + ' (depth ' + state.depth + ')';
      box.className = '';
    } else {
      box.textContent = 'none — click a node, then “Focus”';
      box.className = 'kg-muted';
    }
  }

  // ------------------------------------------------------------------ search
  var results = [];
  var activeResult = 0;
  function search(query) {
    var q = fold(query);
    if (!q) return [];
    var words = q.split(' ');
    var found = [];
    Object.keys(NODE_META).forEach(function (id) {
      var info = NODE_META[id];
      var hay = info.search;
      for (var i = 0; i < words.length; i++) if (hay.indexOf(words[i]) < 0) return;
      var label = fold(info.label);
      var rank = label === q ? 0 : (label.indexOf(q) === 0 ? 1 : (hay.indexOf(q) >= 0 ? 2 : 3));
      var typeRank = ['person', 'organisation', 'country', 'event', 'place', 'agreement', 'partnership',
        'topic', 'article'].indexOf(info.type);
      found.push({ id: id, rank: rank, typeRank: typeRank, label: info.label });
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || a.typeRank - b.typeRank || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    });
    return found.map(function (f) { return f.id; });
  }
  function showResults() {
    var list = $('kg-results');
    clear(list);
    results.slice(0, 15).forEach(function (id, i) {
      var info = NODE_META[id];
      var li = el('li');
      var b = el('button');
      b.type = 'button';
      b.setAttribute('data-node', id);
      if (i === activeResult) b.className = 'kg-active';
      b.appendChild(swatch(STYLE[info.key] ? STYLE[info.key].shape : 'dot', STYLE[info.key] ? STYLE[info.key].color : '#999', 11));
      b.appendChild(document.createTextNode(' ' + short(info.label, 60)));
      if (!visibleNodes[id]) b.appendChild(el('span', 'kg-muted', ' (hidden)'));
      b.addEventListener('click', function () { choose(id); });
      li.appendChild(b);
      list.appendChild(li);
    });
    if (results.length > 15) list.appendChild(el('li', 'kg-muted', '… ' + (results.length - 15) + ' more'));
    if ($('kg-search').value && !results.length) list.appendChild(el('li', 'kg-muted', 'no match'));
  }
  function choose(id) {
    if (!visibleNodes[id]) reset();
    select(id, true);
  }
  function buildSearch() {
    var input = $('kg-search');
    input.addEventListener('input', function () {
      results = search(input.value);
      activeResult = 0;
      showResults();
    });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') {
        results = search(input.value);
        if (results.length) choose(results[Math.min(activeResult, results.length - 1)]);
        ev.preventDefault();
      } else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        activeResult = Math.max(0, Math.min(Math.min(results.length, 15) - 1, activeResult + (ev.key === 'ArrowDown' ? 1 : -1)));
        showResults();
        ev.preventDefault();
      } else if (ev.key === 'Escape') {
        input.value = ''; results = []; showResults();
      }
    });
  }

  // ------------------------------------------------------------------ selecting and the details panel
  function select(id, move) {
    if (!NODE_META[id]) return;
    state.selected = id;
    network.selectNodes([id]);
    if (move) {
      var scale = Math.max(network.getScale(), 1.0);
      network.focus(id, { scale: scale, animation: false });
    }
    showNode(id);
  }

  function evidenceBlock(ids, limit) {
    var box = el('div');
    var shown = 0;
    ids.forEach(function (eid) {
      var ev = META.evidence[eid];
      if (!ev || shown >= limit) return;
      shown++;
      var div = el('div', 'kg-ev');
      var q = el('q');
      var s = ev.sentence || '';
      if (ev.span && ev.span.length === 2) {
        q.appendChild(document.createTextNode(s.slice(0, ev.span[0])));
        q.appendChild(el('mark', null, s.slice(ev.span[0], ev.span[1])));
        q.appendChild(document.createTextNode(s.slice(ev.span[1])));
      } else {
        q.textContent = s;
      }
      div.appendChild(q);
      var art = META.articles[ev.article];
      div.appendChild(el('span', 'kg-src', (ev.date ? ev.date + ' · ' : '') +
        (art ? short(art.headline || ev.article, 80) : ev.article) + (ev.rule ? '  [' + ev.rule + ']' : '')));
      box.appendChild(div);
    });
    if (ids.length > shown) box.appendChild(el('div', 'kg-muted', '… ' + (ids.length - shown) + ' more sentence(s)'));
    return box;
  }

  function kv(pairs) {
    var dl = el('dl', 'kg-kv');
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === '' || (p[1].length === 0)) return;
      dl.appendChild(el('dt', null, p[0]));
      dl.appendChild(el('dd', null, Array.isArray(p[1]) ? p[1].join(', ') : p[1]));
    });
    return dl;
  }

  function typeBadge(key) {
    var s = STYLE[key];
    var b = el('span', 'kg-type', typeName(key));
    b.style.background = s ? s.color : '#999';
    return b;
  }

  function datesText(info) {
    var d = info.dates || [];
    if (!d.length) return '';
    return d.length === 1 ? d[0] : d[0] + ' … ' + d[d.length - 1] + ' (' + d.length + ')';
  }

  function resizeGraph() {   // the panel takes room from the canvas: resize now, not on vis's next poll
    network.setSize('100%', '100%');
    network.redraw();
  }
  function openPanel(content) {
    var body = $('kg-panel-body');
    clear(body);
    body.appendChild(content);
    var panel = $('kg-panel');
    if (panel.hidden) { panel.hidden = false; resizeGraph(); }
  }

  function showNode(id) {
    var info = NODE_META[id];
    var box = el('div');
    box.setAttribute('data-node', id);
    box.appendChild(typeBadge(info.key));
    box.appendChild(el('h2', null, info.label));
    box.appendChild(kv([
      ['English', info.labelEn && info.labelEn !== info.label ? info.labelEn : ''],
      ['Also', info.names.slice(0, 8)],
      ['Dates', datesText(info)],
      ['Headline', info.headline || ''],
      ['CAMEO', info.cameo || ''],
      ['PLOVER', info.plover || ''],
      ['IRI', id]
    ]));
    var row = el('div', 'kg-row');
    var fbtn = el('button', null, 'Focus');
    fbtn.type = 'button'; fbtn.id = 'kg-focus-btn';
    fbtn.addEventListener('click', function () { focus(id); });
    row.appendChild(fbtn);
    row.appendChild(el('span', 'kg-muted', 'depth ' + state.depth + ' (set in the sidebar)'));
    box.appendChild(row);
    var conn = adjacency[id] || [];
    if (conn.length) {
      box.appendChild(el('h3', null, 'Connections (' + conn.length + ')'));
      var ul = el('ul', 'kg-list kg-conn');
      conn.slice(0, 60).forEach(function (eid) {
        var e = EDGE_META[eid];
        var other = e.from === id ? e.to : e.from;
        var li = el('li');
        var b = el('button');
        b.type = 'button';
        var text = e.from === id ? e.label + ' → ' + NODE_META[other].label : NODE_META[other].label + ' → ' + e.label;
        b.textContent = short(text, 90);
        if (!visibleEdges[eid]) b.appendChild(el('span', 'kg-muted', ' (hidden)'));
        b.addEventListener('click', function () { showEdge(eid); network.selectEdges([eid]); });
        li.appendChild(b);
        ul.appendChild(li);
      });
      if (conn.length > 60) ul.appendChild(el('li', 'kg-muted', '… ' + (conn.length - 60) + ' more'));
      box.appendChild(ul);
    }
    if (info.evidence.length) {
      box.appendChild(el('h3', null, 'Evidence (' + info.evidence.length + ')'));
      box.appendChild(evidenceBlock(info.evidence, 12));
    }
    if (info.articles.length && info.type !== 'article') {
      box.appendChild(el('h3', null, 'Articles'));
      var al = el('ul', 'kg-list');
      info.articles.slice(0, 20).forEach(function (a) {
        var li = el('li');
        var b = el('button', null, articleName(a));
        b.type = 'button';
        b.addEventListener('click', function () { if (NODE_META[a]) choose(a); });
        li.appendChild(b);
        al.appendChild(li);
      });
      box.appendChild(al);
    }
    openPanel(box);
  }

  function showEdge(eid) {
    var e = EDGE_META[eid];
    var box = el('div');
    box.setAttribute('data-edge', eid);
    box.appendChild(el('h2', null, e.label));
    var vi = (DATA.relations.filter(function (r) { return r.relation === e.relation; })[0] || {}).vi;
    box.appendChild(kv([
      ['Relation', e.relation + (vi ? ' / ' + vi : '')],
      ['From', NODE_META[e.from].label],
      ['To', NODE_META[e.to].label],
      ['Vietnamese', e.labelVi && e.labelVi !== e.label ? e.labelVi : ''],
      ['English', e.labelEn && e.labelEn !== e.label ? e.labelEn : ''],
      ['Qualifiers', e.qualifiers || ''],
      ['Portfolio', e.portfolio || ''],
      ['Host country', e.hostCountry || ''],
      ['First seen', e.firstAttested || ''],
      ['Last seen', e.lastAttested || ''],
      ['Dates', datesText(e)]
    ]));
    var row = el('div', 'kg-row');
    [e.from, e.to].forEach(function (id) {
      var b = el('button', null, short(NODE_META[id].label, 30));
      b.type = 'button';
      b.addEventListener('click', function () { choose(id); });
      row.appendChild(b);
    });
    box.appendChild(row);
    if (e.evidence.length) {
      box.appendChild(el('h3', null, 'Evidence (' + e.evidence.length + ')'));
      box.appendChild(evidenceBlock(e.evidence, 12));
    } else if (e.articles.length) {
      box.appendChild(el('h3', null, 'Source'));
      e.articles.forEach(function (a) { box.appendChild(el('div', null, articleName(a))); });
    } else {
      box.appendChild(el('p', 'kg-muted', 'Reference knowledge (kg/rules).'));
    }
    openPanel(box);
  }

  // ------------------------------------------------------------------ tooltips
  var tooltip = $('kg-tooltip');
  var mouse = { x: 0, y: 0 };
  container.addEventListener('mousemove', function (ev) {
    var r = container.getBoundingClientRect();
    mouse.x = ev.clientX - r.left; mouse.y = ev.clientY - r.top;
  });
  function showTooltip(content, pointer) {
    clear(tooltip);
    tooltip.appendChild(content);
    tooltip.hidden = false;
    var p = pointer && pointer.DOM ? pointer.DOM : mouse;
    var w = container.clientWidth, h = container.clientHeight;
    var tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
    tooltip.style.left = Math.max(0, Math.min(p.x + 14, w - tw - 4)) + 'px';
    tooltip.style.top = Math.max(0, Math.min(p.y + 14, h - th - 4)) + 'px';
  }
  function hideTooltip() { tooltip.hidden = true; }
  function nodeTooltip(id) {
    var info = NODE_META[id];
    var box = el('div');
    box.appendChild(typeBadge(info.key));
    box.appendChild(el('strong', null, info.label));
    if (info.labelEn && info.labelEn !== info.label) box.appendChild(el('div', 'kg-muted', info.labelEn));
    if (info.dates.length) box.appendChild(el('div', null, datesText(info)));
    if (info.evidence.length) box.appendChild(evidenceBlock(info.evidence, 2));
    return box;
  }
  function edgeTooltip(eid) {
    var e = EDGE_META[eid];
    var box = el('div');
    box.appendChild(el('strong', null, e.label));
    box.appendChild(el('div', 'kg-muted', NODE_META[e.from].label + ' → ' + NODE_META[e.to].label));
    if (e.labelEn && e.labelEn !== e.label) box.appendChild(el('div', 'kg-muted', e.labelEn));
    if (e.dates.length) box.appendChild(el('div', null, datesText(e)));
    if (e.evidence.length) box.appendChild(evidenceBlock(e.evidence, 2));
    return box;
  }

  network.on('hoverNode', function (p) { showTooltip(nodeTooltip(p.node), p.pointer); });
  network.on('hoverEdge', function (p) { showTooltip(edgeTooltip(p.edge), p.pointer); });
  network.on('blurNode', hideTooltip);
  network.on('blurEdge', hideTooltip);
  network.on('dragStart', hideTooltip);
  network.on('zoom', hideTooltip);
  network.on('click', function (p) {
    hideTooltip();
    if (p.nodes.length) { state.selected = p.nodes[0]; showNode(p.nodes[0]); }
    else if (p.edges.length) showEdge(p.edges[0]);
  });
  network.on('doubleClick', function (p) { if (p.nodes.length) focus(p.nodes[0]); });
  $('kg-panel-close').addEventListener('click', function () {
    $('kg-panel').hidden = true;
    resizeGraph();
    network.unselectAll();
  });

  // ------------------------------------------------------------------ start
  $('kg-title').textContent = DATA.title;
  (function describeFilters(f) {   // what the page was built with (kg viz --focus/--from/--to/--types)
    var parts = [];
    if (f.focus) parts.push('focus ' + f.focus + ', depth ' + f.depth);
    if (f.from || f.to) parts.push('dates ' + (f.from || '…') + ' to ' + (f.to || '…'));
    if (f.types && f.types.length) parts.push('types ' + f.types.join(', '));
    if (parts.length) $('kg-built').textContent = 'Built with ' + parts.join('; ');
    else $('kg-built').hidden = true;
  })(DATA.filters || {});
  buildLegend();
  buildDateAndArticleControls();
  buildSearch();

  var startedAt = performance.now();
  function markReady() {
    if (window.kgReady) return;
    window.kgReadyAt = performance.now();
    window.kgReady = true;
    document.documentElement.setAttribute('data-ready', '1');
    applyFilters(false);
    window.dispatchEvent(new Event('kg-ready'));
  }
  var physics = DATA.options.physics && DATA.options.physics.enabled;
  if (physics) {
    status('Laying out ' + DATA.nodes.length + ' nodes…');
    network.once('stabilizationIterationsDone', function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit({ animation: false });
      network.once('afterDrawing', markReady);
      network.redraw();
    });
  } else {
    network.once('afterDrawing', markReady);
  }
  network.setData({ nodes: nodes, edges: edges });
  if (!physics) network.fit({ animation: false });

  window.kgViewer = {
    network: network, nodes: nodes, edges: edges, data: DATA, state: state, startedAt: startedAt,
    search: function (q) { $('kg-search').value = q; results = search(q); activeResult = 0; showResults(); return results.slice(); },
    choose: choose, select: select, focus: focus, setTypes: setTypes, setDates: setDates,
    setArticle: setArticle, reset: reset, fold: fold,
    visibleNodeIds: function () { return Object.keys(visibleNodes).sort(); },
    visibleEdgeIds: function () { return Object.keys(visibleEdges).sort(); },
    showNode: showNode, showEdge: showEdge
  };
})();
