import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/ldsUtils';

/**
 * Shows an error the way every Rox component does: a short headline saying what failed, then each detail
 * reduceErrors finds at body size, then optional advice. Details are shown, not hidden behind a link, because the
 * reader is an admin who needs them to fix the problem or to report it.
 */
export default class ErrorPanel extends LightningElement {
  /** One error or a list of errors, in any shape reduceErrors understands. */
  @api errors;
  /** What failed, in words a person understands. */
  @api friendlyMessage = 'Something went wrong';
  /** Optional advice shown after the details, at body size; left out when the details already say what to do. */
  @api hint;

  get errorMessages() {
    return reduceErrors(this.errors).map((text, index) => ({ key: `${index}`, text }));
  }

  get hasDetails() {
    return this.errorMessages.length > 0;
  }
}
