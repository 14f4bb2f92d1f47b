/** Helpers for sync tests: which tabs a connection syncs, and a SyncService with test options. */
import { createLogger } from '../../src/core/logger.js';
import type { CrmMappings } from '../../src/mappings/index.js';
import { FieldStateStore } from '../../src/store/field-state-store.js';
import { SyncStore } from '../../src/store/sync-store.js';
import { SyncService } from '../../src/sync/sync-service.js';
import type { TestCompanion } from './companion.js';

type SyncTab = 'accounts' | 'opportunities' | 'contacts' | 'leads' | 'activities';

/** A mappings edit that turns sync on for these tabs only. */
export function syncing(...tabs: SyncTab[]): (m: CrmMappings) => void {
  return (m) => {
    for (const tab of ['accounts', 'opportunities', 'contacts', 'leads', 'activities'] as const)
      m[tab].sync = tabs.includes(tab);
  };
}

/** A SyncService on the test companion's stores with its own options (thresholds, budget, clock). */
export function syncService(t: TestCompanion, options: ConstructorParameters<typeof SyncService>[6]): SyncService {
  return new SyncService(
    t.svc.connections,
    t.svc.connectionStore,
    t.svc.mappingStore,
    new SyncStore(t.testDb.db),
    new FieldStateStore(t.testDb.db),
    createLogger('silent'),
    options,
  );
}
