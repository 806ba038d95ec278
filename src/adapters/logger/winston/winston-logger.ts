import winston from 'winston';
import type { LogFields, Logger } from '../../../application/shared/ports/logger.port';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * One JSON object per line on stderr (journald keeps it, jq reads it).
 * stdout stays free for command output such as a freshly issued token.
 */
export class WinstonLogger implements Logger {
  private readonly logger: winston.Logger;

  constructor(level: LogLevel, stream: NodeJS.WritableStream = process.stderr) {
    this.logger = winston.createLogger({
      level,
      format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
      transports: [new winston.transports.Stream({ stream })],
    });
  }

  debug(message: string, fields: LogFields = {}): void {
    this.logger.debug(message, fields);
  }
  info(message: string, fields: LogFields = {}): void {
    this.logger.info(message, fields);
  }
  warn(message: string, fields: LogFields = {}): void {
    this.logger.warn(message, fields);
  }
  error(message: string, fields: LogFields = {}): void {
    this.logger.error(message, fields);
  }

  /** Resolves once everything logged so far is written (before the process exits). */
  flush(): Promise<void> {
    return new Promise((resolve) => {
      this.logger.on('finish', () => resolve());
      this.logger.end();
    });
  }
}
