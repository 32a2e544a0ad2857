export { loadConfig } from './config.ts';
export { openDatabase } from './db/database.ts';
export { migrate } from './db/migrate.ts';
export { MopsError } from './errors.ts';
export { createApp } from './http/app.ts';
export { startMops } from './server.ts';
