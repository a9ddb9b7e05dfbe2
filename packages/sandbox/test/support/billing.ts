import { expect } from 'vitest';
import type { Call } from '../../../../test/support/sandbox.js';

/** Test helpers for subscriptions, invoices and events, over the API only. */

export function must<T = any>(answer: { status: number; body: T }, what: string): T {
  expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(200);
  return answer.body;
}

export const getSubscription = async (call: Call, id: string) => must(await call('GET', `/v1/subscriptions/${id}`), 'subscription').subscription;
export const getInvoice = async (call: Call, id: string) => must(await call('GET', `/v1/invoices/${id}`), 'invoice').invoice;

/** Moves the sandbox clock to a time (Unix seconds, or ISO 8601 as subscriptions and invoices show times) and returns what it answered. */
export async function advanceTo(call: Call, to: number | string): Promise<{ now: number; ran: number }> {
  return must(await call('POST', '/v1/test_helpers/advance_time', { body: { to: typeof to === 'string' ? secs(to) : to } }), 'advance_time').test_clock;
}

/** Unix seconds of an ISO time (subscriptions and invoices answer ISO 8601), and back. */
export const secs = (iso: string) => Math.floor(Date.parse(iso) / 1000);
export const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Every event of one type, oldest first (all pages). */
export async function eventsOf(call: Call, type: string): Promise<any[]> {
  const all: any[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = must(await call('GET', `/v1/events?type=${type}&limit=100${cursor ? `&starting_after=${cursor}` : ''}`), 'events');
    all.push(...page.events);
    if (!page.has_more) return all.reverse();
    cursor = page.events.at(-1).event_id;
  }
}

/** Events about one object (by its ID field), oldest first. */
export async function eventsAbout(call: Call, type: string, field: string, id: string): Promise<any[]> {
  return (await eventsOf(call, type)).filter((e) => e.object[field] === id);
}

export const DAY_S = 24 * 60 * 60;
