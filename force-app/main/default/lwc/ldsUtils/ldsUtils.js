/**
 * Reduces one or more errors into a list of messages a person can read.
 * Handles what reaches a component: Apex and UI API errors ({ body: { message } } or { body: [{ message }] }),
 * arrays of them, JavaScript errors and, as a last resort, an HTTP status text.
 * Adapted from trailheadapps/lwc-recipes (ldsUtils).
 * @param {Object|Object[]} errors
 * @return {String[]} error messages, without empty ones
 */
export function reduceErrors(errors) {
  const list = Array.isArray(errors) ? errors : [errors];
  return (
    list
      // Remove null/undefined items
      .filter((error) => !!error)
      .map((error) => {
        if (typeof error === 'string') {
          return error;
        }
        // UI API read errors
        if (Array.isArray(error.body)) {
          return error.body.map((e) => e.message);
        }
        // UI API DML, Apex and network errors
        if (error.body && typeof error.body.message === 'string') {
          return error.body.message;
        }
        // JS errors
        if (typeof error.message === 'string') {
          return error.message;
        }
        // Unknown shape: try the HTTP status text
        return error.statusText;
      })
      .flat()
      // Remove empty strings
      .filter((message) => !!message)
  );
}
