import type { ComponentChildren, JSX } from 'preact';

/**
 * The three looks of a control: the one action a form or page is for (primary), any other
 * (secondary), and one that removes or cannot be undone (danger). Small fits a line of text.
 */
export type ButtonVariant = 'primary' | 'secondary' | 'danger';

export interface ButtonLook {
  variant?: ButtonVariant;
  small?: boolean;
  /** The last step of what cannot be undone (deleting one's account): danger, filled. */
  final?: boolean;
}

/**
 * The classes that give a button (`link` false) or a link (`link` true) the look of `variant`
 * in the one size scale; every `<button>` is secondary by itself, so that one needs no class.
 */
export function buttonClass(
  { variant = 'secondary', small = false, final = false }: ButtonLook,
  link = false,
): string | undefined {
  const names = [
    link ? 'button' : null,
    variant === 'secondary' ? null : variant,
    final ? 'final' : null,
    small ? 'small-button' : null,
  ];
  return names.filter(Boolean).join(' ') || undefined;
}

type ButtonProps = ButtonLook &
  Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'class' | 'className'> & {
    children: ComponentChildren;
  };

/** A form's button; a submit button unless `type` says otherwise. */
export function Button({ variant, small, final, type = 'submit', children, ...rest }: ButtonProps) {
  return (
    <button type={type} class={buttonClass({ variant, small, final })} {...rest}>
      {children}
    </button>
  );
}

type ButtonLinkProps = ButtonLook &
  Omit<JSX.AnchorHTMLAttributes<HTMLAnchorElement>, 'class' | 'className'> & {
    href: string;
    children: ComponentChildren;
  };

/** A link that leads to a form or starts a download, looking like a button of the same variant. */
export function ButtonLink({ variant, small, final, children, ...rest }: ButtonLinkProps) {
  return (
    <a class={buttonClass({ variant, small, final }, true)} {...rest}>
      {children}
    </a>
  );
}
