import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A static file as served: its bytes, type and a name-independent version of its content. */
export interface AssetFile {
  name: string;
  body: Buffer;
  type: string;
  /** Short hash of the bytes: pages link `?v=<version>`, which may be cached for good. */
  version: string;
}

/** Static files live in src/web as they are (they need no build), read once at start. */
const FILES: Record<string, { file: string; type: string }> = {
  'plenum.css': { file: './plenum.css', type: 'text/css; charset=utf-8' },
  'local-time.js': { file: './client/local-time.js', type: 'text/javascript; charset=utf-8' },
  'live.js': { file: './client/live.js', type: 'text/javascript; charset=utf-8' },
  'inbox.js': { file: './client/inbox.js', type: 'text/javascript; charset=utf-8' },
  'drag.js': { file: './client/drag.js', type: 'text/javascript; charset=utf-8' },
  'board-drag.js': { file: './client/board-drag.js', type: 'text/javascript; charset=utf-8' },
  'agenda-drag.js': { file: './client/agenda-drag.js', type: 'text/javascript; charset=utf-8' },
  'mentions.js': { file: './client/mentions.js', type: 'text/javascript; charset=utf-8' },
  'idea-picker.js': { file: './client/idea-picker.js', type: 'text/javascript; charset=utf-8' },
  'favicon.svg': { file: './favicon.svg', type: 'image/svg+xml' },
};

/** From src/web or, compiled, from dist/web: either way the files are read in src/web. */
const SOURCE_DIR = new URL('../../src/web/', import.meta.url);

function load(): Map<string, AssetFile> {
  const files = new Map<string, AssetFile>();
  for (const [name, { file, type }] of Object.entries(FILES)) {
    const body = readFileSync(new URL(file, SOURCE_DIR));
    const version = createHash('sha256').update(body).digest('base64url').slice(0, 12);
    files.set(name, { name, body, type, version });
  }
  return files;
}

export const ASSET_FILES: ReadonlyMap<string, AssetFile> = load();

/** The path of an asset with its version, so a changed file is fetched anew and an unchanged one never. */
export function assetPath(name: string): string {
  const file = ASSET_FILES.get(name);
  return file ? `/assets/${name}?v=${file.version}` : `/assets/${name}`;
}
