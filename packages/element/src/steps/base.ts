import { LitElement } from 'lit';
import type { CheckoutController } from '../controller.js';
import type { CoreMessages, Locale } from '../i18n/index.js';
import type { CheckoutState } from '../store.js';

/**
 * A step of the checkout. Steps render into the light DOM of `<flex-checkout>`'s shadow
 * root, so one stylesheet covers them and the payment `<slot>` stays in the element's own
 * shadow tree. They read the state and call the controller; they hold no state of their own
 * but what an input holds while the shopper types.
 */
export class StepElement extends LitElement {
  static override properties = {
    controller: { attribute: false },
    state: { attribute: false },
    t: { attribute: false },
    locale: { attribute: false },
  };
  declare controller: CheckoutController;
  declare state: CheckoutState;
  /** The words both checkouts show (in-page steps see more: in-page/step.ts). */
  declare t: CoreMessages;
  declare locale: Locale;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /**
   * After a submit, when the element or the server found problems: focus the first field
   * with an error, so a keyboard or screen-reader user lands on it (the live region reads the
   * message out). Decided on the store, not on this step's `state`, which the host hands down
   * only when it re-renders; and focused once the host and then this step have rendered.
   */
  protected async focusErrors(): Promise<void> {
    if (Object.keys(this.controller.state.fieldErrors).length === 0) return;
    await ((this.getRootNode() as ShadowRoot).host as LitElement | undefined)?.updateComplete;
    await this.updateComplete;
    this.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid] input')?.focus();
  }
}

/** Registers a step's tag once, whoever loads first. */
export function defineStep(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
