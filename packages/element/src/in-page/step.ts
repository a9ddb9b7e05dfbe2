import { StepElement } from '../runtime.js';
import type { InPageFlow } from './flow.js';

/** An in-page step: a step that also drives the in-page flow (loaded with it). */
export class InPageStep extends StepElement {
  protected get flow(): InPageFlow {
    return this.controller.inPage!;
  }
}
