import { randomBytes } from 'node:crypto';
import type { CompiledForm, Page } from '@mops/core';
import { Hono } from 'hono';
import { MopsError } from '../../errors.ts';
import type { AppDeps, AppEnv } from '../context.ts';

/**
 * Landing pages from the playbook's `pages:` at `/p/{slug}`: the page's text, the tracking script,
 * and the form embedded. The form posts to the form endpoint with the visitor id and the visit's
 * UTMs in hidden fields (filled by /t.js), and shows the result without leaving the page.
 */
export function pageRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/:slug', (c) => {
    const playbook = deps.playbooks.current();
    const page = playbook.pages.get(c.req.param('slug'));
    if (!page)
      throw new MopsError(
        'NOT_FOUND',
        `no page "${c.req.param('slug').slice(0, 100)}"; pages are listed under pages: in the playbook`,
      );
    const form = page.form ? (playbook.forms.get(page.form) ?? null) : null;
    const nonce = randomBytes(16).toString('base64');
    c.header(
      'Content-Security-Policy',
      `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'`,
    );
    c.header('Cache-Control', 'no-cache');
    return c.html(renderPage(page, form, nonce, playbook.pages));
  });
  return app;
}

function renderPage(
  page: Page,
  form: CompiledForm | null,
  nonce: string,
  pages: ReadonlyMap<string, Page>,
): string {
  const paragraphs = (page.body ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
  const nav = [...pages.values()]
    .map(
      (p) =>
        `<a href="/p/${escapeHtml(p.slug)}"${p.slug === page.slug ? ' aria-current="page"' : ''}>${escapeHtml(p.title.split(/[—|-]/)[0]?.trim() ?? p.slug)}</a>`,
    )
    .join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1d2433; }
nav { font-size: .9rem; margin-bottom: 2rem; } label { display: block; margin-top: .75rem; font-weight: 600; }
input { width: 100%; padding: .5rem; font: inherit; box-sizing: border-box; } button { margin-top: 1rem; padding: .6rem 1.2rem; font: inherit; }
.hp { position: absolute; left: -10000px; } .error { color: #b00020; font-size: .9rem; } #mops-result { margin-top: 1rem; }
</style>
<script async src="/t.js"></script>
</head>
<body>
<nav>${nav}</nav>
<main>
<h1>${escapeHtml(page.headline ?? page.title)}</h1>
${paragraphs}
${form ? renderForm(form, nonce) : ''}
</main>
</body>
</html>
`;
}

function renderForm(form: CompiledForm, nonce: string): string {
  const inputs = form.compiledFields
    .map((field) => {
      const label = labelOf(form, field.name);
      const type = field.name === 'email' ? 'email' : field.name === 'phone' ? 'tel' : 'text';
      const name = escapeHtml(field.name);
      return `<label for="f-${name}">${escapeHtml(label)}${field.required ? ' *' : ''}</label>
<input id="f-${name}" name="${name}" type="${type}" maxlength="${field.maxLength}"${field.required ? ' required' : ''}${field.name === 'email' ? ' autocomplete="email"' : ''}>
<div class="error" data-error-for="${name}"></div>`;
    })
    .join('\n');
  return `<form id="mops-form" data-mops-form method="post" action="/v1/forms/${encodeURIComponent(form.id)}/submissions">
<h2>${escapeHtml(form.title ?? 'Get in touch')}</h2>
${inputs}
<div class="hp" aria-hidden="true"><label for="f-hp">Leave this empty</label><input id="f-hp" name="${escapeHtml(form.honeypot)}" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="page_url">
<button type="submit">Submit</button>
<div id="mops-result" role="status"></div>
</form>
<script nonce="${nonce}">
(function () {
  var form = document.getElementById('mops-form');
  var result = document.getElementById('mops-result');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    form.elements.page_url.value = location.href;
    var body = {};
    new FormData(form).forEach(function (value, key) { if (value !== '') body[key] = value; });
    document.querySelectorAll('[data-error-for]').forEach(function (el) { el.textContent = ''; });
    result.textContent = 'Sending…';
    fetch(form.action, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) { return response.json().then(function (json) { return { ok: response.ok, json: json }; }); })
      .then(function (r) {
        if (r.ok) { form.reset(); result.textContent = 'Thank you — we will be in touch shortly.'; result.dataset.personId = r.json.person_id || ''; return; }
        var details = (r.json.error && r.json.error.details) || [];
        details.forEach(function (d) { var el = document.querySelector('[data-error-for="' + d.path + '"]'); if (el) el.textContent = d.message; });
        result.textContent = (r.json.error && r.json.error.message) || 'Something went wrong; please try again.';
      })
      .catch(function () { result.textContent = 'We could not send this right now; please try again in a moment.'; });
  });
})();
</script>`;
}

function labelOf(form: CompiledForm, name: string): string {
  const declared = form.fields.find((f) => typeof f === 'object' && f.name === name);
  if (declared && typeof declared === 'object' && declared.label) return declared.label;
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
