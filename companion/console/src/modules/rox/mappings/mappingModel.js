/**
 * The CRM Mappings page's model, kept apart from the DOM: tabs of a mappings document, edits applied without
 * changing the original, problems (from the API's validation or its request schema) placed next to their rows.
 */
export const RECORD_TABS = [
  { key: 'accounts', label: 'Accounts', sobjects: ['Account'] },
  { key: 'opportunities', label: 'Opportunities', sobjects: ['Opportunity'] },
  { key: 'contacts', label: 'Contacts', sobjects: ['Contact'] },
  { key: 'leads', label: 'Leads', sobjects: ['Lead'] },
  { key: 'activities', label: 'Activities', sobjects: ['Task', 'Event'] },
];

export function clone(value) {
  return JSON.parse(JSON.stringify(value));
}

/** Every tab of a mappings document: the five standard ones, then one per custom object. */
export function tabsOf(config) {
  const custom = (config.customObjects || []).map((c, index) => ({
    key: `custom:${index}`,
    label: c.sobject,
    sobjects: [c.sobject],
    custom: true,
    index,
  }));
  return [...RECORD_TABS, ...custom];
}

/** The part of the document a tab edits. */
export function tabData(config, key) {
  if (key.startsWith('custom:')) return config.customObjects[Number(key.slice(7))];
  return config[key];
}

/** Applies one edit from a tab to a copy of the document. */
export function applyEdit(config, key, edit) {
  const next = clone(config);
  const tab = tabData(next, key);
  switch (edit.op) {
    case 'set':
      tab[edit.key] = edit.value;
      break;
    case 'setWriteback':
      tab.writeback[edit.key] = edit.value;
      break;
    case 'setRow':
      tab[edit.list][edit.index][edit.key] = edit.value;
      break;
    case 'addRow':
      tab[edit.list].push(edit.row);
      break;
    case 'removeRow':
      tab[edit.list].splice(edit.index, 1);
      break;
    default:
      throw new Error(`Unknown edit ${edit.op}`);
  }
  return next;
}

/** Adds a custom object tab. */
export function addCustomObject(config, sobject) {
  const next = clone(config);
  next.customObjects = [
    ...(next.customObjects || []),
    { sobject, sync: true, writebackNewEntities: false, customRoxFields: [], fieldMappings: [], staticValues: [] },
  ];
  return next;
}

const same = (a, b) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

/** The problems of one tab, each placed on a row of a list when it names one, the rest for the tab's top. */
export function placeProblems(problems, key, tab) {
  const tabName = key.startsWith('custom:') ? 'custom' : key;
  const mine = problems.filter(
    (p) => p.tab === tabName && (tabName !== 'custom' || tab.sobjects.some((s) => same(s, p.sobject))),
  );
  const rows = { fieldMappings: {}, staticValues: {} };
  const general = [];
  for (const p of mine) {
    const lists = p.list ? [p.list] : p.code.startsWith('STATIC_VALUE') ? ['staticValues'] : ['fieldMappings', 'staticValues'];
    let placed = false;
    for (const list of lists) {
      const entries = tab.data[list] || [];
      entries.forEach((row, index) => {
        const matches =
          p.index !== undefined
            ? index === p.index
            : (!row.sobject || same(row.sobject, p.sobject)) &&
              ((p.field && same(row.salesforceField, p.field)) || (p.roxField && row.roxField === p.roxField));
        if (!matches) return;
        (rows[list][index] ??= []).push(p.message);
        placed = true;
      });
    }
    if (!placed) general.push(p.message);
  }
  return { rows, general, count: mine.length };
}

/**
 * The request schema's field errors (`details.fields[].path`, e.g. `accounts.fieldMappings.2.roxField`) as
 * problems of the tab and row they name.
 */
export function schemaProblems(fields, config) {
  return (fields || []).map((f) => {
    const parts = String(f.path).split('.');
    let tab = parts[0];
    let rest = parts.slice(1);
    let sobject = '';
    if (tab === 'customObjects') {
      const object = config.customObjects?.[Number(parts[1])];
      tab = 'custom';
      sobject = object?.sobject ?? '';
      rest = parts.slice(2);
    }
    const [list, index, key] = rest;
    const data = tab === 'custom' ? config.customObjects?.find((c) => c.sobject === sobject) : config[tab];
    const row = data?.[list]?.[Number(index)];
    return {
      code: list === 'staticValues' ? 'STATIC_VALUE_SCHEMA' : 'SCHEMA',
      list: row ? list : undefined,
      index: row ? Number(index) : undefined,
      tab,
      sobject: row?.sobject ?? sobject,
      field: row?.salesforceField,
      roxField: row?.roxField,
      message: `${key ?? list ?? tab}: ${f.problem}`,
    };
  });
}

/** Rows left half-filled, which the API would refuse: checked before sending, with the same placement. */
export function incompleteRows(config) {
  const out = [];
  for (const t of tabsOf(config)) {
    const data = tabData(config, t.key);
    const tab = t.custom ? 'custom' : t.key;
    data.fieldMappings.forEach((row, index) => {
      if (!row.roxField || !row.salesforceField)
        out.push({
          code: 'INCOMPLETE',
          list: 'fieldMappings',
          index,
          tab,
          sobject: row.sobject ?? t.sobjects[0],
          field: row.salesforceField || undefined,
          roxField: row.roxField || undefined,
          message: `${t.label} tab: choose ${!row.roxField ? 'a Rox field' : 'a Salesforce field'} for every mapping, or remove the row.`,
        });
    });
    data.staticValues.forEach((row, index) => {
      if (!row.salesforceField || row.value === '' || row.value === undefined)
        out.push({
          code: 'STATIC_VALUE_INCOMPLETE',
          list: 'staticValues',
          index,
          tab,
          sobject: row.sobject ?? t.sobjects[0],
          field: row.salesforceField || undefined,
          message: `${t.label} tab: every static value needs a Salesforce field and a value, or remove the row.`,
        });
    });
  }
  return out;
}
