/**
 * A searchable picker of Salesforce fields (an ARIA combobox): type to filter by label or API name; each option
 * shows the field's type and whether the connected user can read, create and update it. Enter or a click chooses;
 * text typed that names no listed field is kept as typed (the API's check then says what is wrong with it).
 */
import { LightningElement, api } from 'lwc';

const MAX_SHOWN = 50;
let ids = 0;

export default class FieldPicker extends LightningElement {
  @api label;
  @api fields;
  @api loading = false;
  _value = '';
  text = '';
  open = false;
  activeIndex = -1;
  uid = `picker-${++ids}`;

  @api
  get value() {
    return this._value;
  }
  set value(v) {
    this._value = v ?? '';
    if (!this.open) this.text = this._value;
  }

  @api
  focus() {
    this.template.querySelector('input')?.focus();
  }

  get listboxId() {
    return `${this.uid}-listbox`;
  }
  get inputId() {
    return `${this.uid}-input`;
  }
  get expanded() {
    return this.open ? 'true' : 'false';
  }
  get comboboxClass() {
    return `slds-combobox slds-dropdown-trigger slds-dropdown-trigger_click${this.open ? ' slds-is-open' : ''}`;
  }

  get matches() {
    const q = this.text.trim().toLowerCase();
    const all = this.fields ?? [];
    const found = q
      ? all.filter((f) => f.name.toLowerCase().includes(q) || (f.label || '').toLowerCase().includes(q))
      : all;
    return found.slice(0, MAX_SHOWN);
  }

  /** The listed fields: only while the list is open (a tab has a picker per row, each over the whole describe). */
  get options() {
    if (!this.open) return [];
    return this.matches.map((f, i) => {
      const can = [f.canRead && 'read', f.canCreate && 'create', f.canUpdate && 'update'].filter(Boolean);
      return {
        name: f.name,
        label: f.label,
        id: `${this.uid}-option-${i}`,
        meta: `${f.name} · ${f.type}${f.calculated ? ' (formula)' : ''} · can ${can.join(', ') || 'not read'}`,
        selected: i === this.activeIndex ? 'true' : 'false',
        className: `slds-media slds-listbox__option slds-listbox__option_entity slds-listbox__option_has-meta${
          i === this.activeIndex ? ' slds-has-focus' : ''
        }`,
      };
    });
  }

  get activeDescendant() {
    return this.activeIndex >= 0 ? this.options[this.activeIndex]?.id : undefined;
  }
  get noMatches() {
    return this.open && !this.loading && this.matches.length === 0;
  }
  get statusText() {
    if (this.loading) return 'Loading the fields from Salesforce …';
    return this.text ? `No field matches “${this.text}”` : 'No fields';
  }

  handleFocus() {
    this.open = true;
  }

  handleInput(event) {
    this.text = event.target.value;
    this.open = true;
    this.activeIndex = this.matches.length ? 0 : -1;
  }

  handleKeyDown(event) {
    const count = this.matches.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      this.open = true;
      if (count) this.activeIndex = (this.activeIndex + (event.key === 'ArrowDown' ? 1 : -1) + count) % count;
      this.scrollActive();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (this.open && this.activeIndex >= 0 && this.matches[this.activeIndex]) this.choose(this.matches[this.activeIndex].name);
      else this.commitText();
    } else if (event.key === 'Escape') {
      if (this.open) event.stopPropagation();
      this.open = false;
      this.text = this._value;
    }
  }

  scrollActive() {
    Promise.resolve().then(() => {
      this.template.querySelector('.slds-has-focus')?.scrollIntoView?.({ block: 'nearest' });
    });
  }

  handleBlur() {
    // After a click on an option (mousedown keeps the focus, see handleOptionMouseDown).
    this.commitText();
  }

  handleOptionMouseDown(event) {
    event.preventDefault();
  }

  handleOptionClick(event) {
    this.choose(event.currentTarget.dataset.name);
  }

  commitText() {
    this.open = false;
    const typed = this.text.trim();
    const exact = (this.fields ?? []).find((f) => f.name.toLowerCase() === typed.toLowerCase());
    const next = exact ? exact.name : typed;
    this.text = next;
    if (next !== this._value) this.emit(next);
  }

  choose(name) {
    this.open = false;
    this.text = name;
    this.activeIndex = -1;
    if (name !== this._value) this.emit(name);
  }

  emit(value) {
    this._value = value;
    this.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  }
}
