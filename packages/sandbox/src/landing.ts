/** The page at `/`: what this sandbox is and how to talk to it. */
export function landingPage(url: string, secretKey: string, publishableKey: string | null, profile: string): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flex sandbox</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code,pre{background:#f3f3f3;border-radius:4px;padding:.1em .3em}pre{padding:1em;overflow:auto}</style></head>
<body><h1>Flex sandbox</h1>
<p>A Flex-compatible API on an embedded database: no account, no network.</p>
<ul><li>API: <code>${esc(url)}/v1</code></li>
<li>Secret key: <code>${esc(secretKey)}</code></li>
${publishableKey ? `<li>Publishable key: <code>${esc(publishableKey)}</code></li>` : ''}
<li>Profile: <code>${esc(profile)}</code>${profile === 'flex' ? ' (only what Flex documents: sessions are paid on the hosted page at <code>redirect_url</code>)' : ''}</li>
<li>Reference: <a href="/sandbox/api">every endpoint</a> (<a href="/v1/openapi.json">OpenAPI 3.1</a>)</li></ul>
<h2>Try it</h2>
<pre>curl ${esc(url)}/v1/products -H 'authorization: Bearer ${esc(secretKey)}'</pre>
<h2>Test cards</h2>
<ul><li><code>4242 4242 4242 4242</code> succeeds</li>
<li><code>4000 0000 0000 9995</code> declines (insufficient funds)</li>
<li><code>4000 0000 0000 0002</code> declines (generic)</li>
<li><code>4000 0025 0000 3155</code> asks for 3-D Secure</li>
<li><code>4000 0000 0000 0259</code> succeeds, then is disputed</li></ul>
</body></html>`;
}
