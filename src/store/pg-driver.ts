import type pg from 'pg';
import { madeOnce } from '../domain/made-once.js';

/**
 * The PostgreSQL driver, read when a hub first connects to PostgreSQL: a hub on SQLite (the
 * default) never loads it, which keeps its start and memory smaller.
 */
export const pgDriver: () => Promise<typeof pg> = madeOnce(async () => (await import('pg')).default);
