/** Sign-in with an admin API key, exchanged for a console session (an HttpOnly cookie); the key is not kept. */
import { LightningElement, api } from 'lwc';
import { session } from 'rox/api';

export default class SignIn extends LightningElement {
  @api reason;
  error;
  busy = false;

  async handleSubmit(event) {
    event.preventDefault();
    const input = this.template.querySelector('[data-id="key"]');
    const key = (input.value || '').trim();
    if (!key) {
      this.error = 'Enter an admin API key (it starts with rox_key_).';
      return;
    }
    this.busy = true;
    this.error = undefined;
    try {
      const current = await session.signIn(key);
      input.value = '';
      this.dispatchEvent(new CustomEvent('signedin', { detail: current }));
    } catch (e) {
      this.error = e.message;
    } finally {
      this.busy = false;
    }
  }
}
