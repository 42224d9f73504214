import { InitialNetworkSchema1764460800000 } from './1764460800000-InitialNetworkSchema';

/** Every migration of the network registry's store, oldest first. */
export const networkMigrations = [InitialNetworkSchema1764460800000];
