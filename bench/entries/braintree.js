// What a merchant writes for Braintree's Drop-in (cards are its default payment option).
// The Drop-in fetches dropin.css from Braintree's CDN when it starts; it is imported here
// so that it is counted, as Adyen's stylesheet and our own styles are.
import dropin from 'braintree-web-drop-in';
import 'braintree-web-drop-in/dropin.css';

window.mountBraintreeDropin = (container, authorization) => dropin.create({ authorization, container });
