// Pantau KUBE map view: one MapLibre map per page element, kept across Streamlit reruns.
// New data (analytics/charts/map_view.py) only swaps boundaries, colours, legend and view, so a
// drill-down does not create a new WebGL context. Hover shows name, code, value; click reports
// the region's code to Python as the trigger "click".
const modules = {};

function absolute(url) {
  return new URL(url, document.baseURI).href;
}

function library(url) {
  if (!modules[url]) {
    // prewarm: MapLibre's workers outlive a map, so returning to the page does not start them again
    modules[url] = import(absolute(url)).then((maplibre) => { maplibre.prewarm(); return maplibre; });
  }
  return modules[url];
}

function stylesheet(url) {
  const href = absolute(url);
  if ([...document.querySelectorAll('link[rel=stylesheet]')].some((l) => l.href === href)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.appendChild(link);
}

function add(tag, className, parent) {
  const node = document.createElement(tag);
  node.className = className;
  parent.appendChild(node);
  return node;
}

function boundaries(spec) {
  return typeof spec.boundaries === 'string' ? absolute(spec.boundaries) : spec.boundaries;
}

// The hover outline's filter: one region's code, or none ('').
function outlined(key, code) {
  return ['==', ['to-string', ['get', key]], code];
}

function fillColour(spec) {
  const pairs = Object.entries(spec.regions).flatMap(([code, r]) => [code, r[0]]);
  const missing = spec.legend.no_data_colour;
  return pairs.length ? ['match', ['to-string', ['get', spec.key]], ...pairs, missing] : missing;
}

function drawLegend(view, legend) {
  const box = view.legend;
  box.replaceChildren();
  if (legend.gradient.length) {
    add('div', 'kube-map-legend-title', box).textContent = legend.title;
    const scale = add('div', 'kube-map-legend-scale', box);
    const bar = add('div', 'kube-map-legend-bar', scale);
    bar.style.background = `linear-gradient(to top, ${legend.gradient.map(([p, c]) => `${c} ${p * 100}%`).join(', ')})`;
    for (const [position, label] of legend.ticks) {
      const tick = add('div', 'kube-map-legend-tick', scale);
      tick.style.bottom = `${position * 100}%`;
      tick.textContent = label;
    }
  }
  if (legend.no_data_label) {
    const row = add('div', 'kube-map-legend-nodata', box);
    add('span', 'kube-map-swatch', row).style.background = legend.no_data_colour;
    add('span', '', row).textContent = legend.no_data_label;
  }
}

function showTip(view, event) {
  const feature = event.features && event.features[0];
  if (!feature) return;
  const spec = view.spec;
  const code = String(feature.properties[spec.key]);
  const region = spec.regions[code];
  view.map.setFilter('regions-hover', outlined(spec.key, code));
  view.map.getCanvas().style.cursor = 'pointer';
  const tip = view.tip;
  tip.replaceChildren();
  add('b', '', tip).textContent = region ? region[1] : feature.properties.name;
  add('span', '', tip).textContent = ` (${code})`;
  add('div', '', tip).textContent = `${spec.metric_label}: ${region ? region[2] : spec.legend.no_data_label}`;
  tip.style.display = 'block';
  const box = view.canvas.getBoundingClientRect();
  const rootBox = view.root.getBoundingClientRect();
  const flip = event.point.x + 14 + tip.offsetWidth > box.width;     // near the right edge: to the left
  const x = flip ? event.point.x - 14 - tip.offsetWidth : event.point.x + 14;
  tip.style.left = `${box.left - rootBox.left + Math.max(0, x)}px`;
  tip.style.top = `${box.top - rootBox.top + event.point.y + 14}px`;
}

function hideTip(view) {
  view.tip.style.display = 'none';
  if (view.map) {
    view.map.setFilter('regions-hover', outlined(view.spec.key, ''));
    view.map.getCanvas().style.cursor = '';
  }
}

function fit(view, spec) {
  const [lon0, lat0, lon1, lat1] = spec.bounds;
  view.map.fitBounds([[lon0, lat0], [lon1, lat1]], {padding: 16, animate: false});
}

// Marks the element "drawn" once MapLibre is idle with this spec's boundaries loaded; the
// benchmark and the browser tests wait for it.
function markWhenDrawn(view, round) {
  const check = () => {
    if (round !== view.round) return;
    if (view.map.isSourceLoaded(view.source) && view.map.loaded()) view.root.dataset.state = 'drawn';
    else view.map.once('idle', check);
  };
  view.map.once('idle', check);
  view.map.triggerRepaint();      // 'idle' follows a frame: make sure one comes even if nothing changed
}

function draw(view, spec) {
  view.spec = spec;
  view.round += 1;
  view.root.dataset.state = 'drawing';
  view.root.dataset.boundaries = typeof spec.boundaries === 'string' ? spec.boundaries : 'inline';
  view.title.textContent = spec.title || '';
  view.subtitle.textContent = spec.subtitle || '';
  view.root.setAttribute('aria-label', [spec.title, spec.subtitle].filter(Boolean).join(', '));
  view.canvas.style.height = `${spec.height}px`;
  drawLegend(view, spec.legend);
  if (!view.ready) return;
  const map = view.map;
  const data = boundaries(spec);
  if (data !== view.boundaries) {
    view.boundaries = data;
    hideTip(view);
    if (view.prefetched && view.prefetched.url === data) {
      useSource(view, view.prefetched.source, spec);
    } else {
      dropPrefetch(view);
      map.getSource(view.source).setData(data);
    }
    view.moved = false;
    fit(view, spec);
  }
  map.setPaintProperty('regions-fill', 'fill-color', fillColour(spec));
  markWhenDrawn(view, view.round);
}

function regionLayers(source, spec) {
  return [
    {id: 'regions-fill', type: 'fill', source, paint: {'fill-color': fillColour(spec)}},
    {id: 'regions-line', type: 'line', source, paint: {'line-color': '#ffffff', 'line-width': 0.6}},
    {id: 'regions-hover', type: 'line', source, filter: outlined(spec.key, ''),
      paint: {'line-color': '#222222', 'line-width': 2}},
  ];
}

// A click on a province starts the drill-down at once: the map zooms to the province and loads
// its regencies into a second, invisible source while the server works out their figures.
function prefetch(view, code) {
  const spec = view.spec;
  if (!spec.drill || !spec.drill.bounds[code] || !view.ready) return;
  const map = view.map;
  dropPrefetch(view);
  const source = view.source === 'regions-a' ? 'regions-b' : 'regions-a';
  const url = absolute(spec.drill.url.replace('{code}', code));
  map.addSource(source, {type: 'geojson', data: url});
  map.addLayer({id: 'prefetch', type: 'fill', source, paint: {'fill-opacity': 0}}, 'regions-fill');
  view.prefetched = {url, source};
  const [lon0, lat0, lon1, lat1] = spec.drill.bounds[code];
  map.fitBounds([[lon0, lat0], [lon1, lat1]], {padding: 16, animate: false});
}

function dropPrefetch(view) {
  const map = view.map;
  if (map.getLayer('prefetch')) map.removeLayer('prefetch');
  if (view.prefetched && map.getSource(view.prefetched.source)) map.removeSource(view.prefetched.source);
  view.prefetched = null;
}

// Point the region layers at another source (one already loaded by `prefetch`).
function useSource(view, source, spec) {
  const map = view.map;
  const old = view.source;
  for (const id of ['prefetch', 'regions-hover', 'regions-line', 'regions-fill']) {
    if (map.getLayer(id)) map.removeLayer(id);
  }
  for (const layer of regionLayers(source, spec)) map.addLayer(layer);
  map.removeSource(old);
  view.source = source;
  view.prefetched = null;
}

function create(view, maplibre, spec) {
  const data = boundaries(spec);
  const [lon0, lat0, lon1, lat1] = spec.bounds;
  const map = new maplibre.Map({
    container: view.canvas,
    fadeDuration: 0,
    style: {
      version: 8,
      transition: {duration: 0, delay: 0},      // colours swap at once (default: a 300 ms fade)
      sources: {'regions-a': {type: 'geojson', data}},
      layers: [
        {id: 'background', type: 'background', paint: {'background-color': '#ffffff'}},
        ...regionLayers('regions-a', spec),
      ],
    },
    bounds: [[lon0, lat0], [lon1, lat1]],
    fitBoundsOptions: {padding: 16},
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    renderWorldCopies: false,
    maxZoom: 12,
  });
  map.addControl(new maplibre.NavigationControl({showCompass: false}), 'top-left');
  map.touchZoomRotate.disableRotation();
  view.map = map;
  view.source = 'regions-a';
  view.root.__map = map;
  view.boundaries = data;
  map.on('load', () => {
    view.ready = true;
    draw(view, view.spec);
  });
  map.on('mousemove', 'regions-fill', (event) => showTip(view, event));
  map.on('mouseleave', 'regions-fill', () => hideTip(view));
  map.on('click', 'regions-fill', (event) => {
    const feature = event.features && event.features[0];
    if (!feature) return;
    const code = String(feature.properties[view.spec.key]);
    view.report(code);
    prefetch(view, code);
  });
  // The element often gets its final width after the map was created: fit again unless the
  // user has already zoomed or panned.
  map.on('movestart', (event) => { if (event.originalEvent) view.moved = true; });
  new ResizeObserver(() => {
    map.resize();
    if (!view.moved) fit(view, view.spec);
  }).observe(view.canvas);
}

export default function ({ parentElement, data, setTriggerValue }) {
  if (data.preload) {
    // Every page: fetch and start the library once the page has settled (5 s, then idle time, so
    // a slow first render is not slowed further); the first visit to the map then need not wait.
    if (!modules[data.library.module]) {
      setTimeout(() => (window.requestIdleCallback || setTimeout)(() => library(data.library.module)), 5000);
    }
    return undefined;
  }
  let view = parentElement.__kubeMap;
  if (!view) {
    const root = add('div', 'kube-map', parentElement);
    root.setAttribute('role', 'figure');
    const head = add('div', 'kube-map-head', root);
    const body = add('div', 'kube-map-body', root);
    view = {
      root, title: add('div', 'kube-map-title', head), subtitle: add('div', 'kube-map-subtitle', head),
      canvas: add('div', 'kube-map-canvas', body), legend: add('div', 'kube-map-legend', body),
      tip: add('div', 'kube-map-tip', root), map: null, ready: false, round: 0, boundaries: null,
    };
    parentElement.__kubeMap = view;
  }
  view.report = (code) => setTriggerValue('click', code);
  const spec = data.spec;
  stylesheet(data.library.css);
  draw(view, spec);
  if (!view.map && !view.loading) {
    view.loading = library(data.library.module).then((maplibre) => create(view, maplibre, view.spec));
  }
  return () => {
    if (view.map) view.map.remove();
    delete parentElement.__kubeMap;
  };
}
