import type { ComponentChildren } from 'preact';

/** A note in the look of documentation admonitions (left border and a label), like mkdocs' `!!! info`. */
export function Admonition({
  kind,
  label,
  children,
}: {
  kind: 'info' | 'danger';
  label: string;
  children: ComponentChildren;
}) {
  return (
    <aside class={`admonition admonition-${kind}`} aria-label={label}>
      <p class="admonition-title">{label}</p>
      {children}
    </aside>
  );
}
