import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormTokensUseCases } from '../../app/form-tokens.js';
import { HttpError } from '../problem.js';

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** How long a second submission waits for the first to answer before saying it is still running. */
const WAIT_MS = 5_000;
const POLL_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `location` with its notice replaced by "this form was sent already". */
function withNotice(location: string): string {
  const url = new URL(location, 'http://plenum.invalid');
  url.searchParams.set('notice', 'form.alreadySent');
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Makes a form route that creates something safe to submit twice. The form carries a one-time
 * token (`_once`, see OnceField); the first submission claims it. A second one with the same
 * token creates nothing: it is sent where the first one went (or, when the first answered with a
 * page that showed something once, such as a new API token, to `shownAt`), with a notice saying
 * the form was sent already. If the first is still running, the second waits for it. A refused
 * submission gives its token back, so the corrected form can be sent again. A post without a
 * token (a page from before, a script) is handled as it always was.
 */
export function formOnce(formTokens: FormTokensUseCases, basePath: string) {
  return (handler: Handler, options: { shownAt?: string } = {}): Handler =>
    async (request, reply) => {
      const body = request.body as Record<string, unknown> | null | undefined;
      const token = typeof body?._once === 'string' ? body._once : '';
      if (token === '') return handler(request, reply);

      for (const started = Date.now(); ; await sleep(POLL_MS)) {
        const earlier = await formTokens.claim(token);
        if (earlier.state === 'none') break;
        if (earlier.state === 'done') {
          const to = earlier.location || (options.shownAt ? `${basePath}${options.shownAt}` : null);
          if (!to) throw new HttpError(409, 'form.alreadySent');
          // Came from a Location header, and the URL parser percent-encodes: safe in a header again.
          return reply.redirect(withNotice(to), 303);
        }
        if (Date.now() - started > WAIT_MS) throw new HttpError(409, 'form.stillWorking');
      }

      let answered = false;
      try {
        const result = await handler(request, reply);
        const status = reply.statusCode;
        if (status === 303) {
          await formTokens.complete(token, String(reply.getHeader('location') ?? ''));
          answered = true;
        } else if ((status === 200 || status === 201) && options.shownAt) {
          await formTokens.complete(token, null);
          answered = true;
        }
        return result;
      } finally {
        if (!answered) await formTokens.release(token);
      }
    };
}

export type FormOnce = ReturnType<typeof formOnce>;
