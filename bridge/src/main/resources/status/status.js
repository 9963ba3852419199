// pbx-bridge status page. Plain JavaScript, no build step, nothing loaded from elsewhere.
// The server renders every section; this script re-fetches the page every few seconds to refresh
// them, and follows the live lines as Server-Sent Events (/events), pausable and filterable. The fleet
// table is paged and filtered by the server (?page=&q=&state=); typing filters the rows shown at once.
(() => {
  'use strict';
  const MAX_LINES = 500;        // lines kept on screen (and held while paused): the browser stays bounded too
  const REFRESH_MS = 3000;
  const BUSY_RETRY_MS = 10000;  // the server caps open streams; wait before asking again
  const $ = (id) => document.getElementById(id);
  const live = $('live');
  const held = [];
  let paused = false;
  let lastSeq = 0;
  let heldOverflow = 0;
  let follow = true; // keep the newest line in view unless the reader scrolled up

  for (const el of live.children) lastSeq = Math.max(lastSeq, Number(el.dataset.seq) || 0);

  function conn(text, cls) {
    const c = $('conn');
    c.textContent = text;
    c.className = 'conn ' + (cls || '');
  }

  function filterFleet() {
    const q = $('fleet-filter').value.trim().toLowerCase();
    for (const tr of $('fleet-rows').rows) tr.hidden = q !== '' && !tr.textContent.toLowerCase().includes(q);
  }

  function wanted(el) {
    const pbx = $('live-pbx').value;
    const type = $('live-type').value;
    return (!pbx || el.dataset.pbx === pbx) && (!type || el.dataset.type === type);
  }

  function filterLive() {
    for (const el of live.children) el.hidden = !wanted(el);
    keepNewestInView();
  }

  function addLine(d) {
    const el = document.createElement('div');
    el.className = 'line t-' + d.type + (d.failure ? ' failure' : '');
    el.dataset.seq = d.seq;
    el.dataset.pbx = d.pbx;
    el.dataset.type = d.type;
    el.textContent = d.text;
    el.hidden = !wanted(el);
    live.appendChild(el);
    while (live.children.length > MAX_LINES) live.removeChild(live.firstChild);
    keepNewestInView();
  }

  function keepNewestInView() {
    if (follow) live.scrollTop = live.scrollHeight;
  }

  function note(text) {
    $('live-status').textContent = text;
  }

  function showHeld() {
    note(paused ? 'paused: ' + held.length + ' new line(s) held' + (heldOverflow ? ', ' + heldOverflow + ' older ones let go' : '') : '');
  }

  $('pause').addEventListener('click', () => {
    paused = !paused;
    $('pause').textContent = paused ? 'Resume' : 'Pause';
    $('pause').setAttribute('aria-pressed', String(paused));
    if (!paused) {
      held.splice(0).forEach(addLine);
      heldOverflow = 0;
    }
    showHeld();
  });
  $('live-pbx').addEventListener('change', filterLive);
  $('live-type').addEventListener('change', filterLive);
  $('fleet-filter').addEventListener('input', filterFleet);
  live.addEventListener('scroll', () => {
    follow = live.scrollTop + live.clientHeight >= live.scrollHeight - 8;
  });

  function connect() {
    const events = new EventSource('events?after=' + lastSeq);
    events.addEventListener('line', (ev) => {
      const d = JSON.parse(ev.data);
      if (d.seq <= lastSeq) return;
      lastSeq = d.seq;
      if (!paused) {
        addLine(d);
        return;
      }
      held.push(d);
      if (held.length > MAX_LINES) {
        held.shift();
        heldOverflow++;
      }
      showHeld();
    });
    events.addEventListener('gap', (ev) => {
      note(JSON.parse(ev.data).dropped + ' line(s) skipped: this browser read too slowly');
    });
    events.onopen = () => conn('live', 'ok');
    events.onerror = () => {
      if (events.readyState === EventSource.CLOSED) {
        // Refused (e.g. 503: too many open streams) or unauthorised: EventSource gives up; try again later.
        conn('live stream unavailable, retrying', 'bad');
        setTimeout(connect, BUSY_RETRY_MS);
      } else {
        conn('reconnecting', 'warn'); // EventSource retries by itself, resuming after the last line
      }
    };
  }

  function syncPbxOptions(doc) {
    const select = $('live-pbx');
    const fresh = doc.getElementById('live-pbx');
    if (!fresh) return;
    const ids = (s) => Array.from(s.options).map((o) => o.value).join('\n');
    if (ids(fresh) === ids(select)) return;
    const chosen = select.value;
    select.replaceChildren(...Array.from(fresh.options).map((o) => document.adoptNode(o)));
    select.value = chosen;
  }

  async function refresh() {
    try {
      // The same page of the fleet table, with the same filter (the server pages a big fleet).
      const response = await fetch('./' + location.search, { cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
      for (const id of ['meta', 'fleet-summary', 'fleet-rows', 'fleet-pages', 'group', 'problems', 'streams']) {
        const fresh = doc.getElementById(id);
        if (fresh) $(id).replaceWith(document.adoptNode(fresh));
      }
      syncPbxOptions(doc);
      filterFleet();
    } catch (e) {
      conn('refresh failed: ' + e.message, 'bad');
    }
    setTimeout(refresh, REFRESH_MS);
  }

  keepNewestInView();
  connect();
  setTimeout(refresh, REFRESH_MS);
})();
