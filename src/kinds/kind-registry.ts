import type { KindDefinition } from './kind-definition.js';
import { loadDeclarations } from './load-declarations.js';
import type { RefTarget } from './one-c-type.js';

/**
 * Every kind the service knows, looked up by each name it goes by: the read API's kind, the
 * webhook endpoint, the generated modules' `Вид`, the 1C object a reference points to. Built
 * once at start from the declarations; nothing in the service asks for a kind it was not given.
 */
export class KindRegistry {
  readonly list: readonly KindDefinition[];
  private readonly byKind = new Map<string, KindDefinition>();
  private readonly byEndpoint = new Map<string, KindDefinition>();
  private readonly byBsl = new Map<string, KindDefinition>();
  private readonly byObject = new Map<string, KindDefinition>();

  constructor(kinds: readonly KindDefinition[]) {
    this.list = kinds;
    for (const k of kinds) {
      this.byKind.set(k.kind, k);
      this.byEndpoint.set(k.endpoint, k);
      this.byBsl.set(k.bslKind, k);
      this.byObject.set(`${k.metaClass}.${k.oneCName}`, k);
    }
  }

  /** The shipped declarations plus the customer's folder, checked (throws KindDeclarationError). */
  static load(customerDir?: string): KindRegistry {
    return new KindRegistry(loadDeclarations(customerDir));
  }

  get(kind: string): KindDefinition | undefined {
    return this.byKind.get(kind);
  }

  /** A kind that must exist: the caller got the name from this registry. */
  require(kind: string): KindDefinition {
    const k = this.byKind.get(kind);
    if (!k) throw new Error(`unknown kind "${kind}"`);
    return k;
  }

  ofEndpoint(endpoint: string): KindDefinition | undefined {
    return this.byEndpoint.get(endpoint);
  }

  ofBsl(bslKind: string): KindDefinition | undefined {
    return this.byBsl.get(bslKind);
  }

  /** The declared kind a reference attribute points to, when that object is declared too. */
  ofTarget(target: RefTarget): KindDefinition | undefined {
    return this.byObject.get(`${target.class}.${target.name}`);
  }

  /** Kinds kept in the declared-object store (everything but the classic modules' three). */
  get declared(): KindDefinition[] {
    return this.list.filter((k) => k.store === 'objects');
  }
}
