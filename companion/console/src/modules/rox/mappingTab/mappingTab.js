/**
 * One tab of the CRM Mappings page: sync and writeback switches, the field mappings (Rox field, Salesforce field,
 * what the connected user may do with it, Read Only / Read and Write), static values, and on Activities the
 * activity types and Lead Resolution. It edits nothing itself: every change is an `edit` event the page applies.
 */
import { LightningElement, api } from 'lwc';

const MODES = [
  { label: 'Read Only', value: 'read_only' },
  { label: 'Read and Write', value: 'read_write' },
];
const APPLY_ON = [
  { label: 'New records', value: 'create' },
  { label: 'New and updated records', value: 'create_and_update' },
];
// The setup guide's names for the activity toggles; meetings (as Events) are ours besides.
const ACTIVITY_TYPES = [
  { key: 'email', label: 'Email Writeback (emails as completed Tasks)' },
  { key: 'phoneCall', label: 'Phone Call Writeback (as Tasks)' },
  { key: 'linkedinMessage', label: 'LinkedIn Message Writeback (as Tasks)' },
  { key: 'linkedinConnection', label: 'LinkedIn Connection Writeback (as Tasks)' },
  { key: 'meetingsAsEvents', label: 'Meeting Writeback (as Events)' },
];

const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent', 'long']);

export default class MappingTab extends LightningElement {
  @api tabKey;
  @api tabLabel;
  @api sobjects = [];
  @api data;
  @api catalogue = [];
  /** The types a custom Rox field can have (from the API's catalogue). */
  @api customFieldTypes = [];
  @api schemas = {};
  @api placed = { rows: { fieldMappings: {}, staticValues: {} }, general: [] };
  newField; // { label, type, error } while the + Add Field form is open

  get isActivities() {
    return this.tabKey === 'activities';
  }
  get canCreateRecords() {
    return !this.isActivities;
  }
  get sobjectText() {
    return this.sobjects.join(' and ');
  }
  get modeOptions() {
    return MODES;
  }
  get applyOnOptions() {
    return APPLY_ON;
  }
  get sobjectOptions() {
    return this.sobjects.map((s) => ({ label: s, value: s }));
  }
  get roxOptions() {
    return this.catalogue.map((f) => ({ label: `${f.label} (${f.key})`, value: f.key }));
  }
  get activityTypes() {
    return ACTIVITY_TYPES.map((t) => ({ ...t, checked: Boolean(this.data.writeback?.[t.key]) }));
  }
  get schemaErrors() {
    return this.sobjects
      .map((s) => ({ sobject: s, error: this.schemas[s]?.error }))
      .filter((s) => s.error)
      .map((s) => `${s.sobject}: ${s.error}`);
  }
  get hasGeneral() {
    return this.placed.general.length > 0;
  }

  fieldsOf(sobject) {
    return this.schemas[sobject]?.fields;
  }

  describeField(sobject, name) {
    return this.fieldsOf(sobject)?.find((f) => f.name.toLowerCase() === (name || '').toLowerCase());
  }

  accessText(field) {
    if (!field) return '';
    const can = [field.canRead && 'read', field.canCreate && 'create', field.canUpdate && 'update'].filter(Boolean);
    return `${field.type}${field.calculated ? ', formula' : ''} · can ${can.join(', ') || 'not read'}`;
  }

  get fieldRows() {
    return this.data.fieldMappings.map((row, index) => {
      const sobject = row.sobject ?? this.sobjects[0];
      const field = this.describeField(sobject, row.salesforceField);
      const problems = this.placed.rows.fieldMappings[index] ?? [];
      return {
        ...row,
        index,
        key: `f${index}`,
        sobject,
        fields: this.fieldsOf(sobject),
        fieldsLoading: !this.fieldsOf(sobject),
        access: this.accessText(field),
        problems,
        hasProblems: problems.length > 0,
        rowClass: problems.length ? 'rox-row rox-row_problem' : 'rox-row',
        label: `Mapping ${index + 1}`,
      };
    });
  }

  get staticRows() {
    return this.data.staticValues.map((row, index) => {
      const sobject = row.sobject ?? this.sobjects[0];
      const field = this.describeField(sobject, row.salesforceField);
      const problems = this.placed.rows.staticValues[index] ?? [];
      const type = field?.type;
      const picklist = type === 'picklist' || type === 'multipicklist';
      return {
        ...row,
        index,
        key: `s${index}`,
        sobject,
        fields: this.fieldsOf(sobject),
        fieldsLoading: !this.fieldsOf(sobject),
        access: this.accessText(field),
        isPicklist: picklist,
        isBoolean: type === 'boolean',
        isOther: !picklist && type !== 'boolean',
        inputType: NUMBER_TYPES.has(type) ? 'number' : type === 'date' ? 'date' : 'text',
        picklistOptions: picklist
          ? field.picklistValues.filter((v) => v.active).map((v) => ({ label: v.label, value: v.value }))
          : [],
        text: row.value === undefined || row.value === null ? '' : String(row.value),
        checked: row.value === true,
        problems,
        hasProblems: problems.length > 0,
        rowClass: problems.length ? 'rox-row rox-row_problem' : 'rox-row',
        label: `Static value ${index + 1}`,
      };
    });
  }

  get customTypeOptions() {
    return this.customFieldTypes.map((t) => ({ label: t, value: t }));
  }
  get customFields() {
    return (this.data.customRoxFields ?? []).map((f, index) => ({
      ...f,
      index,
      removeLabel: `Remove the custom Rox field ${f.label}`,
    }));
  }
  get hasCustomFields() {
    return this.customFields.length > 0;
  }

  handleShowNewField() {
    this.newField = { label: '', type: 'string' };
    setTimeout(() => this.template.querySelector('[data-id="new-field-label"]')?.focus(), 0);
  }

  handleNewFieldLabel(event) {
    this.newField = { ...this.newField, label: event.target.value, error: undefined };
  }

  handleNewFieldType(event) {
    this.newField = { ...this.newField, type: event.detail.value };
  }

  handleCancelNewField() {
    this.newField = undefined;
  }

  /** A custom Rox field named by the admin: its key is custom_ and the name in lower_snake_case. */
  handleCreateField() {
    const label = this.newField.label.trim();
    const slug = label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
    if (!label || !slug) {
      this.newField = { ...this.newField, error: 'Name the field (letters or digits).' };
      return;
    }
    const key = `custom_${slug}`;
    if (this.catalogue.some((f) => f.key === key)) {
      this.newField = { ...this.newField, error: `This tab already has a Rox field ${key}.` };
      return;
    }
    this.edit({ op: 'addRow', list: 'customRoxFields', row: { key, label, type: this.newField.type } });
    this.newField = undefined;
  }

  get hasFieldRows() {
    return this.data.fieldMappings.length > 0;
  }
  get hasStaticRows() {
    return this.data.staticValues.length > 0;
  }

  edit(detail) {
    this.dispatchEvent(new CustomEvent('edit', { detail }));
  }

  handleToggle(event) {
    this.edit({ op: 'set', key: event.target.dataset.key, value: event.target.checked });
  }

  handleActivityType(event) {
    this.edit({ op: 'setWriteback', key: event.target.dataset.key, value: event.target.checked });
  }

  handleRowChange(event) {
    const { list, index, key } = event.target.dataset;
    const value = event.detail?.value ?? event.target.value;
    this.edit({ op: 'setRow', list, index: Number(index), key, value });
  }

  handleStaticText(event) {
    const index = Number(event.target.dataset.index);
    const raw = event.target.value;
    const row = this.staticRows[index];
    const value = row.inputType === 'number' && raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    this.edit({ op: 'setRow', list: 'staticValues', index, key: 'value', value });
  }

  handleStaticCheckbox(event) {
    this.edit({
      op: 'setRow',
      list: 'staticValues',
      index: Number(event.target.dataset.index),
      key: 'value',
      value: event.target.checked,
    });
  }

  handleAddMapping() {
    const row = { roxField: '', salesforceField: '', mode: 'read_only' };
    this.edit({ op: 'addRow', list: 'fieldMappings', row: this.isActivities ? { ...row, sobject: 'Task' } : row });
    this.focusLast('[data-id="rox-field"]');
  }

  handleAddStatic() {
    const row = { salesforceField: '', value: '', applyOn: 'create' };
    this.edit({ op: 'addRow', list: 'staticValues', row: this.isActivities ? { ...row, sobject: 'Task' } : row });
    this.focusLast('[data-id="static-field"]');
  }

  focusLast(selector) {
    // After the new row renders: the keyboard user lands in it.
    setTimeout(() => {
      const all = this.template.querySelectorAll(selector);
      all[all.length - 1]?.focus();
    }, 0);
  }

  handleRemove(event) {
    const { list, index } = event.target.dataset;
    this.edit({ op: 'removeRow', list, index: Number(index) });
  }
}
