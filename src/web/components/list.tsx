import type { ComponentChildren } from 'preact';

/**
 * The items of a list, or the sentence saying there are none. Each item is rendered by the
 * function given as children, which returns the `<li>` with its key.
 */
export function ListOrEmpty<T>({
  items,
  empty,
  emptyClass = 'empty',
  ordered = false,
  class: className,
  children,
}: {
  items: readonly T[];
  empty: ComponentChildren;
  /** `empty` for a list that will fill up, `muted` for a remark beside other content. */
  emptyClass?: string;
  /** An `<ol>`, for lists whose order means something (time, rank). */
  ordered?: boolean;
  class: string;
  children: (item: T, index: number) => ComponentChildren;
}) {
  if (items.length === 0) return <p class={emptyClass}>{empty}</p>;
  const List = ordered ? 'ol' : 'ul';
  return <List class={className}>{items.map(children)}</List>;
}
