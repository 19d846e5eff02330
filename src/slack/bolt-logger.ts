import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const TO_PINO: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt's logger interface on top of Arcadia's pino logger, so Bolt's messages get the same redaction. */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  const text = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  // Bolt logs every request at debug with its payload: format only what will be written.
  const at =
    (pinoLevel: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      if (child.isLevelEnabled(pinoLevel)) child[pinoLevel](text(args));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel(next) {
      level = next;
      child.level = TO_PINO[next];
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
