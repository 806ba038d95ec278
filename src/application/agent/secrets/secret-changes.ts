import { numbered } from '../../../domain/revision/revision';
import { secretNamesOf } from '../../../domain/service/service-spec';
import type { NodeView, ServiceView } from '../../shared/results/service-view';
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
