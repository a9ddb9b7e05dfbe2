// The floor: the least a checkout element can be built from with our stack. A Lit element
// with a zustand store, rendering one line, that can load Stripe.js (the loader is in the
// bundle, as it is in ours; nothing is fetched until pay() is called).
import { LitElement, css, html } from 'lit';
import { createStore } from 'zustand/vanilla';
import { loadStripe } from '@stripe/stripe-js/pure';

class BareCheckout extends LitElement {
  static styles = css`
    :host { display: block; font: 16px system-ui, sans-serif; }
  `;

  constructor() {
    super();
    this.store = createStore(() => ({ step: 'summary' }));
  }

  connectedCallback() {
    super.connectedCallback();
    this.unsubscribe = this.store.subscribe(() => this.requestUpdate());
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  pay() {
    return loadStripe('pk_test_bench');
  }

  render() {
    return html`<p>Checkout: ${this.store.getState().step}</p>`;
  }

  firstUpdated() {
    this.dispatchEvent(new CustomEvent('bare-ready', { bubbles: true, composed: true }));
  }
}

customElements.define('bare-checkout', BareCheckout);
