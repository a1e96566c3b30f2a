import pino from 'pino';

const destinations = new Map<string, pino.DestinationStream & { flushSync(): void }>();

/**
 * Where every pino logger of the process writes: standard output, or the file named by LOG_FILE (appended).
 * Asynchronous and buffered: fewer writes rather than a system call per line under load (lines written in
 * one turn of the event loop go out together); flushed when the process exits normally.
 */
export function logDestination(file = process.env.LOG_FILE ?? ''): pino.DestinationStream {
  let destination = destinations.get(file);
  if (!destination) {
    destination = pino.destination({
      dest: file || 1,
      sync: false,
      minLength: 0,
      append: true,
      mkdir: !!file,
    });
    destinations.set(file, destination);
    const d = destination;
    process.once('beforeExit', () => d.flushSync());
  }
  return destination;
}

/** Writes out what is buffered (a test reading the log file). */
export function flushLogs(): void {
  for (const d of destinations.values()) d.flushSync();
}
