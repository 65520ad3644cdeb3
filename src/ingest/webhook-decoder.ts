import type { TSchema } from '@sinclair/typebox';
import { type TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import type { KindDefinition } from '../kinds/kind-definition.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import { declaredWebhookSchema } from './declared-schema.js';
import { type DecodeOptions, decodeValidated } from './decode-webhook.js';
import { DeclaredNormaliser } from './normalise-declared.js';
import type { ObjectChange } from './object-change.js';
import { type ObjectWrite, toObjectWrite } from './object-write.js';
import { WEBHOOK_ENDPOINTS } from './webhook-endpoints.js';

/** An endpoint 1C posts to, with what its body must meet and how it becomes a change. */
export interface EndpointCodec {
  name: string;
  path: string;
  kind: KindDefinition;
  schema: TSchema;
  /** The 1C object it carries, for documentation. */
  oneCObject: string;
  check: TypeCheck<TSchema>;
  normalise(body: Record<string, unknown>, options: DecodeOptions): ObjectChange;
}

/**
 * Every endpoint of every kind the service was started with, and the one way a body of any
 * of them becomes a change: the classic modules' three through their own schemas and
 * normalisers (their bytes are a frozen contract), every declared kind through its
 * declaration. Built once at start from the kind registry.
 */
export class WebhookDecoder {
  readonly endpoints: readonly EndpointCodec[];
  private readonly byName = new Map<string, EndpointCodec>();
  private readonly byPath = new Map<string, EndpointCodec>();

  constructor(readonly kinds: KindRegistry) {
    this.endpoints = kinds.list.map((kind) => {
      const classic = WEBHOOK_ENDPOINTS.find((e) => e.kind.kind === kind.kind);
      if (kind.store !== 'objects') {
        if (!classic) throw new Error(`${kind.file}: the store "${kind.store}" is only for the classic kinds`);
        return Object.assign({}, classic, { name: classic.name, kind, check: classic.check, normalise: classic.normalise });
      }
      const schema = declaredWebhookSchema(kind);
      const normaliser = new DeclaredNormaliser(kind);
      return {
        name: kind.endpoint,
        path: kind.webhookPath,
        kind,
        schema,
        oneCObject: `${kind.metaClass}.${kind.oneCName}`,
        check: TypeCompiler.Compile(schema),
        normalise: (body: Record<string, unknown>) => normaliser.normalise(body),
      };
    });
    for (const e of this.endpoints) {
      this.byName.set(e.name, e);
      this.byPath.set(e.path, e);
    }
  }

  endpoint(name: string): EndpointCodec | undefined {
    return this.byName.get(name);
  }

  ofPath(path: string): EndpointCodec | undefined {
    return this.byPath.get(path);
  }

  /** Raw bytes of `endpoint` → the change (throws AppError: INVALID_PAYLOAD, INVALID_JSON, …). */
  decode(endpoint: string, body: Buffer, options: DecodeOptions = {}): ObjectChange {
    const codec = this.byName.get(endpoint);
    if (!codec) throw new Error(`no kind posts to "${endpoint}"`);
    return decodeValidated(codec.check, (value) => codec.normalise(value, options), body);
  }

  /** Raw bytes → what the writer needs. */
  write(endpoint: string, body: Buffer): ObjectWrite {
    const change = this.decode(endpoint, body);
    return toObjectWrite(change, change.objectType === 'object' ? this.kinds.require(change.kind) : undefined);
  }
}

let shipped: WebhookDecoder | undefined;

/**
 * The decoder of the shipped declarations alone, made on first use: for code that runs
 * without a service's configuration (tests of the write path, the bench's generators).
 * A service passes the decoder of its own registry everywhere instead.
 */
export function shippedDecoder(): WebhookDecoder {
  shipped ??= new WebhookDecoder(KindRegistry.load());
  return shipped;
}
