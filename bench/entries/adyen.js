// What a merchant writes for Adyen Web's Drop-in with cards (v6, the tree-shakable build):
// the checkout core, the Drop-in, the Card component, and Adyen's stylesheet.
import { AdyenCheckout, Card, Dropin } from '@adyen/adyen-web';
import '@adyen/adyen-web/styles/adyen.css';

window.mountAdyenDropin = async (element, configuration) => {
  const checkout = await AdyenCheckout(configuration);
  return new Dropin(checkout, { paymentMethodComponents: [Card] }).mount(element);
};
