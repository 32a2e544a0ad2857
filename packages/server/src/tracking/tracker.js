/*
 * mops first-party tracking script, served as /t.js (wire protocol: docs/tracking-protocol.md).
 * Plain ES2017, no dependencies, no build step. tracker-script.ts puts the JSON configuration in
 * place of the placeholder on the last line and strips comment lines and indentation before
 * serving, so comments stay on their own lines here (never after code on the same line).
 * Rules: every entry point is wrapped in try/catch (a tracking bug must never break the host
 * page), and the only global is `mops`.
 */
((w, d, C) => {
  function main() {
    const nav = w.navigator;
    const prev = w.mops;
    // Loaded twice on one page: the first copy keeps running, the second does nothing.
    if (prev && prev.loaded) return;
    const VID = 'mops_vid';
    const SID = 'mops_sid';
    const FT = 'mops_ft';
    const UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'utm_id'];
    const CLICK = [
      'gclid',
      'gbraid',
      'wbraid',
      'dclid',
      'fbclid',
      'msclkid',
      'li_fat_id',
      'ttclid',
      'twclid',
      'rdt_cid',
      'sccid',
      'epik',
      'yclid',
    ];
    const FORM_UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];
    // The server's body limit is 64 KB; stay below it with room for the batch envelope.
    const MAX_BODY = 60000;
    const MAX_EVENTS = 20;
    const MAX_QUEUE = 500;
    const MAX_PENDING = 50;
    const https = w.location.protocol === 'https:';
    const sessionMs = C.session_minutes * 60000;

    let queue = [];
    let retry = [];
    let pending = [];
    let timer = 0;
    let queued = 0;
    let started = false;
    let consented = false;
    let denied = false;
    let store = null;
    let vid = '';
    let sid = '';
    let ft = null;

    function now() {
      return Date.now();
    }
    function cut(s, n) {
      s = s == null ? '' : String(s);
      return s.length > n ? s.slice(0, n) : s;
    }
    function uuid() {
      const c = w.crypto;
      try {
        if (c.randomUUID) return c.randomUUID();
      } catch (_e) {
        // randomUUID exists only in secure contexts (https, localhost): build a v4 UUID by hand.
      }
      return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (x) => {
        const r = c && c.getRandomValues ? c.getRandomValues(new Uint8Array(1))[0] : Math.random() * 256;
        return (x ^ (r & (15 >> (x / 4)))).toString(16);
      });
    }
    // Ids read back from storage go into the batch envelope verbatim, so only well-formed ones count.
    function isId(s) {
      return (
        typeof s === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)
      );
    }
    function bytes(s) {
      try {
        return new TextEncoder().encode(s).length;
      } catch (_e) {
        return s.length * 3;
      }
    }

    // ---- cookies and their fallbacks ----
    function readCookie(name) {
      try {
        const parts = d.cookie ? d.cookie.split('; ') : [];
        for (let i = 0; i < parts.length; i++) {
          const eq = parts[i].indexOf('=');
          if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
        }
      } catch (_e) {
        // Sandboxed documents throw on document.cookie.
      }
      return null;
    }
    function writeCookie(name, value, secs, domain) {
      d.cookie =
        name +
        '=' +
        encodeURIComponent(value) +
        '; path=/; max-age=' +
        secs +
        (domain ? `; domain=${domain}` : '') +
        '; SameSite=Lax' +
        (https ? '; Secure' : '');
    }
    // The widest domain that accepts a cookie is the registrable domain (browsers refuse public
    // suffixes), so www.example.com and app.example.com share one visitor id.
    function cookieDomain() {
      const host = w.location.hostname;
      if (!host || host.indexOf('.') < 0 || /^[\d.]+$/.test(host) || host.indexOf(':') >= 0) return '';
      const labels = host.split('.');
      for (let i = labels.length - 2; i > 0; i--) {
        const dom = labels.slice(i).join('.');
        writeCookie('mops_t', '1', 10, dom);
        if (readCookie('mops_t') === '1') {
          writeCookie('mops_t', '', 0, dom);
          return dom;
        }
      }
      return '';
    }
    function cookieStore() {
      writeCookie('mops_t', '1', 10, '');
      if (readCookie('mops_t') !== '1') return null;
      writeCookie('mops_t', '', 0, '');
      const dom = cookieDomain();
      return {
        cookies: true,
        get: readCookie,
        set: (n, v, secs) => {
          writeCookie(n, v, secs, dom);
        },
      };
    }
    function webStore(area) {
      const s = w[area];
      s.setItem('mops_t', '1');
      s.removeItem('mops_t');
      return {
        cookies: false,
        get: (n) => {
          const e = JSON.parse(s.getItem(n) || 'null');
          return e && e[1] > now() ? e[0] : null;
        },
        set: (n, v, secs) => {
          if (secs > 0) s.setItem(n, JSON.stringify([v, now() + secs * 1000]));
          else s.removeItem(n);
        },
      };
    }
    function memoryStore() {
      const m = {};
      return {
        cookies: false,
        get: (n) => (m[n] == null ? null : m[n]),
        set: (n, v, secs) => {
          m[n] = secs > 0 ? v : null;
        },
      };
    }
    function pickStore() {
      const makers = [cookieStore, webStore.bind(null, 'localStorage'), memoryStore];
      for (let i = 0; i < makers.length; i++) {
        try {
          const s = makers[i]();
          if (s) return s;
        } catch (_e) {
          // Storage blocked (cookies disabled make localStorage throw): try the next one.
        }
      }
      return memoryStore();
    }
    function forget() {
      const names = [VID, SID, FT, 'mops_t'];
      const host = w.location.hostname.split('.');
      for (let i = 0; i < names.length; i++) {
        try {
          writeCookie(names[i], '', 0, '');
          for (let j = 0; j < host.length - 1; j++) writeCookie(names[i], '', 0, host.slice(j).join('.'));
          w.localStorage.removeItem(names[i]);
          w.sessionStorage.removeItem(names[i]);
        } catch (_e) {
          // Nothing stored there.
        }
      }
    }

    // ---- visitor, session, first touch ----
    // Values are capped so the first touch fits in its cookie (browsers drop cookies over ~4 KB);
    // each event's url still carries the raw values in full.
    function params() {
      const out = { utm: {}, click_ids: {} };
      const q = new URLSearchParams(w.location.search);
      q.forEach((v, k) => {
        const key = k.toLowerCase();
        if (UTM.indexOf(key) >= 0 && !out.utm[key]) out.utm[key] = cut(v, 200);
        if (CLICK.indexOf(key) >= 0 && !out.click_ids[key]) out.click_ids[key] = cut(v, 200);
      });
      return out;
    }
    function session() {
      const t = now();
      const raw = store.get(SID);
      const parts = raw ? raw.split('.') : [];
      if (parts.length === 2 && isId(parts[0]) && t - Number(parts[1]) < sessionMs) {
        sid = parts[0];
        if (!ft) {
          try {
            ft = JSON.parse(store.get(FT) || 'null');
          } catch (_e) {
            ft = null;
          }
          if (!ft || typeof ft !== 'object' || !ft.utm || !ft.click_ids) ft = null;
        }
      } else {
        sid = uuid();
        ft = null;
      }
      if (!ft) {
        const p = params();
        ft = {
          utm: p.utm,
          click_ids: p.click_ids,
          referrer: cut(d.referrer, 500),
          landing_url: cut(w.location.href, 500),
          ts: t,
        };
      }
      const secs = Math.ceil(sessionMs / 1000);
      store.set(SID, `${sid}.${t}`, secs);
      store.set(FT, JSON.stringify(ft), secs);
    }
    function start() {
      store = pickStore();
      vid = store.get(VID);
      if (!isId(vid)) vid = uuid();
      store.set(VID, vid, Math.round(C.cookie_days * 86400));
      started = true;
      const p = pending;
      pending = [];
      for (let i = 0; i < p.length; i++) enqueue(p[i]);
      fillForms();
    }

    // ---- consent ----
    function doNotTrack() {
      return (
        C.respect_dnt && (nav.doNotTrack === '1' || w.doNotTrack === '1' || nav.globalPrivacyControl === true)
      );
    }
    function allowed() {
      const c = readCookie(C.consent_cookie);
      if (denied || c === '0') return false;
      return !C.require_consent || consented || c === '1';
    }
    function consent(yes) {
      if (yes) {
        denied = false;
        consented = true;
        writeCookie(C.consent_cookie, '1', Math.round(C.cookie_days * 86400), '');
        if (!started) start();
        return;
      }
      denied = true;
      started = false;
      queue = [];
      queued = 0;
      retry = [];
      pending = [];
      forget();
      // Remembered so that the next page does not track again when consent is not required.
      writeCookie(C.consent_cookie, '0', Math.round(C.cookie_days * 86400), '');
    }

    // ---- events ----
    function event(type, name, data, key) {
      const loc = w.location;
      const e = {
        event_id: uuid(),
        type: type,
        ts: now(),
        url: cut(loc.href, 16384),
        path: cut(loc.pathname, 2048),
        title: cut(d.title, 1000),
        referrer: cut(d.referrer, 4096),
      };
      if (name != null) e.name = cut(name, 200);
      if (data && typeof data === 'object') e[key] = data;
      record(e);
    }
    function record(e) {
      if (denied) return;
      if (!started) {
        if (allowed()) start();
        else {
          if (pending.length < MAX_PENDING) pending.push(e);
          return;
        }
      }
      enqueue(e);
    }
    function enqueue(e) {
      session();
      e.session_first_touch = ft;
      let s = JSON.stringify(e);
      let n = bytes(s);
      if (n > MAX_BODY - 1000) {
        // Only properties or traits can still be this large after the caps above: drop them.
        delete e.properties;
        delete e.traits;
        e.truncated = true;
        s = JSON.stringify(e);
        n = bytes(s);
      }
      if (queue.length >= MAX_QUEUE) queued -= queue.shift().n;
      queue.push({ s: s, n: n, sid: sid });
      queued += n;
      // Browsers allow 64 KB of beacons in flight per page: sending early keeps what is left for
      // pagehide small enough to still go out.
      if (queue.length >= MAX_EVENTS || queued >= MAX_BODY / 2) flush();
      else if (!timer) timer = setTimeout(safeFlush, C.flush_ms);
    }
    function endpoint() {
      let base = C.endpoint;
      if (!base) {
        const el = d.currentScript;
        base = el && el.src ? el.src : '';
        base = base ? new URL(base, w.location.href).origin : w.location.origin;
      }
      return `${base.replace(/\/+$/, '')}/v1/t`;
    }
    const url = endpoint();

    function flush() {
      clearTimeout(timer);
      timer = 0;
      if (!started || !allowed()) return;
      const again = retry;
      retry = [];
      for (let i = 0; i < again.length; i++) send(again[i], true);
      while (queue.length) {
        const b = { id: uuid(), sid: queue[0].sid, parts: [] };
        let size = 300;
        while (
          queue.length &&
          b.parts.length < MAX_EVENTS &&
          queue[0].sid === b.sid &&
          (b.parts.length === 0 || size + queue[0].n + 1 <= MAX_BODY)
        ) {
          const item = queue.shift();
          b.parts.push(item.s);
          size += item.n + 1;
        }
        send(b, false);
      }
      queued = 0;
    }
    function safeFlush() {
      try {
        flush();
      } catch (_e) {
        // Never let a send error escape into the host page.
      }
    }
    function send(b, last) {
      const body =
        '{"v":1,"batch_id":"' +
        b.id +
        '","visitor_id":"' +
        vid +
        '","session_id":"' +
        b.sid +
        '","sent_at":' +
        now() +
        ',"cookies":' +
        store.cookies +
        ',"events":[' +
        b.parts.join(',') +
        ']}';
      let failed = false;
      const fail = () => {
        // Retried once on the next flush (same batch_id, so the server can drop a duplicate), then dropped.
        if (failed || last || denied) return;
        failed = true;
        if (retry.length < 10) retry.push(b);
        if (!timer) timer = setTimeout(safeFlush, C.flush_ms);
      };
      const type = 'text/plain;charset=UTF-8';
      try {
        if (nav.sendBeacon) {
          // A string body goes as text/plain;charset=UTF-8: a CORS simple request, no preflight.
          if (!nav.sendBeacon(url, body)) fail();
        } else if (w.fetch) {
          w.fetch(url, {
            method: 'POST',
            body: body,
            keepalive: true,
            mode: 'no-cors',
            credentials: 'omit',
            headers: { 'Content-Type': type },
          }).catch(fail);
        } else {
          const x = new XMLHttpRequest();
          x.open('POST', url, true);
          x.setRequestHeader('Content-Type', type);
          x.onerror = fail;
          x.onload = () => {
            if (x.status >= 500) fail();
          };
          x.send(body);
        }
      } catch (_e) {
        fail();
      }
    }

    // ---- forms ----
    function fillForm(f) {
      const values = { mops_visitor_id: vid };
      let i;
      for (i = 0; i < FORM_UTM.length; i++) values[FORM_UTM[i]] = (ft && ft.utm[FORM_UTM[i]]) || '';
      for (i = 0; i < CLICK.length; i++)
        if (ft && ft.click_ids[CLICK[i]]) values[CLICK[i]] = ft.click_ids[CLICK[i]];
      for (const name in values) {
        let el = f.querySelector(`input[name="${name}"]`);
        if (!el) {
          el = d.createElement('input');
          el.type = 'hidden';
          el.name = name;
          f.appendChild(el);
        }
        // A value the page set itself wins, except the visitor id, which only mops knows.
        if (el.type === 'hidden' && (name === 'mops_visitor_id' || !el.value)) el.value = values[name];
      }
    }
    function isMopsForm(f) {
      if (!f || f.nodeName !== 'FORM') return false;
      if (f.hasAttribute('data-mops-form')) return true;
      try {
        const a = new URL(f.getAttribute('action') || '', w.location.href);
        return a.origin === new URL(url).origin && a.pathname.indexOf('/v1/forms/') === 0;
      } catch (_e) {
        return false;
      }
    }
    function fillForms() {
      try {
        if (!started) return;
        const forms = d.forms;
        for (let i = 0; i < forms.length; i++) if (isMopsForm(forms[i])) fillForm(forms[i]);
      } catch (_e) {
        // A broken form must not stop the page.
      }
    }

    // ---- the public function ----
    function command(args) {
      const cmd = args[0];
      if (cmd === 'consent') consent(!!args[1]);
      else if (cmd === 'track' && args[1] && typeof args[1] === 'string')
        event('track', args[1], args[2], 'properties');
      else if (cmd === 'page') {
        event('page_view', null, args[1], 'properties');
        fillForms();
      } else if (cmd === 'identify' && args[1] && typeof args[1] === 'object')
        event('identify', null, args[1], 'traits');
    }
    function api(...args) {
      try {
        if (!doNotTrack()) command(args);
      } catch (_e) {
        // Bad arguments from the host page are ignored.
      }
    }
    api.loaded = true;
    const early = (prev && prev.q) || [];
    w.mops = api;
    if (doNotTrack()) return;
    // Consent commands queued before the script loaded decide whether anything else may run.
    for (let i = 0; i < early.length; i++)
      if (early[i] && early[i][0] === 'consent') api.apply(null, early[i]);
    api('page');
    for (let j = 0; j < early.length; j++)
      if (early[j] && early[j][0] !== 'consent') api.apply(null, early[j]);

    const hide = () => {
      safeFlush();
    };
    w.addEventListener('pagehide', hide);
    d.addEventListener('visibilitychange', () => {
      if (d.visibilityState === 'hidden') hide();
    });
    d.addEventListener(
      'submit',
      (ev) => {
        try {
          if (started && isMopsForm(ev.target)) fillForm(ev.target);
        } catch (_e) {
          // The form still submits.
        }
      },
      true,
    );
    if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', fillForms);
  }
  try {
    main();
  } catch (_e) {
    // Whatever fails here, the host page goes on.
  }
})(window, document, __MOPS_CONFIG__);
