import { InitialSchema1767225600000 } from './1767225600000-initial-schema.migration';

/** In order; a new schema change is a new class appended here. */
export const REGISTRY_MIGRATIONS = [InitialSchema1767225600000];
