import { InitialSchema1767225600000 } from './1767225600000-initial-schema.migration';
import { EventKinds1798761600000 } from './1798761600000-event-kinds.migration';
import { HealthAndDeployJournal1798848000000 } from './1798848000000-health-and-deploy-journal.migration';
import { Revisions1798934400000 } from './1798934400000-revisions.migration';
import { DeployJournalSteps1799020800000 } from './1799020800000-deploy-journal-steps.migration';
import { Secrets1799107200000 } from './1799107200000-secrets.migration';
import { AdoptedComponents1799193600000 } from './1799193600000-adopted-components.migration';

/** In order; a new schema change is a new class appended here. */
export const REGISTRY_MIGRATIONS = [InitialSchema1767225600000, EventKinds1798761600000, HealthAndDeployJournal1798848000000, Revisions1798934400000, DeployJournalSteps1799020800000, Secrets1799107200000, AdoptedComponents1799193600000];
