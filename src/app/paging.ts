/**
 * Lists the API hands out a page at a time: the store is asked for one row more than the page
 * holds, so whether another page follows is known without counting. The cursor is the id of a
 * page's last row (ids are UUIDv7, so id order is creation order); clients treat it as opaque.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  cursor?: string | undefined;
  limit: number;
}

export async function pageOf<R extends { id: string }, T>(
  request: PageRequest,
  rows: (after: string | null, limit: number) => Promise<R[]>,
  present: (rows: R[]) => T[] | Promise<T[]>,
): Promise<Page<T>> {
  const found = await rows(request.cursor ?? null, request.limit + 1);
  const shown = found.slice(0, request.limit);
  return {
    items: await present(shown),
    nextCursor: found.length > request.limit ? (shown.at(-1)?.id ?? null) : null,
  };
}

export const emptyPage = <T>(): Page<T> => ({ items: [], nextCursor: null });
