import { InitialNationalSchema1764374400000 } from './1764374400000-InitialNationalSchema';

/** Every migration of the national store, oldest first. */
export const nationalMigrations = [InitialNationalSchema1764374400000];
