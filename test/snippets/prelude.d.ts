// What the docs' examples leave to the reader: the merchant's own values and functions, and
// objects an earlier example on the same page made. The packages' APIs themselves are never
// declared here: every call on them is checked against their real types.
import type { FlexCheckout, FlexClient } from '@flex-checkout/server';

declare global {
  /** Made by `createFlexCheckout(...)` earlier on the page. */
  const flex: FlexCheckout;
  const client: FlexClient;
  // The merchant's own values.
  const customerId: string;
  const subscriptionId: string;
  const period: string;
  const secret: string;
  const clientSecret: string;
  const order_id: string;
  const id: string;
  const prefix: string;
  // The merchant's own objects and functions, whatever their shape.
  const app: any;
  const req: any;
  const res: any;
  const db: any;
  const log: any;
  const router: any;
  const shop: any;
  const order: any;
  const product: any;
  const customer: any;
  const subscription: any;
  const card: any;
  const intent: any;
  const options: any;
  const registration: any;
  const sandbox: any;
  const rawBody: string;
  let failure: string | undefined;
  function fulfil(...args: unknown[]): Promise<void>;
  function fulfilOrder(...args: unknown[]): Promise<void>;
  function markPaid(...args: unknown[]): Promise<boolean>;
  function createOrder(...args: unknown[]): Promise<any>;
  function emailCheckoutLink(...args: unknown[]): Promise<void>;
  function askForAnotherCard(...args: unknown[]): Promise<void>;
  function showThanks(...args: unknown[]): void;
  function report(...args: unknown[]): void;
  function serveYourPage(...args: unknown[]): void;
  function setStep(...args: unknown[]): void;
  function sha256(text: string): string;
  function settled(orderId: string): Promise<unknown>;
  /** The merchant's webhook handler, as the setup example names it. */
  function onEvent(event: import('@flex-checkout/protocol').FlexEvent): Promise<void>;
  // Other runtimes' and frameworks' globals, as their own type packages declare them.
  const Bun: { serve(options: { port: number; fetch: (request: Request) => Response | Promise<Response> }): unknown };
  const Deno: { serve(options: { port: number }, handler: (request: Request) => Response | Promise<Response>): unknown };
  function defineNuxtConfig(config: Record<string, unknown>): unknown;
}
