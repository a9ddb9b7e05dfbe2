import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll } from 'vitest';
import { createSandboxApp, DEFAULT_SECRET_KEY } from '@flex-checkout/sandbox';
import { freshDatabase, type DatabaseKind, type TestDatabase } from './databases.js';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  /** A JSON value, or a string sent exactly as given. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The secret key; `null` sends no Authorization header. */
  key?: string | null;
}

export type Call = <T = any>(method: string, path: string, options?: CallOptions) => Promise<ApiAnswer<T>>;

/** Sends one request through `fetch`-shaped transport and reads the JSON answer. */
export function caller(send: (path: string, init: RequestInit) => Promise<Response>): Call {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const key = options.key === undefined ? DEFAULT_SECRET_KEY : options.key;
    if (key !== null) headers.authorization ??= `Bearer ${key}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await send(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text so an assertion shows it
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
}

export interface SandboxHarness {
  db: TestDatabase;
  app: ReturnType<typeof createSandboxApp>;
  /** In-process, through `app.request()`: no port. */
  call: Call;
}

/** A sandbox on a fresh database for the enclosing suite, called in process. */
export function useSandbox(kind: DatabaseKind, options: Omit<Parameters<typeof createSandboxApp>[0], 'store'> = {}): SandboxHarness {
  const harness = {} as SandboxHarness;
  beforeAll(async () => {
    harness.db = await freshDatabase(kind);
    harness.app = createSandboxApp({ ...options, store: harness.db.store });
    harness.call = caller(async (path, init) => harness.app.request(path, init));
  });
  afterAll(async () => harness.db?.dispose());
  return harness;
}

export interface HttpSandboxHarness extends SandboxHarness {
  url: string;
}

/** A sandbox on a fresh database served over real HTTP on a loopback port. */
export function useHttpSandbox(kind: DatabaseKind, options: Omit<Parameters<typeof createSandboxApp>[0], 'store'> = {}): HttpSandboxHarness {
  const harness = {} as HttpSandboxHarness;
  let close: () => Promise<void> = async () => {};
  beforeAll(async () => {
    harness.db = await freshDatabase(kind);
    harness.app = createSandboxApp({ ...options, store: harness.db.store });
    const server = serve({ fetch: harness.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    harness.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    harness.call = caller((path, init) => fetch(harness.url + path, init));
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await close();
    await harness.db?.dispose();
  });
  return harness;
}
