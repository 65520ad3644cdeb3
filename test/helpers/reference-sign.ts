import { Webhook } from 'standardwebhooks';

/**
 * A `webhook-signature` computed by the reference library of the Standard Webhooks project,
 * not by the product's own formula: a mistake shared by the signer and the verifier cannot
 * pass a test signed with it.
 */
export function referenceSign(secret: string, id: string, timestamp: number | string, body: Buffer): string {
  return new Webhook(secret).sign(id, new Date(Number(timestamp) * 1000), body);
}
