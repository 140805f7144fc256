import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { madeOnce } from './made-once.js';

/**
 * `@handle` in a comment's Markdown. A mention begins at `@` that follows no letter, digit or
 * one of `@ . / _ -` (so an address `ada@example.org` or a path names nobody) and stands in
 * text: not in code, not inside a link. The renderer and the recording of mentions read the
 * text alike through markdown-it's tokens, so what is linked is what was recorded.
 */
const MENTION = /(?<![\p{L}\p{N}@./_-])@([a-z0-9](?:[a-z0-9_-]{0,37}[a-z0-9])?)(?![a-z0-9_-]*[a-z0-9])/giu;

/** A piece of text: plain, or a mention of the handle (lower-case). */
export type TextPiece = { text: string } | { text: string; handle: string };

/** The text cut into plain pieces and mentions, in order; joined again they give the text. */
export function splitMentions(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const m of text.matchAll(MENTION)) {
    const at = m.index ?? 0;
    if (at > last) pieces.push({ text: text.slice(last, at) });
    pieces.push({ text: m[0], handle: (m[1] ?? '').toLowerCase() });
    last = at + m[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/**
 * The inline tokens with each text token outside a link replaced by what `replace` makes of it
 * (the token itself when it answers null).
 */
export function replaceLooseText(children: Token[], replace: (token: Token) => Token[] | null): Token[] {
  let depth = 0;
  return children.flatMap((t) => {
    if (t.type === 'link_open') depth += 1;
    else if (t.type === 'link_close') depth -= 1;
    else if (t.type === 'text' && depth === 0) return replace(t) ?? [t];
    return [t];
  });
}

const parser = madeOnce(
  () => new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false }),
);

/** At most this many people are mentioned by one comment; more `@names` stay text. */
export const MENTIONS_MAX = 20;

/** The handles a comment's Markdown mentions, each once, in the order written (at most MENTIONS_MAX). */
export function mentionedHandles(source: string): string[] {
  const handles = new Set<string>();
  for (const block of parser().parse(source, {})) {
    if (block.type !== 'inline') continue;
    replaceLooseText(block.children ?? [], (t) => {
      for (const piece of splitMentions(t.content)) {
        if ('handle' in piece && handles.size < MENTIONS_MAX) handles.add(piece.handle);
      }
      return null;
    });
  }
  return [...handles];
}
