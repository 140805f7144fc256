import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import type SQLite from 'better-sqlite3';

/** The wal-index header, stored twice at the start of the `-shm` file (https://www.sqlite.org/walformat.html). */
const HEADER_BYTES = 48;
const WAL_INDEX_VERSION = 3007000;
const IS_INIT_OFFSET = 12;

/**
 * A value that moves whenever a commit may have happened on a SQLite file since it was last
 * taken, by this connection or any other of any process; null once the connection is closed.
 *
 * In WAL mode a commit becomes visible by rewriting the wal-index header at the start of the
 * `-shm` file (its transaction counter, last frame, salts and checksums), which is where every
 * reader looks for new commits; one read of those bytes says whether any came. That costs one
 * small read, where asking SQLite (`data_version`) starts a read transaction, several times the
 * work on every request. The header is written as two copies, the second first: a look that
 * finds them different caught a commit half-way, and then SQLite is asked. So is it when there
 * is no header to read (a file not in WAL mode, `:memory:`). `total_changes()` (no read
 * transaction) is part of the mark in either case, so this connection's own writes move it even
 * if the header were kept elsewhere (exclusive locking mode keeps it in private memory).
 */
export function sqliteWriteMark(sqlite: SQLite.Database, file: string, now = () => performance.now()) {
  const ownChanges = sqlite.prepare('select total_changes()').pluck();
  const asked = sqlite.prepare('select data_version from pragma_data_version').pluck();
  const header = walIndexHeader(file);
  let others: { seen: string; at: number } | null = null;
  return {
    /**
     * `othersWithinMs` > 0 lets a look at other processes' commits (a system call, several
     * microseconds) stand for that long; this connection's own commits always count at once.
     */
    mark(othersWithinMs = 0): string | null {
      try {
        const own = ownChanges.get() as number;
        const at = now();
        if (others === null || othersWithinMs <= 0 || at - others.at >= othersWithinMs) {
          const generation = header.generation();
          others = { seen: generation === null ? `v${asked.get() as number}` : `h${generation}`, at };
        }
        return `${own}:${others.seen}`;
      } catch {
        // A closed connection: not knowing means reading again.
        return null;
      }
    },
    close: () => header.close(),
  };
}

/** Counts the changes of the wal-index header seen so far; null when it cannot be read whole. */
function walIndexHeader(file: string) {
  const bytes = Buffer.alloc(2 * HEADER_BYTES);
  const last = Buffer.alloc(HEADER_BYTES);
  const littleEndian = endianness() === 'LE';
  let fd: number | null = null;
  let generation = 0;
  return {
    generation(): number | null {
      // Opened on first use: the file appears once a connection has used the database in WAL mode.
      if (fd === null) {
        if (file === ':memory:' || file === '') return null;
        try {
          fd = openSync(`${file}-shm`, 'r');
        } catch {
          return null;
        }
      }
      let read: number;
      try {
        read = readSync(fd, bytes, 0, bytes.length, 0);
      } catch {
        closeSync(fd);
        fd = null;
        return null;
      }
      const version = littleEndian ? bytes.readUInt32LE(0) : bytes.readUInt32BE(0);
      const whole =
        read === bytes.length &&
        version === WAL_INDEX_VERSION &&
        bytes[IS_INIT_OFFSET] === 1 &&
        bytes.compare(bytes, 0, HEADER_BYTES, HEADER_BYTES, 2 * HEADER_BYTES) === 0;
      if (!whole) return null;
      if (bytes.compare(last, 0, HEADER_BYTES, 0, HEADER_BYTES) !== 0) {
        bytes.copy(last, 0, 0, HEADER_BYTES);
        generation++;
      }
      return generation;
    },
    close(): void {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
