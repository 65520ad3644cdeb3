/**
 * The options both ways of emulating a 1C base take (`emulate` and `emulate --runtime`): where
 * the service is, how to authenticate, how much to send. Each command adds its own.
 */
export const SENDER_OPTIONS = {
  url: { type: 'string', default: 'http://localhost:8080' },
  secret: { type: 'string' },
  token: { type: 'string' },
  size: { type: 'string', default: 'day' },
  seed: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;
