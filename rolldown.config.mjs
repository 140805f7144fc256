// `npm start` loads the hub from one file: Node.js 20 reads several hundred ES modules (ours and
// those of TypeBox, Kysely and Fastify) in about a second; the same code as one bundle, in about
// a third of that. The packages left out read files beside their own code at run time (the API
// reference's assets, pino's worker threads, Swagger's package.json) or are native.
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default {
  input: here('dist/cli/main.js'),
  platform: 'node',
  external: [
    'better-sqlite3',
    'pg-native',
    'pino',
    'pino-pretty',
    'thread-stream',
    '@fastify/swagger',
    '@fastify/swagger-ui',
  ],
  // The bundle sits as deep below the checkout as the modules it is made of (dist/cli/main.js),
  // so the paths they take from import.meta.url (src/web's assets) stay the same.
  output: { file: here('dist/bundle/plenum.mjs'), format: 'esm' },
  logLevel: 'warn',
};
