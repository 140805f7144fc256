import type { ComponentChildren } from 'preact';

/**
 * A page section named by its heading, so screen readers list it among the landmarks. The
 * heading's id is `<name>-heading`.
 */
export function Section({
  name,
  title,
  class: className,
  id,
  children,
}: {
  name: string;
  title: ComponentChildren;
  class?: string;
  id?: string;
  children?: ComponentChildren;
}) {
  return (
    <section aria-labelledby={`${name}-heading`} class={className} id={id}>
      <h2 id={`${name}-heading`}>{title}</h2>
      {children}
    </section>
  );
}
