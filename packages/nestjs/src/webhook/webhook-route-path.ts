/** The route Nest maps for the controller path under the app's global prefix. */
export function prefixedPath(prefix: string | undefined, path: string): string {
  const parts = [prefix ?? '', path].map((part) => part.replace(/^\/+|\/+$/g, '')).filter((part) => part !== '');
  return `/${parts.join('/')}`;
}
