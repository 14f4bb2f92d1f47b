/**
 * Deterministic CRM seed data (same seed → same records, Ids and timestamps relative to the start
 * time): accounts, contacts (some pairs share an email), leads (one converted, two with the same
 * email, some matching a contact's email), products with standard and custom price book entries,
 * opportunities with line items, tasks (some written by the integration user with a Rox activity
 * Id, some archived) and events. Records are written through the DML service, so they pass the
 * same validation as API writes, with CreatedDate spread over the 30 days before the clock's start.
 */
import { toSfDate, toSfDateTime } from '../core/clock.js';
import { SeededRandom } from '../core/random.js';
import type { LocalOrg } from '../org.js';
import { INDUSTRIES, STAGES } from '../schema/crm-objects.js';

export interface CrmSeedOptions {
  accounts?: number;
  leads?: number;
  opportunities?: number;
  tasks?: number;
  events?: number;
}

export const FIRST_NAMES = [
  'Ava',
  'Ben',
  'Chloe',
  'Daniel',
  'Emma',
  'Farid',
  'Grace',
  'Hiro',
  'Isla',
  'Jonas',
  'Kira',
  'Liam',
  'Maya',
  'Noah',
  'Olga',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
  'Umar',
  'Vera',
  'Wen',
  'Xavier',
  'Yara',
  'Zoe',
];
export const LAST_NAMES = [
  'Anders',
  'Baker',
  'Chen',
  'Diaz',
  'Evans',
  'Fischer',
  'Garcia',
  'Hughes',
  'Ito',
  'Jensen',
  'Khan',
  'Lopez',
  'Meyer',
  'Nakamura',
  'Okafor',
  'Patel',
  'Quist',
  'Rossi',
  'Silva',
  'Taylor',
  'Ueda',
  'Varga',
  'Weber',
  'Xu',
  'Young',
  'Zimmer',
];
export const COMPANY_WORDS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Wonka',
  'Gringotts',
  'Oscorp',
  'Aperture',
  'Massive',
  'Pied Piper',
  'Dunder',
  'Monarch',
  'Nakatomi',
];
export const COMPANY_SUFFIX = [
  'Robotics',
  'Analytics',
  'Logistics',
  'Health',
  'Energy',
  'Foods',
  'Capital',
  'Systems',
  'Labs',
  'Media',
];
const CITIES: Array<[string, string]> = [
  ['San Francisco', 'USA'],
  ['New York', 'USA'],
  ['London', 'United Kingdom'],
  ['Berlin', 'Germany'],
  ['Paris', 'France'],
  ['Tokyo', 'Japan'],
  ['Toronto', 'Canada'],
  ['Sydney', 'Australia'],
];
const PRODUCTS: Array<[string, string, number]> = [
  ['Rox Platform Seat', 'ROX-SEAT', 1200],
  ['Rox Enterprise Seat', 'ROX-ENT', 2400],
  ['Onboarding Package', 'ROX-ONB', 5000],
  ['Premium Support', 'ROX-SUP', 8000],
  ['Data Enrichment Credits', 'ROX-DATA', 0.5],
  ['Warehouse Connector', 'ROX-WH', 3000],
  ['Email Sequencing Add-on', 'ROX-SEQ', 600],
  ['Call Recording Add-on', 'ROX-CALL', 900],
  ['Training Day', 'ROX-TRN', 2000],
  ['Custom Integration', 'ROX-INT', 15000],
  ['Analytics Pack', 'ROX-AN', 1500],
  ['Sandbox Seat', 'ROX-SBX', 300],
];

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function seedCrmData(org: LocalOrg, options: CrmSeedOptions): void {
  const rnd = new SeededRandom(org.seed * 7919 + 17);
  const users = org.users;
  const saved = org.clock.saveState();
  const end = org.clock.nowMs();
  const start = end - 30 * 24 * 3600 * 1000;
  const counts = {
    accounts: options.accounts ?? 300,
    leads: options.leads ?? 120,
    opportunities: options.opportunities ?? 150,
    tasks: options.tasks ?? 300,
    events: options.events ?? 100,
  };
  const total = counts.accounts * 3 + counts.leads + counts.opportunities * 3 + counts.tasks + counts.events + 40;
  const step = Math.max(1, Math.floor((end - start - 60000) / total));
  let t = start;
  org.clock.set(t);
  const tick = () => {
    t += step;
    org.clock.set(t);
  };
  const ins = (objectName: string, values: Record<string, unknown>, asUser = users.admin.id) => {
    tick();
    return org.insert(objectName, values, asUser);
  };
  const owners = [users.salesRep.id, users.salesRep.id, users.admin.id];

  // Products and price books.
  const standardPb = ins('Pricebook2', { Name: 'Standard Price Book', IsActive: true });
  org.store.put('Pricebook2', { ...org.get(standardPb)!, IsStandard: true });
  const customPb = ins('Pricebook2', {
    Name: 'Enterprise 2026',
    IsActive: true,
    Description: 'Negotiated enterprise prices',
  });
  const standardEntries: string[] = [];
  const customEntries: string[] = [];
  PRODUCTS.forEach(([name, code, price], i) => {
    const productId = ins('Product2', {
      Name: name,
      ProductCode: code,
      IsActive: true,
      Family: 'None',
      Description: `${name} (${code})`,
    });
    standardEntries.push(
      ins('PricebookEntry', { Pricebook2Id: standardPb, Product2Id: productId, UnitPrice: price, IsActive: true }),
    );
    if (i % 2 === 0)
      customEntries.push(
        ins('PricebookEntry', {
          Pricebook2Id: customPb,
          Product2Id: productId,
          UnitPrice: price * 0.9,
          IsActive: true,
        }),
      );
  });

  // Accounts and contacts.
  const accounts: string[] = [];
  const contacts: Array<{ id: string; email: string; accountId: string }> = [];
  for (let i = 0; i < counts.accounts; i++) {
    const name = `${rnd.pick(COMPANY_WORDS)} ${rnd.pick(COMPANY_SUFFIX)} ${i + 1}`;
    const [city, country] = rnd.pick(CITIES);
    const employees = rnd.chance(0.1) ? 1000 + rnd.int(50000) : 5 + rnd.int(900);
    const id = ins('Account', {
      Name: name,
      Website: `https://www.${slug(name)}.example.com`,
      Industry: rnd.pick(INDUSTRIES),
      Type: rnd.pick(['Prospect', 'Customer - Direct', 'Customer - Channel', 'Other']),
      NumberOfEmployees: employees,
      AnnualRevenue: employees * (50000 + rnd.int(150000)),
      BillingCity: city,
      BillingCountry: country,
      BillingStreet: `${1 + rnd.int(999)} Market Street`,
      Phone: `+1 415 555 ${String(1000 + i).slice(-4)}`,
      Rating: rnd.pick(['Hot', 'Warm', 'Cold']),
      OwnerId: rnd.pick(owners),
      ParentId: i > 10 && rnd.chance(0.05) ? rnd.pick(accounts) : null,
    });
    accounts.push(id);
    const n = rnd.int(4);
    for (let c = 0; c < n; c++) {
      const first = rnd.pick(FIRST_NAMES);
      const last = rnd.pick(LAST_NAMES);
      const email = `${first}.${last}${contacts.length}@${slug(name)}.example.com`.toLowerCase();
      const cid = ins('Contact', {
        AccountId: id,
        FirstName: first,
        LastName: last,
        Email: email,
        Title: rnd.pick(['CEO', 'VP Sales', 'Head of RevOps', 'Engineer', 'CFO', 'Buyer']),
        Phone: `+1 212 555 ${String(2000 + contacts.length).slice(-4)}`,
        OwnerId: rnd.pick(owners),
      });
      contacts.push({ id: cid, email, accountId: id });
    }
  }
  // Pairs of contacts that share an email (duplicates a sync must resolve).
  for (let k = 0; k < 5 && contacts.length > 10; k++) {
    const original = contacts[k * 2];
    const other = rnd.pick(accounts);
    const cid = ins('Contact', {
      AccountId: other,
      FirstName: 'Dup',
      LastName: `Contact ${k + 1}`,
      Email: original.email,
      Title: 'Duplicate',
    });
    contacts.push({ id: cid, email: original.email, accountId: other });
  }

  // Leads: two with the same email, some matching contacts, one converted.
  const leads: string[] = [];
  for (let i = 0; i < counts.leads; i++) {
    const first = rnd.pick(FIRST_NAMES);
    const last = rnd.pick(LAST_NAMES);
    const company = `${rnd.pick(COMPANY_WORDS)} ${rnd.pick(COMPANY_SUFFIX)} Prospect ${i + 1}`;
    let email = `${first}.${last}.lead${i}@${slug(company)}.example.com`.toLowerCase();
    if (i === 1) email = org.get(leads[0])!.Email as string;
    if (i >= 2 && i < 6 && contacts.length > i) email = contacts[i].email;
    leads.push(
      ins('Lead', {
        FirstName: first,
        LastName: last,
        Company: company,
        Email: email,
        Status: rnd.pick(['Open - Not Contacted', 'Working - Contacted']),
        LeadSource: rnd.pick(['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
        Industry: rnd.pick(INDUSTRIES),
        OwnerId: rnd.pick(owners),
      }),
    );
  }
  if (leads.length > 10) {
    tick();
    org.convertLead(leads[10], { createOpportunity: true, asUserId: users.salesRep.id });
  }

  // Opportunities with line items.
  const opportunities: string[] = [];
  for (let i = 0; i < counts.opportunities; i++) {
    const accountId = rnd.pick(accounts);
    const stage = rnd.pick(STAGES)[0];
    const close = new Date(end + (rnd.int(180) - 60) * 86400000);
    const useCustom = rnd.chance(0.2);
    const withItems = rnd.chance(0.5);
    const oid = ins('Opportunity', {
      AccountId: accountId,
      Name: `${org.get(accountId)!.Name as string} - ${rnd.pick(['Expansion', 'New Business', 'Renewal', 'Pilot'])}`,
      StageName: stage,
      CloseDate: toSfDate(close),
      Amount: withItems ? null : 1000 * (5 + rnd.int(200)),
      Pricebook2Id: useCustom ? customPb : standardPb,
      NextStep: rnd.pick(['Send proposal', 'Security review', 'Demo for champion', null]),
      OwnerId: rnd.pick(owners),
    });
    opportunities.push(oid);
    if (withItems) {
      const entries = useCustom ? customEntries : standardEntries;
      for (let k = 0; k < 1 + rnd.int(3); k++) {
        const pbe = org.get(rnd.pick(entries))!;
        ins('OpportunityLineItem', {
          OpportunityId: oid,
          PricebookEntryId: pbe.Id,
          Quantity: 1 + rnd.int(50),
          UnitPrice: pbe.UnitPrice,
        });
      }
    }
  }

  // Tasks: emails, calls and LinkedIn messages; some logged by the integration user with a Rox activity Id.
  const ns = org.schema.namespace;
  const roxField = org.schema.field('Task', `${ns}__RoxActivityId__c`)?.name;
  for (let i = 0; i < counts.tasks; i++) {
    const onLead = rnd.chance(0.2);
    const contact = rnd.pick(contacts);
    const subtype = rnd.pick(['Email', 'Call', 'Task', 'LinkedIn'] as const);
    const byRox = rnd.chance(0.3);
    const values: Record<string, unknown> = {
      Subject:
        subtype === 'Email'
          ? 'Email: Follow-up'
          : subtype === 'Call'
            ? 'Call'
            : subtype === 'LinkedIn'
              ? 'LinkedIn message'
              : 'Prepare proposal',
      TaskSubtype: subtype,
      Status: rnd.pick(['Completed', 'Completed', 'Not Started', 'In Progress']),
      Priority: rnd.pick(['Normal', 'Normal', 'High', 'Low']),
      ActivityDate: toSfDate(t + (rnd.int(20) - 10) * 86400000),
      WhoId: onLead ? rnd.pick(leads.filter((l) => l !== leads[10])) : contact.id,
      WhatId: onLead ? null : rnd.chance(0.5) ? contact.accountId : rnd.pick(opportunities),
      Description: `Seeded activity ${i + 1}`,
      CallDurationInSeconds: subtype === 'Call' ? 30 + rnd.int(1800) : null,
      CallType: subtype === 'Call' ? rnd.pick(['Inbound', 'Outbound']) : null,
    };
    if (byRox && roxField) values[roxField] = `rox-act-${org.seed}-${i + 1}`;
    ins('Task', values, byRox ? users.integration.id : rnd.pick(owners));
  }
  // Activities older than a year are archived by the platform; mark a few as such.
  let archived = 0;
  for (const row of [...org.store.scan('Task')]) {
    if (archived >= 3) break;
    if (row.Status === 'Completed') {
      org.store.put('Task', { ...row, IsArchived: true });
      archived++;
    }
  }

  for (let i = 0; i < counts.events; i++) {
    const contact = rnd.pick(contacts);
    const startMs = t + (rnd.int(40) - 20) * 86400000 + (9 + rnd.int(8)) * 3600000;
    const allDay = rnd.chance(0.05);
    ins(
      'Event',
      allDay
        ? {
            Subject: 'Offsite',
            IsAllDayEvent: true,
            ActivityDate: toSfDate(startMs),
            WhoId: contact.id,
            WhatId: contact.accountId,
          }
        : {
            Subject: rnd.pick(['Meeting: Discovery', 'Meeting: Demo', 'Meeting: QBR']),
            StartDateTime: toSfDateTime(Math.floor(startMs / 1800000) * 1800000),
            DurationInMinutes: rnd.pick([30, 45, 60]),
            Location: rnd.pick(['Zoom', 'Google Meet', 'HQ Room 4']),
            WhoId: contact.id,
            WhatId: rnd.chance(0.5) ? contact.accountId : rnd.pick(opportunities),
            ShowAs: 'Busy',
          },
    );
  }
  org.clock.restoreState(saved);
}
