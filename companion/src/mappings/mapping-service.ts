/**
 * Per-connection CRM mappings: read (stored, or the defaults until the admin saves), save only
 * when valid against the org's describe as the connected user sees it, and re-validate the stored
 * mappings when the org's schema may have changed (the problems are stored and shown).
 */
import type { ConnectionService } from '../connections/connection-service.js';
import { AppError } from '../core/app-error.js';
import type { MappingStore } from '../store/mapping-store.js';
import { type CrmMappings, defaultCrmMappings, type DescribeProvider, validateMappings } from './index.js';
import type { FieldAccess } from './field-access.js';
import type { MappingProblem } from './mapping-problems.js';
import { adaptActivityIdMapping } from './activity-id-mapping.js';
import { type RoxFieldCatalogue, roxFieldCatalogue } from './rox-fields.js';
import { type ObjectSchema, objectSchema } from './object-schema.js';
import { isUnknownObject } from '../salesforce/sf-client.js';

export interface MappingView {
  config: CrmMappings;
  saved: boolean;
  problems: MappingProblem[];
  access: FieldAccess[];
  validatedAt: string | null;
  updatedAt: string | null;
  /** The Rox fields each tab can map (read only: PUT ignores it). */
  catalogue: RoxFieldCatalogue;
}

export class MappingService {
  constructor(
    private readonly connections: ConnectionService,
    private readonly store: MappingStore,
  ) {}

  private async describer(connectionId: string): Promise<DescribeProvider> {
    const client = await this.connections.client(connectionId);
    return (sobject) => client.describe(sobject);
  }

  /**
   * One object's fields as the connected user sees them (any object the user can describe). An
   * unknown or hidden object is a 404 that carries Salesforce's own words.
   */
  async objectSchema(connectionId: string, sobject: string): Promise<ObjectSchema> {
    await this.connections.get(connectionId);
    const client = await this.connections.client(connectionId);
    try {
      return objectSchema(await client.describeOrThrow(sobject));
    } catch (e) {
      if (!isUnknownObject(e)) throw e;
      const err = e as AppError;
      const code = (err.details as { salesforceErrorCode: string }).salesforceErrorCode;
      const words = (err.cause as Error | undefined)?.message ?? err.message;
      throw new AppError(
        'NOT_FOUND',
        `No object ${sobject} in this org that the connected Salesforce user can see (Salesforce answered ${code}: ${words}). Check the API name (custom objects end in __c) and the user's object permissions.`,
        { details: { salesforceErrorCode: code } },
      );
    }
  }

  async get(connectionId: string): Promise<MappingView> {
    await this.connections.get(connectionId);
    const stored = await this.store.get<CrmMappings>(connectionId);
    const describe = await this.describer(connectionId);
    const config = await adaptActivityIdMapping(stored?.config ?? defaultCrmMappings(), describe);
    const result = await validateMappings(config, describe);
    return {
      config,
      saved: stored !== undefined,
      problems: result.problems,
      access: result.access,
      validatedAt: new Date().toISOString(),
      updatedAt: stored?.updatedAt ?? null,
      catalogue: roxFieldCatalogue(config),
    };
  }

  /** Saves when valid; otherwise nothing is stored and every problem is reported. */
  async save(connectionId: string, proposed: CrmMappings): Promise<MappingView> {
    await this.connections.get(connectionId);
    const describe = await this.describer(connectionId);
    const config = await adaptActivityIdMapping(proposed, describe);
    const result = await validateMappings(config, describe);
    if (!result.ok) {
      const n = result.problems.length;
      throw new AppError(
        'MAPPING_INVALID',
        `The mappings were not saved: ${n} problem${n === 1 ? '' : 's'}. ${result.problems
          .slice(0, 5)
          .map((p, i) => `(${i + 1}) ${p.message}`)
          .join(' ')}${n > 5 ? ` (and ${n - 5} more in details.problems)` : ''}`,
        { details: { problems: result.problems } },
      );
    }
    await this.store.save(connectionId, config, [], true);
    const stored = await this.store.get<CrmMappings>(connectionId);
    return {
      config,
      saved: true,
      problems: [],
      access: result.access,
      validatedAt: stored?.validatedAt ?? null,
      updatedAt: stored?.updatedAt ?? null,
      catalogue: roxFieldCatalogue(config),
    };
  }

  /** Checks proposed mappings against the org's schema without saving them. */
  async check(connectionId: string, proposed: CrmMappings): Promise<MappingView> {
    await this.connections.get(connectionId);
    const stored = await this.store.get<CrmMappings>(connectionId);
    const describe = await this.describer(connectionId);
    const config = await adaptActivityIdMapping(proposed, describe);
    const result = await validateMappings(config, describe);
    return {
      config,
      saved: false,
      problems: result.problems,
      access: result.access,
      validatedAt: new Date().toISOString(),
      updatedAt: stored?.updatedAt ?? null,
      catalogue: roxFieldCatalogue(config),
    };
  }

  /** Re-checks the stored mappings against today's describe (schema drift) and records the result. */
  async revalidate(connectionId: string): Promise<MappingView> {
    await this.connections.get(connectionId);
    const stored = await this.store.get<CrmMappings>(connectionId);
    const describe = await this.describer(connectionId);
    const config = await adaptActivityIdMapping(stored?.config ?? defaultCrmMappings(), describe);
    const result = await validateMappings(config, describe);
    if (stored) await this.store.save(connectionId, config, result.problems, true);
    const after = await this.store.get<CrmMappings>(connectionId);
    return {
      config,
      saved: stored !== undefined,
      problems: result.problems,
      access: result.access,
      validatedAt: after?.validatedAt ?? new Date().toISOString(),
      updatedAt: after?.updatedAt ?? null,
      catalogue: roxFieldCatalogue(config),
    };
  }
}
