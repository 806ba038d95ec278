import { assertValidName } from '../../../domain/names/name.value';
import { numbered } from '../../../domain/revision/revision';
import { secretNamesOf } from '../../../domain/service/service-spec';
import type { NodeView, SecretRef, ServiceView } from '../../shared/results/service-view';
import type { Registry } from '../ports/registry.port';
import type { SecretStore } from '../ports/secret-store.port';

/**
 * Marks each component whose secrets the node now holds in another version
 * than the one its container got (its service's latest revision says
 * which): `mcp plan` shows it as `~ api  secret db-password changed`.
 * Services without secrets cost nothing.
 */
export async function withSecretChanges(view: NodeView, registry: Registry, store: SecretStore | undefined): Promise<NodeView> {
  if (!store || !view.services.some((s) => s.spec.components.some((c) => secretNamesOf(c).length > 0))) return view;
  const services: ServiceView[] = [];
  for (const s of view.services) {
    if (!s.spec.components.some((c) => secretNamesOf(c).length > 0)) {
      services.push(s);
      continue;
    }
    const [current, history] = await Promise.all([store.list(s.spec.name), registry.listRevisions(s.spec.name)]);
    const now = new Map(current.map((i) => [i.name, i.version]));
    const ran = new Map((numbered(history)[0]?.components ?? []).map((c) => [c.name, c.secrets ?? {}]));
    services.push({
      ...s,
      components: s.components.map((c) => {
        const spec = s.spec.components.find((x) => x.name === c.name);
        const got = ran.get(c.name);
        if (!spec || !got) return c;
        const changed = secretNamesOf(spec).filter((n) => got[n] !== undefined && now.has(n) && now.get(n) !== got[n]);
        return changed.length > 0 ? { ...c, changedSecrets: changed } : c;
      }),
    });
  }
  return { ...view, services };
}

/**
 * Those of `refs` the node holds no secret for: the deploy of a spec using
 * one would be refused with SECRET_NOT_FOUND, so `mcp plan` says so first.
 * Without a secret store the node holds none. One list per service asked.
 */
export async function missingSecrets(refs: readonly SecretRef[], store: SecretStore | undefined): Promise<SecretRef[]> {
  const held = new Map<string, Promise<Set<string>>>();
  const missing: SecretRef[] = [];
  for (const ref of refs) {
    assertValidName('service', ref.service, 'secret_refs');
    assertValidName('secret', ref.name, 'secret_refs');
    if (!held.has(ref.service)) held.set(ref.service, store ? store.list(ref.service).then((l) => new Set(l.map((i) => i.name))) : Promise.resolve(new Set()));
    if (!(await held.get(ref.service))!.has(ref.name) && !missing.some((m) => m.service === ref.service && m.name === ref.name)) missing.push(ref);
  }
  return missing;
}
