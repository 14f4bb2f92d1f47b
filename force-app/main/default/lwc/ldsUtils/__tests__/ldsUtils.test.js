import { reduceErrors } from 'c/ldsUtils';

describe('c-lds-utils', () => {
  describe('reduceErrors', () => {
    it('reads an Apex or UI API error with a message in the body', () => {
      expect(reduceErrors({ body: { message: 'Insufficient access' } })).toEqual(['Insufficient access']);
    });

    it('reads a UI API error with several bodies', () => {
      const error = { body: [{ message: 'First' }, { message: 'Second' }] };

      expect(reduceErrors(error)).toEqual(['First', 'Second']);
    });

    it('reads a JavaScript error', () => {
      expect(reduceErrors(new TypeError('x is undefined'))).toEqual(['x is undefined']);
    });

    it('reads a list of errors of different shapes, in order', () => {
      const errors = [
        { body: { message: 'Apex' } },
        { body: [{ message: 'UI 1' }, { message: 'UI 2' }] },
        new Error('JS'),
      ];

      expect(reduceErrors(errors)).toEqual(['Apex', 'UI 1', 'UI 2', 'JS']);
    });

    it('falls back to the HTTP status text for an unknown shape', () => {
      expect(reduceErrors({ status: 500, statusText: 'Server Error' })).toEqual(['Server Error']);
    });

    it('keeps a plain string', () => {
      expect(reduceErrors('Something broke')).toEqual(['Something broke']);
    });

    it('drops null, undefined and empty messages', () => {
      expect(reduceErrors([null, undefined, { body: { message: '' } }, {}, { message: 'Kept' }])).toEqual(['Kept']);
      expect(reduceErrors(undefined)).toEqual([]);
    });
  });
});
