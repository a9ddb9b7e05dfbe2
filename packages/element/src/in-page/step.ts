import type { Messages } from '../i18n/index.js';
import { StepElement } from '../runtime.js';
import type { InPageFlow } from './flow.js';
import { adoptInPageStyles } from './styles.js';

/**
 * A space that opens a template (`html`${SPACE}<a>…``): written as a value, because the build's
 * template minifier trims whitespace at a template's ends, and "Phone(optional)" or terms run
 * into their link would be what the shopper sees and hears.
 */
export const SPACE = ' ';

/**
 * An in-page step: a step that also drives the in-page flow (loaded with it), and shows the
 * in-page words, which this part added to the catalog when it loaded (index.ts).
 */
export class InPageStep extends StepElement {
  declare t: Messages;

  override connectedCallback(): void {
    super.connectedCallback();
    // Before the first render: the steps' own rules join the element's stylesheet.
    adoptInPageStyles(this.getRootNode());
  }

  protected get flow(): InPageFlow {
    return this.controller.inPage!;
  }
}
