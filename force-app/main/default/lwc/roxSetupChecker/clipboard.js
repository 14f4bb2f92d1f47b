/**
 * Copies text to the clipboard. Tries the asynchronous Clipboard API first; where it is missing or refused
 * (older browsers, or a page that is not allowed to use it), falls back to selecting a hidden textarea and
 * document.execCommand('copy'). Rejects when neither worked, so the caller can tell the user.
 * @param {String} text
 * @return {Promise<void>}
 */
export async function copyText(text) {
  if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch (e) {
      // Refused or unavailable here: the fallback below still works in many browsers.
    }
  }
  copyWithTextarea(text);
}

function copyWithTextarea(text) {
  const textarea = document.createElement('textarea');
  textarea.value = text;
  textarea.setAttribute('readonly', '');
  textarea.setAttribute('aria-hidden', 'true');
  textarea.className = 'slds-assistive-text';
  document.body.appendChild(textarea);
  try {
    textarea.select();
    if (typeof document.execCommand !== 'function' || !document.execCommand('copy')) {
      throw new Error('The browser did not allow copying to the clipboard.');
    }
  } finally {
    document.body.removeChild(textarea);
  }
}
