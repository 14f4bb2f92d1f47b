import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/ldsUtils';

/**
 * Shows an error the way every Rox component does: a short message saying what failed, then each detail
 * reduceErrors finds. Details are shown, not hidden behind a link, because the reader is an admin who
 * needs them to fix the problem or to report it.
 */
export default class ErrorPanel extends LightningElement {
  /** One error or a list of errors, in any shape reduceErrors understands. */
  @api errors;
  /** What failed, in words a person understands. */
  @api friendlyMessage = 'Something went wrong';

  get errorMessages() {
    return reduceErrors(this.errors).map((text, index) => ({ key: `${index}`, text }));
  }

  get hasDetails() {
    return this.errorMessages.length > 0;
  }
}
