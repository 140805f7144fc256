// `npm start` loads the hub from one bundle: Node.js 20 reads several hundred ES modules (ours and
// those of TypeBox, Kysely and Fastify) in about a second; the same code as one bundle, in about
// a third of that. The packages left out read files beside their code at run time (the API
// reference's assets, pino's worker threads) or are native.
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default {
  input: { plenum: here('dist/cli/main.js') },
  platform: 'node',
  external: ['better-sqlite3', 'pg-native', 'pino', 'pino-pretty', 'thread-stream', '@fastify/swagger-ui'],
  output: {
    // What the code imports only on first use (SMTP, metrics, sign-in providers, feeds, the
    // CLI's other commands) is a chunk of its own, read when first needed. Chunks sit beside the
    // entry, as deep below the checkout as the modules they are made of (dist/cli/main.js), so
    // the paths they take from import.meta.url (src/web's assets) stay the same.
    dir: here('dist/bundle'),
    entryFileNames: '[name].mjs',
    chunkFileNames: '[name]-[hash].mjs',
    cleanDir: true,
    // What start-up loads comes in pieces of at most ~512 kB. glibc keeps a freed block's size as
    // the bar under which it no longer gives memory back (the file read of one 4 MB bundle left
    // ~7 MB of freed memory in the process for good); smaller reads keep that bar low.
    strictExecutionOrder: true,
    codeSplitting: { groups: [{ name: 'start', tags: ['$initial'], maxSize: 512 * 1024 }] },
    format: 'esm',
    // V8 keeps a module's source for as long as its functions live: with one character outside
    // Latin-1 (a German quote, an arrow) it is kept at two bytes a character, 11 MB instead of 5.
    charset: 'ascii',
    // Comments are source that would stay in memory too; licence notices stay.
    comments: { legal: true, annotation: false, jsdoc: false },
  },
  logLevel: 'warn',
};
