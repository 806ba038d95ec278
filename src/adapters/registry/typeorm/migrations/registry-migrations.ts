import { InitialSchema1767225600000 } from './1767225600000-initial-schema.migration';
import { EventKinds1798761600000 } from './1798761600000-event-kinds.migration';
import { Revisions1798934400000 } from './1798934400000-revisions.migration';

/** In order; a new schema change is a new class appended here. */
export const REGISTRY_MIGRATIONS = [InitialSchema1767225600000, EventKinds1798761600000, Revisions1798934400000];
