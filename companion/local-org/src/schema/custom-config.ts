/**
 * Typed configuration for the org's own customisations (not the package's): extra custom objects,
 * extra custom fields on any object, validation rules. The defaults add a few realistic formula
 * fields, one of which reads a parent: a parent change alters the child's formula value without
 * moving the child's SystemModstamp or LastModifiedDate, exactly the trap an incremental sync
 * must handle.
 */
import type { FieldDef, ValidationRuleDef } from '../schema-types.js';
import { f } from './field-builders.js';

export interface CustomObjectConfig {
  /** API name ending in `__c` (give the namespaced name for package objects). */
  name: string;
  label: string;
  labelPlural: string;
  /** Defaults to the next free `a0X` prefix. */
  keyPrefix?: string;
  /** Name field: AutoNumber (not createable) or Text (default). */
  nameField?: { label: string; autoNumber?: boolean; displayFormat?: string };
  enableActivities?: boolean;
  fields: FieldDef[];
}

export interface SchemaConfig {
  /** Namespace of the managed package (default `RoxAI`). */
  namespace?: string;
  /** Package source (force-app/main/default). `false` skips the package. */
  packageSourceDir?: string | false;
  customObjects?: CustomObjectConfig[];
  customFields?: Array<{ object: string; fields: FieldDef[] }>;
  validationRules?: Array<{ object: string; rule: ValidationRuleDef }>;
  /** Add the default formula fields and validation rule below (default true). */
  defaults?: boolean;
}

function text(v: unknown): string | null {
  return v === undefined || v === null || v === '' ? null : String(v);
}

export function defaultCustomFields(): Array<{ object: string; fields: FieldDef[] }> {
  return [
    {
      object: 'Contact',
      fields: [
        f.formula('Account_Industry__c', 'Account Industry', 'string', 'TEXT(Account.Industry)', (r, ctx) => {
          const accountId = r.AccountId;
          if (typeof accountId !== 'string') return null;
          return text(ctx.getById(accountId)?.Industry);
        }),
      ],
    },
    {
      object: 'Account',
      fields: [
        f.formula(
          'Employee_Band__c',
          'Employee Band',
          'string',
          'IF(NumberOfEmployees >= 1000, "Enterprise", IF(NumberOfEmployees >= 100, "Mid-Market", "SMB"))',
          (r) => {
            const n = typeof r.NumberOfEmployees === 'number' ? r.NumberOfEmployees : 0;
            return n >= 1000 ? 'Enterprise' : n >= 100 ? 'Mid-Market' : 'SMB';
          },
        ),
      ],
    },
    {
      object: 'Opportunity',
      fields: [
        f.formula('Account_Rating__c', 'Account Rating', 'string', 'TEXT(Account.Rating)', (r, ctx) => {
          const accountId = r.AccountId;
          if (typeof accountId !== 'string') return null;
          return text(ctx.getById(accountId)?.Rating);
        }),
      ],
    },
  ];
}

export function defaultValidationRules(): Array<{ object: string; rule: ValidationRuleDef }> {
  return [
    {
      object: 'Opportunity',
      rule: {
        name: 'Amount_Not_Negative',
        errorWhen: (r) => typeof r.Amount === 'number' && r.Amount < 0,
        message: 'Amount cannot be negative.',
        errorField: 'Amount',
      },
    },
  ];
}
