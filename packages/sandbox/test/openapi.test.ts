import { describe, expect, it } from 'vitest';
import { createSandboxApp, openStore, type Store } from '@flex-checkout/sandbox';
import { afterAll, beforeAll } from 'vitest';
import { FLEX_ENDPOINTS } from '../../../test/conformance/flex-endpoints.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** `/v1/products/:id` → `/v1/products/{id}`: Hono's path as OpenAPI writes it. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

describe('GET /v1/openapi.json and /sandbox/api', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ url: ':memory:' });
  });
  afterAll(async () => store.close());

  for (const profile of ['default', 'flex'] as const) {
    describe(`${profile} profile`, () => {
      const app = () => createSandboxApp({ store, profile });
      const served = () =>
        new Set(
          app()
            .routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/v1/'))
            .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`),
        );
      const documented = (doc: any) =>
        new Set(Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => (item as any)[m]).map((m) => `${m} ${path}`)));

      it('is OpenAPI 3.1, needs no key, and holds exactly the routes the app serves', async () => {
        const res = await app().request('/v1/openapi.json');
        expect(res.status).toBe(200);
        const doc = await res.json();
        expect(doc.openapi).toBe('3.1.0');
        expect(doc.servers).toEqual([{ url: 'http://localhost' }]);
        const inDoc = documented(doc);
        const inApp = served();
        expect(
          [...inApp].filter((r) => !inDoc.has(r)),
          'served but not documented',
        ).toEqual([]);
        expect(
          [...inDoc].filter((r) => !inApp.has(r)),
          'documented but not served',
        ).toEqual([]);
        expect(inApp.size).toBeGreaterThan(profile === 'default' ? 95 : 55);
      });

      it("marks every extension route, and has Flex's documented endpoints as Flex's", async () => {
        const doc = await (await app().request('/v1/openapi.json')).json();
        for (const [path, item] of Object.entries<any>(doc.paths)) {
          for (const m of METHODS) {
            const op = item[m];
            if (!op) continue;
            expect(['flex', 'ext', 'test'], `${m} ${path}`).toContain(op['x-flex-status']);
            expect(op['x-sandbox-extension'], `${m} ${path}`).toBe(op['x-flex-status'] === 'ext');
            if (profile === 'flex') expect(op['x-flex-status'], `${m} ${path} in the flex profile`).not.toBe('ext');
          }
        }
        for (const endpoint of FLEX_ENDPOINTS.filter((e) => !e.path.startsWith('/v1/consumer/'))) {
          const item = Object.entries<any>(doc.paths).find(([path]) => path.replace(/\{[^}]+\}/g, '{}') === endpoint.path.replace(/\{[^}]+\}/g, '{}'))?.[1];
          expect(item?.[endpoint.method.toLowerCase()]?.['x-flex-status'], `#${endpoint.n} ${endpoint.method} ${endpoint.path}`).toBe('flex');
        }
      });

      it('describes bodies and answers from the schemas the handlers validate with', async () => {
        const doc = await (await app().request('/v1/openapi.json')).json();
        const refund = doc.paths['/v1/refunds'].post;
        const body = refund.requestBody.content['application/json'].schema;
        expect(body).toMatchObject({ type: 'object', required: ['refund'], additionalProperties: false });
        expect(body.properties.refund.required).toEqual(['payment_intent_id']);
        expect(body.properties.refund.properties.reason.anyOf[0].enum).toEqual([
          'duplicate',
          'fraudulent',
          'requested_by_customer',
          'expired_uncaptured_charge',
        ]);
        expect(doc.paths['/v1/refunds'].get.parameters.find((p: any) => p.name === 'limit').schema.default).toBe(20);
        expect(doc.paths['/v1/products'].get.parameters.find((p: any) => p.name === 'limit').schema.default).toBe(10);
        const error = doc.paths['/v1/refunds'].post.responses.default.content['application/json'].schema.$ref;
        expect(error).toBe(profile === 'flex' ? '#/components/schemas/FlexErrorEnvelope' : '#/components/schemas/ErrorBody');
        expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['CheckoutSession', 'Refund', 'Dispute', 'Coupon', 'Capture']));
      });

      it('renders for people at /sandbox/api, with no script and nothing from elsewhere', async () => {
        const res = await app().request('/sandbox/api');
        expect(res.status).toBe(200);
        expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
        const page = await res.text();
        expect(page).not.toMatch(/<script/i);
        expect(page).not.toMatch(/(src|href)="https?:/);
        expect(page).toContain('<code>/v1/checkout/sessions/{id}/refund</code>');
        expect(page).toContain(profile === 'default' ? 'sandbox extension' : 'Flex');
        if (profile === 'flex') expect(page).not.toContain('/v1/client/checkout_sessions');
      });
    });
  }
});
