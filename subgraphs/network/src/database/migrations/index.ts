import { InitialNetworkSchema1764460800000 } from './1764460800000-InitialNetworkSchema';
import { AuditCheckpoints1796600000001 } from './1796600000001-AuditCheckpoints';

/** Every migration of the network registry's store, oldest first. */
export const networkMigrations = [InitialNetworkSchema1764460800000, AuditCheckpoints1796600000001];
