/**
 * Every answer the companion server gives in its test suites passes through here: one that
 * holds a secret key (`fsk_…`) or a webhook secret (`whsec_…`) fails the test that got it.
 * The secret key lives only on the merchant's server; no answer may ever carry it.
 */
const SECRET = /fsk_[A-Za-z0-9_-]{4,}|whsec_[A-Za-z0-9+/=]{8,}/;

export async function scanned(res: Response, where: string): Promise<Response> {
  const text = await res.clone().text();
  const found = SECRET.exec(text);
  if (found) throw new Error(`${where} answered ${res.status} with a secret in its body (${found[0].slice(0, 9)}…)`);
  for (const [name, value] of res.headers) {
    if (SECRET.test(value)) throw new Error(`${where} answered with a secret in its ${name} header`);
  }
  return res;
}

/** `fetch`, scanning each answer. */
export const scannedFetch: typeof fetch = async (input, init) =>
  scanned(await fetch(input, init), `${init?.method ?? 'GET'} ${String(input instanceof Request ? input.url : input)}`);
