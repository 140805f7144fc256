import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Files that hold password hashes, sessions and tokens are for the server's user alone, whatever
 * the umask: 0600 for files, 0700 for a directory Plenum creates (one an operator made keeps its
 * mode, as does an existing database file).
 */

/**
 * Makes the SQLite file's directory and an empty file for it, private, before SQLite opens it:
 * SQLite gives its -wal and -shm files the mode of the database file.
 */
export function preparePrivateDatabaseFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
}

/** Writes a file only its owner may read, also when it replaces an existing one. */
export async function writePrivateFile(path: string, data: string): Promise<void> {
  await writeFile(path, data, { mode: 0o600 });
  await chmod(path, 0o600);
}
