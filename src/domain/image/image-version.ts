/**
 * The version of an image is its tag. A registry port is not a tag
 * (`host:5000/img` has none) and a digest is shortened to 12 hex digits.
 */
export function imageVersion(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) {
    const digest = image.slice(at + 1);
    const colon = digest.indexOf(':');
    if (colon < 0) return digest;
    return `${digest.slice(0, colon)}:${digest.slice(colon + 1, colon + 13)}`;
  }
  const lastSlash = image.lastIndexOf('/');
  const lastSegment = image.slice(lastSlash + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1) : '';
}
