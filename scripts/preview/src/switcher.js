// The preview's state switcher: a select that shows the tab in another state (see state.js).
import { STATES } from './states';
import { unknownState } from './state';

export function mountSwitcher(container, stateName, show) {
  const select = container.querySelector('select');
  for (const [name, state] of Object.entries(STATES)) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = state.label;
    option.selected = name === stateName;
    select.appendChild(option);
  }
  select.addEventListener('change', () => show(select.value));
  if (unknownState) {
    const note = container.querySelector('[data-id="unknown-state"]');
    note.textContent = `There is no preview state "${unknownState}"; showing "${STATES[stateName].label}".`;
    note.hidden = false;
  }
}
