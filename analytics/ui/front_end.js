/* Pantau KUBE: additions to Streamlit's index.html (analytics/ui/front_end.py). `config` is
   {pages: our url paths, tablePages: those that show a table, chart: the chart library's chunk,
   table: the table grid's chunk or null}. */
(function (config) {
  const parts = location.pathname.split('/').filter(Boolean);
  const page = parts[parts.length - 1];

  // Where the server is, for a link to one of our pages: without it Streamlit first asks
  // /<page>/_stcore/health, gets a 404 and tries the parent after a back-off.
  if (page && config.pages.includes(page)) {
    window.__streamlit = Object.assign(window.__streamlit || {}, {
      BACKEND_BASE_URL: location.origin + '/' + parts.slice(0, -1).map((p) => p + '/').join('')});
  }

  // The chart library evaluated once the page has reached the server (its host-config answer),
  // i.e. while the server runs the script; at the latest 3 s after the page loaded. On a page
  // that shows tables, the table grid's code follows it.
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    import(config.chart).then(() => config.table && config.tablePages.includes(page) && import(config.table));
  };
  new PerformanceObserver((list, observer) => {
    if (list.getEntries().some((e) => e.name.endsWith('_stcore/host-config'))) {
      observer.disconnect();
      setTimeout(start, 0);
    }
  }).observe({type: 'resource', buffered: true});
  addEventListener('load', () => setTimeout(start, 3000));

  // Streamlit's top menu names its overflow "N more" in English; in Indonesian (the language the
  // page's style names, analytics/ui/frame.py) it reads "N lainnya". Re-applied on every change.
  const english = () => getComputedStyle(document.documentElement).getPropertyValue('--kube-lang').includes('en');
  const relabel = () => {
    const nav = document.querySelector('[data-testid=stTopNav]');
    if (!nav) return;
    const walker = document.createTreeWalker(nav, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const found = /^(\d+) (more|lainnya)$/.exec(node.nodeValue);
      const label = found && `${found[1]} ${english() ? 'more' : 'lainnya'}`;
      if (label && label !== node.nodeValue) node.nodeValue = label;
    }
  };
  new MutationObserver(relabel).observe(document.documentElement, {childList: true, subtree: true, characterData: true});
})(KUBE_FRONT_END_CONFIG);
