import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/logger.js";

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose records the test can read back. */
export function recordingLogger(): { logger: Logger; records: LogRecord[]; warnings: () => LogRecord[] } {
  const records: LogRecord[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) records.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  return { logger: createLogger("debug", { destination: sink }), records, warnings: () => records.filter((record) => record.level === 40) };
}
