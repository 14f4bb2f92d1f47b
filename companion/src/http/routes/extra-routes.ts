/** Routes of the mappings and doctor modules. */
import type { ConnectionService } from '../../connections/connection-service.js';
import { MappingService } from '../../mappings/mapping-service.js';
import type { MappingStore } from '../../store/mapping-store.js';
import type { RouteSpec } from '../route-spec.js';
import { doctorRoutes } from './doctor-routes.js';
import { mappingRoutes } from './mapping-routes.js';

export function extraRoutes(deps: {
  connections: ConnectionService;
  mappingStore: MappingStore;
}): Array<RouteSpec<any>> {
  return [...mappingRoutes(new MappingService(deps.connections, deps.mappingStore)), ...doctorRoutes(deps.connections)];
}
