/** The log mail-in writes to: the server's pino logger (fields first, then the message). */
export interface MailInLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}
