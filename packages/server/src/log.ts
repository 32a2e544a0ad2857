/** One JSON line per log entry on stderr: greppable by humans, parseable by machines. */
export type Logger = (message: string, fields?: Record<string, unknown>) => void;

export function createLogger(name: string, quiet = false): Logger {
  return (message, fields = {}) => {
    if (quiet) return;
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), name, message, ...fields })}\n`);
  };
}

export const silentLogger: Logger = () => {};
