import type { ServiceSpec } from '../service/service-spec';

/** What one component of a deploy actually ran. */
export interface RevisionComponent {
  readonly name: string;
  /** The reference the spec names (e.g. reg/img:latest). */
  readonly image: string;
  /** The image ID the container ran; '' when unknown (a failed attempt). */
  readonly imageId: string;
  /** `repo@sha256:…` when the image came from a registry: how to pull exactly this image again. */
  readonly repoDigest?: string;
  /** The version of each secret (by name) the container got; absent when it used none. */
  readonly secrets?: Readonly<Record<string, number>>;
}

export const REVISION_RESULTS = ['deployed', 'failed'] as const;
export type RevisionResult = (typeof REVISION_RESULTS)[number];

/**
 * One deploy attempt of a service. A successful one has a number (N+1 of
 * its service); a failed one is history without a number.
 */
export interface Revision {
  readonly service: string;
  readonly number?: number;
  readonly at: Date;
  /** The caller, as the token named them. */
  readonly by: string;
  readonly result: RevisionResult;
  /** "rollback to 3", or why the attempt failed; '' otherwise. */
  readonly note: string;
  readonly spec: ServiceSpec;
  readonly components: readonly RevisionComponent[];
}

/** The repository part of an image reference: no tag, no digest (a registry port is not a tag). */
export function repositoryOf(image: string): string {
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/**
 * The repo digest that pulls `image` again: the one of its own repository,
 * else none. `localhost/…` (no port) is podman's name for an image that never
 * came from a registry: its digest can be listed but never pulled.
 */
export function repoDigestFor(image: string, repoDigests: readonly string[]): string | undefined {
  const repo = repositoryOf(image);
  if (repo.startsWith('localhost/')) return undefined;
  return repoDigests.find((d) => d.startsWith(`${repo}@`));
}

/** The numbered revisions, newest first. */
export function numbered(history: readonly Revision[]): Revision[] {
  return history.filter((r) => r.number !== undefined).sort((a, b) => b.number! - a.number!);
}
