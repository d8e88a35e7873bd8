// The embedded OpenID provider of Pantau KUBE: npm oidc-provider (OpenID Certified) on loopback,
// with its own login page (Bahasa Indonesia first), accounts read from the accounts file on every
// login (argon2id hashes written by `python -m analytics users`), no developer interactions.
//
// Started by the Python supervisor (analytics/access/provider.py) with one argument, the path of
// a private runtime configuration it wrote. Audit events go to stdout as `AUDIT {json}` lines
// for the supervisor to append to the audit log; anything else goes to stderr. The process ends
// when its standard input closes (the supervisor went away) or on SIGTERM.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

import { hash, verify } from '@node-rs/argon2';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const LANGS = ['id', 'en'];
const label = (lang, key, values = {}) => {
  const text = (config.labels[lang] ?? config.labels.id)[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
};
const esc = (text) => String(text).replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

function audit(action, actor, detail, ctx) {
  const event = { action, actor: actor ?? null, detail: detail ?? null, client: ctx?.ip ?? null, at: new Date().toISOString() };
  process.stdout.write(`AUDIT ${JSON.stringify(event)}\n`);
}

async function accounts() {
  try {
    return JSON.parse(await readFile(config.accounts, 'utf8')).accounts ?? {};
  } catch (error) {
    if (error.code === 'ENOENT') return {};
    throw error;
  }
}

// Failed logins per account: after `failures` within `minutes`, the account is locked that long.
const failures = new Map();
const lockout = config.lockout ?? { failures: 5, minutes: 15 };
function lockedFor(username) {
  const entry = failures.get(username);
  if (!entry || entry.count < lockout.failures) return 0;
  const left = entry.first + lockout.minutes * 60_000 - Date.now();
  if (left <= 0) { failures.delete(username); return 0; }
  return Math.ceil(left / 60_000);
}
function failed(username) {
  const entry = failures.get(username);
  if (!entry || Date.now() - entry.first > lockout.minutes * 60_000) failures.set(username, { count: 1, first: Date.now() });
  else entry.count += 1;
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f6f8;margin:0;color:#1b2733}
main{max-width:380px;margin:8vh auto;background:#fff;padding:28px 32px;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:1.35rem;margin:0 0 4px}p.sub{color:#52606d;margin:0 0 20px;font-size:.92rem}
label{display:block;font-weight:600;margin:14px 0 4px;font-size:.92rem}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:9px;border:1px solid #9aa5b1;border-radius:4px;font-size:1rem}
button{margin-top:20px;width:100%;padding:10px;border:0;border-radius:4px;background:#0b6e4f;color:#fff;font-size:1rem;cursor:pointer}
.error{background:#fde8e8;color:#8a1c1c;padding:10px;border-radius:4px;margin:0 0 8px;font-size:.92rem}
nav{margin-top:18px;font-size:.85rem;text-align:right}a{color:#0b6e4f}`;

function page(lang, title, body) {
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title>
<style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function loginPage(ctx, uid, lang, { error = '', username = '' } = {}) {
  const other = lang === 'id' ? 'en' : 'id';
  ctx.type = 'html';
  ctx.body = page(lang, label(lang, 'title'), `
<h1>${esc(label(lang, 'title'))}</h1><p class="sub">${esc(label(lang, 'subtitle'))}</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
<input type="hidden" name="lang" value="${lang}">
<label for="username">${esc(label(lang, 'username'))}</label>
<input type="text" id="username" name="username" value="${esc(username)}" required autofocus autocapitalize="none" spellcheck="false">
<label for="password">${esc(label(lang, 'password'))}</label>
<input type="password" id="password" name="password" required autocomplete="current-password">
<button type="submit">${esc(label(lang, 'submit'))}</button></form>
<nav><a href="/interaction/${esc(uid)}?lang=${other}" lang="${other}">${esc(label(other, 'switch'))}</a></nav>`);
}

async function body(ctx, limit = 8192) {
  let text = '';
  for await (const chunk of ctx.req) {
    text += chunk;
    if (text.length > limit) ctx.throw(413);
  }
  return new URLSearchParams(text);
}

const dummyHash = await hash('not a password');   // unknown users cost the same time

async function checkLogin(ctx, form) {
  const username = (form.get('username') ?? '').trim().toLowerCase().slice(0, 64);
  const password = form.get('password') ?? '';
  const lang = LANGS.includes(form.get('lang')) ? form.get('lang') : 'id';
  const known = await accounts();
  const account = Object.hasOwn(known, username) ? known[username] : undefined;
  const actor = account ? username : null;    // an unknown name is not kept: it may be a mistyped password
  const minutes = account ? lockedFor(username) : 0;
  if (minutes) {
    audit('login_failed', actor, { reason: 'locked' }, ctx);
    return { lang, username, error: label(lang, 'locked', { minutes }) };
  }
  let ok = false;
  try {
    ok = await verify(account ? account.password : dummyHash, password);
  } catch {
    ok = false;
  }
  if (!account || !ok) {
    if (account) failed(username);
    audit('login_failed', actor, { reason: account ? 'wrong_password' : 'unknown_account' }, ctx);
    return { lang, username, error: label(lang, 'wrong') };
  }
  if (account.disabled) {
    audit('login_failed', actor, { reason: 'disabled' }, ctx);
    return { lang, username, error: label(lang, 'disabled') };
  }
  failures.delete(username);
  audit('login', username, null, ctx);
  return { lang, username, accountId: username };
}

async function logoutSource(ctx, form) {
  const lang = 'id';
  ctx.type = 'html';
  const withYes = form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>');
  ctx.body = page(lang, label(lang, 'logout_title'), `<h1>${esc(label(lang, 'logout_title'))}</h1>
${withYes}<button type="submit" form="op.logoutForm">${esc(label(lang, 'logout_button'))}</button>
<script>document.getElementById('op.logoutForm').submit()</script>`);
}

async function postLogoutSuccessSource(ctx) {
  ctx.type = 'html';
  ctx.body = page('id', label('id', 'logged_out'), `<h1>${esc(label('id', 'logged_out'))}</h1>`);
}

async function renderError(ctx, out, error) {
  ctx.type = 'html';
  const lang = 'id';
  process.stderr.write(`provider error: ${out.error}: ${out.error_description ?? ''}\n`);
  ctx.body = page(lang, label(lang, 'error_title'), `<h1>${esc(label(lang, 'error_title'))}</h1>
<p class="error" role="alert">${esc(label(lang, 'error'))}</p><p class="sub">${esc(out.error ?? '')}</p>`);
}

// The login form's answer redirects on to the dashboard: a form-action limited to 'self' would
// stop that redirect (browsers apply form-action to it too).
const appOrigins = [...new Set(config.client.redirect_uris.map((u) => new URL(u).origin))].join(' ');
const CSP = `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${appOrigins}; frame-ancestors 'none'`;

const provider = new Provider(config.issuer, {
  clients: [{
    ...config.client,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: config.jwks,
  cookies: { keys: config.cookieKeys },
  scopes: ['openid', 'profile', 'kube'],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], kube: ['kube_roles', 'kube_scope'] },
  // Streamlit puts only ID-token claims into st.user: role and scope must travel in the ID token.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
  },
  pkce: { required: () => true },
  ttl: {
    Session: config.sessionSeconds,
    Grant: config.sessionSeconds,
    Interaction: 600,
    AuthorizationCode: 60,
    IdToken: 600,
    AccessToken: 600,
  },
  async findAccount(ctx, sub) {
    const account = (await accounts())[sub];
    if (!account || account.disabled) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, name: account.name, preferred_username: sub, kube_roles: account.roles, kube_scope: account.scope };
      },
    };
  },
  // One first-party client: the scopes it asks for are granted without a consent page.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const found = await ctx.oidc.provider.Grant.find(grantId);
      if (found) return found;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile kube');
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError,
});
provider.proxy = Boolean(config.proxy);

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/);
  if (!match) return next();
  ctx.set('Cache-Control', 'no-store');
  ctx.set('X-Frame-Options', 'DENY');
  ctx.set('Content-Security-Policy', CSP);
  ctx.set('Referrer-Policy', 'no-referrer');
  let details;
  try {
    details = await provider.interactionDetails(ctx.req, ctx.res);
  } catch {
    const lang = LANGS.includes(ctx.query.lang) ? ctx.query.lang : 'id';
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = page(lang, label(lang, 'error_title'), `<h1>${esc(label(lang, 'error_title'))}</h1>
<p class="error" role="alert">${esc(label(lang, 'expired'))}</p>`);
    return undefined;
  }
  if (details.uid !== match[1]) ctx.throw(400);
  if (ctx.method === 'GET' && !match[2]) {
    const lang = LANGS.includes(ctx.query.lang) ? ctx.query.lang : 'id';
    if (details.prompt.name === 'login') return loginPage(ctx, details.uid, lang);
    // Any other prompt (consent): the first-party client's scopes, granted.
    const grant = details.grantId ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope('openid profile kube');
    const grantId = await grant.save();
    return provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  if (ctx.method === 'POST' && match[2] === '/login') {
    const result = await checkLogin(ctx, await body(ctx));
    if (!result.accountId) return loginPage(ctx, details.uid, result.lang, result);
    return provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: result.accountId } },
      { mergeWithLastSubmission: false });
  }
  ctx.throw(405);
  return undefined;
});

const server = provider.listen(config.port, config.host, () => {
  process.stdout.write(`READY ${config.issuer}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
