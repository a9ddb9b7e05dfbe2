import { readFileSync } from 'node:fs';

/** One row of Flex's documented endpoint table (flex-endpoints.json, from reference/flex-api.md §4). */
export interface FlexEndpoint {
  n: number;
  method: string;
  path: string;
  purpose: string;
  source: string;
}

export const FLEX_ENDPOINTS: FlexEndpoint[] = (
  JSON.parse(readFileSync(new URL('./flex-endpoints.json', import.meta.url), 'utf8')) as { endpoints: FlexEndpoint[] }
).endpoints;

/** `/v1/products/{id}` → a pattern matching `/v1/products/fprod_…` (one path segment per parameter). */
const patternOf = (path: string) => new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+').replace(/\//g, '\\/')}$`);
const PATTERNS = FLEX_ENDPOINTS.map((e) => ({ method: e.method, pattern: patternOf(e.path), endpoint: e }));

/** The documented endpoint a request matches (its query string aside), or undefined when Flex documents none. */
export function documentedEndpoint(method: string, pathWithQuery: string): FlexEndpoint | undefined {
  const path = pathWithQuery.split('?')[0]!;
  return PATTERNS.find((p) => p.method === method.toUpperCase() && p.pattern.test(path))?.endpoint;
}
