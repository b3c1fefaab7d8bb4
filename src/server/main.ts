/**
 * Entry point of the server: configuration, database, migrations, demo data on first start, HTTP,
 * and a graceful close that lets requests in flight finish before the database is closed.
 */
import { runServe } from './serve.js';

runServe().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
