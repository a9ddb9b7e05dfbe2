import { describe, expect, it } from 'vitest';
import { FlexApiError, ValidationError, type FlexClient } from '@flex-checkout/server';
import { CATALOG, loadCatalog } from '../../demo/store/catalog.js';

/**
 * A Flex API that refuses one product's eligibility token, as an API that takes only the
 * tokens Flex's docs show would: the store starts without that product and says why.
 */
function clientRefusing(
  token: string,
  error: Error = new ValidationError({
    status: 400,
    detail: [{ loc: ['product', 'hsa_fsa_eligibility'], msg: `unknown token ${token}`, type: 'invalid_request_error' }],
  }),
) {
  let n = 0;
  return {
    products: {
      all: async function* () {},
      create: (params: { name: string; hsa_fsa_eligibility?: string }) =>
        params.hsa_fsa_eligibility === token
          ? Promise.reject(error)
          : Promise.resolve({ product_id: `fprod_${++n}`, name: params.name, active: true, metadata: {} }),
    },
    prices: {
      list: () => Promise.resolve({ data: [], hasMore: false }),
      create: (params: { product: string; unit_amount: number }) =>
        Promise.resolve({
          price_id: `fprice_${++n}`,
          product: params.product,
          unit_amount: params.unit_amount,
          active: true,
        }),
    },
  } as unknown as FlexClient;
}

describe("the demo store's catalog on an API that refuses a product", () => {
  it('leaves that product out and names it with the reason; the rest are created', async () => {
    const { items, created, skipped } = await loadCatalog(clientRefusing('auto_substantiation'));
    expect(skipped).toEqual([{ key: 'sunscreen', reason: expect.stringContaining('unknown token auto_substantiation') }]);
    expect(items.map((i) => i.key)).toEqual(CATALOG.map((e) => e.key).filter((k) => k !== 'sunscreen'));
    expect(created).toBe(CATALOG.length - 1);
  });

  it('an API that fails (not a refusal) still stops the start: the store does not run on half a catalog silently', async () => {
    await expect(
      loadCatalog(clientRefusing('auto_substantiation', new FlexApiError({ status: 503, detail: [{ loc: [], msg: 'down', type: 'api_error' }] }))),
    ).rejects.toThrow('down');
  });
});
