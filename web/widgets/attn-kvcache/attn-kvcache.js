import { html } from 'lit';
import { LabElement } from '../shared/lab-element.js';
import { sharedStyles } from '../shared/styles.js';

/** @summary Placeholder: being built. */
export class AttnKvcache extends LabElement {
  static styles = [sharedStyles];

  compute() {
    return {};
  }

  render() {
    return this._renderFrame(this.t, html``);
  }
}
