// The parts of smtp-server (a dev dependency without bundled types) the notification tests use.
declare module 'smtp-server' {
  import type { Server } from 'node:net';
  import type { Readable } from 'node:stream';

  export interface SMTPAddress {
    address: string;
  }
  export interface SMTPSession {
    envelope: { mailFrom: SMTPAddress | false; rcptTo: SMTPAddress[] };
  }
  export interface SMTPServerOptions {
    authOptional?: boolean;
    disabledCommands?: string[];
    logger?: boolean;
    onRcptTo?(address: SMTPAddress, session: SMTPSession, callback: (err?: (Error & { responseCode?: number }) | null) => void): void;
    onData?(stream: Readable, session: SMTPSession, callback: (err?: Error | null) => void): void;
  }
  export class SMTPServer {
    constructor(options?: SMTPServerOptions);
    server: Server;
    listen(port: number, host: string, callback?: () => void): Server;
    close(callback?: () => void): void;
    on(event: 'error', listener: (err: Error) => void): this;
  }
}
