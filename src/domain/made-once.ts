/**
 * A value made on its first use and kept. For costly things a module holds (a markdown-it parser
 * compiles linkify's large expressions as it is made), so that a module being loaded at start
 * costs nothing until a request needs it.
 */
export function madeOnce<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
