/**
 * The merchant backend's call to the sandbox, with the secret key: the body's JSON, or an
 * error naming the call and Flex's answer. `send` says where the sandbox is (in process, or
 * over HTTP); this file imports nothing, so the Vite config's browser commands can use it.
 */
export function secretKeyApi(send: (path: string, init: RequestInit) => Promise<Response>) {
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await send(path, {
      method,
      headers: { authorization: 'Bearer fsk_test_sandbox', 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}
