import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { OpenApiDocument } from './document.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  'x-flex-status'?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const anchor = (text: string) => text.replace(/[^A-Za-z0-9]+/g, '-');

/** A schema as readable JSON, its `$ref`s as links to the component below. */
function schemaBlock(schema: unknown): Html {
  const text = JSON.stringify(schema, null, 2) ?? '';
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const linked = escaped.replace(
    /"#\/components\/schemas\/([A-Za-z0-9_]+)"/g,
    (_m, name: string) => `"<a href="#schema-${name}">#/components/schemas/${name}</a>"`,
  );
  return html`<pre>${raw(linked)}</pre>`;
}

/** The page's one stylesheet (inline; the answer's CSP allows it by hash). */
export const STYLES = `
body { font: 15px/1.5 system-ui, sans-serif; color: #111827; margin: 0; }
main { max-width: 64rem; margin: 0 auto; padding: 16px; }
nav ul { columns: 3 12rem; padding-left: 18px; }
h2 { border-bottom: 1px solid #d6dae1; padding-bottom: 4px; margin-top: 32px; }
details { border: 1px solid #d6dae1; border-radius: 6px; margin: 8px 0; padding: 6px 10px; }
summary { cursor: pointer; }
code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { background: #f6f7f9; padding: 8px; overflow-x: auto; border-radius: 4px; }
.m { display: inline-block; min-width: 4.5em; font-weight: 700; text-transform: uppercase; }
.s { font-size: 12px; border-radius: 10px; padding: 1px 8px; margin-left: 6px; border: 1px solid; }
.s-flex { color: #065f46; } .s-ext { color: #92400e; } .s-test { color: #1e40af; }
table { border-collapse: collapse; } td, th { text-align: left; padding: 2px 10px 2px 0; }
`;

/**
 * `/sandbox/api`: the OpenAPI document rendered for people, on the server, with no script and
 * nothing fetched from elsewhere (it works offline): every route by tag, its status (Flex /
 * sandbox extension / test control), parameters, body and answer, then every component.
 */
export function apiReferencePage(document: OpenApiDocument): Html {
  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method, path, op });
    }
  }
  const schemas = Object.entries(document.components?.schemas ?? {});
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${document.info.title}</title><style>${raw(STYLES)}</style></head>
<body><main>
<h1>${document.info.title}</h1>
<p>${document.info.description ?? ''}</p>
<p>The machine-readable document: <a href="/v1/openapi.json"><code>/v1/openapi.json</code></a> (OpenAPI ${document.openapi}).</p>
<nav aria-label="Resources"><ul>${[...byTag.keys()].map((tag) => html`<li><a href="#tag-${anchor(tag)}">${tag}</a></li>`)}<li><a href="#components">Objects</a></li></ul></nav>
${[...byTag.entries()].map(
  ([tag, ops]) => html`<section aria-labelledby="tag-${anchor(tag)}"><h2 id="tag-${anchor(tag)}">${tag}</h2>
    ${ops.map(({ method, path, op }) => {
      const status = op['x-flex-status'] ?? 'flex';
      const body = op.requestBody?.content?.['application/json']?.schema;
      const answer = op.responses?.['200']?.content?.['application/json']?.schema;
      return html`<details id="${method}-${anchor(path)}"><summary><span class="m">${method}</span> <code>${path}</code> <span class="s s-${status}">${status === 'flex' ? 'Flex' : status === 'ext' ? 'sandbox extension' : 'test control'}</span> — ${op.summary ?? ''}</summary>
        <p>${op.description ?? ''}</p>
        ${
          op.parameters?.length
            ? html`<table><tr><th>Parameter</th><th>In</th><th>Required</th></tr>${op.parameters.map((p) => html`<tr><td><code>${p.name}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td></tr>`)}</table>`
            : ''
        }
        ${body ? html`<h3>Request body</h3>${schemaBlock(body)}` : ''}
        ${answer ? html`<h3>Answer (200)</h3>${schemaBlock(answer)}` : ''}
      </details>`;
    })}</section>`,
)}
<section aria-labelledby="components"><h2 id="components">Objects</h2>
${schemas.map(([name, schema]) => html`<details id="schema-${name}"><summary><code>${name}</code></summary>${schemaBlock(schema)}</details>`)}
</section>
</main></body></html>`;
}
