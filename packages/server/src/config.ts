import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives at packages/server/src/config.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Config {
  port: number;
  host: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  /** False when MOPS_DATA_DIR is unset: mops may then pick a place PostgreSQL can reach (see embedded-postgres). */
  dataDirExplicit: boolean;
  apiKey: string | undefined;
  playbookPath: string;
  trustProxy: boolean;
  /** Start the job worker inside the server process. */
  worker: boolean;
  /** Database connections the server keeps open. */
  poolSize: number;
  /** Most leads the pipeline handles together in one batch (1 = every lead on its own). */
  pipelineBatch: number;
  /** Batches the pipeline runs at the same time. */
  pipelineParallel: number;
  /** Tracking transactions running at the same time; batches arriving meanwhile are grouped. */
  trackingParallel: number;
  /** Where uploaded import files wait for their job (every worker must be able to read it). */
  uploadDir: string;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  /** How often new people are checked for duplicates (0 = never; `mops dedupe --db` still works). */
  dedupeSweepSeconds: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: parsePort(env.PORT, 4100),
    host: env.HOST || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.MOPS_DATA_DIR || path.join(REPO_ROOT, '.mops')),
    dataDirExplicit: Boolean(env.MOPS_DATA_DIR),
    apiKey: env.MOPS_API_KEY || undefined,
    playbookPath: path.resolve(env.MOPS_PLAYBOOK || path.join(REPO_ROOT, 'examples/playbook.yaml')),
    trustProxy: env.MOPS_TRUST_PROXY === '1' || env.MOPS_TRUST_PROXY === 'true',
    worker: env.MOPS_WORKER !== '0' && env.MOPS_WORKER !== 'false',
    // Few connections beat many on small machines: measured on 2 cores, 12 outran 20 (less contention).
    poolSize: parsePositive('MOPS_DB_POOL_SIZE', env.MOPS_DB_POOL_SIZE, 12),
    pipelineBatch: parsePositive('MOPS_PIPELINE_BATCH', env.MOPS_PIPELINE_BATCH, 32),
    // Measured on 2 cores: a few batches in flight keep both the database and Node busy.
    pipelineParallel: parsePositive('MOPS_PIPELINE_PARALLEL', env.MOPS_PIPELINE_PARALLEL, 3),
    trackingParallel: parsePositive('MOPS_TRACKING_PARALLEL', env.MOPS_TRACKING_PARALLEL, 3),
    uploadDir: path.resolve(
      env.MOPS_UPLOAD_DIR || path.join(env.MOPS_DATA_DIR || path.join(REPO_ROOT, '.mops'), 'uploads'),
    ),
    maxUploadBytes: parsePositive('MOPS_MAX_UPLOAD_MB', env.MOPS_MAX_UPLOAD_MB, 512) * 1024 * 1024,
    dedupeSweepSeconds:
      env.MOPS_DEDUPE_SWEEP_SECONDS === '0'
        ? 0
        : parsePositive('MOPS_DEDUPE_SWEEP_SECONDS', env.MOPS_DEDUPE_SWEEP_SECONDS, 30),
  };
}

function parsePositive(name: string, text: string | undefined, fallback: number): number {
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 1000) {
    throw new ConfigError(`${name} must be a whole number from 1 to 1000, got "${text}"`);
  }
  return value;
}

function parsePort(text: string | undefined, fallback: number): number {
  if (!text) return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a number between 0 and 65535, got "${text}"`);
  }
  return port;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
