/**
 * What a bench server target (bench/server-target.ts) tells the bench (bench/server.ts): kept
 * apart so the bench can import it without starting a target.
 */
import type { SeededSession } from './seed.js';

export interface TargetInfo {
  url: string;
  /** A session to read: its ID and client secret. */
  session?: { id: string; secret: string };
}

/** The indexes the sandbox's migration 0006 added for these reads and confirms: dropped to show the plans and times before it. */
export const NEW_INDEXES = ['letters_session'];

/** One query a request ran, and how it reaches each table now and without NEW_INDEXES. */
export interface PlannedQuery {
  store: string;
  query: string;
  access: string;
  before: string;
  plan: string[];
}

export interface GrowPlan {
  dialect: 'sqlite' | 'postgres';
  /** Sessions seeded before the measuring starts (each confirm round then seeds and pays its own). */
  sessions: number;
  seedSeconds: number;
  /** Rows per table after seeding. */
  rows: Record<string, number>;
  kinds: { kind: string; weight: number; rows: number }[];
  /** Sessions to read, a sample across every kind. */
  reads: SeededSession[];
  plans: { read: PlannedQuery[]; confirm: PlannedQuery[] };
}
