/**
 * The /hosted checkout page's script: what a merchant's page does with the element's events.
 * `flex-complete` fires once the companion server has read the session as complete from Flex
 * (never on a message from the hosted page), and the page takes the shopper to their order;
 * the order page then shows what the store's own records say.
 */
import type { FlexCompleteDetail } from '@flex-checkout/element';

const checkout = document.querySelector<HTMLElement>('flex-checkout[data-order-url]');
checkout?.addEventListener('flex-complete', (event) => {
  const { checkoutSessionId } = (event as CustomEvent<FlexCompleteDetail>).detail;
  if (checkoutSessionId) window.location.assign(checkout.dataset.orderUrl!);
});
