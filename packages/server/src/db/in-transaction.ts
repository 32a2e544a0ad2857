import type pg from 'pg';

/**
 * Runs `work` on one connection inside BEGIN … COMMIT; rolls back and rethrows on any failure. A
 * connection that failed without an SQLSTATE (a broken socket) is destroyed, not handed back.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const tx = await pool.connect();
  let healthy = true;
  try {
    await tx.query('BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    healthy = typeof (error as { code?: unknown }).code === 'string';
    await tx.query('ROLLBACK').catch(() => {
      healthy = false;
    });
    throw error;
  } finally {
    tx.release(healthy ? undefined : true);
  }
}
