import { ellipsize } from './table';

/** The image without its tag or digest (the version has its own column). */
export function imageName(image: string): string {
  const at = image.indexOf('@');
  const bare = at >= 0 ? image.slice(0, at) : image;
  const slash = bare.lastIndexOf('/');
  const colon = bare.lastIndexOf(':');
  return colon > slash ? bare.slice(0, colon) : bare;
}

/** Versions are tags or shortened digests; a tag longer than 16 is cut, its start kept. */
export function shortVersion(version: string): string {
  if (version === '') return '-';
  return ellipsize(version, 16);
}

/** 45s, 12m, 3h5m, 4d2h — how long a container has been up. */
export function uptime(startedAt: Date | undefined, now: Date): string {
  if (!startedAt) return '-';
  const s = Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
}

export function errorLine(node: string, error: { code: string; message: string }): string {
  return `${node}  ERROR ${error.code}: ${error.message}`;
}
