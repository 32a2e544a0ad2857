import pg from 'pg';
const c = new pg.Client('postgres://mops:M_D6KyO__Ua8aWfs32jL56In@127.0.0.1:54329/mops'); await c.connect();
await c.query("SELECT pg_stat_reset()");
const r = await c.query("SELECT relname, n_live_tup, n_dead_tup, seq_scan, idx_scan FROM pg_stat_user_tables ORDER BY n_live_tup DESC LIMIT 12");
console.table(r.rows);
const e = await c.query("EXPLAIN ANALYZE SELECT pool_id, rep_id FROM pool_members WHERE pool_id = ANY('{na,follow-the-sun,on-call}'::text[]) ORDER BY pool_id, rep_id");
console.log(e.rows.map(x=>x['QUERY PLAN']).join('\n'));
await c.end();
