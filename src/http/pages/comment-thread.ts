import type { App } from '../../app/app.js';
import type { CommentTarget } from '../../app/comment-targets.js';
import { liveChannel } from '../../app/live-channels.js';
import type { Actor } from '../../domain/roles.js';
import type { CommentFormState } from '../../web/components/comment-forms.js';
import { type ThreadView, threadPath } from '../../web/components/comments.js';

/**
 * A thread as a page shows it: the stream's cursor taken before the comments are read, so a
 * comment written in between reaches the page by its stream.
 */
export async function loadThread(
  app: App,
  actor: Actor,
  target: CommentTarget,
  form: CommentFormState | null = null,
): Promise<ThreadView> {
  const since = app.live.cursor(liveChannel.comments(target.type, target.id));
  const comments = await app.comments.thread(actor, target);
  return { target, comments, form, events: { path: `${threadPath(target)}/events`, since } };
}
