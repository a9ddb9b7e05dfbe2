// The error shape and its helpers live in the protocol, shared with the companion server.
export { ApiError, conflict, fromZod, invalid, notFound } from '@flex-checkout/protocol';
