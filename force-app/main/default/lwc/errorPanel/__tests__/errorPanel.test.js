import { createElement } from 'lwc';
import ErrorPanel from 'c/errorPanel';

describe('c-error-panel', () => {
  afterEach(() => {
    while (document.body.firstChild) {
      document.body.removeChild(document.body.firstChild);
    }
  });

  function mount(props = {}) {
    const element = createElement('c-error-panel', { is: ErrorPanel });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
  }

  const friendly = (element) => element.shadowRoot.querySelector('[data-id="friendly-message"]').textContent;
  const details = (element) =>
    Array.from(element.shadowRoot.querySelectorAll('[data-id="error-detail"]')).map((li) => li.textContent);

  it('shows a default friendly message', () => {
    expect(friendly(mount())).toBe('Something went wrong');
  });

  it('shows a custom friendly message', () => {
    expect(friendly(mount({ friendlyMessage: 'Could not load the users' }))).toBe('Could not load the users');
  });

  it('shows no detail list when there are no errors', () => {
    const element = mount();

    expect(element.shadowRoot.querySelector('ul')).toBeNull();
  });

  it('shows every detail reduceErrors finds', () => {
    const element = mount({
      errors: [{ body: { message: 'Apex says no' } }, { body: [{ message: 'UI one' }, { message: 'UI one' }] }],
    });

    // The same message twice stays twice; keys are positions, not messages.
    expect(details(element)).toEqual(['Apex says no', 'UI one', 'UI one']);
  });

  it('updates when the errors change', async () => {
    const element = mount({ errors: { body: { message: 'First' } } });
    element.errors = new Error('Second');
    await Promise.resolve();

    expect(details(element)).toEqual(['Second']);
  });

  it('shows the message as a headline and the details at body size, not as headings', () => {
    const element = mount({ friendlyMessage: 'The setup check could not run:', errors: new Error('Boom') });

    expect(element.shadowRoot.querySelector('[data-id="friendly-message"]').classList).toContain(
      'slds-text-heading_small',
    );
    expect(element.shadowRoot.querySelector('ul').classList).toContain('slds-text-body_regular');
    expect(element.shadowRoot.querySelector('ul').className).not.toMatch(/heading/);
  });

  it('shows advice after the details when given one', () => {
    const element = mount({ errors: new Error('Boom'), hint: 'Refresh to try again.' });
    const hint = element.shadowRoot.querySelector('[data-id="hint"]');

    expect(hint.textContent).toBe('Refresh to try again.');
    expect(hint.classList).toContain('slds-text-body_regular');
    // After the details in reading order.
    expect(element.shadowRoot.querySelector('ul').compareDocumentPosition(hint)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
  });

  it('shows no advice when none is given or it is empty', async () => {
    const element = mount({ errors: new Error('Boom') });
    expect(element.shadowRoot.querySelector('[data-id="hint"]')).toBeNull();

    element.hint = 'Try later';
    await Promise.resolve();
    expect(element.shadowRoot.querySelector('[data-id="hint"]').textContent).toBe('Try later');

    element.hint = '';
    await Promise.resolve();
    expect(element.shadowRoot.querySelector('[data-id="hint"]')).toBeNull();
  });

  it('is announced as an alert and its icon has alternative text', () => {
    const element = mount({ errors: new Error('x') });

    expect(element.shadowRoot.querySelector('[role="alert"]')).not.toBeNull();
    expect(element.shadowRoot.querySelector('lightning-icon').alternativeText).toBe('Error');
    expect(element.shadowRoot.querySelector('ul').getAttribute('role')).toBe('list');
  });
});
