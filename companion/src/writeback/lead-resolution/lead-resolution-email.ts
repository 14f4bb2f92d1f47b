/**
 * Email normalisation and validation, and the values of a Lead created for an email (names and
 * company from the data given, else derived from the address). Pure functions; the rules are
 * documented in lead-resolution.ts.
 */
import type { LeadResolutionOptions, NormalizedParticipant } from './lead-resolution-types.js';

/** Length of the standard Email field on Lead and Contact (Object Reference); longer cannot be stored. */
export const EMAIL_MAX_LENGTH = 80;
/** Standard Lead field lengths (Object Reference): values we derive are cut to fit. */
const LAST_NAME_MAX = 80;
const FIRST_NAME_MAX = 40;
const COMPANY_MAX = 255;

// Dot-atom local part (no leading, trailing or doubled dots) and a host name with at least one dot.
const LOCAL_RE = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Consumer mailbox providers: their domain says nothing about where the person works. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'ymail.com',
  'rocketmail.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'zoho.com',
  'zohomail.com',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
  'qq.com',
  '163.com',
  '126.com',
  'naver.com',
]);
/** Providers that also run country domains (yahoo.co.uk, hotmail.fr, outlook.de, ...). */
const FREE_MAIL_PROVIDERS = new Set(['yahoo', 'hotmail', 'outlook', 'live', 'gmx', 'yandex']);
/** Second-level labels under a country code (acme.co.uk): the company label is the one before. */
const GENERIC_SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ne', 'or']);

/** The comparison key of an email: trimmed and lower-cased. */
export function emailKey(email: unknown): string {
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
}

/** Why a normalised email cannot be sent to Salesforce, or undefined when it is valid. */
export function emailProblem(key: string): string | undefined {
  if (key === '') return 'The email is empty.';
  if (key.length > EMAIL_MAX_LENGTH) return `The email is longer than ${EMAIL_MAX_LENGTH} characters.`;
  const at = key.lastIndexOf('@');
  if (at <= 0 || at === key.length - 1) return 'The email has no local part and domain around one "@".';
  const local = key.slice(0, at);
  const domain = key.slice(at + 1);
  if (!LOCAL_RE.test(local)) return 'The part before "@" has characters or dots an email address cannot have.';
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL_RE.test(l)) || !/^[a-z]{2,}$/.test(labels[labels.length - 1]))
    return 'The domain is not a valid host name.';
  return undefined;
}

export function isFreeMailDomain(domain: string): boolean {
  if (FREE_MAIL_DOMAINS.has(domain)) return true;
  const labels = domain.split('.');
  const suffix = labels.slice(1);
  const countryDomain =
    suffix.length === 1 || (suffix.length === 2 && GENERIC_SECOND_LEVEL.has(suffix[0]) && suffix[1].length === 2);
  return countryDomain && FREE_MAIL_PROVIDERS.has(labels[0]);
}

function titleCase(word: string): string {
  return word.length === 0 ? word : word[0].toUpperCase() + word.slice(1);
}

function cut(value: string, max: number): string {
  return value.length > max ? value.slice(0, max).trimEnd() : value;
}

/** Splits a display name: "Doe, Jane" and "Jane Q. Doe" give First "Jane"/"Jane Q." and Last "Doe". */
export function splitName(name: string): { firstName?: string; lastName: string } {
  const clean = name.replace(/\s+/g, ' ').trim();
  const comma = clean.indexOf(',');
  if (comma > 0) {
    const first = clean.slice(comma + 1).trim();
    return { lastName: clean.slice(0, comma).trim(), ...(first ? { firstName: first } : {}) };
  }
  const space = clean.lastIndexOf(' ');
  if (space < 0) return { lastName: clean };
  return { firstName: clean.slice(0, space), lastName: clean.slice(space + 1) };
}

/** Names from the local part: "jane.doe+news" → Jane / Doe; "jdoe" → last name Jdoe. */
export function namesFromLocalPart(local: string): { firstName?: string; lastName: string } {
  const base = local.split('+')[0];
  const words = base
    .split(/[._-]+/)
    .filter((w) => /[a-z0-9]/.test(w))
    .map(titleCase);
  if (words.length === 0) return { lastName: base || local };
  if (words.length === 1) return { lastName: words[0] };
  return { firstName: words[0], lastName: words.slice(1).join(' ') };
}

/** Company from a corporate domain: "mail.acme-corp.co.uk" → "Acme Corp". */
export function companyFromDomain(domain: string): string {
  const labels = domain.split('.').slice(0, -1);
  if (labels.length >= 2 && GENERIC_SECOND_LEVEL.has(labels[labels.length - 1])) labels.pop();
  const label = labels[labels.length - 1] ?? domain;
  return label.split('-').filter(Boolean).map(titleCase).join(' ') || label;
}

export interface LeadDraft {
  values: Record<string, unknown>;
  /** How the name and company were chosen, for the resolution's detail. */
  detail: string;
}

/**
 * The field values of a new Lead. Layers, later wins: values derived from the email <
 * staticLeadValues < leadSource < name/company given with the participant < Email (always the
 * normalised participant email).
 */
export function leadDraft(p: NormalizedParticipant, options: LeadResolutionOptions): LeadDraft {
  const at = p.email.lastIndexOf('@');
  const domain = p.email.slice(at + 1);
  const given = p.name ? splitName(p.name) : undefined;
  const useGiven = given !== undefined && given.lastName !== '';
  const names = useGiven ? given : namesFromLocalPart(p.email.slice(0, at));
  const freeMail = isFreeMailDomain(domain);
  const fullName = [names.firstName, names.lastName].filter(Boolean).join(' ');

  const values: Record<string, unknown> = {
    LastName: cut(names.lastName, LAST_NAME_MAX),
    ...(names.firstName ? { FirstName: cut(names.firstName, FIRST_NAME_MAX) } : {}),
    Company: cut(freeMail ? fullName : companyFromDomain(domain), COMPANY_MAX),
    ...(options.staticLeadValues ?? {}),
  };
  if (options.leadSource) values.LeadSource = options.leadSource;
  if (useGiven) {
    values.LastName = cut(names.lastName, LAST_NAME_MAX);
    if (names.firstName) values.FirstName = cut(names.firstName, FIRST_NAME_MAX);
    else delete values.FirstName;
  }
  if (p.company) values.Company = cut(p.company, COMPANY_MAX);
  values.Email = p.email;

  const nameWhy = useGiven
    ? 'name as given'
    : options.staticLeadValues && 'LastName' in options.staticLeadValues
      ? 'name from the static Lead values'
      : 'name derived from the email local part';
  const companyWhy = p.company
    ? 'company as given'
    : options.staticLeadValues && 'Company' in options.staticLeadValues
      ? 'company from the static Lead values'
      : freeMail
        ? `company set to the person's name (${domain} is a free-mail domain)`
        : `company derived from the domain ${domain}`;
  return { values, detail: `${nameWhy}; ${companyWhy}` };
}
